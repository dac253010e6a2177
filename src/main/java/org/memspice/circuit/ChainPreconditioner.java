package org.memspice.circuit;

import java.util.Arrays;

/**
 * Algebraic line (chain) preconditioner for a symmetric M-matrix: the unknowns are grouped into chains
 * along their strongest couplings, each chain's tridiagonal block is factored once by the Thomas
 * algorithm, and the preconditioner is block Jacobi over the chains (line relaxation; Saad, "Iterative
 * Methods for Sparse Linear Systems", 2nd ed., 10.5 block preconditioners). Chains come from a greedy
 * path cover: couplings are taken from the strongest down; a coupling joins two unknowns if each has
 * fewer than two chain neighbours, they are not yet in one chain, and it is at least {@code ratio} times
 * the strongest coupling of both ends. The word and bit lines of a crossbar and the rows of a resistive
 * mesh come out as chains with no knowledge of the structure; without strong couplings the chains are
 * single unknowns and the preconditioner is Jacobi.
 */
final class ChainPreconditioner {
    private final int n;
    /** Unknowns in chain order. */
    private final int[] order;
    /** Start of each chain in {@link #order}, and n at the end. */
    private final int[] chainStart;
    /** Thomas factors in chain order: coupling to the previous unknown, 1 / pivot, modified upper entry. */
    private final double[] lower;
    private final double[] invPivot;
    private final double[] upper;
    private final double[] work;
    /** Share of the total coupling conductance that lies along the chains. */
    private final double captured;

    ChainPreconditioner(NodalForm g, double ratio) {
        n = g.n;
        int[] rp = g.rowPtr, col = g.col;
        double[] val = g.val;
        double[] strongest = new double[n];
        int edges = 0;
        for (int i = 0; i < n; i++) {
            for (int k = rp[i]; k < rp[i + 1]; k++) {
                int j = col[k];
                if (j == i) continue;
                strongest[i] = Math.max(strongest[i], -val[k]);
                if (j > i) edges++;
            }
        }
        // couplings sorted by strength: float bits of the conductance (monotone for positive values), slot
        long[] keys = new long[edges];
        int[] slotI = new int[edges];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int k = rp[i]; k < rp[i + 1]; k++) {
                int j = col[k];
                if (j <= i) continue;
                float w = (float) Math.max(-val[k], 0.0);
                keys[m] = ((long) Float.floatToIntBits(w) << 32) | m;
                slotI[m] = k;
                m++;
            }
        }
        int[] owner = new int[edges];
        for (int i = 0, e = 0; i < n; i++) {
            for (int k = rp[i]; k < rp[i + 1]; k++) if (col[k] > i) owner[e++] = i;
        }
        Arrays.sort(keys);
        int[] left = new int[n];
        int[] right = new int[n];
        Arrays.fill(left, -1);
        Arrays.fill(right, -1);
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        double total = 0, along = 0;
        for (int q = edges - 1; q >= 0; q--) {
            int e = (int) keys[q];
            int k = slotI[e];
            int i = owner[e], j = col[k];
            double w = -val[k];
            if (w > 0) total += w;
            if (!(w > 0) || w < ratio * strongest[i] || w < ratio * strongest[j]) continue;
            if (right[i] >= 0 || right[j] >= 0) continue;    // two neighbours already
            int ri = find(parent, i), rj = find(parent, j);
            if (ri == rj) continue;                          // would close a cycle
            parent[ri] = rj;
            along += w;
            link(left, right, i, j);
            link(left, right, j, i);
        }
        captured = total > 0 ? along / total : 1.0;
        // walk the chains from their ends
        order = new int[n];
        int[] starts = new int[n + 1];
        boolean[] seen = new boolean[n];
        int pos = 0, chains = 0;
        for (int i = 0; i < n; i++) {
            if (seen[i] || right[i] >= 0) continue;          // start only at an end (at most one neighbour)
            starts[chains++] = pos;
            int prev = -1, cur = i;
            while (cur >= 0) {
                seen[cur] = true;
                order[pos++] = cur;
                int next = left[cur] != prev ? left[cur] : right[cur];
                if (next == prev) next = -1;
                prev = cur;
                cur = next;
            }
        }
        starts[chains] = pos;
        chainStart = Arrays.copyOf(starts, chains + 1);
        lower = new double[n];
        invPivot = new double[n];
        upper = new double[n];
        work = new double[n];
        for (int c = 0; c < chains; c++) {
            int s = chainStart[c], e = chainStart[c + 1];
            double prevUpper = 0;
            for (int p = s; p < e; p++) {
                int i = order[p];
                double a = p > s ? entry(g, i, order[p - 1]) : 0.0;
                double b = g.diag[i];
                double cUp = p + 1 < e ? entry(g, i, order[p + 1]) : 0.0;
                double pivot = b - a * prevUpper;
                lower[p] = a;
                invPivot[p] = 1.0 / pivot;
                upper[p] = cUp / pivot;
                prevUpper = upper[p];
            }
        }
    }

    private static void link(int[] left, int[] right, int i, int j) {
        if (left[i] < 0) left[i] = j;
        else right[i] = j;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static double entry(NodalForm g, int i, int j) {
        int lo = g.rowPtr[i], hi = g.rowPtr[i + 1];
        int k = Arrays.binarySearch(g.col, lo, hi, j);
        return k >= 0 ? g.val[k] : 0.0;
    }

    /** Number of chains (single unknowns included). */
    int chainCount() {
        return chainStart.length - 1;
    }

    /**
     * Share of the coupling conductance between unknowns that lies along the chains: near 1 when the
     * network is made of lines coupled weakly to each other (crossbar word and bit lines), where line
     * relaxation converges in a few iterations; about 1/2 for an isotropic mesh.
     */
    double capturedCoupling() {
        return captured;
    }

    /** Length of the longest chain. */
    int longestChain() {
        int best = 0;
        for (int c = 0; c + 1 < chainStart.length; c++) best = Math.max(best, chainStart[c + 1] - chainStart[c]);
        return best;
    }

    /** z = B^-1 r, B the block diagonal of the chains (Thomas algorithm per chain). */
    void apply(double[] r, double[] z) {
        int[] ord = order;
        double[] d = work;
        for (int c = 0, chains = chainStart.length - 1; c < chains; c++) {
            int s = chainStart[c], e = chainStart[c + 1];
            double prev = 0;
            for (int p = s; p < e; p++) {
                prev = (r[ord[p]] - lower[p] * prev) * invPivot[p];
                d[p] = prev;
            }
            double next = 0;
            for (int p = e - 1; p >= s; p--) {
                next = d[p] - upper[p] * next;
                z[ord[p]] = next;
            }
        }
    }
}
