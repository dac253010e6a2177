package org.memspice.bnn;

import java.util.ArrayList;
import java.util.List;

/**
 * A network: an input shape and an ordered list of layers, plus how it was trained. The output of the last
 * layer is one score per class; the prediction is the index of the largest score (lowest index on ties).
 *
 * <p>Construction checks that the shapes chain, that the output is a vector, and that every binary-weight
 * layer not marked {@code realInput} gets +/-1 inputs (a sign, possibly followed by max pooling / flatten,
 * before it). It throws IllegalArgumentException naming {@code layers[i]}; {@link ModelFile} turns that
 * into an InputException naming the file.
 */
public final class BnnModel {
    private final Shape input;
    private final List<Layer> layers;
    private final Shape[] shapes;
    private final InputKind[] inputs;
    private final TrainingMetadata metadata;

    public BnnModel(Shape input, List<Layer> layers, TrainingMetadata metadata) {
        this.input = input;
        this.layers = List.copyOf(layers);
        this.metadata = metadata;
        if (this.layers.isEmpty()) {
            throw new IllegalArgumentException("layers: empty, expected at least one layer");
        }
        shapes = new Shape[this.layers.size() + 1];
        shapes[0] = input;
        List<LayerSpec> specs = new ArrayList<>();
        for (Layer l : this.layers) {
            specs.add(l.spec());
        }
        inputs = InputKind.along(specs);
        for (int i = 0; i < this.layers.size(); i++) {
            Layer l = this.layers.get(i);
            try {
                shapes[i + 1] = l.outputShape(shapes[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layers[" + i + "] (" + l.type() + "): " + e.getMessage(), e);
            }
            if (l.spec().needsBinaryInput() && inputs[i] != InputKind.BINARY) {
                throw new IllegalArgumentException("layers[" + i + "] (" + l.type()
                        + "): realInput is false but its input is not binary (no sign before it); set realInput to true"
                        + " or put batchnorm + sign before it");
            }
        }
        Shape out = shapes[shapes.length - 1];
        if (out.height() != 1 || out.width() != 1) {
            throw new IllegalArgumentException("layers: the last layer's output is " + out + ", expected a vector of class scores");
        }
    }

    public Shape input() {
        return input;
    }

    public List<Layer> layers() {
        return layers;
    }

    public TrainingMetadata metadata() {
        return metadata;
    }

    /** The number of classes (size of the output vector). */
    public int classes() {
        return shapes[shapes.length - 1].channels();
    }

    /** The input shape of layer i (i = layers().size() gives the output shape). */
    public Shape shapeBefore(int i) {
        return shapes[i];
    }

    /** What enters layer i: {@link InputKind#REAL} or {@link InputKind#BINARY} (see {@link InputKind#along}). */
    public InputKind inputKind(int i) {
        return inputs[i];
    }

    public Shape outputShape() {
        return shapes[shapes.length - 1];
    }

    /** A copy with other metadata (e.g. after measuring the test accuracy). */
    public BnnModel withMetadata(TrainingMetadata m) {
        return new BnnModel(input, layers, m);
    }

    /** Weights in binary-weight layers. */
    public long binaryWeightCount() {
        long n = 0;
        for (Layer l : layers) {
            if (l.hasBinaryWeights()) {
                n += l.weightCount();
            }
        }
        return n;
    }

    /** Weights in full-precision layers. */
    public long realWeightCount() {
        long n = 0;
        for (Layer l : layers) {
            if (!l.hasBinaryWeights()) {
                n += l.weightCount();
            }
        }
        return n;
    }

    /** True when every layer with weights has binary weights. */
    public boolean isBinary() {
        return realWeightCount() == 0;
    }

    /** The layer types in order, e.g. [conv, batchnorm, sign, ...]. */
    public List<String> layerTypes() {
        List<String> t = new ArrayList<>();
        for (Layer l : layers) {
            t.add(l.type());
        }
        return t;
    }
}
