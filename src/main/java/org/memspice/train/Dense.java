package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Fully connected layer y = x W (+ b), W [in, out]; binary weights as in {@link Conv2d}. */
public final class Dense implements Layer {
    public final int in, out;
    public final boolean binary;
    public final Param weight;
    public final Param bias;
    private INDArray x, wEff;
    private long[] inShape;

    public Dense(String name, int in, int out, boolean binary, boolean withBias, DataType dt, Random rng) {
        this.in = in;
        this.out = out;
        this.binary = binary;
        this.weight = new Param(name + ".w", Init.uniform(new long[] {in, out}, Math.sqrt(6.0 / in), dt, rng), binary);
        this.bias = withBias ? new Param(name + ".b", Nd4j.zeros(dt, 1, out), false) : null;
    }

    INDArray effectiveWeight() {
        return binary ? Binarize.sign(weight.value) : weight.value;
    }

    @Override
    public INDArray forward(INDArray xIn, boolean training) {
        INDArray x2 = xIn.rank() == 2 ? xIn : PatchMatrix.contiguous(xIn).reshape('c', xIn.size(0), in);
        INDArray we = effectiveWeight();
        INDArray y = x2.mmul(we);
        if (bias != null) y.addiRowVector(bias.value);
        if (training) {
            x = x2;
            inShape = xIn.shape();
            wEff = we;
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray g) {
        weight.grad.assign(Nd4j.gemm(x, g, true, false));
        if (bias != null) bias.grad.assign(g.sum(true, 0));
        INDArray dx = Nd4j.gemm(g, wEff, false, true);
        return inShape.length == 2 ? dx : dx.reshape('c', inShape);
    }

    @Override
    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) p.add(bias);
        return p;
    }
}
