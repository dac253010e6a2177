package org.memspice.train;

import org.memspice.bnn.Shape;
import org.memspice.bnn.Sign;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The trainable form of {@link Sign}: the binary activation sign(x) (sign(0) = +1) with a straight-through estimator
 * in the backward pass.
 */
public final class SignActivation implements Layer {
    /**
     * Derivative used in place of sign's: HTANH 1{|x| <= 1} (Hubara et al., "Binarized Neural Networks",
     * NIPS 2016); APPROXSIGN 2 - 2|x| on [-1, 1] (Liu et al., "Bi-Real Net", ECCV 2018).
     */
    public enum Estimator { HTANH, APPROXSIGN }

    public final Estimator estimator;
    private INDArray x;

    public SignActivation(Estimator estimator) {
        this.estimator = estimator;
    }

    @Override
    public Sign toLayer(Shape in) {
        return new Sign();
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        if (training) x = in;
        return Binarize.sign(in);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray a = Transforms.abs(x, true);
        INDArray d = estimator == Estimator.HTANH
                ? a.lte(1).castTo(gradOut.dataType())
                : Transforms.relu(a.muli(-2).addi(2), false);
        x = null;
        return d.muli(gradOut);
    }
}
