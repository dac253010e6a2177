package org.memspice.device;

/**
 * The HP linear ion drift memristor (Strukov, Snider, Stewart, Williams, Nature 453:80, 2008) with a window:
 * state x = w/D in [0, 1], x = 1 is R = Ron; {@code v = (Ron x + Roff (1 - x)) i},
 * {@code dx/dt = k i f(x, sign i)} with {@code k = mu_v Ron / D^2}. Positive current drives x towards 1 (ON).
 */
public final class LinearIonDrift implements MemristorModel {
    private final double ron;
    private final double roff;
    private final double k;
    private final double x0;
    private final Window window;

    public LinearIonDrift(double ron, double roff, double d, double muV, double x0, Window window) {
        this.ron = ron;
        this.roff = roff;
        this.k = muV * ron / (d * d);
        this.x0 = x0;
        this.window = window;
    }

    /** k = mu_v Ron / D^2, state units per coulomb. */
    public double chargeCoefficient() {
        return k;
    }

    public Window window() {
        return window;
    }

    @Override public double xMin() { return 0; }
    @Override public double xMax() { return 1; }
    @Override public double initialState() { return x0; }

    @Override
    public double resistance(double x) {
        double u = Window.clamp01(x);
        return ron * u + roff * (1 - u);
    }

    @Override
    public double resistanceDerivative(double x) {
        return x < 0 || x > 1 ? 0 : ron - roff;
    }

    @Override
    public double stateRate(double v, double x) {
        if (v > 0) {
            if (x >= 1) return 0;
            return k * v / resistance(x) * window.value(x, true);
        }
        if (v < 0) {
            if (x <= 0) return 0;
            return k * v / resistance(x) * window.value(x, false);
        }
        return 0;
    }

    @Override
    public double stateRateDv(double v, double x) {
        if (v > 0) {
            if (x >= 1) return 0;
            return k / resistance(x) * window.value(x, true);
        }
        if (v < 0) {
            if (x <= 0) return 0;
            return k / resistance(x) * window.value(x, false);
        }
        // at v = 0 the rate is continuous and linear in v on both sides except for the Biolek branch switch;
        // the average of both one-sided slopes
        return k / resistance(x) * 0.5 * (window.value(x, true) + window.value(x, false));
    }

    @Override
    public double stateRateDx(double v, double x) {
        boolean up = v > 0;
        if (v == 0 || up && x >= 1 || !up && x <= 0) return 0;
        double r = resistance(x);
        double f = window.value(x, up);
        return k * v * (window.derivative(x, up) / r - f * resistanceDerivative(x) / (r * r));
    }
}
