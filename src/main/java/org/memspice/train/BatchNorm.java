package org.memspice.train;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
    private double[] xhat, invStd;
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
        int c = channels;
        double[] v = Raw.of(x);
        int m = v.length / c;
        double[] g = gamma.value.data().asDouble(), b = beta.value.data().asDouble();
        double[] y = new double[v.length];
        if (training) {
            double[] mu = new double[c], var = new double[c];
            for (int r = 0; r < m; r++) for (int k = 0; k < c; k++) mu[k] += v[r * c + k];
            for (int k = 0; k < c; k++) mu[k] /= m;
            for (int r = 0; r < m; r++) {
                for (int k = 0; k < c; k++) {
                    double d = v[r * c + k] - mu[k];
                    var[k] += d * d;
                }
            }
            double[] is = new double[c];
            for (int k = 0; k < c; k++) {
                var[k] /= m;
                is[k] = 1 / Math.sqrt(var[k] + eps);
            }
            double[] xh = new double[v.length];
            for (int r = 0; r < m; r++) {
                for (int k = 0; k < c; k++) {
                    int i = r * c + k;
                    xh[i] = (v[i] - mu[k]) * is[k];
                    y[i] = g[k] * xh[i] + b[k];
                }
            }
            double unbias = m > 1 ? (double) m / (m - 1) : 1.0;
            double[] rm = runningMean.data().asDouble(), rv = runningVar.data().asDouble();
            for (int k = 0; k < c; k++) {
                rm[k] = (1 - momentum) * rm[k] + momentum * mu[k];
                rv[k] = (1 - momentum) * rv[k] + momentum * var[k] * unbias;
            }
            runningMean.assign(Nd4j.create(rm, new long[] {1, c}, 'c'));
            runningVar.assign(Nd4j.create(rv, new long[] {1, c}, 'c'));
            xhat = xh;
            invStd = is;
            shape = x.shape();
        } else {
            double[] rm = runningMean.data().asDouble(), rv = runningVar.data().asDouble();
            double[] sd = new double[c];
            for (int k = 0; k < c; k++) sd[k] = Math.sqrt(rv[k] + eps);
            for (int r = 0; r < m; r++) {
                for (int k = 0; k < c; k++) y[r * c + k] = g[k] * (v[r * c + k] - rm[k]) / sd[k] + b[k];
            }
        }
        return Raw.wrap(y, x.shape(), x.dataType());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        int c = channels;
        double[] go = Raw.of(gradOut);
        int m = go.length / c;
        double[] g = gamma.value.data().asDouble();
        double[] dg = new double[c], db = new double[c];
        for (int r = 0; r < m; r++) {
            for (int k = 0; k < c; k++) {
                int i = r * c + k;
                dg[k] += go[i] * xhat[i];
                db[k] += go[i];
            }
        }
        // dx = gamma * invStd / m * (m g - sum g - xhat sum(g xhat))
        double[] dx = new double[go.length];
        for (int r = 0; r < m; r++) {
            for (int k = 0; k < c; k++) {
                int i = r * c + k;
                dx[i] = g[k] * invStd[k] / m * (m * go[i] - db[k] - xhat[i] * dg[k]);
            }
        }
        gamma.grad.assign(Nd4j.create(dg, new long[] {1, c}, 'c'));
        beta.grad.assign(Nd4j.create(db, new long[] {1, c}, 'c'));
        xhat = null;
        return Raw.wrap(dx, shape, gradOut.dataType());
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
