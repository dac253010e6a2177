package org.memspice.train;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over the last axis (channels of NHWC, features of [N, F]) (Ioffe and Szegedy, ICML 2015).
 * Training uses the batch statistics (biased variance) and updates the running mean and the running unbiased
 * variance with the given momentum; inference uses the running statistics.
 */
public final class BatchNorm implements Layer {
    public final int channels;
    public final double eps, momentum;
    public final Param gamma, beta;
    public final INDArray runningMean, runningVar;
    private INDArray xhat, invStd;
    private long[] shape;

    public BatchNorm(String name, int channels, double eps, double momentum, DataType dt) {
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.gamma = new Param(name + ".gamma", Nd4j.ones(dt, 1, channels), false);
        this.beta = new Param(name + ".beta", Nd4j.zeros(dt, 1, channels), false);
        this.runningMean = Nd4j.zeros(dt, 1, channels);
        this.runningVar = Nd4j.ones(dt, 1, channels);
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
