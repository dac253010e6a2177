package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.LayerSpec;
import org.memspice.bnn.Sign;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A chain of layers; the output of the last is the logits [N, classes]. */
public final class Network {
    public final List<Layer> layers;

    public Network(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /**
     * The trainable network of family {@code arch} in {@code layout}: one trainable layer per layer of
     * {@link Architecture#layers}, weights drawn in layer order from a generator seeded with {@code seed}. A binary
     * network ends in a {@link LogitScale} of 1/sqrt(fan-in of the output layer), which the model file leaves out.
     */
    public static Network build(Architecture arch, Architecture.Layout layout, double bnMomentum,
                                SignActivation.Estimator ste, DataType dt, long seed) {
        Random rng = new Random(seed);
        List<Layer> l = new ArrayList<>();
        int convs = 0, norms = 0, denses = 0;
        org.memspice.bnn.Dense.Spec last = null;
        for (LayerSpec s : arch.layers(layout)) {
            if (s instanceof org.memspice.bnn.Conv.Spec c) {
                l.add(new Conv2d("conv" + ++convs, c, dt, rng));
            } else if (s instanceof org.memspice.bnn.SeparableConv.Spec sc) {
                l.add(new SeparableConv2d("conv" + ++convs, sc, bnMomentum, ste, dt, rng));
            } else if (s instanceof org.memspice.bnn.BatchNorm.Spec bn) {
                l.add(new BatchNorm("bn" + ++norms, bn, bnMomentum, dt));
            } else if (s instanceof org.memspice.bnn.Dense.Spec d) {
                l.add(new Dense("fc" + ++denses, d, dt, rng));
                last = d;
            } else if (s instanceof Sign) {
                l.add(new SignActivation(ste));
            } else if (s instanceof org.memspice.bnn.Relu) {
                l.add(new Relu());
            } else if (s instanceof org.memspice.bnn.MaxPool mp) {
                l.add(new MaxPool(mp));
            } else if (s instanceof org.memspice.bnn.Flatten) {
                l.add(new Flatten());
            }
        }
        if (arch.binary()) l.add(new LogitScale("fc", 1.0 / Math.sqrt(last.in()), dt));
        return new Network(l);
    }

    public INDArray forward(INDArray x, boolean training) {
        INDArray a = x;
        for (Layer l : layers) a = l.forward(a, training);
        return a;
    }

    /** Back-propagates dL/dlogits through every layer, filling all parameter gradients; returns dL/dinput. */
    public INDArray backward(INDArray gradLogits) {
        INDArray g = gradLogits;
        for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).backward(g);
        return g;
    }

    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        for (Layer l : layers) p.addAll(l.params());
        return p;
    }

    public List<INDArray> state() {
        List<INDArray> s = new ArrayList<>();
        for (Layer l : layers) s.addAll(l.state());
        return s;
    }
}
