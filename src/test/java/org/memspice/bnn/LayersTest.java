package org.memspice.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.memspice.InputException;

class LayersTest {

    private static float[] random(int n, Random rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    /** Cross-correlation written directly from its definition, with zero padding, in double. */
    private static double naive(float[] x, int c, int h, int w, float[] wt, int o, int kh, int kw, int ph, int pw, int sh,
            int sw, int oy, int ox) {
        double s = 0;
        for (int ci = 0; ci < c; ci++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int iy = oy * sh + ky - ph, ix = ox * sw + kx - pw;
                    double v = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0 : x[(ci * h + iy) * w + ix];
                    s += v * wt[((o * c + ci) * kh + ky) * kw + kx];
                }
            }
        }
        return s;
    }

    @Test
    void convolutionMatchesItsDefinitionWithStrideAndPadding() {
        Random rng = new Random(3);
        int c = 3, h = 9, w = 8, out = 4;
        for (int[] g : new int[][] {{3, 3, 1, 1, 1, 1}, {3, 2, 1, 0, 2, 2}, {1, 3, 0, 1, 1, 2}, {5, 5, 2, 2, 3, 1}}) {
            int kh = g[0], kw = g[1], ph = g[2], pw = g[3], sh = g[4], sw = g[5];
            float[] wt = random(out * c * kh * kw, rng);
            float[] bias = random(out, rng);
            Conv conv = new Conv(c, out, kh, kw, ph, pw, sh, sw, false, true, wt, bias);
            Shape in = new Shape(c, h, w);
            Shape os = conv.outputShape(in);
            assertEquals((h + 2 * ph - kh) / sh + 1, os.height());
            float[] x = random(in.size(), rng);
            float[] y = new float[os.size()];
            conv.forward(x, in, y, null);
            for (int o = 0; o < out; o++) {
                for (int oy = 0; oy < os.height(); oy++) {
                    for (int ox = 0; ox < os.width(); ox++) {
                        double ref = naive(x, c, h, w, wt, o, kh, kw, ph, pw, sh, sw, oy, ox) + bias[o];
                        assertEquals(ref, y[(o * os.height() + oy) * os.width() + ox], 1e-5 * (1 + Math.abs(ref)),
                                "geometry " + java.util.Arrays.toString(g));
                    }
                }
            }
        }
    }

    @Test
    void convolutionSumsEachOutputInTheDefinitionsOrderAcrossChannelBlocks() {
        // 11 output channels: a block of eight and a remainder of three; each output is the double sum over
        // (c, ky, kx) in that order plus the bias, rounded to float once: equal to the bit
        Random rng = new Random(8);
        int c = 5, h = 7, w = 6, out = 11;
        for (int[] g : new int[][] {{3, 3, 1, 1, 1, 1}, {3, 1, 1, 0, 1, 1}, {1, 3, 0, 1, 2, 1}, {2, 3, 1, 2, 2, 3}}) {
            int kh = g[0], kw = g[1], ph = g[2], pw = g[3], sh = g[4], sw = g[5];
            float[] wt = random(out * c * kh * kw, rng);
            float[] bias = random(out, rng);
            Conv conv = new Conv(c, out, kh, kw, ph, pw, sh, sw, false, true, wt, bias);
            Shape in = new Shape(c, h, w);
            Shape os = conv.outputShape(in);
            float[] x = random(in.size(), rng);
            float[] y = new float[os.size()];
            conv.forward(x, in, y, null);
            for (int o = 0; o < out; o++) {
                for (int oy = 0; oy < os.height(); oy++) {
                    for (int ox = 0; ox < os.width(); ox++) {
                        float ref = (float) (naive(x, c, h, w, wt, o, kh, kw, ph, pw, sh, sw, oy, ox) + bias[o]);
                        assertEquals(ref, y[(o * os.height() + oy) * os.width() + ox], 0f,
                                "geometry " + java.util.Arrays.toString(g) + " output " + o);
                    }
                }
            }
        }
    }

    @Test
    void binaryLayersBinariseLatentWeightsWithSignOfZeroPlusOne() {
        Dense d = new Dense(3, 1, true, true, new float[] {0.3f, 0f, -0.2f}, null);
        assertArrayEquals(new float[] {1, 1, -1}, d.weights());
        float[] y = new float[1];
        d.forward(new float[] {2, 3, 5}, Shape.vector(3), y, null);
        assertEquals(2 + 3 - 5, y[0]);
    }

    @Test
    void maxPoolAndSeparableConvAgreeWithTheirDefinitions() {
        Random rng = new Random(4);
        float[] x = random(2 * 5 * 5, rng);
        float[] y = new float[2 * 2 * 2];
        new MaxPool(2).forward(x, new Shape(2, 5, 5), y, null);
        assertEquals(Math.max(Math.max(x[25 + 5 * 2 + 2], x[25 + 5 * 2 + 3]), Math.max(x[25 + 5 * 3 + 2], x[25 + 5 * 3 + 3])),
                y[4 + 3]);
        // separable conv without anything between = a k x k conv whose kernel is the outer product, summed over mid
        int in = 2, mid = 3, out = 2, k = 3;
        float[] v = random(mid * in * k, rng), hz = random(out * mid * k, rng);
        SeparableConv sc = new SeparableConv(in, mid, out, k, 1, 1, false, true, v, null, null, hz, null);
        float[] full = new float[out * in * k * k];
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < in; c++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        double s = 0;
                        for (int m = 0; m < mid; m++) {
                            s += (double) hz[(o * mid + m) * k + kx] * v[(m * in + c) * k + ky];
                        }
                        full[((o * in + c) * k + ky) * k + kx] = (float) s;
                    }
                }
            }
        }
        Conv conv = Conv.square(in, out, k, 1, 1, false, true, full, null);
        Shape s = new Shape(in, 6, 7);
        float[] xin = random(s.size(), rng);
        float[] a = new float[conv.outputShape(s).size()], b = new float[a.length];
        conv.forward(xin, s, a, null);
        sc.forward(xin, s, b, new float[sc.workSize(s)]);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-4);
        }
        assertEquals(2L * k * (in * mid + mid * out) / 2, sc.weightCount());
    }

    /** Stride 2, BN before pooling, pooling of raw sums before BN, dense straight after a conv, a bare sign, a final BN. */
    static BnnModel unusualOrderings(long seed) {
        Random rng = new Random(seed);
        List<Layer> layers = List.of(
                new Conv(1, 5, 3, 3, 1, 1, 2, 2, true, true, random(45, rng), random(5, rng)),
                Architecture.randomNorm(5, 9, rng, 0.2),
                new MaxPool(2),
                new Sign(),
                Conv.square(5, 6, 3, 1, 1, true, false, random(270, rng), random(6, rng)),
                new MaxPool(3),
                Architecture.randomNorm(6, 45, rng, 0.2),
                new Sign(),
                new Dense(6, 7, true, false, random(42, rng), random(7, rng)),
                new Sign(),
                new Dense(7, 4, true, false, random(28, rng), null),
                Architecture.randomNorm(4, 7, rng, 0));
        return new BnnModel(new Shape(1, 12, 12), layers, null);
    }

    @Test
    void packedPathHandlesEveryLayerOrderTheFormatAllows() {
        for (long seed = 1; seed <= 20; seed++) {
            BnnModel m = unusualOrderings(seed);
            FloatInference f = new FloatInference(m);
            PackedInference p = new PackedInference(m);
            Random rng = new Random(seed);
            Set<Integer> compared = new HashSet<>();
            for (int img = 0; img < 20; img++) {
                float[] x = new float[144];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.nextInt(256) / 255f;
                }
                List<float[]> ref = f.activations(x);
                for (PackedInference.LayerOutput o : p.trace(x)) {
                    assertArrayEquals(ref.get(o.layer()), o.values(), "seed " + seed + " layer " + o.layer());
                    compared.add(o.layer());
                }
                assertEquals(f.predict(x), p.predict(x));
            }
            assertTrue(compared.containsAll(List.of(3, 7, 9, 11)), "compared " + compared);
        }
    }

    @Test
    void packedPathRejectsFullPrecisionNetworks() {
        BnnModel fp = Architecture.FP.random(new int[] {2, 2}, 4, 1, 0);
        InputException e = assertThrows(InputException.class, () -> new PackedInference(fp));
        assertTrue(e.getMessage().contains("real weights"), e.getMessage());
    }
}
