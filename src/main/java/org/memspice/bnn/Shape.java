package org.memspice.bnn;

/** The shape of an activation map, channels x height x width, stored channel-major (CHW) in a float array. */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width + " has an empty dimension");
        }
    }

    /** A vector of n values (the output of a dense layer). */
    public static Shape vector(int n) {
        return new Shape(n, 1, 1);
    }

    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
