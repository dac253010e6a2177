package org.memspice.crossbar;

/**
 * Block-diagonal preconditioner of the crossbar nodal matrix: every word line and every bit line is a
 * tridiagonal block (its segments, its end conductance and its devices on the diagonal), solved exactly by
 * the Thomas algorithm; the device couplings between the two line families are what the conjugate
 * gradient iteration resolves. The factors are computed once per network.
 *
 * <p>Thomas algorithm for symmetric tridiagonal systems as an LDL' sweep (Golub and Van Loan, Matrix
 * Computations, 4th ed., section 4.3.6). Bit lines are swept row by row across all columns at once, so
 * every sweep reads memory contiguously.
 */
final class LineBlockPreconditioner {
    private final CrossbarNetwork net;
    /** 1/m_k, the inverted pivots of the LDL' factors, word lines then bit lines. */
    private final double[] invPivot;
    /** f_k = -offdiag/m_k: multipliers of the forward and backward sweeps. */
    private final double[] mult;

    LineBlockPreconditioner(CrossbarNetwork net) {
        this.net = net;
        int m = net.rows;
        int n = net.cols;
        int mn = m * n;
        invPivot = new double[2 * mn];
        mult = new double[2 * mn];
        double[] d = net.diag;
        for (int i = 0; i < m; i++) {
            double pivot = 0;
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                pivot = j == 0 ? d[k] : d[k] - net.gw * mult[k - 1];
                invPivot[k] = 1 / pivot;
                mult[k] = net.gw / pivot;
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = mn + i * n + j;
                double pivot = i == 0 ? d[k] : d[k] - net.gb * mult[k - n];
                invPivot[k] = 1 / pivot;
                mult[k] = net.gb / pivot;
            }
        }
    }

    /** z = P^-1 r for full vectors (word-line block then bit-line block, length 2*M*N). */
    void apply(double[] r, double[] z) {
        int mn = net.rows * net.cols;
        solveWordLines(r, 0, z, 0);
        solveBitLines(r, mn, z, mn);
    }

    /** Solves every word-line block: z[zo..zo+MN) = W^-1 r[ro..ro+MN). */
    void solveWordLines(double[] r, int ro, double[] z, int zo) {
        final int m = net.rows;
        final int n = net.cols;
        final double[] ip = invPivot;
        final double[] f = mult;
        // forward z_j = r_j + f_{j-1} z_{j-1}, backward x_j = z_j/m_j + f_j x_{j+1}
        for (int i = 0; i < m; i++) {
            int base = i * n;
            double prev = r[ro + base];
            z[zo + base] = prev;
            for (int k = base + 1; k < base + n; k++) {
                prev = r[ro + k] + f[k - 1] * prev;
                z[zo + k] = prev;
            }
            int last = base + n - 1;
            double next = z[zo + last] * ip[last];
            z[zo + last] = next;
            for (int k = last - 1; k >= base; k--) {
                next = z[zo + k] * ip[k] + f[k] * next;
                z[zo + k] = next;
            }
        }
    }

    /** Solves every bit-line block, row by row across all columns: z[zo..) = B^-1 r[ro..). */
    void solveBitLines(double[] r, int ro, double[] z, int zo) {
        final int m = net.rows;
        final int n = net.cols;
        final int mn = m * n;
        final double[] ip = invPivot;
        final double[] f = mult;
        for (int j = 0; j < n; j++) {
            z[zo + j] = r[ro + j];
        }
        for (int i = 1; i < m; i++) {
            int k0 = i * n;
            for (int k = k0; k < k0 + n; k++) {
                z[zo + k] = r[ro + k] + f[mn + k - n] * z[zo + k - n];
            }
        }
        int lastRow = (m - 1) * n;
        for (int k = lastRow; k < lastRow + n; k++) {
            z[zo + k] *= ip[mn + k];
        }
        for (int i = m - 2; i >= 0; i--) {
            int k0 = i * n;
            for (int k = k0; k < k0 + n; k++) {
                z[zo + k] = z[zo + k] * ip[mn + k] + f[mn + k] * z[zo + k + n];
            }
        }
    }
}
