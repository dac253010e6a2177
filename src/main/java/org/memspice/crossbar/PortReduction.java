package org.memspice.crossbar;

/**
 * Exact reduction of an array in linear read mode to its ports: the sense currents are a linear map of the
 * word-line source voltages, I_col = T V, and the source currents are I_src = Y V, so the power drawn is
 * V'YV. Through the LDL' factorization of an array whose lines all have wires, T and Y come from forward
 * substitutions only (the adjoint of the column-current functional, and bilinear forms over the
 * elimination-tree reach of the driver nodes; see {@link #rebuild}); with ideal lines, and through any other
 * nodal solver, column by column from one solve per input port with a unit source on that port and zero on the
 * others. {@link #rebuild} redoes it in place for a re-programmed array of the same shape.
 */
public final class PortReduction implements ReadSolver {
    /** Right-hand sides solved together per pass over the factor (at most). */
    static final int BLOCK = 16;
    private CrossbarArray array;
    private final int inputs;
    private final int columns;
    /** Physical column currents per volt, input-major: tin[i*columns + c] = T(c, i). */
    private final double[] tin;
    /** Input admittance, inputs x inputs, siemens. */
    private final double[] y;

    /** The reduction of the factorization's array, several unit ports per pass over the factor. */
    public PortReduction(CrossbarFactorization factorization) {
        CrossbarNetwork net = factorization.network();
        array = factorization.array();
        inputs = net.rows;
        columns = net.cols;
        tin = new double[columns * inputs];
        y = new double[inputs * inputs];
        reduce(factorization);
    }

    /** The reduction through any nodal solver, one unit port per solve. */
    public PortReduction(NodalSolver solver) {
        this(solver.array(), solver);
    }

    private PortReduction(CrossbarArray array, NodalSolver solver) {
        if (solver instanceof CrossbarFactorization f) {
            this.array = f.array();
            CrossbarNetwork net = f.network();
            inputs = net.rows;
            columns = net.cols;
            tin = new double[columns * inputs];
            y = new double[inputs * inputs];
            reduce(f);
            return;
        }
        this.array = array;
        CrossbarNetwork net = array.network();
        inputs = net.rows;
        columns = net.cols;
        tin = new double[columns * inputs];
        y = new double[inputs * inputs];
        int size = net.size();
        double[] one = new double[size];
        double[] unit = new double[inputs];
        double[] ic = new double[columns];
        double[] is = new double[inputs];
        for (int p = 0; p < inputs; p++) {
            java.util.Arrays.fill(unit, 0);
            unit[p] = 1;
            solver.solve(unit, one);
            net.columnCurrents(one, ic);
            net.sourceCurrents(unit, one, is);
            System.arraycopy(ic, 0, tin, p * columns, columns);
            for (int q = 0; q < inputs; q++) {
                y[q * inputs + p] = is[q];
            }
        }
    }

    /**
     * Rebuilds this reduction in place from a factorization of an array of the same shape (a re-programmed array:
     * new conductances, possibly other wire resistances), reusing its storage.
     */
    public void rebuild(CrossbarFactorization factorization) {
        CrossbarNetwork net = factorization.network();
        if (net.rows != inputs || net.cols != columns) {
            throw new IllegalArgumentException("array " + net.rows + "x" + net.cols + " does not fit a reduction of "
                    + inputs + "x" + columns);
        }
        array = factorization.array();
        reduce(factorization);
    }

    /**
     * T and Y from blocks of unit-port solves interleaved in elimination order (the k values of one node side by
     * side): a unit source enters at its driver node only, so the forward sweep skips what it does not reach; the
     * column currents are the device currents summed down each column, in the same order as
     * {@link CrossbarNetwork#columnCurrents}.
     */
    private void reduce(CrossbarFactorization f) {
        CrossbarNetwork net = f.network();
        if (!net.wordLinesFixed && !net.bitLinesFixed) {
            reduceForward(f);
            return;
        }
        final int m = inputs;
        final int cols = columns;
        final int mn = m * cols;
        final int size = net.size();
        final int[] pos = f.structure().position;
        final double[] g = net.g;
        final int block = Math.min(BLOCK, m);
        final double[] w = f.portWorkspace(block * size + block * cols);
        try {
            reduceBySolves(net, m, cols, mn, size, pos, g, block, w, f);
        } finally {
            java.util.Arrays.fill(w, 0.0);
        }
    }

    private void reduceBySolves(CrossbarNetwork net, int m, int cols, int mn, int size, int[] pos, double[] g,
                                int block, double[] w, CrossbarFactorization f) {
        final int acc = block * size;
        for (int p0 = 0; p0 < m; p0 += block) {
            final int k = Math.min(block, m - p0);
            java.util.Arrays.fill(w, 0, k * size, 0.0);
            for (int r = 0; r < k; r++) {
                int p = p0 + r;
                if (!net.wordLinesFixed) {
                    w[pos[p * cols] * k + r] = net.gDrive;
                } else {
                    for (int j = 0; j < cols; j++) {
                        int c = p * cols + j;
                        w[pos[c] * k + r] = 1;
                        if (!net.bitLinesFixed) {
                            w[pos[mn + c] * k + r] = g[c];
                        }
                    }
                }
            }
            f.ldl().solveInterleaved(w, k);
            // column currents: acc[c*k + r] = sum_i g_ic (v_word - v_bit), rows in order
            java.util.Arrays.fill(w, acc, acc + cols * k, 0.0);
            for (int i = 0; i < m; i++) {
                int base = i * cols;
                for (int c = 0; c < cols; c++) {
                    double gc = g[base + c];
                    int pw = pos[base + c] * k;
                    int pb = pos[mn + base + c] * k;
                    int a = acc + c * k;
                    for (int r = 0; r < k; r++) {
                        w[a + r] += gc * (w[pw + r] - w[pb + r]);
                    }
                }
            }
            for (int r = 0; r < k; r++) {
                int row = (p0 + r) * cols;
                for (int c = 0; c < cols; c++) {
                    tin[row + c] = w[acc + c * k + r];
                }
            }
            // source currents of every driver per unit port
            for (int q = 0; q < m; q++) {
                int yq = q * m + p0;
                if (!net.wordLinesFixed) {
                    int pq = pos[q * cols] * k;
                    for (int r = 0; r < k; r++) {
                        y[yq + r] = net.gDrive * ((q == p0 + r ? 1 : 0) - w[pq + r]);
                    }
                } else {
                    for (int r = 0; r < k; r++) {
                        double s = 0;
                        for (int j = 0; j < cols; j++) {
                            int c = q * cols + j;
                            s += g[c] * (w[pos[c] * k + r] - w[pos[mn + c] * k + r]);
                        }
                        y[yq + r] = s;
                    }
                }
            }
        }
    }

    /**
     * T and Y by forward substitutions only. With A = L D L', a unit source on port p the right-hand side
     * b_p = gDrive e_(driver p), and column c's current the functional e_c'E x = sum_i g_ic (v_word - v_bit):
     * T(c, p) = e_c'E A^-1 b_p = u_c' D^-1 v_p with u_c = L^-1 E'e_c and v_p = L^-1 b_p, and
     * Y(q, p) = gDrive (delta_qp - e_(driver q)' A^-1 b_p) = gDrive delta_qp - v_q' D^-1 v_p. v_p is non-zero only
     * on the ancestors of its driver node in the elimination tree, so the products run over the union of those
     * (a few per cent of the nodes), and no backward sweep is needed; u_c (dipoles down column c) reaches the
     * ancestors of one column of cells. The column current is the device sum, as in
     * {@link CrossbarNetwork#columnCurrents}, taken through the adjoint.
     */
    private void reduceForward(CrossbarFactorization f) {
        CrossbarNetwork net = f.network();
        final int m = inputs;
        final int cols = columns;
        final int mn = m * cols;
        final int size = net.size();
        final int[] pos = f.structure().position;
        final int[] reach = f.structure().driverReach;
        final int nr = reach.length;
        final double[] g = net.g;
        final org.memspice.numeric.LdlFactorization ldl = f.ldl();
        final int block = BLOCK;
        final int[][] columnReach = f.structure().columnReach;
        // zero outside what each block writes, and cleared again after it
        final double[] w = f.portWorkspace(block * size);
        // vc[t*m + p] = v_p at reach[t] / D; vr the same unscaled; uc[t*cols + c] = u_c at reach[t]
        final double[] comp = f.portReachWorkspace(nr * (2 * m + cols));
        final int vr = nr * m;
        final int uc = 2 * nr * m;
        for (int p0 = 0; p0 < m; p0 += block) {
            final int k = Math.min(block, m - p0);
            for (int r = 0; r < k; r++) {
                w[pos[(p0 + r) * cols] * k + r] = net.gDrive;
            }
            ldl.forwardInterleaved(w, k, reach);
            for (int t = 0; t < nr; t++) {
                int src = reach[t] * k;
                double dinv = 1 / ldl.pivot(reach[t]);
                for (int r = 0; r < k; r++) {
                    double v = w[src + r];
                    comp[vr + t * m + p0 + r] = v;
                    comp[t * m + p0 + r] = v * dinv;
                    w[src + r] = 0;
                }
            }
        }
        for (int c0 = 0; c0 < cols; c0 += block) {
            final int k = Math.min(block, cols - c0);
            final int[] cr = columnReach[c0 / block];
            for (int i = 0; i < m; i++) {
                for (int r = 0; r < k; r++) {
                    int cell = i * cols + c0 + r;
                    w[pos[cell] * k + r] = g[cell];
                    w[pos[mn + cell] * k + r] = -g[cell];
                }
            }
            ldl.forwardInterleaved(w, k, cr);
            for (int t = 0; t < nr; t++) {
                int src = reach[t] * k;
                for (int r = 0; r < k; r++) {
                    comp[uc + t * cols + c0 + r] = w[src + r];
                }
            }
            for (int j : cr) {
                java.util.Arrays.fill(w, j * k, j * k + k, 0.0);
            }
        }
        java.util.Arrays.fill(tin, 0.0);
        java.util.Arrays.fill(y, 0.0);
        for (int t = 0; t < nr; t++) {
            final int vt = t * m;
            final int ut = uc + t * cols;
            final int rt = vr + t * m;
            for (int p = 0; p < m; p++) {
                double s = comp[vt + p];
                if (s == 0) {
                    continue;
                }
                int tp = p * cols;
                for (int c = 0; c < cols; c++) {
                    tin[tp + c] += s * comp[ut + c];
                }
                int yp = p * m;
                for (int q = 0; q < m; q++) {
                    y[yp + q] -= s * comp[rt + q];
                }
            }
        }
        for (int p = 0; p < m; p++) {
            y[p * m + p] += net.gDrive;
        }
    }

    @Override
    public CrossbarArray array() {
        return array;
    }

    public int inputs() {
        return inputs;
    }

    /** T(c, i): current into physical column c's sense node per volt on word line i. */
    public double transfer(int column, int input) {
        return tin[input * columns + column];
    }

    /** Y(r, i): current drawn from source r per volt on source i. */
    public double admittance(int row, int input) {
        return y[row * inputs + input];
    }

    /** Physical column currents for source voltages v (writes into {@code out}, length = physical columns). */
    @Override
    public void columnCurrents(double[] v, double[] out) {
        java.util.Arrays.fill(out, 0, columns, 0.0);
        accumulateColumnCurrents(v, 0, out);
    }

    /**
     * Adds the physical column currents of source voltages {@code v[offset .. offset+inputs)} to {@code acc}.
     * Rows at 0 V cost nothing; the inner loop runs over the columns of one word line (contiguous).
     */
    public void accumulateColumnCurrents(double[] v, int offset, double[] acc) {
        accumulateColumnCurrents(v, offset, acc, 0);
    }

    /** As {@link #accumulateColumnCurrents(double[], int, double[])}, into {@code acc[accOffset ..]}. */
    public void accumulateColumnCurrents(double[] v, int offset, double[] acc, int accOffset) {
        final double[] t = tin;
        final int n = columns;
        for (int i = 0; i < inputs; i++) {
            double vi = v[offset + i];
            if (vi == 0) {
                continue;
            }
            int base = i * n;
            for (int c = 0; c < n; c++) {
                acc[accOffset + c] += vi * t[base + c];
            }
        }
    }

    /**
     * Adds the column currents of {@code count} reads to {@code acc}: read b's source voltages at
     * {@code v[vOffset + b*vStride ..]}, its currents into {@code acc[accOffset + b*accStride ..]}. Four reads at a
     * time share each pass over a word line's transfer row (a register-blocked matrix product).
     */
    public void accumulateColumnCurrents(double[] v, int vOffset, int vStride, int count, double[] acc, int accOffset,
                                         int accStride) {
        final double[] t = tin;
        final int n = columns;
        int b = 0;
        for (; b + 4 <= count; b += 4) {
            int v0 = vOffset + b * vStride;
            int a0 = accOffset + b * accStride;
            int a1 = a0 + accStride;
            int a2 = a1 + accStride;
            int a3 = a2 + accStride;
            for (int i = 0; i < inputs; i++) {
                double x0 = v[v0 + i];
                double x1 = v[v0 + vStride + i];
                double x2 = v[v0 + 2 * vStride + i];
                double x3 = v[v0 + 3 * vStride + i];
                if (x0 == 0 && x1 == 0 && x2 == 0 && x3 == 0) {
                    continue;
                }
                int base = i * n;
                for (int c = 0; c < n; c++) {
                    double tc = t[base + c];
                    acc[a0 + c] += x0 * tc;
                    acc[a1 + c] += x1 * tc;
                    acc[a2 + c] += x2 * tc;
                    acc[a3 + c] += x3 * tc;
                }
            }
        }
        for (; b < count; b++) {
            accumulateColumnCurrents(v, vOffset + b * vStride, acc, accOffset + b * accStride);
        }
    }

    @Override
    public void columnCurrents(double[] volts, int batch, double[] out) {
        java.util.Arrays.fill(out, 0, batch * columns, 0.0);
        for (int b = 0; b < batch; b++) {
            accumulateColumnCurrents(volts, b * inputs, out, b * columns);
        }
    }

    /** Output currents (after the scheme's subtraction) for source voltages v. */
    public double[] outputCurrents(double[] v) {
        double[] ic = new double[columns];
        columnCurrents(v, ic);
        double[] out = new double[array.outputs()];
        for (int j = 0; j < out.length; j++) {
            out[j] = array.outputCurrent(ic, j);
        }
        return out;
    }

    /** Power delivered by the sources, V'YV, watts. */
    @Override
    public double sourcePower(double[] v) {
        double p = 0;
        for (int r = 0; r < inputs; r++) {
            double s = 0;
            int base = r * inputs;
            for (int i = 0; i < inputs; i++) {
                s += y[base + i] * v[i];
            }
            p += v[r] * s;
        }
        return p;
    }

    /**
     * Output currents of a batch: {@code volts} holds B vectors of source voltages (row-major B x inputs);
     * returns B x outputs, row-major.
     */
    public double[] batchOutputCurrents(double[] volts, int batch) {
        int outs = array.outputs();
        double[] ic = new double[columns];
        double[] result = new double[batch * outs];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(ic, 0.0);
            accumulateColumnCurrents(volts, b * inputs, ic);
            for (int j = 0; j < outs; j++) {
                result[b * outs + j] = array.outputCurrent(ic, j);
            }
        }
        return result;
    }
}
