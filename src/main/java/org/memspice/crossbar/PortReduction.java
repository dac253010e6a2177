package org.memspice.crossbar;

/**
 * Exact reduction of an array in linear read mode to its ports: the sense currents are a linear map of the
 * word-line source voltages, I_col = T V, and the source currents are I_src = Y V, so the power drawn is
 * V'YV. T and Y are built column by column from one solve per input port with a unit source on that port
 * and zero on the others, all through one LDL' factorization.
 */
public final class PortReduction {
    /** Right-hand sides solved together per pass over the factor. */
    private static final int BLOCK = 16;
    private final CrossbarArray array;
    private final int inputs;
    private final int columns;
    /** Physical column currents per volt, row-major columns x inputs. */
    private final double[] t;
    /** Input admittance, inputs x inputs, siemens. */
    private final double[] y;

    public PortReduction(CrossbarArray array, CrossbarFactorization factorization) {
        this.array = array;
        CrossbarNetwork net = array.network();
        inputs = net.rows;
        columns = net.cols;
        t = new double[columns * inputs];
        y = new double[inputs * inputs];
        int size = net.size();
        int block = Math.min(BLOCK, inputs);
        double[] v = new double[block * inputs];
        double[] nodes = new double[block * size];
        double[] one = new double[size];
        double[] unit = new double[inputs];
        for (int p0 = 0; p0 < inputs; p0 += block) {
            int k = Math.min(block, inputs - p0);
            java.util.Arrays.fill(v, 0);
            for (int r = 0; r < k; r++) {
                v[r * inputs + p0 + r] = 1;
            }
            factorization.solve(v, nodes, k);
            for (int r = 0; r < k; r++) {
                int p = p0 + r;
                System.arraycopy(nodes, r * size, one, 0, size);
                java.util.Arrays.fill(unit, 0);
                unit[p] = 1;
                ReadSolution s = new ReadSolution(array, unit, one, 0, 0);
                double[] ic = s.columnCurrents();
                double[] is = s.sourceCurrents();
                for (int c = 0; c < columns; c++) {
                    t[c * inputs + p] = ic[c];
                }
                for (int q = 0; q < inputs; q++) {
                    y[q * inputs + p] = is[q];
                }
            }
        }
    }

    public int inputs() {
        return inputs;
    }

    /** T(c, i): current into physical column c's sense node per volt on word line i. */
    public double transfer(int column, int input) {
        return t[column * inputs + input];
    }

    /** Y(r, i): current drawn from source r per volt on source i. */
    public double admittance(int row, int input) {
        return y[row * inputs + input];
    }

    /** Physical column currents for source voltages v (writes into {@code out}, length = physical columns). */
    public void columnCurrents(double[] v, double[] out) {
        for (int c = 0; c < columns; c++) {
            double s = 0;
            int base = c * inputs;
            for (int i = 0; i < inputs; i++) {
                s += t[base + i] * v[i];
            }
            out[c] = s;
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
     * returns B x outputs, row-major. One matrix product.
     */
    public double[] batchOutputCurrents(double[] volts, int batch) {
        int outs = array.outputs();
        double[] ic = new double[columns];
        double[] v = new double[inputs];
        double[] result = new double[batch * outs];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(volts, b * inputs, v, 0, inputs);
            columnCurrents(v, ic);
            for (int j = 0; j < outs; j++) {
                result[b * outs + j] = array.outputCurrent(ic, j);
            }
        }
        return result;
    }
}
