package org.memspice.crossbar;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small seeded arrays for tests. */
public final class Fixtures {
    private Fixtures() {}

    public static CrossbarSpec weights(ArrayScheme scheme, int m, int n, long seed, double rw, double rb, double rd,
                                Sensing sensing, InputEncoding enc, int vectors) {
        Random rnd = new Random(seed);
        int[] w = new int[m * n];
        for (int k = 0; k < w.length; k++) {
            w[k] = rnd.nextBoolean() ? 1 : -1;
        }
        double[] g = null;
        if (scheme == ArrayScheme.CONDUCTANCES) {
            g = new double[m * n];
            for (int k = 0; k < g.length; k++) {
                g[k] = 1e-6 + rnd.nextDouble() * 1e-4;
            }
            w = null;
        }
        List<double[]> inputs = new ArrayList<>();
        for (int t = 0; t < vectors; t++) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = rnd.nextBoolean() ? 1 : -1;
            }
            inputs.add(x);
        }
        PeripheryCard card = new PeripheryCard("test", "test values", 1e-4, 5e-5, 2e-5, 1e-5);
        ArrayDesign design = new ArrayDesign(m, n, scheme, 1e-4, 1e-6, rw, rb, rd, sensing, 0.2, enc, card,
                scheme == ArrayScheme.SINGLE_COLUMN ? ReferencePlacement.MIDDLE : null);
        return new CrossbarSpec("fixture", design, w, g, new Stimulus(inputs, 10e-9));
    }
}
