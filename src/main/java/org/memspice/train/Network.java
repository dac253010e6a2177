package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A chain of layers; the output of the last is the logits [N, classes]. */
public final class Network {
    public final List<Layer> layers;

    public Network(List<Layer> layers) {
        this.layers = List.copyOf(layers);
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
