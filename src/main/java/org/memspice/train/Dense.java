package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.memspice.bnn.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainable form of a {@link org.memspice.bnn.Dense} layer (its {@link org.memspice.bnn.Dense.Spec} says what the
 * layer is): y = x W (+ b), W [in, out], with the input flattened in HWC order; binary weights as in {@link Conv2d}.
 */
public final class Dense implements Layer {
    public final org.memspice.bnn.Dense.Spec spec;
    private final int in, out;
    private final boolean binary;
    public final Param weight;
    public final Param bias;
    private INDArray x, wEff;
    private long[] inShape;

    public Dense(String name, int in, int out, boolean binary, boolean withBias, DataType dt, Random rng) {
        this(name, new org.memspice.bnn.Dense.Spec(in, out, binary, false, withBias), dt, rng);
    }

    /** A dense layer of definition {@code spec} with weights drawn uniform in +/-sqrt(6 / in). */
    public Dense(String name, org.memspice.bnn.Dense.Spec spec, DataType dt, Random rng) {
        this.spec = spec;
        this.in = spec.in();
        this.out = spec.out();
        this.binary = spec.binaryWeights();
        this.weight = new Param(name + ".w", Init.uniform(new long[] {in, out}, Math.sqrt(6.0 / in), dt, rng), binary);
        this.bias = spec.bias() ? new Param(name + ".b", Nd4j.zeros(dt, 1, out), false) : null;
    }

    /**
     * The trainable form of {@code d}, whose input is the CHW map of shape {@code map} flattened (a vector shape
     * when nothing was flattened): weights [o][(ch*H + y)*W + x] become rows (y*W + x)*C + ch.
     */
    public static Dense of(org.memspice.bnn.Dense d, Shape map, String name, DataType dt) {
        Dense t = new Dense(name, d.spec(), dt, new Random(0));
        int c = map.channels(), h = map.height(), w = map.width();
        float[] src = d.weights();
        double[] dst = new double[src.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int ch = 0; ch < c; ch++)
                    for (int o = 0; o < t.out; o++)
                        dst[((y * w + x) * c + ch) * t.out + o] = src[o * t.in + (ch * h + y) * w + x];
        t.weight.value.assign(Nd4j.create(dst, new long[] {t.in, t.out}, 'c'));
        if (t.bias != null) t.bias.value.assign(Raw.row(d.bias()));
        return t;
    }

    /** The inference layer with the current weights: rows (y*W + x)*C + ch (HWC) become [o][(ch*H + y)*W + x] (CHW). */
    @Override
    public org.memspice.bnn.Dense toLayer(Shape map) {
        int c = map.channels(), h = map.height(), w = map.width();
        float[] src = Raw.floats(weight.value);
        float[] dst = new float[src.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int ch = 0; ch < c; ch++)
                    for (int o = 0; o < out; o++)
                        dst[o * in + (ch * h + y) * w + x] = src[((y * w + x) * c + ch) * out + o];
        return new org.memspice.bnn.Dense(spec, dst, bias == null ? null : Raw.floats(bias.value));
    }

    INDArray effectiveWeight() {
        return binary ? Binarize.sign(weight.value) : weight.value;
    }

    @Override
    public INDArray forward(INDArray xIn, boolean training) {
        INDArray x2 = xIn.rank() == 2 ? xIn : PatchMatrix.contiguous(xIn).reshape('c', xIn.size(0), in);
        INDArray we = effectiveWeight();
        INDArray y = x2.mmul(we);
        if (bias != null) y.addiRowVector(bias.value);
        if (training) {
            x = x2;
            inShape = xIn.shape();
            wEff = we;
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray g) {
        weight.grad.assign(Nd4j.gemm(x, g, true, false));
        if (bias != null) bias.grad.assign(g.sum(true, 0));
        INDArray dx = Nd4j.gemm(g, wEff, false, true);
        return inShape.length == 2 ? dx : dx.reshape('c', inShape);
    }

    @Override
    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) p.add(bias);
        return p;
    }
}
