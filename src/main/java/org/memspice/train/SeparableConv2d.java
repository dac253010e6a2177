package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.memspice.bnn.SeparableConv;
import org.memspice.bnn.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainable form of a {@link SeparableConv} (its {@link SeparableConv.Spec} says what the layer is): the k x 1
 * {@link Conv2d}, batch norm + sign between the stages when the spec has them, and the 1 x k {@link Conv2d}, run
 * one after another.
 */
public final class SeparableConv2d implements Layer {
    public final SeparableConv.Spec spec;
    public final Conv2d vertical, horizontal;
    /** Batch norm between the stages, or null. */
    public final BatchNorm midNorm;
    private final SignActivation midSign;
    private final List<Layer> stages = new ArrayList<>();

    /** The stages of {@code spec}, the k x 1 weights drawn from {@code rng} before the 1 x k weights. */
    public SeparableConv2d(String name, SeparableConv.Spec spec, double bnMomentum, SignActivation.Estimator ste,
                           DataType dt, Random rng) {
        this(spec, new Conv2d(name + "a", spec.vertical(), dt, rng),
                spec.midNorm() == null ? null : new BatchNorm(name + ".mid", spec.midNorm(), bnMomentum, dt),
                spec.midNorm() == null ? null : new SignActivation(ste), new Conv2d(name + "b", spec.horizontal(), dt, rng));
    }

    private SeparableConv2d(SeparableConv.Spec spec, Conv2d vertical, BatchNorm midNorm, SignActivation midSign,
                            Conv2d horizontal) {
        this.spec = spec;
        this.vertical = vertical;
        this.midNorm = midNorm;
        this.midSign = midSign;
        this.horizontal = horizontal;
        stages.add(vertical);
        if (midNorm != null) {
            stages.add(midNorm);
            stages.add(midSign);
        }
        stages.add(horizontal);
    }

    /** The trainable form of {@code s}, holding its parameters. */
    public static SeparableConv2d of(SeparableConv s, String name, DataType dt) {
        return new SeparableConv2d(s.spec(), Conv2d.of(s.vertical(), name + "a", dt),
                s.midNorm() == null ? null : BatchNorm.of(s.midNorm(), name + ".mid", 0.1, dt),
                s.midNorm() == null ? null : new SignActivation(SignActivation.Estimator.HTANH),
                Conv2d.of(s.horizontal(), name + "b", dt));
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        INDArray a = x;
        for (Layer l : stages) a = l.forward(a, training);
        return a;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray g = gradOut;
        for (int i = stages.size() - 1; i >= 0; i--) g = stages.get(i).backward(g);
        return g;
    }

    @Override
    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        for (Layer l : stages) p.addAll(l.params());
        return p;
    }

    @Override
    public List<INDArray> state() {
        return midNorm == null ? List.of() : midNorm.state();
    }

    @Override
    public SeparableConv toLayer(Shape in) {
        org.memspice.bnn.Conv v = vertical.toLayer(in);
        return new SeparableConv(spec, v.weights(), v.bias(), midNorm == null ? null : midNorm.toLayer(in),
                horizontal.toLayer(in).weights(), horizontal.bias == null ? null : Raw.floats(horizontal.bias.value));
    }
}
