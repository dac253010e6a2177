package org.memspice.circuit;

import org.junit.jupiter.api.Test;
import org.memspice.SimulationException;
import org.memspice.signal.Waveform;

import static org.junit.jupiter.api.Assertions.*;

class OperatingPointTest {

    private static double atanh(double y) {
        return 0.5 * Math.log((1 + y) / (1 - y));
    }

    private static void assertKclAndPower(Solution s) {
        double[] kcl = s.kclResidual();
        for (int i = 0; i < kcl.length; i++) {
            assertEquals(0.0, kcl[i], 1e-12, "KCL at node " + s.circuit().nodeName(i + 1));
        }
        double delivered = s.deliveredPower();
        assertTrue(delivered > 0);
        assertEquals(0.0, s.totalPower() / delivered, 1e-9, "power balance");
    }

    @Test
    void voltageDividerMatchesClosedForm() {
        Circuit c = new Circuit();
        c.voltageSource("V1", "in", "0", 5.0);
        c.resistor("R1", "in", "mid", 1e3);
        c.resistor("R2", "mid", "0", 3e3);
        Solution s = new OperatingPoint(c).solve();
        assertEquals(5.0 * 3 / 4, s.voltage("mid"), 1e-12);
        assertEquals(-5.0 / 4e3, s.current("v1"), 1e-15);
        assertEquals(5.0 * 5.0 / 4e3, -s.power("V1"), 1e-12);
        assertKclAndPower(s);
    }

    @Test
    void currentSourceIntoResistorNetwork() {
        Circuit c = new Circuit();
        // 1 mA from ground into node a (SPICE: I n+ n-, current flows n+ -> source -> n-)
        c.currentSource("I1", "0", "a", 1e-3);
        c.resistor("R1", "a", "b", 2e3);
        c.resistor("R2", "b", "0", 1e3);
        c.resistor("R3", "b", "0", 1e3);
        Solution s = new OperatingPoint(c).solve();
        assertEquals(1e-3 * (2e3 + 500), s.voltage("a"), 1e-12);
        assertEquals(0.5, s.voltage("b"), 1e-12);
        assertKclAndPower(s);
    }

    @Test
    void controlledSourcesFormIdealAmplifiers() {
        Circuit c = new Circuit();
        c.voltageSource("Vin", "in", "0", 0.2);
        c.resistor("Rin", "in", "0", 1e3);
        c.vcvs("E1", "out", "0", "in", "0", 10.0);
        c.resistor("RL", "out", "0", 500);
        c.vccs("G1", "0", "g", "in", "0", 1e-3);   // 0.2 mA into node g
        c.resistor("Rg", "g", "0", 2e3);
        Solution s = new OperatingPoint(c).solve();
        assertEquals(2.0, s.voltage("out"), 1e-12);
        assertEquals(0.4, s.voltage("g"), 1e-12);
        assertKclAndPower(s);
    }

    @Test
    void memristorIsItsStateResistanceAtDc() {
        TestHpModel hp = new TestHpModel(100, 16e3, 1e4);
        Circuit c = new Circuit();
        c.voltageSource("V1", "a", "0", 1.0);
        c.memristor("M1", "a", "b", hp, 0.25);
        c.resistor("R1", "b", "0", 1e3);
        Solution s = new OperatingPoint(c).solve();
        double rm = 100 * 0.25 + 16e3 * 0.75;
        assertEquals(1e3 / (rm + 1e3), s.voltage("b"), 1e-12);
        assertEquals(0.25, s.state("M1"), 0.0);
        assertKclAndPower(s);
    }

    @Test
    void comparatorDrivesRailsAndIsSmoothAtThreshold() {
        Comparator.Params p = new Comparator.Params(1e4, 0.0, 1.0, 1e9, 100.0);
        Circuit c = new Circuit();
        c.voltageSource("Vs", "s", "0", 0.31);
        c.voltageSource("Vr", "r", "0", 0.30);
        c.comparator("X1", "s", "r", "o", p);
        c.resistor("RL", "o", "0", 1e4);
        Solution s = new OperatingPoint(c).solve();
        double target = 0.5 + 0.5 * Math.tanh(1e4 * 0.01 / 0.5);
        assertEquals(target * 1e4 / (1e4 + 100), s.voltage("o"), 1e-12);
        assertKclAndPower(s);
    }

    @Test
    void floatingNodeIsNamed() {
        Circuit c = new Circuit();
        c.voltageSource("V1", "a", "0", 1.0);
        c.resistor("R1", "a", "0", 1e3);
        c.capacitor("C1", "a", "island", 1e-9);
        c.resistor("R2", "island", "island2", 1e3);
        SimulationException e = assertThrows(SimulationException.class, () -> new OperatingPoint(c).solve());
        assertTrue(e.getMessage().contains("island") && e.getMessage().contains("island2"), e.getMessage());
    }

    @Test
    void currentSourceCutSetIsNamed() {
        Circuit c = new Circuit();
        c.currentSource("I1", "0", "x", 1e-3);
        c.capacitor("C1", "x", "0", 1e-9);
        SimulationException e = assertThrows(SimulationException.class, () -> new OperatingPoint(c).solve());
        assertTrue(e.getMessage().contains("without a DC path") && e.getMessage().contains("x"), e.getMessage());
    }

    @Test
    void numericallySingularMatrixNamesTheUnknown() {
        // E1 sets v(x) = v(y) and E2 sets v(y) = v(x): the same equation twice, one short. Every node has a
        // DC path to ground, so only the factorization can find it.
        Circuit c = new Circuit();
        c.voltageSource("V1", "a", "0", 1.0);
        c.resistor("R1", "a", "0", 1e3);
        c.vcvs("E1", "x", "0", "y", "0", 1.0);
        c.vcvs("E2", "y", "0", "x", "0", 1.0);   // v(x) = v(y) and v(y) = v(x): one equation short
        c.resistor("R2", "x", "0", 1e3);
        c.resistor("R3", "y", "0", 1e3);
        SimulationException e = assertThrows(SimulationException.class, () -> new OperatingPoint(c).solve());
        String m = e.getMessage();
        assertTrue(m.contains("singular matrix") && (m.contains("node x") || m.contains("node y") || m.contains("E1")
                || m.contains("E2")), m);
    }

    @Test
    void voltageSourceLoopIsNamed() {
        Circuit c = new Circuit();
        c.voltageSource("V1", "a", "0", 1.0);
        c.voltageSource("V2", "a", "b", 1.0);
        c.voltageSource("V3", "b", "0", 1.0);
        SimulationException e = assertThrows(SimulationException.class, () -> new OperatingPoint(c).solve());
        assertTrue(e.getMessage().contains("V3") && e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void nonConvergenceNamesNodeIterationAndResidual() {
        // A comparator of gain 1e10 in unity negative feedback: its output moves 1e10 V per volt of error, so
        // one ulp of the output voltage (5e-17 V) changes the output stage current by more than the KCL
        // tolerance. No Newton iterate can satisfy it, with or without gmin or source stepping.
        Circuit c = new Circuit();
        c.voltageSource("Vr", "r", "0", Waveform.parse("DC 0.3"));
        c.comparator("X1", "r", "o", "o", new Comparator.Params(1e10, 0.0, 1.0, 1e9, 1.0));
        c.resistor("RL", "o", "0", 1e3);
        SimulationException e = assertThrows(SimulationException.class, () -> new OperatingPoint(c).solve());
        String m = e.getMessage();
        assertTrue(m.contains("node o") && m.contains("100 iterations") && m.contains("KCL residual")
                && m.contains("gmin stepping failed") && m.contains("source stepping"), m);
    }

    @Test
    void sourceSteppingFinishesWhatPlainNewtonCannotWithinItsIterationLimit() {
        // Eight comparator stages of gain 1e6: plain Newton needs 9 iterations from zero; with a limit of 8
        // it fails, gmin stepping fails too, and ramping the sources up reaches the operating point.
        Circuit c = new Circuit();
        c.voltageSource("Vr", "r", "0", 0.5);
        c.voltageSource("Vi", "n0", "0", 0.5001);
        for (int k = 0; k < 8; k++) {
            c.comparator("X" + k, "n" + k, "r", "n" + (k + 1), new Comparator.Params(1e6, 0.0, 1.0, 1e9, 100));
            c.resistor("R" + k, "n" + (k + 1), "0", 1e4);
        }
        OperatingPoint op = new OperatingPoint(c).maxIterations(8);
        Solution s = op.solve();
        assertEquals("source stepping", op.method());
        // every stage saturates high: 1 V behind 100 ohm into 10 kohm || 1 Gohm (next stage's input)
        double rp = 1.0 / (1e-4 + 1e-9);
        for (int k = 1; k < 8; k++) assertEquals(rp / (rp + 100), s.voltage("n" + k), 1e-9);
        assertEquals(1e4 / (1e4 + 100), s.voltage("n8"), 1e-9);
        assertKclAndPower(s);
        OperatingPoint plain = new OperatingPoint(c).maxIterations(100);
        assertEquals(s.voltage("n8"), plain.solve().voltage("n8"), 1e-12);
        assertEquals("newton", plain.method());
    }

    @Test
    void highGainFeedbackConvergesToTheVirtualShort() {
        Circuit c = new Circuit();
        c.voltageSource("Vr", "r", "0", 0.3);
        c.comparator("X1", "r", "o", "o", new Comparator.Params(1e8, 0.0, 1.0, 1e9, 1.0));
        c.resistor("RL", "o", "0", 1e3);
        Solution s = new OperatingPoint(c).solve();
        // vo = target(0.3 - vo) * Rp / (Rp + rout), Rp = RL || rin: with loop gain 1e8 the output sits within
        // (rails / gain) of the reference; the closed form of the tanh stage gives vo - 0.3 = 2.1e-9 V here
        double vo = s.voltage("o");
        double rp = 1.0 / (1e-3 + 1e-9);
        double needed = vo * (rp + 1.0) / rp;                 // target the output stage must produce
        double error = 0.5 * atanh((needed - 0.5) / 0.5) / 1e8; // input error that produces it
        assertEquals(0.3 - vo, error, 1e-12);
        assertEquals(0.3, vo, 1e-8);
        // one ulp of vo moves the output current by gain * ulp / rout = 5e-9 A: KCL holds to that floor
        for (double r : s.kclResidual()) assertEquals(0.0, r, 1e-9);
    }
}
