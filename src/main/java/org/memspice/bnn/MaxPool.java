package org.memspice.bnn;

/**
 * Max pooling over k x k windows with stride k and no padding; output size floor(H/k) x floor(W/k).
 * On +/-1 activations this is the OR of the windows' bits (+1 = 1), done in the digital periphery.
 */
public record MaxPool(int k) implements Layer, LayerSpec {
    @Override
    public LayerSpec spec() {
        return this;
    }

    public MaxPool {
        if (k < 1) {
            throw new IllegalArgumentException("maxpool k = " + k + ", expected >= 1");
        }
    }

    @Override
    public String type() {
        return "maxpool";
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.height() < k || in.width() < k) {
            throw new IllegalArgumentException("maxpool k = " + k + " is larger than its " + in + " input");
        }
        return new Shape(in.channels(), in.height() / k, in.width() / k);
    }

    @Override
    public void forward(float[] in, Shape inShape, float[] out, float[] work) {
        int h = inShape.height(), w = inShape.width(), oh = h / k, ow = w / k;
        for (int c = 0; c < inShape.channels(); c++) {
            int base = c * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < k; dy++) {
                        int row = base + (oy * k + dy) * w + ox * k;
                        for (int dx = 0; dx < k; dx++) {
                            m = Math.max(m, in[row + dx]);
                        }
                    }
                    out[(c * oh + oy) * ow + ox] = m;
                }
            }
        }
    }
}
