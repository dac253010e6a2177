package org.memspice.spice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs ngspice -b ({@link NgspiceProcess}) on a netlist with one analysis command in a control block and reads
 * its ASCII raw file ({@link RawFile}): vector name -> values. A missing ngspice fails the test (it does not skip).
 */
final class Ngspice {
    private Ngspice() {}

    static Map<String, double[]> run(String netlistWithoutEnd, String analysis, Path dir) throws IOException {
        String text = netlistWithoutEnd.replaceAll("(?m)^\\.end\\s*$", "")
                + ".control\nset filetype=ascii\n" + analysis + "\nwrite out.raw\n.endc\n.end\n";
        Files.writeString(dir.resolve("deck.cir"), text);
        new NgspiceProcess().run(dir, "deck.cir", "out.raw");
        RawFile.Plot plot = RawFile.read(dir.resolve("out.raw")).first();
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String name : plot.vectorNames()) out.put(name, plot.vector(name));
        return out;
    }

    /** Linear interpolation of (ts, ys) at t. */
    static double interpolate(double[] ts, double[] ys, double t) {
        int k = 1;
        while (k < ts.length - 1 && ts[k] < t) k++;
        double w = (t - ts[k - 1]) / (ts[k] - ts[k - 1]);
        return ys[k - 1] + w * (ys[k] - ys[k - 1]);
    }
}
