package org.memspice.train;

import org.memspice.bnn.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainable form of a {@link org.memspice.bnn.MaxPool}: non-overlapping p x p max pooling on NHWC (floor of H/p,
 * W/p); the gradient goes to the first maximum.
 */
public final class MaxPool implements Layer {
    public final org.memspice.bnn.MaxPool spec;
    private final int size;
    private int[] argmax;
    private long[] inShape;

    public MaxPool(int size) {
        this(new org.memspice.bnn.MaxPool(size));
    }

    public MaxPool(org.memspice.bnn.MaxPool spec) {
        this.spec = spec;
        this.size = spec.k();
    }

    @Override
    public org.memspice.bnn.MaxPool toLayer(Shape in) {
        return spec;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        long[] s = x.shape();
        int n = (int) s[0], h = (int) s[1], w = (int) s[2], c = (int) s[3];
        int oh = h / size, ow = w / size;
        double[] in = Raw.of(x);
        double[] out = new double[n * oh * ow * c];
        int[] arg = new int[out.length];
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, o += c) {
                    // window scanned row by row: the first maximum in that order wins ties
                    int first = ((b * h + oy * size) * w + ox * size) * c;
                    System.arraycopy(in, first, out, o, c);
                    for (int ch = 0; ch < c; ch++) arg[o + ch] = first + ch;
                    for (int dy = 0; dy < size; dy++) {
                        for (int dx = dy == 0 ? 1 : 0; dx < size; dx++) {
                            int p = ((b * h + oy * size + dy) * w + ox * size + dx) * c;
                            for (int ch = 0; ch < c; ch++) {
                                if (in[p + ch] > out[o + ch]) {
                                    out[o + ch] = in[p + ch];
                                    arg[o + ch] = p + ch;
                                }
                            }
                        }
                    }
                }
            }
        }
        if (training) {
            argmax = arg;
            inShape = s;
        }
        return Raw.wrap(out, new long[] {n, oh, ow, c}, x.dataType());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        double[] g = Raw.of(gradOut);
        long len = 1;
        for (long d : inShape) len *= d;
        double[] dx = new double[(int) len];
        for (int o = 0; o < g.length; o++) dx[argmax[o]] += g[o];
        DataType dt = gradOut.dataType();
        argmax = null;
        return Raw.wrap(dx, inShape, dt);
    }
}
