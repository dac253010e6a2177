package org.memspice.compile;

import org.memspice.bnn.CrossbarLayer;
import org.memspice.bnn.InputKind;
import org.memspice.crossbar.ArrayDesign;

/**
 * One binary layer lowered onto crossbar tiles: its weight matrix split into row tiles and column tiles,
 * each a programmed array with its port reduction; how the inputs become word-line voltages; and what
 * the sensing does with the column currents.
 *
 * <p><b>Integer sums.</b> Every column sum is an integer S in "input units": for binary inputs the dot
 * product sum_i w_i x_i (x = +/-1, or 0 for zero padding); for the real-input first layer the sum of the
 * weighted DAC codes sum_i w_i q_i (q = 0 .. 2^bits - 1; 8-bit codes are the pixels themselves). Inputs
 * drive the word lines at {@code voltsPerUnit * x}, and in the ideal circuit the output current is exactly
 * {@code unitCurrent * S}.
 *
 * <p><b>Row tiles.</b> The bit lines of the row tiles of one column range end at one shared sense node per
 * physical column, an ideal TIA's virtual ground: their currents add exactly, and each tile is solved on
 * its own. <b>Comparators.</b> Batch norm + sign is one integer threshold per column (the bit-packed path's
 * folding); the comparator reference sits midway between the two realizable sums on either side of it, so
 * the ideal margin is half their distance: 1 unit when every position's sum has the same parity (binary
 * inputs with an even count of valid rows), 0.5 otherwise. <b>Output layer.</b> An ADC per column digitises
 * the current to the nearest realizable sum; a digital argmax (lowest index on ties) follows.
 */
public final class CompiledLayer {
    final int index;
    final CrossbarLayer source;
    final ArrayDesign design;
    final int rows;
    final int cols;
    final int positions;
    final int[] rowStart;
    final int[] colStart;
    final Tile[][] tiles;
    /** Highest input code: 2^bits - 1 for real inputs, 1 for binary inputs. */
    final int codeMax;
    final double voltsPerUnit;
    final double unitCurrent;
    final double feedbackResistance;
    /** Valid (not zero-padded) rows at each output position. */
    final int[] validRows;
    final int maxValidRows;
    /** 0 or 1 when every position's valid-row count has that parity (binary inputs), -1 otherwise. */
    final int parity;
    /** Comparator layers: per column +1 (output +1 iff S >= t) or -1 (iff S <= t), t, reference and margin. */
    final int[] direction;
    final int[] threshold;
    final double[] referenceUnits;
    final double[] marginUnits;
    /** Columns whose real threshold lies within float rounding of a realizable sum (real inputs only). */
    final boolean[] ambiguous;
    /**
     * Calibration trims of each output's difference amplifier: output current = plusGain * I+ - minusGain * I-
     * - offset, where I+ and I- are the currents of the output's two sensed columns (its pair, or its column and
     * the reference column). 1, 1 and 0 without calibration.
     */
    final double[] plusGain;
    final double[] minusGain;
    final double[] offset;
    /** Output layer: the ADC's step in units (2 for a fixed parity, else 1) and its bits. */
    final int adcStep;
    final int adcBits;
    /**
     * True for binary layers read at many positions: inference forms the output currents from the output
     * transfers below, and the energy from the layer's full drive second moment.
     */
    final boolean outputTransfers;
    /** Per position, its class: the pattern of valid (not zero-padded) kernel taps, {@link #tapKey}. */
    final int[] positionClass;
    final int classes;
    private final long[] classKey;
    /**
     * Per row tile and column tile, the output currents per volt on each word line with the trims applied,
     * D(i, j) = plusGain_j T(plus_j, i) - minusGain_j T(minus_j, i), input-major; and per position class the sum
     * of D over the word lines that class drives. Built by {@link #prepareTransfers()} after calibration.
     */
    double[][][] transfer;
    double[][][][] classSum;

    CompiledLayer(int index, CrossbarLayer source, ArrayDesign design, int[] rowStart, int[] colStart, Tile[][] tiles,
                  int codeMax, double feedbackResistance) {
        this.index = index;
        this.source = source;
        this.design = design;
        this.rows = source.rows();
        this.cols = source.cols();
        this.positions = source.positions();
        this.rowStart = rowStart;
        this.colStart = colStart;
        this.tiles = tiles;
        this.codeMax = codeMax;
        this.voltsPerUnit = design.readVoltage() / codeMax;
        this.unitCurrent = org.memspice.crossbar.CrossbarArray.currentPerUnitDot(design) / codeMax;
        this.feedbackResistance = feedbackResistance;
        validRows = validRows(source);
        int mx = 0;
        int par = validRows[0] & 1;
        for (int n : validRows) {
            mx = Math.max(mx, n);
            if ((n & 1) != par) {
                par = -1;
            }
        }
        maxValidRows = mx;
        parity = source.input() == InputKind.BINARY ? par : -1;
        plusGain = new double[cols];
        minusGain = new double[cols];
        offset = new double[cols];
        java.util.Arrays.fill(plusGain, 1.0);
        java.util.Arrays.fill(minusGain, 1.0);
        outputTransfers = source.input() == InputKind.BINARY && positions >= 8;
        positionClass = new int[positions];
        java.util.Map<Long, Integer> keys = new java.util.LinkedHashMap<>();
        for (int p = 0; p < positions; p++) {
            positionClass[p] = keys.computeIfAbsent(tapKey(source, p), k -> keys.size());
        }
        classes = keys.size();
        classKey = keys.keySet().stream().mapToLong(Long::longValue).toArray();
        if (source.hasComparators()) {
            direction = new int[cols];
            threshold = new int[cols];
            referenceUnits = new double[cols];
            marginUnits = new double[cols];
            ambiguous = new boolean[cols];
            for (int j = 0; j < cols; j++) {
                place(j);
            }
            adcStep = 0;
            adcBits = 0;
        } else {
            direction = null;
            threshold = null;
            referenceUnits = null;
            marginUnits = null;
            ambiguous = null;
            adcStep = parity >= 0 ? 2 : 1;
            long levels = 2L * fullScaleUnits() / adcStep + 1;
            adcBits = 64 - Long.numberOfLeadingZeros(levels - 1);
        }
    }

    /** The largest |S| any input can produce: valid rows times the highest code. */
    long fullScaleUnits() {
        return (long) maxValidRows * codeMax;
    }

    /** Integer threshold, direction and the largest-margin reference of column j. */
    private void place(int j) {
        org.memspice.bnn.FoldedThreshold f = source.thresholds()[j];
        int t;
        if (source.input() == InputKind.BINARY) {
            t = source.integerThresholds()[j];
        } else {
            // real inputs: S/codeMax >= tau  <=>  S >= ceil(codeMax*tau)
            double scaled = codeMax * f.tau();
            t = f.direction() == 0 ? f.integerThreshold()
                    : clamp(f.direction() > 0 ? Math.ceil(scaled) : Math.floor(scaled));
            ambiguous[j] = f.direction() != 0 && Math.abs(scaled - Math.rint(scaled)) < 1e-3;
        }
        int d = f.direction() < 0 ? -1 : 1;
        long full = fullScaleUnits();
        // a threshold outside the reachable range gives a constant output: keep the reference one unit outside
        long tc = Math.max(-full - 1, Math.min(full + 1, (long) t));
        double ref;
        double margin;
        if (parity >= 0) {
            // realizable sums have the parity of the valid-row count: they are 2 apart
            long hi;
            if (d > 0) {
                hi = ((tc - parity) & 1) == 0 ? tc : tc + 1;   // smallest realizable >= t
                ref = hi - 1;
            } else {
                long lo = ((tc - parity) & 1) == 0 ? tc : tc - 1;   // largest realizable <= t
                ref = lo + 1;
            }
            margin = 1;
        } else {
            ref = d > 0 ? tc - 0.5 : tc + 0.5;
            margin = 0.5;
        }
        if (ref > full) {
            margin = Math.max(margin, ref - full);
        } else if (ref < -full) {
            margin = Math.max(margin, -full - ref);
        }
        direction[j] = d;
        threshold[j] = (int) tc;
        referenceUnits[j] = ref;
        marginUnits[j] = margin;
    }

    private static int clamp(double t) {
        return (int) Math.max(-(1 << 30), Math.min(1 << 30, t));
    }

    private static int[] validRows(CrossbarLayer c) {
        int oh = c.outShape().height();
        int ow = c.outShape().width();
        int h = c.inShape().height();
        int w = c.inShape().width();
        int[] n = new int[oh * ow];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int ky = 0;
                for (int y = 0; y < c.kh(); y++) {
                    int iy = oy * c.strideH() - c.padH() + y;
                    if (iy >= 0 && iy < h) ky++;
                }
                int kx = 0;
                for (int x = 0; x < c.kw(); x++) {
                    int ix = ox * c.strideW() - c.padW() + x;
                    if (ix >= 0 && ix < w) kx++;
                }
                n[oy * ow + ox] = ky * kx * c.inShape().channels();
            }
        }
        return n;
    }

    /** The same layer on the same tiles, with untrimmed difference amplifiers (to calibrate anew). */
    CompiledLayer untrimmed() {
        return new CompiledLayer(index, source, design, rowStart, colStart, tiles, codeMax, feedbackResistance);
    }

    /** The same layer on other tiles of the same shapes (a reprogrammed chip), untrimmed. */
    CompiledLayer withTiles(Tile[][] newTiles) {
        return new CompiledLayer(index, source, design, rowStart, colStart, newTiles, codeMax, feedbackResistance);
    }

    /**
     * Per word line i and output o, sum over the output's two sensed columns of (gain * G)^2 for the devices on
     * word line i ({@code rows x cols}, row-major): the read-noise variance of output o per (relative sigma *
     * volts on word line i)^2. The constant-term column's fixed resistors add nothing.
     */
    double[] noiseWeights() {
        double[] w2 = new double[rows * cols];
        for (Tile[] row : tiles) {
            for (Tile t : row) {
                org.memspice.crossbar.CrossbarArray a = t.array();
                double[] g = a.conductances();
                int p = a.physicalColumns();
                int ref = a.referenceColumn();
                for (int i = 0; i < t.rows(); i++) {
                    for (int j = 0; j < t.cols(); j++) {
                        int o = t.col0() + j;
                        double gp = plusGain[o] * g[i * p + a.plusColumn(j)];
                        double v = gp * gp;
                        int m = a.minusColumn(j);
                        if (m >= 0 && m != ref) {
                            double gm = minusGain[o] * g[i * p + m];
                            v += gm * gm;
                        }
                        w2[(t.row0() + i) * cols + o] = v;
                    }
                }
            }
        }
        return w2;
    }

    /** Per position class q and output o: the sum of {@code w2} over the word lines class q drives. */
    double[][] classSums(double[] w2) {
        double[][] s = new double[classes][cols];
        for (int q = 0; q < classes; q++) {
            for (int i = 0; i < rows; i++) {
                if (validTap(i, q)) {
                    for (int o = 0; o < cols; o++) {
                        s[q][o] += w2[i * cols + o];
                    }
                }
            }
        }
        return s;
    }

    /** The valid kernel taps of output position p: ky in [ky0, ky1), kx in [kx0, kx1), packed in a long. */
    private static long tapKey(CrossbarLayer c, int p) {
        int ow = c.outShape().width();
        int oy = p / ow;
        int ox = p % ow;
        int y0 = oy * c.strideH() - c.padH();
        int x0 = ox * c.strideW() - c.padW();
        int ky0 = Math.max(0, -y0);
        int ky1 = Math.min(c.kh(), c.inShape().height() - y0);
        int kx0 = Math.max(0, -x0);
        int kx1 = Math.min(c.kw(), c.inShape().width() - x0);
        return ((long) ky0 << 48) | ((long) ky1 << 32) | ((long) kx0 << 16) | kx1;
    }

    /** True when word line {@code row} (channel, ky, kx order) is a valid tap at positions of class q. */
    private boolean validTap(int row, int q) {
        long key = classKey[q];
        int kx = row % source.kw();
        int ky = (row / source.kw()) % source.kh();
        return ky >= (int) (key >>> 48) && ky < (int) ((key >>> 32) & 0xffff) && kx >= (int) ((key >>> 16) & 0xffff)
                && kx < (int) (key & 0xffff);
    }

    /** Builds the output transfers and their class sums from the tiles' port reductions and the trims. */
    void prepareTransfers() {
        if (!outputTransfers) {
            return;
        }
        int nr = rowTiles();
        int nc = colTiles();
        transfer = new double[nr][nc][];
        classSum = new double[nr][nc][classes][];
        boolean[][] valid = new boolean[classes][rows];
        for (int q = 0; q < classes; q++) {
            for (int i = 0; i < rows; i++) {
                valid[q][i] = validTap(i, q);
            }
        }
        for (int r = 0; r < nr; r++) {
            for (int k = 0; k < nc; k++) {
                Tile t = tiles[r][k];
                org.memspice.crossbar.CrossbarArray a = t.array();
                int outs = t.cols();
                double[] d = new double[t.rows() * outs];
                for (int i = 0; i < t.rows(); i++) {
                    for (int j = 0; j < outs; j++) {
                        int o = t.col0() + j;
                        d[i * outs + j] = plusGain[o] * t.ports().transfer(a.plusColumn(j), i)
                                - minusGain[o] * t.ports().transfer(a.minusColumn(j), i);
                    }
                }
                transfer[r][k] = d;
                for (int q = 0; q < classes; q++) {
                    double[] sum = new double[outs];
                    for (int i = 0; i < t.rows(); i++) {
                        if (valid[q][t.row0() + i]) {
                            for (int j = 0; j < outs; j++) {
                                sum[j] += d[i * outs + j];
                            }
                        }
                    }
                    classSum[r][k][q] = sum;
                }
            }
        }
    }

    /** The comparator of column j on output current i (amperes): true for +1. */
    boolean comparator(int j, double i) {
        double ref = referenceCurrent(j);
        return direction[j] > 0 ? i >= ref : i <= ref;
    }

    /**
     * The output layer's ADC code for {@code units} (output current / unitCurrent) at output position p: the nearest
     * realizable sum (the parity of the position's driven word lines when the step is 2), within full scale.
     */
    long adcCode(double units, int p) {
        int n = validRows[p];
        long full = (long) n * codeMax;
        long code = adcStep == 2 ? 2 * Math.round((units - (n & 1)) / 2) + (n & 1) : Math.round(units);
        return Math.max(-full, Math.min(full, code));
    }

    /** The comparator reference current of column j, amperes (the calibrated offset is in the output current). */
    public double referenceCurrent(int j) {
        return unitCurrent * referenceUnits[j];
    }

    /** The ideal comparator margin of column j at the comparator input, volts. */
    public double marginVolts(int j) {
        return marginUnits[j] * unitCurrent * feedbackResistance;
    }

    public CrossbarLayer source() {
        return source;
    }

    public int index() {
        return index;
    }

    public ArrayDesign design() {
        return design;
    }

    public int rowTiles() {
        return tiles.length;
    }

    public int colTiles() {
        return tiles[0].length;
    }

    public Tile tile(int r, int c) {
        return tiles[r][c];
    }

    public boolean hasComparators() {
        return direction != null;
    }

    public int adcBits() {
        return adcBits;
    }

    public double feedbackResistance() {
        return feedbackResistance;
    }

    /** Physical columns of the arrays in column tile c. */
    int physicalColumns(int c) {
        return tiles[0][c].array().physicalColumns();
    }
}
