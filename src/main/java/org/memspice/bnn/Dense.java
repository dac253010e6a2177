package org.memspice.bnn;

/**
 * Fully connected layer y = W x + b with W laid out [out][in] (index o*in + i) and x the input map
 * flattened channel-major (CHW). {@code binaryWeights} and {@code realInput} as for {@link Conv}.
 * Sums are accumulated in double.
 */
public final class Dense implements Layer {
    /**
     * A dense layer's definition: {@code in} inputs (the input map flattened channel-major), {@code out} outputs,
     * whether the weights are +/-1, whether a binary-weight layer takes real inputs, and whether it has a bias.
     * Its parameters are in * out weights [out][in] and, with {@code bias}, one bias per output.
     */
    public record Spec(int in, int out, boolean binaryWeights, boolean realInput, boolean bias) implements LayerSpec {
        public Spec {
            Checks.positive("in", in);
            Checks.positive("out", out);
            realInput = realInput || !binaryWeights;
        }

        @Override
        public String type() {
            return "dense";
        }

        @Override
        public boolean needsBinaryInput() {
            return binaryWeights && !realInput;
        }

        @Override
        public Shape outputShape(Shape s) {
            if (s.size() != in) {
                throw new IllegalArgumentException("dense has in = " + in + " but its input " + s + " holds " + s.size() + " values");
            }
            return Shape.vector(out);
        }
    }

    private final Spec spec;
    private final int in, out;
    private final float[] weights;
    private final float[] bias;

    public Dense(int in, int out, boolean binaryWeights, boolean realInput, float[] weights, float[] bias) {
        this(new Spec(in, out, binaryWeights, realInput, bias != null), weights, bias);
    }

    /** A dense layer of definition {@code spec} with these weights ([out][in]) and bias (null without). */
    public Dense(Spec spec, float[] weights, float[] bias) {
        this.spec = spec;
        this.in = spec.in();
        this.out = spec.out();
        Checks.finite("weights", weights, in * out);
        this.weights = spec.binaryWeights() ? Checks.binarise(weights) : weights.clone();
        if (spec.bias() != (bias != null)) {
            throw new IllegalArgumentException(spec.bias() ? "bias is missing, expected " + out + " numbers"
                    : "bias given for a dense layer defined without one");
        }
        this.bias = bias == null ? null : Checks.finite("bias", bias, out).clone();
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

    public boolean binaryWeights() {
        return spec.binaryWeights();
    }

    public boolean realInput() {
        return spec.realInput();
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
        return spec.binaryWeights();
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
