package org.memspice.sweep;

import org.junit.jupiter.api.Test;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.Compiler;
import org.memspice.compile.Tile;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.ReferencePlacement;
import org.memspice.crossbar.Sensing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sampled devices against the distributions they name, and the draws as pure functions of their key. */
class ChipProgrammingTest {
    static final double G_ON = 1e-5;
    static final double G_OFF = 1e-7;

    static CrossbarArray ideal(ArrayScheme scheme, int rows, int cols) {
        ArrayDesign d = new ArrayDesign(rows, cols, scheme, G_ON, G_OFF, 1, 1, 10, Sensing.idealTia(1e4), 0.2,
                InputEncoding.BIPOLAR, org.memspice.compile.Cards.PERIPHERY,
                scheme == ArrayScheme.SINGLE_COLUMN ? ReferencePlacement.MIDDLE : null);
        int[] w = new int[rows * cols];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int k = 0; k < w.length; k++) {
            w[k] = r.nextBoolean() ? 1 : -1;
        }
        return CrossbarArray.programmed(d, w);
    }

    static Tile tile(CrossbarArray a, int layer) {
        return new Tile(layer, 0, 0, 0, a.rows(), 0, a.outputs(), a, null);
    }

    @Test
    void logNormalSpreadHasTheNamedSigmaOnTheLogOfTheResistance() {
        CrossbarArray a = ideal(ArrayScheme.DOUBLE_COLUMN, 128, 64);
        double sigma = 0.25;
        double[] g0 = a.conductances();
        double[] g = new ChipProgramming(Variation.NONE.with("sigma", sigma), 7, 0).program(tile(a, 1), a).conductances();
        int n = g.length;
        double sum = 0, sq = 0;
        for (int k = 0; k < n; k++) {
            double z = Math.log(g0[k] / g[k]);   // ln(R / R0)
            sum += z;
            sq += z * z;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sq / n - mean * mean);
        // 16384 draws: the sample mean within 4 standard errors, the sample sd within 4 % of sigma
        assertEquals(0, mean, 4 * sigma / Math.sqrt(n));
        assertEquals(sigma, sd, 0.04 * sigma);
    }

    @Test
    void normalSpreadIsRelativeOnTheConductanceAndPositive() {
        CrossbarArray a = ideal(ArrayScheme.DOUBLE_COLUMN, 128, 64);
        double sigma = 0.1;
        Variation v = Variation.NONE.withDistribution(Variation.Distribution.NORMAL).with("sigma", sigma);
        double[] g0 = a.conductances();
        double[] g = new ChipProgramming(v, 7, 0).program(tile(a, 1), a).conductances();
        double sum = 0, sq = 0;
        for (int k = 0; k < g.length; k++) {
            assertTrue(g[k] > 0);
            double e = g[k] / g0[k] - 1;
            sum += e;
            sq += e * e;
        }
        double mean = sum / g.length;
        assertEquals(0, mean, 4 * sigma / Math.sqrt(g.length));
        assertEquals(sigma, Math.sqrt(sq / g.length - mean * mean), 0.04 * sigma);
    }

    @Test
    void stuckAtFaultsHitTheirRateInEachColumnOfAPairIndependently() {
        CrossbarArray a = ideal(ArrayScheme.DOUBLE_COLUMN, 128, 64);
        double on = 0.05, off = 0.03;
        Variation v = Variation.NONE.with("stuck-on", on).with("stuck-off", off);
        double[] g0 = a.conductances();
        double[] g = new ChipProgramming(v, 11, 2).program(tile(a, 0), a).conductances();
        int offDevices = 0, turnedOn = 0, onDevices = 0, turnedOff = 0, bothOfPair = 0;
        int p = a.physicalColumns();
        for (int k = 0; k < g.length; k++) {
            if (g0[k] == G_OFF) {
                offDevices++;
                turnedOn += g[k] == G_ON ? 1 : 0;
            } else {
                onDevices++;
                turnedOff += g[k] == G_OFF ? 1 : 0;
            }
            assertTrue(g[k] == G_ON || g[k] == G_OFF);
            if (k % 2 == 0 && g[k] != g0[k] && g[k + 1] != g0[k + 1]) {
                bothOfPair++;
            }
        }
        // binomial: within 4 standard deviations
        assertEquals(on, (double) turnedOn / offDevices, 4 * Math.sqrt(on * (1 - on) / offDevices));
        assertEquals(off, (double) turnedOff / onDevices, 4 * Math.sqrt(off * (1 - off) / onDevices));
        // a pair with both devices flipped: (on * off)^1 per pair when independent (an OFF device turned ON and its ON
        // partner turned OFF)
        int pairs = g.length / 2;
        double both = on * off;
        assertEquals(both, (double) bothOfPair / pairs, 4 * Math.sqrt(both / pairs) + 1e-4);
        assertEquals(128 * p, g.length);
    }

    @Test
    void levelsPutEveryDeviceOnOneOfNLevelsAndTheReferenceColumnIsNotADevice() {
        CrossbarArray a = ideal(ArrayScheme.SINGLE_COLUMN, 64, 32);
        Variation v = Variation.NONE.with("sigma", 0.5).with("levels", 5);
        double[] g = new ChipProgramming(v, 1, 0).program(tile(a, 2), a).conductances();
        double step = (G_ON - G_OFF) / 4;
        int ref = a.referenceColumn();
        for (int k = 0; k < g.length; k++) {
            if (k % a.physicalColumns() == ref) {
                assertEquals(0.5 * (G_ON + G_OFF), g[k], 0.0, "reference resistor");
                continue;
            }
            double level = (g[k] - G_OFF) / step;
            assertEquals(Math.rint(level), level, 1e-9, "device " + k + " off the levels: " + g[k]);
            assertTrue(level >= -1e-9 && level <= 4 + 1e-9);
        }
    }

    @Test
    void wireSpreadScalesBothSegmentsOfATileByOneFactor() {
        CrossbarArray a = ideal(ArrayScheme.DOUBLE_COLUMN, 16, 8);
        CrossbarArray b = new ChipProgramming(Variation.NONE.with("wire", 0.3), 5, 0).program(tile(a, 0), a);
        double f = b.design().wordLineSegment() / a.design().wordLineSegment();
        assertNotEquals(1.0, f);
        assertEquals(f, b.design().bitLineSegment() / a.design().bitLineSegment(), 1e-15);
        assertArrayEquals(a.conductances(), b.conductances(), 0.0);
        assertArrayEquals(a.weights(), b.weights());
    }

    @Test
    void drawsArePureFunctionsOfSeedTrialTileAndDevice() {
        CrossbarArray a = ideal(ArrayScheme.DOUBLE_COLUMN, 16, 8);
        Variation v = Variation.NONE.with("sigma", 0.2).with("c2c", 0.05).with("stuck", 0.02);
        double[] once = new ChipProgramming(v, 9, 3).program(tile(a, 1), a).conductances();
        double[] again = new ChipProgramming(v, 9, 3).program(tile(a, 1), a).conductances();
        assertArrayEquals(once, again, 0.0);
        assertFalse(java.util.Arrays.equals(once, new ChipProgramming(v, 9, 4).program(tile(a, 1), a).conductances()));
        assertFalse(java.util.Arrays.equals(once, new ChipProgramming(v, 9, 3).program(tile(a, 2), a).conductances()));
        assertFalse(java.util.Arrays.equals(once, new ChipProgramming(v, 10, 3).program(tile(a, 1), a).conductances()));
        // a device's draws do not depend on the other parameters: the same z1 under another c2c and fault rate
        double[] spreadOnly = new ChipProgramming(Variation.NONE.with("sigma", 0.2), 9, 3).program(tile(a, 1), a)
                .conductances();
        double[] spreadOnly2 = new ChipProgramming(Variation.NONE.with("sigma", 0.4), 9, 3).program(tile(a, 1), a)
                .conductances();
        double[] g0 = a.conductances();
        for (int k = 0; k < g0.length; k++) {
            // ln(G/G0) doubles with sigma: the same z
            assertEquals(2 * Math.log(spreadOnly[k] / g0[k]), Math.log(spreadOnly2[k] / g0[k]), 1e-12);
        }
    }

    @Test
    void reprogrammedNetworkKeepsItsShapeAndNominalProgrammingReproducesTheNominalTransfers() {
        CompiledNetwork net = Compiler.compile(Fixtures.model(), "random", Fixtures.card(), 1, null);
        CompiledNetwork same = net.reprogrammed((t, ideal) -> ideal, 1);
        for (int l = 0; l < net.layers().size(); l++) {
            var a = net.layers().get(l);
            var b = same.layers().get(l);
            for (int r = 0; r < a.rowTiles(); r++) {
                for (int c = 0; c < a.colTiles(); c++) {
                    Tile ta = a.tile(r, c);
                    Tile tb = b.tile(r, c);
                    for (int i = 0; i < ta.rows(); i++) {
                        for (int j = 0; j < ta.array().physicalColumns(); j++) {
                            assertEquals(ta.ports().transfer(j, i), tb.ports().transfer(j, i), 0.0);
                        }
                    }
                }
            }
        }
    }
}
