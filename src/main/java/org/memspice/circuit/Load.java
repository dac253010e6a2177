package org.memspice.circuit;

/**
 * What an element loads into: the unknowns it reads, F(x) and Q(x) vectors, and the values of dF/dx and
 * dQ/dx on the shared sparse structure. The analysis owns all arrays; elements only add to them, addressing
 * their Jacobian entries by the numbers they declared them under ({@link Element#declare}).
 */
public final class Load extends Point {
    private final MatrixPattern pattern;
    /** Value slot of every declared entry of every element (-1: a ground row or column). */
    private final int[] slots;
    private final int[] slotStart;
    /** Start of the element under the cursor in {@link #slots}. */
    private int base;
    final double[] f;
    final double[] q;
    /** Sum of |contributions| per row of F: the scale of the residual test. */
    final double[] fScale;
    final double[] jf;
    final double[] jq;
    /** Multiplier of independent sources (source stepping), 1 normally. */
    double sourceScale = 1.0;
    /** True in DC analyses: states are held at {@link #held}. */
    boolean dc = true;
    /** True when only Q is wanted (the charges at the start of a transient); elements without charge may skip. */
    boolean chargesOnly;
    /** Held values of state unknowns (DC). */
    double[] held;

    Load(MnaSystem sys) {
        super(sys);
        this.pattern = sys.pattern();
        this.slots = sys.slots();
        this.slotStart = sys.slotStart();
        int n = pattern.size();
        f = new double[n];
        q = new double[n];
        fScale = new double[n];
        jf = new double[pattern.nonZeros()];
        jq = new double[pattern.nonZeros()];
    }

    @Override
    void at(int k) {
        super.at(k);
        base = slotStart[k];
    }

    void clear() {
        java.util.Arrays.fill(f, 0.0);
        java.util.Arrays.fill(q, 0.0);
        java.util.Arrays.fill(fScale, 0.0);
        java.util.Arrays.fill(jf, 0.0);
        java.util.Arrays.fill(jq, 0.0);
    }

    void addF(int row, double value) {
        if (row >= 0) {
            f[row] += value;
            fScale[row] += Math.abs(value);
        }
    }

    /** Widens the residual scale of a row by {@code s} (an element whose value carries rounding of that size). */
    void addScale(int row, double s) {
        if (row >= 0) fScale[row] += s;
    }

    void addQ(int row, double value) {
        if (row >= 0) q[row] += value;
    }

    /** Adds to the element's declared entry {@code entry} of dF/dx. */
    void addJf(int entry, double value) {
        int s = slots[base + entry];
        if (s >= 0) jf[s] += value;
    }

    /** Adds to the element's declared entry {@code entry} of dQ/dx. */
    void addJq(int entry, double value) {
        int s = slots[base + entry];
        if (s >= 0) jq[s] += value;
    }
}
