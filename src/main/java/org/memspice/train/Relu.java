package org.memspice.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Rectified linear unit (teacher network). */
public final class Relu implements Layer {
    private INDArray x;

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
