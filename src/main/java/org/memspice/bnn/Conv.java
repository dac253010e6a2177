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
    private final int in, out, kh, kw, padH, padW, strideH, strideW;
    private final boolean binaryWeights, realInput;
    private final float[] weights;
    private final float[] bias;

    public Conv(int in, int out, int kh, int kw, int padH, int padW, int strideH, int strideW,
            boolean binaryWeights, boolean realInput, float[] weights, float[] bias) {
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
        this.in = in;
        this.out = out;
        this.kh = kh;
        this.kw = kw;
        this.padH = padH;
        this.padW = padW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.binaryWeights = binaryWeights;
        this.realInput = realInput || !binaryWeights;
        Checks.finite("weights", weights, out * in * kh * kw);
        this.weights = binaryWeights ? Checks.binarise(weights) : weights.clone();
        this.bias = bias == null ? null : Checks.finite("bias", bias, out).clone();
    }

    /** A square k x k convolution with the same padding and stride on both axes. */
    public static Conv square(int in, int out, int k, int pad, int stride, boolean binaryWeights, boolean realInput,
            float[] weights, float[] bias) {
        return new Conv(in, out, k, k, pad, pad, stride, stride, binaryWeights, realInput, weights, bias);
    }

    @Override
    public String type() {
        return "conv";
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
        return binaryWeights;
    }

    public boolean realInput() {
        return realInput;
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
        return binaryWeights;
    }

    @Override
    public Shape outputShape(Shape s) {
        if (s.channels() != in) {
            throw new IllegalArgumentException("conv has in = " + in + " channels but its input is " + s);
        }
        int oh = (s.height() + 2 * padH - kh) / strideH + 1;
        int ow = (s.width() + 2 * padW - kw) / strideW + 1;
        if (s.height() + 2 * padH < kh || s.width() + 2 * padW < kw) {
            throw new IllegalArgumentException("conv kernel " + kh + "x" + kw + " is larger than its padded " + s + " input");
        }
        return new Shape(out, oh, ow);
    }

    /** Per-thread patch matrix: one row of in*kh*kw input values (0 for padding) per output position. */
    private final ThreadLocal<float[]> patchBuffer = new ThreadLocal<>();

    /**
     * Gathers the input patches once (im2col), then each output is one long dot product of the weight row with
     * its patch, accumulated in double over four partial sums. For +/-1 weights every product is exact and so
     * is every partial sum (see the class comment), so the result does not depend on the order of summation.
     */
    @Override
    public void forward(float[] x, Shape s, float[] y, float[] work) {
        int h = s.height(), w = s.width();
        int oh = (h + 2 * padH - kh) / strideH + 1, ow = (w + 2 * padW - kw) / strideW + 1;
        int k = in * kh * kw, positions = oh * ow;
        float[] patches = patchBuffer.get();
        if (patches == null || patches.length < positions * k) {
            patches = new float[positions * k];
            patchBuffer.set(patches);
        }
        int idx = 0;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int c = 0; c < in; c++) {
                    int xBase = c * h * w;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * strideH - padH + ky;
                        boolean rowInside = iy >= 0 && iy < h;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * strideW - padW + kx;
                            patches[idx++] = rowInside && ix >= 0 && ix < w ? x[xBase + iy * w + ix] : 0f;
                        }
                    }
                }
            }
        }
        int k4 = k & ~3;
        for (int o = 0; o < out; o++) {
            int wBase = o * k;
            double b = biasOf(o);
            int yBase = o * positions;
            for (int p = 0; p < positions; p++) {
                int pBase = p * k;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = 0;
                for (; i < k4; i += 4) {
                    s0 += (double) weights[wBase + i] * patches[pBase + i];
                    s1 += (double) weights[wBase + i + 1] * patches[pBase + i + 1];
                    s2 += (double) weights[wBase + i + 2] * patches[pBase + i + 2];
                    s3 += (double) weights[wBase + i + 3] * patches[pBase + i + 3];
                }
                for (; i < k; i++) {
                    s0 += (double) weights[wBase + i] * patches[pBase + i];
                }
                y[yBase + p] = (float) ((s0 + s1) + (s2 + s3) + b);
            }
        }
    }
}
