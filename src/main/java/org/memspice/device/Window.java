package org.memspice.device;

/**
 * A window function f(u) that shapes the state rate near the bounds. It works on the normalised state
 * u in [0, 1] and is told the direction of motion: {@code up} means towards u = 1 (x = 1 for the HP family,
 * x = x_off for TEAM/VTEAM). A direction-aware window (Biolek) thereby reads the same in both families,
 * which is the required mirroring of stp(.) between them. Evaluated for u outside [0, 1] the functions use
 * the nearest bound; the models zero any outward rate at a bound themselves.
 */
public interface Window extends java.io.Serializable {

    /** f(u) for motion towards u = 1 ({@code up}) or towards u = 0. */
    double value(double u, boolean up);

    /** df/du for the same direction. */
    double derivative(double u, boolean up);

    /** Name used in cards and subcircuit names. */
    String name();

    /** |y|^e, which is what SPICE's pow() computes, never NaN for a negative base. */
    static double powAbs(double y, double e) {
        return Math.pow(Math.abs(y), e);
    }

    /** d/dy |y|^e = e |y|^(e-1) sign(y); zero at y = 0 when e > 1 (windows require 2p >= 1). */
    static double powAbsDerivative(double y, double e) {
        if (y == 0) return e == 1 ? 1 : 0;
        return e * Math.pow(Math.abs(y), e - 1) * Math.signum(y);
    }

    static double clamp01(double u) {
        return u < 0 ? 0 : u > 1 ? 1 : u;
    }

    /** f = 1. */
    Window NONE = new Window() {
        public double value(double u, boolean up) { return 1; }
        public double derivative(double u, boolean up) { return 0; }
        public String name() { return "none"; }
    };
}
