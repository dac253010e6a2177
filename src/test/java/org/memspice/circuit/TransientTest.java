package org.memspice.circuit;

import org.junit.jupiter.api.Test;
import org.memspice.signal.Waveform;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TransientTest {

    @Test
    void rcChargingFollowsExponential() {
        double r = 1e3, cap = 1e-6, tau = r * cap;
        Circuit c = new Circuit();
        c.voltageSource("V1", "in", "0", Waveform.parse("PULSE(0 1 0 1e-12 1e-12 1 2)"));
        c.resistor("R1", "in", "out", r);
        c.capacitor("C1", "out", "0", cap);
        TransientResult res = new Transient(c).reltol(1e-5).run(tau / 10, 5 * tau);
        double worst = 0;
        for (int k = 0; k < res.size(); k++) {
            double t = res.time(k);
            if (t < 1e-9) continue;
            double expected = 1 - Math.exp(-(t - 1e-12) / tau);
            worst = Math.max(worst, Math.abs(res.at(k).voltage("out") - expected));
        }
        assertTrue(worst < 1e-4, "max error vs 1 - exp(-t/RC): " + worst);
        assertEquals(5 * tau, res.time(res.size() - 1), 1e-15);
    }

    @Test
    void gearIntegrationAlsoFollowsTheExponential() {
        double r = 1e3, cap = 1e-6, tau = r * cap;
        Circuit c = new Circuit();
        c.voltageSource("V1", "in", "0", Waveform.parse("PULSE(0 1 0 1e-12 1e-12 1 2)"));
        c.resistor("R1", "in", "out", r);
        c.capacitor("C1", "out", "0", cap);
        TransientResult res = new Transient(c).integration(Transient.Integration.GEAR2).reltol(1e-6).run(tau / 10, 5 * tau);
        double worst = 0;
        for (int k = 0; k < res.size(); k++) {
            double t = res.time(k);
            if (t < 1e-9) continue;
            worst = Math.max(worst, Math.abs(res.at(k).voltage("out") - (1 - Math.exp(-(t - 1e-12) / tau))));
            Solution s = res.at(k);
            assertEquals(0, s.totalPower() / s.deliveredPower(), 1e-9, "power balance at t = " + t);
        }
        assertTrue(worst < 1e-4, "max error vs 1 - exp(-t/RC): " + worst);
    }

    @Test
    void rcDischargeWithUicStartsFromZeroAndPowerBalances() {
        Circuit c = new Circuit();
        c.voltageSource("V1", "in", "0", Waveform.parse("SIN(0 1 1k)"));
        c.resistor("R1", "in", "out", 1e3);
        c.capacitor("C1", "out", "0", 100e-9);
        c.resistor("R2", "out", "0", 4e3);
        TransientResult res = new Transient(c).uic(true).run(1e-5, 2e-3);
        for (int k = 1; k < res.size(); k++) {
            Solution s = res.at(k);
            double delivered = s.deliveredPower();
            if (delivered < 1e-9) continue;
            assertEquals(0, s.totalPower() / delivered, 1e-9, "power balance at t = " + s.time());
        }
        // the energy drawn from the source equals the energy in the resistors plus the capacitor's final energy
        double eSource = -res.energy("V1");
        double eRes = res.energy("R1") + res.energy("R2");
        double vEnd = res.last().voltage("out");
        double eCap = 0.5 * 100e-9 * vEnd * vEnd;
        assertEquals(eSource, eRes + eCap, 1e-3 * eSource);
    }

    @Test
    void hpMemristorStateMatchesClosedForm() {
        // HP linear drift, constant V across the device: d(R^2)/dt = 2 (Ron - Roff) k V
        double ron = 100, roff = 16e3, k = 1e4, v = 1.0, x0 = 0.1;
        TestHpModel hp = new TestHpModel(ron, roff, k);
        Circuit c = new Circuit();
        c.voltageSource("V1", "a", "0", v);
        c.memristor("M1", "a", "0", hp, x0);
        double r0 = hp.resistance(x0);
        double tEnd = 0.5 * r0 * r0 / (2 * (roff - ron) * k * v); // R^2 falls to half of R0^2
        TransientResult res = new Transient(c).reltol(1e-6).run(tEnd / 100, tEnd);
        double worst = 0;
        for (int i = 0; i < res.size(); i++) {
            double t = res.time(i);
            double rt = Math.sqrt(r0 * r0 + 2 * (ron - roff) * k * v * t);
            double xt = (roff - rt) / (roff - ron);
            worst = Math.max(worst, Math.abs(res.at(i).state("M1") - xt));
        }
        assertTrue(worst < 1e-5, "state error " + worst);
        assertTrue(res.last().state("M1") > 0.3);
    }

    @Test
    void observerSeesEveryPointOfTheStoredRun() {
        Circuit c = new Circuit();
        c.voltageSource("V1", "in", "0", Waveform.parse("PWL(0 0 1u 1 2u 1 3u 0)"));
        c.resistor("R1", "in", "out", 1e3);
        c.capacitor("C1", "out", "0", 1e-9);
        TransientResult stored = new Transient(c).run(0.1e-6, 4e-6);
        List<double[]> seen = new java.util.ArrayList<>();
        TransientResult streamed = new Transient(c).run(0.1e-6, 4e-6, s -> seen.add(new double[] {s.time(), s.voltage("out")}));
        assertEquals(0, streamed.size());
        assertEquals(stored.size(), seen.size());
        for (int k = 0; k < seen.size(); k++) {
            assertEquals(stored.time(k), seen.get(k)[0], 0.0);
            assertEquals(stored.at(k).voltage("out"), seen.get(k)[1], 0.0);
        }
        // the PWL corners are time points
        for (double corner : new double[] {1e-6, 2e-6, 3e-6}) {
            boolean hit = false;
            for (double[] p : seen) hit |= p[0] == corner;
            assertTrue(hit, "breakpoint " + corner);
        }
    }

    @Test
    void dcSweepOfDividerIsLinear() {
        Circuit c = new Circuit();
        c.voltageSource("V1", "in", "0", 0.0);
        c.resistor("R1", "in", "out", 1e3);
        c.resistor("R2", "out", "0", 1e3);
        double[] values = DcSweep.values(-1, 1, 0.25);
        assertEquals(9, values.length);
        List<Solution> sweep = new DcSweep(c).run("v1", values);
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i] / 2, sweep.get(i).voltage("out"), 1e-12);
        }
    }
}
