package org.memspice.bnn;

import java.util.ArrayList;
import java.util.List;

/**
 * One binary layer as a crossbar sees it: the +/-1 weight matrix unrolled to {@code rows = kh*kw*C_in}
 * word lines by {@code cols = C_out} bit lines, the folded batch-norm + sign thresholds of the columns, and
 * the im2col of the layer's input (one row vector per output position). A dense layer is the case
 * kh = kw = 1 on an (N, 1, 1) input; a separable convolution gives two crossbar layers (the k x 1 stage,
 * then the 1 x k stage).
 *
 * <p>Row order: {@code r = (c*kh + ky)*kw + kx} (input channel, then kernel row, then kernel column), the
 * same as the weight layout of the model file. Column j's sum for output position p is
 * {@code s = sum_r patch[p][r] * W[r][j]} (+ bias[j] when present); zero padding puts 0 in the patch (a
 * row driven at 0 V).
 *
 * @param layer index of the model layer this comes from
 * @param name e.g. {@code layers[3] conv}, {@code layers[5] sepconv k x 1}
 * @param input what drives the rows: real values (pixels, through DACs), +/-1 activations, or integer sums
 *        (the k x 1 stage of a separable conv with nothing between its stages)
 * @param thresholds per column, the comparator that produces the next +/-1 activation; null for the output
 *        layer, whose column sums (+ bias) go to the argmax
 * @param integerThresholds for binary or integer inputs, the exact integer form of each column's threshold
 *        ({@link FoldedThreshold#integerThreshold(BatchNorm, int, double)}, the bit-packed path's folding):
 *        +1 iff s &gt;= t (direction +1, and constant outputs as +/-2^30) or s &lt;= t (direction -1); null
 *        for real inputs and for the output layer
 * @param poolAfter k of the max pooling that follows, 0 for none
 * @param poolOnSums true when that pooling takes the maximum of the column sums before batch norm and the
 *        comparator (model order conv, maxpool, batchnorm, sign), false when it is the OR of the comparator
 *        bits (conv, batchnorm, sign, maxpool, or batchnorm, maxpool, sign, which is the same since sign is
 *        monotone). The two differ for gamma &lt; 0.
 */
public record CrossbarLayer(int layer, String name, InputKind input, Shape inShape, Shape outShape, int kh, int kw,
        int padH, int padW, int strideH, int strideW, int rows, int cols, byte[] weights, float[] bias,
        FoldedThreshold[] thresholds, int[] integerThresholds, int poolAfter, boolean poolOnSums) {

    /** True when this layer's columns go to comparators (a sign follows), false for the output layer. */
    public boolean hasComparators() {
        return thresholds != null;
    }

    /**
     * The comparator decision of column {@code j} for an integer column sum {@code s}: +1 or -1, exactly as the
     * bit-packed inference decides it.
     */
    public int decide(int j, int s) {
        int t = integerThresholds[j];
        if (thresholds[j].direction() < 0) {
            return s <= t ? 1 : -1;
        }
        return s >= t ? 1 : -1;
    }

    /** W[row][col], +1 or -1. */
    public int weight(int row, int col) {
        return weights[row * cols + col];
    }

    /** The weight matrix as rows x cols. */
    public int[][] weightMatrix() {
        int[][] m = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                m[r][j] = weights[r * cols + j];
            }
        }
        return m;
    }

    /** Output positions (oh * ow): how many times the array is read per image. */
    public int positions() {
        return outShape.height() * outShape.width();
    }

    /**
     * Unrolls {@code x} (CHW, of {@link #inShape}) into {@code dst}: {@code positions()} patches of
     * {@code rows} values, patch p at {@code dst[p*rows ..]}, p = oy*ow + ox.
     */
    public void im2col(float[] x, float[] dst) {
        int c = inShape.channels(), h = inShape.height(), w = inShape.width();
        int oh = outShape.height(), ow = outShape.width();
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int base = (oy * ow + ox) * rows;
                for (int ci = 0; ci < c; ci++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * strideH - padH + ky;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * strideW - padW + kx;
                            boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                            dst[base + (ci * kh + ky) * kw + kx] = inside ? x[(ci * h + iy) * w + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** The crossbar layers of a binary model, in order. IllegalArgumentException for a full-precision model. */
    public static List<CrossbarLayer> of(BnnModel model) {
        if (!model.isBinary()) {
            throw new IllegalArgumentException("a full-precision model has no binary crossbar layers");
        }
        List<CrossbarLayer> out = new ArrayList<>();
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Shape in = model.shapeBefore(i);
            InputKind kind = model.inputKind(i);
            if (l instanceof Conv c) {
                out.add(make(i, "layers[" + i + "] conv", kind, in, c, layers, i + 1));
            } else if (l instanceof Dense d) {
                Conv c = new Conv(d.in(), d.out(), 1, 1, 0, 0, 1, 1, true, d.realInput(), d.weightsView(), d.bias());
                out.add(make(i, "layers[" + i + "] dense", kind, Shape.vector(in.size()), c,
                        layers, i + 1));
            } else if (l instanceof SeparableConv s) {
                Conv v = s.vertical();
                Shape mid = v.outputShape(in);
                FoldedThreshold[] t = null;
                int[] ti = null;
                if (s.midNorm() != null) {
                    t = new FoldedThreshold[s.mid()];
                    ti = kind == InputKind.REAL ? null : new int[s.mid()];
                    for (int j = 0; j < t.length; j++) {
                        t[j] = FoldedThreshold.of(s.midNorm(), j, v.biasOf(j));
                        if (ti != null) {
                            ti[j] = FoldedThreshold.integerThreshold(s.midNorm(), j, v.biasOf(j));
                        }
                    }
                }
                out.add(new CrossbarLayer(i, "layers[" + i + "] sepconv k x 1", kind, in, mid,
                        v.kh(), v.kw(), v.padH(), v.padW(), v.strideH(), v.strideW(), v.in() * v.kh() * v.kw(), v.out(),
                        unroll(v), v.bias(), t, ti, 0, false));
                out.add(make(i, "layers[" + i + "] sepconv 1 x k", s.midNorm() != null ? InputKind.BINARY : InputKind.INTEGER,
                        mid, s.horizontal(), layers, i + 1));
            }
        }
        return out;
    }

    private static CrossbarLayer make(int i, String name, InputKind input, Shape in, Conv c, List<Layer> layers, int next) {
        // what follows: [maxpool] batchnorm [maxpool] sign [maxpool], or a bare sign, or nothing (output layer)
        int j = next;
        int pool = 0;
        boolean poolOnSums = false;
        BatchNorm bn = null;
        boolean sign = false;
        while (j < layers.size() && !sign) {
            Layer f = layers.get(j);
            if (f instanceof MaxPool mp) {
                pool = mp.k();
                poolOnSums = bn == null;
            } else if (f instanceof BatchNorm b && bn == null) {
                bn = b;
            } else if (f instanceof Sign) {
                sign = true;
            } else {
                break;
            }
            j++;
        }
        if (sign && j < layers.size() && layers.get(j) instanceof MaxPool mp) {
            pool = mp.k();
        }
        FoldedThreshold[] t = null;
        int[] ti = null;
        if (sign) {
            t = new FoldedThreshold[c.out()];
            ti = input == InputKind.REAL ? null : new int[c.out()];
            for (int o = 0; o < t.length; o++) {
                t[o] = FoldedThreshold.of(bn, o, c.biasOf(o));
                if (ti != null) {
                    ti[o] = FoldedThreshold.integerThreshold(bn, o, c.biasOf(o));
                }
            }
        }
        return new CrossbarLayer(i, name, input, in, c.outputShape(in), c.kh(), c.kw(), c.padH(), c.padW(), c.strideH(),
                c.strideW(), c.in() * c.kh() * c.kw(), c.out(), unroll(c), c.bias(), t, ti, pool, pool > 0 && poolOnSums);
    }

    private static byte[] unroll(Conv c) {
        int rows = c.in() * c.kh() * c.kw(), cols = c.out();
        byte[] m = new byte[rows * cols];
        float[] w = c.weightsView();
        for (int o = 0; o < cols; o++) {
            for (int r = 0; r < rows; r++) {
                m[r * cols + o] = (byte) (w[o * rows + r] > 0 ? 1 : -1);   // [o][c][ky][kx] flat = o*rows + r
            }
        }
        return m;
    }
}
