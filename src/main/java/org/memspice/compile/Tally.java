package org.memspice.compile;

/**
 * What circuit-level inference counts, per layer, for one thread (merged at the end): comparator decisions and
 * how many differ from the exact integer decision on the same inputs, the smallest signed margin, a margin
 * histogram, the second moment of every row tile's word-line drive (from which the array energy follows
 * exactly), and the sums the periphery energy needs.
 *
 * <p>Margin histogram bins, in units of the layer's integer sums (one +/-1 product, or one DAC code): bin
 * {@link #ZERO_BIN} holds |m| &lt; 1/8; bin ZERO_BIN + k (k = 1 .. {@link #OCTAVES}) holds 2^(k-4) &lt;= m &lt;
 * 2^(k-3) on the right side, bin ZERO_BIN - k the same on the wrong side (a flipped decision); the last
 * octave on each side is open-ended.
 */
final class Tally {
    static final int OCTAVES = 17;
    static final int ZERO_BIN = OCTAVES;
    static final int BINS = 2 * OCTAVES + 1;

    final long[] decisions;
    final long[] flipped;
    final double[] minMarginVolts;
    /** Per layer: sum of (circuit sum - exact sum)^2 in units^2 over all decisions, and the largest ideal margin flipped. */
    final double[] errorSquares;
    final double[] maxFlippedIdealMargin;
    final long[][] histogram;
    /**
     * Per layer, per row tile: upper triangle of sum over reads of x x' (input units squared), row-major; for a
     * layer read through output transfers the whole layer's, in {@code fullGram} instead (its diagonal blocks are
     * the row tiles' and the rest gives the sensed columns' currents).
     */
    final double[][][] gram;
    final long[][] fullGram;
    /** Per layer: sum over reads of Rf * I^2 over the data columns' TIAs, and over the reference TIAs (A^2 ohm). */
    final double[] tiaData;
    final double[] tiaReference;
    long images;
    long correctSoftware;
    long correctCircuit;
    long agree;

    Tally(CompiledNetwork net) {
        int n = net.layers().size();
        decisions = new long[n];
        flipped = new long[n];
        minMarginVolts = new double[n];
        errorSquares = new double[n];
        maxFlippedIdealMargin = new double[n];
        java.util.Arrays.fill(minMarginVolts, Double.POSITIVE_INFINITY);
        histogram = new long[n][BINS];
        gram = new double[n][][];
        fullGram = new long[n][];
        tiaData = new double[n];
        tiaReference = new double[n];
        for (int l = 0; l < n; l++) {
            CompiledLayer c = net.layers().get(l);
            if (c.outputTransfers) {
                fullGram[l] = new long[c.rows * c.rows];
                continue;
            }
            gram[l] = new double[c.rowTiles()][];
            for (int r = 0; r < c.rowTiles(); r++) {
                int rt = c.rowStart[r + 1] - c.rowStart[r];
                gram[l][r] = new double[rt * rt];
            }
        }
    }

    /** Adds a signed margin (units) to layer l's histogram. */
    void margin(int l, double units) {
        double a = Math.abs(units);
        int k;
        if (a < 0.125) {
            k = 0;
        } else {
            k = Math.min(OCTAVES, 1 + Math.getExponent(a * 8));   // floor(log2(a / 0.125)) + 1
        }
        histogram[l][units < 0 ? ZERO_BIN - k : ZERO_BIN + k]++;
    }

    /** Lower edge (units) of histogram bin b's magnitude range, for plots: 0 for the centre bin. */
    static double binLowerMagnitude(int b) {
        int k = Math.abs(b - ZERO_BIN);
        return k == 0 ? 0 : 0.125 * Math.pow(2, k - 1);
    }

    void add(Tally o) {
        for (int l = 0; l < decisions.length; l++) {
            decisions[l] += o.decisions[l];
            flipped[l] += o.flipped[l];
            minMarginVolts[l] = Math.min(minMarginVolts[l], o.minMarginVolts[l]);
            errorSquares[l] += o.errorSquares[l];
            maxFlippedIdealMargin[l] = Math.max(maxFlippedIdealMargin[l], o.maxFlippedIdealMargin[l]);
            for (int b = 0; b < BINS; b++) {
                histogram[l][b] += o.histogram[l][b];
            }
            if (fullGram[l] != null) {
                long[] g = fullGram[l];
                long[] h = o.fullGram[l];
                for (int k = 0; k < g.length; k++) {
                    g[k] += h[k];
                }
            } else {
                for (int r = 0; r < gram[l].length; r++) {
                    double[] g = gram[l][r];
                    double[] h = o.gram[l][r];
                    for (int k = 0; k < g.length; k++) {
                        g[k] += h[k];
                    }
                }
            }
            tiaData[l] += o.tiaData[l];
            tiaReference[l] += o.tiaReference[l];
        }
        images += o.images;
        correctSoftware += o.correctSoftware;
        correctCircuit += o.correctCircuit;
        agree += o.agree;
    }
}
