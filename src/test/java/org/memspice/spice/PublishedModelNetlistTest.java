package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published memristor models written as ngspice netlists in validation/behavioral/ (Yakopcic's generalized model,
 * Knowm's mean metastable switch, an IMPLY gate of threshold memristors, a 2x2 crossbar): every vector against ngspice
 * on the same file (1e-3 NRMS of its range), and the models' closed forms under a constant voltage.
 */
class PublishedModelNetlistTest {
    static Path file(String name) {
        return Path.of("validation", "behavioral", name + ".cir");
    }

    static SpiceRun.Table memspice(Path f) {
        Netlist nl = NetlistReader.read(f);
        return SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0));
    }

    static double[] column(SpiceRun.Table t, String name) {
        int k = t.columns().indexOf(name);
        assertTrue(k >= 0, name + " not in " + t.columns());
        return t.rows().stream().mapToDouble(r -> r[k]).toArray();
    }

    static double range(double[] v) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double y : v) {
            lo = Math.min(lo, y);
            hi = Math.max(hi, y);
        }
        return hi - lo;
    }

    /**
     * NRMS of memspice's vector against ngspice's at ngspice's time points, by the range of ngspice's vector, or by
     * {@code floor} where that range is smaller (a vector memspice computes as constant, ngspice up to rounding).
     */
    static double nrms(double[] mt, double[] mv, double[] nt, double[] nv, double floor) {
        double sum = 0;
        for (int k = 0; k < nt.length; k++) {
            double d = Ngspice.interpolate(mt, mv, nt[k]) - nv[k];
            sum += d * d;
        }
        double scale = Math.max(range(nv), floor);
        return Math.sqrt(sum / nt.length) / (scale > 0 ? scale : 1);   // a vector zero in ngspice: absolute
    }

    static void agreesWithNgspice(String name, Path dir) throws Exception {
        SpiceRun.Table t = memspice(file(name));
        Map<String, double[]> ng = Ngspice.run(Files.readString(file(name)), "run", dir);
        double[] mt = column(t, "time"), nt = ng.get("time");
        int compared = 0;
        // a vector constant up to rounding is measured against 1e-12 of the largest range of its kind (as
        // validation/behavioral-models.sh measures one memspice computes as constant)
        double vFloor = 0, iFloor = 0;
        for (String v : t.columns().subList(1, t.columns().size())) {
            double r = range(ng.get(v));
            if (v.startsWith("i(")) iFloor = Math.max(iFloor, 1e-12 * r); else vFloor = Math.max(vFloor, 1e-12 * r);
        }
        for (String v : t.columns().subList(1, t.columns().size())) {
            double[] nv = ng.get(v);
            assertTrue(nv != null, name + ": ngspice has no " + v + " (" + ng.keySet() + ")");
            double[] mv = column(t, v);
            // constant up to rounding in either simulator (a state that stays at its initial value: ngspice's moves
            // by 1e-17, memspice's by nothing or by as little)
            double floor = v.startsWith("i(") ? iFloor : vFloor;
            boolean constant = range(mv) <= floor || range(nv) <= floor;
            double e = nrms(mt, mv, nt, nv, !constant ? 0 : floor);
            assertTrue(e <= 1e-3, name + ": " + v + " differs from ngspice's by NRMS " + e);
            compared++;
        }
        assertTrue(compared >= 3, name + ": compared " + compared + " vectors");
    }

    @Test
    void yakopcicAgreesWithNgspice(@TempDir Path dir) throws Exception {
        agreesWithNgspice("yakopcic", dir);
    }

    @Test
    void knowmMssAgreesWithNgspice(@TempDir Path dir) throws Exception {
        agreesWithNgspice("knowm-mss", dir);
    }

    @Test
    void implyGatesAgreeWithNgspiceAndGiveTheTruthTable(@TempDir Path dir) throws Exception {
        agreesWithNgspice("imply-threshold", dir);
        SpiceRun.Table t = memspice(file("imply-threshold"));
        // q' = p -> q: only p q = 0 0 sets Q (its resistance falls an order of magnitude), P never changes
        String[] cases = {"00", "01", "10", "11"};
        double[] q0 = {100e3, 1e3, 100e3, 1e3}, p0 = {100e3, 100e3, 1e3, 1e3};
        for (int k = 0; k < 4; k++) {
            double[] q = column(t, "v(xq" + cases[k] + ".r)"), p = column(t, "v(xp" + cases[k] + ".r)");
            double qEnd = q[q.length - 1];
            assertEquals(p0[k], p[p.length - 1], 1e-6 * p0[k], "P of case " + cases[k]);
            if (k == 0) {
                assertTrue(qEnd < 20e3, "Q of case 00 should be set (low), is " + qEnd);
            } else {
                assertEquals(q0[k], qEnd, 1e-6 * q0[k], "Q of case " + cases[k]);
            }
        }
    }

    @Test
    void crossbarAgreesWithNgspice(@TempDir Path dir) throws Exception {
        agreesWithNgspice("crossbar-2x2-yakopcic", dir);
    }

    /** The file's subcircuit, driven by a constant voltage: the deck for a closed form. */
    static Path constantDrive(String name, String subckt, String drive, Path dir) throws Exception {
        String text = Files.readString(file(name));
        String sub = text.substring(text.indexOf(".subckt " + subckt), text.indexOf(".ends") + 5);
        String params = text.lines().filter(l -> l.startsWith(".param ")).reduce("", (a, b) -> a + b + "\n");
        Path f = dir.resolve(name + "-dc.cir");
        Files.writeString(f, "constant drive\n" + params + sub + "\n" + drive + "\n.end\n");
        return f;
    }

    @Test
    void yakopcicStateRisesLinearlyBelowXpUnderAConstantVoltage(@TempDir Path dir) throws Exception {
        // v = 0.3 V > Vp, x < xp: f = 1, dx/dt = Ap (e^v - e^Vp); i = a1 x sinh(b v)
        Path f = constantDrive("yakopcic", "yakopcic", "V1 a 0 DC 0.3\nX1 a 0 x yakopcic\n.tran 1u 200u uic", dir);
        SpiceRun.Table t = memspice(f);
        double rate = 4000 * (Math.exp(0.3) - Math.exp(0.16));
        double[] time = column(t, "time"), x = column(t, "v(x)"), i = column(t, "i(v1)");
        for (int k = 0; k < time.length; k++) {
            double xe = 0.11 + rate * time[k];
            assertEquals(xe, x[k], 1e-9, "x at " + time[k]);
            // (the first row is the uic start, where memspice reports no branch current)
            if (k > 0) assertEquals(-0.17 * xe * Math.sinh(0.05 * 0.3), i[k], 1e-12, "i at " + time[k]);
        }
    }

    @Test
    void knowmStateRelaxesExponentiallyUnderAConstantVoltage(@TempDir Path dir) throws Exception {
        // dx/dt = ((1 - x) Pon - x Poff)/tau: x = xinf + (x0 - xinf) e^(-t (Pon + Poff)/tau), xinf = Pon/(Pon + Poff)
        Path f = constantDrive("knowm-mss", "mss", "V1 a 0 DC 0.28\nX1 a 0 x mss\n.tran 1u 300u uic", dir);
        SpiceRun.Table t = memspice(f);
        double vt = 1.380649e-23 * 298.5 / 1.602176634e-19, v = 0.28;
        double pon = 1 / (1 + Math.exp(-(v - 0.27) / vt)), poff = 1 - 1 / (1 + Math.exp(-(v + 0.27) / vt));
        double xinf = pon / (pon + poff), rate = (pon + poff) / 1e-4;
        double[] time = column(t, "time"), x = column(t, "v(x)"), i = column(t, "i(v1)");
        double worst = 0;
        for (int k = 0; k < time.length; k++) {
            double xe = xinf * (1 - Math.exp(-rate * time[k]));
            worst = Math.max(worst, Math.abs(xe - x[k]));
            if (k > 0) assertEquals(-v * (x[k] / 500 + (1 - x[k]) / 1500), i[k], 1e-12, "i at " + time[k]);
        }
        // the trapezoidal rule at reltol 1e-3 on a state of range about 0.6
        assertTrue(worst < 1e-3 * xinf, "x differs from the closed form by " + worst + " (x infinity " + xinf + ")");
        assertTrue(x[x.length - 1] > 0.5 * xinf, "the state should have moved: " + x[x.length - 1]);
    }
}
