package org.memspice.bnn;

/** Binary activation: +1 for x >= 0 (so sign(0) = +1, also for -0.0), -1 otherwise (including NaN). */
public record Sign() implements Layer, LayerSpec {
    @Override
    public LayerSpec spec() {
        return this;
    }

    @Override
    public String type() {
        return "sign";
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public void forward(float[] in, Shape inShape, float[] out, float[] work) {
        int n = inShape.size();
        for (int i = 0; i < n; i++) {
            out[i] = in[i] >= 0f ? 1f : -1f;
        }
    }
}
