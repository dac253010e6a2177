package org.memspice.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The float path and the bit-packed XNOR/popcount path are independent computations of the same network. */
class InferenceAgreementTest {
    static ImageSet test;

    @BeforeAll
    static void load() {
        test = FashionMnist.testSet(null);
    }

    private static void assertSamePredictions(BnnModel m, int limit) {
        Evaluation.Result f = Evaluation.run(() -> new FloatInference(m), test, limit, 2, null);
        Evaluation.Result p = Evaluation.run(() -> new PackedInference(m), test, limit, 2, null);
        assertEquals(limit <= 0 ? test.size() : limit, f.n());
        int differ = 0;
        Set<Integer> classes = new HashSet<>();
        for (int i = 0; i < f.n(); i++) {
            if (f.predictions()[i] != p.predictions()[i]) {
                differ++;
            }
            classes.add(f.predictions()[i]);
        }
        assertEquals(0, differ, "images predicted differently");
        // a network that always says the same class would make the comparison empty
        assertTrue(classes.size() >= 4, "predicted classes " + classes);
    }

    @Test
    void binaryCnnPathsAgreeOnTheWholeTestSet() {
        BnnModel m = Architecture.BNN.random(new int[] {4, 8, 8}, 16, 11, 0.05);
        assertSamePredictions(m, 0);
    }

    @Test
    void bsscPathsAgreeOnTheWholeTestSet() {
        BnnModel m = Architecture.BSSC.random(new int[] {4, 8, 8}, 16, 12, 0.05);
        assertSamePredictions(m, 0);
    }

    @Test
    void bsscWithoutSignBetweenStagesAgrees() {
        BnnModel m = Architecture.BSSC.random(new int[] {8, 8, 16}, 32, 15, 0.05, false);
        assertSamePredictions(m, 2000);
    }

    @Test
    void wideLayersSpanSeveralWordsAndAgreeLayerByLayer() {
        // 70 channels: two 64-bit words per pixel with unused bits in the last; 130 hidden units: three words
        BnnModel m = Architecture.BNN.random(new int[] {6, 70, 20}, 130, 14, 0.1);
        assertLayersAgree(m, 3);
        assertSamePredictions(m, 200);
    }

    @Test
    void everyLayerOutputIsBitExactOnSomeImages() {
        for (BnnModel m : List.of(Architecture.BNN.random(new int[] {8, 8, 16}, 32, 21, 0.05),
                Architecture.BSSC.random(new int[] {8, 16, 16}, 32, 22, 0.05),
                Architecture.BSSC.random(new int[] {8, 8, 16}, 32, 23, 0.05, false))) {
            assertLayersAgree(m, 5);
        }
    }

    private static void assertLayersAgree(BnnModel m, int images) {
        FloatInference f = new FloatInference(m);
        PackedInference p = new PackedInference(m);
        for (int i = 0; i < images; i++) {
            float[] x = test.image(i * 997);
            List<float[]> ref = f.activations(x);
            List<PackedInference.LayerOutput> got = p.trace(x);
            Set<Integer> covered = new HashSet<>();
            for (PackedInference.LayerOutput o : got) {
                assertArrayEquals(ref.get(o.layer()), o.values(), "layer " + o.layer() + " " + m.layerTypes().get(o.layer())
                        + " (" + o.representation() + ") image " + i * 997);
                covered.add(o.layer());
            }
            // every sign and pooling output and the scores are compared
            for (int l = 0; l < m.layers().size(); l++) {
                Layer layer = m.layers().get(l);
                if (layer instanceof Sign || layer instanceof MaxPool || l == m.layers().size() - 1) {
                    assertTrue(covered.contains(l), "layer " + l + " not compared");
                }
            }
        }
    }

    @Test
    void integerThresholdsMatchBatchNormNearTies() {
        // parameters whose tau lands on or within a few ulps of an integer: mean = integer + tiny, beta = 0 or tiny
        java.util.Random rng = new java.util.Random(99);
        for (int trial = 0; trial < 20000; trial++) {
            float gamma = (float) (rng.nextBoolean() ? rng.nextGaussian() : (rng.nextBoolean() ? 1 : -1));
            float mean = (float) (rng.nextInt(41) - 20 + (rng.nextInt(3) - 1) * Math.ulp(10f) * rng.nextInt(3));
            float beta = rng.nextInt(3) == 0 ? 0f : (float) (rng.nextGaussian() * Math.pow(10, -rng.nextInt(8)));
            float var = rng.nextInt(2) == 0 ? 1f : (float) (rng.nextDouble() * 30);
            double eps = rng.nextBoolean() ? 0 : 1e-5;
            double bias = rng.nextInt(3) == 0 ? rng.nextInt(5) - 2 : 0;
            BatchNorm bn = new BatchNorm(1, eps, new float[] {gamma}, new float[] {beta}, new float[] {mean},
                    new float[] {var});
            FoldedThreshold f = bn.fold(0, bias);
            int t = bn.integerThreshold(0, bias);
            for (int s = -30; s <= 30; s++) {
                int expected = bn.apply((float) (s + bias), 0) >= 0 ? 1 : -1;
                int got = f.direction() == 0 ? f.constant() : f.direction() > 0 ? (s >= t ? 1 : -1) : (s <= t ? 1 : -1);
                assertEquals(expected, got, "gamma " + gamma + " beta " + beta + " mean " + mean + " var " + var
                        + " eps " + eps + " bias " + bias + " s " + s);
            }
        }
    }

    @Test
    void foldedThresholdEqualsBatchNormThenSign() {
        // gamma > 0, < 0, = 0 with beta >= 0 and < 0, over integer sums around tau
        double[][] cases = {{1.5, 0.3, 2.2, 4.0}, {-0.7, -1.1, -3.4, 2.5}, {0, 0.2, 1, 1}, {0, -0.2, 1, 1},
                {0, 0, 5, 1}, {2.0, 1.0, 5.0, 4.0}, {-2.0, 1.0, 5.0, 4.0}};
        for (double[] c : cases) {
            BatchNorm bn = new BatchNorm(1, 0, new float[] {(float) c[0]}, new float[] {(float) c[1]},
                    new float[] {(float) c[2]}, new float[] {(float) c[3]});
            FoldedThreshold t = bn.fold(0, 0);
            for (int s = -12; s <= 12; s++) {
                int expected = bn.apply(s, 0) >= 0 ? 1 : -1;
                assertEquals(expected, t.output(s), "case " + java.util.Arrays.toString(c) + " s = " + s);
                assertEquals(expected, t.outputInt(s), "integer form, case " + java.util.Arrays.toString(c) + " s = " + s);
            }
        }
        // ties: gamma = 2, beta = 1, mean = 5, var = 4: tau = 5 - 1*2/2 = 4, BN(4) = 0 -> +1 (sign(0) = +1)
        FoldedThreshold up = FoldedThreshold.of(2, 1, 5, 4, 0, 0);
        assertEquals(1, up.direction());
        assertEquals(4.0, up.tau());
        assertEquals(1, up.outputInt(4));
        assertEquals(-1, up.outputInt(3));
        // gamma = -2: tau = 5 + 1 = 6, BN(6) = -2*1/2 + 1 = 0 -> +1; above tau -> -1
        FoldedThreshold down = FoldedThreshold.of(-2, 1, 5, 4, 0, 0);
        assertEquals(-1, down.direction());
        assertEquals(6.0, down.tau());
        assertEquals(1, down.outputInt(6));
        assertEquals(-1, down.outputInt(7));
        assertEquals(1, down.outputInt(-1000));
        // gamma = 0: constant sign(beta), sign(0) = +1
        assertEquals(1, FoldedThreshold.of(0, 0, 5, 4, 0, 0).outputInt(-1000));
        assertEquals(-1, FoldedThreshold.of(0, -1e-6, 5, 4, 0, 0).outputInt(1000));
        // bias moves tau: sign(BN(s + b)) with b = 1.5 -> tau = 4 - 1.5
        assertEquals(2.5, FoldedThreshold.of(2, 1, 5, 4, 0, 1.5).tau());
    }
}
