package org.memspice.bnn;

/** What drives the rows of a binary layer's crossbar. */
public enum InputKind {
    /** Real values (the first layer's pixels p/255), driven through multi-bit DACs. */
    REAL,
    /** +/-1 activations of the layer before (a sign, possibly pooled), driven as two-level voltages. */
    BINARY,
    /** Integer sums (the k x 1 stage of a separable convolution with nothing between its stages). */
    INTEGER
}
