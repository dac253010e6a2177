package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.memspice.bnn.Conv;
import org.memspice.bnn.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainable form of a stride-1 {@link Conv} (its {@link Conv.Spec} says what the layer is): convolution on
 * NHWC tensors as im2col + GEMM. With binary weights the forward pass uses sign(W) of latent real weights W and the
 * backward pass hands dL/dsign(W) to W unchanged (straight through; W stays in [-1, 1] by clipping) (Courbariaux,
 * Bengio, David, "BinaryConnect", NIPS 2015). Kernel kh x kw: a k x 1 or 1 x k kernel is one stage of a spatially
 * separable convolution.
 */
public final class Conv2d implements Layer {
    public final Conv.Spec spec;
    private final int cin, cout, kh, kw, ph, pw;
    private final boolean binary;
    /** Weights [KH*KW*Cin, Cout], row index (ky*KW + kx)*Cin + ci. */
    public final Param weight;
    public final Param bias; // null when a BN follows
    private INDArray cols, wEff;
    /** Patch-matrix buffers reused by training steps, and those reused by evaluation-mode passes. */
    private final PatchMatrix.Buffers buffers = new PatchMatrix.Buffers(), evalBuffers = new PatchMatrix.Buffers();
    private long n, h, w;

    public Conv2d(String name, int cin, int cout, int kh, int kw, int ph, int pw, boolean binary, boolean withBias,
                  DataType dt, Random rng) {
        this(name, new Conv.Spec(cin, cout, kh, kw, ph, pw, 1, 1, binary, false, withBias), dt, rng);
    }

    /** A convolution of definition {@code spec} with weights drawn uniform in +/-sqrt(6 / fan-in) (He et al. 2015). */
    public Conv2d(String name, Conv.Spec spec, DataType dt, Random rng) {
        if (spec.strideH() != 1 || spec.strideW() != 1) {
            throw new IllegalArgumentException("stride " + spec.strideH() + "x" + spec.strideW()
                    + ", training supports stride 1 only");
        }
        this.spec = spec;
        this.cin = spec.in();
        this.cout = spec.out();
        this.kh = spec.kh();
        this.kw = spec.kw();
        this.ph = spec.padH();
        this.pw = spec.padW();
        this.binary = spec.binaryWeights();
        int fanIn = spec.fanIn();
        this.weight = new Param(name + ".w", Init.uniform(new long[] {fanIn, cout}, Math.sqrt(6.0 / fanIn), dt, rng), binary);
        this.bias = spec.bias() ? new Param(name + ".b", Nd4j.zeros(dt, 1, cout), false) : null;
    }

    /** The trainable form of {@code c}, holding its weights (binary ones as latent weights +/-1). */
    public static Conv2d of(Conv c, String name, DataType dt) {
        Conv2d t = new Conv2d(name, c.spec(), dt, new Random(0));
        float[] src = c.weights();
        double[] dst = new double[src.length];
        for (int co = 0; co < t.cout; co++)
            for (int ci = 0; ci < t.cin; ci++)
                for (int ky = 0; ky < t.kh; ky++)
                    for (int kx = 0; kx < t.kw; kx++)
                        dst[((ky * t.kw + kx) * t.cin + ci) * t.cout + co] = src[((co * t.cin + ci) * t.kh + ky) * t.kw + kx];
        t.weight.value.assign(Nd4j.create(dst, new long[] {(long) t.kh * t.kw * t.cin, t.cout}, 'c'));
        if (t.bias != null) t.bias.value.assign(Raw.row(c.bias()));
        return t;
    }

    /** The inference layer with the current weights: [(ky*KW + kx)*Cin + ci][co] becomes [co][ci][ky][kx]. */
    @Override
    public Conv toLayer(Shape in) {
        float[] src = Raw.floats(weight.value);
        float[] dst = new float[src.length];
        for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
                for (int ci = 0; ci < cin; ci++)
                    for (int co = 0; co < cout; co++)
                        dst[((co * cin + ci) * kh + ky) * kw + kx] = src[((ky * kw + kx) * cin + ci) * cout + co];
        return new Conv(spec, dst, bias == null ? null : Raw.floats(bias.value));
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
