package org.memspice.crossbar;

import org.memspice.SimulationException;

/**
 * Sparse LDL' factorization of a symmetric matrix given by the upper triangle of its columns. The symbolic
 * phase ({@link Symbolic}: elimination tree and column counts of one pattern) is separate from the numeric
 * phase, so one structure serves any number of factorizations of new values, each with its own
 * workspaces (one per thread).
 *
 * <p>Up-looking algorithm of T. A. Davis, "Algorithm 849: A concise sparse Cholesky factorization
 * package", ACM Trans. Math. Softw. 31(4), 2005.
 */
final class SparseLdl {
    /** The analysed pattern: column pointers and row indices (rows <= column), elimination tree, L's column pointers. */
    static final class Symbolic {
        final int n;
        final int[] ap;
        final int[] ai;
        final int[] lp;
        final int[] parent;

        Symbolic(int n, int[] ap, int[] ai) {
            this.n = n;
            this.ap = ap;
            this.ai = ai;
            lp = new int[n + 1];
            parent = new int[n];
            int[] lnz = new int[n];
            int[] flag = new int[n];
            for (int k = 0; k < n; k++) {
                parent[k] = -1;
                flag[k] = k;
                for (int p = ap[k]; p < ap[k + 1]; p++) {
                    int i = ai[p];
                    if (i < k) {
                        for (; flag[i] != k; i = parent[i]) {
                            if (parent[i] == -1) {
                                parent[i] = k;
                            }
                            lnz[i]++;
                            flag[i] = k;
                        }
                    }
                }
            }
            long total = 0;
            for (int k = 0; k < n; k++) {
                total += lnz[k];
                if (total > Integer.MAX_VALUE - 8) {
                    throw new SimulationException("sparse LDL' factor of " + n + " unknowns needs more than 2^31 entries;"
                            + " use the conjugate-gradient solver for this size");
                }
                lp[k + 1] = (int) total;
            }
        }

        /** Nonzeros of L below the diagonal. */
        long factorNonzeros() {
            return lp[n];
        }
    }

    private final Symbolic sym;
    private final int n;
    private final int[] lp;
    private final int[] lnz;
    private final int[] flag;
    private final int[] pattern;
    private final int[] li;
    private final double[] lx;
    private final double[] d;
    private final double[] y;

    /** Storage for numeric factorizations on an analysed pattern. */
    SparseLdl(Symbolic sym) {
        this.sym = sym;
        this.n = sym.n;
        this.lp = sym.lp;
        lnz = new int[n];
        flag = new int[n];
        pattern = new int[n];
        d = new double[n];
        y = new double[n];
        li = new int[lp[n]];
        lx = new double[lp[n]];
    }

    /** Number of nonzeros of L (below the diagonal). */
    long factorNonzeros() {
        return lp[n];
    }

    /** Numeric factorization for values {@code ax} on the analysed pattern. */
    void factor(double[] ax) {
        final int[] ap = sym.ap;
        final int[] ai = sym.ai;
        final int[] parent = sym.parent;
        for (int k = 0; k < n; k++) {
            y[k] = 0;
            int top = n;
            flag[k] = k;
            lnz[k] = 0;
            for (int p = ap[k]; p < ap[k + 1]; p++) {
                int i = ai[p];
                if (i <= k) {
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
            }
            d[k] = y[k];
            y[k] = 0;
            for (; top < n; top++) {
                int i = pattern[top];
                double yi = y[i];
                y[i] = 0;
                int p2 = lp[i] + lnz[i];
                for (int p = lp[i]; p < p2; p++) {
                    y[li[p]] -= lx[p] * yi;
                }
                double lki = yi / d[i];
                d[k] -= lki * yi;
                li[p2] = k;
                lx[p2] = lki;
                lnz[i]++;
            }
            if (!(d[k] > 0)) {
                throw new SimulationException("crossbar nodal matrix is not positive definite: pivot " + d[k]
                        + " at elimination step " + k);
            }
        }
    }

    /** Solves L D L' x = b in place. */
    void solve(double[] x) {
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            for (int p = lp[j]; p < lp[j + 1]; p++) {
                x[li[p]] -= lx[p] * xj;
            }
        }
        for (int j = 0; j < n; j++) {
            x[j] /= d[j];
        }
        for (int j = n - 1; j >= 0; j--) {
            double xj = x[j];
            for (int p = lp[j]; p < lp[j + 1]; p++) {
                xj -= lx[p] * x[li[p]];
            }
            x[j] = xj;
        }
    }

    /**
     * Solves L D L' X = B in place for k right-hand sides stored interleaved (x[row*k + r]), reading the
     * factor once per sweep for all of them.
     */
    void solve(double[] x, int k) {
        for (int j = 0; j < n; j++) {
            int jb = j * k;
            for (int p = lp[j]; p < lp[j + 1]; p++) {
                double l = lx[p];
                int ib = li[p] * k;
                for (int r = 0; r < k; r++) {
                    x[ib + r] -= l * x[jb + r];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            double inv = 1 / d[j];
            int jb = j * k;
            for (int r = 0; r < k; r++) {
                x[jb + r] *= inv;
            }
        }
        for (int j = n - 1; j >= 0; j--) {
            int jb = j * k;
            for (int p = lp[j]; p < lp[j + 1]; p++) {
                double l = lx[p];
                int ib = li[p] * k;
                for (int r = 0; r < k; r++) {
                    x[jb + r] -= l * x[ib + r];
                }
            }
        }
    }
}
