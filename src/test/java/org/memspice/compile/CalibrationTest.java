package org.memspice.compile;

import org.junit.jupiter.api.Test;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.crossbar.ArrayScheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calibration trims and comparator reference placement. */
class CalibrationTest {

    private static long flips(InferenceRun.Result r) {
        long f = 0;
        for (InferenceRun.LayerResult l : r.layers()) {
            if (!l.name().contains("dense")) {
                f += l.flipped();
            }
        }
        return f;
    }

    @Test
    void onIdealWiresTheTrimsAreTheIdentity() {
        BnnModel m = Architecture.BNN.random(new int[] {4, 8, 8}, 16, 9, 0.1);
        for (ArrayScheme scheme : new ArrayScheme[] {ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN}) {
            CompileCard card = Cards.card(scheme, 24, 24, 0, 0).withCalibration(16, 3);
            CompiledNetwork net = Compiler.compile(m, "random", card, 2, null);
            for (CompiledLayer c : net.layers()) {
                for (int j = 0; j < c.cols; j++) {
                    assertEquals(1, c.plusGain[j], 1e-9);
                    assertEquals(1, c.minusGain[j], 1e-9);
                    assertEquals(0, c.offset[j], 1e-9 * c.unitCurrent);
                }
            }
        }
    }

    @Test
    void withWireResistanceCalibrationRemovesMostFlippedDecisions() {
        ImageSet test = FashionMnist.testSet(null);
        BnnModel m = Architecture.BNN.random(new int[] {8, 16, 16}, 16, 9, 0.0);
        for (ArrayScheme scheme : new ArrayScheme[] {ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN}) {
            CompileCard card = Cards.card(scheme, 64, 64, 5, 50);
            InferenceRun.Result raw = InferenceRun.run(Compiler.compile(m, "random", card, 2, null), test, 40, 2, null);
            InferenceRun.Result cal = InferenceRun.run(Compiler.compile(m, "random", card.withCalibration(64, 1), 2, null),
                    test, 40, 2, null);
            long before = flips(raw);
            long after = flips(cal);
            assertTrue(before > 0, scheme + ": the wires should flip some decisions");
            assertTrue(after * 2 < before, scheme + ": flipped decisions " + before + " -> " + after);
        }
    }

    @Test
    void referencesSitMidwayBetweenRealizableSums() {
        // 6 input channels: every position's valid-row count (54, 36, 24) is even, so sums step by 2: margin 1;
        // 3 channels: counts 27, 18, 12 mix parities, sums step by 1: margin 1/2
        for (int[] widths : new int[][] {{6, 8, 8}, {3, 8, 8}}) {
            BnnModel m = Architecture.BNN.random(widths, 16, 4, 0.2);
            CompiledNetwork net = Compiler.compile(m, "random", Cards.card(ArrayScheme.DOUBLE_COLUMN, 64, 64, 0, 0), 1, null);
            CompiledLayer second = net.layers().get(1);
            double expected = widths[0] % 2 == 0 ? 1.0 : 0.5;
            for (int j = 0; j < second.cols; j++) {
                // the reference separates the sums exactly as the integer threshold does
                long full = second.fullScaleUnits();
                if (Math.abs(second.referenceUnits[j]) < full) {
                    assertEquals(expected, second.marginUnits[j], 0.0, "column " + j);
                } else {
                    assertTrue(second.marginUnits[j] >= expected, "column " + j);   // a constant output
                }
                for (long s = -full; s <= full; s++) {
                    if (second.parity >= 0 && ((s - second.parity) & 1) != 0) {
                        continue;
                    }
                    boolean integer = second.direction[j] > 0 ? s >= second.threshold[j] : s <= second.threshold[j];
                    boolean reference = second.direction[j] > 0 ? s >= second.referenceUnits[j]
                            : s <= second.referenceUnits[j];
                    assertEquals(integer, reference, "column " + j + " sum " + s);
                    assertTrue(Math.abs(s - second.referenceUnits[j]) >= second.marginUnits[j]);
                }
            }
            // the first layer: pixel codes step by 1, reference half a code from the threshold
            CompiledLayer first = net.layers().get(0);
            for (int j = 0; j < first.cols; j++) {
                assertTrue(first.marginUnits[j] >= 0.5);
            }
        }
    }
}
