package org.memspice.numeric;

import java.util.Arrays;

/**
 * The unsymmetric numeric phase on a {@link SymbolicFactorization}: A = L D U with static (diagonal) pivots over
 * the pattern of A + A', for MNA matrices whose pivots the elimination order keeps on the diagonal. U' has the
 * pattern of L, so the up-looking sweep of {@link LdlFactorization} runs twice over the same row pattern: once
 * for the column of U (with L) and once for the row of L (with U). A pivot that is zero or negligible against
 * its row and column makes {@link #factor} return false; the caller then pivots otherwise.
 *
 * <p>Davis, "Direct Methods for Sparse Linear Systems", SIAM 2006, 4.1 (elimination tree) and 4.2 (row patterns).
 */
public final class LduFactorization {
    private final SymbolicFactorization s;
    private final int n;
    /** A's entries on or above the diagonal (by column) and below it (stored at the transposed slot). */
    private final double[] upper;
    private final double[] lower;
    /** Row indices of L by columns (rows increasing), written as the factorization finds each row of L. */
    private final int[] li;
    private final double[] lx;
    private final double[] ux;
    private final double[] d;
    private final double[] x;
    private final double[] z;
    private final int[] flag;
    private final int[] pattern;
    private final int[] fill;
    private final double[] work;
    /** Largest |entry| of each row and column of A, in elimination order. */
    private final double[] scale;
    private double[] block = new double[0];
    private boolean factored;
    private int failedStep = -1;

    public LduFactorization(SymbolicFactorization symbolic) {
        s = symbolic;
        n = symbolic.n;
        upper = new double[symbolic.ai.length];
        lower = new double[symbolic.ai.length];
        li = new int[symbolic.lp[symbolic.n]];
        lx = new double[symbolic.lp[symbolic.n]];
        ux = new double[symbolic.lp[symbolic.n]];
        d = new double[n];
        x = new double[n];
        z = new double[n];
        flag = new int[n];
        pattern = new int[n];
        fill = new int[n];
        work = new double[n];
        scale = new double[n];
    }

    public SymbolicFactorization symbolic() {
        return s;
    }

    /** The unknown (original numbering) whose pivot failed in the last factorization, or -1. */
    public int failedUnknown() {
        return failedStep < 0 ? -1 : s.perm[failedStep];
    }

    /** Non-zeros of L below the diagonal (U above it has as many). */
    public long factorNonZeros() {
        return lx.length;
    }

    /** Factors A with {@code values} in the slot order of the analysed pattern; false if a pivot is negligible. */
    public boolean factor(double[] values) {
        if (values.length != s.target.length) {
            throw new IllegalArgumentException(values.length + " values for a pattern of " + s.target.length + " entries");
        }
        factored = false;
        failedStep = -1;
        Arrays.fill(upper, 0.0);
        Arrays.fill(lower, 0.0);
        final int[] target = s.target;
        for (int p = 0; p < values.length; p++) {
            int t = target[p];
            if (t >= 0) {
                upper[t] = values[p];
            } else {
                lower[~t] = values[p];
            }
        }
        final int[] ap = s.ap;
        final int[] ai = s.ai;
        final int[] parent = s.parent;
        final int[] lp = s.lp;
        final int[] li = this.li;
        Arrays.fill(scale, 0.0);
        for (int c = 0; c < n; c++) {
            for (int p = ap[c]; p < ap[c + 1]; p++) {
                double a = Math.max(Math.abs(upper[p]), Math.abs(lower[p]));
                scale[c] = Math.max(scale[c], a);
                scale[ai[p]] = Math.max(scale[ai[p]], a);
            }
        }
        final double[] lx = this.lx;
        final double[] ux = this.ux;
        final double[] d = this.d;
        final double[] x = this.x;
        final double[] z = this.z;
        final int[] flag = this.flag;
        final int[] pattern = this.pattern;
        final int[] fill = this.fill;
        for (int k = 0; k < n; k++) {
            int top = n;
            flag[k] = k;
            fill[k] = lp[k];
            x[k] = 0;
            for (int p = ap[k]; p < ap[k + 1]; p++) {
                int i = ai[p];
                x[i] += upper[p];            // A(i, k), i <= k
                z[i] += lower[p];            // A(k, i), i < k (zero at the diagonal)
                int len = 0;
                for (; flag[i] != k; i = parent[i]) {
                    pattern[len++] = i;
                    flag[i] = k;
                }
                while (len > 0) {
                    pattern[--top] = pattern[--len];
                }
            }
            double dk = x[k];
            x[k] = 0;
            z[k] = 0;
            for (; top < n; top++) {
                int i = pattern[top];
                double xi = x[i];
                double zi = z[i];
                x[i] = 0;
                z[i] = 0;
                int end = fill[i];
                for (int p = lp[i]; p < end; p++) {
                    int r = li[p];
                    x[r] -= lx[p] * xi;
                    z[r] -= ux[p] * zi;
                }
                double di = d[i];
                double lki = zi / di;
                li[end] = k;
                lx[end] = lki;
                ux[end] = xi / di;
                dk -= lki * xi;
                fill[i] = end + 1;
            }
            d[k] = dk;
            if (!(Math.abs(dk) > LdlFactorization.NEGLIGIBLE_PIVOT * scale[k]) || !Double.isFinite(dk)) {
                failedStep = k;
                return false;
            }
        }
        factored = true;
        return true;
    }

    private void checkFactored() {
        if (!factored) {
            throw new IllegalStateException("no valid factorization: "
                    + (failedStep >= 0 ? "the last one failed at step " + failedStep : "factor first"));
        }
    }

    /** Solves A x = b (original numbering); b is not modified and may be x. */
    public void solve(double[] b, double[] out) {
        checkFactored();
        final int[] perm = s.perm;
        final int[] lp = s.lp;
        final int[] li = this.li;
        final double[] lx = this.lx;
        final double[] ux = this.ux;
        final double[] d = this.d;
        final double[] w = work;
        for (int k = 0; k < n; k++) {
            w[k] = b[perm[k]];
        }
        TriangularSolve.sweep(n, lp, li, lx, ux, d, w);
        for (int k = 0; k < n; k++) {
            out[perm[k]] = w[k];
        }
    }

    /** Solves A X = B for {@code count} right-hand sides, row-major (vector r at {@code b[r*n ..]}). */
    public void solve(double[] b, double[] out, int count) {
        checkFactored();
        if (block.length < n * count) {
            block = new double[n * count];
        }
        TriangularSolve.sweep(n, s.perm, s.lp, li, lx, ux, d, b, out, count, block);
    }
}
