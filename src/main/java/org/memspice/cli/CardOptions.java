package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.compile.CompileCard;
import org.memspice.compile.CompileCardReader;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarSpecReader;
import org.memspice.device.DeviceCard;
import org.memspice.device.MemristorModel;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options that say what to compile onto: the compile card and its command-line overrides, and the worker threads.
 * {@link CompileOptions} adds the model; a command with a default model declares its own {@code --model}.
 */
class CardOptions {
    /** The compile card shipped in circuits/. */
    static final Path DEFAULT_CARD = Path.of("circuits", "compile-rram-128.json");

    @Option(names = "--card", paramLabel = "FILE", description = "Compile card (default circuits/compile-rram-128.json).")
    Path card;

    @Option(names = "--tile", paramLabel = "RxC", description = "Largest array: rows x physical columns (overrides the card, e.g. 64x64).")
    String tile;

    @Option(names = "--wire-r", paramLabel = "OHM", description = "Word-line and bit-line segment resistance, ohm (overrides the card; 0 for ideal wires and drivers).")
    String wireR;

    @Option(names = "--device", paramLabel = "FILE", description = "Device card (devices/*.json): gOn and gOff from its resistance at the state bounds (overrides the card).")
    Path device;

    @Option(names = "--set", paramLabel = "FIELD=VALUE", description = "Replace any field of the card, e.g. --set readVoltage=0.1 --set wires.bitLineSegmentResistance=2 --set dacBits=6 (repeatable).")
    java.util.List<String> sets = new java.util.ArrayList<>();

    @Option(names = "--calibrate", description = "Calibrate every column's gain and offset with known inputs through the circuit (overrides the card).")
    boolean calibrate;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of processors).")
    Integer threads;

    int threads() {
        if (threads != null && threads < 1) {
            throw new InputException("--threads " + threads + ": expected >= 1");
        }
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** The card with the command-line overrides applied, in {@code scheme} (null: the card's). */
    CompileCard card(ArrayScheme scheme) {
        CompileCard c = CompileCardReader.read(card == null ? DEFAULT_CARD : card, sets);
        if (scheme != null && scheme != c.scheme()) {
            c = c.withScheme(scheme);
        }
        if (tile != null) {
            int[] t;
            try {
                t = CompileCardReader.parseTile(tile);
            } catch (InputException e) {
                throw new InputException("--tile " + tile + ": expected ROWSxCOLUMNS, e.g. 128x128 (rows >= 1, physical"
                        + " columns >= 2)");
            }
            c = c.withTile(t[0], t[1], "--tile");
        }
        if (wireR != null) {
            double r;
            try {
                r = org.memspice.signal.SpiceNumber.parse(wireR);
            } catch (RuntimeException e) {
                throw new InputException("--wire-r '" + wireR + "': expected a resistance in ohm, e.g. 1 or 2.5 or 500m");
            }
            if (!(r >= 0) || Double.isInfinite(r)) {
                throw new InputException("--wire-r " + wireR + ": expected a finite resistance >= 0 ohm");
            }
            if (r == 0 && c.design().driverResistance() > 0) {
                c = c.withWires(0, 0);
                c = c.withDesign(c.design().withPeriphery(0, c.design().sensing()));
            } else {
                c = c.withWires(r, r);
            }
        }
        if (device != null) {
            MemristorModel m;
            try {
                m = DeviceCard.load(device).toModel();
            } catch (InputException e) {
                throw new InputException("--device: " + e.getMessage());
            }
            double[] g = CrossbarSpecReader.deviceBounds(m);
            if (!(g[0] > g[1])) {
                throw new InputException("--device " + device + ": gOn " + g[0] + " S, gOff " + g[1] + " S; expected"
                        + " gOn > gOff (distinct resistances at the state bounds)");
            }
            c = c.withDevices(g[0], g[1], m, device.toString());
        }
        if (calibrate && !c.calibrate()) {
            c = c.withCalibration(org.memspice.compile.Calibration.DEFAULT_VECTORS, c.calibrationSeed());
        }
        return c;
    }
}
