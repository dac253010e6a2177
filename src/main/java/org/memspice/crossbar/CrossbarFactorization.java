package org.memspice.crossbar;

/**
 * Direct solver for one crossbar and many right-hand sides: the nodal matrix permuted by nested
 * dissection and factored as L D L'; each input vector then costs two triangular sweeps.
 *
 * <p>The symbolic phase ({@link Structure}: ordering, pattern, elimination tree) depends only on the
 * array's shape and on which lines are ideal, so it is analysed once per shape and shared; the numeric
 * phase is {@link #refactor} with the conductances of one programmed array.
 */
public final class CrossbarFactorization implements NodalSolver {

    /** Ordering and symbolic factorization of one array shape; immutable, shared between threads. */
    public static final class Structure {
        final int rows;
        final int cols;
        final boolean wordLinesFixed;
        final boolean bitLinesFixed;
        final int[] perm;
        final int[] inv;
        final SparseLdl.Symbolic symbolic;

        private Structure(CrossbarNetwork net, int[] perm) {
            rows = net.rows;
            cols = net.cols;
            wordLinesFixed = net.wordLinesFixed;
            bitLinesFixed = net.bitLinesFixed;
            int size = 2 * rows * cols;
            this.perm = perm;
            inv = new int[size];
            for (int p = 0; p < size; p++) {
                inv[perm[p]] = p;
            }
            // upper triangle (row <= column) of P A P', column by column
            int[] ap = new int[size + 1];
            int[] ai = new int[4 * size];
            int[] rowsBuf = new int[4];
            double[] valsBuf = new double[4];
            int nz = 0;
            for (int c = 0; c < size; c++) {
                ai[nz++] = c;
                int cnt = neighbours(net, perm[c], inv, rowsBuf, valsBuf);
                for (int t = 0; t < cnt; t++) {
                    if (rowsBuf[t] < c) {
                        ai[nz++] = rowsBuf[t];
                    }
                }
                ap[c + 1] = nz;
            }
            symbolic = new SparseLdl.Symbolic(size, ap, java.util.Arrays.copyOf(ai, nz));
        }

        /** The structure of {@code net}'s nodal matrix in nested-dissection order. */
        public static Structure of(CrossbarNetwork net) {
            return new Structure(net, NestedDissection.order(net.rows, net.cols));
        }

        static Structure of(CrossbarNetwork net, int[] perm) {
            return new Structure(net, perm);
        }

        /** True when {@code net} has this structure. */
        public boolean fits(CrossbarNetwork net) {
            return net.rows == rows && net.cols == cols && net.wordLinesFixed == wordLinesFixed
                    && net.bitLinesFixed == bitLinesFixed;
        }

        /** Nonzeros of the factor L. */
        public long factorNonzeros() {
            return symbolic.factorNonzeros();
        }
    }

    private final Structure structure;
    private final SparseLdl ldl;
    private final double[] ax;
    private final double[] b;
    private final double[] work;
    private final double[] nodes;
    private final double[] sourceCurrents;
    private CrossbarArray array;
    private CrossbarNetwork net;

    public CrossbarFactorization(CrossbarArray array) {
        this(Structure.of(array.network()), array);
    }

    /** Factorization of {@code array} on a structure analysed before (same shape). */
    public CrossbarFactorization(Structure structure, CrossbarArray array) {
        this.structure = structure;
        this.ldl = new SparseLdl(structure.symbolic);
        int size = 2 * structure.rows * structure.cols;
        ax = new double[structure.symbolic.ap[size]];
        b = new double[size];
        work = new double[size];
        nodes = new double[size];
        sourceCurrents = new double[structure.rows];
        refactor(array);
    }

    /** Numeric factorization of another array of the same shape (new conductances), reusing the structure. */
    public void refactor(CrossbarArray newArray) {
        CrossbarNetwork n = newArray.network();
        if (!structure.fits(n)) {
            throw new IllegalArgumentException("array " + n.rows + "x" + n.cols + " does not fit the structure "
                    + structure.rows + "x" + structure.cols);
        }
        int size = b.length;
        int[] rowsBuf = new int[4];
        double[] valsBuf = new double[4];
        int nz = 0;
        for (int c = 0; c < size; c++) {
            int node = structure.perm[c];
            ax[nz++] = n.diag[node];
            int cnt = neighbours(n, node, structure.inv, rowsBuf, valsBuf);
            for (int t = 0; t < cnt; t++) {
                if (rowsBuf[t] < c) {
                    ax[nz++] = valsBuf[t];
                }
            }
        }
        ldl.factor(ax);
        this.array = newArray;
        this.net = n;
    }

    private static int neighbours(CrossbarNetwork net, int node, int[] inv, int[] rows, double[] vals) {
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

    @Override
    public CrossbarArray array() {
        return array;
    }

    public CrossbarNetwork network() {
        return net;
    }

    public Structure structure() {
        return structure;
    }

    /** Number of nonzeros of the factor L. */
    public long factorNonzeros() {
        return ldl.factorNonzeros();
    }

    /** Node voltages {@code x} (length 2*M*N) for word-line source voltages {@code vIn}. */
    @Override
    public void solve(double[] vIn, double[] x) {
        net.rightHandSide(vIn, b);
        int size = b.length;
        int[] perm = structure.perm;
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
        int[] perm = structure.perm;
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

    @Override
    public void columnCurrents(double[] v, double[] out) {
        solve(v, nodes);
        net.columnCurrents(nodes, out);
    }

    @Override
    public double sourcePower(double[] v) {
        solve(v, nodes);
        return net.sourcePower(v, nodes, sourceCurrents);
    }
}
