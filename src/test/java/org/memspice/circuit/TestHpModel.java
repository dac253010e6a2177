package org.memspice.circuit;

import org.memspice.device.MemristorModel;

/**
 * HP linear ion drift without a window (Strukov et al., Nature 453, 2008): R = Ron x + Roff (1 - x),
 * dx/dt = mu Ron / D^2 * i, with i = v / R(x); the state is bounded by the circuit's limiting only.
 */
final class TestHpModel implements MemristorModel {
    final double ron, roff, k;

    TestHpModel(double ron, double roff, double k) {
        this.ron = ron;
        this.roff = roff;
        this.k = k;
    }

    public double xMin() { return 0; }
    public double xMax() { return 1; }
    public double initialState() { return 0.5; }
    public double resistance(double x) { return ron * x + roff * (1 - x); }
    public double resistanceDerivative(double x) { return ron - roff; }
    public double stateRate(double v, double x) { return k * v / resistance(x); }
    public double stateRateDv(double v, double x) { return k / resistance(x); }
    public double stateRateDx(double v, double x) {
        double r = resistance(x);
        return -k * v * (ron - roff) / (r * r);
    }
}
