package org.memspice.device;

/** TEAM: current thresholds i_on < 0 < i_off (Kvatinsky et al., IEEE TCAS-I 60(1):211, 2013). */
public final class Team extends ThresholdMemristor {
    public Team(double ron, double roff, double xOn, double xOff, double kOn, double kOff, double alphaOn,
                double alphaOff, double iOn, double iOff, double x0, Window window, IvCurve iv) {
        super(ron, roff, xOn, xOff, kOn, kOff, alphaOn, alphaOff, iOn, iOff, x0, window, iv);
    }

    @Override protected double control(double v, double x) { return v / resistance(x); }
    @Override protected double controlDv(double v, double x) { return 1 / resistance(x); }
    @Override protected double controlDx(double v, double x) {
        double r = resistance(x);
        return -v * resistanceDerivative(x) / (r * r);
    }
    @Override public boolean currentControlled() { return true; }
}
