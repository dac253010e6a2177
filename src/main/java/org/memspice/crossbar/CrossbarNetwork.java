package org.memspice.crossbar;

import org.memspice.InputException;

/**
 * The resistive network of one physical crossbar in read mode: M word lines, N bit lines, one device
 * conductance per crossing, and 2*M*N node voltages.
 *
 * <p>Topology (one wire segment per cell pitch on each line). Word line i is driven at its left end:
 * source V_i, driver resistance, then a segment before each cell, so cell (i,0) sits one segment from the
 * driver and the right end of the line is open. Bit line j is sensed at its bottom end: a segment after
 * each cell, so cell (M-1,j) sits one segment from the sense node and the top end is open. The sense node
 * is a virtual ground (ideal transimpedance amplifier), the input resistance Rf/(1+A) of a
 * transimpedance amplifier of open-loop gain A, or a sense resistor to ground; in every case it is a
 * conductance to ground seen from the bit line, so the nodal matrix is symmetric positive definite.
 *
 * <p>Node voltages are stored row-major: word-line node (i,j) at {@code i*N+j}, bit-line node (i,j) at
 * {@code M*N + i*N+j}. A line with zero segment resistance and an ideal end (zero driver resistance,
 * ideal virtual ground) has every node fixed (V_i, or 0 V); its rows are identity rows and its coupling
 * moves to the right-hand side, so the matrix stays symmetric.
 */
public final class CrossbarNetwork {
    final int rows;
    final int cols;
    final double[] g;
    final double wordLineSegment;
    final double bitLineSegment;
    final double driverResistance;
    /** Resistance from the sense node to ground seen by the bit line: 0 for an ideal virtual ground. */
    final double senseResistance;

    final boolean wordLinesFixed;
    final boolean bitLinesFixed;
    final double gw;
    final double gb;
    /** Conductance from word-line node (i,0) to its source: 1/(Rdriver + Rsegment). */
    final double gDrive;
    /** Conductance from bit-line node (M-1,j) to ground: 1/(Rsegment + Rsense). */
    final double gEnd;
    /** Diagonals of the nodal matrix, word-line block then bit-line block. */
    final double[] diag;

    /**
     * @param conductances device conductances, row-major (i*N+j), siemens, each > 0
     * @param senseResistance 0 for an ideal virtual ground, else the sensing input resistance to ground
     */
    public CrossbarNetwork(int rows, int cols, double[] conductances, double wordLineSegment,
                           double bitLineSegment, double driverResistance, double senseResistance) {
        if (rows < 1 || cols < 1) {
            throw new InputException("crossbar size " + rows + "x" + cols + ": expected at least 1x1");
        }
        if (conductances.length != rows * cols) {
            throw new IllegalArgumentException("conductances: " + conductances.length + " values for " + rows + "x" + cols);
        }
        for (int k = 0; k < conductances.length; k++) {
            double v = conductances[k];
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new InputException("device (" + (k / cols) + "," + (k % cols) + ") conductance " + v
                        + " S: expected a finite positive value");
            }
        }
        checkNonNegative("wordLineSegmentResistance", wordLineSegment);
        checkNonNegative("bitLineSegmentResistance", bitLineSegment);
        checkNonNegative("driverResistance", driverResistance);
        checkNonNegative("sense input resistance", senseResistance);
        if (wordLineSegment == 0 && driverResistance > 0) {
            throw new InputException("wordLineSegmentResistance 0 with driverResistance " + driverResistance
                    + " ohm makes each word line one floating node; expected a positive segment resistance"
                    + " (e.g. 1e-6) or driverResistance 0");
        }
        if (bitLineSegment == 0 && senseResistance > 0) {
            throw new InputException("bitLineSegmentResistance 0 with a sense input resistance of " + senseResistance
                    + " ohm makes each bit line one floating node; expected a positive segment resistance"
                    + " (e.g. 1e-6) or ideal virtual-ground sensing");
        }
        this.rows = rows;
        this.cols = cols;
        this.g = conductances.clone();
        this.wordLineSegment = wordLineSegment;
        this.bitLineSegment = bitLineSegment;
        this.driverResistance = driverResistance;
        this.senseResistance = senseResistance;
        this.wordLinesFixed = wordLineSegment == 0;
        this.bitLinesFixed = bitLineSegment == 0;
        this.gw = wordLinesFixed ? 0 : 1 / wordLineSegment;
        this.gb = bitLinesFixed ? 0 : 1 / bitLineSegment;
        this.gDrive = wordLinesFixed ? 0 : 1 / (driverResistance + wordLineSegment);
        this.gEnd = bitLinesFixed ? 0 : 1 / (bitLineSegment + senseResistance);
        this.diag = new double[2 * rows * cols];
        int mn = rows * cols;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                diag[k] = wordLinesFixed ? 1 : g[k] + (j == 0 ? gDrive : gw) + (j < cols - 1 ? gw : 0);
                diag[mn + k] = bitLinesFixed ? 1 : g[k] + (i > 0 ? gb : 0) + (i == rows - 1 ? gEnd : gb);
            }
        }
    }

    private static void checkNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InputException(name + " " + v + " ohm: expected a finite value >= 0");
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of unknowns, 2*M*N. */
    public int size() {
        return 2 * rows * cols;
    }

    public double conductance(int i, int j) {
        return g[i * cols + j];
    }

    public double wordLineSegment() {
        return wordLineSegment;
    }

    public double bitLineSegment() {
        return bitLineSegment;
    }

    public double driverResistance() {
        return driverResistance;
    }

    public double senseResistance() {
        return senseResistance;
    }

    /** Writes the right-hand side for word-line source voltages {@code vIn} into {@code b}. */
    public void rightHandSide(double[] vIn, double[] b) {
        int mn = rows * cols;
        java.util.Arrays.fill(b, 0, 2 * mn, 0.0);
        for (int i = 0; i < rows; i++) {
            double v = vIn[i];
            if (wordLinesFixed) {
                for (int j = 0; j < cols; j++) {
                    int k = i * cols + j;
                    b[k] = v;
                    if (!bitLinesFixed) {
                        b[mn + k] = g[k] * v;
                    }
                }
            } else {
                b[i * cols] = gDrive * v;
            }
        }
    }

    /** y = A*x for the nodal matrix (fixed lines as identity rows). */
    public void multiply(double[] x, double[] y) {
        final int m = rows;
        final int n = cols;
        final int mn = m * n;
        final double[] d = diag;
        final double[] gg = g;
        if (wordLinesFixed) {
            System.arraycopy(x, 0, y, 0, mn);
        } else {
            final double w = gw;
            final boolean couple = !bitLinesFixed;
            for (int i = 0; i < m; i++) {
                int base = i * n;
                for (int j = 0; j < n; j++) {
                    int k = base + j;
                    double s = d[k] * x[k];
                    if (j > 0) s -= w * x[k - 1];
                    if (j < n - 1) s -= w * x[k + 1];
                    if (couple) s -= gg[k] * x[mn + k];
                    y[k] = s;
                }
            }
        }
        if (bitLinesFixed) {
            System.arraycopy(x, mn, y, mn, mn);
        } else {
            final double w = gb;
            final boolean couple = !wordLinesFixed;
            for (int i = 0; i < m; i++) {
                int base = i * n;
                for (int j = 0; j < n; j++) {
                    int k = base + j;
                    double s = d[mn + k] * x[mn + k];
                    if (i > 0) s -= w * x[mn + k - n];
                    if (i < m - 1) s -= w * x[mn + k + n];
                    if (couple) s -= gg[k] * x[k];
                    y[mn + k] = s;
                }
            }
        }
    }

    /**
     * Currents into the sense node of every bit line, from node voltages {@code x}: the sum of the column's device
     * currents g (v_word - v_bit). By KCL this equals the current of the last bit-line segment, gEnd v_bit; the
     * device sum is the accurate one (small conductances times word-to-bit differences, against the large segment
     * conductance times a small voltage), also for an iterate that is not fully converged.
     */
    public void columnCurrents(double[] x, double[] out) {
        int mn = rows * cols;
        java.util.Arrays.fill(out, 0, cols, 0.0);
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                int k = base + j;
                out[j] += g[k] * (x[k] - x[mn + k]);
            }
        }
    }

    /** Currents drawn from every word-line source at voltages {@code vIn}, from node voltages {@code x}. */
    public void sourceCurrents(double[] vIn, double[] x, double[] out) {
        int mn = rows * cols;
        for (int i = 0; i < rows; i++) {
            if (wordLinesFixed) {
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    int k = i * cols + j;
                    s += g[k] * (x[k] - x[mn + k]);
                }
                out[i] = s;
            } else {
                out[i] = gDrive * (vIn[i] - x[i * cols]);
            }
        }
    }

    /**
     * Power the word-line sources at {@code vIn} deliver, from node voltages {@code x}; {@code work} receives the
     * source currents (length rows).
     */
    public double sourcePower(double[] vIn, double[] x, double[] work) {
        sourceCurrents(vIn, x, work);
        double p = 0;
        for (int i = 0; i < rows; i++) {
            p += vIn[i] * work[i];
        }
        return p;
    }

    /** Copy of this network with other device conductances (same wires and periphery). */
    public CrossbarNetwork withConductances(double[] conductances) {
        return new CrossbarNetwork(rows, cols, conductances, wordLineSegment, bitLineSegment, driverResistance,
                senseResistance);
    }
}
