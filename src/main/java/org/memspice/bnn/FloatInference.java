package org.memspice.bnn;

import java.util.ArrayList;
import java.util.List;

/**
 * Float inference: runs the layers one after another on float activation buffers allocated once. For a
 * binary network this is the reference semantics (+/-1 weights as floats, batch norm in double, sign(0) = +1).
 * Not thread-safe: one instance per thread.
 */
public final class FloatInference implements Classifier {
    private final BnnModel model;
    private final float[][] buffers;
    private final float[] work;

    public FloatInference(BnnModel model) {
        this.model = model;
        int n = model.layers().size();
        buffers = new float[n + 1][];
        int workSize = 0;
        for (int i = 0; i <= n; i++) {
            buffers[i] = new float[model.shapeBefore(i).size()];
            if (i < n) {
                workSize = Math.max(workSize, model.layers().get(i).workSize(model.shapeBefore(i)));
            }
        }
        work = new float[workSize];
    }

    private void run(float[] image) {
        if (image.length != buffers[0].length) {
            throw new IllegalArgumentException("image has " + image.length + " values, the model expects " + model.input());
        }
        System.arraycopy(image, 0, buffers[0], 0, image.length);
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(buffers[i], model.shapeBefore(i), buffers[i + 1], work);
        }
    }

    @Override
    public int predict(float[] image) {
        run(image);
        float[] out = buffers[buffers.length - 1];
        return Classifier.argmax(out, out.length);
    }

    /** The class scores (last layer's output) for {@code image}. */
    public float[] scores(float[] image) {
        run(image);
        return buffers[buffers.length - 1].clone();
    }

    /** The output of every layer (element i is the output of layer i), copied. */
    public List<float[]> activations(float[] image) {
        run(image);
        List<float[]> a = new ArrayList<>();
        for (int i = 1; i < buffers.length; i++) {
            a.add(buffers[i].clone());
        }
        return a;
    }
}
