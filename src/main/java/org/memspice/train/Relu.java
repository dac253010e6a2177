package org.memspice.train;

import org.memspice.bnn.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The trainable form of {@link org.memspice.bnn.Relu}, the rectified linear unit of the full-precision teacher. */
public final class Relu implements Layer {
    private INDArray x;

    @Override
    public org.memspice.bnn.Relu toLayer(Shape in) {
        return new org.memspice.bnn.Relu();
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        if (training) x = in;
        return Transforms.relu(in, true);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray d = x.gt(0).castTo(gradOut.dataType());
        x = null;
        return d.muli(gradOut);
    }
}
