package org.memspice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.memspice.InputException;
import org.memspice.SimulationException;
import org.memspice.device.DeviceCard;
import org.memspice.device.DeviceTrace;
import org.memspice.device.DeviceTransient;
import org.memspice.spice.DeviceNgspiceRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memspice bench device}: per card, the demonstration drive run as a separate memspice process and as an
 * ngspice process, whole-process wall times and accuracy against a tight-tolerance reference. ngspice's TMAX
 * is refined from T/1000 (gear-2 error ~ TMAX^2) until its error is no worse than memspice's ("matching accuracy").
 */
@Command(name = "device",
        mixinStandardHelpOptions = true,
        description = {"Time one device under its card's demonstration drive: memspice (a separate JVM process running "
                + "device sim) against ngspice-39 running the exported subcircuit (whole-process wall times). "
                + "Accuracy of both is measured against memspice at rtol 1e-10 on the same grid; ngspice's TMAX is "
                + "refined from T/1000 (error ~ TMAX^2, up to T/1e5) until its error is no worse than memspice's."},
        footer = {"", "Example:", "  memspice bench device --card devices/hp-joglekar.json --repeat 3"})
public final class BenchDeviceCommand implements Callable<Integer> {

    @Option(names = "--devices", paramLabel = "DIR", defaultValue = "devices", description = "Card folder (default ${DEFAULT-VALUE}).")
    Path devices;

    @Option(names = "--card", paramLabel = "FILE", description = "Bench only this card (repeatable).")
    List<Path> cards = new ArrayList<>();

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3", description = "Runs per timing; the minimum is kept (default ${DEFAULT-VALUE}).")
    String repeatText;

    @Option(names = "--points", paramLabel = "N", defaultValue = "1001", description = "Shared output grid (default ${DEFAULT-VALUE}).")
    String pointsText;

    /** The most runs per timing (each one a JVM or an ngspice process). */
    static final int MAX_REPEAT = 1000;

    /** The most times a card's demonstration time may be repeated. */
    static final int MAX_REPEAT_DRIVE = 10_000;

    int repeat;
    int points;

    @Option(names = "--repeat-drive", paramLabel = "N", defaultValue = "1",
            description = "Run N times the card's demonstration time (tstop x N, grid and ngspice TMAX scaled alike; "
                    + "default ${DEFAULT-VALUE}).")
    String periodsText;

    int periods;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        repeat = (int) OptionValues.count("--repeat", repeatText, 1, MAX_REPEAT);
        points = (int) OptionValues.count("--points", pointsText, 2, DeviceTransient.MAX_POINTS);
        periods = (int) OptionValues.count("--repeat-drive", periodsText, 1, MAX_REPEAT_DRIVE);
        long grid = (long) (points - 1) * periods + 1;
        if (grid > DeviceTransient.MAX_POINTS) {
            throw new InputException("--points " + pointsText + " with --repeat-drive " + periodsText + ": a grid of " + grid
                    + " points; expected at most " + DeviceTransient.MAX_POINTS + " ((points - 1) x repeat-drive + 1)");
        }
        List<DeviceCard> list = new ArrayList<>();
        if (cards.isEmpty()) list.addAll(DeviceCard.loadAll(devices, "--devices"));
        else for (Path p : cards) list.add(DeviceCard.load(p));
        Path work = Files.createTempDirectory("memspice-bench");
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            for (DeviceCard c : list) {
                System.err.println("bench device: " + c.name());
                rows.add(bench(c, work));
            }
        } finally {
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (json) {
            JsonOutput.print(Map.of("bench", "device", "rows", rows));
            return 0;
        }
        System.out.printf(Locale.ROOT, "%-15s %-15s %9s %9s %9s | %9s %9s %10s | %8s %9s %9s %7s%n", "card", "drive",
                "ms_wall_s", "ms_calc_s", "ms_err", "ng1k_s", "ng1k_err", "ng_steps", "ng_s", "ng_err", "ratio", "calc_x");
        for (Map<String, Object> r : rows) {
            System.out.printf(Locale.ROOT, "%-15s %-15s %9.3f %9.4f %9.2e | %9.3f %9.2e %10s | %8.3f %9.2e %9.2f %7.0f%n",
                    r.get("card"), r.get("drive"), (double) r.get("memspice_wall_s"), (double) r.get("memspice_compute_s"),
                    (double) r.get("memspice_error"), (double) r.get("ngspice_default_wall_s"),
                    (double) r.get("ngspice_default_error"), "T/" + r.get("ngspice_matching_steps") + ((boolean) r.get("ngspice_matched") ? "" : "!"),
                    (double) r.get("ngspice_matching_wall_s"), (double) r.get("ngspice_matching_error"),
                    (double) r.get("ratio_wall"), (double) r.get("ratio_compute"));
        }
        System.out.println("ms = memspice (separate JVM process running device sim), ng = ngspice-39 -b; times are whole-process"
                + " wall seconds (minimum of " + repeat + "), ms_calc the in-process integration time;");
        System.out.println("each card runs its demonstration drive for " + periods + " x its tstop on " + ((points - 1) * periods + 1) + " points;");
        System.out.println("errors: max of normalised RMS of i (by peak |i|) and x (by state range) against memspice at rtol 1e-10;"
                + " ng1k: TMAX = T/1000 per demonstration time;");
        System.out.println("ng: the first TMAX (T/steps) whose error <= ms_err (marked ! when even T/1e5 per demonstration time is less accurate);");
        System.out.println("ratio = ng_s / ms_wall_s (> 1: memspice faster), calc_x = ng_s / ms_calc_s.");
        return 0;
    }

    private Map<String, Object> bench(DeviceCard c, Path work) throws IOException {
        double tstop = c.tstop() * periods;
        int grid = (points - 1) * periods + 1;
        DeviceTrace ref = new DeviceTransient(c, c.driveWaveform(), c.rseries()).tolerances(1e-10, 1e-13)
                .run(tstop, grid);
        var model = c.toModel();
        double range = model.xMax() - model.xMin();
        // memspice as its own process, as a user runs it
        Path csv = work.resolve(c.name() + ".csv");
        double msWall = Double.POSITIVE_INFINITY;
        double msCalc = Double.POSITIVE_INFINITY;
        for (int k = 0; k < repeat; k++) {
            double[] t = runMemspice(c, csv, tstop, grid);
            msWall = Math.min(msWall, t[0]);
        }
        double[][] ms = readCsv(csv);
        double msErr = error(ref, ms[2], ms[3], range);
        for (int k = 0; k < Math.max(repeat, 5); k++) {
            long t0 = System.nanoTime();
            new DeviceTransient(c.toModel(), c.driveWaveform(), c.rseries()).run(tstop, grid);
            msCalc = Math.min(msCalc, (System.nanoTime() - t0) * 1e-9);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("card", c.name());
        row.put("drive", c.driveText());
        row.put("tstop", tstop);
        row.put("points", grid);
        row.put("memspice_wall_s", msWall);
        row.put("memspice_compute_s", msCalc);
        row.put("memspice_error", msErr);
        int steps = 1000 * periods;
        double ngWall = 0, ngErr = 0;
        while (true) {
            ngWall = Double.POSITIVE_INFINITY;
            DeviceNgspiceRun.Result ng = null;
            for (int k = 0; k < repeat; k++) {
                ng = DeviceNgspiceRun.run(c, c.driveWaveform(), tstop, c.rseries(), grid, steps, 1e-6);
                ngWall = Math.min(ngWall, ng.seconds());
            }
            ngErr = error(ref, ng.i(), ng.x(), range);
            if (steps == 1000 * periods) {
                row.put("ngspice_default_wall_s", ngWall);
                row.put("ngspice_default_error", ngErr);
            }
            if (ngErr <= msErr || steps >= 100000 * periods) break;
            // gear-2: error ~ TMAX^2, so aim just below memspice's error, at least 1.5x more steps per retry
            double factor = Math.max(1.5, 1.15 * Math.sqrt(ngErr / msErr));
            steps = (int) Math.min(100000L * periods, Math.ceil(steps * factor));
        }
        row.put("ngspice_matching_steps", steps);
        row.put("ngspice_matching_wall_s", ngWall);
        row.put("ngspice_matching_error", ngErr);
        row.put("ngspice_matched", ngErr <= msErr);
        row.put("ratio_wall", ngWall / msWall);
        row.put("ratio_compute", ngWall / msCalc);
        return row;
    }

    private static double error(DeviceTrace ref, double[] i, double[] x, double range) {
        return Math.max(DeviceNgspiceRun.normalisedRms(i, ref.i(), ref.peakCurrent()),
                DeviceNgspiceRun.normalisedRms(x, ref.x(), range));
    }

    /** Runs {@code device sim} in a fresh JVM; returns {wall seconds}. */
    private double[] runMemspice(DeviceCard c, Path csv, double tstop, int grid) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "device", "sim",
                "--card", c.file(), "--tstop", Double.toString(tstop), "--points", Integer.toString(grid),
                "--csv", csv.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SimulationException("memspice device sim did not finish within 600 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulationException("interrupted");
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        if (p.exitValue() != 0) throw new SimulationException("memspice device sim exited with " + p.exitValue() + " on " + c.file());
        return new double[] {wall};
    }

    private static double[][] readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int n = lines.size() - 1;
        double[][] out = new double[4][n];
        for (int k = 0; k < n; k++) {
            String[] f = lines.get(k + 1).split(",");
            for (int j = 0; j < 4; j++) out[j][k] = Double.parseDouble(f[j]);
        }
        return out;
    }
}
