package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.Shape;
import org.memspice.bnn.TrainingMetadata;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Converts between a training {@link Network} and the model-file {@link BnnModel}, layer for layer: each trainable
 * layer is built from its model layer ({@code of}) and gives it back with the current values ({@code toLayer}),
 * which also converts the layouts (NHWC activations, weights [(ky*KW + kx)*Cin + ci, Cout], dense rows in HWC order
 * on the training side; CHW, weights [out][in][kh][kw], dense [out][in] over the CHW-flattened input in the model).
 * The logit scale of binary networks is dropped: it is positive and does not change the argmax.
 */
public final class ModelConversion {
    private ModelConversion() {
    }

    public static BnnModel toModel(Network net, Shape input, TrainingMetadata meta) {
        List<org.memspice.bnn.Layer> out = new ArrayList<>();
        Shape shape = input, map = input;
        for (Layer l : net.layers) {
            org.memspice.bnn.Layer m = l.toLayer(l instanceof Dense ? map : shape);
            if (m == null) continue;
            out.add(m);
            if (!(m instanceof org.memspice.bnn.Flatten)) map = m.outputShape(shape);
            shape = m.outputShape(shape);
        }
        return new BnnModel(input, out, meta);
    }

    /**
     * Rebuilds a training network (in evaluation use: the frozen teacher) from a model file's layers.
     * Every model layer kind is supported, with stride 1.
     */
    public static Network toNetwork(BnnModel m, DataType dt, String source) {
        List<Layer> out = new ArrayList<>();
        List<org.memspice.bnn.Layer> ls = m.layers();
        Shape map = m.input();
        for (int i = 0; i < ls.size(); i++) {
            org.memspice.bnn.Layer l = ls.get(i);
            try {
                out.add(trainable(l, map, "" + i, dt));
            } catch (IllegalArgumentException e) {
                throw new InputException(source + ": layers[" + i + "] (" + l.type() + "): " + e.getMessage());
            }
            if (!(l instanceof org.memspice.bnn.Flatten)) map = m.shapeBefore(i + 1);
        }
        return new Network(out);
    }

    private static Layer trainable(org.memspice.bnn.Layer l, Shape map, String i, DataType dt) {
        if (l instanceof org.memspice.bnn.Conv c) return Conv2d.of(c, "conv" + i, dt);
        if (l instanceof org.memspice.bnn.SeparableConv s) return SeparableConv2d.of(s, "conv" + i, dt);
        if (l instanceof org.memspice.bnn.BatchNorm bn) return BatchNorm.of(bn, "bn" + i, 0.1, dt);
        if (l instanceof org.memspice.bnn.Sign) return new SignActivation(SignActivation.Estimator.HTANH);
        if (l instanceof org.memspice.bnn.Relu) return new Relu();
        if (l instanceof org.memspice.bnn.MaxPool mp) return new MaxPool(mp);
        if (l instanceof org.memspice.bnn.Flatten) return new Flatten();
        return Dense.of((org.memspice.bnn.Dense) l, map, "fc" + i, dt);
    }
}
