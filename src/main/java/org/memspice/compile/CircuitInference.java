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
    /** Every tile read through its port reduction, so the output transfers may stand in for them. */
    private boolean fast;
    private ReadObserver observer;
    /** Read noise (null: none); per layer its standard deviations per position class and output (binary inputs) or its weights per word line and output (real inputs). */
    private final ReadNoise noise;
    private final double[][][] noiseStd;
    private final double[][] noiseWeights;
    private final double[] noiseVar;
    /** The image being classified (keys the read-noise draws). */
    private int imageIndex;

    /** Sees every tile read: the tile and the layer's word-line voltages at {@code volts[offset .. offset + rows)}. */
    interface ReadObserver {
        void read(Tile tile, double[] volts, int offset);
    }

    /** Sets an observer of every tile read (for checks against full nodal solves). */
    void observe(ReadObserver o) {
        this.observer = o;
        this.fast = false;
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
        fast = solverOf == null;
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
        noise = net.readNoise() != null && net.readNoise().sigma() > 0 ? net.readNoise() : null;
        noiseStd = new double[layers.size()][][];
        noiseWeights = new double[layers.size()][];
        int maxCols = 0;
        for (int l = 0; noise != null && l < layers.size(); l++) {
            CompiledLayer c = layers.get(l);
            maxCols = Math.max(maxCols, c.cols);
            double[] w2 = c.noiseWeights();
            if (c.source.input() == InputKind.REAL) {
                noiseWeights[l] = w2;
            } else {
                double[][] sums = c.classSums(w2);
                double k = noise.sigma() * c.voltsPerUnit;
                for (double[] row : sums) {
                    for (int o = 0; o < row.length; o++) {
                        row[o] = k * Math.sqrt(row[o]);
                    }
                }
                noiseStd[l] = sums;
            }
        }
        noiseVar = new double[maxCols];
    }

    /** Per-layer work buffers. */
    private static final class LayerWork {
        final float[] patches;
        final double[] volts;
        final int[] codes;
        /** The +/-1 weights, row-major (word line, column), for the exact sums of real inputs. */
        final int[] weightsByRow;
        final int[] exact;
        final double[] current;
        final double[] group;
        final double[] batchIn;
        final double[] batchOut;
        final double[] rowSums;

        final int[] selected;
        final int[] mismatches;
        final int[] same;
        final int[] hashTable;
        final float[] decisions;
        final float[] pooled;
        final long[] xPlus;
        final long[] xValid;
        final long[] wPlus;
        final int words;
        /** Read buffer for the second moments: per word line, bufWords words of one bit per read. */
        final long[] bufPlus;
        final long[] bufValid;
        final long[] pairSums;
        final int bufWords;
        final int capacity;
        int filled;
        Tally pending;

        LayerWork(CompiledLayer c) {
            int p = c.positions;
            int r = c.rows;
            patches = new float[p * r];
            volts = new double[p * r];
            codes = c.source.input() == InputKind.REAL ? new int[p * r] : null;
            weightsByRow = new int[r * c.cols];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c.cols; j++) {
                    weightsByRow[i * c.cols + j] = c.source.weight(i, j);
                }
            }
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
            rowSums = new double[p * maxPhys];

            selected = new int[r];
            mismatches = new int[c.cols];
            same = new int[p];
            hashTable = new int[Integer.highestOneBit(Math.max(1, 2 * p - 1)) * 2];
            decisions = new float[c.source.outShape().size()];
            int pool = c.source.poolAfter();
            pooled = pool > 0 ? new float[new org.memspice.bnn.MaxPool(pool).outputShape(c.source.outShape()).size()] : null;
            words = (r + 63) >>> 6;
            bufWords = Math.max(8, (p + 63) >>> 6);
            capacity = 64 * bufWords;
            if (c.source.input() == InputKind.BINARY) {
                xPlus = new long[p * words];
                xValid = new long[p * words];
                wPlus = new long[words * c.cols];   // [word][column], so the popcounts run along the columns
                for (int j = 0; j < c.cols; j++) {
                    for (int i = 0; i < r; i++) {
                        if (c.source.weight(i, j) > 0) {
                            wPlus[(i >>> 6) * c.cols + j] |= 1L << (i & 63);
                        }
                    }
                }
                bufPlus = new long[r * bufWords];
                bufValid = new long[r * bufWords];
                pairSums = new long[r];
            } else {
                xPlus = xValid = wPlus = bufPlus = bufValid = pairSums = null;
            }
        }
    }

    /**
     * Classifies image {@code i} of {@code set} through the circuit and returns the predicted class; counts the
     * decisions, margins and energy sums into {@code tally} (may be null).
     */
    public int classify(ImageSet set, int i, Tally tally) {
        imageIndex = i;
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
        LayerWork w = work[l];
        double[] v = new double[c.rows];
        for (int r = 0; r < c.rows; r++) {
            int k = position * c.rows + r;
            v[r] = c.source.input() == InputKind.REAL ? w.codes[k] * c.voltsPerUnit : w.patches[k] * c.voltsPerUnit;
        }
        return v;
    }

    /** The output currents (after the subtraction and trims) of layer l's read at {@code position}, last image. */
    public double[] outputCurrents(int l, int position) {
        CompiledLayer c = net.layers().get(l);
        return java.util.Arrays.copyOfRange(work[l].current, position * c.cols, (position + 1) * c.cols);
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
            // exact sums of the DAC codes: rows outside, columns inside (contiguous)
            int[] wt = w.weightsByRow;
            for (int p = 0; p < (tally == null ? 0 : positions); p++) {
                int e0 = p * cols;
                java.util.Arrays.fill(w.exact, e0, e0 + cols, 0);
                for (int r = 0; r < rows; r++) {
                    int q = w.codes[p * rows + r];
                    if (q == 0) {
                        continue;
                    }
                    for (int j = 0; j < cols; j++) {
                        w.exact[e0 + j] += wt[r * cols + j] * q;
                    }
                }
            }
        } else {
            boolean needVolts = !(c.outputTransfers && fast);
            if (tally != null && w.pending != tally) {
                flush(c, w);
                w.pending = tally;
            }
            if (tally != null && w.filled + positions > w.capacity) {
                flush(c, w);
            }
            packAndSum(c, w, needVolts, tally != null);
        }
        if (tally != null && real) {
            secondMoments(c, w, tally.gram[l]);
        }
        if (c.outputTransfers && fast) {
            outputCurrents(c, w);
        } else {
            sensedCurrents(c, w, tileSolvers, tally);
        }
        if (noise != null) {
            addReadNoise(c, w);
        }
        return c.hasComparators() ? compare(c, w, tally) : digitise(c, w, tally);
    }

    /**
     * Adds each read's read-noise deviate to its output currents (see {@link ReadNoise}): positions outer, outputs
     * inner, from the generator of (seed, trial, layer, image).
     */
    private void addReadNoise(CompiledLayer c, LayerWork w) {
        java.util.SplittableRandom z = noise.reads(c.index, imageIndex);
        int cols = c.cols;
        int rows = c.rows;
        double[][] std = noiseStd[c.index];
        double[] w2 = noiseWeights[c.index];
        double s = noise.sigma();
        for (int p = 0; p < c.positions; p++) {
            int o0 = p * cols;
            if (std != null) {
                double[] sd = std[c.positionClass[p]];
                for (int o = 0; o < cols; o++) {
                    w.current[o0 + o] += sd[o] * z.nextGaussian();
                }
            } else {
                java.util.Arrays.fill(noiseVar, 0, cols, 0.0);
                for (int i = 0; i < rows; i++) {
                    double v = w.volts[p * rows + i];
                    if (v == 0) {
                        continue;
                    }
                    double v2 = v * v;
                    int b = i * cols;
                    for (int o = 0; o < cols; o++) {
                        noiseVar[o] += v2 * w2[b + o];
                    }
                }
                for (int o = 0; o < cols; o++) {
                    w.current[o0 + o] += s * Math.sqrt(noiseVar[o]) * z.nextGaussian();
                }
            }
        }
    }

    /**
     * Every tile's column currents through its read solver, summed over the row tiles at the shared sense nodes,
     * then each output's trimmed difference. For layers without output transfers the TIAs' Rf*I^2 is counted per read.
     */
    private void sensedCurrents(CompiledLayer c, LayerWork w, ReadSolver[][] tileSolvers, Tally tally) {
        int l = c.index;
        int positions = c.positions;
        int rows = c.rows;
        int cols = c.cols;
        double rf = c.feedbackResistance;
        boolean perRead = tally != null && !c.outputTransfers;
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
                if (perRead) {
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
    }

    /**
     * The output currents of a binary layer from its output transfers D (the trims folded in): with inputs
     * x = +/-1 on the valid word lines, D x = 2 sum_{x=+1} D_i - sum_valid D_i = sum_valid D_i - 2 sum_{x=-1} D_i,
     * so each read adds only the rows of the sparser sign to the precomputed sum over its position class's
     * valid rows.
     */
    private static void outputCurrents(CompiledLayer c, LayerWork w) {
        int positions = c.positions;
        int cols = c.cols;
        int words = w.words;
        double vr = c.voltsPerUnit;
        double[] tmp = w.rowSums;
        int[] same = w.same;
        representatives(c, w);
        for (int p = 0; p < positions; p++) {
            for (int o = 0; o < cols; o++) {
                w.current[p * cols + o] = -c.offset[o];
            }
        }
        // row tile by row tile (its transfers stay in cache over all positions); each read's word lines of the
        // sparser sign are found once and added in every column tile
        int[] sel = w.selected;
        for (int r = 0; r < c.rowTiles(); r++) {
            int row0 = c.rowStart[r];
            int row1 = c.rowStart[r + 1];
            for (int p = 0; p < positions; p++) {
                if (same[p] != p) {
                    continue;
                }
                int xb = p * words;
                int plus = countBits(w.xPlus, xb, row0, row1);
                int valid = countBits(w.xValid, xb, row0, row1);
                boolean up = plus <= valid - plus;
                int n = 0;
                for (int wd = row0 >>> 6; wd <= (row1 - 1) >>> 6; wd++) {
                    long bits = up ? w.xPlus[xb + wd] : w.xValid[xb + wd] & ~w.xPlus[xb + wd];
                    bits &= rangeMask(wd, row0, row1);
                    while (bits != 0) {
                        sel[n++] = (wd << 6) + Long.numberOfTrailingZeros(bits) - row0;
                        bits &= bits - 1;
                    }
                }
                double a = up ? 2 * vr : -2 * vr;
                double b = up ? -vr : vr;
                int q = c.positionClass[p];
                for (int k = 0; k < c.colTiles(); k++) {
                    int col0 = c.colStart[k];
                    int outs = c.colStart[k + 1] - col0;
                    double[] d = c.transfer[r][k];
                    java.util.Arrays.fill(tmp, 0, outs, 0.0);
                    // eight, then four rows per pass over the accumulator
                    int s = 0;
                    for (; s + 8 <= n; s += 8) {
                        int o0 = sel[s] * outs;
                        int o1 = sel[s + 1] * outs;
                        int o2 = sel[s + 2] * outs;
                        int o3 = sel[s + 3] * outs;
                        int o4 = sel[s + 4] * outs;
                        int o5 = sel[s + 5] * outs;
                        int o6 = sel[s + 6] * outs;
                        int o7 = sel[s + 7] * outs;
                        for (int j = 0; j < outs; j++) {
                            tmp[j] += ((d[o0 + j] + d[o1 + j]) + (d[o2 + j] + d[o3 + j]))
                                    + ((d[o4 + j] + d[o5 + j]) + (d[o6 + j] + d[o7 + j]));
                        }
                    }
                    for (; s + 4 <= n; s += 4) {
                        int o0 = sel[s] * outs;
                        int o1 = sel[s + 1] * outs;
                        int o2 = sel[s + 2] * outs;
                        int o3 = sel[s + 3] * outs;
                        for (int j = 0; j < outs; j++) {
                            tmp[j] += (d[o0 + j] + d[o1 + j]) + (d[o2 + j] + d[o3 + j]);
                        }
                    }
                    for (; s < n; s++) {
                        int o0 = sel[s] * outs;
                        for (int j = 0; j < outs; j++) {
                            tmp[j] += d[o0 + j];
                        }
                    }
                    double[] cs = c.classSum[r][k][q];
                    int o0 = p * cols + col0;
                    for (int j = 0; j < outs; j++) {
                        w.current[o0 + j] += a * tmp[j] + b * cs[j];
                    }
                }
            }
        }
        // reads with the same inputs as an earlier one have its currents
        for (int p = 0; p < positions; p++) {
            if (same[p] != p) {
                System.arraycopy(w.current, same[p] * cols, w.current, p * cols, cols);
            }
        }
    }

    /**
     * For every position, the first position of this image with the same inputs (the same driven word lines, the
     * same +1s): uniform regions of an image repeat their patches, and a read of the same inputs gives the same
     * currents.
     */
    private static void representatives(CompiledLayer c, LayerWork w) {
        int positions = c.positions;
        int words = w.words;
        int[] table = w.hashTable;
        int mask = table.length - 1;
        java.util.Arrays.fill(table, -1);
        for (int p = 0; p < positions; p++) {
            int xb = p * words;
            long h = c.positionClass[p] * 0x9E3779B97F4A7C15L;
            for (int k = 0; k < words; k++) {
                h = (h ^ w.xPlus[xb + k]) * 0xBF58476D1CE4E5B9L;
                h = (h ^ w.xValid[xb + k]) * 0x94D049BB133111EBL;
            }
            int slot = (int) (h ^ (h >>> 32)) & mask;
            int found = p;
            while (table[slot] >= 0) {
                int q = table[slot];
                if (c.positionClass[q] == c.positionClass[p] && java.util.Arrays.equals(w.xPlus, q * words,
                        (q + 1) * words, w.xPlus, xb, xb + words) && java.util.Arrays.equals(w.xValid, q * words,
                        (q + 1) * words, w.xValid, xb, xb + words)) {
                    found = q;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (found == p) {
                table[slot] = p;
            }
            w.same[p] = found;
        }
    }

    /** Set bits of words[base ..] at bit positions [from, to). */
    private static int countBits(long[] words, int base, int from, int to) {
        int n = 0;
        for (int wd = from >>> 6; wd <= (to - 1) >>> 6; wd++) {
            n += Long.bitCount(words[base + wd] & rangeMask(wd, from, to));
        }
        return n;
    }

    /** The bits of word wd that lie in [from, to). */
    private static long rangeMask(int wd, int from, int to) {
        int lo = Math.max(from - (wd << 6), 0);
        int hi = Math.min(to - (wd << 6), 64);
        long m = hi == 64 ? -1L : (1L << hi) - 1;
        return m & (-1L << lo);
    }

    /**
     * Packs each position's +/-1/0 patch into bits (per read, and appended to the read buffer for the second
     * moments when counting) and computes the exact sums S = n - 2 popcount((x ^ w) & valid).
     */
    private static void packAndSum(CompiledLayer c, LayerWork w, boolean needVolts, boolean count) {
        pack(c, w, needVolts, count);
        if (count) {
            exactSums(c, w);
        }
    }

    private static void pack(CompiledLayer c, LayerWork w, boolean needVolts, boolean count) {
        int positions = c.positions;
        int rows = c.rows;
        int words = w.words;
        double vr = c.voltsPerUnit;
        int filled = w.filled;
        float[] x = w.patches;
        for (int p = 0; p < positions; p++) {
            int base = p * rows;
            // inputs are +1, -1, or 0 (zero padding): x*x marks a driven word line, (x + x*x)/2 a +1 (no branches)
            for (int wd = 0; wd < words; wd++) {
                int r0 = wd << 6;
                int r1 = Math.min(rows, r0 + 64);
                long valid = 0;
                long plus = 0;
                for (int r = r0; r < r1; r++) {
                    float v = x[base + r];
                    valid |= (long) (v * v) << (r - r0);
                    plus |= (long) ((v + v * v) * 0.5f) << (r - r0);
                }
                w.xValid[p * words + wd] = valid;
                w.xPlus[p * words + wd] = plus;
            }
            if (count) {
                int read = filled + p;
                int sh = read & 63;
                int bw = (read >>> 6) * rows;
                for (int r = 0; r < rows; r++) {
                    float v = x[base + r];
                    w.bufValid[bw + r] |= (long) (v * v) << sh;
                    w.bufPlus[bw + r] |= (long) ((v + v * v) * 0.5f) << sh;
                }
            }
            if (needVolts) {
                for (int r = 0; r < rows; r++) {
                    w.volts[base + r] = x[base + r] * vr;
                }
            }
        }
        if (count) {
            w.filled = filled + positions;
        }
    }

    private static void exactSums(CompiledLayer c, LayerWork w) {
        int positions = c.positions;
        int words = w.words;
        int cols = c.cols;
        int[] mism = w.mismatches;
        for (int p = 0; p < positions; p++) {
            int xb = p * words;
            int n = 0;
            java.util.Arrays.fill(mism, 0);
            for (int k = 0; k < words; k++) {
                long xv = w.xValid[xb + k];
                long xp = w.xPlus[xb + k];
                n += Long.bitCount(xv);
                int wb = k * cols;
                for (int j = 0; j < cols; j++) {
                    mism[j] += Long.bitCount((xp ^ w.wPlus[wb + j]) & xv);
                }
            }
            int e0 = p * cols;
            for (int j = 0; j < cols; j++) {
                w.exact[e0 + j] = n - 2 * mism[j];
            }
        }
    }

    /**
     * Adds the buffered reads' second moments (sum over reads of x_a x_b for +/-1/0 inputs: the reads where both
     * word lines are driven, less twice those where they differ) to the pending tally: over every pair of the
     * layer's word lines for layers with output transfers, within each row tile otherwise. Empties the buffer.
     */
    private static void flush(CompiledLayer c, LayerWork w) {
        if (w.pending == null || w.filled == 0 || w.bufPlus == null) {
            w.filled = 0;
            return;
        }
        int rows = c.rows;
        int used = (w.filled + 63) >>> 6;
        long[] tv = w.bufValid;
        long[] tp = w.bufPlus;
        long[] full = w.pending.fullGram[c.index];
        long[] acc = w.pairSums;
        for (int t = 0; t < (full != null ? 1 : c.rowTiles()); t++) {
            int r0 = full != null ? 0 : c.rowStart[t];
            int rt = full != null ? rows : c.rowStart[t + 1] - r0;
            double[] blockGram = full != null ? null : w.pending.gram[c.index][t];
            for (int a = 0; a < rt; a++) {
                java.util.Arrays.fill(acc, 0, rt, 0L);
                // words outside, pairs inside: the popcounts run along contiguous word lines
                for (int k = 0; k < used; k++) {
                    int kb = k * rows + r0;
                    long va = tv[kb + a];
                    long pa = tp[kb + a];
                    if (va == 0) {
                        continue;
                    }
                    for (int b = a; b < rt; b++) {
                        long both = va & tv[kb + b];
                        acc[b] += Long.bitCount(both) - 2L * Long.bitCount((pa ^ tp[kb + b]) & both);
                    }
                }
                int base = a * rt;
                if (full != null) {
                    for (int b = a; b < rt; b++) {
                        full[base + b] += acc[b];
                    }
                } else {
                    for (int b = a; b < rt; b++) {
                        blockGram[base + b] += acc[b];
                    }
                }
            }
        }
        java.util.Arrays.fill(tv, 0L);
        java.util.Arrays.fill(tp, 0L);
        w.filled = 0;
    }

    /** Adds the reads still buffered to their tally: call once after the last image of a run. */
    public void finish() {
        for (int l = 0; l < work.length; l++) {
            flush(net.layers().get(l), work[l]);
        }
    }

    /** Adds sum over this image's reads of q q' (DAC codes) to each row tile's second moment (upper triangle). */
    private static void secondMoments(CompiledLayer c, LayerWork w, double[][] gram) {
        int rows = c.rows;
        for (int t = 0; t < c.rowTiles(); t++) {
            int r0 = c.rowStart[t];
            int rt = c.rowStart[t + 1] - r0;
            double[] g = gram[t];
            for (int p = 0; p < c.positions; p++) {
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

    /** Comparators against the references, then max pooling as OR (AND for inverted columns pooled on sums). */
    private float[] compare(CompiledLayer c, LayerWork w, Tally tally) {
        int positions = c.positions;
        int cols = c.cols;
        double volts = c.unitCurrent * c.feedbackResistance;
        int l = c.index;
        long flips = 0;
        double minMargin = Double.POSITIVE_INFINITY;
        double err = 0;
        double worstIdeal = 0;
        for (int j = 0; j < cols; j++) {
            double iref = c.referenceCurrent(j);
            int d = c.direction[j];
            int t = c.threshold[j];
            double perUnit = c.unitCurrent;
            for (int p = 0; p < positions; p++) {
                double i = w.current[p * cols + j];
                boolean circuit = d > 0 ? i >= iref : i <= iref;
                w.decisions[j * positions + p] = circuit ? 1f : -1f;
                if (tally != null) {
                    int s = w.exact[p * cols + j];
                    boolean ideal = d > 0 ? s >= t : s <= t;
                    double m = Math.abs(i - iref) / perUnit;
                    double e = i / perUnit - s;
                    err += e * e;
                    if (circuit != ideal) {
                        m = -m;
                        flips++;
                        worstIdeal = Math.max(worstIdeal, Math.abs(s - c.referenceUnits[j]));
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
            tally.errorSquares[l] += err;
            tally.maxFlippedIdealMargin[l] = Math.max(tally.maxFlippedIdealMargin[l], worstIdeal);
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
        double err = 0;
        for (int p = 0; p < positions; p++) {
            for (int j = 0; j < cols; j++) {
                double x = w.current[p * cols + j] / c.unitCurrent;
                long code = c.adcCode(x, p);
                int s = w.exact[p * cols + j];
                float score = bias == null ? (float) code : (float) (code + (double) bias[j]);
                scores[j * positions + p] = score;
                if (tally != null) {
                    double m = c.adcStep / 2.0 - Math.abs(x - s);
                    err += (x - s) * (x - s);
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
            tally.errorSquares[c.index] += err;
        }
        return scores;
    }
}
