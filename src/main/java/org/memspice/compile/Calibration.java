package org.memspice.compile;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.memspice.bnn.InputKind;
import org.memspice.crossbar.CrossbarArray;

import java.util.SplittableRandom;

/**
 * The calibration a chip does after programming: known input vectors go through the circuit, and each
 * output's difference amplifier is trimmed, its two input gains and its offset, so that its output current
 * matches unitCurrent * S on those inputs in the least-squares sense (S the exact integer sums of the same
 * inputs): unitCurrent * S ~ a * I+ - b * I- - c. The offset is in effect folded into the comparator
 * reference (or the ADC's zero). Wire resistance shrinks a column's gain and shifts it along the array, and
 * leaks a share of the common-mode current (the other column of a pair, the constant-term column) into the
 * difference; trimming both gains removes both to first order, what remains depends on the input pattern.
 * On ideal wires the fit returns a = b = 1, c = 0.
 *
 * <p>The vectors are drawn from a generator seeded with (seed, layer): +/-1 on every word line for binary
 * layers; for the real-input layer DAC codes of random density (each vector a density d ~ U(0, 1), each
 * word line a uniform code with probability d, else 0), so the fit sees the spread of the common-mode
 * current that images with dark backgrounds have.
 */
public final class Calibration {
    /** Known input vectors per layer by default. */
    public static final int DEFAULT_VECTORS = 64;

    private Calibration() {}

    /** Measures every layer with {@code vectors} known inputs and sets its trims. */
    static void apply(java.util.List<CompiledLayer> layers, int vectors, long seed) {
        for (CompiledLayer c : layers) {
            calibrate(c, vectors, new SplittableRandom(seed * 1_000_003L + c.index));
        }
    }

    private static void calibrate(CompiledLayer c, int vectors, SplittableRandom rnd) {
        int rows = c.rows;
        int cols = c.cols;
        double[] v = new double[rows];
        int[] x = new int[rows];
        double[] plus = new double[cols];
        double[] minus = new double[cols];
        // normal equations per column for the unknowns (a, b, c) of k*S = a*I+ - b*I- - c
        double[][] ata = new double[cols][9];
        double[][] atb = new double[cols][3];
        for (int t = 0; t < vectors; t++) {
            double density = rnd.nextDouble();
            for (int i = 0; i < rows; i++) {
                if (c.source.input() == InputKind.REAL) {
                    x[i] = rnd.nextDouble() < density ? rnd.nextInt(c.codeMax + 1) : 0;
                } else {
                    x[i] = rnd.nextBoolean() ? 1 : -1;
                }
                v[i] = x[i] * c.voltsPerUnit;
            }
            senseCurrents(c, v, plus, minus);
            for (int j = 0; j < cols; j++) {
                long s = 0;
                for (int i = 0; i < rows; i++) {
                    s += (long) c.source.weight(i, j) * x[i];
                }
                double[] row = {plus[j], -minus[j], -1};
                double target = c.unitCurrent * s;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        ata[j][a * 3 + b] += row[a] * row[b];
                    }
                    atb[j][a] += row[a] * target;
                }
            }
        }
        for (int j = 0; j < cols; j++) {
            DMatrixRMaj a = new DMatrixRMaj(3, 3, true, ata[j]);
            DMatrixRMaj b = new DMatrixRMaj(3, 1, true, atb[j]);
            DMatrixRMaj sol = new DMatrixRMaj(3, 1);
            // too few vectors (or no spread) leave the system singular: keep the untrimmed amplifier
            if (vectors >= 3 && CommonOps_DDRM.solve(a, b, sol) && Double.isFinite(sol.get(0)) && Double.isFinite(sol.get(1))
                    && Double.isFinite(sol.get(2))) {
                c.plusGain[j] = sol.get(0);
                c.minusGain[j] = sol.get(1);
                c.offset[j] = sol.get(2);
            }
        }
    }

    /** The two sensed currents of every output for one read of the whole layer (row tiles summed). */
    static void senseCurrents(CompiledLayer c, double[] v, double[] plus, double[] minus) {
        for (int k = 0; k < c.colTiles(); k++) {
            CrossbarArray a = c.tiles[0][k].array();
            double[] group = new double[a.physicalColumns()];
            for (int r = 0; r < c.rowTiles(); r++) {
                c.tiles[r][k].ports().accumulateColumnCurrents(v, c.rowStart[r], group);
            }
            for (int j = 0; j < a.outputs(); j++) {
                plus[c.colStart[k] + j] = group[a.plusColumn(j)];
                minus[c.colStart[k] + j] = group[a.minusColumn(j)];
            }
        }
    }
}
