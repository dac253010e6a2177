package org.memspice.compile;

/**
 * Read noise: every read draws each device's conductance afresh as G (1 + sigma z), z standard normal, without
 * changing the stored state. Applied to the output currents of each read as the Gaussian it sums to: with
 * independent device draws, read r's output current o moves by a normal deviate of variance
 * sigma^2 sum_i V_i^2 (a^2 G+(i,o)^2 + b^2 G-(i,o)^2), V_i the word-line source voltages of the read, G+ and G-
 * the devices of the output's two sensed columns (the constant-term column's fixed resistors carry no device
 * noise), a and b the difference amplifier's gains. The device's own read voltage is taken as its word line's
 * source voltage: the IR drop along the lines is neglected in the noise term only (the noiseless currents stay
 * exact). The deviate of read (image, layer, position, output) is a pure function of (seed, trial, layer,
 * image, position, output).
 *
 * @param sigma relative standard deviation of a device's conductance per read
 * @param seed the sweep's seed
 * @param trial the Monte Carlo trial (one programmed chip)
 */
public record ReadNoise(double sigma, long seed, int trial) {
    public ReadNoise {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("read noise sigma " + sigma + ": expected a finite value >= 0");
        }
    }

    /** The generator of one image's reads of one layer: positions outer, outputs inner. */
    java.util.SplittableRandom reads(int layer, int image) {
        return new java.util.SplittableRandom(mix(mix(mix(mix(seed ^ 0x5EAD_0015EL) + trial) + layer) + image));
    }

    /**
     * A 64-bit finaliser (SplitMix64's): distinct inputs give independent-looking outputs. Every seeded draw of a
     * sweep hashes its key with it.
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
