package org.memspice.circuit;

import org.memspice.InputException;

import java.util.ArrayList;
import java.util.List;

/**
 * DC sweep of one independent source (V or I) from start to stop in steps, as SPICE's {@code .dc}: each
 * point is an operating point solved from the previous one (continuation). The swept value is the
 * analysis's own (a source value of its operating point): the circuit is not changed, and other analyses of
 * it may run at the same time.
 */
public final class DcSweep {
    private final OperatingPoint op;

    public DcSweep(Circuit circuit) {
        this.op = new OperatingPoint(circuit);
    }

    public DcSweep(MnaSystem sys) {
        this.op = new OperatingPoint(sys);
    }

    /** Sweep values start, start + step, ... up to stop (inclusive, within a step fraction of 1e-9). */
    public static double[] values(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step) || (stop - start) / step < -1e-12) {
            throw new InputException("DC sweep from " + start + " to " + stop + " needs a non-zero step of the"
                    + " same sign as stop - start, got " + step);
        }
        int n = (int) Math.floor((stop - start) / step + 1e-9) + 1;
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = start + k * step;
        return v;
    }

    /** Solves the circuit at each value of the named source. */
    public List<Solution> run(String source, double[] values) {
        Element e = op.system().circuit.element(source);
        if (e == null || !e.independentSource()) {
            throw new InputException("DC sweep source '" + source + "' is not an independent V or I source");
        }
        List<Solution> out = new ArrayList<>(values.length);
        try {
            double[] x = op.system().initialGuess();
            for (double value : values) {
                op.sourceValue(source, value);
                Solution s = op.solve(x, 0.0);
                x = s.unknowns();
                out.add(s);
            }
        } finally {
            op.clearSourceValues();
        }
        return out;
    }
}
