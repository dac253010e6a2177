package org.memspice.crossbar;

/**
 * A read solver that computes every node voltage of the array (word-line nodes then bit-line nodes,
 * row-major, {@link CrossbarNetwork}), from which the column currents, the source currents and the
 * power of every element follow.
 */
public interface NodalSolver extends ReadSolver {

    /** Node voltages {@code x} (length 2*M*N) for word-line source voltages {@code v}. */
    void solve(double[] v, double[] x);
}
