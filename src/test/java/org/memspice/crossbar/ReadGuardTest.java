package org.memspice.crossbar;

import org.junit.jupiter.api.Test;
import org.memspice.SimulationException;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A read whose node voltages do not satisfy the nodal equations, or whose numbers are not finite, is never reported:
 * the check recomputes the residual from the nodal equations, tries the direct solve, and fails with the reason.
 */
class ReadGuardTest {
    static CrossbarSpec spec(double wire, double driver) {
        return Fixtures.weights(ArrayScheme.DOUBLE_COLUMN, 32, 16, 5, wire, wire, driver, Sensing.idealTia(1e4),
                InputEncoding.BIPOLAR, 1);
    }

    @Test
    void anOrdinaryReadPassesWithItsResidualRecomputed() {
        CrossbarSpec s = spec(1, 10);
        ReadAnalysis a = new ReadAnalysis(s.array(), 1e-12);
        ReadSolution cg = a.read(s.stimulus().inputs().get(0));
        ReadSolution direct = a.readDirect(s.stimulus().inputs().get(0));
        assertTrue(cg.relativeResidual() < 1e-12 && direct.relativeResidual() < 1e-12);
        assertTrue(Double.isFinite(cg.power().total()));
    }

    @Test
    void wiresFarMoreConductiveThanTheDevicesAreRefusedWithTheReason() {
        // 1 nohm segments: 1e9 S against 1e-4 S devices, a ratio of 1e13
        CrossbarSpec s = spec(1e-9, 10);
        ReadAnalysis a = new ReadAnalysis(s.array(), 1e-12);
        SimulationException e = assertThrows(SimulationException.class, () -> a.read(s.stimulus().inputs().get(0)));
        assertTrue(e.getMessage().contains("wire segments' conductance") && e.getMessage().contains("ohm")
                && e.getMessage().contains("residual"), e.getMessage());
        for (double r : new double[] {1e-12, 1e-15, 1e-18}) {
            CrossbarSpec t = spec(r, 10);
            SimulationException f = assertThrows(SimulationException.class,
                    () -> new ReadAnalysis(t.array(), 1e-12).read(t.stimulus().inputs().get(0)), "wire " + r);
            assertTrue(f.getMessage().contains("wire segments' conductance"), f.getMessage());
        }
    }

    @Test
    void anOverflowingReadVoltageIsRefusedNotReportedAsInfinity() {
        CrossbarSpec s = spec(1, 10);
        double[] x = s.stimulus().inputs().get(0).clone();
        for (int i = 0; i < x.length; i++) {
            x[i] *= 1e308;   // logical inputs scaled: source voltages of 2e307 V
        }
        ReadAnalysis a = new ReadAnalysis(s.array(), 1e-12);
        SimulationException e = assertThrows(SimulationException.class, () -> a.read(x));
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
        assertThrows(SimulationException.class, () -> a.readDirect(x));
    }
}
