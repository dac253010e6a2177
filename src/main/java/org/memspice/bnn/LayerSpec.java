package org.memspice.bnn;

/**
 * What a layer is, without its parameter values: its kind (the model file's {@code type}), its shape and
 * hyper-parameters, and how many parameters it has. Inference layers ({@link Layer}) are a spec plus parameter
 * values and a float kernel; the trainable layers of org.memspice.train are a spec plus ND4J parameters and a
 * backward pass. Parameter-free layers (sign, relu, max pooling, flatten) are their own spec.
 */
public sealed interface LayerSpec permits Conv.Spec, SeparableConv.Spec, BatchNorm.Spec, Dense.Spec, Sign, Relu, MaxPool,
        Flatten {

    /** The name of the layer kind in model files ({@code conv}, {@code sepconv}, ...). */
    String type();

    /** The output shape for input shape {@code in}; IllegalArgumentException saying why when {@code in} does not fit. */
    Shape outputShape(Shape in);

    /** True for a layer with +/-1 weights that takes +/-1 inputs (its input must follow a sign). */
    default boolean needsBinaryInput() {
        return false;
    }
}
