package org.memspice.device;

/** VTEAM: voltage thresholds v_on < 0 < v_off (Kvatinsky et al., IEEE TCAS-II 62(8):786, 2015). */
public final class Vteam extends ThresholdMemristor {
    public Vteam(double ron, double roff, double xOn, double xOff, double kOn, double kOff, double alphaOn,
                 double alphaOff, double vOn, double vOff, double x0, Window window, IvCurve iv) {
        super(ron, roff, xOn, xOff, kOn, kOff, alphaOn, alphaOff, vOn, vOff, x0, window, iv);
    }

    @Override protected double control(double v, double x) { return v; }
    @Override protected double controlDv(double v, double x) { return 1; }
    @Override protected double controlDx(double v, double x) { return 0; }
    @Override public boolean currentControlled() { return false; }
}
