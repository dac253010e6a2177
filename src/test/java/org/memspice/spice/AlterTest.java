package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * alter between the analyses of a control block (a source's sin vector, a DC value, a resistance), each transient
 * its own plot (tran1, tran2 ...), outputs bound by setplot and by plot-prefixed vectors: against ngspice on the same
 * deck and against closed forms.
 */
class AlterTest {
    /** An RC low-pass driven by a sine, a current source into a resistor; three transients and an op between alters. */
    static final String DECK = """
            alter between transients
            .param fbase=1k
            V1 in 0 DC 0 sin(0 1 {fbase})
            R1 in out 1k
            C1 out 0 100n
            I1 0 dc DC 1m
            R3 dc 0 1k
            .control
            tran 10u 2m
            let f2 = 2*1k
            alter @V1[sin] [ 0 2 $&f2 ]
            tran 10u 2m
            alter @r1[resistance] = 3k
            alter i1 = 2m
            tran 10u 2m
            alter r3 1.5k
            op
            setplot tran1
            wrdata t1.txt v(out) v(dc)
            wrdata t2.txt tran2.v(out) tran2.v(dc)
            setplot tran3
            wrdata t3.txt v(out) v(dc)
            setplot op3
            wrdata op.txt v(dc)
            .endc
            .end
            """;

    static List<double[]> rows(Path f) throws Exception {
        List<double[]> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            if (l.isBlank()) continue;
            String[] t = l.trim().split("\\s+");
            double[] r = new double[t.length];
            for (int k = 0; k < t.length; k++) r[k] = Double.parseDouble(t[k]);
            out.add(r);
        }
        return out;
    }

    @Test
    void threeTransientsWithAltersBetweenThemAgreeWithNgspice(@TempDir Path dir) throws Exception {
        Path mine = Files.createDirectories(dir.resolve("memspice")), theirs = Files.createDirectories(dir.resolve("ng"));
        Path f = mine.resolve("alter.cir");
        String deck = DECK;
        for (String out : new String[] {"t1.txt", "t2.txt", "t3.txt", "op.txt"}) {
            deck = deck.replace(" " + out + " ", " " + mine.resolve(out) + " ");
        }
        Files.writeString(f, deck);
        Netlist nl = NetlistReader.read(f);
        assertEquals(List.of("tran1", "tran2", "tran3", "op3"), nl.plots());   // ngspice's names, one shared counter
        List<Object> results = new ArrayList<>();
        Netlist cur = nl;
        for (int k = 0; k < nl.analyses().size(); k++) {
            cur = SpiceRun.before(cur, k);
            Analysis a = nl.analyses().get(k);
            results.add(a instanceof Analysis.Tran t ? SpiceRun.tran(cur, t) : SpiceRun.op(cur));
        }
        // the netlist read is left as it was: alter makes a new circuit
        assertEquals(1000.0, ((org.memspice.circuit.Resistor) nl.circuit().element("r1")).resistance());
        ControlOutputs.write(nl.outputs(), results, nl.title(), new PrintWriter(new StringWriter()),
                (png, title, scale, x, ys) -> { }, mine, "alter");
        Files.writeString(theirs.resolve("alter.cir"), DECK);
        new NgspiceProcess().run(theirs, "alter.cir", "t1.txt", "t2.txt", "t3.txt", "op.txt");
        // closed forms: the current source into R3 (1 mA, 1 kohm; then 2 mA; then 2 mA into 1.5 kohm at the op)
        double[] dcLevel = {1.0, 1.0, 2.0};
        for (int p = 1; p <= 3; p++) {
            List<double[]> m = rows(mine.resolve("t" + p + ".txt")), n = rows(theirs.resolve("t" + p + ".txt"));
            assertEquals(4, m.get(0).length);
            double[] mt = m.stream().mapToDouble(r -> r[0]).toArray(), mv = m.stream().mapToDouble(r -> r[1]).toArray();
            double worst = 0, range = 0;
            for (double[] r : n) {
                worst = Math.max(worst, Math.abs(Ngspice.interpolate(mt, mv, r[0]) - r[1]));
                range = Math.max(range, Math.abs(r[1]));
            }
            assertTrue(worst < 2e-3 * range, "tran" + p + ": v(out) differs from ngspice's by " + worst + " of " + range);
            for (double[] r : m) assertEquals(dcLevel[p - 1], r[3], 1e-9, "tran" + p + " v(dc)");
            // the RC's output amplitude in the steady state follows the source: 2 V at 2 kHz after the alter
            double peak = 0;
            for (double[] r : n) if (r[0] > 1e-3) peak = Math.max(peak, Math.abs(r[1]));
            double mpeak = 0;
            for (double[] r : m) if (r[0] > 1e-3) mpeak = Math.max(mpeak, Math.abs(r[1]));
            assertEquals(peak, mpeak, 0.01 * peak, "tran" + p + " peak v(out)");
        }
        // the RC's steady-state gain 1/sqrt(1 + (wRC)^2): 1 V at 1 kHz through 1k/100n, 2 V at 2 kHz, 2 V at 2 kHz and 3k
        double[] gain = {1 / Math.hypot(1, 2 * Math.PI * 1e3 * 1e-4), 2 / Math.hypot(1, 2 * Math.PI * 2e3 * 1e-4),
                2 / Math.hypot(1, 2 * Math.PI * 2e3 * 3e-4)};
        for (int p = 1; p <= 3; p++) {
            double mpeak = 0;
            for (double[] r : rows(mine.resolve("t" + p + ".txt"))) if (r[0] > 1.5e-3) mpeak = Math.max(mpeak, Math.abs(r[1]));
            assertEquals(gain[p - 1], mpeak, 0.03 * gain[p - 1], "tran" + p + " steady-state amplitude");
        }
        // an operating point's wrdata: ngspice's scale (the first node's voltage, v(in) = 0) and v(dc)
        assertEquals(3.0, rows(mine.resolve("op.txt")).get(0)[1], 1e-12);   // 2 mA into 1.5 kohm
        assertEquals(rows(theirs.resolve("op.txt")).get(0).length, rows(mine.resolve("op.txt")).get(0).length);
        for (int k = 0; k < 2; k++) {
            assertEquals(rows(theirs.resolve("op.txt")).get(0)[k], rows(mine.resolve("op.txt")).get(0)[k], 1e-9);
        }
    }

    static String refused(String control) throws Exception {
        Path f = Files.createTempFile("alter", ".cir");
        try {
            Files.writeString(f, "alter\nV1 a 0 DC 1\nV2 b 0 sin(0 1 1k)\nR1 a b 1k\nC1 b 0 1n\nB1 b 0 I=V(a)*1m\n"
                    + "R2 a 0 r={1k+V(b)}\n.control\ntran 1u 1m\n" + control + "\n.endc\n.end\n");
            return assertThrows(InputException.class, () -> NetlistReader.read(f)).getMessage();
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void whatCannotBeAlteredIsRefusedAtItsLine() throws Exception {
        assertTrue(refused("alter r9 = 1k").contains(":10: alter r9: no element 'r9'"), refused("alter r9 = 1k"));
        assertTrue(refused("alter @c1[capacitance] = 1n").contains(":10: alter c1[capacitance]: memspice alters"
                + " independent V and I sources and resistors"));
        assertTrue(refused("alter r2 = 2k").contains(":10: alter r2"));
        assertTrue(refused("alter @r1[w] = 2").contains("not 'w'"));
        assertTrue(refused("alter r1 = -5").contains("expected a positive finite resistance"));
        assertTrue(refused("alter v2 = 2").contains("transient function"));
        assertTrue(refused("alter @v2[sin] [ 0 1 ]").contains("SIN"), refused("alter @v2[sin] [ 0 1 ]"));
        assertTrue(refused("alter @v1[sin] [ 0 1 1k ]").contains("not its kind"));
        assertTrue(refused("alter @v2[pulse] [ 0 1 1u ]").contains("function is SIN"));
        assertTrue(refused("alter @v2[sin] [ 0 1 2").contains("no closing ']'"));
        assertTrue(refused("alter @v2[sin] [ 0 1 $&nothing ]").contains("$&nothing"));
        assertTrue(refused("alter").contains(":10: alter"));
        assertTrue(refused("alter @v1 = 3").contains("is not @device[parameter]"));
        assertTrue(refused("setplot tran7").contains(":10: setplot tran7: no such plot (plots so far: tran1)"));
    }

    @Test
    void alterFormsWithAndWithoutTheEqualsSign() throws Exception {
        Path f = Files.createTempFile("alter", ".cir");
        try {
            Files.writeString(f, "alter\nV1 a 0 DC 1\nR1 a 0 1k\nV2 b 0 PULSE(0 1 0 1u 1u 10u 20u)\nR2 b 0 1k\n"
                    + "V3 c 0 PWL(0 0 1u 1)\nR4 c 0 1k\n.control\nop\nalter v1 = 2\nop\nalter v1 dc 3\nop\n"
                    + "alter @v1[dc] 4\nalter r1 resistance = 2k\nop\nalter @v2[pulse] = [0 3 1u 1u 1u 1 2]\ntran 1u 5u\n"
                    + "alter @v3[pwl] [0 0 1u 1 2u 5]\ntran 1u 5u\nprint i(v1)\nprint op2.i(v1)\n.endc\n.end\n");
            Netlist nl = NetlistReader.read(f);
            assertEquals(List.of("op1", "op2", "op3", "op4", "tran4", "tran5"), nl.plots());   // as ngspice 39 names them
            double[] volts = {1, 2, 3, 4};
            double[] ohms = {1000, 1000, 1000, 2000};
            Netlist cur = nl;
            for (int k = 0; k < 4; k++) {
                cur = SpiceRun.before(cur, k);
                assertEquals(-volts[k] / ohms[k], SpiceRun.op(cur).i().get("v1"), 1e-12, "op" + (k + 1));
            }
            cur = SpiceRun.before(cur, 4);
            SpiceRun.Table t = SpiceRun.tran(cur, (Analysis.Tran) nl.analyses().get(4));
            int b = t.columns().indexOf("v(b)"), c = t.columns().indexOf("v(c)");
            double[] last = t.rows().get(t.rows().size() - 1);
            assertEquals(3.0, last[b], 1e-12);   // the altered pulse at its top from 2 us
            assertEquals(1.0, last[c], 1e-12);
            cur = SpiceRun.before(cur, 5);
            t = SpiceRun.tran(cur, (Analysis.Tran) nl.analyses().get(5));
            last = t.rows().get(t.rows().size() - 1);
            assertEquals(5.0, last[c], 1e-12);   // the altered PWL ends at 5 V
            assertEquals(3.0, last[b], 1e-12);   // alterations last
            assertEquals(5, nl.outputs().get(0).analysis());
            assertEquals(1, nl.outputs().get(1).analysis());   // op2.i(v1): the second operating point's
            assertEquals(List.of("i(v1)"), nl.outputs().get(1).vectors());
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
