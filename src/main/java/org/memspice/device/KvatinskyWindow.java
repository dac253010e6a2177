package org.memspice.device;

/**
 * Kvatinsky et al., IEEE TCAS-I 60(1):211 (2013), the TEAM window in metres:
 * f_off(x) = exp(-exp((x - a_off)/w_c)) moving towards x_off, f_on(x) = exp(-exp(-(x - a_on)/w_c)) moving
 * towards x_on. Works on u through x = x_on + u (x_off - x_on).
 */
public final class KvatinskyWindow implements Window {
    private final double xOn;
    private final double span;
    private final double aOn;
    private final double aOff;
    private final double wc;

    public KvatinskyWindow(double xOn, double xOff, double aOn, double aOff, double wc) {
        this.xOn = xOn;
        this.span = xOff - xOn;
        this.aOn = aOn;
        this.aOff = aOff;
        this.wc = wc;
    }

    public double value(double u, boolean up) {
        double x = xOn + Window.clamp01(u) * span;
        return up ? Math.exp(-Math.exp((x - aOff) / wc)) : Math.exp(-Math.exp(-(x - aOn) / wc));
    }
    public double derivative(double u, boolean up) {
        if (u < 0 || u > 1) return 0;
        double x = xOn + u * span;
        if (up) {
            double e = Math.exp((x - aOff) / wc);
            return -Math.exp(-e) * e / wc * span;
        }
        double e = Math.exp(-(x - aOn) / wc);
        return Math.exp(-e) * e / wc * span;
    }
    public String name() { return "kvatinsky"; }
}
