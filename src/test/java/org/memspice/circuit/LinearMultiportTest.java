package org.memspice.circuit;

import org.junit.jupiter.api.Test;
import org.memspice.InputException;
import org.memspice.SimulationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A linear multiport against the same network built from resistors and a current source. */
class LinearMultiportTest {

    @Test
    void piNetworkAsMultiportEqualsItsResistors() {
        double g1 = 1e-3, g2 = 2e-3, g12 = 5e-4, j2 = 1e-4;
        Circuit r = new Circuit("resistors");
        r.voltageSource("v1", "a", "0", 1.5);
        r.resistor("rs", "b", "c", 300);
        r.resistor("rl", "c", "0", 700);
        r.resistor("r1", "a", "0", 1 / g1);
        r.resistor("r2", "b", "0", 1 / g2);
        r.resistor("r12", "a", "b", 1 / g12);
        r.currentSource("i2", "b", "0", j2);
        Circuit m = new Circuit("multiport");
        m.voltageSource("v1", "a", "0", 1.5);
        m.resistor("rs", "b", "c", 300);
        m.resistor("rl", "c", "0", 700);
        LinearMultiport pi = m.multiport("pi", new String[] {"a", "b"},
                new double[] {g1 + g12, -g12, -g12, g2 + g12}, new double[] {0, j2});
        Solution sr = new OperatingPoint(r).solve();
        Solution sm = new OperatingPoint(m).solve();
        for (String node : new String[] {"a", "b", "c"}) {
            assertEquals(sr.voltage(node), sm.voltage(node), 1e-12, node);
        }
        assertEquals(sr.current("v1"), sm.current("v1"), 1e-15);
        // the power of the multiport is that of the three resistors and the current source
        double p = sr.power("r1") + sr.power("r2") + sr.power("r12") + sr.power("i2");
        assertEquals(p, sm.power(pi), 1e-15);
        double[] i = sm.terminalCurrents(pi);
        assertEquals(3, i.length);
        assertEquals(0, i[0] + i[1] + i[2], 1e-18);
        assertEquals(0, sm.totalPower(), 1e-15);
    }

    @Test
    void badSizesAndFloatingPortsAreRejected() {
        Circuit c = new Circuit();
        InputException e = assertThrows(InputException.class,
                () -> c.multiport("x1", new String[] {"a", "b"}, new double[3], new double[2]));
        assertTrue(e.getMessage().contains("x1") && e.getMessage().contains("4 admittances"), e.getMessage());
        assertThrows(InputException.class,
                () -> c.multiport("x2", new String[] {"a"}, new double[] {Double.NaN}, new double[1]));
        // a conductance between two ports only: the pair floats
        Circuit f = new Circuit();
        f.multiport("x3", new String[] {"a", "b"}, new double[] {1e-3, -1e-3, -1e-3, 1e-3}, new double[2]);
        f.currentSource("i1", "a", "0", 1e-3);
        SimulationException s = assertThrows(SimulationException.class, () -> new OperatingPoint(f).solve());
        assertTrue(s.getMessage().contains("without a DC path"), s.getMessage());
    }
}
