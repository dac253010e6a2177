package org.memspice.sweep;

import org.junit.jupiter.api.Test;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.compile.CircuitInference;
import org.memspice.compile.CompiledLayer;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.Compiler;
import org.memspice.compile.ReadNoise;
import org.memspice.compile.Tile;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarFactorization;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read noise: the Gaussian the output currents get per read, against the full circuit solved per read with every
 * device's conductance drawn afresh; and the deviates circuit inference adds, against that Gaussian.
 */
class ReadNoiseTest {

    /**
     * Ratio of the per-read solve's output-current variance to the model's, pooled over the outputs of a 16x16
     * double-column array with {@code wire}-ohm segments and 10 ohm drivers, 3000 reads, sigma 5 %.
     */
    static double pooledVarianceRatio(double wire) {
        CrossbarArray a0 = ChipProgrammingTest.ideal(ArrayScheme.DOUBLE_COLUMN, 16, 16);
        CrossbarArray a = CrossbarArray.programmed(a0.design().withWires(wire, wire), a0.weights());
        double sigma = 0.05;
        double vr = a.design().readVoltage();
        SplittableRandom r = new SplittableRandom(21);
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            v[i] = r.nextBoolean() ? vr : -vr;
        }
        CrossbarFactorization.Structure s = CrossbarFactorization.Structure.of(a.network());
        double[] clean = outputs(new CrossbarFactorization(s, a), a, v);
        double[] g0 = a.conductances();
        int reads = 3000;
        double[] sq = new double[16];
        double[] g = new double[g0.length];
        CrossbarFactorization f = new CrossbarFactorization(s, a);
        for (int k = 0; k < reads; k++) {
            for (int d = 0; d < g.length; d++) {
                g[d] = g0[d] * (1 + sigma * r.nextGaussian());
            }
            CrossbarArray noisy = a.withConductances(g);
            f.refactor(noisy);
            double[] out = outputs(f, noisy, v);
            for (int o = 0; o < 16; o++) {
                sq[o] += (out[o] - clean[o]) * (out[o] - clean[o]);
            }
        }
        double ratio = 0;
        int p = a.physicalColumns();
        for (int o = 0; o < 16; o++) {
            double model = 0;
            for (int i = 0; i < 16; i++) {
                double gp = g0[i * p + a.plusColumn(o)];
                double gm = g0[i * p + a.minusColumn(o)];
                model += v[i] * v[i] * sigma * sigma * (gp * gp + gm * gm);
            }
            ratio += sq[o] / reads / model;
        }
        return ratio / 16;
    }

    private static double[] outputs(CrossbarFactorization f, CrossbarArray a, double[] v) {
        double[] ic = new double[a.physicalColumns()];
        f.columnCurrents(v, ic);
        double[] out = new double[a.outputs()];
        for (int o = 0; o < out.length; o++) {
            out[o] = a.outputCurrent(ic, o);
        }
        return out;
    }

    @Test
    void theOutputCurrentGaussianMatchesPerReadFullSolves() {
        // 48 000 output samples: the pooled variance ratio's standard error is about 0.65 %
        double oneOhm = pooledVarianceRatio(1);
        assertEquals(1, oneOhm, 0.03, "1 ohm wires: per-read solve / model variance " + oneOhm);
        // IR drop lowers the devices' read voltages: the model (source voltage across every device) overestimates
        double tenOhm = pooledVarianceRatio(10);
        assertTrue(tenOhm < oneOhm && tenOhm > 0.85, "10 ohm wires: per-read solve / model variance " + tenOhm);
    }

    @Test
    void inferenceAddsDeviatesOfTheModelVarianceAndTheyArePureFunctionsOfTheirKey() {
        CompiledNetwork net = Compiler.compile(Fixtures.model(), "random", Fixtures.card(), 1, null);
        double sigma = 0.05;
        CompiledNetwork noisy = net.withReadNoise(new ReadNoise(sigma, 5, 0));
        ImageSet test = FashionMnist.testSet(null);
        CircuitInference a = new CircuitInference(noisy);
        a.classify(test, 4, null);
        for (int l = 0; l < 2; l++) {   // the real-input layer and a binary one
            CompiledLayer c = noisy.layers().get(l);
            double sum = 0, sq = 0;
            int n = 0;
            for (int p = 0; p < c.source().positions(); p++) {
                double[] v = a.driveVoltages(l, p);
                double[] got = a.outputCurrents(l, p);
                for (int o = 0; o < c.source().cols(); o++) {
                    double clean = 0, var = 0;
                    for (int r = 0; r < c.rowTiles(); r++) {
                        for (int k = 0; k < c.colTiles(); k++) {
                            Tile t = c.tile(r, k);
                            if (o < t.col0() || o >= t.col0() + t.cols()) {
                                continue;
                            }
                            int j = o - t.col0();
                            CrossbarArray arr = t.array();
                            double[] g = arr.conductances();
                            int pc = arr.physicalColumns();
                            for (int i = 0; i < t.rows(); i++) {
                                double vi = v[t.row0() + i];
                                clean += vi * (t.ports().transfer(arr.plusColumn(j), i)
                                        - t.ports().transfer(arr.minusColumn(j), i));
                                double gp = g[i * pc + arr.plusColumn(j)];
                                double gm = g[i * pc + arr.minusColumn(j)];
                                var += vi * vi * sigma * sigma * (gp * gp + gm * gm);
                            }
                        }
                    }
                    if (var == 0) {
                        continue;
                    }
                    double z = (got[o] - clean) / Math.sqrt(var);
                    sum += z;
                    sq += z * z;
                    n++;
                }
            }
            double mean = sum / n;
            double varZ = sq / n - mean * mean;
            assertTrue(n > 500, "samples " + n);
            assertEquals(0, mean, 4 / Math.sqrt(n), "layer " + l + " mean deviate");
            assertEquals(1, varZ, 4 * Math.sqrt(2.0 / n), "layer " + l + " deviate variance");
        }
        // the same key, the same deviates; another image, others
        CircuitInference b = new CircuitInference(noisy);
        b.classify(test, 4, null);
        assertEquals(java.util.Arrays.toString(a.outputCurrents(0, 100)), java.util.Arrays.toString(b.outputCurrents(0, 100)));
        CircuitInference c = new CircuitInference(net.withReadNoise(new ReadNoise(sigma, 5, 1)));
        c.classify(test, 4, null);
        assertTrue(!java.util.Arrays.equals(a.outputCurrents(0, 100), c.outputCurrents(0, 100)), "another trial");
    }
}
