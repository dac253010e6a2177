package org.memspice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.memspice.device.DeviceCard;
import org.memspice.device.DeviceTrace;
import org.memspice.device.DeviceTransient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memspice device demo}: every shipped device card under its demonstration drive. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Simulate every device card in the devices folder under its demonstration drive, "
                + "write out/<card>-iv.png (pinched I-V loop and state) and out/<card>.csv (t,v,i,x), "
                + "and print a summary table."},
        footer = {"", "Example:", "  memspice device demo --out out"})
public final class DeviceDemoCommand implements Callable<Integer> {

    @Option(names = "--devices", paramLabel = "DIR", defaultValue = "devices", description = "Card folder (default ${DEFAULT-VALUE}).")
    Path devices;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--points", paramLabel = "N", defaultValue = "1001", description = "Output points per card (default ${DEFAULT-VALUE}).")
    String points;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() {
        int points = (int) OptionValues.count("--points", this.points, 2, DeviceTransient.MAX_POINTS);
        OutputPaths.folder(out, "--out");
        List<DeviceCard> cards = DeviceCard.loadAll(devices, "--devices");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DeviceCard c : cards) {
            System.err.println("run: " + c.name() + " (" + c.model() + ", window " + c.window() + ") under " + c.driveText());
            long t0 = System.nanoTime();
            DeviceTrace trace = new DeviceTransient(c, c.driveWaveform(), c.rseries()).run(c.tstop(), points);
            double seconds = (System.nanoTime() - t0) * 1e-9;
            OutputPaths.createFolder(out, "--out");
            Path csv = out.resolve(c.name() + ".csv");
            Path png = out.resolve(c.name() + "-iv.png");
            DeviceSimCommand.writeCsv(csv, trace);
            DeviceSimCommand.writePlot(png, c, trace);
            Map<String, Object> row = DeviceSimCommand.summary(c, c.driveText(), c.tstop(), c.rseries(), trace);
            row.put("seconds", seconds);
            row.put("csv", csv.toString());
            row.put("plot", png.toString());
            rows.add(row);
        }
        if (json) {
            JsonOutput.print(Map.of("devices", rows));
            return 0;
        }
        System.out.printf(Locale.ROOT, "%-15s %-6s %-12s %-15s %9s %11s %11s %9s %11s %11s %6s %7s%n", "card", "model",
                "window", "drive", "tstop(s)", "x0", "x_final", "R_final", "peak_i(A)", "lobe1(VA)", "steps", "ms");
        for (Map<String, Object> r : rows) {
            double[] lobes = (double[]) r.get("lobe_areas");
            Object rf = r.get("final_resistance");
            System.out.printf(Locale.ROOT, "%-15s %-6s %-12s %-15s %9.3g %11.5g %11.5g %9s %11.5g %11s %6d %7.2f%n",
                    r.get("card"), r.get("model"), r.get("window"), r.get("drive"), (double) r.get("tstop"),
                    (double) r.get("initial_state"), (double) r.get("final_state"),
                    rf == null ? "-" : String.format(Locale.ROOT, "%.5g", (double) rf),
                    (double) r.get("peak_current"), lobes.length == 0 ? "-" : String.format(Locale.ROOT, "%.4g", lobes[0]),
                    (int) r.get("steps"), 1e3 * (double) r.get("seconds"));
        }
        System.out.println("plots and CSV files in " + out + "/");
        return 0;
    }
}
