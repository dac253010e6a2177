package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.Flatten;
import org.memspice.bnn.SeparableConv;
import org.memspice.bnn.Shape;
import org.memspice.bnn.Sign;
import org.memspice.bnn.TrainingMetadata;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts between a training {@link Network} (NHWC activations, weights [(ky*KW + kx)*Cin + ci, Cout],
 * dense rows in HWC order) and the model-file {@link BnnModel} (CHW, weights [out][in][kh][kw], dense [out][in]
 * over the CHW-flattened input). The logit scale of binary networks is dropped: it is positive and does not
 * change the argmax.
 */
public final class ModelConversion {
    private ModelConversion() {
    }

    public static BnnModel toModel(Network net, Shape input, TrainingMetadata meta) {
        List<org.memspice.bnn.Layer> out = new ArrayList<>();
        List<Layer> ls = net.layers;
        int c = input.channels(), h = input.height(), w = input.width();
        boolean first = true;
        boolean spatial = true;
        for (int i = 0; i < ls.size(); i++) {
            Layer l = ls.get(i);
            if (l instanceof Conv2d cv) {
                boolean sep = cv.kw == 1 && cv.kh > 1 && i + 3 < ls.size() && ls.get(i + 1) instanceof BatchNorm
                        && ls.get(i + 2) instanceof SignActivation && ls.get(i + 3) instanceof Conv2d h2
                        && h2.kh == 1 && h2.kw == cv.kh;
                if (sep) {
                    BatchNorm mid = (BatchNorm) ls.get(i + 1);
                    Conv2d hz = (Conv2d) ls.get(i + 3);
                    out.add(new SeparableConv(cv.cin, cv.cout, hz.cout, cv.kh, cv.ph, 1, cv.binary, first,
                            convWeights(cv), bias(cv.bias), batchNorm(mid), convWeights(hz), bias(hz.bias)));
                    h = h + 2 * cv.ph - cv.kh + 1;
                    w = w + 2 * hz.pw - hz.kw + 1;
                    c = hz.cout;
                    i += 3;
                } else {
                    if (cv.kh != cv.kw || cv.ph != cv.pw) {
                        throw new IllegalArgumentException("layer " + i + ": a " + cv.kh + "x" + cv.kw
                                + " convolution that is not part of a separable pair has no model-file form");
                    }
                    out.add(org.memspice.bnn.Conv.square(cv.cin, cv.cout, cv.kh, cv.ph, 1, cv.binary,
                            first || !cv.binary, convWeights(cv), bias(cv.bias)));
                    h = h + 2 * cv.ph - cv.kh + 1;
                    w = w + 2 * cv.pw - cv.kw + 1;
                    c = cv.cout;
                }
                first = false;
            } else if (l instanceof BatchNorm bn) {
                out.add(batchNorm(bn));
            } else if (l instanceof SignActivation) {
                out.add(new Sign());
            } else if (l instanceof Relu) {
                out.add(new org.memspice.bnn.Relu());
            } else if (l instanceof MaxPool mp) {
                out.add(new org.memspice.bnn.MaxPool(mp.size));
                h /= mp.size;
                w /= mp.size;
            } else if (l instanceof Dense d) {
                if (spatial) out.add(new Flatten());
                spatial = false;
                out.add(new org.memspice.bnn.Dense(d.in, d.out, d.binary, first || !d.binary,
                        denseWeights(d, c, h, w), bias(d.bias)));
                c = d.out;
                h = 1;
                w = 1;
                first = false;
            } else if (!(l instanceof LogitScale)) {
                throw new IllegalArgumentException("layer " + i + " (" + l.getClass().getSimpleName() + ") has no model-file form");
            }
        }
        return new BnnModel(input, out, meta);
    }

    static float[] bias(Param b) {
        return b == null ? null : Raw.floats(b.value);
    }

    static org.memspice.bnn.BatchNorm batchNorm(BatchNorm bn) {
        return new org.memspice.bnn.BatchNorm(bn.channels, bn.eps, Raw.floats(bn.gamma.value), Raw.floats(bn.beta.value),
                Raw.floats(bn.runningMean), Raw.floats(bn.runningVar));
    }

    /** [(ky*KW + kx)*Cin + ci][co] -> [co][ci][ky][kx]. */
    static float[] convWeights(Conv2d cv) {
        float[] src = Raw.floats(cv.weight.value);
        float[] dst = new float[src.length];
        for (int ky = 0; ky < cv.kh; ky++)
            for (int kx = 0; kx < cv.kw; kx++)
                for (int ci = 0; ci < cv.cin; ci++)
                    for (int co = 0; co < cv.cout; co++)
                        dst[((co * cv.cin + ci) * cv.kh + ky) * cv.kw + kx] = src[((ky * cv.kw + kx) * cv.cin + ci) * cv.cout + co];
        return dst;
    }

    /** [(y*W + x)*C + ch][o] (HWC rows) -> [o][(ch*H + y)*W + x] (CHW). */
    static float[] denseWeights(Dense d, int c, int h, int w) {
        float[] src = Raw.floats(d.weight.value);
        float[] dst = new float[src.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int ch = 0; ch < c; ch++)
                    for (int o = 0; o < d.out; o++)
                        dst[o * d.in + (ch * h + y) * w + x] = src[((y * w + x) * c + ch) * d.out + o];
        return dst;
    }

    /**
     * Rebuilds a training network (in evaluation use: the frozen teacher) from a model file's layers.
     * Supports conv, sepconv, batchnorm, sign, relu, maxpool, flatten and dense with stride 1.
     */
    public static Network toNetwork(BnnModel m, DataType dt, String source) {
        List<Layer> out = new ArrayList<>();
        Random unused = new Random(0);
        Shape s = m.input();
        int c = s.channels(), h = s.height(), w = s.width();
        List<org.memspice.bnn.Layer> ls = m.layers();
        for (int i = 0; i < ls.size(); i++) {
            org.memspice.bnn.Layer l = ls.get(i);
            if (l instanceof org.memspice.bnn.Conv cv) {
                Conv2d t = importConv(cv, "conv" + i, dt, unused, source, i);
                out.add(t);
                h = h + 2 * cv.padH() - cv.kh() + 1;
                w = w + 2 * cv.padW() - cv.kw() + 1;
                c = cv.out();
            } else if (l instanceof SeparableConv sc) {
                out.add(importConv(sc.vertical(), "conv" + i + "a", dt, unused, source, i));
                if (sc.midNorm() != null) {
                    out.add(importBatchNorm(sc.midNorm(), "bn" + i + "a", dt));
                    out.add(new SignActivation(SignActivation.Estimator.HTANH));
                }
                out.add(importConv(sc.horizontal(), "conv" + i + "b", dt, unused, source, i));
                h = h + 2 * sc.vertical().padH() - sc.vertical().kh() + 1;
                w = w + 2 * sc.horizontal().padW() - sc.horizontal().kw() + 1;
                c = sc.horizontal().out();
            } else if (l instanceof org.memspice.bnn.BatchNorm bn) {
                out.add(importBatchNorm(bn, "bn" + i, dt));
            } else if (l instanceof Sign) {
                out.add(new SignActivation(SignActivation.Estimator.HTANH));
            } else if (l instanceof org.memspice.bnn.Relu) {
                out.add(new Relu());
            } else if (l instanceof org.memspice.bnn.MaxPool mp) {
                out.add(new MaxPool(mp.k()));
                h /= mp.k();
                w /= mp.k();
            } else if (l instanceof Flatten) {
                // the training Dense flattens its input itself (HWC order); the weights are permuted below
                continue;
            } else if (l instanceof org.memspice.bnn.Dense d) {
                Dense t = new Dense("fc" + i, d.in(), d.out(), d.binaryWeights(), d.bias() != null, dt, unused);
                float[] src = d.weights();
                double[] dst = new double[src.length];
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        for (int ch = 0; ch < c; ch++)
                            for (int o = 0; o < d.out(); o++)
                                dst[((y * w + x) * c + ch) * d.out() + o] = src[o * d.in() + (ch * h + y) * w + x];
                t.weight.value.assign(Nd4j.create(dst, new long[] {d.in(), d.out()}, 'c'));
                if (d.bias() != null) t.bias.value.assign(row(d.bias()));
                out.add(t);
                c = d.out();
                h = 1;
                w = 1;
            }
        }
        return new Network(out);
    }

    private static Conv2d importConv(org.memspice.bnn.Conv cv, String name, DataType dt, Random rng, String source, int i) {
        if (cv.strideH() != 1 || cv.strideW() != 1) {
            throw new InputException(source + ": layers[" + i + "] has stride " + cv.strideH() + "x" + cv.strideW()
                    + ", training supports stride 1 only");
        }
        Conv2d t = new Conv2d(name, cv.in(), cv.out(), cv.kh(), cv.kw(), cv.padH(), cv.padW(), cv.binaryWeights(),
                cv.bias() != null, dt, rng);
        float[] src = cv.weights();
        double[] dst = new double[src.length];
        for (int co = 0; co < cv.out(); co++)
            for (int ci = 0; ci < cv.in(); ci++)
                for (int ky = 0; ky < cv.kh(); ky++)
                    for (int kx = 0; kx < cv.kw(); kx++)
                        dst[((ky * cv.kw() + kx) * cv.in() + ci) * cv.out() + co] = src[((co * cv.in() + ci) * cv.kh() + ky) * cv.kw() + kx];
        t.weight.value.assign(Nd4j.create(dst, new long[] {(long) cv.kh() * cv.kw() * cv.in(), cv.out()}, 'c'));
        if (cv.bias() != null) t.bias.value.assign(row(cv.bias()));
        return t;
    }

    private static BatchNorm importBatchNorm(org.memspice.bnn.BatchNorm bn, String name, DataType dt) {
        BatchNorm t = new BatchNorm(name, bn.channels(), bn.eps(), 0.1, dt);
        t.gamma.value.assign(row(bn.gamma()));
        t.beta.value.assign(row(bn.beta()));
        t.runningMean.assign(row(bn.mean()));
        t.runningVar.assign(row(bn.var()));
        return t;
    }

    private static INDArray row(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return Nd4j.create(d, new long[] {1, v.length}, 'c');
    }
}
