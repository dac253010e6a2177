package org.memspice.circuit;

/**
 * What an element loads into: the unknowns it reads, F(x) and Q(x) vectors, and the values of dF/dx and
 * dQ/dx on the shared sparse structure. The analysis owns all arrays; elements only add to them.
 */
public final class Load {
    final MatrixPattern pattern;
    /** Unknowns at which to evaluate. */
    double[] x;
    final double[] f;
    final double[] q;
    /** Sum of |contributions| per row of F: the scale of the residual test. */
    final double[] fScale;
    final double[] jf;
    final double[] jq;
    /** Time, seconds. */
    double time;
    /** Multiplier of independent sources (source stepping), 1 normally. */
    double sourceScale = 1.0;
    /** True in DC analyses: states are held at {@link #held}. */
    boolean dc = true;
    /** Held values of state unknowns (DC). */
    double[] held;

    Load(MatrixPattern pattern) {
        this.pattern = pattern;
        int n = pattern.size();
        f = new double[n];
        q = new double[n];
        fScale = new double[n];
        jf = new double[pattern.nonZeros()];
        jq = new double[pattern.nonZeros()];
    }

    void clear() {
        java.util.Arrays.fill(f, 0.0);
        java.util.Arrays.fill(q, 0.0);
        java.util.Arrays.fill(fScale, 0.0);
        java.util.Arrays.fill(jf, 0.0);
        java.util.Arrays.fill(jq, 0.0);
    }

    double v(int node) {
        return node == 0 ? 0.0 : x[node - 1];
    }

    void addF(int row, double value) {
        if (row >= 0) {
            f[row] += value;
            fScale[row] += Math.abs(value);
        }
    }

    void addQ(int row, double value) {
        if (row >= 0) q[row] += value;
    }

    void addJf(int handle, double value) {
        if (handle >= 0) jf[pattern.slot(handle)] += value;
    }

    void addJq(int handle, double value) {
        if (handle >= 0) jq[pattern.slot(handle)] += value;
    }
}
