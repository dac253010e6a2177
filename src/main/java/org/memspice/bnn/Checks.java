package org.memspice.bnn;

/** Argument checks shared by the layers. */
final class Checks {
    private Checks() {}

    static float[] finite(String name, float[] values, int expectedLength) {
        if (values == null) {
            throw new IllegalArgumentException(name + " is missing, expected " + expectedLength + " numbers");
        }
        if (values.length != expectedLength) {
            throw new IllegalArgumentException(name + " has " + values.length + " numbers, expected " + expectedLength);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + values[i] + ", expected a finite number");
            }
        }
        return values;
    }

    static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " = " + value + ", expected >= 1");
        }
    }

    /** +1 for w >= 0 (sign(0) = +1), -1 otherwise. */
    static float[] binarise(float[] w) {
        float[] b = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            b[i] = w[i] >= 0f ? 1f : -1f;
        }
        return b;
    }
}
