package org.memspice.device;

/** Joglekar and Wolf, Eur. J. Phys. 30:661 (2009): f(u) = 1 - (2u - 1)^(2p). */
public final class JoglekarWindow implements Window {
    private final double p;

    public JoglekarWindow(double p) {
        this.p = p;
    }

    public double value(double u, boolean up) {
        u = Window.clamp01(u);
        return 1 - Window.powAbs(2 * u - 1, 2 * p);
    }
    public double derivative(double u, boolean up) {
        if (u < 0 || u > 1) return 0;
        return -2 * Window.powAbsDerivative(2 * u - 1, 2 * p);
    }
    public String name() { return "joglekar"; }
}
