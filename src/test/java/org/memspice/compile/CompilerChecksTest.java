package org.memspice.compile;

import org.junit.jupiter.api.Test;
import org.memspice.InputException;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BatchNorm;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.Conv;
import org.memspice.bnn.Dense;
import org.memspice.bnn.Flatten;
import org.memspice.bnn.Layer;
import org.memspice.bnn.MaxPool;
import org.memspice.bnn.Shape;
import org.memspice.bnn.Sign;
import org.memspice.crossbar.ArrayScheme;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Networks the compiler cannot lower are refused with a message naming the model, the layer and what was expected. */
class CompilerChecksTest {
    private static final Random RNG = new Random(5);

    private static float[] random(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) RNG.nextGaussian();
        }
        return w;
    }

    private static BatchNorm norm(int c) {
        float[] ones = new float[c];
        java.util.Arrays.fill(ones, 1f);
        return new BatchNorm(c, 1e-5, ones, random(c), random(c), ones);
    }

    private static String refused(BnnModel m) {
        InputException e = assertThrows(InputException.class,
                () -> Compiler.compile(m, "m.json", Cards.card(ArrayScheme.DOUBLE_COLUMN, 32, 32, 1, 10), 1, null));
        assertTrue(e.getMessage().startsWith("m.json: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void separableStagesWithNothingBetweenThemAreRefused() {
        BnnModel m = Architecture.BSSC.random(new int[] {4, 8, 8}, 16, 3, 0.1, false);
        assertTrue(refused(m).contains("sepconv k x 1: its integer sums feed the 1 x k stage directly"), refused(m));
    }

    @Test
    void aBinaryLayerWithoutASignAfterItIsRefused() {
        List<Layer> layers = List.of(
                Conv.square(1, 4, 3, 1, 1, true, true, random(36), null),
                Conv.square(4, 4, 3, 1, 1, true, true, random(144), null),
                norm(4), new Sign(), new Flatten(),
                new Dense(4 * 6 * 6, 10, true, false, random(1440), null));
        assertTrue(refused(new BnnModel(new Shape(1, 6, 6), layers, null))
                .contains("layers[0] conv: its sums go on without a sign"));
    }

    @Test
    void anOutputLayerEndingInASignIsRefused() {
        List<Layer> layers = List.of(
                Conv.square(1, 4, 3, 1, 1, true, true, random(36), null), norm(4), new Sign(), new Flatten(),
                new Dense(4 * 6 * 6, 10, true, false, random(1440), null), norm(10), new Sign());
        assertTrue(refused(new BnnModel(new Shape(1, 6, 6), layers, null))
                .contains("layers[4] dense: the output layer ends in a sign"));
    }

    @Test
    void poolingTheOutputSumsIsRefused() {
        List<Layer> layers = List.of(
                Conv.square(1, 4, 3, 1, 1, true, true, random(36), null), norm(4), new Sign(),
                Conv.square(4, 10, 3, 1, 1, true, false, random(360), null), new MaxPool(2));
        assertTrue(refused(new BnnModel(new Shape(1, 2, 2), layers, null))
                .contains("layers[3] conv: max pooling of the output layer's sums"));
    }

    @Test
    void anOutputOtherThanTenClassScoresIsRefused() {
        List<Layer> layers = List.of(
                Conv.square(1, 4, 3, 1, 1, true, true, random(36), null), norm(4), new Sign(), new Flatten(),
                new Dense(4 * 6 * 6, 4, true, false, random(576), null));
        assertTrue(refused(new BnnModel(new Shape(1, 6, 6), layers, null))
                .contains("the network has 4 outputs; expected 10 class scores"));
    }
}
