package org.memspice.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Rectified linear unit (teacher network). */
public final class Relu implements Layer {
    private double[] x;

    @Override
    public INDArray forward(INDArray in, boolean training) {
        double[] v = Raw.of(in);
        double[] y = new double[v.length];
        for (int i = 0; i < v.length; i++) y[i] = v[i] > 0 ? v[i] : 0;
        if (training) x = v;
        return Raw.wrap(y, in.shape(), in.dataType());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        double[] g = Raw.of(gradOut);
        for (int i = 0; i < g.length; i++) if (!(x[i] > 0)) g[i] = 0;
        x = null;
        return Raw.wrap(g, gradOut.shape(), gradOut.dataType());
    }
}
