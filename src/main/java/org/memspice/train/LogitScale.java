package org.memspice.train;

import java.util.List;
import org.memspice.bnn.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Learned positive scale s = exp(theta) on the raw integer sums of the last binary layer. It brings the sums
 * (up to +-fan-in) into the range where softmax losses have useful gradients; s > 0 leaves the argmax, and
 * so the crossbar's decision, unchanged, and it is not part of the exported model.
 */
public final class LogitScale implements Layer {
    public final Param logScale;
    private INDArray x;
    private double s;

    public LogitScale(String name, double initialScale, DataType dt) {
        logScale = new Param(name + ".logscale", Nd4j.scalar(dt, Math.log(initialScale)).reshape(1, 1), false);
    }

    /** None: the scale exists in training only. */
    @Override
    public org.memspice.bnn.Layer toLayer(Shape in) {
        return null;
    }

    public double scale() {
        return Math.exp(logScale.value.getDouble(0));
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        double sc = scale();
        if (training) {
            x = in;
            s = sc;
        }
        return in.mul(sc);
    }

    @Override
    public INDArray backward(INDArray g) {
        logScale.grad.assign(g.mul(x).sumNumber().doubleValue() * s);
        x = null;
        return g.mul(s);
    }

    @Override
    public List<Param> params() {
        return List.of(logScale);
    }
}
