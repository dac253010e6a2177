package org.memspice.spice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.memspice.SimulationException;
import org.memspice.device.DeviceCard;
import org.memspice.signal.Waveform;

/**
 * Runs one device card in ngspice ({@code ngspice -b}) through {@link MemristorSubcircuit#testbench} and reads
 * the result back on the uniform grid: t, v across the device, i through it, x in the model's own variable.
 * A missing ngspice is an error (a cross-check that cannot run must not pass).
 */
public final class DeviceNgspiceRun {
    /** Time, device voltage, current, state (model units), and the whole-process wall time of ngspice. */
    public record Result(double[] t, double[] v, double[] i, double[] x, double seconds) {}

    private DeviceNgspiceRun() {}

    /** The ngspice executable: $NGSPICE if set, else ngspice on PATH. */
    public static String executable() {
        String env = System.getenv("NGSPICE");
        return env == null || env.isBlank() ? "ngspice" : env;
    }

    /** Runs the card under the drive with TMAX = tstop/steps and the given RELTOL. */
    public static Result run(DeviceCard card, Waveform drive, double tstop, double rseries, int points, int steps,
                             double reltol) {
        return run(card, card, drive, tstop, rseries, points, steps, reltol);
    }

    /** As {@link #run(DeviceCard, Waveform, double, double, int, int, double)}, the subcircuit defined from another card. */
    public static Result run(DeviceCard definition, DeviceCard card, Waveform drive, double tstop, double rseries,
                             int points, int steps, double reltol) {
        Path dir;
        try {
            dir = Files.createTempDirectory("memspice-ngspice");
        } catch (IOException e) {
            throw new SimulationException("cannot create a temporary folder for ngspice: " + e.getMessage());
        }
        try {
            Path data = dir.resolve("out.dat");
            Path deck = dir.resolve("deck.cir");
            Files.writeString(deck, MemristorSubcircuit.testbench(definition, card, drive, tstop, rseries, points,
                    data.toString(), steps, reltol));
            ProcessBuilder pb = new ProcessBuilder(executable(), "-b", deck.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
            long t0 = System.nanoTime();
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new SimulationException("ngspice is not installed or not on PATH (" + e.getMessage()
                        + "); install it with: sudo apt-get install -y ngspice");
            }
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SimulationException("ngspice did not finish within 600 s on " + deck);
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            if (!Files.exists(data)) {
                throw new SimulationException("ngspice wrote no data for card " + card.name() + "; its log:\n"
                        + Files.readString(dir.resolve("log.txt")));
            }
            List<double[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(data)) {
                String s = line.trim();
                if (s.isEmpty() || Character.isLetter(s.charAt(0))) continue;
                String[] f = s.split("\\s+");
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3])});
            }
            int n = rows.size();
            double[] t = new double[n], v = new double[n], i = new double[n], x = new double[n];
            for (int k = 0; k < n; k++) {
                double[] r = rows.get(k);
                t[k] = r[0];
                v[k] = r[1];
                i[k] = r[2];
                x[k] = r[3];
            }
            return new Result(t, v, i, x, seconds);
        } catch (IOException e) {
            throw new SimulationException("ngspice run failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulationException("interrupted while waiting for ngspice");
        } finally {
            deleteQuietly(dir);
        }
    }

    /** RMS of (a - b) divided by scale. */
    public static double normalisedRms(double[] a, double[] b, double scale) {
        if (a.length != b.length) throw new IllegalArgumentException("grids differ: " + a.length + " vs " + b.length);
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            s += d * d;
        }
        return Math.sqrt(s / a.length) / scale;
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
