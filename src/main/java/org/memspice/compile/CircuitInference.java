package org.memspice.compile;

import org.memspice.bnn.Classifier;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.InputKind;
import org.memspice.bnn.Layer;
import org.memspice.bnn.Shape;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.PortReduction;
import org.memspice.crossbar.ReadSolver;

import java.util.List;
import java.util.function.Function;

/**
 * Circuit-level inference of one image at a time through a compiled network: for every layer the inputs
 * become word-line voltages, every tile's column currents come from its exact solve (the port reduction,
 * or another {@link ReadSolver}), the row tiles' currents add at the shared sense nodes, the scheme's
 * subtraction gives the output currents, and the comparators (or the output layer's ADCs) and the digital
 * periphery (max pooling as OR, argmax) decide. Alongside, the exact integer column sums of the same inputs
 * give each decision's ideal value, so every layer's flipped decisions and margins are counted. Not
 * thread-safe: one instance per thread.
 */
public final class CircuitInference {
    private final CompiledNetwork net;
    private final LayerWork[] work;
    private final float[] image;
    private final float[] scores;
    private final float[][] tailBuffers;
    private final float[] tailWork;
    private final Shape[] tailShapes;
    private final ReadSolver[][][] solvers;
    private ReadObserver observer;

    /** Sees every tile read: the tile and the layer's word-line voltages at {@code volts[offset .. offset + rows)}. */
    interface ReadObserver {
        void read(Tile tile, double[] volts, int offset);
    }

    /** Sets an observer of every tile read (for checks against full nodal solves). */
    void observe(ReadObserver o) {
        this.observer = o;
    }

    /** Inference through the tiles' port reductions. */
    public CircuitInference(CompiledNetwork net) {
        this(net, null);
    }

    /** Inference through the read solvers {@code solverOf} gives for each tile (null: the port reductions). */
    public CircuitInference(CompiledNetwork net, Function<Tile, ReadSolver> solverOf) {
        this.net = net;
        List<CompiledLayer> layers = net.layers();
        work = new LayerWork[layers.size()];
        solvers = new ReadSolver[layers.size()][][];
        for (int l = 0; l < layers.size(); l++) {
            CompiledLayer c = layers.get(l);
            work[l] = new LayerWork(c);
            solvers[l] = new ReadSolver[c.rowTiles()][c.colTiles()];
            for (int r = 0; r < c.rowTiles(); r++) {
                for (int k = 0; k < c.colTiles(); k++) {
                    solvers[l][r][k] = solverOf == null ? c.tiles[r][k].ports() : solverOf.apply(c.tiles[r][k]);
                }
            }
        }
        image = new float[net.model().input().size()];
        CompiledLayer last = layers.get(layers.size() - 1);
        scores = new float[last.source.outShape().size()];
        List<Layer> tail = net.tail();
        tailShapes = new Shape[tail.size() + 1];
        tailBuffers = new float[tail.size() + 1][];
        int ws = 0;
        int first = net.model().layers().size() - tail.size();
        for (int i = 0; i <= tail.size(); i++) {
            tailShapes[i] = net.model().shapeBefore(first + i);
            tailBuffers[i] = i == 0 ? scores : new float[tailShapes[i].size()];
            if (i < tail.size()) {
                ws = Math.max(ws, tail.get(i).workSize(tailShapes[i]));
            }
        }
        tailWork = new float[ws];
    }

    /** Per-layer work buffers. */
    private static final class LayerWork {
        final float[] patches;
        final double[] volts;
        final int[] codes;
        final int[] exact;
        final double[] current;
        final double[] group;
        final double[] batchIn;
        final double[] batchOut;
        final float[] decisions;
        final float[] pooled;
        final long[] xPlus;
        final long[] xValid;
        final long[] wPlus;
        final int words;
        final long[] tPlus;
        final long[] tValid;
        final int posWords;

        LayerWork(CompiledLayer c) {
            int p = c.positions;
            int r = c.rows;
            patches = new float[p * r];
            volts = new double[p * r];
            codes = c.source.input() == InputKind.REAL ? new int[p * r] : null;
            exact = new int[p * c.cols];
            current = new double[p * c.cols];
            int maxPhys = 0;
            int maxRows = 0;
            for (int k = 0; k < c.colTiles(); k++) {
                maxPhys = Math.max(maxPhys, c.physicalColumns(k));
            }
            for (int t = 0; t < c.rowTiles(); t++) {
                maxRows = Math.max(maxRows, c.rowStart[t + 1] - c.rowStart[t]);
            }
            group = new double[p * maxPhys];
            batchIn = new double[p * maxRows];
            batchOut = new double[p * maxPhys];
            decisions = new float[c.source.outShape().size()];
            int pool = c.source.poolAfter();
            pooled = pool > 0 ? new float[new org.memspice.bnn.MaxPool(pool).outputShape(c.source.outShape()).size()] : null;
            words = (r + 63) >>> 6;
            posWords = (p + 63) >>> 6;
            if (c.source.input() == InputKind.BINARY) {
                xPlus = new long[p * words];
                xValid = new long[p * words];
                wPlus = new long[c.cols * words];
                for (int j = 0; j < c.cols; j++) {
                    for (int i = 0; i < r; i++) {
                        if (c.source.weight(i, j) > 0) {
                            wPlus[j * words + (i >>> 6)] |= 1L << (i & 63);
                        }
                    }
                }
                tPlus = new long[r * posWords];
                tValid = new long[r * posWords];
            } else {
                xPlus = xValid = wPlus = tPlus = tValid = null;
            }
        }
    }

    /**
     * Classifies image {@code i} of {@code set} through the circuit and returns the predicted class; counts the
     * decisions, margins and energy sums into {@code tally} (may be null).
     */
    public int classify(ImageSet set, int i, Tally tally) {
        set.copyImage(i, image, 0);
        float[] act = image;
        List<CompiledLayer> layers = net.layers();
        for (int l = 0; l < layers.size(); l++) {
            act = layer(layers.get(l), work[l], solvers[l], act, tally);
        }
        List<Layer> tail = net.tail();
        for (int t = 0; t < tail.size(); t++) {
            tail.get(t).forward(tailBuffers[t], tailShapes[t], tailBuffers[t + 1], tailWork);
        }
        float[] out = tailBuffers[tail.size()];
        return Classifier.argmax(out, out.length);
    }

    /**
     * The word-line voltages of layer {@code l}'s read at output position {@code position} in the image classified
     * last (all of the layer's rows, volts).
     */
    public double[] driveVoltages(int l, int position) {
        CompiledLayer c = net.layers().get(l);
        if (position < 0 || position >= c.positions) {
            throw new IllegalArgumentException("position " + position + " of " + c.positions);
        }
        return java.util.Arrays.copyOfRange(work[l].volts, position * c.rows, (position + 1) * c.rows);
    }

    /** The output currents (after the subtraction and trims) of layer l's read at {@code position}, last image. */
    public double[] outputCurrents(int l, int position) {
        CompiledLayer c = net.layers().get(l);
        return java.util.Arrays.copyOfRange(work[l].current, position * c.cols, (position + 1) * c.cols);
    }

    /** The exact integer column sums of layer l's read at {@code position}, last image. */
    public int[] exactSums(int l, int position) {
        CompiledLayer c = net.layers().get(l);
        return java.util.Arrays.copyOfRange(work[l].exact, position * c.cols, (position + 1) * c.cols);
    }

    private float[] layer(CompiledLayer c, LayerWork w, ReadSolver[][] tileSolvers, float[] in, Tally tally) {
        int l = c.index;
        int positions = c.positions;
        int rows = c.rows;
        int cols = c.cols;
        c.source.im2col(in, w.patches);
        boolean real = c.source.input() == InputKind.REAL;
        // word-line voltages and the exact integer sums of the same inputs
        if (real) {
            double scale = c.codeMax / 255.0;
            for (int k = 0; k < w.patches.length; k++) {
                int pixel = Math.round(w.patches[k] * 255f);
                int q = c.codeMax == 255 ? pixel : (int) Math.round(pixel * scale);
                w.codes[k] = q;
                w.volts[k] = q * c.voltsPerUnit;
            }
            for (int p = 0; p < positions; p++) {
                for (int j = 0; j < cols; j++) {
                    int s = 0;
                    for (int r = 0; r < rows; r++) {
                        s += c.source.weight(r, j) * w.codes[p * rows + r];
                    }
                    w.exact[p * cols + j] = s;
                }
            }
        } else {
            packAndSum(c, w);
        }
        if (tally != null) {
            secondMoments(c, w, tally.gram[l]);
        }
        // the circuit: column tiles side by side, row tiles summed at the shared sense nodes
        double rf = c.feedbackResistance;
        java.util.Arrays.fill(w.current, 0.0);
        for (int k = 0; k < c.colTiles(); k++) {
            CrossbarArray a = c.tiles[0][k].array();
            int phys = a.physicalColumns();
            java.util.Arrays.fill(w.group, 0, positions * phys, 0.0);
            for (int r = 0; r < c.rowTiles(); r++) {
                int row0 = c.rowStart[r];
                int rt = c.rowStart[r + 1] - row0;
                ReadSolver s = tileSolvers[r][k];
                if (observer != null) {
                    for (int p = 0; p < positions; p++) {
                        observer.read(c.tiles[r][k], w.volts, p * rows + row0);
                    }
                }
                if (s instanceof PortReduction pr) {
                    pr.accumulateColumnCurrents(w.volts, row0, rows, positions, w.group, 0, phys);
                } else {
                    for (int p = 0; p < positions; p++) {
                        System.arraycopy(w.volts, p * rows + row0, w.batchIn, p * rt, rt);
                    }
                    s.columnCurrents(w.batchIn, positions, w.batchOut);
                    for (int q = 0; q < positions * phys; q++) {
                        w.group[q] += w.batchOut[q];
                    }
                }
            }
            int ref = a.referenceColumn();
            int col0 = c.colStart[k];
            for (int p = 0; p < positions; p++) {
                int g0 = p * phys;
                if (tally != null) {
                    double sq = 0;
                    for (int q = 0; q < phys; q++) {
                        double iq = w.group[g0 + q];
                        if (q == ref) {
                            tally.tiaReference[l] += rf * iq * iq;
                        } else {
                            sq += iq * iq;
                        }
                    }
                    tally.tiaData[l] += rf * sq;
                }
                for (int j = 0; j < a.outputs(); j++) {
                    int o = col0 + j;
                    double plus = w.group[g0 + a.plusColumn(j)];
                    double minus = w.group[g0 + a.minusColumn(j)];
                    w.current[p * cols + o] = c.plusGain[o] * plus - c.minusGain[o] * minus - c.offset[o];
                }
            }
        }
        return c.hasComparators() ? compare(c, w, tally) : digitise(c, w, tally);
    }

    /** Packs each position's +/-1/0 patch into bits and computes the exact sums S = n - 2 popcount((x ^ w) & valid). */
    private static void packAndSum(CompiledLayer c, LayerWork w) {
        int positions = c.positions;
        int rows = c.rows;
        int words = w.words;
        int pw = w.posWords;
        java.util.Arrays.fill(w.xPlus, 0L);
        java.util.Arrays.fill(w.xValid, 0L);
        java.util.Arrays.fill(w.tPlus, 0L);
        java.util.Arrays.fill(w.tValid, 0L);
        double vr = c.voltsPerUnit;
        for (int p = 0; p < positions; p++) {
            int base = p * rows;
            for (int r = 0; r < rows; r++) {
                float x = w.patches[base + r];
                if (x != 0) {
                    long bit = 1L << (r & 63);
                    long pbit = 1L << (p & 63);
                    w.xValid[p * words + (r >>> 6)] |= bit;
                    w.tValid[r * pw + (p >>> 6)] |= pbit;
                    if (x > 0) {
                        w.xPlus[p * words + (r >>> 6)] |= bit;
                        w.tPlus[r * pw + (p >>> 6)] |= pbit;
                    }
                }
                w.volts[base + r] = x * vr;
            }
        }
        int cols = c.cols;
        for (int p = 0; p < positions; p++) {
            int xb = p * words;
            int n = 0;
            for (int k = 0; k < words; k++) {
                n += Long.bitCount(w.xValid[xb + k]);
            }
            for (int j = 0; j < cols; j++) {
                int wb = j * words;
                int mism = 0;
                for (int k = 0; k < words; k++) {
                    mism += Long.bitCount((w.xPlus[xb + k] ^ w.wPlus[wb + k]) & w.xValid[xb + k]);
                }
                w.exact[p * cols + j] = n - 2 * mism;
            }
        }
    }

    /** Adds sum over this image's reads of x x' to each row tile's second moment (upper triangle). */
    private static void secondMoments(CompiledLayer c, LayerWork w, double[][] gram) {
        int rows = c.rows;
        int positions = c.positions;
        for (int t = 0; t < c.rowTiles(); t++) {
            int r0 = c.rowStart[t];
            int rt = c.rowStart[t + 1] - r0;
            double[] g = gram[t];
            if (w.tPlus != null) {
                int pw = w.posWords;
                for (int a = 0; a < rt; a++) {
                    int ia = (r0 + a) * pw;
                    for (int b = a; b < rt; b++) {
                        int ib = (r0 + b) * pw;
                        int s = 0;
                        for (int k = 0; k < pw; k++) {
                            long both = w.tValid[ia + k] & w.tValid[ib + k];
                            s += Long.bitCount(both) - 2 * Long.bitCount((w.tPlus[ia + k] ^ w.tPlus[ib + k]) & both);
                        }
                        g[a * rt + b] += s;
                    }
                }
            } else {
                for (int p = 0; p < positions; p++) {
                    int base = p * rows + r0;
                    for (int a = 0; a < rt; a++) {
                        int qa = w.codes[base + a];
                        if (qa == 0) {
                            continue;
                        }
                        for (int b = a; b < rt; b++) {
                            g[a * rt + b] += (double) qa * w.codes[base + b];
                        }
                    }
                }
            }
        }
    }

    /** Comparators against the references, then max pooling as OR (AND for inverted columns pooled on sums). */
    private float[] compare(CompiledLayer c, LayerWork w, Tally tally) {
        int positions = c.positions;
        int cols = c.cols;
        double volts = c.unitCurrent * c.feedbackResistance;
        int l = c.index;
        long flips = 0;
        double minMargin = Double.POSITIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            double iref = c.referenceCurrent(j);
            int d = c.direction[j];
            int t = c.threshold[j];
            double perUnit = c.unitCurrent;
            for (int p = 0; p < positions; p++) {
                double i = w.current[p * cols + j];
                int s = w.exact[p * cols + j];
                boolean ideal = d > 0 ? s >= t : s <= t;
                boolean circuit = d > 0 ? i >= iref : i <= iref;
                w.decisions[j * positions + p] = circuit ? 1f : -1f;
                if (tally != null) {
                    double m = Math.abs(i - iref) / perUnit;
                    if (circuit != ideal) {
                        m = -m;
                        flips++;
                    }
                    tally.margin(l, m);
                    minMargin = Math.min(minMargin, m * volts);
                }
            }
        }
        if (tally != null) {
            tally.decisions[l] += (long) positions * cols;
            tally.flipped[l] += flips;
            tally.minMarginVolts[l] = Math.min(tally.minMarginVolts[l], minMargin);
        }
        int k = c.source.poolAfter();
        if (k == 0) {
            return w.decisions;
        }
        Shape s = c.source.outShape();
        int h = s.height();
        int wd = s.width();
        int oh = h / k;
        int ow = wd / k;
        boolean sums = c.source.poolOnSums();
        for (int ch = 0; ch < s.channels(); ch++) {
            boolean and = sums && c.direction[ch] < 0;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float v = and ? 1f : -1f;
                    for (int dy = 0; dy < k; dy++) {
                        for (int dx = 0; dx < k; dx++) {
                            float b = w.decisions[(ch * h + oy * k + dy) * wd + ox * k + dx];
                            v = and ? Math.min(v, b) : Math.max(v, b);
                        }
                    }
                    w.pooled[(ch * oh + oy) * ow + ox] = v;
                }
            }
        }
        return w.pooled;
    }

    /** The output layer: an ADC per column to the nearest realizable sum, then the scores (plus bias). */
    private float[] digitise(CompiledLayer c, LayerWork w, Tally tally) {
        int positions = c.positions;
        int cols = c.cols;
        float[] bias = c.source.bias();
        double volts = c.unitCurrent * c.feedbackResistance;
        long flips = 0;
        double minMargin = Double.POSITIVE_INFINITY;
        for (int p = 0; p < positions; p++) {
            int n = c.validRows[p];
            long full = (long) n * c.codeMax;
            for (int j = 0; j < cols; j++) {
                double x = w.current[p * cols + j] / c.unitCurrent;
                long code;
                if (c.adcStep == 2) {
                    int par = n & 1;
                    code = 2 * Math.round((x - par) / 2) + par;
                } else {
                    code = Math.round(x);
                }
                code = Math.max(-full, Math.min(full, code));
                int s = w.exact[p * cols + j];
                float score = bias == null ? (float) code : (float) (code + (double) bias[j]);
                scores[j * positions + p] = score;
                if (tally != null) {
                    double m = c.adcStep / 2.0 - Math.abs(x - s);
                    if (code != s) {
                        flips++;
                        m = -Math.abs(m);
                    }
                    tally.margin(c.index, m);
                    minMargin = Math.min(minMargin, m * volts);
                }
            }
        }
        if (tally != null) {
            tally.decisions[c.index] += (long) positions * cols;
            tally.flipped[c.index] += flips;
            tally.minMarginVolts[c.index] = Math.min(tally.minMarginVolts[c.index], minMargin);
        }
        return scores;
    }
}
