package org.memspice.crossbar;

/**
 * Exact reduction of an array in linear read mode to its ports: the sense currents are a linear map of the
 * word-line source voltages, I_col = T V, and the source currents are I_src = Y V, so the power drawn is
 * V'YV. T and Y are built column by column from one solve per input port with a unit source on that port
 * and zero on the others (through the LDL' factorization, several ports per pass over the factor).
 */
public final class PortReduction implements ReadSolver {
    /** Right-hand sides solved together per pass over the factor. */
    private static final int BLOCK = 16;
    private final CrossbarArray array;
    private final int inputs;
    private final int columns;
    /** Physical column currents per volt, input-major: tin[i*columns + c] = T(c, i). */
    private final double[] tin;
    /** Input admittance, inputs x inputs, siemens. */
    private final double[] y;

    /** The reduction of the factorization's array, several unit ports per pass over the factor. */
    public PortReduction(CrossbarFactorization factorization) {
        this(factorization.array(), factorization, true);
    }

    /** The reduction through any nodal solver, one unit port per solve. */
    public PortReduction(NodalSolver solver) {
        this(solver.array(), solver, solver instanceof CrossbarFactorization);
    }

    private PortReduction(CrossbarArray array, NodalSolver solver, boolean blocked) {
        this.array = array;
        CrossbarNetwork net = array.network();
        inputs = net.rows;
        columns = net.cols;
        tin = new double[columns * inputs];
        y = new double[inputs * inputs];
        int size = net.size();
        int block = blocked ? Math.min(BLOCK, inputs) : 1;
        double[] v = new double[block * inputs];
        double[] nodes = new double[block * size];
        double[] one = new double[size];
        double[] unit = new double[inputs];
        double[] ic = new double[columns];
        double[] is = new double[inputs];
        for (int p0 = 0; p0 < inputs; p0 += block) {
            int k = Math.min(block, inputs - p0);
            if (blocked) {
                java.util.Arrays.fill(v, 0);
                for (int r = 0; r < k; r++) {
                    v[r * inputs + p0 + r] = 1;
                }
                ((CrossbarFactorization) solver).solve(v, nodes, k);
            }
            for (int r = 0; r < k; r++) {
                int p = p0 + r;
                java.util.Arrays.fill(unit, 0);
                unit[p] = 1;
                if (blocked) {
                    System.arraycopy(nodes, r * size, one, 0, size);
                } else {
                    solver.solve(unit, one);
                }
                net.columnCurrents(one, ic);
                net.sourceCurrents(unit, one, is);
                System.arraycopy(ic, 0, tin, p * columns, columns);
                for (int q = 0; q < inputs; q++) {
                    y[q * inputs + p] = is[q];
                }
            }
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
