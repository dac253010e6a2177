package org.memspice.bnn;

/**
 * 2-D convolution (cross-correlation, as in every deep-learning framework) with kh x kw kernels, zero padding
 * and a stride per axis. Weights are laid out [out][in][kh][kw]: index ((o*in + c)*kh + y)*kw + x.
 * With {@code binaryWeights} the weights are +/-1 (given real values are binarised with sign(0) = +1, as
 * from a latent weight); {@code realInput} marks a binary-weight layer that takes real-valued inputs
 * (the first layer, whose pixels drive a crossbar through DACs); otherwise a binary-weight layer expects
 * +/-1 inputs. Zero padding contributes nothing to the sum (a row driven at 0 V).
 * Sums are accumulated in double: exact for +/-1 inputs, and exact for pixels p/255f over any fan-in below 2^20.
 */
public final class Conv implements Layer {
    /**
     * A convolution's definition: {@code in} to {@code out} channels, a kh x kw kernel, zero padding and stride per
     * axis, whether the weights are +/-1, whether a binary-weight layer takes real inputs, and whether it has a
     * bias. Its parameters are {@link #weightCount} weights [out][in][kh][kw] and, with {@code bias}, one bias per
     * output channel. A real-weight convolution always counts as taking real inputs.
     */
    public record Spec(int in, int out, int kh, int kw, int padH, int padW, int strideH, int strideW,
            boolean binaryWeights, boolean realInput, boolean bias) implements LayerSpec {
        public Spec {
            Checks.positive("in", in);
            Checks.positive("out", out);
            Checks.positive("kh", kh);
            Checks.positive("kw", kw);
            Checks.positive("stride", strideH);
            Checks.positive("stride", strideW);
            if (padH < 0 || padW < 0 || padH >= kh || padW >= kw) {
                throw new IllegalArgumentException("pad " + padH + "," + padW + " for a " + kh + "x" + kw
                        + " kernel, expected 0 <= pad < k");
            }
            realInput = realInput || !binaryWeights;
        }

        /** A square k x k convolution with the same padding and stride on both axes. */
        public static Spec square(int in, int out, int k, int pad, int stride, boolean binaryWeights, boolean realInput,
                boolean bias) {
            return new Spec(in, out, k, k, pad, pad, stride, stride, binaryWeights, realInput, bias);
        }

        @Override
        public String type() {
            return "conv";
        }

        public int weightCount() {
            return out * in * kh * kw;
        }

        /** Inputs summed per output value: in * kh * kw. */
        public int fanIn() {
            return in * kh * kw;
        }

        @Override
        public boolean needsBinaryInput() {
            return binaryWeights && !realInput;
        }

        @Override
        public Shape outputShape(Shape s) {
            if (s.channels() != in) {
                throw new IllegalArgumentException("conv has in = " + in + " channels but its input is " + s);
            }
            if (s.height() + 2 * padH < kh || s.width() + 2 * padW < kw) {
                throw new IllegalArgumentException("conv kernel " + kh + "x" + kw + " is larger than its padded " + s + " input");
            }
            return new Shape(out, (s.height() + 2 * padH - kh) / strideH + 1, (s.width() + 2 * padW - kw) / strideW + 1);
        }
    }

    private final Spec spec;
    private final int in, out, kh, kw, padH, padW, strideH, strideW;
    private final float[] weights;
    private final float[] bias;

    public Conv(int in, int out, int kh, int kw, int padH, int padW, int strideH, int strideW,
            boolean binaryWeights, boolean realInput, float[] weights, float[] bias) {
        this(new Spec(in, out, kh, kw, padH, padW, strideH, strideW, binaryWeights, realInput, bias != null), weights, bias);
    }

    /** A convolution of definition {@code spec} with these weights ([out][in][kh][kw]) and bias (null without). */
    public Conv(Spec spec, float[] weights, float[] bias) {
        this.spec = spec;
        this.in = spec.in();
        this.out = spec.out();
        this.kh = spec.kh();
        this.kw = spec.kw();
        this.padH = spec.padH();
        this.padW = spec.padW();
        this.strideH = spec.strideH();
        this.strideW = spec.strideW();
        Checks.finite("weights", weights, spec.weightCount());
        this.weights = spec.binaryWeights() ? Checks.binarise(weights) : weights.clone();
        if (spec.bias() != (bias != null)) {
            throw new IllegalArgumentException(spec.bias() ? "bias is missing, expected " + out + " numbers"
                    : "bias given for a convolution defined without one");
        }
        this.bias = bias == null ? null : Checks.finite("bias", bias, out).clone();
    }

    /** A square k x k convolution with the same padding and stride on both axes. */
    public static Conv square(int in, int out, int k, int pad, int stride, boolean binaryWeights, boolean realInput,
            float[] weights, float[] bias) {
        return new Conv(in, out, k, k, pad, pad, stride, stride, binaryWeights, realInput, weights, bias);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public int kh() {
        return kh;
    }

    public int kw() {
        return kw;
    }

    public int padH() {
        return padH;
    }

    public int padW() {
        return padW;
    }

    public int strideH() {
        return strideH;
    }

    public int strideW() {
        return strideW;
    }

    public boolean binaryWeights() {
        return spec.binaryWeights();
    }

    public boolean realInput() {
        return spec.realInput();
    }

    /** The weights, [out][in][kh][kw] (+/-1 when binary). A copy. */
    public float[] weights() {
        return weights.clone();
    }

    /** The bias per output channel, or null. A copy. */
    public float[] bias() {
        return bias == null ? null : bias.clone();
    }

    float weight(int o, int c, int y, int x) {
        return weights[((o * in + c) * kh + y) * kw + x];
    }

    float[] weightsView() {
        return weights;
    }

    double biasOf(int o) {
        return bias == null ? 0 : bias[o];
    }

    @Override
    public long weightCount() {
        return weights.length;
    }

    @Override
    public boolean hasBinaryWeights() {
        return spec.binaryWeights();
    }

    /** Output channels computed together: each input value is loaded once for all of them. */
    private static final int BLOCK = 8;
    private final ThreadLocal<double[]> planes = new ThreadLocal<>();

    /**
     * Each output value is the sum over (c, ky, kx) in that order of weight * input, in double, plus the bias,
     * rounded to float once; a block of output channels is accumulated together without changing any sum's order.
     */
    @Override
    public void forward(float[] x, Shape s, float[] y, float[] work) {
        int h = s.height(), w = s.width();
        int oh = (h + 2 * padH - kh) / strideH + 1, ow = (w + 2 * padW - kw) / strideW + 1, plane = oh * ow;
        double[] acc = planes.get();
        if (acc == null || acc.length < BLOCK * (plane + 1)) {
            acc = new double[BLOCK * (plane + 1)];
            planes.set(acc);
        }
        int wt = BLOCK * plane;   // the block's weights of one tap, after its planes
        for (int o0 = 0; o0 < out; o0 += BLOCK) {
            int nb = Math.min(BLOCK, out - o0);
            java.util.Arrays.fill(acc, 0, nb * plane, 0.0);
            for (int c = 0; c < in; c++) {
                int xBase = c * h * w;
                for (int ky = 0; ky < kh; ky++) {
                    // output rows whose input row oy*strideH - padH + ky lies inside the image
                    int oy0 = Math.max(0, ceilDiv(padH - ky, strideH));
                    int oy1 = Math.min(oh, floorDiv(h - 1 + padH - ky, strideH) + 1);
                    for (int kx = 0; kx < kw; kx++) {
                        for (int b = 0; b < nb; b++) {
                            acc[wt + b] = weights[(((o0 + b) * in + c) * kh + ky) * kw + kx];
                        }
                        int ox0 = Math.max(0, ceilDiv(padW - kx, strideW));
                        int ox1 = Math.min(ow, floorDiv(w - 1 + padW - kx, strideW) + 1);
                        for (int oy = oy0; oy < oy1; oy++) {
                            int row = xBase + (oy * strideH - padH + ky) * w - padW + kx;
                            int a = oy * ow;
                            if (nb == BLOCK) {
                                double w0 = acc[wt], w1 = acc[wt + 1], w2 = acc[wt + 2], w3 = acc[wt + 3], w4 = acc[wt + 4],
                                        w5 = acc[wt + 5], w6 = acc[wt + 6], w7 = acc[wt + 7];
                                for (int ox = ox0; ox < ox1; ox++) {
                                    double v = x[row + ox * strideW];
                                    int p = a + ox;
                                    acc[p] += w0 * v;
                                    acc[plane + p] += w1 * v;
                                    acc[2 * plane + p] += w2 * v;
                                    acc[3 * plane + p] += w3 * v;
                                    acc[4 * plane + p] += w4 * v;
                                    acc[5 * plane + p] += w5 * v;
                                    acc[6 * plane + p] += w6 * v;
                                    acc[7 * plane + p] += w7 * v;
                                }
                            } else {
                                for (int ox = ox0; ox < ox1; ox++) {
                                    double v = x[row + ox * strideW];
                                    for (int b = 0; b < nb; b++) {
                                        acc[b * plane + a + ox] += acc[wt + b] * v;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for (int b = 0; b < nb; b++) {
                double bias = biasOf(o0 + b);
                int base = (o0 + b) * plane;
                for (int p = 0; p < plane; p++) {
                    y[base + p] = (float) (acc[b * plane + p] + bias);
                }
            }
        }
    }

    private static int floorDiv(int a, int b) {
        return Math.floorDiv(a, b);
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
