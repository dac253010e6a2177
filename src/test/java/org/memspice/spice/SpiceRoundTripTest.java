package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Comparator;
import org.memspice.circuit.Element;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;
import org.memspice.circuit.Transient;
import org.memspice.circuit.TransientResult;
import org.memspice.signal.Waveform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SpiceRoundTripTest {

    /** A linear circuit with every linear element kind. */
    static Circuit mixed() {
        Circuit c = new Circuit("mixed linear circuit");
        c.voltageSource("V1", "in", "0", 1.2);
        c.resistor("R1", "in", "a", 1.5e3);
        c.resistor("R2", "a", "0", 2.2e3);
        c.resistor("R3", "a", "b", 470);
        c.currentSource("I1", "0", "b", 0.3e-3);
        c.resistor("R4", "b", "0", 3.3e3);
        c.capacitor("C1", "b", "0", 1e-9);
        c.vcvs("E1", "e", "0", "a", "b", 4.0);
        c.resistor("R5", "e", "f", 1e3);
        c.resistor("R6", "f", "0", 1e3);
        c.vccs("G1", "0", "g", "b", "0", 2e-3);
        c.resistor("R7", "g", "0", 680);
        // wire names that do not start with their SPICE letter
        c.resistor("wire3", "g", "h", 0.5);
        c.resistor("Rh", "h", "0", 100);
        return c;
    }

    @Test
    void writerThenReaderGivesTheSameSolution() {
        Circuit c = mixed();
        c.comparator("S1", "a", "b", "out", new Comparator.Params(50, 0, 1, 1e9, 100));
        c.resistor("Rout", "out", "0", 1e4);
        String text = NetlistWriter.write(c, List.of(".op"));
        Netlist nl = NetlistReader.parse(text, "written.cir");
        Solution s1 = new OperatingPoint(c).solve();
        Solution s2 = new OperatingPoint(nl.circuit()).solve();
        assertEquals(c.nodeCount(), nl.circuit().nodeCount());
        for (int n = 1; n <= c.nodeCount(); n++) {
            String name = c.nodeName(n);
            assertEquals(s1.voltage(n), s2.voltage(name), 1e-13 * Math.max(1, Math.abs(s1.voltage(n))), name);
        }
        assertEquals(s1.current("V1"), s2.current("v1"), 1e-18);
        assertEquals(s1.power("wire3"), s2.power("Rwire3"), 1e-18);
        assertEquals(1, nl.analyses().size());
    }

    @Test
    void writerThenNgspiceGivesTheSameOperatingPoint(@TempDir Path dir) throws Exception {
        Circuit c = mixed();
        String text = NetlistWriter.write(c, List.of());
        Map<String, double[]> ng = Ngspice.run(text, "op", dir);
        Solution s = new OperatingPoint(c).solve();
        for (int n = 1; n <= c.nodeCount(); n++) {
            String name = c.nodeName(n).toLowerCase();
            double ref = ng.get("v(" + name + ")")[0];
            assertEquals(ref, s.voltage(n), 1e-9 * Math.max(1e-3, Math.abs(ref)), "v(" + name + ")");
        }
        assertEquals(ng.get("i(v1)")[0], s.current("V1"), 1e-12 * Math.abs(ng.get("i(v1)")[0]) + 1e-15);
        assertEquals(ng.get("i(e1)")[0], s.current("E1"), 1e-12 * Math.abs(ng.get("i(e1)")[0]) + 1e-15);
    }

    @Test
    void comparatorNewtonAgreesWithNgspice(@TempDir Path dir) throws Exception {
        // Nonlinear: a comparator in negative feedback through a divider (Newton on the tanh law).
        Circuit c = new Circuit("comparator with feedback");
        c.voltageSource("Vin", "in", "0", 0.3);
        c.comparator("X1", "in", "fb", "out", new Comparator.Params(200, 0, 1.0, 1e9, 50));
        c.resistor("Rf", "out", "fb", 10e3);
        c.resistor("Rg", "fb", "0", 10e3);
        c.resistor("RL", "out", "0", 2e3);
        String text = NetlistWriter.write(c, List.of(".options reltol=1e-9 abstol=1e-15 vntol=1e-12"));
        Map<String, double[]> ng = Ngspice.run(text, "op", dir);
        Solution s = new OperatingPoint(c).solve();
        for (String n : new String[] {"fb", "out"}) {
            double ref = ng.get("v(" + n + ")")[0];
            assertEquals(ref, s.voltage(n), 1e-7, "v(" + n + ")");
        }
        assertTrue(s.voltage("out") > 0.05 && s.voltage("out") < 0.95, "the operating point is in the linear region");
    }

    @Test
    void dcSweepAgreesWithNgspice(@TempDir Path dir) throws Exception {
        Circuit c = new Circuit("comparator transfer curve");
        c.voltageSource("Vin", "in", "0", 0.0);
        c.voltageSource("Vref", "ref", "0", 0.5);
        c.comparator("X1", "in", "ref", "out", new Comparator.Params(20, 0, 1.0, 1e9, 100));
        c.resistor("RL", "out", "0", 1e3);
        String text = NetlistWriter.write(c, List.of(".options reltol=1e-9 abstol=1e-15 vntol=1e-12", ".dc vin 0 1 0.05"));
        Netlist nl = NetlistReader.parse(text, "sweep.cir");
        SpiceRun.Table t = SpiceRun.dc(nl, (Analysis.Dc) nl.analyses().get(0));
        Map<String, double[]> ng = Ngspice.run(text, "dc vin 0 1 0.05", dir);
        double[] ref = ng.get("v(out)");
        int col = t.columns().indexOf("v(out)");
        assertEquals(ref.length, t.rows().size());
        for (int k = 0; k < ref.length; k++) {
            assertEquals(ref[k], t.rows().get(k)[col], 1e-8, "point " + k);
        }
    }

    @Test
    void transientAgreesWithNgspice(@TempDir Path dir) throws Exception {
        Circuit c = new Circuit("rc pulse");
        c.voltageSource("V1", "in", "0", Waveform.parse("PULSE(0 1 1u 0.1u 0.1u 3u 8u)"));
        c.resistor("R1", "in", "out", 1e3);
        c.capacitor("C1", "out", "0", 1e-9);
        c.resistor("R2", "out", "0", 2e3);
        String text = NetlistWriter.write(c, List.of(".options reltol=1e-6"));
        Map<String, double[]> ng = Ngspice.run(text, "tran 0.05u 12u", dir);
        TransientResult r = new Transient(c).reltol(1e-6).run(0.05e-6, 12e-6);
        double[] tn = ng.get("time"), vn = ng.get("v(out)");
        double worst = 0;
        for (int k = 0; k < r.size(); k++) {
            double ref = Ngspice.interpolate(tn, vn, r.time(k));
            worst = Math.max(worst, Math.abs(ref - r.at(k).voltage("out")));
        }
        assertTrue(worst < 2e-3, "max |memspice - ngspice| = " + worst);
    }

    @Test
    void elementNamesKeepTheirSpiceLetter() {
        Circuit c = new Circuit();
        c.voltageSource("in_drive", "a", "0", 1);
        Element e = c.element("in_drive");
        assertEquals("Vin_drive", NetlistWriter.spiceName(e));
        c.resistor("r1", "a", "0", 1);
        assertEquals("r1", NetlistWriter.spiceName(c.element("R1")));
    }
}
