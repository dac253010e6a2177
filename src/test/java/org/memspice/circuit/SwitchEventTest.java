package org.memspice.circuit;

import org.junit.jupiter.api.Test;
import org.memspice.signal.Waveform;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transient lands on the times where a behavioral expression's comparison or corner changes branch, checked
 * against closed forms.
 */
class SwitchEventTest {
    private static Formula.Node v(int m) {
        return new Formula.Var(m);
    }

    private static Formula.Node call(Formula.Op op, Formula.Node... a) {
        return new Formula.Call(op, List.of(a));
    }

    private static Formula.Node c(double x) {
        return new Formula.Const(x);
    }

    /** The time point of r nearest to t. */
    private static double nearest(TransientResult r, double t) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < r.size(); k++) {
            if (Math.abs(r.time(k) - t) < Math.abs(best - t)) best = r.time(k);
        }
        return best;
    }

    /** The largest difference between r's node voltage, linearly interpolated, and f on a grid of n points. */
    private static double worst(TransientResult r, String node, java.util.function.DoubleUnaryOperator f, double tstop,
                                int n) {
        double[] ts = r.times();
        double worst = 0;
        int k = 1;
        for (int i = 0; i <= n; i++) {
            double t = tstop * i / n;
            while (k < ts.length - 1 && ts[k] < t) k++;
            double w = (t - ts[k - 1]) / (ts[k] - ts[k - 1]);
            double y = r.at(k - 1).voltage(node) + w * (r.at(k).voltage(node) - r.at(k - 1).voltage(node));
            worst = Math.max(worst, Math.abs(y - f.applyAsDouble(t)));
        }
        return worst;
    }

    @Test
    void aCapacitorChargedUntilAThresholdStopsThereOnTime() {
        // I = V(x) < 0.5 ? 1 mA : 0 into 1 nF from 0 V: v = 1e6 t up to 0.5 V at t = 0.5 us, then constant.
        // The step across the switch is cut to land on it (before: 5.6e-4 V high after it; ngspice 39 steps over it
        // and ends 4.6e-3 V high)
        Circuit ck = new Circuit("threshold");
        int x = ck.node("x");
        ck.behavioral("B1", 0, x, Behavioral.Kind.CURRENT, new Formula(call(Formula.Op.IF,
                call(Formula.Op.LT, v(0), c(0.5)), c(1e-3), c(0)), 1), "V(x) < 0.5 ? 1m : 0", new int[] {x},
                new String[] {null});
        ck.capacitor("C1", "x", "0", 1e-9);
        TransientResult r = new Transient(ck).uic(true).run(1e-8, 1e-6);
        double tSwitch = 0.5e-6;
        assertEquals(tSwitch, nearest(r, tSwitch), 1e-13, "a time point on the switch");
        double err = worst(r, "x", t -> Math.min(1e6 * t, 0.5), 1e-6, 20000);
        assertTrue(err < 1e-7, "waveform error " + err + " V");
        assertEquals(0.5, r.last().voltage("x"), 1e-7);
    }

    @Test
    void aCornerOfMaxIsLandedOnAndTheChargeFollowsTheClosedForm() {
        // I = 1 mA * max(V(in) - 0.6, 0), V(in) = sin(2 pi 1k t), into 1 uF: between the corners t1 = asin(0.6)/w and
        // t2 = (pi - asin(0.6))/w, v(t) = 1e3 * ((cos(w t1) - cos(w t)) / w - 0.6 (t - t1)), constant elsewhere
        Circuit ck = new Circuit("corner");
        ck.voltageSource("V1", "in", "0", Waveform.parse("SIN(0 1 1k)"));
        int in = ck.node("in"), x = ck.node("x");
        ck.behavioral("B1", 0, x, Behavioral.Kind.CURRENT, new Formula(call(Formula.Op.MUL, c(1e-3),
                call(Formula.Op.MAX, call(Formula.Op.SUB, v(0), c(0.6)), c(0))), 1), "1m*max(V(in)-0.6, 0)",
                new int[] {in}, new String[] {null});
        ck.capacitor("C1", "x", "0", 1e-6);
        double w = 2 * Math.PI * 1e3, t1 = Math.asin(0.6) / w, t2 = (Math.PI - Math.asin(0.6)) / w, tstop = 1e-3;
        TransientResult r = new Transient(ck).uic(true).run(1e-6, tstop);
        // within 2e-6 of the 1 us step (an event is landed within 1e-6 of the step that found it)
        assertEquals(t1, nearest(r, t1), 2e-12, "a time point on the first corner");
        assertEquals(t2, nearest(r, t2), 2e-12, "a time point on the second corner");
        java.util.function.DoubleUnaryOperator exact = t -> {
            double s = Math.min(Math.max(t, t1), t2);
            return 1e3 * ((Math.cos(w * t1) - Math.cos(w * s)) / w - 0.6 * (s - t1));
        };
        double top = exact.applyAsDouble(tstop);
        double err = worst(r, "x", exact, tstop, 20000);
        assertTrue(err < 1e-4 * top, "waveform error " + err + " V of " + top + " V");
        assertEquals(top, r.last().voltage("x"), 1e-3 * top);
    }

    @Test
    void aSwitchThatNeverChangesCostsNoSteps() {
        // the same RC-like charge with a comparison that stays true: as many steps as without it
        double[] steps = new double[2];
        for (int k = 0; k < 2; k++) {
            Circuit ck = new Circuit("no switch");
            ck.voltageSource("V1", "in", "0", Waveform.parse("SIN(0 1 1k)"));
            int in = ck.node("in"), x = ck.node("x");
            Formula.Node i = call(Formula.Op.MUL, c(1e-3), call(Formula.Op.SUB, v(0), v(1)));
            Formula f = k == 0 ? new Formula(i, 2)
                    : new Formula(call(Formula.Op.IF, call(Formula.Op.LT, v(0), c(10)), i, c(0)), 2);
            ck.behavioral("B1", 0, x, Behavioral.Kind.CURRENT, f, "", new int[] {in, x}, new String[] {null, null});
            ck.capacitor("C1", "x", "0", 1e-6);
            steps[k] = new Transient(ck).uic(true).run(1e-5, 2e-3).steps();
        }
        assertEquals(steps[0], steps[1]);
    }
}
