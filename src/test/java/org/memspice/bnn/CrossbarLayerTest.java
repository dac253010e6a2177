package org.memspice.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The unrolled matrices, thresholds and im2col reproduce the float path's layer outputs as matrix-vector products. */
class CrossbarLayerTest {

    private static float[] columnSums(CrossbarLayer x, float[] input) {
        float[] patches = new float[x.positions() * x.rows()];
        x.im2col(input, patches);
        float[] out = new float[x.cols() * x.positions()];
        for (int p = 0; p < x.positions(); p++) {
            for (int j = 0; j < x.cols(); j++) {
                double s = 0;
                for (int r = 0; r < x.rows(); r++) {
                    s += patches[p * x.rows() + r] * x.weight(r, j);
                }
                out[j * x.positions() + p] = (float) s;   // back to CHW
            }
        }
        return out;
    }

    @Test
    void matrixTimesIm2colGivesTheLayerSumsAndThresholdsGiveTheSigns() {
        ImageSet test = FashionMnist.testSet(null);
        BnnModel m = Architecture.BNN.random(new int[] {4, 8, 8}, 16, 31, 0.1);
        List<CrossbarLayer> xs = CrossbarLayer.of(m);
        assertEquals(5, xs.size());   // 3 convs + 2 dense
        assertEquals(9, xs.get(0).rows());
        assertEquals(InputKind.REAL, xs.get(0).input());
        assertEquals(InputKind.BINARY, xs.get(1).input());
        assertEquals(4 * 9, xs.get(1).rows());
        assertEquals(2, xs.get(1).poolAfter());
        assertEquals(false, xs.get(1).poolOnSums());
        assertEquals(8 * 7 * 7, xs.get(3).rows());
        assertNull(xs.get(4).thresholds());
        FloatInference f = new FloatInference(m);
        for (int img = 0; img < 3; img++) {
            float[] x = test.image(img * 1234);
            List<float[]> act = f.activations(x);
            for (CrossbarLayer c : xs) {
                float[] in = c.layer() == 0 ? x : act.get(c.layer() - 1);
                float[] sums = columnSums(c, in);
                assertArrayEquals(act.get(c.layer()), sums, c.name());
                if (c.thresholds() != null) {
                    float[] signs = new float[sums.length];
                    for (int i = 0; i < sums.length; i++) {
                        signs[i] = c.thresholds()[i / c.positions()].output(sums[i]);
                    }
                    assertArrayEquals(act.get(c.layer() + 2), signs, c.name() + " thresholds");   // conv, BN, sign
                    if (c.input() == InputKind.BINARY) {
                        // the exact integer form decides every column sum as the float path does
                        for (int i = 0; i < sums.length; i++) {
                            assertEquals(signs[i], c.decide(i / c.positions(), (int) sums[i]), c.name() + " integer threshold");
                        }
                    } else {
                        assertNull(c.integerThresholds());
                    }
                }
            }
        }
    }

    @Test
    void poolingPositionIsReported() {
        List<CrossbarLayer> xs = CrossbarLayer.of(LayersTest.unusualOrderings(1));
        assertEquals(2, xs.get(0).poolAfter());     // conv, BN, maxpool, sign: OR of bits
        assertEquals(false, xs.get(0).poolOnSums());
        assertEquals(3, xs.get(1).poolAfter());     // conv, maxpool, BN, sign: max of sums
        assertEquals(true, xs.get(1).poolOnSums());
        assertEquals(0, xs.get(2).poolAfter());
        assertNotNull(xs.get(2).thresholds());      // bare sign
        assertNull(xs.get(3).thresholds());         // output layer
    }

    @Test
    void separableConvGivesTwoCrossbarsChainedThroughTheMidThresholds() {
        ImageSet test = FashionMnist.testSet(null);
        BnnModel m = Architecture.BSSC.random(new int[] {4, 8, 8}, 16, 32, 0.1);
        List<CrossbarLayer> xs = CrossbarLayer.of(m);
        assertEquals(7, xs.size());   // conv, 2 x (k x 1, 1 x k), 2 dense
        CrossbarLayer v = xs.get(1), h = xs.get(2);
        assertEquals(4 * 3, v.rows());
        assertEquals(4 * 3, h.rows());   // mid = in = 4 channels, 1 x 3 kernel
        assertNotNull(v.thresholds());
        float[] x = test.image(7);
        List<float[]> act = new FloatInference(m).activations(x);
        float[] vs = columnSums(v, act.get(v.layer() - 1));
        float[] mid = new float[vs.length];
        for (int i = 0; i < vs.length; i++) {
            mid[i] = v.thresholds()[i / v.positions()].output(vs[i]);
        }
        assertArrayEquals(act.get(h.layer()), columnSums(h, mid));
    }
}
