package org.memspice.compile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.memspice.bnn.Architectures;
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
        for (Architectures.Arch arch : new Architectures.Arch[] {Architectures.Arch.BNN, Architectures.Arch.BSSC}) {
            BnnModel m = Architectures.random(arch, new int[] {6, 12, 16}, 24, 41, 0.1);
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
}
