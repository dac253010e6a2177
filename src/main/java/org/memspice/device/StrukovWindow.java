package org.memspice.device;

/** Strukov et al., Nature 453:80 (2008): f(u) = u (1 - u). */
public final class StrukovWindow implements Window {
    public double value(double u, boolean up) {
        u = Window.clamp01(u);
        return u * (1 - u);
    }
    public double derivative(double u, boolean up) {
        if (u < 0 || u > 1) return 0;
        return 1 - 2 * u;
    }
    public String name() { return "strukov"; }
}
