package org.memspice.circuit;

/**
 * The switches of a system at one point ({@link Element#switches}): per switch its region, its three inputs, the
 * distance of the inputs from the nearest boundary (margin) and their magnitude.
 */
final class Switches {
    /** A margin within this share of its inputs' magnitude is rounding: the switch is on its boundary. */
    static final double ROUNDING = 1e-9;

    final double[] region;
    final double[] in;
    final double[] margin;
    final double[] mag;

    Switches(int n) {
        region = new double[n];
        in = new double[3 * n];
        margin = new double[n];
        mag = new double[n];
    }

    /** True when switch j sits on its boundary to within rounding. */
    boolean onBoundary(int j) {
        return !(margin[j] > ROUNDING * mag[j]);
    }

    void copyFrom(Switches o) {
        System.arraycopy(o.region, 0, region, 0, region.length);
        System.arraycopy(o.in, 0, in, 0, in.length);
        System.arraycopy(o.margin, 0, margin, 0, margin.length);
        System.arraycopy(o.mag, 0, mag, 0, mag.length);
    }
}
