package org.memspice.bnn;

import java.util.ArrayList;
import java.util.List;
import org.memspice.InputException;

/**
 * Bit-packed inference of a binary network: +/-1 activations are bits (1 = +1) packed 64 channels to a
 * long per pixel, a binary convolution or dense layer is XNOR + popcount (s = n - 2 popcount(a XOR w) over
 * the n valid inputs; Rastegari et al., XNOR-Net, 2016), and batch norm + sign is one integer comparison
 * per output ({@link FoldedThreshold}). Max pooling of bits is OR. The first layer (real pixel input)
 * computes its sums in double (exact for 8-bit pixels), rounds them to float like the float path, and
 * compares with the real threshold. After the last binary layer the integer sums become float scores
 * (adding the bias), and any remaining weightless layers (e.g. a final batch norm) run in float.
 *
 * <p>Dense layers run as 1 x 1 convolutions over an (N, 1, 1) map; flatten repacks the bits of a CHW map
 * in channel-major order. Zero padding contributes nothing (out-of-image taps are skipped, and the
 * valid-input count n shrinks accordingly).
 *
 * <p>Supported: every layer with binary weights (a real input only where {@code realInput}), batch norm
 * followed by sign (with max pooling allowed between them), sign, max pooling anywhere (on bits: OR; on
 * sums: max, then the threshold), flatten, separable convolutions with or without BN + sign between the
 * stages. Not thread-safe: one instance per thread.
 */
public final class PackedInference implements Classifier {
    private final BnnModel model;
    private final List<Stage> stages = new ArrayList<>();
    private final float[] input;
    private final float[] scores;

    public PackedInference(BnnModel model) {
        this.model = model;
        if (!model.isBinary()) {
            throw new InputException("the bitpacked path needs binary weights in every layer, but this model has "
                    + model.realWeightCount() + " real weights (a full-precision network): use the float path");
        }
        input = new float[model.input().size()];
        Source src = new Source(model.input(), input);
        stages.add(src);
        compile();
        Stage last = stages.get(stages.size() - 1);
        if (last.kind != Kind.FLOATS) {
            throw new IllegalStateException("pipeline does not end in scores");
        }
        scores = last.floats;
    }

    enum Kind { BITS, INTS, FLOATS }

    // ------------------------------------------------------------------ compilation

    private void compile() {
        List<Layer> layers = model.layers();
        Stage cur = stages.get(0);
        double[] pendingBias = null;   // bias not yet added to integer sums (folded into the next threshold)
        int i = 0;
        while (i < layers.size()) {
            Layer l = layers.get(i);
            String where = "layers[" + i + "] (" + l.type() + ")";
            if (l instanceof Conv c) {
                cur = add(sums(cur, c, traced(cur, c, i), where));
                pendingBias = cur.kind == Kind.INTS ? bias(c) : null;
                i++;
            } else if (l instanceof Dense d) {
                if (cur.kind == Kind.BITS && (cur.shape.height() != 1 || cur.shape.width() != 1)) {
                    cur = add(new BitFlatten(cur, -1));
                }
                Shape s = cur.shape;
                Conv c = new Conv(s.size(), d.out(), 1, 1, 0, 0, 1, 1, true, d.realInput(), d.weightsView(), d.bias());
                if (cur.shape.height() != 1 || cur.shape.width() != 1) {
                    cur = add(new Reshape(cur, Shape.vector(s.size())));
                }
                cur = add(sums(cur, c, traced(cur, c, i), where));
                pendingBias = cur.kind == Kind.INTS ? bias(c) : null;
                i++;
            } else if (l instanceof SeparableConv sc) {
                Stage v = add(sums(cur, sc.vertical(), -1, where + " k x 1 stage"));
                double[] vBias = v.kind == Kind.INTS ? bias(sc.vertical()) : null;
                if (sc.midNorm() != null) {
                    v = add(new Threshold(v, sc.midNorm(), vBias, -1));
                } else if (vBias != null) {
                    throw new InputException(where + ": the bitpacked path needs no bias on the k x 1 stage when"
                            + " nothing sits between the stages");
                }
                cur = add(sums(v, sc.horizontal(), traced(v, sc.horizontal(), i), where + " 1 x k stage"));
                pendingBias = cur.kind == Kind.INTS ? bias(sc.horizontal()) : null;
                i++;
            } else if (l instanceof BatchNorm bn) {
                int j = i + 1;
                while (j < layers.size() && layers.get(j) instanceof MaxPool) {
                    j++;
                }
                if (j < layers.size() && layers.get(j) instanceof Sign) {
                    cur = add(new Threshold(cur, bn, pendingBias, i + 1 == j ? j : -1));
                    pendingBias = null;
                    for (int p = i + 1; p < j; p++) {
                        cur = add(new BitMaxPool(cur, ((MaxPool) layers.get(p)).k(), p + 1 == j ? j : -1));
                    }
                    i = j + 1;
                } else {
                    break;   // a batch norm not followed by sign: the start of the float tail
                }
            } else if (l instanceof Sign) {
                BatchNorm identity = null;
                cur = add(new Threshold(cur, identity, pendingBias, i));
                pendingBias = null;
                i++;
            } else if (l instanceof MaxPool mp) {
                int end = pendingBias == null ? i : -1;   // integer sums without their bias differ from the float path's
                cur = add(cur.kind == Kind.BITS ? new BitMaxPool(cur, mp.k(), end) : new SumMaxPool(cur, mp.k(), end));
                i++;
            } else if (l instanceof Flatten) {
                cur = add(cur.kind == Kind.BITS ? new BitFlatten(cur, i) : new Reshape(cur, Shape.vector(cur.shape.size())));
                i++;
            } else {
                throw new InputException(where + ": not a binary-network layer; the bitpacked path cannot run it");
            }
        }
        cur = add(new ToScores(cur, pendingBias, i - 1));
        if (i < layers.size()) {
            for (int t = i; t < layers.size(); t++) {
                if (layers.get(t).weightCount() > 0) {
                    throw new InputException("layers[" + t + "] (" + layers.get(t).type()
                            + "): a layer with weights after a batch norm that no sign follows; the bitpacked path"
                            + " needs batch norm + sign between binary layers");
                }
            }
            add(new FloatTail(cur, model, i));
        }
    }

    /** The layer index a sums stage reports in {@link #trace}, or -1 when its integer sums still lack the bias. */
    private static int traced(Stage in, Conv c, int layer) {
        return in.kind != Kind.FLOATS && c.bias() != null ? -1 : layer;
    }

    private Stage add(Stage s) {
        stages.add(s);
        return s;
    }

    private static double[] bias(Conv c) {
        float[] b = c.bias();
        if (b == null) {
            return null;
        }
        double[] d = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            d[i] = b[i];
        }
        return d;
    }

    private static Stage sums(Stage in, Conv c, int endLayer, String where) {
        switch (in.kind) {
            case FLOATS:
                return new RealSums(in, c, endLayer);
            case BITS:
                return new PackedSums(in, c, endLayer);
            default:
                if (c.bias() != null) {
                    throw new InputException(where + ": the bitpacked path needs no bias on a stage with integer input");
                }
                return new IntSums(in, c, endLayer);
        }
    }

    // ------------------------------------------------------------------ running

    private void run(float[] image) {
        if (image.length != input.length) {
            throw new IllegalArgumentException("image has " + image.length + " values, the model expects " + model.input());
        }
        System.arraycopy(image, 0, input, 0, input.length);
        for (int s = 1; s < stages.size(); s++) {
            stages.get(s).run();
        }
    }

    @Override
    public int predict(float[] image) {
        run(image);
        return Classifier.argmax(scores, scores.length);
    }

    /** The class scores for {@code image}. */
    public float[] scores(float[] image) {
        run(image);
        return scores.clone();
    }

    /**
     * For each stage whose output is the output of a model layer: that layer's index and the values as the
     * float path would hold them (bits unpacked to +/-1, integer sums as floats), in CHW order.
     */
    public List<LayerOutput> trace(float[] image) {
        run(image);
        List<LayerOutput> out = new ArrayList<>();
        for (Stage s : stages) {
            if (s.endLayer >= 0) {
                out.add(new LayerOutput(s.endLayer, s.kind.name().toLowerCase(), s.asFloats()));
            }
        }
        return out;
    }

    /** A layer's output as computed by the bitpacked path; {@code representation} is bits, ints or floats. */
    public record LayerOutput(int layer, String representation, float[] values) {}

    /** Number of pipeline stages (for tests and reports). */
    public int stageCount() {
        return stages.size();
    }

    // ------------------------------------------------------------------ stages

    abstract static class Stage {
        final Kind kind;
        final Shape shape;
        final int endLayer;
        final int wordsPerPixel;
        long[] bits;
        int[] ints;
        float[] floats;

        Stage(Kind kind, Shape shape, int endLayer) {
            this.kind = kind;
            this.shape = shape;
            this.endLayer = endLayer;
            this.wordsPerPixel = (shape.channels() + 63) >>> 6;
            int pixels = shape.height() * shape.width();
            switch (kind) {
                case BITS -> bits = new long[pixels * wordsPerPixel];
                case INTS -> ints = new int[shape.size()];
                default -> floats = new float[shape.size()];
            }
        }

        abstract void run();

        float[] asFloats() {
            float[] f = new float[shape.size()];
            int hw = shape.height() * shape.width();
            for (int c = 0; c < shape.channels(); c++) {
                for (int p = 0; p < hw; p++) {
                    int i = c * hw + p;
                    f[i] = switch (kind) {
                        case BITS -> (bits[p * wordsPerPixel + (c >>> 6)] >>> (c & 63) & 1L) != 0 ? 1f : -1f;
                        case INTS -> ints[i];
                        default -> floats[i];
                    };
                }
            }
            return f;
        }
    }

    static final class Source extends Stage {
        Source(Shape shape, float[] input) {
            super(Kind.FLOATS, shape, -1);
            floats = input;
        }

        @Override
        void run() {}
    }

    /** Geometry of a convolution applied to an input shape. */
    abstract static class ConvStage extends Stage {
        final Stage in;
        final int c, h, w, oc, oh, ow, kh, kw, padH, padW, sh, sw;

        ConvStage(Kind kind, Stage in, Conv conv, int endLayer) {
            super(kind, conv.outputShape(in.shape), endLayer);
            this.in = in;
            c = in.shape.channels();
            h = in.shape.height();
            w = in.shape.width();
            oc = conv.out();
            oh = shape.height();
            ow = shape.width();
            kh = conv.kh();
            kw = conv.kw();
            padH = conv.padH();
            padW = conv.padW();
            sh = conv.strideH();
            sw = conv.strideW();
        }
    }

    /** Real inputs, +/-1 weights: s = sum of inputs under +1 minus sum under -1, in double, then + bias, rounded to float. */
    static final class RealSums extends ConvStage {
        final boolean[] plus;   // [o][c][ky][kx]
        final double[] bias;
        final double[] plane;

        RealSums(Stage in, Conv conv, int endLayer) {
            super(Kind.FLOATS, in, conv, endLayer);
            float[] wt = conv.weightsView();
            plus = new boolean[wt.length];
            for (int i = 0; i < wt.length; i++) {
                plus[i] = wt[i] > 0;
            }
            bias = PackedInference.bias(conv);
            plane = new double[oh * ow];
        }

        @Override
        void run() {
            // per output channel: add the input rows under +1 weights, subtract those under -1 (exact in double)
            float[] x = in.floats;
            double[] acc = plane;
            for (int o = 0; o < oc; o++) {
                java.util.Arrays.fill(acc, 0.0);
                for (int ci = 0; ci < c; ci++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int oy0 = Math.max(0, -Math.floorDiv(ky - padH, sh));
                        int oy1 = Math.min(oh, Math.floorDiv(h - 1 + padH - ky, sh) + 1);
                        for (int kx = 0; kx < kw; kx++) {
                            double sign = plus[((o * c + ci) * kh + ky) * kw + kx] ? 1.0 : -1.0;
                            int ox0 = Math.max(0, -Math.floorDiv(kx - padW, sw));
                            int ox1 = Math.min(ow, Math.floorDiv(w - 1 + padW - kx, sw) + 1);
                            for (int oy = oy0; oy < oy1; oy++) {
                                int row = (ci * h + oy * sh - padH + ky) * w - padW + kx;
                                int a = oy * ow;
                                for (int ox = ox0; ox < ox1; ox++) {
                                    acc[a + ox] += sign * x[row + ox * sw];
                                }
                            }
                        }
                    }
                }
                int base = o * oh * ow;
                for (int p = 0; p < oh * ow; p++) {
                    floats[base + p] = (float) (bias == null ? acc[p] : acc[p] + bias[o]);
                }
            }
        }
    }

    /** Packed +/-1 inputs and weights: s = n - 2 popcount(a XOR w) over the valid taps. */
    static final class PackedSums extends ConvStage {
        final long[] wbits;   // [(o*kh + ky)*kw + kx][wordsPerPixel of the input]
        final int wpp;
        final long[] patch;
        final int[] tap;

        PackedSums(Stage in, Conv conv, int endLayer) {
            super(Kind.INTS, in, conv, endLayer);
            wpp = in.wordsPerPixel;
            wbits = new long[oc * kh * kw * wpp];
            patch = new long[kh * kw * wpp];
            tap = new int[kh * kw * wpp];
            for (int o = 0; o < oc; o++) {
                for (int ci = 0; ci < c; ci++) {
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            if (conv.weight(o, ci, ky, kx) > 0) {
                                wbits[((o * kh + ky) * kw + kx) * wpp + (ci >>> 6)] |= 1L << (ci & 63);
                            }
                        }
                    }
                }
            }
        }

        @Override
        void run() {
            // gather the valid taps of one output position once, then XOR/popcount them against every column
            long[] a = in.bits;
            long[] patch = this.patch;
            int[] tap = this.tap;
            int taps = kh * kw * wpp;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * sh - padH;
                int ky0 = Math.max(0, -y0), ky1 = Math.min(kh, h - y0);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * sw - padW;
                    int kx0 = Math.max(0, -x0), kx1 = Math.min(kw, w - x0);
                    int n = (ky1 - ky0) * (kx1 - kx0) * c;
                    int t = 0;
                    for (int ky = ky0; ky < ky1; ky++) {
                        for (int kx = kx0; kx < kx1; kx++) {
                            int ai = ((y0 + ky) * w + x0 + kx) * wpp;
                            int wi = (ky * kw + kx) * wpp;
                            for (int j = 0; j < wpp; j++) {
                                patch[t] = a[ai + j];
                                tap[t++] = wi + j;
                            }
                        }
                    }
                    int outBase = oy * ow + ox;
                    int plane = oh * ow;
                    for (int o = 0, wo = 0; o < oc; o++, wo += taps) {
                        int mismatches = 0;
                        for (int q = 0; q < t; q++) {
                            mismatches += Long.bitCount(patch[q] ^ wbits[wo + tap[q]]);
                        }
                        ints[o * plane + outBase] = n - 2 * mismatches;
                    }
                }
            }
        }
    }

    /** Integer inputs (the k x 1 sums of a separable conv with nothing between its stages), +/-1 weights. */
    static final class IntSums extends ConvStage {
        final int[] wt;

        IntSums(Stage in, Conv conv, int endLayer) {
            super(Kind.INTS, in, conv, endLayer);
            float[] f = conv.weightsView();
            wt = new int[f.length];
            for (int i = 0; i < f.length; i++) {
                wt[i] = f[i] > 0 ? 1 : -1;
            }
        }

        @Override
        void run() {
            int[] x = in.ints;
            for (int o = 0; o < oc; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int s = 0;
                        for (int ci = 0; ci < c; ci++) {
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * sh - padH + ky;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * sw - padW + kx;
                                    if (ix >= 0 && ix < w) {
                                        s += wt[((o * c + ci) * kh + ky) * kw + kx] * x[(ci * h + iy) * w + ix];
                                    }
                                }
                            }
                        }
                        ints[(o * oh + oy) * ow + ox] = s;
                    }
                }
            }
        }
    }

    /** Batch norm + sign (or a bare sign when {@code bn} is null) folded into thresholds: sums in, bits out. */
    static final class Threshold extends Stage {
        final Stage in;
        final FoldedThreshold[] folded;
        final int[] t;
        final int[] dir;

        Threshold(Stage in, BatchNorm bn, double[] bias, int endLayer) {
            super(Kind.BITS, in.shape, endLayer);
            if (in.kind == Kind.BITS) {
                throw new InputException("layers[" + endLayer + "]: a sign or batch norm on values that are already"
                        + " binary; the bitpacked path expects batch norm + sign after each binary layer");
            }
            this.in = in;
            int ch = in.shape.channels();
            folded = new FoldedThreshold[ch];
            t = new int[ch];
            dir = new int[ch];
            for (int c = 0; c < ch; c++) {
                double b = bias == null ? 0 : bias[c];
                folded[c] = FoldedThreshold.of(bn, c, b);
                t[c] = FoldedThreshold.integerThreshold(bn, c, b);
                dir[c] = folded[c].direction() < 0 ? -1 : 1;
            }
        }

        @Override
        void run() {
            java.util.Arrays.fill(bits, 0L);
            int ch = shape.channels(), hw = shape.height() * shape.width();
            for (int c = 0; c < ch; c++) {
                long bit = 1L << (c & 63);
                int word = c >>> 6;
                int base = c * hw;
                if (in.kind == Kind.INTS) {
                    int[] s = in.ints;
                    int tc = t[c];
                    if (dir[c] > 0) {
                        for (int p = 0; p < hw; p++) {
                            if (s[base + p] >= tc) {
                                bits[p * wordsPerPixel + word] |= bit;
                            }
                        }
                    } else {
                        for (int p = 0; p < hw; p++) {
                            if (s[base + p] <= tc) {
                                bits[p * wordsPerPixel + word] |= bit;
                            }
                        }
                    }
                } else {
                    float[] s = in.floats;
                    FoldedThreshold f = folded[c];
                    for (int p = 0; p < hw; p++) {
                        if (f.output(s[base + p]) > 0) {
                            bits[p * wordsPerPixel + word] |= bit;
                        }
                    }
                }
            }
        }
    }

    /** Max pooling of bits: the OR over each k x k window. */
    static final class BitMaxPool extends Stage {
        final Stage in;
        final int k;

        BitMaxPool(Stage in, int k, int endLayer) {
            super(Kind.BITS, new MaxPool(k).outputShape(in.shape), endLayer);
            this.in = in;
            this.k = k;
        }

        @Override
        void run() {
            int w = in.shape.width(), oh = shape.height(), ow = shape.width(), wpp = wordsPerPixel;
            long[] a = in.bits;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int o = (oy * ow + ox) * wpp;
                    for (int j = 0; j < wpp; j++) {
                        long v = 0;
                        for (int dy = 0; dy < k; dy++) {
                            int row = ((oy * k + dy) * w + ox * k) * wpp + j;
                            for (int dx = 0; dx < k; dx++) {
                                v |= a[row + dx * wpp];
                            }
                        }
                        bits[o + j] = v;
                    }
                }
            }
        }
    }

    /** Max pooling of sums (before the threshold). */
    static final class SumMaxPool extends Stage {
        final Stage in;
        final int k;

        SumMaxPool(Stage in, int k, int endLayer) {
            super(in.kind, new MaxPool(k).outputShape(in.shape), endLayer);
            this.in = in;
            this.k = k;
        }

        @Override
        void run() {
            int h = in.shape.height(), w = in.shape.width(), oh = shape.height(), ow = shape.width();
            for (int c = 0; c < shape.channels(); c++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int first = (c * h + oy * k) * w + ox * k;
                        if (kind == Kind.INTS) {
                            int m = Integer.MIN_VALUE;
                            for (int dy = 0; dy < k; dy++) {
                                for (int dx = 0; dx < k; dx++) {
                                    m = Math.max(m, in.ints[first + dy * w + dx]);
                                }
                            }
                            ints[(c * oh + oy) * ow + ox] = m;
                        } else {
                            float m = Float.NEGATIVE_INFINITY;
                            for (int dy = 0; dy < k; dy++) {
                                for (int dx = 0; dx < k; dx++) {
                                    m = Math.max(m, in.floats[first + dy * w + dx]);
                                }
                            }
                            floats[(c * oh + oy) * ow + ox] = m;
                        }
                    }
                }
            }
        }
    }

    /** Repacks a C x H x W bit map into one vector of C*H*W bits in channel-major order. */
    static final class BitFlatten extends Stage {
        final Stage in;

        BitFlatten(Stage in, int endLayer) {
            super(Kind.BITS, Shape.vector(in.shape.size()), endLayer);
            this.in = in;
        }

        @Override
        void run() {
            java.util.Arrays.fill(bits, 0L);
            int ch = in.shape.channels(), hw = in.shape.height() * in.shape.width(), wpp = in.wordsPerPixel;
            long[] a = in.bits;
            for (int p = 0; p < hw; p++) {
                for (int c = 0; c < ch; c++) {
                    if ((a[p * wpp + (c >>> 6)] >>> (c & 63) & 1L) != 0) {
                        int n = c * hw + p;
                        bits[n >>> 6] |= 1L << (n & 63);
                    }
                }
            }
        }
    }

    /** Reinterprets CHW sums as a vector (no data movement). */
    static final class Reshape extends Stage {
        final Stage in;

        Reshape(Stage in, Shape shape) {
            super(in.kind, shape, -1);
            this.in = in;
            if (in.kind == Kind.BITS) {
                throw new IllegalStateException("bits are repacked by BitFlatten");
            }
            ints = in.ints;
            floats = in.floats;
        }

        @Override
        void run() {}
    }

    /** The last binary layer's sums (plus bias) as float scores, or bits as +/-1. */
    static final class ToScores extends Stage {
        final Stage in;
        final double[] bias;

        ToScores(Stage in, double[] bias, int endLayer) {
            super(Kind.FLOATS, in.shape, in.kind == Kind.INTS && bias == null ? -1 : endLayer);
            this.in = in;
            this.bias = bias;
        }

        @Override
        void run() {
            int hw = shape.height() * shape.width();
            if (in.kind == Kind.INTS) {
                for (int i = 0; i < floats.length; i++) {
                    floats[i] = bias == null ? in.ints[i] : (float) (in.ints[i] + bias[i / hw]);
                }
            } else if (in.kind == Kind.FLOATS) {
                System.arraycopy(in.floats, 0, floats, 0, floats.length);
            } else {
                float[] f = in.asFloats();
                System.arraycopy(f, 0, floats, 0, f.length);
            }
        }
    }

    /** Weightless layers after the last binary layer (e.g. a final batch norm), run in float. */
    static final class FloatTail extends Stage {
        final Stage in;
        final List<Layer> layers;
        final Shape[] shapes;
        final float[][] buffers;
        final float[] work;

        FloatTail(Stage in, BnnModel model, int first) {
            super(Kind.FLOATS, model.outputShape(), model.layers().size() - 1);
            this.in = in;
            layers = model.layers().subList(first, model.layers().size());
            shapes = new Shape[layers.size() + 1];
            buffers = new float[layers.size() + 1][];
            int ws = 0;
            for (int i = 0; i <= layers.size(); i++) {
                shapes[i] = model.shapeBefore(first + i);
                buffers[i] = i == layers.size() ? floats : new float[shapes[i].size()];
                if (i < layers.size()) {
                    ws = Math.max(ws, layers.get(i).workSize(shapes[i]));
                }
            }
            buffers[0] = in.floats;
            work = new float[ws];
        }

        @Override
        void run() {
            for (int i = 0; i < layers.size(); i++) {
                layers.get(i).forward(buffers[i], shapes[i], buffers[i + 1], work);
            }
        }
    }
}
