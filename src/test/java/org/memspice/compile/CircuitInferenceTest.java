package org.memspice.compile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.crossbar.ArrayScheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Circuit-level inference through compiled tiles against the bit-packed software model. */
class CircuitInferenceTest {

    @ParameterizedTest
    @EnumSource(value = ArrayScheme.class, names = {"DOUBLE_COLUMN", "SINGLE_COLUMN"})
    void withIdealWiresEveryDecisionAndPredictionEqualsTheSoftwareModel(ArrayScheme scheme) {
        ImageSet test = FashionMnist.testSet(null);
        for (Architecture arch : new Architecture[] {Architecture.BNN, Architecture.BSSC}) {
            BnnModel m = arch.random(new int[] {6, 12, 16}, 24, 41, 0.1);
            // 16 x 16 tiles: every layer but the first splits into several row tiles and column tiles
            CompiledNetwork net = Compiler.compile(m, "random-" + arch, Cards.card(scheme, 16, 16, 0, 0), 2, null);
            assertTrue(net.layers().stream().anyMatch(l -> l.rowTiles() > 1 && l.colTiles() > 1), "tiling");
            InferenceRun.Result r = InferenceRun.run(net, test, 300, 2, null);
            assertEquals(1.0, r.agreement(), arch + " agreement");
            assertEquals(r.softwareAccuracy(), r.circuitAccuracy());
            for (InferenceRun.LayerResult l : r.layers()) {
                assertEquals(0, l.flipped(), arch + " " + l.name() + " flipped decisions");
                assertTrue(l.decisions() > 0);
                // ideal wires: every decision keeps at least the designed margin
                assertTrue(l.minMarginVolts() >= l.designMarginVolts() * (1 - 1e-9), l.name() + " margin "
                        + l.minMarginVolts() + " < design " + l.designMarginVolts());
            }
            assertTrue(r.energy().sourceBalanceError() < 1e-9, "energy balance " + r.energy().sourceBalanceError());
        }
    }

    @org.junit.jupiter.api.Test
    void binaryActivationsDriveBipolarVoltagesAndPaddingZeroVolts() {
        ImageSet test = FashionMnist.testSet(null);
        BnnModel m = Architecture.BNN.random(new int[] {4, 8, 8}, 16, 12, 0.1);
        CompiledNetwork net = Compiler.compile(m, "random", Cards.card(ArrayScheme.DOUBLE_COLUMN, 32, 32, 1, 10), 1, null);
        CircuitInference inference = new CircuitInference(net);
        inference.classify(test, 3, null);
        CompiledLayer second = net.layers().get(1);
        double vr = net.card().design().readVoltage();
        // position 0 is the top-left corner of a 3x3 convolution with padding 1: 5 of its 9 taps per channel are padding
        double[] corner = inference.driveVoltages(1, 0);
        int zeros = 0;
        for (double v : corner) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(vr, Math.abs(v), 0.0);
            }
        }
        assertEquals(5 * 4, zeros);
        // an inner position: every word line at +Vr or -Vr
        double[] inner = inference.driveVoltages(1, second.positions / 2 + 3);
        for (double v : inner) {
            assertEquals(vr, Math.abs(v), 0.0);
        }
        // the first layer: DAC codes = pixels at 8 bits, V = p/255 * Vr
        double[] pixels = inference.driveVoltages(0, 14 * 28 + 14);
        float[] image = test.image(3);
        assertEquals(image[13 * 28 + 13] * 255 / 255.0 * vr, pixels[0], 1e-6 * vr);
    }
}
