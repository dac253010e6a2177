package org.memspice.numeric;

import org.memspice.SimulationException;

import java.util.Arrays;

/**
 * The numeric phase of a sparse L D L' factorization of a symmetric matrix on a {@link SymbolicFactorization}:
 * {@link #factor} (symmetric positive definite) or {@link #factorStaticPivots} (diagonal pivots of either sign, for
 * quasi-definite MNA matrices), then solves with one or many right-hand sides in the original numbering. Each
 * call to a factor method is a refactorization with new values on the same structure. Workspaces are allocated
 * once; one instance per thread.
 *
 * <p>Up-looking algorithm of T. A. Davis, "Algorithm 849: A concise sparse Cholesky factorization package",
 * ACM Trans. Math. Softw. 31(4), 2005.
 */
public final class LdlFactorization {
    /** A pivot at most this times the largest entry of its row and column of A is taken as zero. */
    static final double NEGLIGIBLE_PIVOT = 1e-13;

    private final SymbolicFactorization s;
    private final int n;
    private final double[] ax;
    /** Row indices of L by columns (rows increasing), written as the factorization finds each row of L. */
    private final int[] li;
    private final double[] lx;
    private final double[] d;
    private final double[] y;
    private final int[] flag;
    private final int[] pattern;
    private final int[] fill;
    private final double[] work;
    /** Largest |entry| of each row (and column) of A, in elimination order. */
    private final double[] scale;
    private double[] block = new double[0];
    private boolean factored;
    private int failedStep = -1;

    public LdlFactorization(SymbolicFactorization symbolic) {
        s = symbolic;
        n = symbolic.n;
        ax = new double[symbolic.ai.length];
        li = new int[symbolic.lp[symbolic.n]];
        lx = new double[symbolic.lp[symbolic.n]];
        d = new double[n];
        y = new double[n];
        flag = new int[n];
        pattern = new int[n];
        fill = new int[n];
        work = new double[n];
        scale = new double[n];
    }

    public SymbolicFactorization symbolic() {
        return s;
    }

    /**
     * Factors a symmetric positive definite A with {@code values} in the slot order of the analysed pattern (an
     * entry given in both triangles is read from either). A pivot that is not positive (beyond rounding of its
     * column) means A is singular or not positive definite: a {@link SimulationException} names the unknown.
     */
    public void factor(double[] values) {
        if (!decompose(values, true)) {
            throw new SimulationException("matrix is singular or not positive definite: pivot " + d[failedStep]
                    + " at elimination step " + failedStep + " (unknown " + s.perm[failedStep] + " of " + n + ")");
        }
    }

    /**
     * Factors a symmetric A with static diagonal pivots of either sign; false if a pivot is zero or negligible
     * against its column ({@link #failedUnknown} names it), and the factorization then cannot be used.
     */
    public boolean factorStaticPivots(double[] values) {
        return decompose(values, false);
    }

    /** The unknown (original numbering) whose pivot failed in the last factorization, or -1. */
    public int failedUnknown() {
        return failedStep < 0 ? -1 : s.perm[failedStep];
    }

    /** Non-zeros of L below the diagonal. */
    public long factorNonZeros() {
        return lx.length;
    }

    private boolean decompose(double[] values, boolean definite) {
        if (values.length != s.target.length) {
            throw new IllegalArgumentException(values.length + " values for a pattern of " + s.target.length + " entries");
        }
        factored = false;
        failedStep = -1;
        final int[] target = s.target;
        Arrays.fill(ax, 0.0);
        for (int p = 0; p < values.length; p++) {
            int t = target[p];
            ax[t >= 0 ? t : ~t] = values[p];
        }
        final int[] ap = s.ap;
        final int[] ai = s.ai;
        final int[] parent = s.parent;
        final int[] lp = s.lp;
        final int[] li = this.li;
        Arrays.fill(scale, 0.0);
        for (int c = 0; c < n; c++) {
            for (int p = ap[c]; p < ap[c + 1]; p++) {
                double a = Math.abs(ax[p]);
                scale[c] = Math.max(scale[c], a);
                scale[ai[p]] = Math.max(scale[ai[p]], a);
            }
        }
        final double[] lx = this.lx;
        final double[] y = this.y;
        final double[] d = this.d;
        final int[] flag = this.flag;
        final int[] pattern = this.pattern;
        final int[] fill = this.fill;
        final double[] ax = this.ax;
        for (int k = 0; k < n; k++) {
            // scatter column k of the upper triangle; find row k of L in topological order (Davis 2005)
            int top = n;
            flag[k] = k;
            fill[k] = lp[k];
            y[k] = 0;
            for (int p = ap[k]; p < ap[k + 1]; p++) {
                int i = ai[p];
                y[i] += ax[p];
                int len = 0;
                for (; flag[i] != k; i = parent[i]) {
                    pattern[len++] = i;
                    flag[i] = k;
                }
                while (len > 0) {
                    pattern[--top] = pattern[--len];
                }
            }
            double dk = y[k];
            y[k] = 0;
            for (; top < n; top++) {
                int i = pattern[top];
                double yi = y[i];
                y[i] = 0;
                int end = fill[i];
                for (int p = lp[i]; p < end; p++) {
                    y[li[p]] -= lx[p] * yi;
                }
                double lki = yi / d[i];
                dk -= lki * yi;
                li[end] = k;
                lx[end] = lki;
                fill[i] = end + 1;
            }
            d[k] = dk;
            double negligible = NEGLIGIBLE_PIVOT * scale[k];
            boolean ok = definite ? dk > negligible : Math.abs(dk) > negligible;
            if (!ok || !Double.isFinite(dk)) {
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
    public void solve(double[] b, double[] x) {
        checkFactored();
        final int[] perm = s.perm;
        for (int k = 0; k < n; k++) {
            work[k] = b[perm[k]];
        }
        solvePermuted(work);
        for (int k = 0; k < n; k++) {
            x[perm[k]] = work[k];
        }
    }

    /** Solves L D L' w = c in place, in elimination order. */
    void solvePermuted(double[] w) {
        TriangularSolve.sweep(n, s.lp, li, lx, lx, d, w);
    }

    /**
     * Solves A X = B for {@code count} right-hand sides, row-major: vector r at {@code b[r*n ..]}, its solution at
     * {@code x[r*n ..]}. One pass over the factor serves all of them.
     */
    public void solve(double[] b, double[] x, int count) {
        checkFactored();
        if (block.length < n * count) {
            block = new double[n * count];
        }
        TriangularSolve.sweep(n, s.perm, s.lp, li, lx, lx, d, b, x, count, block);
    }

    /**
     * Solves A X = B in place for {@code count} right-hand sides interleaved in elimination order: the values of
     * the unknown at elimination position k ({@link SymbolicFactorization#position}) are
     * {@code w[k*count .. k*count+count)}. No permutation, no workspace; right-hand sides that enter at a few
     * unknowns only pay for the part of L they reach in the forward sweep.
     */
    public void solveInterleaved(double[] w, int count) {
        checkFactored();
        if (w.length < n * count) {
            throw new IllegalArgumentException(w.length + " values for " + count + " right-hand sides of " + n);
        }
        TriangularSolve.sweep(n, s.lp, li, lx, lx, d, w, count);
    }

    /**
     * The forward substitution alone, L Z = C (L unit lower), in place on {@code count} right-hand sides interleaved
     * in elimination order as in {@link #solveInterleaved}; skips what the right-hand sides do not reach. With
     * Z = L^-1 C and Z' = L^-1 C', the bilinear form C'' A^-1 C = Z'' D^-1 Z ({@link #pivot}) needs no backward
     * sweep.
     */
    public void forwardInterleaved(double[] w, int count) {
        checkFactored();
        if (w.length < n * count) {
            throw new IllegalArgumentException(w.length + " values for " + count + " right-hand sides of " + n);
        }
        TriangularSolve.forward(n, s.lp, li, lx, w, count);
    }

    /**
     * {@link #forwardInterleaved(double[], int)} for right-hand sides that are zero outside {@code reach}'s ancestors:
     * only the columns {@code reach} of L (increasing positions, closed under the elimination tree's parents, e.g.
     * from {@link SymbolicFactorization#reach}) are visited, and nothing outside them is read or written.
     */
    public void forwardInterleaved(double[] w, int count, int[] reach) {
        checkFactored();
        TriangularSolve.forward(reach, s.lp, li, lx, w, count);
    }

    /** The pivot D(k, k) at elimination position k. */
    public double pivot(int position) {
        return d[position];
    }
}
