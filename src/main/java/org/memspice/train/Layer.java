package org.memspice.train;

import java.util.List;
import org.memspice.bnn.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainable form of one model layer (activations are NHWC or [N, F]): the layer's definition comes from
 * org.memspice.bnn; this adds ND4J parameters, a forward pass and a hand-written backward pass.
 */
public interface Layer {
    /** Forward pass; in training mode the layer keeps what its backward pass needs. */
    INDArray forward(INDArray x, boolean training);

    /** Back-propagates dL/d(output) of the last training forward; accumulates parameter gradients (overwrites them). */
    INDArray backward(INDArray gradOut);

    /** Trainable parameters (empty for parameter-free layers). */
    default List<Param> params() {
        return List.of();
    }

    /** Non-trained state that a checkpoint must keep (BN running statistics). */
    default List<INDArray> state() {
        return List.of();
    }

    /**
     * The inference layer with the current parameter values, or null for a layer that exists in training only
     * (the logit scale). {@code in} is the CHW shape of the layer's input; for a dense layer after a flatten, the
     * shape of the map that was flattened (the training flatten keeps HWC order, the model's CHW order).
     */
    org.memspice.bnn.Layer toLayer(Shape in);
}
