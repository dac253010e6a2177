package org.memspice.spice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs ngspice -b on a netlist with one analysis command in a control block and reads its ASCII raw file:
 * vector name -> values. A missing ngspice fails the test (it does not skip).
 */
final class Ngspice {
    private Ngspice() {}

    static Map<String, double[]> run(String netlistWithoutEnd, String analysis, Path dir) throws IOException, InterruptedException {
        Path raw = dir.resolve("out.raw");
        Path deck = dir.resolve("deck.cir");
        String text = netlistWithoutEnd.replaceAll("(?m)^\\.end\\s*$", "")
                + ".control\nset filetype=ascii\n" + analysis + "\nwrite " + raw + "\n.endc\n.end\n";
        Files.writeString(deck, text);
        ProcessBuilder pb = new ProcessBuilder("ngspice", "-b", deck.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("ngspice.log").toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail("ngspice is required for this test and could not be started: " + e.getMessage());
            return null;
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ngspice timed out");
        String log = Files.readString(dir.resolve("ngspice.log"));
        // ngspice -b exits 1 when the deck has only a control block ("no simulations run"), so the raw
        // file and the absence of errors in the log are the test of success
        assertTrue(!log.toLowerCase().contains("error"), "ngspice reported an error:\n" + log);
        assertTrue(Files.exists(raw), "ngspice wrote no raw file:\n" + log);
        return parseRaw(Files.readAllLines(raw, StandardCharsets.UTF_8));
    }

    static Map<String, double[]> parseRaw(List<String> lines) {
        int nv = 0, np = 0, i = 0;
        List<String> names = new ArrayList<>();
        for (; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("No. Variables:")) nv = Integer.parseInt(l.substring(14).trim());
            if (l.startsWith("No. Points:")) np = Integer.parseInt(l.substring(11).trim());
            if (l.startsWith("Variables:")) {
                for (int k = 0; k < nv; k++) names.add(lines.get(i + 1 + k).trim().split("\\s+")[1]);
                i += nv;
            }
            if (l.startsWith("Values:")) break;
        }
        double[][] v = new double[nv][np];
        List<String> tokens = new ArrayList<>();
        for (i = i + 1; i < lines.size(); i++) {
            for (String t : lines.get(i).trim().split("\\s+")) if (!t.isEmpty()) tokens.add(t);
        }
        int t = 0;
        for (int p = 0; p < np; p++) {
            t++; // point index
            for (int k = 0; k < nv; k++) v[k][p] = Double.parseDouble(tokens.get(t++));
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int k = 0; k < nv; k++) out.put(names.get(k), v[k]);
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
