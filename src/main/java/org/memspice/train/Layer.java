package org.memspice.train;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A network stage with a forward pass and a hand-written backward pass (activations are NHWC or [N, F]). */
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
}
