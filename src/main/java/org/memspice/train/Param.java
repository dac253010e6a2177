package org.memspice.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A trainable tensor with its gradient; binary parameters are latent real weights kept in [-1, 1]. */
public final class Param {
    public final String name;
    public final INDArray value;
    public final INDArray grad;
    /** Latent weights of a binary layer: clipped to [-1, 1] after each update (BinaryConnect). */
    public final boolean binary;

    public Param(String name, INDArray value, boolean binary) {
        this.name = name;
        this.value = value;
        this.grad = value.ulike();
        this.binary = binary;
    }
}
