package org.memspice.spice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.memspice.SimulationException;
import org.memspice.device.DeviceCard;
import org.memspice.signal.Waveform;

/**
 * Runs one device card in ngspice ({@code ngspice -b}, through {@link NgspiceProcess}) with the testbench of
 * {@link MemristorSubcircuit#testbenchWritingRaw} and reads the result back from its binary raw file
 * ({@link RawFile}) on the uniform grid: t, v across the device, i through it, x in the model's own variable.
 * A missing ngspice is an error (a cross-check that cannot run must not pass).
 */
public final class DeviceNgspiceRun {
    /** Time one run may take: the finest TMAX of {@code bench device} needs a few seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(600);
    private static final String DECK = "deck.cir";
    private static final String RAW = "out.raw";

    /** Time, device voltage, current, state (model units), and the whole-process wall time of ngspice. */
    public record Result(double[] t, double[] v, double[] i, double[] x, double seconds) {}

    private DeviceNgspiceRun() {}

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
            Files.writeString(dir.resolve(DECK), MemristorSubcircuit.testbenchWritingRaw(definition, card, drive, tstop,
                    rseries, points, RAW, steps, reltol));
            NgspiceProcess.Run run = new NgspiceProcess(TIMEOUT).timed(dir, DECK, RAW);
            RawFile.Plot plot = RawFile.read(dir.resolve(RAW)).first();
            if (plot.points() != points) {
                throw new SimulationException("ngspice wrote " + plot.points() + " points for card " + card.name()
                        + ", expected " + points + " (deck " + dir.resolve(DECK) + ")");
            }
            // ngspice names a let vector after the type of its expression: idev, i(idev) or v(idev)
            return new Result(plot.scale(), plot.voltage("a"), plot.anyOf("idev", "i(idev)", "v(idev)"),
                    plot.anyOf("xdev", "v(xdev)", "i(xdev)"), run.seconds());
        } catch (IOException e) {
            throw new SimulationException("ngspice run of card " + card.name() + " failed: " + e.getMessage());
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
