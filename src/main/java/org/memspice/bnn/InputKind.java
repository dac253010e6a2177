package org.memspice.bnn;

import java.util.List;

/** What drives the rows of a binary layer's crossbar. */
public enum InputKind {
    /** Real values (the first layer's pixels p/255), driven through multi-bit DACs. */
    REAL,
    /** +/-1 activations of the layer before (a sign, possibly pooled), driven as two-level voltages. */
    BINARY,
    /** Integer sums (the k x 1 stage of a separable convolution with nothing between its stages). */
    INTEGER;

    /**
     * The kind of values entering each layer of a chain whose input is real (pixels): element i is the input of
     * layer i, element n the chain's output. Values are +/-1 after a sign and stay so through max pooling (an OR
     * of bits) and flatten; any other layer makes them real. The one rule by which the model checks its layers,
     * the crossbar layers choose their drive, and the architectures mark their first layer as taking real input.
     */
    public static InputKind[] along(List<? extends LayerSpec> layers) {
        InputKind[] kinds = new InputKind[layers.size() + 1];
        kinds[0] = REAL;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            kinds[i + 1] = l instanceof Sign ? BINARY : l instanceof MaxPool || l instanceof Flatten ? kinds[i] : REAL;
        }
        return kinds;
    }
}
