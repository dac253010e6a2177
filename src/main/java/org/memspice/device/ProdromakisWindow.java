package org.memspice.device;

/** Prodromakis et al., IEEE TED 58(9):3099 (2011): f(u) = j (1 - ((u - 0.5)^2 + 0.75)^p). */
public final class ProdromakisWindow implements Window {
    private final double p;
    private final double j;

    public ProdromakisWindow(double p, double j) {
        this.p = p;
        this.j = j;
    }

    public double value(double u, boolean up) {
        u = Window.clamp01(u);
        double s = u - 0.5;
        return j * (1 - Math.pow(s * s + 0.75, p));
    }
    public double derivative(double u, boolean up) {
        if (u < 0 || u > 1) return 0;
        double s = u - 0.5;
        return -j * p * Math.pow(s * s + 0.75, p - 1) * 2 * s;
    }
    public String name() { return "prodromakis"; }
}
