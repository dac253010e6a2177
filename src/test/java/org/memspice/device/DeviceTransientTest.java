package org.memspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.memspice.signal.Waveform;

/** The device transient against closed forms (charge relation of state-only windows, constant-rate switching). */
class DeviceTransientTest {
    static final double RON = 100, ROFF = 16e3, D = 10e-9, MU = 1e-14, K = MU * RON / (D * D);

    /**
     * For a state-only window x = X(q), and flux phi(q) = integral of (Rs + R(X(q))) dq equals the source's
     * flux integral of Vs dt. For a sine SIN(0 A f) the flux is A (1 - cos 2 pi f t) / (2 pi f). Solves
     * phi(q) = flux by Newton (phi is monotonic) and returns X(q).
     */
    static double[] closedForm(double[] t, double amp, double freq, double rs, DoubleUnaryOperator xOfQ,
                               DoubleUnaryOperator phiOfQ) {
        double[] x = new double[t.length];
        double q = 0;
        for (int k = 0; k < t.length; k++) {
            double flux = amp * (1 - Math.cos(2 * Math.PI * freq * t[k])) / (2 * Math.PI * freq);
            for (int it = 0; it < 100; it++) {
                double r = phiOfQ.applyAsDouble(q) - flux;
                double dphi = rs + ROFF - (ROFF - RON) * xOfQ.applyAsDouble(q);
                double dq = -r / dphi;
                q += dq;
                if (Math.abs(dq) < 1e-18) break;
            }
            x[k] = xOfQ.applyAsDouble(q);
        }
        return x;
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
        return m;
    }

    @Test
    void hpNoWindowFollowsTheChargeClosedForm() {
        double x0 = 0.1, amp = 1.2, f = 1, rs = 2000;
        LinearIonDrift hp = new LinearIonDrift(RON, ROFF, D, MU, x0, Window.NONE);
        DeviceTrace tr = new DeviceTransient(hp, Waveform.parse("SIN(0 1.2 1)"), rs).tolerances(1e-8, 1e-10).run(2, 801);
        double dr = ROFF - RON;
        double[] ref = closedForm(tr.t(), amp, f, rs, q -> x0 + K * q,
                q -> (rs + ROFF) * q - dr * (x0 * q + K * q * q / 2));
        assertTrue(maxDiff(ref, tr.x()) < 1e-6, "max |x - x_closed| = " + maxDiff(ref, tr.x()));
        double swing = 0;
        for (double v : ref) swing = Math.max(swing, v - x0);
        assertTrue(swing > 0.1, "the state must move substantially, moved " + swing);
    }

    /** Logistic solutions: f = c x (1 - x) gives x(q) = 1 / (1 + a exp(-c k q)), a = (1 - x0)/x0. */
    private void logisticCase(Window w, double c, double amp) {
        double x0 = 0.2, f = 1;
        LinearIonDrift hp = new LinearIonDrift(RON, ROFF, D, MU, x0, w);
        DeviceTrace tr = new DeviceTransient(hp, new Waveform.Sin(0, amp, f, 0, 0, 0), 0).tolerances(1e-8, 1e-10).run(2, 801);
        double a = (1 - x0) / x0, ck = c * K, dr = ROFF - RON;
        DoubleUnaryOperator xq = q -> 1 / (1 + a * Math.exp(-ck * q));
        DoubleUnaryOperator phi = q -> ROFF * q - dr * (q + Math.log((1 + a * Math.exp(-ck * q)) / (1 + a)) / ck);
        double[] ref = closedForm(tr.t(), amp, f, 0, xq, phi);
        assertTrue(maxDiff(ref, tr.x()) < 1e-6, w.name() + ": max |x - x_closed| = " + maxDiff(ref, tr.x()));
        double top = 0;
        for (double v : ref) top = Math.max(top, v);
        assertTrue(top > 0.6, "the state must move substantially, reached " + top);
    }

    @Test
    void joglekarP1FollowsTheChargeClosedForm() {
        logisticCase(new JoglekarWindow(1), 4, 1.6);
    }

    @Test
    void prodromakisP1J1FollowsTheChargeClosedForm() {
        logisticCase(new ProdromakisWindow(1, 1), 1, 7);
    }

    @Test
    void stateOnlyWindowsReturnToX0EachPeriodBiolekDoesNot() {
        Window[] stateOnly = {Window.NONE, new JoglekarWindow(10), new ProdromakisWindow(10, 1), new StrukovWindow()};
        for (Window w : stateOnly) {
            DeviceTrace tr = new DeviceTransient(new LinearIonDrift(RON, ROFF, D, MU, 0.1, w), Waveform.parse("SIN(0 1.2 1)"), 0)
                    .tolerances(1e-8, 1e-10).run(3, 301);
            for (int period = 1; period <= 3; period++) {
                assertEquals(0.1, tr.x()[100 * period], 1e-6, w.name() + " after period " + period);
            }
        }
        DeviceTrace bio = new DeviceTransient(new LinearIonDrift(RON, ROFF, D, MU, 0.1, new BiolekWindow(10)),
                Waveform.parse("SIN(0 1.2 1)"), 0).run(3, 301);
        double drift1 = bio.x()[100] - 0.1, drift3 = bio.x()[300] - 0.1;
        assertTrue(Math.abs(drift1) > 1e-3, "Biolek drifts within a period: " + drift1);
        assertTrue(Math.abs(drift3) > Math.abs(drift1), "and keeps drifting: " + drift1 + " then " + drift3);
    }

    @Test
    void vteamBetweenThresholdsLeavesTheStateUnchanged() {
        Vteam vt = new Vteam(50, 1000, 0, 3e-9, -10, 5e-4, 3, 1, -0.2, 0.02, 1.7e-9, Window.NONE, IvCurve.LINEAR);
        for (String drive : new String[] {"SIN(-0.09 0.1 50meg)", "DC -0.199", "DC 0.0199", "PULSE(-0.19 0.019 1n 1n 1n 5n 20n)",
                "PWL(0 0 10n 0.0199 20n -0.1999 40n 0)"}) {
            DeviceTrace tr = new DeviceTransient(vt, Waveform.parse(drive), 0).run(60e-9, 601);
            for (double x : tr.x()) assertEquals(1.7e-9, x, 0, drive);
        }
    }

    @Test
    void vteamSwitchingTimesMatchTheConstantRateClosedForm() {
        // no window: dx/dt = k (v/v_th - 1)^alpha, constant under DC: ON at -1 V in picoseconds, OFF at +1 V in ~100 ns
        Vteam on = new Vteam(50, 1000, 0, 3e-9, -10, 5e-4, 3, 1, -0.2, 0.02, 3e-9, Window.NONE, IvCurve.LINEAR);
        double rateOn = -10 * Math.pow(-1 / -0.2 - 1, 3);
        double tOn = 3e-9 / -rateOn;
        DeviceTrace a = new DeviceTransient(on, Waveform.parse("DC -1"), 0).run(2 * tOn, 1001);
        for (int k = 0; k < a.t().length; k++) {
            double ref = Math.max(0, 3e-9 + rateOn * a.t()[k]);
            assertEquals(ref, a.x()[k], 1e-6 * 3e-9, "ON switching at t = " + a.t()[k]);
            assertTrue(a.x()[k] >= 0, "no overshoot past x_on");
        }
        double rateOff = 5e-4 * (1 / 0.02 - 1);
        // PULSE: +1 V for 100 ns (OFF, slow), -1 V for 20 ns (ON, 5 decades faster), +1 V again
        Vteam both = new Vteam(50, 1000, 0, 3e-9, -10, 5e-4, 3, 1, -0.2, 0.02, 0, Window.NONE, IvCurve.LINEAR);
        DeviceTrace b = new DeviceTransient(both, Waveform.parse("PULSE(1 -1 100n 0 0 20n 1)"), 0).run(200e-9, 2001);
        for (int k = 0; k < b.t().length; k++) {
            double t = b.t()[k];
            double ref;
            if (t <= 100e-9) ref = rateOff * t;
            else if (t <= 120e-9) ref = Math.max(0, rateOff * 100e-9 + rateOn * (t - 100e-9));
            else ref = rateOff * (t - 120e-9);
            assertEquals(ref, b.x()[k], 1e-6 * 3e-9, "t = " + t);
        }
        assertTrue(b.steps() < 500, "steps taken: " + b.steps());
    }

    @Test
    void hpNoWindowReachesTheBoundAtTheClosedFormTimeAndStays() {
        double x0 = 0.5, v = 2;
        LinearIonDrift hp = new LinearIonDrift(RON, ROFF, D, MU, x0, Window.NONE);
        double q1 = (1 - x0) / K;
        double tSwitch = (ROFF * q1 - (ROFF - RON) * (x0 * q1 + K * q1 * q1 / 2)) / v;
        DeviceTrace tr = new DeviceTransient(hp, Waveform.parse("DC 2"), 0).tolerances(1e-10, 1e-12).run(2 * tSwitch, 1001);
        double[] ref = closedForm(tr.t(), 0, 1, 0, q -> Math.min(1, x0 + K * q), q -> 0);
        for (int k = 0; k < tr.t().length; k++) {
            double t = tr.t()[k];
            double flux = v * t;
            // invert phi(q) = flux on the quadratic branch before the bound
            double a2 = -(ROFF - RON) * K / 2, a1 = ROFF - (ROFF - RON) * x0;
            double q = (-a1 + Math.sqrt(a1 * a1 + 4 * a2 * flux)) / (2 * a2);
            double xr = t >= tSwitch ? 1 : x0 + K * q;
            assertEquals(xr, tr.x()[k], 1e-6, "t = " + t);
            assertTrue(tr.x()[k] <= 1);
        }
        assertEquals(1, tr.x()[tr.x().length - 1], 0, "stays at the bound");
        assertEquals(ref.length, tr.t().length);
    }

    @Test
    void loopIsPinchedAndLobeAreaFallsWithFrequency() {
        double previous = Double.POSITIVE_INFINITY;
        double first = 0, last = 0;
        for (double f : new double[] {1, 2, 5, 10, 100}) {
            LinearIonDrift hp = new LinearIonDrift(RON, ROFF, D, MU, 0.1, new JoglekarWindow(10));
            DeviceTrace tr = new DeviceTransient(hp, new Waveform.Sin(0, 1.2, f, 0, 0, 0), 0).run(1 / f, 2001);
            for (int k : new int[] {0, 1000, 2000}) {
                assertEquals(0, tr.i()[k], 1e-12 * tr.peakCurrent(), "pinched: i = 0 where v = 0 at f = " + f);
            }
            double[] lobes = tr.lobeAreas();
            assertEquals(2, lobes.length, "two lobes per period");
            assertTrue(lobes[0] < previous, "lobe area falls with frequency: " + lobes[0] + " at " + f + " Hz");
            if (f == 1) first = lobes[0];
            last = lobes[0];
            previous = lobes[0];
        }
        assertTrue(last < 0.05 * first, "100 Hz lobe " + last + " vs 1 Hz lobe " + first);
    }

    @Test
    void statesLeaveABoundWhenTheDriveReverses() {
        // +4 V drives ON into the bound, -4 V from t = 0.5 s must bring the state back (no boundary lock)
        for (Window w : new Window[] {Window.NONE, new BiolekWindow(1)}) {
            LinearIonDrift hp = new LinearIonDrift(RON, ROFF, D, MU, 0.5, w);
            DeviceTrace tr = new DeviceTransient(hp, Waveform.parse("PULSE(4 -4 0.5 0 0 1 2)"), 0).run(1, 1001);
            double atHalf = tr.x()[500];
            assertTrue(atHalf > 0.99, w.name() + ": reaches the ON bound, x = " + atHalf);
            for (double x : tr.x()) assertTrue(x >= 0 && x <= 1, w.name() + ": inside the bounds");
            assertTrue(tr.x()[1000] < atHalf - 0.1, w.name() + ": leaves the bound, x(1) = " + tr.x()[1000]);
        }
        // VTEAM: OFF into x_off, then ON back to x_on, then OFF again
        Vteam vt = new Vteam(50, 1000, 0, 3e-9, -10, 5e-4, 3, 1, -0.2, 0.02, 2.9e-9, Window.NONE, IvCurve.LINEAR);
        DeviceTrace tr = new DeviceTransient(vt, Waveform.parse("PWL(0 1 100n 1 100.001n -1 110n -1 110.001n 1 200n 1)"), 0)
                .run(200e-9, 2001);
        assertEquals(3e-9, tr.x()[900], 0, "held at x_off");
        assertEquals(0, tr.x()[1090], 0, "switched ON to x_on");
        // the 1 ps ramp from -1 V to 1 V exceeds v_off = 0.02 V for its last 0.49 ps, at a mean (v/v_off - 1) of 24.5
        double ramp = 5e-4 * 24.5 * 0.49e-12;
        assertEquals(ramp + 5e-4 * 49 * (200e-9 - 110.001e-9), tr.x()[2000], 1e-7 * 3e-9, "moves OFF again at the closed-form rate");
    }
}
