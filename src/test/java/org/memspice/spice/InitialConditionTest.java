package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code .ic} node voltages: the start of a transient with uic, and without uic nodes held through the operating point
 * that starts it (ngspice's cktload.c), then released; against closed forms and ngspice.
 */
class InitialConditionTest {
    static final String DECK = "ic\nR1 a 0 1k\nC1 a b 1u\nR2 b 0 1m\n.ic v(a)=1\n.tran 10u 5m uic\n.end\n";

    @Test
    void aCapacitorNodeHeldByIcDischargesAsTheClosedFormAndNgspiceSay(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ic.cir");
        Files.writeString(f, DECK);
        Netlist nl = NetlistReader.read(f);
        SpiceRun.Table t = SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0));
        int ti = t.columns().indexOf("time"), ai = t.columns().indexOf("v(a)");
        double[] mt = new double[t.rows().size()], mv = new double[mt.length];
        double worst = 0;
        for (int k = 0; k < mt.length; k++) {
            mt[k] = t.rows().get(k)[ti];
            mv[k] = t.rows().get(k)[ai];
            if (mt[k] > 0) worst = Math.max(worst, Math.abs(mv[k] - Math.exp(-mt[k] / 1.000001e-3)));
        }
        assertTrue(worst < 1e-4, "v(a) against exp(-t/RC): " + worst);
        Map<String, double[]> ng = Ngspice.run(DECK, "tran 10u 5m uic", dir);
        double[] nt = ng.get("time"), nv = ng.get("v(a)");
        double diff = 0;
        for (int k = 0; k < nt.length; k++) diff = Math.max(diff, Math.abs(Ngspice.interpolate(mt, mv, nt[k]) - nv[k]));
        assertTrue(diff < 1e-3, "v(a) against ngspice: " + diff);
    }

    /** Runs deck through memspice; returns time and the columns named, as arrays (time first). */
    private static double[][] memspice(Path dir, String deck, String... vectors) throws Exception {
        Path f = dir.resolve("ic.cir");
        Files.writeString(f, deck);
        Netlist nl = NetlistReader.read(f);
        SpiceRun.Table t = SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0));
        double[][] out = new double[vectors.length + 1][t.rows().size()];
        for (int c = 0; c <= vectors.length; c++) {
            int col = t.columns().indexOf(c == 0 ? "time" : vectors[c - 1]);
            assertTrue(col >= 0, "no column " + (c == 0 ? "time" : vectors[c - 1]) + " in " + t.columns());
            for (int k = 0; k < out[c].length; k++) out[c][k] = t.rows().get(k)[col];
        }
        return out;
    }

    /** The largest difference between memspice's column c, interpolated at ngspice's times, and ngspice's vector. */
    private static double againstNgspice(double[][] m, int c, Map<String, double[]> ng, String vector) {
        double[] nt = ng.get("time"), nv = ng.get(vector);
        double diff = 0;
        for (int k = 0; k < nt.length; k++) diff = Math.max(diff, Math.abs(Ngspice.interpolate(m[0], m[c], nt[k]) - nv[k]));
        return diff;
    }

    @Test
    void withoutUicAnRcNodeHeldByIcThroughTheOperatingPointThenChargesFreely(@TempDir Path dir) throws Exception {
        // the operating point holds v(a) at 0.3 V (its DC value is 1 V): i(v1) = -(1 - 0.3)/1k; then, released,
        // v(a) = 1 - 0.7 exp(-t/RC). A capacitor's IC= without uic is ignored (as ngspice), with a warning
        String deck = "ic\nV1 in 0 1\nR1 in a 1k\nC1 a 0 1u\nC2 in 0 1n IC=0.5\n.ic v(a)=0.3\n.tran 10u 5m\n.end\n";
        double[][] m = memspice(dir, deck, "v(a)", "i(v1)");
        assertEquals(0.0, m[0][0]);
        assertEquals(0.3, m[1][0], 1e-9);
        assertEquals(-0.7e-3, m[2][0], 1e-12);
        double worst = 0;
        for (int k = 0; k < m[0].length; k++) worst = Math.max(worst, Math.abs(m[1][k] - (1 - 0.7 * Math.exp(-m[0][k] / 1e-3))));
        assertTrue(worst < 1e-4, "v(a) against 1 - 0.7 exp(-t/RC): " + worst);
        Map<String, double[]> ng = Ngspice.run(deck, "tran 10u 5m", dir);
        assertEquals(0.3, ng.get("v(a)")[0], 1e-9, "ngspice holds v(a) at its .ic value too");
        assertTrue(againstNgspice(m, 1, ng, "v(a)") < 1e-3, "v(a) against ngspice: " + againstNgspice(m, 1, ng, "v(a)"));
        assertTrue(againstNgspice(m, 2, ng, "i(v1)") < 1e-6, "i(v1) against ngspice: " + againstNgspice(m, 2, ng, "i(v1)"));
        Netlist nl = NetlistReader.read(dir.resolve("ic.cir"));
        assertTrue(nl.warnings().stream().anyMatch(w -> w.contains("ic.cir:5") && w.contains("IC=") && w.contains("uic")),
                nl.warnings().toString());
    }

    @Test
    void withoutUicADividerNodeHeldThroughAResistorIsReleasedIntoTheClosedForm(@TempDir Path dir) throws Exception {
        // 2 V over 1k/1k into m, m through 1k to o, 1 uF from o to ground; .ic holds m at 0.2 V (its DC value is 1 V), so
        // o = 0.2 V at the operating point and i(v1) = -(2 - 0.2)/1k. Released: o(t) = 1 - 0.8 exp(-t/1.5 ms) (Thevenin
        // 1 V behind 1.5 kohm) and m = (2 + o)/3, which jumps from 0.2 V to 0.7333 V after t = 0. The node behind the
        // 0 V ammeter has a branch-current entry in its row, which ngspice keeps (1e10 v + i = 1e10 ic)
        String deck = "ic\nV1 in 0 2\nR1 in m 1k\nR2 m 0 1k\nR3 m o 1k\nVam o o1 0\nC1 o1 0 1u\n.ic v(m)=0.2\n"
                + ".tran 10u 6m\n.end\n";
        double[][] m = memspice(dir, deck, "v(m)", "v(o)", "i(v1)");
        assertEquals(0.2, m[1][0], 1e-9);
        assertEquals(0.2, m[2][0], 1e-9);
        assertEquals(-1.8e-3, m[3][0], 1e-12);
        double worstO = 0, worstM = 0;
        for (int k = 1; k < m[0].length; k++) {
            double o = 1 - 0.8 * Math.exp(-m[0][k] / 1.5e-3);
            worstO = Math.max(worstO, Math.abs(m[2][k] - o));
            worstM = Math.max(worstM, Math.abs(m[1][k] - (2 + o) / 3));
        }
        assertTrue(worstO < 1e-4 && worstM < 1e-4, "v(o), v(m) against the closed form: " + worstO + ", " + worstM);
        Map<String, double[]> ng = Ngspice.run(deck, "tran 10u 6m", dir);
        assertEquals(0.2, ng.get("v(m)")[0], 1e-9);
        assertEquals(0.2, ng.get("v(o)")[0], 1e-9);
        assertTrue(againstNgspice(m, 2, ng, "v(o)") < 1e-3, "v(o) against ngspice: " + againstNgspice(m, 2, ng, "v(o)"));
    }

    @Test
    void withAndWithoutUicACapacitorNodeHeldByIcDischargesAlike(@TempDir Path dir) throws Exception {
        double[][] with = memspice(dir, DECK, "v(a)"), without = memspice(dir, DECK.replace(" uic", ""), "v(a)");
        assertEquals(1.0, without[1][0], 1e-9);
        double worst = 0;
        for (int k = 1; k < without[0].length; k++) {
            worst = Math.max(worst, Math.abs(without[1][k] - Math.exp(-without[0][k] / 1.000001e-3)));
        }
        assertTrue(worst < 1e-4, "v(a) without uic against exp(-t/RC): " + worst);
        assertEquals(with[1][with[1].length - 1], without[1][without[1].length - 1], 1e-5);
    }

    @Test
    void icOnNoNodeOrWithoutAValueIsRefusedAtItsLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ic.cir");
        Files.writeString(f, DECK.replace("v(a)=1", "v(zz)=1"));
        InputException e = assertThrows(InputException.class, () -> NetlistReader.read(f));
        assertTrue(e.getMessage().contains("ic.cir:5") && e.getMessage().contains("v(zz)"), e.getMessage());
        Files.writeString(f, DECK.replace("v(a)=1", "v(a)="));
        e = assertThrows(InputException.class, () -> NetlistReader.read(f));
        assertTrue(e.getMessage().contains("ic.cir:5") && e.getMessage().contains(".ic expects"), e.getMessage());
        Files.writeString(f, DECK.replace("v(a)=1", "i(a)=1"));
        e = assertThrows(InputException.class, () -> NetlistReader.read(f));
        assertTrue(e.getMessage().contains("ic.cir:5") && e.getMessage().contains(".ic expects"), e.getMessage());
    }
}
