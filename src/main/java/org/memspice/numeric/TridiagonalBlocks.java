package org.memspice.numeric;

/**
 * A block-diagonal matrix of independent symmetric tridiagonal blocks (lines, chains), factored once as L D L'
 * and solved by the Thomas algorithm (Golub and Van Loan, "Matrix Computations", 4th ed., 4.3.6). Two layouts:
 * {@link #runs} (each block a contiguous run of unknowns, of any length) and {@link #lanes} (equal-length
 * blocks side by side: unknown t of block b at t*lanes + b, so a sweep reads all blocks' entries of one step
 * contiguously, as the bit lines of a row-major crossbar).
 */
public final class TridiagonalBlocks {
    private final int n;
    /** Runs: start of each block, n at the end; lanes: null. */
    private final int[] start;
    private final int lanes;
    /** 1/d_t, the inverted pivots. */
    private final double[] invPivot;
    /** l_t = e_t / d_prev: the multiplier of the coupling e_t of unknown t to the previous one in its block. */
    private final double[] mult;

    private TridiagonalBlocks(int n, int[] start, int lanes, double[] diag, double[] coupling) {
        this.n = n;
        this.start = start;
        this.lanes = lanes;
        invPivot = new double[n];
        mult = new double[n];
        refactor(diag, coupling);
    }

    /**
     * Factors other values on the same blocks in place (no allocation): {@code diag} and {@code coupling} as for
     * {@link #runs} or {@link #lanes}.
     */
    public void refactor(double[] diag, double[] coupling) {
        if (diag.length != n || coupling.length < n) {
            throw new IllegalArgumentException(diag.length + " diagonal values for " + n + " unknowns");
        }
        if (start != null) {
            for (int b = 0; b + 1 < start.length; b++) {
                for (int t = start[b]; t < start[b + 1]; t++) {
                    pivot(t, t == start[b] ? -1 : t - 1, diag, coupling);
                }
            }
        } else {
            for (int t = 0; t < n; t++) {
                pivot(t, t < lanes ? -1 : t - lanes, diag, coupling);
            }
        }
    }

    private void pivot(int t, int prev, double[] diag, double[] coupling) {
        double l = prev < 0 ? 0 : coupling[t] * invPivot[prev];
        double d = diag[t] - (prev < 0 ? 0 : l * coupling[t]);
        if (!(d != 0) || !Double.isFinite(d)) {
            throw new org.memspice.SimulationException("tridiagonal block is singular: pivot " + d + " at unknown " + t);
        }
        mult[t] = l;
        invPivot[t] = 1 / d;
    }

    /**
     * Blocks of contiguous unknowns: block b is unknowns start[b] .. start[b+1]-1 (start ends with n);
     * coupling[t] is the entry between unknown t and t-1 (ignored at a block's first unknown).
     */
    public static TridiagonalBlocks runs(int[] start, double[] diag, double[] coupling) {
        return new TridiagonalBlocks(diag.length, start.clone(), 0, diag, coupling);
    }

    /**
     * {@code lanes} blocks of equal length side by side: unknown t of block b at t*lanes + b; coupling[k] is the
     * entry between unknown k and k - lanes (ignored in the first row).
     */
    public static TridiagonalBlocks lanes(int lanes, double[] diag, double[] coupling) {
        if (lanes < 1 || diag.length % lanes != 0) {
            throw new IllegalArgumentException(diag.length + " unknowns do not split into " + lanes + " lanes");
        }
        return new TridiagonalBlocks(diag.length, null, lanes, diag, coupling);
    }

    public int size() {
        return n;
    }

    /** z[zo..zo+n) = T^-1 r[ro..ro+n); z may be r (with the same offset). */
    public void solve(double[] r, int ro, double[] z, int zo) {
        final double[] ip = invPivot;
        final double[] l = mult;
        if (start != null) {
            // forward y_t = r_t - l_t y_(t-1), backward x_t = y_t / d_t - l_(t+1) x_(t+1)
            for (int b = 0; b + 1 < start.length; b++) {
                int first = start[b];
                int last = start[b + 1] - 1;
                if (last < first) {
                    continue;
                }
                double prev = r[ro + first];
                z[zo + first] = prev;
                for (int t = first + 1; t <= last; t++) {
                    prev = r[ro + t] - l[t] * prev;
                    z[zo + t] = prev;
                }
                double next = prev * ip[last];
                z[zo + last] = next;
                for (int t = last - 1; t >= first; t--) {
                    next = z[zo + t] * ip[t] - l[t + 1] * next;
                    z[zo + t] = next;
                }
            }
        } else {
            final int w = lanes;
            for (int t = 0; t < w; t++) {
                z[zo + t] = r[ro + t];
            }
            for (int t = w; t < n; t++) {
                z[zo + t] = r[ro + t] - l[t] * z[zo + t - w];
            }
            for (int t = n - w; t < n; t++) {
                z[zo + t] *= ip[t];
            }
            for (int t = n - w - 1; t >= 0; t--) {
                z[zo + t] = z[zo + t] * ip[t] - l[t + w] * z[zo + t + w];
            }
        }
    }
}
