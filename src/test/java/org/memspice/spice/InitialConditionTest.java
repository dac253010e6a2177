package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code .ic} node voltages start a transient with uic: an RC discharge against its closed form and ngspice. */
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

    @Test
    void icWithoutUicAndOnNoNodeAreRefusedAtTheirLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ic.cir");
        Files.writeString(f, DECK.replace(" uic", ""));
        Netlist nl = NetlistReader.read(f);
        InputException e = assertThrows(InputException.class,
                () -> SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0)));
        assertTrue(e.getMessage().contains("ic.cir:6") && e.getMessage().contains("uic"), e.getMessage());
        Files.writeString(f, DECK.replace("v(a)=1", "v(zz)=1"));
        e = assertThrows(InputException.class, () -> NetlistReader.read(f));
        assertTrue(e.getMessage().contains("ic.cir:5") && e.getMessage().contains("v(zz)"), e.getMessage());
        Files.writeString(f, DECK.replace("v(a)=1", "v(a)="));
        e = assertThrows(InputException.class, () -> NetlistReader.read(f));
        assertTrue(e.getMessage().contains("ic.cir:5") && e.getMessage().contains(".ic expects"), e.getMessage());
        Files.writeString(f, DECK.replace("v(a)=1", "i(a)=1"));
        e = assertThrows(InputException.class, () -> NetlistReader.read(f));
        assertTrue(e.getMessage().contains("ic.cir:5") && e.getMessage().contains(".ic expects"), e.getMessage());
    }
}
