package org.memspice.bnn;

/** Rectified linear unit max(0, x), the full-precision teacher's activation. */
public record Relu() implements Layer, LayerSpec {
    @Override
    public LayerSpec spec() {
        return this;
    }

    @Override
    public String type() {
        return "relu";
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public void forward(float[] in, Shape inShape, float[] out, float[] work) {
        int n = inShape.size();
        for (int i = 0; i < n; i++) {
            out[i] = in[i] > 0f ? in[i] : 0f;
        }
    }
}
