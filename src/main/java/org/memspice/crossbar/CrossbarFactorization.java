package org.memspice.crossbar;

import org.memspice.numeric.LdlFactorization;
import org.memspice.numeric.NestedDissection;
import org.memspice.numeric.SymbolicFactorization;

/**
 * Direct solver for one crossbar and many right-hand sides: the nodal matrix permuted by nested
 * dissection (grid-line separators on the cells) and factored as L D L' ({@link LdlFactorization}); each
 * input vector then costs two triangular sweeps.
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
        final SymbolicFactorization symbolic;
        /** position[node] = the node's elimination position. */
        final int[] position;
        /** The elimination positions a unit source on any driver node reaches in the forward sweep, increasing. */
        final int[] driverReach;
        /** For each block of {@link PortReduction#BLOCK} columns: the positions its cells reach, increasing. */
        final int[][] columnReach;

        private Structure(CrossbarNetwork net, int[] order) {
            rows = net.rows;
            cols = net.cols;
            wordLinesFixed = net.wordLinesFixed;
            bitLinesFixed = net.bitLinesFixed;
            int size = net.size();
            int[] ap = new int[size + 1];
            int[] ai = new int[3 * size];
            upperPattern(net, ap, ai, null);
            symbolic = SymbolicFactorization.analyse(size, ap, java.util.Arrays.copyOf(ai, ap[size]), order);
            position = new int[size];
            for (int k = 0; k < size; k++) {
                position[k] = symbolic.position(k);
            }
            int[] drivers = new int[rows];
            for (int i = 0; i < rows; i++) {
                drivers[i] = position[i * cols];
            }
            driverReach = symbolic.reach(drivers);
            columnReach = new int[(cols + PortReduction.BLOCK - 1) / PortReduction.BLOCK][];
            int mn = rows * cols;
            for (int b = 0; b < columnReach.length; b++) {
                int c0 = b * PortReduction.BLOCK;
                int c1 = Math.min(cols, c0 + PortReduction.BLOCK);
                int[] cells = new int[2 * rows * (c1 - c0)];
                int t = 0;
                for (int i = 0; i < rows; i++) {
                    for (int c = c0; c < c1; c++) {
                        cells[t++] = position[i * cols + c];
                        cells[t++] = position[mn + i * cols + c];
                    }
                }
                columnReach[b] = symbolic.reach(cells);
            }
        }

        /** The structure of {@code net}'s nodal matrix in nested-dissection order. */
        public static Structure of(CrossbarNetwork net) {
            return new Structure(net, nestedDissection(net.rows, net.cols));
        }

        static Structure of(CrossbarNetwork net, int[] order) {
            return new Structure(net, order);
        }

        /** True when {@code net} has this structure. */
        public boolean fits(CrossbarNetwork net) {
            return net.rows == rows && net.cols == cols && net.wordLinesFixed == wordLinesFixed
                    && net.bitLinesFixed == bitLinesFixed;
        }

        /** Nonzeros of the factor L. */
        public long factorNonzeros() {
            return symbolic.factorNonZeros();
        }
    }

    /**
     * The nested-dissection order of an array's nodes with grid-line separators on its cells (a line of cells,
     * both of their nodes, separates the array: a column of cells cuts every word line and holds its own bit
     * line, a row of cells cuts every bit line); order[k] = node (word-line node i*N+j, bit-line node MN+i*N+j).
     */
    static int[] nestedDissection(int rows, int cols) {
        int mn = rows * cols;
        int[] cellRow = new int[2 * mn];
        int[] cellCol = new int[2 * mn];
        int[] cellMajor = new int[2 * mn];
        for (int k = 0; k < mn; k++) {
            cellRow[k] = cellRow[mn + k] = k / cols;
            cellCol[k] = cellCol[mn + k] = k % cols;
            cellMajor[2 * k] = k;
            cellMajor[2 * k + 1] = mn + k;
        }
        return NestedDissection.order(cellMajor, NestedDissection.gridLines(cellRow, cellCol));
    }

    /**
     * The upper triangle (row <= column) of the nodal matrix in node numbering, column by column: the
     * diagonal, the previous node on the same line and, for a bit-line node, its device's word-line node.
     * Writes the pattern into (ap, ai), and the values into ax when it is not null.
     */
    private static void upperPattern(CrossbarNetwork net, int[] ap, int[] ai, double[] ax) {
        int m = net.rows;
        int n = net.cols;
        int mn = m * n;
        int nz = 0;
        for (int c = 0; c < 2 * mn; c++) {
            if (ax != null) {
                ax[nz] = net.diag[c];
            }
            ai[nz++] = c;
            if (c < mn) {
                if (!net.wordLinesFixed && c % n > 0) {
                    if (ax != null) {
                        ax[nz] = -net.gw;
                    }
                    ai[nz++] = c - 1;
                }
            } else if (!net.bitLinesFixed) {
                int k = c - mn;
                if (k >= n) {
                    if (ax != null) {
                        ax[nz] = -net.gb;
                    }
                    ai[nz++] = c - n;
                }
                if (!net.wordLinesFixed) {
                    if (ax != null) {
                        ax[nz] = -net.g[k];
                    }
                    ai[nz++] = k;
                }
            }
            ap[c + 1] = nz;
        }
    }

    private final Structure structure;
    private final LdlFactorization ldl;
    private final int[] ap;
    private final int[] ai;
    private final double[] ax;
    private final double[] b;
    private final double[] nodes;
    private final double[] sourceCurrents;
    /** Workspace of the blocked port solves (right-hand sides interleaved in elimination order), made on first use. */
    private double[] portWork = new double[0];
    private double[] portReach = new double[0];
    private CrossbarArray array;
    private CrossbarNetwork net;

    public CrossbarFactorization(CrossbarArray array) {
        this(Structure.of(array.network()), array);
    }

    /** Factorization of {@code array} on a structure analysed before (same shape). */
    public CrossbarFactorization(Structure structure, CrossbarArray array) {
        this.structure = structure;
        this.ldl = new LdlFactorization(structure.symbolic);
        int size = 2 * structure.rows * structure.cols;
        ap = new int[size + 1];
        ai = new int[structure.symbolic.inputNonZeros()];
        ax = new double[ai.length];
        b = new double[size];
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
        upperPattern(n, ap, ai, ax);
        ldl.factor(ax);
        this.array = newArray;
        this.net = n;
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

    LdlFactorization ldl() {
        return ldl;
    }

    /** The workspace of the blocked port solves, at least {@code length} long, kept for the next refactor. */
    double[] portWorkspace(int length) {
        if (portWork.length < length) {
            portWork = new double[length];
        }
        return portWork;
    }

    /** A second workspace of the port reduction, at least {@code length} long, kept for the next refactor. */
    double[] portReachWorkspace(int length) {
        if (portReach.length < length) {
            portReach = new double[length];
        }
        return portReach;
    }

    /** Number of nonzeros of the factor L. */
    public long factorNonzeros() {
        return ldl.factorNonZeros();
    }

    /** Node voltages {@code x} (length 2*M*N) for word-line source voltages {@code vIn}. */
    @Override
    public void solve(double[] vIn, double[] x) {
        net.rightHandSide(vIn, b);
        ldl.solve(b, x);
    }

    /**
     * Node voltages for k source vectors at once: {@code vIn} holds k vectors (row-major k x M), {@code x}
     * receives k node-voltage vectors (row-major k x 2MN). One pass over the factor serves all k.
     */
    public void solve(double[] vIn, double[] x, int k) {
        int m = net.rows;
        int size = b.length;
        double[] rhs = new double[size * k];
        double[] v = new double[m];
        for (int r = 0; r < k; r++) {
            System.arraycopy(vIn, r * m, v, 0, m);
            net.rightHandSide(v, b);
            System.arraycopy(b, 0, rhs, r * size, size);
        }
        ldl.solve(rhs, x, k);
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
