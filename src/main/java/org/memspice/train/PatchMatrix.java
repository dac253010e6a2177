package org.memspice.train;

import java.lang.ref.Reference;
import java.util.Arrays;
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
                && Arrays.equals(x.stride(), Nd4j.getStrides(x.shape(), 'c'));
        return dense ? x : x.dup('c');
    }

    /**
     * The buffers one convolution layer keeps from one step (or evaluation batch) to the next, so that it allocates no
     * new patch matrix: at batch 100 and 48 x 14 x 14 inputs the patch matrix is 34 MB, and a fresh native
     * buffer of that size per step (page faults, zeroing, deallocation by the garbage collector) costs about
     * as much as the GEMM that uses it. {@code patches} holds the patch matrix in the forward pass and is
     * overwritten by dL/dpatches in the backward pass; {@code heap} is its Java-side image, whose zero-padding
     * entries are written once (zero) and never again because the geometry is the same every step; {@code grad}
     * receives dL/dpatches for col2im.
     */
    static final class Buffers {
        private long[] inShape;
        private float[] heap, grad;
        private INDArray patches;

        /** The patch matrix of the last {@link #im2col}, for the backward pass. */
        INDArray patches() {
            return patches;
        }
    }

    /**
     * [N,H,W,C] -> [N*OH*OW, KH*KW*C]. With {@code buf} (float tensors only) the result is the buffer's patch
     * matrix, reused while the input shape stays the same: it is valid until the next call; null: a new array.
     */
    static INDArray im2col(INDArray x, int kh, int kw, int ph, int pw, Buffers buf) {
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
        boolean reuse = buf != null && Arrays.equals(buf.inShape, s);
        float[] out = reuse ? buf.heap : new float[n * oh * ow * cols];
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
        if (buf == null) return Raw.wrap(out, shape);
        if (!reuse) {
            buf.inShape = s.clone();
            buf.heap = out;
            buf.grad = null;
            // kept from step to step: never in a training step's workspace
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                buf.patches = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
            }
        }
        buf.patches.data().asNioFloat().put(0, out);
        return buf.patches;
    }

    /**
     * Adjoint of {@link #im2col}: [N*OH*OW, KH*KW*C] -> [N,H,W,C], overlapping patches summed. With {@code buf}
     * the Java-side copy of {@code colsArr} goes to the buffer's reused array.
     */
    static INDArray col2im(INDArray colsArr, int n, int h, int w, int c, int kh, int kw, int ph, int pw, Buffers buf) {
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
        float[] in;
        INDArray src = contiguous(colsArr);
        if (buf != null) {
            if (buf.grad == null || buf.grad.length != src.length()) buf.grad = new float[(int) src.length()];
            in = buf.grad;
            src.data().asNioFloat().get(0, in);
            Reference.reachabilityFence(src);
        } else {
            in = src.data().asFloat();
        }
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
