package org.memspice.train;

import java.util.List;
import org.memspice.bnn.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The trainable form of a {@link org.memspice.bnn.BatchNorm} (its {@link org.memspice.bnn.BatchNorm.Spec} says what
 * the layer is): batch normalisation over the last axis (channels of NHWC, features of [N, F]) (Ioffe and Szegedy,
 * ICML 2015). Training uses the batch statistics (biased variance) and updates the running mean and the running
 * unbiased variance with the given momentum; inference uses the running statistics.
 */
public final class BatchNorm implements Layer {
    public final org.memspice.bnn.BatchNorm.Spec spec;
    private final int channels;
    private final double eps;
    public final double momentum;
    public final Param gamma, beta;
    public final INDArray runningMean, runningVar;
    private INDArray xhat, invStd;
    private long[] shape;

    public BatchNorm(String name, int channels, double eps, double momentum, DataType dt) {
        this(name, new org.memspice.bnn.BatchNorm.Spec(channels, eps), momentum, dt);
    }

    /** A batch norm of definition {@code spec}: gamma 1, beta 0, running mean 0 and variance 1. */
    public BatchNorm(String name, org.memspice.bnn.BatchNorm.Spec spec, double momentum, DataType dt) {
        this.spec = spec;
        this.channels = spec.channels();
        this.eps = spec.eps();
        this.momentum = momentum;
        this.gamma = new Param(name + ".gamma", Nd4j.ones(dt, 1, channels), false);
        this.beta = new Param(name + ".beta", Nd4j.zeros(dt, 1, channels), false);
        this.runningMean = Nd4j.zeros(dt, 1, channels);
        this.runningVar = Nd4j.ones(dt, 1, channels);
    }

    /** The trainable form of {@code bn}, holding its parameters and running statistics. */
    public static BatchNorm of(org.memspice.bnn.BatchNorm bn, String name, double momentum, DataType dt) {
        BatchNorm t = new BatchNorm(name, bn.spec(), momentum, dt);
        t.gamma.value.assign(Raw.row(bn.gamma()));
        t.beta.value.assign(Raw.row(bn.beta()));
        t.runningMean.assign(Raw.row(bn.mean()));
        t.runningVar.assign(Raw.row(bn.var()));
        return t;
    }

    @Override
    public org.memspice.bnn.BatchNorm toLayer(Shape in) {
        return new org.memspice.bnn.BatchNorm(spec, Raw.floats(gamma.value), Raw.floats(beta.value), Raw.floats(runningMean),
                Raw.floats(runningVar));
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        long m = x.length() / channels;
        INDArray v = PatchMatrix.contiguous(x).reshape('c', m, channels);
        INDArray y;
        if (training) {
            INDArray mu = v.mean(true, 0);
            INDArray xc = v.subRowVector(mu);
            INDArray var = xc.mul(xc).mean(true, 0);
            INDArray is = Transforms.pow(var.add(eps), -0.5, false);
            xc.muliRowVector(is);
            y = xc.mulRowVector(gamma.value).addiRowVector(beta.value);
            double unbias = m > 1 ? (double) m / (m - 1) : 1.0;
            runningMean.muli(1 - momentum).addi(mu.muli(momentum));
            runningVar.muli(1 - momentum).addi(var.muli(momentum * unbias));
            xhat = xc;
            invStd = is;
            shape = x.shape();
        } else {
            INDArray scale = Transforms.pow(runningVar.add(eps), -0.5, false).muli(gamma.value);
            y = v.subRowVector(runningMean).muliRowVector(scale).addiRowVector(beta.value);
        }
        return y.reshape('c', x.shape());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        long m = gradOut.length() / channels;
        INDArray go = PatchMatrix.contiguous(gradOut).reshape('c', m, channels);
        INDArray db = go.sum(true, 0);
        INDArray dg = go.mul(xhat).sum(true, 0);
        // dx = gamma * invStd / m * (m g - sum g - xhat sum(g xhat))
        INDArray dx = go.mul(m).subiRowVector(db).subi(xhat.mulRowVector(dg))
                .muliRowVector(invStd.mul(gamma.value).divi(m));
        gamma.grad.assign(dg);
        beta.grad.assign(db);
        xhat = null;
        return dx.reshape('c', shape);
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta);
    }

    @Override
    public List<INDArray> state() {
        return List.of(runningMean, runningVar);
    }
}
