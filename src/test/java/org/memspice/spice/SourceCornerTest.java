package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Source corners are breakpoints and the step after each is error-controlled: an RC circuit driven by a 1 ns ramp
 * that starts at 1 us follows the closed-form response within 1e-5 V at every point, as ngspice does on the same
 * deck (about 5e-6 V there), instead of crossing the ramp in one uncontrolled backward-Euler step.
 */
class SourceCornerTest {
    private static final double TAU = 1e-6, T0 = 1e-6, RISE = 1e-9;

    /** The RC response (tau = 1 us) to a 0 -> 1 V ramp from T0 over RISE, then flat. */
    static double exact(double t) {
        double s = t - T0;
        if (s <= 0) {
            return 0;
        }
        if (s <= RISE) {
            return (s - TAU * (1 - Math.exp(-s / TAU))) / RISE;
        }
        return 1 - (TAU / RISE) * Math.expm1(RISE / TAU) * Math.exp(-s / TAU);
    }

    static final String DECK = "rc ramp\nV1 in 0 PWL(0 0 1u 0 1.001u 1)\nR1 in out 1k\nC1 out 0 1n\n.tran 10n 5u\n.end\n";

    static double worst(double[] t, double[] v) {
        double w = 0;
        for (int k = 0; k < t.length; k++) {
            w = Math.max(w, Math.abs(v[k] - exact(t[k])));
        }
        return w;
    }

    @Test
    void aRampOfOneNanosecondIsFollowedWithin1e5AsNgspiceDoes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("rc.cir");
        Files.writeString(f, DECK);
        Netlist nl = NetlistReader.read(f);
        SpiceRun.Table table = SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0));
        int vt = table.columns().indexOf("time"), vo = table.columns().indexOf("v(out)");
        double[] t = new double[table.rows().size()], v = new double[t.length];
        int inside = 0;
        for (int k = 0; k < t.length; k++) {
            t[k] = table.rows().get(k)[vt];
            v[k] = table.rows().get(k)[vo];
            if (t[k] > T0 && t[k] < T0 + RISE) {
                inside++;
            }
        }
        double mine = worst(t, v);
        Map<String, double[]> ng = Ngspice.run(DECK, "tran 10n 5u", dir);
        double theirs = worst(ng.get("time"), ng.get("v(out)"));
        assertTrue(inside >= 2, "time points inside the ramp: " + inside);
        assertTrue(mine < 1e-5, "max error against the closed form: " + mine + " (ngspice " + theirs + ")");
        assertTrue(theirs < 1e-5, "ngspice's max error: " + theirs);
    }

    @Test
    void aRepeatedPwlTimeIsAStepWithAWarningAsInNgspice(@TempDir Path dir) throws Exception {
        String deck = "pwl step\nV1 a 0 PWL(0 0 1u 0 1u 1 2u 1)\nR1 a 0 1k\n.tran 0.1u 2u\n.end\n";
        Path f = dir.resolve("pwl.cir");
        Files.writeString(f, deck);
        Netlist nl = NetlistReader.read(f);
        assertTrue(nl.warnings().stream().anyMatch(w -> w.contains("pwl.cir:2") && w.contains("non-increasing PWL")),
                nl.warnings().toString());
        SpiceRun.Table table = SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0));
        int vt = table.columns().indexOf("time"), va = table.columns().indexOf("v(a)");
        Map<String, double[]> ng = Ngspice.run(deck, "tran 0.1u 2u", dir);
        double[] nt = ng.get("time"), nv = ng.get("v(a)");
        for (double[] row : table.rows()) {
            double t = row[vt];
            double expected = t <= 1e-6 ? 0 : 1;
            org.junit.jupiter.api.Assertions.assertEquals(expected, row[va], 1e-12, "t = " + t);
        }
        for (int k = 0; k < nt.length; k++) {
            org.junit.jupiter.api.Assertions.assertEquals(nt[k] <= 1e-6 ? 0 : 1, nv[k], 1e-12, "ngspice at t = " + nt[k]);
        }
    }
}
