package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** B sources and value-form E and G read from a netlist, against ngspice on the same deck. */
class BehavioralNetlistTest {
    static final String DECK = """
            behavioral
            V1 in 0 DC 2
            R1 in a 1k
            B1 a 0 I=1m*V(a)^3
            Vs x 0 SIN(0 1 1k)
            Rs x 0 2k
            B2 o 0 V=1k*I(Vs)*(1+time)
            R2 o 0 1k
            E1 e 0 value={V(a)*2 + 1}
            R3 e 0 1k
            G1 0 g cur='tanh(3*V(x))*1m'
            R4 g 0 1k
            .subckt sq p n
            B1 p n I=1m*pwr(V(p,n),2)
            .ends
            X1 x q sq
            R5 q 0 1k
            .tran 1u 2m
            .end
            """;

    @Test
    void aTransientOfBehavioralSourcesAgreesWithNgspice(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("b.cir");
        Files.writeString(f, DECK);
        Netlist nl = NetlistReader.read(f);
        SpiceRun.Table t = SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0));
        Map<String, double[]> ng = Ngspice.run(DECK, "tran 1u 2m", dir);
        int ti = t.columns().indexOf("time");
        double[] mt = new double[t.rows().size()];
        for (int k = 0; k < mt.length; k++) mt[k] = t.rows().get(k)[ti];
        for (String v : new String[] {"v(a)", "v(o)", "v(e)", "v(g)", "v(q)"}) {
            int vi = t.columns().indexOf(v);
            double[] mv = new double[mt.length];
            for (int k = 0; k < mt.length; k++) mv[k] = t.rows().get(k)[vi];
            double[] nt = ng.get("time"), nv = ng.get(v);
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE, worst = 0;
            for (double y : nv) {
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
            }
            for (int k = 0; k < nt.length; k++) {
                worst = Math.max(worst, Math.abs(Ngspice.interpolate(mt, mv, nt[k]) - nv[k]));
            }
            assertTrue(worst <= 1e-3 * Math.max(hi - lo, 1e-3), v + ": worst difference " + worst + " over a range of "
                    + (hi - lo));
        }
    }

    @Test
    void aBadExpressionIsRefusedAtItsLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.cir");
        Files.writeString(f, "bad\nV1 a 0 1\nB1 o 0 R=V(a)\nR1 o 0 1k\n.op\n.end\n");
        assertTrue(assertThrows(InputException.class, () -> NetlistReader.read(f)).getMessage()
                .contains("bad.cir:3: b1: expected I=expression or V=expression"));
        Files.writeString(f, "bad\nV1 a 0 1\nB1 o 0 I={}\nR1 o 0 1k\n.op\n.end\n");
        assertTrue(assertThrows(InputException.class, () -> NetlistReader.read(f)).getMessage()
                .contains("bad.cir:3: b1: the expression is empty"));
        Files.writeString(f, "bad\nV1 a 0 1\nB1 o 0 I=V(a) +* 2\nR1 o 0 1k\n.op\n.end\n");
        InputException e = assertThrows(InputException.class, () -> NetlistReader.read(f));
        assertTrue(e.getMessage().contains("bad.cir:3") && e.getMessage().contains("b1"), e.getMessage());
        Files.writeString(f, "bad\nV1 a 0 1\nB1 o 0 V=I(R1)\nR1 o 0 1k\n.op\n.end\n");
        Netlist nl = NetlistReader.read(f);
        InputException e2 = assertThrows(InputException.class, () -> SpiceRun.op(nl));
        assertTrue(e2.getMessage().contains("I(r1)") && e2.getMessage().contains("no branch current"), e2.getMessage());
    }

    @Test
    void userFunctionsNestedAndInSubcircuitsAgreeWithNgspice(@TempDir Path dir) throws Exception {
        String deck = """
                functions
                .func sq(x) {x*x}
                .func win(x, p) = 1 - pwr(2*x - 1, 2*p)
                .func both(a, b) 'sq(a) + win(b, 1)'
                V1 a 0 DC 0.3
                V2 b 0 DC 0.8
                B1 o1 0 V=both(V(a), V(b)) + sq(2)
                R1 o1 0 1k
                .subckt cell in out
                .func gain(x) {3*tanh(x)}
                B1 out 0 V=gain(V(in)) + sq(V(in))
                R1 out 0 1k
                .ends
                X1 a o2 cell
                X2 b o3 cell
                .op
                .end
                """;
        Path f = dir.resolve("f.cir");
        Files.writeString(f, deck);
        SpiceRun.Op op = SpiceRun.op(NetlistReader.read(f));
        Map<String, double[]> ng = Ngspice.run(deck, "op", dir);
        double a = 0.3, b = 0.8;
        double expected1 = a * a + (1 - Math.pow(2 * b - 1, 2)) + 4;
        org.junit.jupiter.api.Assertions.assertEquals(expected1, op.v().get("o1"), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(3 * Math.tanh(b) + b * b, op.v().get("o3"), 1e-12);
        for (String n : new String[] {"o1", "o2", "o3"}) {
            org.junit.jupiter.api.Assertions.assertEquals(ng.get("v(" + n + ")")[0], op.v().get(n), 1e-9, n);
        }
    }

    @Test
    void aUserFunctionCalledWithTheWrongArgumentsOrRecursivelyIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f.cir");
        Files.writeString(f, "f\n.func sq(x) {x*x}\nV1 a 0 1\nB1 o 0 V=sq(V(a), 2)\nR1 o 0 1k\n.op\n.end\n");
        InputException e = assertThrows(InputException.class, () -> NetlistReader.read(f));
        assertTrue(e.getMessage().contains("f.cir:4") && e.getMessage().contains("sq() takes 1 argument"), e.getMessage());
        Files.writeString(f, "f\n.func r(x) {r(x) + 1}\nV1 a 0 1\nB1 o 0 V=r(V(a))\nR1 o 0 1k\n.op\n.end\n");
        e = assertThrows(InputException.class, () -> NetlistReader.read(f));
        assertTrue(e.getMessage().contains("more than 64 deep"), e.getMessage());
    }

    @Test
    void anExpressionResistorAndACapacitorsInitialVoltageFollowClosedForms(@TempDir Path dir) throws Exception {
        // 2 V through 1 kohm into R = 1k (1 + V(a)): (2 - a)(1 + a) = a, so a = sqrt(2)
        Path f = dir.resolve("r.cir");
        Files.writeString(f, "r\nV1 in 0 DC 2\nR1 in a 1k\nR2 a 0 r={1k*(1+V(a))}\n.op\n.end\n");
        org.junit.jupiter.api.Assertions.assertEquals(Math.sqrt(2), SpiceRun.op(NetlistReader.read(f)).v().get("a"), 1e-9);
        // a 1 uF capacitor starting at 1 V (IC=, uic) behind a 0 V ammeter source, discharging through 1 kohm
        Files.writeString(f, "rc\nC1 c 0 1u IC=1\nVm a c 0\nR1 a 0 1k\n.tran 10u 5m uic\n.end\n");
        Netlist nl = NetlistReader.read(f);
        SpiceRun.Table t = SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0));
        int ti = t.columns().indexOf("time"), ai = t.columns().indexOf("v(a)");
        double worst = 0;
        for (double[] row : t.rows()) worst = Math.max(worst, Math.abs(row[ai] - Math.exp(-row[ti] / 1e-3)));
        assertTrue(worst < 1e-3, "v(a) against exp(-t/RC): " + worst);
    }
}
