package org.memspice.bnn;

/**
 * One layer of a network, for inference on primitive float arrays in CHW order: a {@link LayerSpec} (what the
 * layer is) with its parameter values. Layers are immutable; the caller owns the activation buffers (sized by
 * {@link #outputShape}) and a work buffer of {@link #workSize} floats, so a forward pass allocates nothing.
 */
public sealed interface Layer permits Conv, SeparableConv, BatchNorm, Sign, Relu, MaxPool, Flatten, Dense {

    /** What this layer is: kind, shape and hyper-parameters. */
    LayerSpec spec();

    /** The name of the layer kind in model files ({@code conv}, {@code sepconv}, ...). */
    default String type() {
        return spec().type();
    }

    /** The output shape for input shape {@code in}; IllegalArgumentException saying why when {@code in} does not fit. */
    default Shape outputShape(Shape in) {
        return spec().outputShape(in);
    }

    /** Floats of scratch space {@link #forward} needs for input shape {@code in}. */
    default int workSize(Shape in) {
        return 0;
    }

    /** Computes the layer's output for input {@code in} of shape {@code inShape} into {@code out}. */
    void forward(float[] in, Shape inShape, float[] out, float[] work);

    /** Number of weights (binary or real), for parameter counts. */
    default long weightCount() {
        return 0;
    }

    /** True when the layer has weights and they are all +/-1. */
    default boolean hasBinaryWeights() {
        return false;
    }
}
