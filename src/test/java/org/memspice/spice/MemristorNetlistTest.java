package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Memristor;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;
import org.memspice.circuit.Transient;
import org.memspice.circuit.TransientResult;
import org.memspice.device.DeviceCard;
import org.memspice.signal.Waveform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MemristorNetlistTest {

    private static DeviceCard card(String name) {
        return DeviceCard.load(Path.of("devices", name + ".json"));
    }

    private static Circuit drivenPair(DeviceCard a, DeviceCard b, String drive) {
        Circuit c = new Circuit("two memristors in a divider");
        c.voltageSource("V1", "in", "0", Waveform.parse(drive));
        c.resistor("R1", "in", "a", 1e3);
        c.memristor("X1", "a", "m", a);
        c.memristor("Xm2", "m", "0", b.withOverrides(List.of("x0=" + (0.5 * (b.get("x0") + b.parameters().getOrDefault("x_off", 1.0))))));
        return c;
    }

    @Test
    void memristorsSurviveWriterThenReader() {
        Circuit c = drivenPair(card("hp-joglekar"), card("vteam"), "SIN(0 1.2 1)");
        String text = NetlistWriter.write(c, List.of(".tran 1m 1 uic"));
        Netlist nl = NetlistReader.parse(text, "pair.cir");
        Memristor m1 = (Memristor) nl.circuit().element("x1");
        Memristor m2 = (Memristor) nl.circuit().element("xm2");
        assertEquals("joglekar", m1.card().window().cardName());
        assertEquals(((Memristor) c.element("xm2")).initialState(), m2.initialState(), 0);
        assertEquals(card("vteam").parameters().keySet(), m2.card().parameters().keySet());
        Solution s1 = new OperatingPoint(c).solve();
        Solution s2 = new OperatingPoint(nl.circuit()).solve();
        assertEquals(s1.voltage("m"), s2.voltage("m"), 1e-14);
    }

    @Test
    void memristorTransientAgreesWithNgspice(@TempDir Path dir) throws Exception {
        DeviceCard hp = card("hp-joglekar");
        Circuit c = new Circuit("hp joglekar memristor behind a resistor");
        c.voltageSource("V1", "in", "0", Waveform.parse("SIN(0 1.2 1)"));
        c.resistor("R1", "in", "a", 500);
        c.memristor("X1", "a", "0", hp);
        String text = NetlistWriter.write(c, List.of(".options method=gear reltol=1e-6 abstol=1e-15 vntol=1e-9 itl4=100"));
        Map<String, double[]> ng = Ngspice.run(text, "tran 1m 1 0 1m uic", dir);
        TransientResult r = new Transient(c).uic(true).reltol(1e-6).maxStep(1e-3).run(1e-3, 1.0);
        double[] tn = ng.get("time"), xn = ng.get("v(x1.s)"), vn = ng.get("v(a)");
        double worstX = 0, worstV = 0, maxX = 0;
        for (int k = 0; k < r.size(); k++) {
            double t = r.time(k);
            worstX = Math.max(worstX, Math.abs(Ngspice.interpolate(tn, xn, t) - r.at(k).state("X1")));
            worstV = Math.max(worstV, Math.abs(Ngspice.interpolate(tn, vn, t) - r.at(k).voltage("a")));
            maxX = Math.max(maxX, r.at(k).state("X1"));
        }
        assertTrue(maxX > 0.3, "the drive switches the device (max x " + maxX + ")");
        assertTrue(worstX < 2e-3, "state: max |memspice - ngspice| = " + worstX);
        assertTrue(worstV < 5e-3, "v(a): max |memspice - ngspice| = " + worstV);
    }
}
