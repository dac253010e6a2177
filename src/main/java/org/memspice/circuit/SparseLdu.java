package org.memspice.circuit;

/**
 * A = L D U on a fixed symmetric structure with static (diagonal) pivots: the symbolic phase computes the
 * elimination tree of A + A' and the row patterns of L (Davis, "Direct Methods for Sparse Linear Systems",
 * SIAM 2006, 4.1 etree and 4.2 ereach), once per structure; each numeric factorization is then an
 * up-looking sweep over precomputed index lists with no graph search and no allocation. A pivot that is
 * zero or negligible against its row and column makes {@link #factor} return false (the caller then
 * factors with partial pivoting).
 */
final class SparseLdu {
    private final int n;
    private final int[] ap, ai;            // A, compressed columns
    private final int[] rowPtr, rowCol, rowSlot;   // A by rows: column index and slot in A's values
    private final int[] lp, li;            // columns of L (strictly lower; rows increasing); U' has the same pattern
    private final int[] rp, ri, rs;        // row k of L: columns ri[rp[k]..rp[k+1]) in topological order, slots rs
    private final double[] lx, ux, d, x, z;
    /** Slot of the transposed entry of each slot, or -1 if the pattern lacks it. */
    private final int[] transposeSlot;
    private boolean symmetric;

    SparseLdu(int n, int[] colPtr, int[] rowIdx) {
        this.n = n;
        this.ap = colPtr;
        this.ai = rowIdx;
        int nz = colPtr[n];
        // rows of A
        rowPtr = new int[n + 1];
        for (int k = 0; k < nz; k++) rowPtr[rowIdx[k] + 1]++;
        for (int i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
        rowCol = new int[nz];
        rowSlot = new int[nz];
        int[] next = java.util.Arrays.copyOf(rowPtr, n);
        for (int c = 0; c < n; c++) {
            for (int k = colPtr[c]; k < colPtr[c + 1]; k++) {
                int q = next[rowIdx[k]]++;
                rowCol[q] = c;
                rowSlot[q] = k;
            }
        }
        // upper pattern of A + A': for column k, rows i < k from column k and from row k of A
        // elimination tree (Davis 4.1, with path compression through ancestor[])
        int[] parent = new int[n];
        int[] ancestor = new int[n];
        for (int k = 0; k < n; k++) {
            parent[k] = -1;
            ancestor[k] = -1;
            for (int pass = 0; pass < 2; pass++) {
                int from = pass == 0 ? colPtr[k] : rowPtr[k], to = pass == 0 ? colPtr[k + 1] : rowPtr[k + 1];
                for (int p = from; p < to; p++) {
                    int i = pass == 0 ? rowIdx[p] : rowCol[p];
                    while (i != -1 && i < k) {
                        int inext = ancestor[i];
                        ancestor[i] = k;
                        if (inext == -1) parent[i] = k;
                        i = inext;
                    }
                }
            }
        }
        // row patterns of L by ereach (Davis 4.2): first count, then store
        int[] mark = new int[n];
        java.util.Arrays.fill(mark, -1);
        int[] stack = new int[n];
        int[] colCount = new int[n];
        long total = 0;
        for (int k = 0; k < n; k++) {
            int top = ereach(k, parent, mark, stack);
            for (int t = top; t < n; t++) colCount[stack[t]]++;
            total += n - top;
        }
        if (total > Integer.MAX_VALUE - 16) throw new IllegalStateException("factor too large: " + total + " entries");
        int nl = (int) total;
        lp = new int[n + 1];
        for (int i = 0; i < n; i++) lp[i + 1] = lp[i] + colCount[i];
        li = new int[nl];
        rp = new int[n + 1];
        ri = new int[nl];
        rs = new int[nl];
        int[] fill = java.util.Arrays.copyOf(lp, n);
        java.util.Arrays.fill(mark, -1);
        int q = 0;
        for (int k = 0; k < n; k++) {
            int top = ereach(k, parent, mark, stack);
            for (int t = top; t < n; t++) {
                int i = stack[t];
                int slot = fill[i]++;
                li[slot] = k;
                ri[q] = i;
                rs[q] = slot;
                q++;
            }
            rp[k + 1] = q;
        }
        transposeSlot = new int[nz];
        for (int c = 0; c < n; c++) {
            for (int k = colPtr[c]; k < colPtr[c + 1]; k++) {
                int r = rowIdx[k];
                int t = java.util.Arrays.binarySearch(rowIdx, colPtr[r], colPtr[r + 1], c);
                transposeSlot[k] = t >= 0 ? t : -1;
            }
        }
        lx = new double[nl];
        ux = new double[nl];
        d = new double[n];
        x = new double[n];
        z = new double[n];
    }

    /** Nodes of row k of L in topological order in stack[top..n). */
    private int ereach(int k, int[] parent, int[] mark, int[] stack) {
        int top = n;
        mark[k] = k;
        for (int pass = 0; pass < 2; pass++) {
            int from = pass == 0 ? ap[k] : rowPtr[k], to = pass == 0 ? ap[k + 1] : rowPtr[k + 1];
            for (int p = from; p < to; p++) {
                int i = pass == 0 ? ai[p] : rowCol[p];
                if (i >= k) continue;
                int len = 0;
                for (; mark[i] != k; i = parent[i]) {
                    stack[len++] = i;
                    mark[i] = k;
                }
                while (len > 0) stack[--top] = stack[--len];
            }
        }
        return top;
    }

    /** Position of the negligible pivot of the last failed factorization (-1 if none). */
    int failedAt = -1;

    /** Entries of L (and of U). */
    long factorNonZeros() {
        return lx.length;
    }

    /** Factors A with values ax (compressed-column slots); false if a pivot is negligible. */
    boolean factor(double[] ax) {
        failedAt = -1;
        // symmetric values (resistive networks with grounded sources): U = L', half the work
        symmetric = true;
        for (int p = 0; p < ax.length && symmetric; p++) {
            int t = transposeSlot[p];
            symmetric = t >= 0 && ax[t] == ax[p];
        }
        return symmetric ? factorSymmetric(ax) : factorGeneral(ax);
    }

    private boolean factorSymmetric(double[] ax) {
        for (int k = 0; k < n; k++) {
            double dk = 0, scale = 0;
            for (int p = ap[k]; p < ap[k + 1]; p++) {
                int i = ai[p];
                double v = ax[p];
                scale = Math.max(scale, Math.abs(v));
                if (i < k) x[i] += v;
                else if (i == k) dk += v;
            }
            for (int q = rp[k]; q < rp[k + 1]; q++) {
                int i = ri[q];
                int slot = rs[q];
                double xi = x[i];
                x[i] = 0;
                for (int p = lp[i]; p < slot; p++) x[li[p]] -= lx[p] * xi;
                double lki = xi / d[i];
                lx[slot] = lki;
                dk -= lki * xi;
            }
            if (!(Math.abs(dk) > 1e-13 * scale) || !Double.isFinite(dk)) {
                failedAt = k;
                java.util.Arrays.fill(x, 0.0);
                return false;
            }
            d[k] = dk;
        }
        return true;
    }

    private boolean factorGeneral(double[] ax) {
        for (int k = 0; k < n; k++) {
            double dk = 0, scale = 0;
            for (int p = ap[k]; p < ap[k + 1]; p++) {
                int i = ai[p];
                double v = ax[p];
                scale = Math.max(scale, Math.abs(v));
                if (i < k) x[i] += v;
                else if (i == k) dk += v;
            }
            for (int p = rowPtr[k]; p < rowPtr[k + 1]; p++) {
                int j = rowCol[p];
                double v = ax[rowSlot[p]];
                scale = Math.max(scale, Math.abs(v));
                if (j < k) z[j] += v;
            }
            for (int q = rp[k]; q < rp[k + 1]; q++) {
                int i = ri[q];
                int slot = rs[q];
                double xi = x[i], zi = z[i];
                x[i] = 0;
                z[i] = 0;
                for (int p = lp[i]; p < slot; p++) {
                    int r = li[p];
                    x[r] -= lx[p] * xi;
                    z[r] -= ux[p] * zi;
                }
                double di = d[i];
                double lki = zi / di;
                lx[slot] = lki;
                ux[slot] = xi / di;
                dk -= lki * xi;
            }
            if (!(Math.abs(dk) > 1e-13 * scale) || !Double.isFinite(dk)) {
                failedAt = k;
                // leave the workspaces clean for the next attempt
                java.util.Arrays.fill(x, 0.0);
                java.util.Arrays.fill(z, 0.0);
                return false;
            }
            d[k] = dk;
        }
        return true;
    }

    /** Solves L D U y = b in place. */
    void solve(double[] y) {
        double[] ux = symmetric ? lx : this.ux;
        for (int i = 0; i < n; i++) {
            double yi = y[i];
            if (yi != 0) for (int p = lp[i]; p < lp[i + 1]; p++) y[li[p]] -= lx[p] * yi;
        }
        for (int i = 0; i < n; i++) y[i] /= d[i];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = lp[i]; p < lp[i + 1]; p++) s -= ux[p] * y[li[p]];
            y[i] = s;
        }
    }
}
