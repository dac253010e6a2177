package org.memspice.device;

/**
 * The TEAM family (Kvatinsky et al., IEEE TCAS-I 60(1):211, 2013; VTEAM: IEEE TCAS-II 62(8):786, 2015):
 * state x in metres on [x_on, x_off], x_on is Ron, positive drive moves x towards x_off (OFF).
 * With c the controlling quantity (current for TEAM, voltage for VTEAM):
 * dx/dt = k_off (c/c_off - 1)^alpha_off f(x, off) for c > c_off > 0; 0 for c_on <= c <= c_off;
 * k_on (c/c_on - 1)^alpha_on f(x, on) for c < c_on < 0. The base is positive inside each branch.
 */
public abstract class ThresholdMemristor implements MemristorModel {
    protected final double ron;
    protected final double roff;
    protected final double xOn;
    protected final double xOff;
    protected final double span;
    protected final double kOn;
    protected final double kOff;
    protected final double alphaOn;
    protected final double alphaOff;
    protected final double cOn;
    protected final double cOff;
    protected final double x0;
    protected final Window window;
    protected final IvCurve iv;
    private final double lambda;

    protected ThresholdMemristor(double ron, double roff, double xOn, double xOff, double kOn, double kOff,
                                 double alphaOn, double alphaOff, double cOn, double cOff, double x0,
                                 Window window, IvCurve iv) {
        this.ron = ron;
        this.roff = roff;
        this.xOn = xOn;
        this.xOff = xOff;
        this.span = xOff - xOn;
        this.kOn = kOn;
        this.kOff = kOff;
        this.alphaOn = alphaOn;
        this.alphaOff = alphaOff;
        this.cOn = cOn;
        this.cOff = cOff;
        this.x0 = x0;
        this.window = window;
        this.iv = iv;
        this.lambda = Math.log(roff / ron);
    }

    /** The controlling quantity c at port voltage v and state x. */
    protected abstract double control(double v, double x);

    /** dc/dv. */
    protected abstract double controlDv(double v, double x);

    /** dc/dx. */
    protected abstract double controlDx(double v, double x);

    /** Lower threshold (i_on or v_on), negative. */
    public double onThreshold() { return cOn; }

    /** Upper threshold (i_off or v_off), positive. */
    public double offThreshold() { return cOff; }

    /** True for TEAM (current thresholds), false for VTEAM (voltage thresholds). */
    public abstract boolean currentControlled();

    public Window window() { return window; }

    public IvCurve ivCurve() { return iv; }

    @Override public double xMin() { return xOn; }
    @Override public double xMax() { return xOff; }
    @Override public double initialState() { return x0; }

    private double normalised(double x) {
        return (x - xOn) / span;
    }

    @Override
    public double resistance(double x) {
        double u = Window.clamp01(normalised(x));
        return iv == IvCurve.LINEAR ? ron + (roff - ron) * u : ron * Math.exp(lambda * u);
    }

    @Override
    public double resistanceDerivative(double x) {
        double u = normalised(x);
        if (u < 0 || u > 1) return 0;
        return iv == IvCurve.LINEAR ? (roff - ron) / span : ron * lambda / span * Math.exp(lambda * u);
    }

    @Override
    public double stateRate(double v, double x) {
        double c = control(v, x);
        if (c > cOff) {
            if (x >= xOff) return 0;
            return kOff * Math.pow(c / cOff - 1, alphaOff) * window.value(normalised(x), true);
        }
        if (c < cOn) {
            if (x <= xOn) return 0;
            return kOn * Math.pow(c / cOn - 1, alphaOn) * window.value(normalised(x), false);
        }
        return 0;
    }

    @Override
    public double stateRateDv(double v, double x) {
        double c = control(v, x);
        if (c > cOff) {
            if (x >= xOff) return 0;
            return kOff * alphaOff * Math.pow(c / cOff - 1, alphaOff - 1) / cOff * controlDv(v, x)
                    * window.value(normalised(x), true);
        }
        if (c < cOn) {
            if (x <= xOn) return 0;
            return kOn * alphaOn * Math.pow(c / cOn - 1, alphaOn - 1) / cOn * controlDv(v, x)
                    * window.value(normalised(x), false);
        }
        return 0;
    }

    @Override
    public double stateRateDx(double v, double x) {
        double c = control(v, x);
        double u = normalised(x);
        if (c > cOff) {
            if (x >= xOff) return 0;
            double b = c / cOff - 1;
            return kOff * (alphaOff * Math.pow(b, alphaOff - 1) / cOff * controlDx(v, x) * window.value(u, true)
                    + Math.pow(b, alphaOff) * window.derivative(u, true) / span);
        }
        if (c < cOn) {
            if (x <= xOn) return 0;
            double b = c / cOn - 1;
            return kOn * (alphaOn * Math.pow(b, alphaOn - 1) / cOn * controlDx(v, x) * window.value(u, false)
                    + Math.pow(b, alphaOn) * window.derivative(u, false) / span);
        }
        return 0;
    }
}
