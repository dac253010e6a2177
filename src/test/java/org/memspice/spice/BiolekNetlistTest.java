package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.memspice.device.DeviceCard;
import org.memspice.device.DeviceTrace;
import org.memspice.device.DeviceTransient;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Biolek's SPICE model of the HP memristor, written as a netlist of G, E, C and .func (validation/behavioral/), run
 * by spice run, against memspice's own hp cards under the same drive: current and state within 1e-3 NRMS. The
 * netlists also agree with ngspice (validation/behavioral-models.sh).
 */
class BiolekNetlistTest {
    static double nrms(double[] ta, double[] a, double[] tb, double[] b) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE, sum = 0;
        int n = 2001;
        for (double y : b) {
            lo = Math.min(lo, y);
            hi = Math.max(hi, y);
        }
        for (int k = 0; k < n; k++) {
            double t = 2.0 * k / (n - 1);
            double d = Ngspice.interpolate(ta, a, t) - Ngspice.interpolate(tb, b, t);
            sum += d * d;
        }
        return Math.sqrt(sum / n) / (hi - lo);
    }

    @Test
    void theNetlistOfEachWindowFollowsTheDeviceCard() {
        for (String w : new String[] {"joglekar", "biolek"}) {
            Netlist nl = NetlistReader.read(Path.of("validation", "behavioral", "hp-" + w + ".cir"));
            SpiceRun.Table t = SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0));
            int ti = t.columns().indexOf("time"), ii = t.columns().indexOf("i(v1)"), xi = t.columns().indexOf("v(x1.x)");
            double[] tn = new double[t.rows().size()], in = new double[tn.length], xn = new double[tn.length];
            for (int k = 0; k < tn.length; k++) {
                double[] r = t.rows().get(k);
                tn[k] = r[ti];
                in[k] = -r[ii];          // ngspice's i(v1) flows into the source's + terminal
                xn[k] = r[xi];
            }
            DeviceCard card = DeviceCard.load(Path.of("devices", "hp-" + w + ".json"));
            DeviceTrace d = new DeviceTransient(card, card.driveWaveform(), 0).run(2, 2001);
            double ei = nrms(tn, in, d.t(), d.i()), ex = nrms(tn, xn, d.t(), d.x());
            assertTrue(ei < 1e-3 && ex < 1e-3, w + ": current NRMS " + ei + ", state NRMS " + ex);
        }
    }
}
