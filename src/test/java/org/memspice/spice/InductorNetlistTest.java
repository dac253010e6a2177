package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;
import org.memspice.circuit.Inductor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The L card: read, written back, and run against ngspice on the same netlist. */
class InductorNetlistTest {

    /** A series RLC driven by a pulse, with a second inductor to ground through a resistor. */
    private static final String RLC = """
            series rlc
            V1 in 0 DC 0 PULSE(0 1 1u 10n 10n 20u 40u)
            R1 in a 20
            L1 a b 1m
            C1 b 0 1u
            L2 b c 470u IC=1m
            R2 c 0 1k
            .options reltol=1e-6
            """;

    @Test
    void readsAndWritesTheCard() {
        Netlist nl = NetlistReader.parse("t\nL1 a b 1m IC=2m\nL2 b 0 l=10u\nR1 a 0 1k\n", "l.cir");
        Inductor l1 = (Inductor) nl.circuit().element("l1");
        Inductor l2 = (Inductor) nl.circuit().element("l2");
        assertEquals(1e-3, l1.inductance(), 0);
        assertEquals(2e-3, l1.initialCurrent(), 0);
        assertEquals(10e-6, l2.inductance(), 0);
        assertEquals(0, l2.initialCurrent(), 0);

        String text = NetlistWriter.write(nl.circuit(), List.of());
        assertTrue(text.contains("\nl1 a b 0.001 IC=0.002\n") && text.contains("\nl2 b 0 1.0e-5\n"), text);
        Netlist back = NetlistReader.parse(text, "written.cir");
        Inductor r1 = (Inductor) back.circuit().element("l1");
        assertEquals(l1.inductance(), r1.inductance(), 0);
        assertEquals(l1.initialCurrent(), r1.initialCurrent(), 0);
        assertEquals(l1.node(0), r1.node(0));
        assertEquals(l1.node(1), r1.node(1));
    }

    @Test
    void badCardsNameFileLineAndTheExpectedForm() {
        InputException e = assertThrows(InputException.class, () -> NetlistReader.parse("t\nR1 a 0 1\nL1 a 0 -1u\n", "bad.cir"));
        assertTrue(e.getMessage().startsWith("bad.cir:3:") && e.getMessage().contains("l1") && e.getMessage().contains("-1"),
                e.getMessage());
        e = assertThrows(InputException.class, () -> NetlistReader.parse("t\nL1 a 0 1u foo=2\n", "bad.cir"));
        assertTrue(e.getMessage().startsWith("bad.cir:2:") && e.getMessage().contains("foo")
                && e.getMessage().contains("L name n1 n2 value [IC=current]"), e.getMessage());
        e = assertThrows(InputException.class, () -> NetlistReader.parse("t\nL1 a 0\n", "bad.cir"));
        assertTrue(e.getMessage().startsWith("bad.cir:2:") && e.getMessage().contains("L name n1 n2 value"), e.getMessage());
    }

    @Test
    void operatingPointAgreesWithNgspice(@TempDir Path dir) throws Exception {
        String text = RLC.replace("DC 0 PULSE", "DC 0.7 PULSE").replace("PULSE(0 1", "PULSE(0.7 1");
        Netlist nl = NetlistReader.parse(text, "rlc.cir");
        SpiceRun.Op op = SpiceRun.op(nl);
        Map<String, double[]> ng = Ngspice.run(text, "op", dir);
        for (String v : List.of("in", "a", "b", "c")) {
            double ref = ng.get("v(" + v + ")")[0];
            assertEquals(ref, op.v().get(v), 1e-12 + 1e-9 * Math.abs(ref), "v(" + v + ")");
        }
        for (String i : List.of("v1", "l1", "l2")) {
            double ref = ng.get("i(" + i + ")")[0];
            assertEquals(ref, op.i().get(i), 1e-15 + 1e-9 * Math.abs(ref), "i(" + i + ")");
        }
        assertEquals(0.7 / 1020, op.i().get("l1"), 1e-15);
    }

    @Test
    void transientAgreesWithNgspice(@TempDir Path dir) throws Exception {
        compareTransient(RLC, "tran 0.1u 60u", new Analysis.Tran(0.1e-6, 60e-6, 0, 0, false), dir);
    }

    @Test
    void transientWithInitialCurrentAgreesWithNgspice(@TempDir Path dir) throws Exception {
        compareTransient(RLC, "tran 0.1u 60u uic", new Analysis.Tran(0.1e-6, 60e-6, 0, 0, true), dir);
    }

    private static void compareTransient(String text, String ngspiceAnalysis, Analysis.Tran tran, Path dir) throws Exception {
        Netlist nl = NetlistReader.parse(text, "rlc.cir");
        SpiceRun.Table t = SpiceRun.tran(nl, tran);
        Map<String, double[]> ng = Ngspice.run(text, ngspiceAnalysis, dir);
        double[] tn = ng.get("time");
        for (String vec : List.of("v(b)", "v(c)", "i(l1)", "i(l2)")) {
            double[] yn = ng.get(vec);
            assertNotNull(yn, vec + " in ngspice's output " + ng.keySet());
            int col = t.columns().indexOf(vec);
            assertTrue(col > 0, vec + " in " + t.columns());
            double scale = 0, worst = 0;
            for (double y : yn) scale = Math.max(scale, Math.abs(y));
            for (double[] row : t.rows()) {
                // with uic ngspice's first point is its first step (t = 0 carries the initial conditions only)
                if (row[0] < tn[0]) continue;
                worst = Math.max(worst, Math.abs(row[col] - Ngspice.interpolate(tn, yn, row[0])));
            }
            assertTrue(scale > 0 && worst < 2e-3 * scale, vec + ": max |memspice - ngspice| " + worst + " of " + scale);
        }
        if (tran.uic()) assertEquals(1e-3, t.rows().get(0)[t.columns().indexOf("i(l2)")], 0);
    }
}
