package org.memspice.spice;

import org.memspice.InputException;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.crossbar.CrossbarNetwork;
import org.memspice.crossbar.ReadSolution;
import org.memspice.crossbar.Sensing;

import java.nio.file.Path;

/**
 * Compares a solved read with ngspice's operating point of the exported netlist, read from its raw file
 * ({@code ngspice -b -r FILE.raw netlist.cir}, ASCII or binary; {@link RawFile}). Errors are relative to the
 * largest magnitude of each kind (node voltages, column currents), so near-zero entries do not divide by
 * zero.
 */
public final class NgspiceComparison {
    private final double nodeVoltageError;
    private final double columnCurrentError;
    private final double outputCurrentError;
    private final int nodesCompared;

    /** Compares with the first plot (the operating point) of the raw file {@code raw}. */
    public NgspiceComparison(ReadSolution s, Path raw) {
        this(s, RawFile.read(raw).first());
    }

    /** Compares with an operating point ngspice wrote. */
    public NgspiceComparison(ReadSolution s, RawFile.Plot op) {
        if (op.points() != 1) {
            throw new InputException(op.file() + ": plot '" + op.name() + "': " + op.points() + " points; expected the operating point of this"
                    + " spec's export (one point)");
        }
        CrossbarCircuit netlist = new CrossbarCircuit(s.array(), s.sourceVoltages());
        CrossbarNetwork net = s.array().network();
        int m = net.rows();
        int n = net.cols();
        double worst = 0;
        double scale = 0;
        int count = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int side = 0; side < 2; side++) {
                    String name = side == 0 ? netlist.wordLineNode(i, j) : netlist.bitLineNode(i, j);
                    double ref;
                    if (op.has("v(" + name + ")")) {
                        ref = op.value("v(" + name + ")");
                    } else if (name.startsWith("s") && s.array().design().sensing().idealVirtualGround()) {
                        ref = 0.0; // ground-held node, not a variable of the raw file when merged
                    } else {
                        throw missing(op, "v(" + name + ")");
                    }
                    double mine = s.nodeVoltages()[side * m * n + i * n + j];
                    worst = Math.max(worst, Math.abs(mine - ref));
                    scale = Math.max(scale, Math.abs(ref));
                    count++;
                }
            }
        }
        nodesCompared = count;
        nodeVoltageError = scale == 0 ? worst : worst / scale;
        Sensing sensing = s.array().design().sensing();
        double[] ng = new double[n];
        double cw = 0;
        double cs = 0;
        for (int j = 0; j < n; j++) {
            if (sensing.kind() == Sensing.Kind.RESISTOR) {
                ng[j] = get(op, "v(s" + j + ")") / sensing.senseResistance();
            } else if (sensing.idealVirtualGround()) {
                ng[j] = get(op, "i(vs" + j + ")");
            } else {
                ng[j] = (get(op, "v(s" + j + ")") - get(op, "v(o" + j + ")")) / sensing.feedbackResistance();
            }
            cw = Math.max(cw, Math.abs(ng[j] - s.columnCurrents()[j]));
            cs = Math.max(cs, Math.abs(ng[j]));
        }
        columnCurrentError = cs == 0 ? cw : cw / cs;
        double ow = 0;
        double os = 0;
        for (int j = 0; j < s.array().outputs(); j++) {
            double ref = s.array().outputCurrent(ng, j);
            ow = Math.max(ow, Math.abs(ref - s.outputCurrents()[j]));
            os = Math.max(os, Math.abs(ref));
        }
        outputCurrentError = os == 0 ? ow : ow / os;
    }

    private static double get(RawFile.Plot op, String name) {
        if (!op.has(name)) {
            throw missing(op, name);
        }
        return op.value(name);
    }

    private static InputException missing(RawFile.Plot op, String name) {
        return new InputException(op.file() + ": plot '" + op.name() + "': no vector " + name
                + "; is it the raw file of this spec's export?");
    }

    /** Max |v - v_ngspice| / max |v_ngspice| over all word-line and bit-line nodes. */
    public double nodeVoltageError() {
        return nodeVoltageError;
    }

    /** Max |I - I_ngspice| / max |I_ngspice| over the physical columns' sense currents. */
    public double columnCurrentError() {
        return columnCurrentError;
    }

    /** The same over the outputs after subtraction. */
    public double outputCurrentError() {
        return outputCurrentError;
    }

    public int nodesCompared() {
        return nodesCompared;
    }
}
