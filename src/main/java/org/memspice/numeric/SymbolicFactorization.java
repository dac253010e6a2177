package org.memspice.numeric;

import org.memspice.SimulationException;

import java.util.Arrays;

/**
 * The symbolic phase of a sparse L D L' (or static-pivot L D U) factorization, analysed once per structure and
 * shared, immutable, by any number of numeric factorizations ({@link LdlFactorization}, {@link LduFactorization}):
 * the elimination order passed in, the upper triangle of the symmetrized pattern P (A + A') P' by columns, its
 * elimination tree, the column pointers of L (from its column counts), and where each entry of A goes in that
 * storage. The row indices of L are written by each numeric factorization as it computes the rows of L (the
 * up-looking algorithm finds them anyway), so this phase does not walk the tree a second time for them.
 *
 * <p>Elimination tree and column counts as in T. A. Davis, "Algorithm 849: A concise sparse Cholesky factorization
 * package", ACM Trans. Math. Softw. 31(4), 2005 (LDL symbolic).
 */
public final class SymbolicFactorization {
    final int n;
    /** perm[k] = original unknown at elimination step k; inv is its inverse. */
    final int[] perm;
    final int[] inv;
    /** Upper triangle (row <= column, rows increasing) of P (A + A') P', diagonal always present. */
    final int[] ap;
    final int[] ai;
    final int[] parent;
    /** Column pointers of L (strictly lower) by columns. */
    final int[] lp;
    /** For each entry of A (its compressed-column slot): its slot in (ap, ai), or ~slot if it lies below the diagonal of P A P'. */
    final int[] target;

    private SymbolicFactorization(int n, int[] colPtr, int[] rowIdx, int[] order) {
        this.n = n;
        checkPattern(n, colPtr, rowIdx);
        perm = order.clone();
        inv = new int[n];
        Arrays.fill(inv, -1);
        if (order.length != n) {
            throw new IllegalArgumentException("ordering has " + order.length + " entries for " + n + " unknowns");
        }
        for (int k = 0; k < n; k++) {
            int v = order[k];
            if (v < 0 || v >= n || inv[v] >= 0) {
                throw new IllegalArgumentException("ordering is not a permutation of 0.." + (n - 1) + ": entry " + k + " is " + v);
            }
            inv[v] = k;
        }
        int nz = colPtr[n];
        // the permuted upper triangle by buckets: every entry of A and every diagonal into column max(pr, pc)
        int[] start = new int[n + 1];
        for (int c = 0; c < n; c++) {
            for (int p = colPtr[c]; p < colPtr[c + 1]; p++) {
                start[Math.max(inv[rowIdx[p]], inv[c]) + 1]++;
            }
        }
        for (int k = 0; k < n; k++) {
            start[k + 1] += start[k] + 1;
        }
        int[] rows = new int[nz + n];
        int[] next = Arrays.copyOf(start, n);
        for (int k = 0; k < n; k++) {
            rows[next[k]++] = k;
        }
        for (int c = 0; c < n; c++) {
            int pc = inv[c];
            for (int p = colPtr[c]; p < colPtr[c + 1]; p++) {
                int pr = inv[rowIdx[p]];
                rows[next[Math.max(pr, pc)]++] = Math.min(pr, pc);
            }
        }
        // sort each column's rows and drop repeats (an entry given in both triangles)
        ap = new int[n + 1];
        int unique = 0;
        for (int k = 0; k < n; k++) {
            Arrays.sort(rows, start[k], start[k + 1]);
            for (int q = start[k]; q < start[k + 1]; q++) {
                if (q == start[k] || rows[q] != rows[q - 1]) {
                    rows[unique++] = rows[q];
                }
            }
            ap[k + 1] = unique;
        }
        ai = Arrays.copyOf(rows, unique);
        target = new int[nz];
        for (int c = 0; c < n; c++) {
            int pc = inv[c];
            for (int p = colPtr[c]; p < colPtr[c + 1]; p++) {
                int pr = inv[rowIdx[p]];
                int col = Math.max(pr, pc);
                int slot = Arrays.binarySearch(ai, ap[col], ap[col + 1], Math.min(pr, pc));
                target[p] = pr <= pc ? slot : ~slot;
            }
        }
        // elimination tree and column counts
        parent = new int[n];
        lp = new int[n + 1];
        int[] count = new int[n];
        int[] flag = new int[n];
        for (int k = 0; k < n; k++) {
            parent[k] = -1;
            flag[k] = k;
            for (int p = ap[k]; p < ap[k + 1]; p++) {
                for (int i = ai[p]; i < k && flag[i] != k; i = parent[i]) {
                    if (parent[i] == -1) {
                        parent[i] = k;
                    }
                    count[i]++;
                    flag[i] = k;
                }
            }
        }
        long total = 0;
        for (int k = 0; k < n; k++) {
            total += count[k];
            if (total > Integer.MAX_VALUE - 8) {
                throw new SimulationException("sparse LDL' factor of " + n + " unknowns needs more than 2^31 entries;"
                        + " use an iterative solver (conjugate gradients) at this size");
            }
            lp[k + 1] = (int) total;
        }
    }

    private static void checkPattern(int n, int[] colPtr, int[] rowIdx) {
        if (n < 0 || colPtr.length != n + 1 || colPtr[0] != 0 || colPtr[n] > rowIdx.length) {
            throw new IllegalArgumentException("pattern: " + colPtr.length + " column pointers for " + n
                    + " columns; expected n + 1 starting at 0 and ending within the " + rowIdx.length + " row indices");
        }
        for (int c = 0; c < n; c++) {
            if (colPtr[c + 1] < colPtr[c]) {
                throw new IllegalArgumentException("pattern: column pointers decrease at column " + c);
            }
            for (int p = colPtr[c]; p < colPtr[c + 1]; p++) {
                if (rowIdx[p] < 0 || rowIdx[p] >= n) {
                    throw new IllegalArgumentException("pattern: row index " + rowIdx[p] + " in column " + c
                            + "; expected 0.." + (n - 1));
                }
            }
        }
    }

    /**
     * Analyses the pattern of A (compressed columns, any triangle or both; a symmetric A may be given by one
     * triangle) in the elimination order {@code order} (order[k] = the unknown eliminated at step k).
     */
    public static SymbolicFactorization analyse(int n, int[] colPtr, int[] rowIdx, int[] order) {
        return new SymbolicFactorization(n, colPtr, rowIdx, order);
    }

    /** Number of unknowns. */
    public int size() {
        return n;
    }

    /** Entries of A this structure takes values for (the length of a value array). */
    public int inputNonZeros() {
        return target.length;
    }

    /** Non-zeros of L below the diagonal. */
    public long factorNonZeros() {
        return lp[n];
    }

    /** The elimination order: order[k] = the unknown eliminated at step k (a copy). */
    public int[] order() {
        return perm.clone();
    }

    /** The elimination position of an unknown (the inverse of {@link #order()}). */
    public int position(int unknown) {
        return inv[unknown];
    }

    /**
     * The positions a right-hand side entering at {@code positions} reaches in a forward substitution with L: their
     * ancestors in the elimination tree (themselves included), increasing.
     */
    public int[] reach(int[] positions) {
        boolean[] in = new boolean[n];
        int count = 0;
        for (int start : positions) {
            for (int k = start; k >= 0 && !in[k]; k = parent[k]) {
                in[k] = true;
                count++;
            }
        }
        int[] out = new int[count];
        int c = 0;
        for (int k = 0; k < n; k++) {
            if (in[k]) {
                out[c++] = k;
            }
        }
        return out;
    }
}
