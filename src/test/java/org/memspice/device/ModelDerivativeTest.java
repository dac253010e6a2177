package org.memspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Analytic derivatives of every model/window combination against central finite differences. */
class ModelDerivativeTest {

    static List<MemristorModel> models() {
        List<MemristorModel> out = new ArrayList<>();
        Window[] hpWindows = {Window.NONE, new StrukovWindow(), new JoglekarWindow(1.5), new BiolekWindow(2.5),
                new ProdromakisWindow(2.5, 1.3)};
        for (Window w : hpWindows) out.add(new LinearIonDrift(100, 16e3, 10e-9, 1e-14, 0.3, w));
        double xOn = 0, xOff = 3e-9;
        Window[] teamWindows = {Window.NONE, new KvatinskyWindow(xOn, xOff, 1.8e-9, 1.2e-9, 107e-12),
                new BiolekWindow(1.5), new JoglekarWindow(2), new ProdromakisWindow(1.5, 1)};
        for (Window w : teamWindows) {
            for (IvCurve iv : IvCurve.values()) {
                out.add(new Vteam(50, 1000, xOn, xOff, -10, 5e-4, 3, 1.5, -0.2, 0.02, 1.5e-9, w, iv));
                out.add(new Team(50, 1000, xOn, xOff, -4.68e-13, 1.46e-9, 3, 2, -8.9e-6, 115e-6, 1.5e-9, w, iv));
            }
        }
        return out;
    }

    @Test
    void analyticDerivativesMatchFiniteDifferences() {
        double[] us = {0.13, 0.37, 0.5, 0.61, 0.88};
        double[] vs = {-1.1, -0.45, -0.05, 0.01, 0.3, 0.9};
        int checked = 0;
        for (MemristorModel m : models()) {
            double span = m.xMax() - m.xMin();
            for (double u : us) {
                double x = m.xMin() + u * span;
                double hx = 1e-8 * span;
                double dr = (m.resistance(x + hx) - m.resistance(x - hx)) / (2 * hx);
                assertEquals(dr, m.resistanceDerivative(x), 1e-6 * Math.abs(dr) + 1e-12, m + " dR/dx at u=" + u);
                for (double v : vs) {
                    double f = m.stateRate(v, x);
                    assertTrue(Double.isFinite(f), m + " rate NaN at v=" + v + " u=" + u);
                    double hv = 1e-6 * Math.abs(v);
                    double dv = (m.stateRate(v + hv, x) - m.stateRate(v - hv, x)) / (2 * hv);
                    double dx = (m.stateRate(v, x + hx) - m.stateRate(v, x - hx)) / (2 * hx);
                    double sv = Math.abs(m.stateRateDv(v, x)) + Math.abs(f / v) * 1e-9 + 1e-300;
                    double sx = Math.abs(m.stateRateDx(v, x)) + Math.abs(f / span) * 1e-6 + 1e-300;
                    assertEquals(dv, m.stateRateDv(v, x), 1e-5 * sv, m + " d/dv at v=" + v + " u=" + u);
                    assertEquals(dx, m.stateRateDx(v, x), 1e-5 * sx, m + " d/dx at v=" + v + " u=" + u);
                    if (f != 0) checked++;
                }
            }
        }
        assertTrue(checked > 300, "only " + checked + " non-zero rates were checked");
    }
}
