package org.memspice.crossbar;

/**
 * Direct solver for one crossbar and many right-hand sides: the nodal matrix permuted by nested
 * dissection and factored once as L D L'; each further input vector costs two triangular sweeps.
 */
public final class CrossbarFactorization {
    private final CrossbarNetwork net;
    private final int[] perm;
    private final SparseLdl ldl;
    private final double[] b;
    private final double[] work;

    public CrossbarFactorization(CrossbarNetwork net) {
        this(net, NestedDissection.order(net.rows, net.cols));
    }

    /** Factorization in a given elimination order, perm[newIndex] = node. */
    CrossbarFactorization(CrossbarNetwork net, int[] perm) {
        this.net = net;
        int mn = net.rows * net.cols;
        int size = 2 * mn;
        this.perm = perm;
        int[] inv = new int[size];
        for (int p = 0; p < size; p++) {
            inv[perm[p]] = p;
        }
        // upper triangle (row <= column) of P A P', column by column
        int[] ap = new int[size + 1];
        int[] rowsBuf = new int[4];
        double[] valsBuf = new double[4];
        int[] ai = new int[4 * size];
        double[] ax = new double[4 * size];
        int nz = 0;
        for (int c = 0; c < size; c++) {
            int node = perm[c];
            ai[nz] = c;
            ax[nz] = net.diag[node];
            nz++;
            int cnt = neighbours(node, inv, rowsBuf, valsBuf);
            for (int t = 0; t < cnt; t++) {
                if (rowsBuf[t] < c) {
                    ai[nz] = rowsBuf[t];
                    ax[nz] = valsBuf[t];
                    nz++;
                }
            }
            ap[c + 1] = nz;
        }
        ldl = new SparseLdl(size, ap, ai);
        ldl.factor(ax);
        b = new double[size];
        work = new double[size];
    }

    private int neighbours(int node, int[] inv, int[] rows, double[] vals) {
        int m = net.rows;
        int n = net.cols;
        int mn = m * n;
        int cnt = 0;
        if (node < mn) {
            if (net.wordLinesFixed) {
                return 0;
            }
            int j = node % n;
            if (j > 0) {
                rows[cnt] = inv[node - 1];
                vals[cnt++] = -net.gw;
            }
            if (j < n - 1) {
                rows[cnt] = inv[node + 1];
                vals[cnt++] = -net.gw;
            }
            if (!net.bitLinesFixed) {
                rows[cnt] = inv[mn + node];
                vals[cnt++] = -net.g[node];
            }
        } else {
            if (net.bitLinesFixed) {
                return 0;
            }
            int k = node - mn;
            int i = k / n;
            if (i > 0) {
                rows[cnt] = inv[node - n];
                vals[cnt++] = -net.gb;
            }
            if (i < m - 1) {
                rows[cnt] = inv[node + n];
                vals[cnt++] = -net.gb;
            }
            if (!net.wordLinesFixed) {
                rows[cnt] = inv[k];
                vals[cnt++] = -net.g[k];
            }
        }
        return cnt;
    }

    public CrossbarNetwork network() {
        return net;
    }

    /** Number of nonzeros of the factor L. */
    public long factorNonzeros() {
        return ldl.factorNonzeros();
    }

    /** Node voltages {@code x} (length 2*M*N) for word-line source voltages {@code vIn}. */
    public void solve(double[] vIn, double[] x) {
        net.rightHandSide(vIn, b);
        int size = b.length;
        for (int p = 0; p < size; p++) {
            work[p] = b[perm[p]];
        }
        ldl.solve(work);
        for (int p = 0; p < size; p++) {
            x[perm[p]] = work[p];
        }
    }

    /**
     * Node voltages for k source vectors at once: {@code vIn} holds k vectors (row-major k x M), {@code x}
     * receives k node-voltage vectors (row-major k x 2MN). One pass over the factor serves all k.
     */
    public void solve(double[] vIn, double[] x, int k) {
        int m = net.rows;
        int size = b.length;
        double[] block = new double[size * k];
        double[] v = new double[m];
        for (int r = 0; r < k; r++) {
            System.arraycopy(vIn, r * m, v, 0, m);
            net.rightHandSide(v, b);
            for (int p = 0; p < size; p++) {
                block[p * k + r] = b[perm[p]];
            }
        }
        ldl.solve(block, k);
        for (int r = 0; r < k; r++) {
            int base = r * size;
            for (int p = 0; p < size; p++) {
                x[base + perm[p]] = block[p * k + r];
            }
        }
    }
}
