package org.memspice.bnn;

/** Turns a CHW map into a vector of C*H*W values in the same (channel-major) order. */
public record Flatten() implements Layer, LayerSpec {
    @Override
    public LayerSpec spec() {
        return this;
    }

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public Shape outputShape(Shape in) {
        return Shape.vector(in.size());
    }

    @Override
    public void forward(float[] in, Shape inShape, float[] out, float[] work) {
        System.arraycopy(in, 0, out, 0, inShape.size());
    }
}
