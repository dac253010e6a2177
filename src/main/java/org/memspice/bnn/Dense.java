package org.memspice.bnn;

/**
 * Fully connected layer y = W x + b with W laid out [out][in] (index o*in + i) and x the input map
 * flattened channel-major (CHW). {@code binaryWeights} and {@code realInput} as for {@link Conv}.
 * Sums are accumulated in double.
 */
public final class Dense implements Layer {
    private final int in, out;
    private final boolean binaryWeights, realInput;
    private final float[] weights;
    private final float[] bias;

    public Dense(int in, int out, boolean binaryWeights, boolean realInput, float[] weights, float[] bias) {
        Checks.positive("in", in);
        Checks.positive("out", out);
        this.in = in;
        this.out = out;
        this.binaryWeights = binaryWeights;
        this.realInput = realInput || !binaryWeights;
        Checks.finite("weights", weights, in * out);
        this.weights = binaryWeights ? Checks.binarise(weights) : weights.clone();
        this.bias = bias == null ? null : Checks.finite("bias", bias, out).clone();
    }

    @Override
    public String type() {
        return "dense";
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public boolean binaryWeights() {
        return binaryWeights;
    }

    public boolean realInput() {
        return realInput;
    }

    /** The weights [out][in] (+/-1 when binary). A copy. */
    public float[] weights() {
        return weights.clone();
    }

    public float[] bias() {
        return bias == null ? null : bias.clone();
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
        if (s.size() != in) {
            throw new IllegalArgumentException("dense has in = " + in + " but its input " + s + " holds " + s.size() + " values");
        }
        return Shape.vector(out);
    }

    @Override
    public void forward(float[] x, Shape s, float[] y, float[] work) {
        for (int o = 0; o < out; o++) {
            double acc = 0;
            int base = o * in;
            for (int i = 0; i < in; i++) {
                acc += (double) weights[base + i] * x[i];
            }
            y[o] = (float) (acc + biasOf(o));
        }
    }
}
