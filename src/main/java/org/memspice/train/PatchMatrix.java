package org.memspice.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * im2col / col2im for NHWC tensors, stride 1, zero padding (Chellapilla, Puri, Simard, "High performance
 * convolutional neural networks for document processing", 2006). Row (n, oy, ox), column (ky, kx, c).
 */
final class PatchMatrix {
    private PatchMatrix() {
    }

    static INDArray contiguous(INDArray x) {
        boolean dense = x.ordering() == 'c' && x.offset() == 0 && x.length() == x.data().length()
                && java.util.Arrays.equals(x.stride(), Nd4j.getStrides(x.shape(), 'c'));
        return dense ? x : x.dup('c');
    }

    /** [N,H,W,C] -> [N*OH*OW, KH*KW*C]. */
    static INDArray im2col(INDArray x, int kh, int kw, int ph, int pw) {
        long[] s = x.shape();
        int n = (int) s[0], h = (int) s[1], w = (int) s[2], c = (int) s[3];
        int oh = h + 2 * ph - kh + 1, ow = w + 2 * pw - kw + 1;
        int cols = kh * kw * c;
        long[] shape = {(long) n * oh * ow, cols};
        if (x.dataType() == DataType.DOUBLE) {
            double[] in = contiguous(x).data().asDouble();
            double[] out = new double[n * oh * ow * cols];
            int r = 0;
            for (int b = 0; b < n; b++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++, r++) {
                        int base = r * cols;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy + ky - ph;
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox + kx - pw;
                                if (ix < 0 || ix >= w) continue;
                                System.arraycopy(in, ((b * h + iy) * w + ix) * c, out, base + (ky * kw + kx) * c, c);
                            }
                        }
                    }
                }
            }
            return Nd4j.create(out, shape, 'c');
        }
        float[] in = contiguous(x).data().asFloat();
        float[] out = new float[n * oh * ow * cols];
        int r = 0;
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, r++) {
                    int base = r * cols;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy + ky - ph;
                        if (iy < 0 || iy >= h) continue;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox + kx - pw;
                            if (ix < 0 || ix >= w) continue;
                            System.arraycopy(in, ((b * h + iy) * w + ix) * c, out, base + (ky * kw + kx) * c, c);
                        }
                    }
                }
            }
        }
        return Raw.wrap(out, shape);
    }

    /** Adjoint of {@link #im2col}: [N*OH*OW, KH*KW*C] -> [N,H,W,C], overlapping patches summed. */
    static INDArray col2im(INDArray colsArr, int n, int h, int w, int c, int kh, int kw, int ph, int pw) {
        int oh = h + 2 * ph - kh + 1, ow = w + 2 * pw - kw + 1;
        int cols = kh * kw * c;
        long[] shape = {n, h, w, c};
        if (colsArr.dataType() == DataType.DOUBLE) {
            double[] in = contiguous(colsArr).data().asDouble();
            double[] out = new double[n * h * w * c];
            int r = 0;
            for (int b = 0; b < n; b++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++, r++) {
                        int base = r * cols;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy + ky - ph;
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox + kx - pw;
                                if (ix < 0 || ix >= w) continue;
                                int o = ((b * h + iy) * w + ix) * c, i = base + (ky * kw + kx) * c;
                                for (int ch = 0; ch < c; ch++) out[o + ch] += in[i + ch];
                            }
                        }
                    }
                }
            }
            return Nd4j.create(out, shape, 'c');
        }
        float[] in = contiguous(colsArr).data().asFloat();
        float[] out = new float[n * h * w * c];
        int r = 0;
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, r++) {
                    int base = r * cols;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy + ky - ph;
                        if (iy < 0 || iy >= h) continue;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox + kx - pw;
                            if (ix < 0 || ix >= w) continue;
                            int o = ((b * h + iy) * w + ix) * c, i = base + (ky * kw + kx) * c;
                            for (int ch = 0; ch < c; ch++) out[o + ch] += in[i + ch];
                        }
                    }
                }
            }
        }
        return Raw.wrap(out, shape);
    }
}
