package org.memspice.crossbar;

import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;

/**
 * Reads of one array solved by the general engine: the array as a {@link CrossbarCircuit} (with the design's
 * {@link CellDevice} in every cell, or its linear conductances), solved by Newton's method in
 * {@link OperatingPoint}, each read starting from the solution of the one before. This is the reference for
 * arrays of nonlinear devices, where the fast solvers' linear cells are only the chord conductance at the
 * read voltage; for linear cells it gives the fast solvers' numbers to their tolerance. One instance per thread.
 */
public final class GeneralReadSolver implements ReadSolver {
    private final CrossbarArray array;
    private final CrossbarCircuit circuit;
    private final OperatingPoint op;
    private Solution last;

    public GeneralReadSolver(CrossbarArray array) {
        this.array = array;
        this.circuit = new CrossbarCircuit(array, new double[array.rows()]);
        this.op = new OperatingPoint(circuit.circuit());
    }

    @Override
    public CrossbarArray array() {
        return array;
    }

    /** The circuit this solver solves (source voltages set per read). */
    public CrossbarCircuit circuit() {
        return circuit;
    }

    /** The solution of the array driven by source voltages {@code v}. */
    public Solution solve(double[] v) {
        if (v.length != array.rows()) {
            throw new IllegalArgumentException(v.length + " source voltages for " + array.rows() + " word lines");
        }
        for (int i = 0; i < v.length; i++) {
            op.sourceValue("vin" + i, v[i]);
        }
        last = last == null ? op.solve() : op.solve(last.unknowns(), 0.0);
        return last;
    }

    /**
     * The read of input vector {@code x} (encoded by the design into source voltages) as a {@link ReadSolution}:
     * node voltages, column and source currents and the power by role from the circuit's solution; its
     * iterations are Newton's, its residual the largest KCL residual relative to the largest source current.
     */
    public ReadSolution read(double[] x) {
        double[] v = array.sourceVoltages(x);
        Solution s = solve(v);
        double[] is = new double[v.length];
        double scale = 0;
        for (int i = 0; i < v.length; i++) {
            is[i] = -s.terminalCurrents(circuit.circuit().element("vin" + i))[0];
            scale = Math.max(scale, Math.abs(is[i]));
        }
        double worst = 0;
        for (double r : s.kclResidual()) worst = Math.max(worst, Math.abs(r));
        return new ReadSolution(array, v, circuit.nodeVoltages(s), circuit.columnCurrents(s), is, circuit.power(s),
                op.iterations(), scale > 0 ? worst / scale : worst);
    }

    @Override
    public void columnCurrents(double[] v, double[] columnCurrents) {
        System.arraycopy(circuit.columnCurrents(solve(v)), 0, columnCurrents, 0, array.physicalColumns());
    }

    @Override
    public double sourcePower(double[] v) {
        Solution s = solve(v);
        double p = 0;
        for (int i = 0; i < v.length; i++) {
            p -= s.power(circuit.circuit().element("vin" + i));
        }
        return p;
    }
}
