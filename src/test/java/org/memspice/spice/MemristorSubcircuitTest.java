package org.memspice.spice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memspice.device.DeviceCard;
import org.memspice.device.DeviceTrace;
import org.memspice.device.DeviceTransient;
import org.memspice.signal.Waveform;

/** Every shipped card, and the other window/port combinations, against ngspice running the exported subcircuit. */
class MemristorSubcircuitTest {
    static final Path DEVICES = Path.of("devices");

    /** Normalised RMS errors of i (by peak |i|) and x (by the state range) on the shared grid. */
    static double[] compare(DeviceCard card, Waveform drive, double tstop, double rseries) {
        int points = 501;
        DeviceTrace ms = new DeviceTransient(card.toModel(), drive, rseries).run(tstop, points);
        DeviceNgspiceRun.Result ng = DeviceNgspiceRun.run(card, drive, tstop, rseries, points, 1000, 1e-6);
        assertEquals(points, ng.t().length, "ngspice grid for " + card.name());
        for (int k = 0; k < points; k++) assertEquals(ms.t()[k], ng.t()[k], 1e-9 * tstop);
        var model = card.toModel();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double x : ms.x()) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        assertTrue(hi - lo > 0.01 * (model.xMax() - model.xMin()), card.name() + ": the state must move, moved " + (hi - lo));
        double ei = DeviceNgspiceRun.normalisedRms(ms.i(), ng.i(), ms.peakCurrent());
        double ex = DeviceNgspiceRun.normalisedRms(ms.x(), ng.x(), model.xMax() - model.xMin());
        return new double[] {ei, ex};
    }

    @Test
    void everyShippedCardMatchesNgspice() {
        List<DeviceCard> cards = DeviceCard.loadAll(DEVICES);
        assertTrue(cards.size() >= 6);
        for (DeviceCard c : cards) {
            double[] e = compare(c, c.driveWaveform(), c.tstop(), c.rseries());
            assertTrue(e[0] < 1e-3 && e[1] < 1e-3, c.name() + ": normalised RMS error i " + e[0] + ", x " + e[1]);
        }
    }

    @Test
    void otherWindowsPortLawsAndSeriesResistanceMatchNgspice() {
        DeviceCard hp = DeviceCard.load(DEVICES.resolve("hp-nowindow.json"));
        DeviceCard vt = DeviceCard.load(DEVICES.resolve("vteam.json"));
        List<DeviceCard> variants = List.of(
                hp.withOverrides(List.of("window=strukov", "x0=0.3")),
                hp.withOverrides(List.of("window=biolek", "p=1", "x0=0.6")),
                vt.withOverrides(List.of("window=biolek", "p=1", "iv=exponential")),
                vt.withOverrides(List.of("window=joglekar", "p=2")),
                vt.withOverrides(List.of("window=prodromakis", "p=2", "j=1")),
                vt.withOverrides(List.of("window=kvatinsky", "a_on=0.3n", "a_off=2.7n", "w_c=0.1n", "iv=exponential")));
        for (DeviceCard c : variants) {
            double rs = c.model().cardName().equals("hp") ? 2000 : 20;
            double[] e = compare(c, c.driveWaveform(), c.tstop(), rs);
            assertTrue(e[0] < 1e-3 && e[1] < 1e-3, MemristorSubcircuit.name(c) + ": normalised RMS error i " + e[0] + ", x " + e[1]);
        }
    }

    @Test
    void instanceParametersOverrideTheDefinitionDefaults() {
        DeviceCard def = DeviceCard.load(DEVICES.resolve("vteam.json"));
        DeviceCard inst = def.withOverrides(List.of("ron=80", "roff=2k", "k_off=1e-3", "v_off=0.05", "x0=2n", "alpha_on=2"));
        int points = 401;
        DeviceTrace ms = new DeviceTransient(inst.toModel(), def.driveWaveform(), 0).run(def.tstop(), points);
        DeviceNgspiceRun.Result ng = DeviceNgspiceRun.run(def, inst, def.driveWaveform(), def.tstop(), 0, points, 1000, 1e-6);
        assertEquals(2e-9, ng.x()[0], 1e-12, "x0 from the instance line");
        assertTrue(DeviceNgspiceRun.normalisedRms(ms.i(), ng.i(), ms.peakCurrent()) < 1e-3);
        assertTrue(DeviceNgspiceRun.normalisedRms(ms.x(), ng.x(), 3e-9) < 1e-3);
    }

    @Test
    void instanceLineCarriesEveryParameter() {
        DeviceCard c = DeviceCard.load(DEVICES.resolve("hp-joglekar.json"));
        assertEquals("memspice_hp_joglekar", MemristorSubcircuit.name(c));
        String line = MemristorSubcircuit.instance("X7", "a", "b", c);
        assertTrue(line.startsWith("X7 a b memspice_hp_joglekar params: "), line);
        for (String p : c.parameters().keySet()) assertTrue(line.contains(" " + p + "="), p + " missing in " + line);
        DeviceCard v = DeviceCard.load(DEVICES.resolve("vteam.json"));
        assertEquals("memspice_vteam_none_linear", MemristorSubcircuit.name(v));
        String def = MemristorSubcircuit.definition(v);
        assertTrue(def.contains(".subckt memspice_vteam_none_linear p n params:"), def);
        assertTrue(!def.contains("pwr("), "pwr() must not be used");
    }
}
