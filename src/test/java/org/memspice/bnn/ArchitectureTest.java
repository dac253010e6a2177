package org.memspice.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void inputsAreBinaryAfterASignThroughPoolingAndFlattenOnly() {
        List<LayerSpec> chain = List.of(Conv.Spec.square(1, 2, 3, 1, 1, true, true, false), new BatchNorm.Spec(2, 1e-5),
                new Sign(), new MaxPool(2), new Flatten(), new Dense.Spec(2 * 14 * 14, 4, true, false, false),
                new BatchNorm.Spec(4, 1e-5), new Relu(), new Dense.Spec(4, 10, false, true, true));
        assertArrayEquals(new InputKind[] {InputKind.REAL, InputKind.REAL, InputKind.REAL, InputKind.BINARY,
                InputKind.BINARY, InputKind.BINARY, InputKind.REAL, InputKind.REAL, InputKind.REAL, InputKind.REAL},
                InputKind.along(chain));
        assertArrayEquals(new InputKind[] {InputKind.REAL}, InputKind.along(List.of()));
    }

    private static long weights(BnnModel m) {
        return m.binaryWeightCount() + m.realWeightCount();
    }

    @Test
    void standardLayoutsHaveTheDocumentedShapesAndWeightCounts() {
        int c1 = 4, c2 = 6, c3 = 10;
        Architecture.Layout layout = Architecture.Layout.standard(c1, c2, c3);
        // conv1 9 c1, stages 9 c1 c2 and 9 c2 c3 (separable: 3 ci (ci + co)), classifier 3*3*c3*10
        long head = 9L * c3 * 10;
        BnnModel bnn = Architecture.BNN.random(layout, 1, 0.1);
        BnnModel bssc = Architecture.BSSC.random(layout, 1, 0.1);
        BnnModel fp = Architecture.FP.random(layout, 1, 0.1);
        assertEquals(9 * c1 + 9 * c1 * c2 + 9 * c2 * c3 + head, bnn.binaryWeightCount());
        assertEquals(9 * c1 + 3 * c1 * (c1 + c2) + 3 * c2 * (c2 + c3) + head, bssc.binaryWeightCount());
        assertEquals(9 * c1 + 9 * c1 * c2 + 9 * c2 * c3 + head, fp.realWeightCount());
        assertTrue(bnn.isBinary() && bssc.isBinary() && !fp.isBinary());
        assertEquals(weights(bnn), weights(fp));
        for (BnnModel m : List.of(bnn, bssc, fp)) {
            // 28 -> 14 -> 7 -> 3, the classifier straight after the flatten
            assertEquals(new Shape(c3, 3, 3), m.shapeBefore(m.layers().size() - 2));
            assertEquals(List.of("maxpool", "flatten", "dense"), m.layerTypes().subList(m.layers().size() - 3, m.layers().size()));
            assertEquals(10, m.classes());
        }
        assertEquals(List.of("conv", "batchnorm", "sign", "maxpool", "sepconv", "batchnorm", "sign", "maxpool", "sepconv",
                "batchnorm", "sign", "maxpool", "flatten", "dense"), bssc.layerTypes());
        // only the first layer of a binary network takes the real pixels; fp's classifier has a bias, bnn's none
        Conv first = (Conv) bnn.layers().get(0);
        assertTrue(first.realInput() && first.bias() == null);
        assertFalse(((Conv) bnn.layers().get(4)).realInput());
        assertFalse(((SeparableConv) bssc.layers().get(4)).realInput());
        assertFalse(((Dense) bnn.layers().get(13)).realInput());
        assertEquals(null, ((Dense) bnn.layers().get(13)).bias());
        assertEquals(10, ((Dense) fp.layers().get(13)).bias().length);
        assertEquals(null, ((Conv) fp.layers().get(0)).bias());
    }

    @Test
    void theTestsLayoutPoolsFromTheSecondStageAndHasAHiddenLayer() {
        BnnModel m = Architecture.BNN.random(new int[] {4, 8, 8}, 16, 31, 0.1);
        assertEquals(List.of("conv", "batchnorm", "sign", "conv", "batchnorm", "sign", "maxpool", "conv", "batchnorm", "sign",
                "maxpool", "flatten", "dense", "batchnorm", "sign", "dense"), m.layerTypes());
        assertEquals(new Shape(8, 7, 7), m.shapeBefore(11));
        assertEquals(8 * 7 * 7 * 16, ((Dense) m.layers().get(12)).weights().length);
        assertEquals(Architecture.BNN.random(new int[] {4, 8, 8}, 16, 31, 0.1).layerTypes(),
                Architecture.BNN.random(new Architecture.Layout(new int[] {4, 8, 8}, 1, 16, true), 31, 0.1).layerTypes());
        BnnModel none = Architecture.BSSC.random(new int[] {4, 8}, 16, 3, 0.1, false);
        SeparableConv s = (SeparableConv) none.layers().get(3);
        assertEquals(null, s.midNorm());
        assertTrue(s.horizontal().realInput(), "the 1 x k stage takes the integer sums of the k x 1 stage");
    }

    @Test
    void badLayoutsAndDefinitionsSayWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Architecture.Layout(new int[0], 0, 0, true));
        assertTrue(e.getMessage().contains("widths: none"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Architecture.Layout.standard(4, 0));
        assertTrue(e.getMessage().contains("width = 0, expected >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SeparableConv.Spec(
                new Conv.Spec(2, 2, 3, 1, 1, 0, 1, 1, true, false, false), new BatchNorm.Spec(3, 1e-5),
                new Conv.Spec(2, 4, 1, 3, 0, 1, 1, 1, true, false, false)));
        assertTrue(e.getMessage().contains("midNorm has 3 channels, expected mid = 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SeparableConv.Spec(
                new Conv.Spec(2, 2, 3, 1, 1, 0, 1, 1, true, false, false), null,
                new Conv.Spec(2, 4, 3, 1, 1, 0, 1, 1, true, true, false)));
        assertTrue(e.getMessage().contains("expected k x 1 and 1 x k"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Conv(Conv.Spec.square(1, 2, 3, 1, 1, true, true, true), new float[18], null));
        assertTrue(e.getMessage().contains("bias is missing, expected 2 numbers"), e.getMessage());
    }
}
