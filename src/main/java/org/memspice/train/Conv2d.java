package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stride-1 convolution on NHWC tensors as im2col + GEMM. With binary weights the forward pass uses
 * sign(W) of latent real weights W and the backward pass hands dL/dsign(W) to W unchanged (straight
 * through; W stays in [-1, 1] by clipping) (Courbariaux, Bengio, David, "BinaryConnect", NIPS 2015).
 * Kernel kh x kw: a k x 1 or 1 x k kernel is one stage of a spatially separable convolution.
 */
public final class Conv2d implements Layer {
    public final int cin, cout, kh, kw, ph, pw;
    public final boolean binary;
    /** Weights [KH*KW*Cin, Cout], row index (ky*KW + kx)*Cin + ci. */
    public final Param weight;
    public final Param bias; // null when a BN follows
    private INDArray cols, wEff;
    /** Patch-matrix buffers reused by training steps, and those reused by evaluation-mode passes. */
    private final PatchMatrix.Buffers buffers = new PatchMatrix.Buffers(), evalBuffers = new PatchMatrix.Buffers();
    private long n, h, w;

    public Conv2d(String name, int cin, int cout, int kh, int kw, int ph, int pw, boolean binary, boolean withBias,
                  DataType dt, Random rng) {
        this.cin = cin;
        this.cout = cout;
        this.kh = kh;
        this.kw = kw;
        this.ph = ph;
        this.pw = pw;
        this.binary = binary;
        int fanIn = kh * kw * cin;
        this.weight = new Param(name + ".w", Init.uniform(new long[] {fanIn, cout}, Math.sqrt(6.0 / fanIn), dt, rng), binary);
        this.bias = withBias ? new Param(name + ".b", Nd4j.zeros(dt, 1, cout), false) : null;
    }

    INDArray effectiveWeight() {
        return binary ? Binarize.sign(weight.value) : weight.value;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        long[] s = x.shape();
        int oh = (int) (s[1] + 2 * ph - kh + 1), ow = (int) (s[2] + 2 * pw - kw + 1);
        INDArray c = PatchMatrix.im2col(x, kh, kw, ph, pw, training ? buffers : evalBuffers);
        INDArray we = effectiveWeight();
        INDArray out = c.mmul(we);
        if (bias != null) out.addiRowVector(bias.value);
        if (training) {
            cols = c;
            wEff = we;
            n = s[0];
            h = s[1];
            w = s[2];
        }
        return out.reshape('c', s[0], oh, ow, cout);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray g = PatchMatrix.contiguous(gradOut).reshape('c', gradOut.length() / cout, cout);
        weight.grad.assign(Nd4j.gemm(cols, g, true, false));
        if (bias != null) bias.grad.assign(g.sum(true, 0));
        // in a reused buffer the patch matrix, no longer needed, is overwritten by dL/dpatches
        boolean reused = cols == buffers.patches();
        INDArray dcols = reused ? Nd4j.gemm(g, wEff, cols, false, true, 1.0, 0.0) : Nd4j.gemm(g, wEff, false, true);
        INDArray dx = PatchMatrix.col2im(dcols, (int) n, (int) h, (int) w, cin, kh, kw, ph, pw, reused ? buffers : null);
        cols = null;
        return dx;
    }

    @Override
    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) p.add(bias);
        return p;
    }
}
