package org.memspice.crossbar;

/**
 * A solver of an array's reads in linear read mode: word-line source voltages in, the current into every
 * physical column's sense node and the power the sources deliver out. Implemented by the preconditioned
 * conjugate gradients ({@link ConjugateGradientSolver}), the sparse LDL' factorization
 * ({@link CrossbarFactorization}) and the port reduction ({@link PortReduction}); all give the same
 * numbers to their tolerance. Instances keep workspaces: one per thread.
 */
public interface ReadSolver {

    CrossbarArray array();

    /** Currents into the sense node of every physical column (amperes) for source voltages {@code v} (volts). */
    void columnCurrents(double[] v, double[] columnCurrents);

    /** Power the word-line sources deliver for source voltages {@code v}, watts. */
    double sourcePower(double[] v);

    /**
     * Column currents of a batch: {@code volts} holds {@code batch} source-voltage vectors (row-major
     * batch x rows), {@code out} receives batch x physical columns. Solvers that gain from batching override it.
     */
    default void columnCurrents(double[] volts, int batch, double[] out) {
        int m = array().rows();
        int p = array().physicalColumns();
        double[] v = new double[m];
        double[] ic = new double[p];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(volts, b * m, v, 0, m);
            columnCurrents(v, ic);
            System.arraycopy(ic, 0, out, b * p, p);
        }
    }
}
