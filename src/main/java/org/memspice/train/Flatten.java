package org.memspice.train;

import org.memspice.bnn.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainable form of {@link org.memspice.bnn.Flatten}: [N, H, W, C] to [N, H*W*C] in HWC order (the model's
 * flatten keeps CHW order; {@link Dense} permutes its weights between the two when it converts).
 */
public final class Flatten implements Layer {
    private long[] inShape;

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (training) inShape = x.rank() == 2 ? null : x.shape();
        return x.rank() == 2 ? x : PatchMatrix.contiguous(x).reshape('c', x.size(0), x.length() / x.size(0));
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return inShape == null ? gradOut : gradOut.reshape('c', inShape);
    }

    @Override
    public org.memspice.bnn.Flatten toLayer(Shape in) {
        return new org.memspice.bnn.Flatten();
    }
}
