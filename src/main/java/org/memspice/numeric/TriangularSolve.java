package org.memspice.numeric;

/**
 * The triangular solves of a factorization L D U on a symbolic structure (U' with L's pattern; U = L' for L D L'):
 * forward substitution with L, the diagonal, back substitution with U, for one right-hand side or for several
 * interleaved so that one pass over the factor serves all of them.
 */
final class TriangularSolve {
    private TriangularSolve() {
    }

    /** Solves L D U w = c in place, in elimination order; lx and ux hold L and U' on the column pattern lp/li. */
    static void sweep(int n, int[] lp, int[] li, double[] lx, double[] ux, double[] d, double[] w) {
        for (int j = 0; j < n; j++) {
            double wj = w[j];
            if (wj != 0) {
                for (int p = lp[j], end = lp[j + 1]; p < end; p++) {
                    w[li[p]] -= lx[p] * wj;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            w[j] /= d[j];
        }
        for (int j = n - 1; j >= 0; j--) {
            double wj = w[j];
            for (int p = lp[j], end = lp[j + 1]; p < end; p++) {
                wj -= ux[p] * w[li[p]];
            }
            w[j] = wj;
        }
    }

    /**
     * Solves A X = B for {@code count} right-hand sides, row-major (vector r at {@code b[r*n ..]}, its solution at
     * {@code x[r*n ..]}), through the workspace w (at least n*count long) where they are interleaved in
     * elimination order; perm[k] is the original index at position k.
     */
    static void sweep(int n, int[] perm, int[] lp, int[] li, double[] lx, double[] ux, double[] d, double[] b,
                      double[] x, int count, double[] w) {
        for (int r = 0; r < count; r++) {
            int base = r * n;
            for (int p = 0; p < n; p++) {
                w[p * count + r] = b[base + perm[p]];
            }
        }
        sweep(n, lp, li, lx, ux, d, w, count);
        for (int r = 0; r < count; r++) {
            int base = r * n;
            for (int p = 0; p < n; p++) {
                x[base + perm[p]] = w[p * count + r];
            }
        }
    }

    /**
     * Solves L D U W = C in place for {@code count} right-hand sides interleaved in elimination order: the values of
     * position k are {@code w[k*count .. k*count+count)}.
     */
    static void sweep(int n, int[] lp, int[] li, double[] lx, double[] ux, double[] d, double[] w, int count) {
        forward(n, lp, li, lx, w, count);
        for (int j = 0; j < n; j++) {
            double dj = d[j];
            int jb = j * count;
            for (int r = 0; r < count; r++) {
                w[jb + r] /= dj;
            }
        }
        for (int j = n - 1; j >= 0; j--) {
            int jb = j * count;
            for (int p = lp[j], pEnd = lp[j + 1]; p < pEnd; p++) {
                double u = ux[p];
                int ib = li[p] * count;
                for (int r = 0; r < count; r++) {
                    w[jb + r] -= u * w[ib + r];
                }
            }
        }
    }

    /**
     * Forward substitution L Z = C in place (unit lower L), interleaved as in {@link #sweep(int, int[], int[],
     * double[], double[], double[], double[], int)}. Positions where every right-hand side is still zero are
     * skipped: a right-hand side that enters at a few unknowns only reaches their ancestors in the elimination tree,
     * so it costs the part of L it reaches.
     */
    static void forward(int n, int[] lp, int[] li, double[] lx, double[] w, int count) {
        for (int j = 0; j < n; j++) {
            int jb = j * count;
            int pEnd = lp[j + 1];
            int p = lp[j];
            if (p == pEnd || allZero(w, jb, count)) {
                continue;
            }
            for (; p < pEnd; p++) {
                double l = lx[p];
                int ib = li[p] * count;
                for (int r = 0; r < count; r++) {
                    w[ib + r] -= l * w[jb + r];
                }
            }
        }
    }

    /**
     * Forward substitution L Z = C in place on the columns {@code reach} only (increasing positions): those a
     * right-hand side that is zero elsewhere reaches (their ancestors in the elimination tree, themselves included).
     */
    static void forward(int[] reach, int[] lp, int[] li, double[] lx, double[] w, int count) {
        for (int j : reach) {
            int jb = j * count;
            for (int p = lp[j], pEnd = lp[j + 1]; p < pEnd; p++) {
                double l = lx[p];
                int ib = li[p] * count;
                for (int r = 0; r < count; r++) {
                    w[ib + r] -= l * w[jb + r];
                }
            }
        }
    }

    private static boolean allZero(double[] w, int from, int count) {
        for (int r = 0; r < count; r++) {
            if (w[from + r] != 0) {
                return false;
            }
        }
        return true;
    }
}
