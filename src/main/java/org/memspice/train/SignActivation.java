package org.memspice.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Binary activation sign(x) (sign(0) = +1) with a straight-through estimator in the backward pass. */
public final class SignActivation implements Layer {
    /**
     * Derivative used in place of sign's: HTANH 1{|x| <= 1} (Hubara et al., "Binarized Neural Networks",
     * NIPS 2016); APPROXSIGN 2 - 2|x| on [-1, 1] (Liu et al., "Bi-Real Net", ECCV 2018).
     */
    public enum Estimator { HTANH, APPROXSIGN }

    public final Estimator estimator;
    private double[] x;

    public SignActivation(Estimator estimator) {
        this.estimator = estimator;
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        double[] v = Raw.of(in);
        double[] y = new double[v.length];
        for (int i = 0; i < v.length; i++) y[i] = v[i] >= 0 ? 1.0 : -1.0;
        if (training) x = v;
        return Raw.wrap(y, in.shape(), in.dataType());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        double[] g = Raw.of(gradOut);
        if (estimator == Estimator.HTANH) {
            for (int i = 0; i < g.length; i++) if (Math.abs(x[i]) > 1) g[i] = 0;
        } else {
            for (int i = 0; i < g.length; i++) {
                double a = Math.abs(x[i]);
                g[i] = a < 1 ? g[i] * (2 - 2 * a) : 0;
            }
        }
        x = null;
        return Raw.wrap(g, gradOut.shape(), gradOut.dataType());
    }
}
