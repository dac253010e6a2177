package org.memspice.circuit;

import org.junit.jupiter.api.Test;
import org.memspice.InputException;
import org.memspice.SimulationException;
import org.memspice.signal.Waveform;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class InductorTest {

    private static Inductor inductor(Circuit c, String name, String a, String b, double henries, double i0) {
        return c.add(new Inductor(name, c.node(a), c.node(b), henries, i0));
    }

    @Test
    void isAShortAtDcOnBothSolvers() {
        // V1 - R1 - L1 - R2 - ground, I1 injecting into the node between L1 and R2: superposition gives
        // i(L1) = (V - I R2) / (R1 + R2) and no voltage across L1
        for (DcSolver solver : DcSolver.values()) {
            Circuit c = new Circuit("dc short");
            c.voltageSource("V1", "in", "0", 2.0);
            c.resistor("R1", "in", "a", 1e3);
            inductor(c, "L1", "a", "b", 1e-3, 0);
            c.currentSource("I1", "0", "b", 1e-4);
            c.resistor("R2", "b", "0", 3e3);
            OperatingPoint op = new OperatingPoint(c).solver(solver);
            Solution s = op.solve();
            double i = (2.0 - 1e-4 * 3e3) / 4e3;
            assertEquals(i, s.current("L1"), 1e-17, solver.name());
            assertEquals(0, s.voltage("a") - s.voltage("b"), 1e-15, solver.name());
            assertEquals(2.0 - 1e3 * i, s.voltage("a"), 1e-13, solver.name());
            assertEquals(0, s.power("L1"), 1e-18, solver.name());
            assertEquals(0, s.totalPower() / s.deliveredPower(), 1e-13, solver.name());
            if (solver == DcSolver.ITERATIVE) {
                assertTrue(op.report().method().startsWith("conjugate"), op.report().toString());
            }
        }
    }

    @Test
    void rlStepFollowsTheExponentialAndStoresHalfLiSquared() {
        double r = 1e3, l = 1e-3, tau = l / r, v = 1.0;
        for (Transient.Integration method : Transient.Integration.values()) {
            Circuit c = new Circuit("rl step");
            c.voltageSource("V1", "in", "0", Waveform.parse("PULSE(0 1 0 1e-15 1e-15 1 2)"));
            c.resistor("R1", "in", "a", r);
            inductor(c, "L1", "a", "0", l, 0);
            TransientResult res = new Transient(c).integration(method).reltol(1e-6).run(tau / 20, 6 * tau);
            double worstI = 0, worstV = 0;
            for (int k = 1; k < res.size(); k++) {
                double t = res.time(k);
                if (t < 1e-15) {
                    continue;   // inside the source's 1 fs rise, which the closed form (an ideal step) leaves out
                }
                Solution s = res.at(k);
                worstI = Math.max(worstI, Math.abs(s.current("L1") - v / r * (1 - Math.exp(-t / tau))) / (v / r));
                worstV = Math.max(worstV, Math.abs(s.voltage("a") - v * Math.exp(-t / tau)));
            }
            assertTrue(worstI < 1e-4, method + ": max relative error of i(L1) vs V/R (1 - exp(-t R/L)): " + worstI);
            assertTrue(worstV < 1e-4, method + ": max error of v(L1) vs V exp(-t R/L): " + worstV);
            // the energy absorbed by the inductor is what it stores, L i^2 / 2 (up to the trapezoidal
            // quadrature of the sampled power in TransientResult.energy)
            double iEnd = res.last().current("L1");
            assertEquals(0.5 * l * iEnd * iEnd, res.energy("L1"), 1e-3 * 0.5 * l * iEnd * iEnd, method.name());
        }
    }

    @Test
    void initialCurrentDecaysThroughTheResistorWithUic() {
        double r = 50, l = 10e-6, tau = l / r, i0 = 2e-3;
        Circuit c = new Circuit("rl decay");
        c.resistor("R1", "a", "0", r);
        inductor(c, "L1", "a", "0", l, i0);
        TransientResult res = new Transient(c).uic(true).reltol(1e-6).run(tau / 20, 5 * tau);
        assertEquals(i0, res.at(0).current("L1"), 0);
        double worst = 0;
        for (int k = 1; k < res.size(); k++) {
            double t = res.time(k);
            worst = Math.max(worst, Math.abs(res.at(k).current("L1") - i0 * Math.exp(-t / tau)) / i0);
            // the inductor drives its current through R1: v(a) = -R i
            assertEquals(-r * res.at(k).current("L1"), res.at(k).voltage("a"), 1e-12);
        }
        assertTrue(worst < 1e-4, "max relative error vs I0 exp(-t R/L): " + worst);
        // without uic the operating point (no source: zero current) is the start
        assertEquals(0, new Transient(c).run(tau / 20, tau).at(0).current("L1"), 0);
    }

    @Test
    void seriesRlcRingsAtTheDampedFrequencyAndDecaysAtRover2L() {
        double r = 20, l = 1e-3, cap = 1e-6;
        double alpha = r / (2 * l), w0 = 1 / Math.sqrt(l * cap), wd = Math.sqrt(w0 * w0 - alpha * alpha);
        double period = 2 * Math.PI / wd;
        Circuit c = new Circuit("rlc");
        c.voltageSource("V1", "in", "0", Waveform.parse("PULSE(0 1 0 1e-15 1e-15 1 2)"));
        c.resistor("R1", "in", "a", r);
        inductor(c, "L1", "a", "b", l, 0);
        c.capacitor("C1", "b", "0", cap);
        TransientResult res = new Transient(c).reltol(1e-6).maxStep(period / 200).run(period / 50, 6 * period);
        // closed form of the capacitor voltage: 1 - exp(-alpha t) (cos wd t + alpha/wd sin wd t)
        double worst = 0;
        List<Double> crossings = new ArrayList<>();
        List<Double> peaks = new ArrayList<>();
        double prevT = 0, prevU = -1, prevDu = 0;
        for (int k = 0; k < res.size(); k++) {
            double t = res.time(k);
            double vc = res.at(k).voltage("b");
            double ref = 1 - Math.exp(-alpha * t) * (Math.cos(wd * t) + alpha / wd * Math.sin(wd * t));
            worst = Math.max(worst, Math.abs(vc - ref));
            double u = vc - 1;                                   // ringing about the final value
            if (k > 0 && prevU < 0 && u >= 0) crossings.add(prevT + (t - prevT) * (-prevU) / (u - prevU));
            double du = u - prevU;
            if (k > 1 && prevDu > 0 && du <= 0) peaks.add(prevU);  // local maxima of the overshoot
            prevT = t;
            prevU = u;
            prevDu = du;
        }
        assertTrue(worst < 1e-3, "max |v(C) - closed form| = " + worst);
        // the ringing period from upward zero crossings, and the decay of successive overshoots exp(-alpha T)
        assertTrue(crossings.size() >= 4, "crossings " + crossings);
        double measured = (crossings.get(crossings.size() - 1) - crossings.get(0)) / (crossings.size() - 1);
        assertEquals(period, measured, 1e-3 * period);
        assertTrue(peaks.size() >= 3, "peaks " + peaks);
        for (int k = 1; k < peaks.size(); k++) {
            assertEquals(Math.exp(-alpha * period), peaks.get(k) / peaks.get(k - 1), 5e-3, "decay between peaks " + k);
        }
    }

    @Test
    void aLoopOfSourcesAndInductorsIsSingular() {
        Circuit c = new Circuit("loop");
        c.voltageSource("V1", "a", "0", 1.0);
        c.resistor("R1", "a", "0", 1e3);
        inductor(c, "L1", "a", "0", 1e-6, 0);
        SimulationException e = assertThrows(SimulationException.class, () -> new OperatingPoint(c).solve());
        assertTrue(e.getMessage().contains("L1") && e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveInductanceAndNamesTheElement() {
        Circuit c = new Circuit();
        InputException e = assertThrows(InputException.class, () -> inductor(c, "L7", "a", "0", -1e-6, 0));
        assertTrue(e.getMessage().contains("L7") && e.getMessage().contains("-1.0E-6"), e.getMessage());
        e = assertThrows(InputException.class, () -> inductor(c, "L8", "a", "0", 1e-6, Double.NaN));
        assertTrue(e.getMessage().contains("L8") && e.getMessage().contains("initial current"), e.getMessage());
    }
}
