package org.memspice.circuit;

import org.memspice.numeric.Preconditioner;
import org.memspice.numeric.TridiagonalBlocks;

import java.util.Arrays;

/**
 * Algebraic line (chain) preconditioner for a symmetric M-matrix: the unknowns are grouped into chains
 * along their strongest couplings, each chain's tridiagonal block is factored once by the Thomas
 * algorithm, and the preconditioner is block Jacobi over the chains (line relaxation; Saad, "Iterative
 * Methods for Sparse Linear Systems", 2nd ed., 10.5 block preconditioners). Chains: every unknown picks
 * its (at most) two strongest couplings among those at least {@code ratio} times its strongest one, so
 * that they dominate its other couplings; a coupling picked by both of its ends joins them (a link that
 * would close a cycle is dropped). The word and bit lines of a crossbar come out as chains with no
 * knowledge of the structure, as do the strong directions of an anisotropic mesh; ties are broken by
 * unknown number. Without strong couplings the chains are single unknowns and the preconditioner is
 * Jacobi.
 */
final class ChainPreconditioner implements Preconditioner {
    private final int n;
    /** Unknowns in chain order. */
    private final int[] order;
    /** Start of each chain in {@link #order}, and n at the end. */
    private final int[] chainStart;
    /** The chains' tridiagonal blocks, unknowns in chain order. */
    private final TridiagonalBlocks blocks;
    private final double[] work;
    /** Share of the total coupling conductance that lies along the chains. */
    private final double captured;

    ChainPreconditioner(NodalForm g, double ratio) {
        n = g.n;
        int[] rp = g.rowPtr, col = g.col;
        double[] val = g.val;
        // each unknown's two strongest couplings that are within ratio of its strongest one
        int[] first = new int[n];
        int[] second = new int[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double strongest = 0;
            for (int k = rp[i]; k < rp[i + 1]; k++) {
                if (col[k] != i) strongest = Math.max(strongest, -val[k]);
            }
            int f = -1, sIdx = -1;
            double fw = 0, sw = 0;
            double floor = ratio * strongest;
            for (int k = rp[i]; k < rp[i + 1]; k++) {
                int j = col[k];
                double w = -val[k];
                if (j == i || !(w > 0)) continue;
                if (j > i) total += w;
                if (w < floor) continue;
                if (w > fw) {
                    sIdx = f;
                    sw = fw;
                    f = j;
                    fw = w;
                } else if (w > sw) {
                    sIdx = j;
                    sw = w;
                }
            }
            first[i] = f;
            second[i] = sIdx;
        }
        // a coupling joins two unknowns when each chose the other; a link that would close a cycle is dropped
        int[] left = new int[n];
        int[] right = new int[n];
        Arrays.fill(left, -1);
        Arrays.fill(right, -1);
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        double along = 0;
        for (int i = 0; i < n; i++) {
            for (int side = 0; side < 2; side++) {
                int j = side == 0 ? first[i] : second[i];
                if (j <= i || first[j] != i && second[j] != i) continue;
                int ri = find(parent, i), rj = find(parent, j);
                if (ri == rj) continue;
                parent[ri] = rj;
                along -= entry(g, i, j);
                link(left, right, i, j);
                link(left, right, j, i);
            }
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
        double[] diag = new double[n];
        double[] coupling = new double[n];
        for (int c = 0; c < chains; c++) {
            for (int p = chainStart[c]; p < chainStart[c + 1]; p++) {
                diag[p] = g.diag[order[p]];
                coupling[p] = p > chainStart[c] ? entry(g, order[p], order[p - 1]) : 0.0;
            }
        }
        blocks = TridiagonalBlocks.runs(chainStart, diag, coupling);
        work = new double[n];
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

    /** z = B^-1 r, B the block diagonal of the chains (Thomas algorithm per chain); returns r'z. */
    @Override
    public double apply(double[] r, double[] z) {
        int[] ord = order;
        double[] w = work;
        for (int p = 0; p < n; p++) w[p] = r[ord[p]];
        blocks.solve(w, 0, w, 0);
        double rz = 0;
        for (int p = 0; p < n; p++) {
            int i = ord[p];
            z[i] = w[p];
            rz += r[i] * w[p];
        }
        return rz;
    }
}
