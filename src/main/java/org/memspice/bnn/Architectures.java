package org.memspice.bnn;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The three network families, for 1 x 28 x 28 inputs and 10 classes, with widths chosen by the caller.
 * With widths {@code w[0..n-1]} and {@code hidden} units:
 * <pre>
 * fp    conv3x3(1->w0) BN relu | conv3x3 BN relu maxpool2 (blocks 1..n-1) | flatten dense(hidden) BN relu dense(10)
 * bnn   conv3x3(1->w0, binary weights, real input) BN sign | conv3x3 BN sign maxpool2 ... | flatten
 *       dense(hidden) BN sign dense(10) -> raw sums to argmax
 * bssc  as bnn, with blocks 1..n-1 as separable convs (3x1 in->in, BN + sign, 1x3 in->out); the first layer
 *       stays a 3x3 conv
 * </pre>
 * The separable convolutions take mid = in channels: 3*in*(in + out) weights against 9*in*out for the 3x3
 * convolution, -33 % when in = out and -50 % when out = 2*in. (With mid = out and out = 2*in the count
 * would be 3*out*(in + out) = 9*in*out, no saving at all.)
 * Every convolution has pad 1, stride 1; max pooling follows blocks 1..n-1 (28 -> 14 -> 7 -> 3 with n = 4).
 * Sign comes before max pooling: the pooling of binary activations is then an OR in the digital periphery,
 * and since sign is monotone, sign-then-pool equals pool-then-sign of the batch-normalised values
 * (pooling the raw sums before batch norm would differ wherever gamma &lt; 0).
 *
 * <p>The parameters drawn here are random (for tests and speed measurements), not trained: weights N(0, 1),
 * gamma N(0, 1) (so both signs occur) with a fraction exactly 0, beta N(0, 0.5), running mean
 * N(0, 0.3 sqrt(fan-in)) and variance fan-in * U(0.5, 1.5), which keeps the signs informative.
 */
public final class Architectures {
    private Architectures() {}

    public enum Arch { FP, BNN, BSSC }

    /** A network of family {@code arch} with random parameters drawn from {@code rng}; gammaZeroFraction of BN channels get gamma = 0. */
    public static BnnModel random(Arch arch, int[] widths, int hidden, long seed, double gammaZeroFraction) {
        return random(arch, widths, hidden, seed, gammaZeroFraction, true);
    }

    /** As {@link #random(Arch, int[], int, long, double)}; {@code signBetween} false puts nothing between the BSSC stages. */
    public static BnnModel random(Arch arch, int[] widths, int hidden, long seed, double gammaZeroFraction,
            boolean signBetween) {
        Random rng = new Random(seed);
        boolean binary = arch != Arch.FP;
        List<Layer> layers = new ArrayList<>();
        int c = 1, side = 28;
        for (int b = 0; b < widths.length; b++) {
            int out = widths[b];
            int fanIn = 9 * c;
            if (b > 0 && arch == Arch.BSSC) {
                // mid = in: the k x 1 stage keeps the channel count, the 1 x k stage changes it
                BatchNorm mid = signBetween ? randomNorm(c, 3 * c, rng, gammaZeroFraction) : null;
                layers.add(new SeparableConv(c, c, out, 3, 1, 1, true, false, gaussian(c * c * 3, rng), null, mid,
                        gaussian(out * c * 3, rng), null));
                fanIn = signBetween ? 3 * c : 9 * c * c;
            } else {
                layers.add(Conv.square(c, out, 3, 1, 1, binary, b == 0, gaussian(out * c * 9, rng),
                        binary ? null : gaussian(out, rng)));
            }
            layers.add(randomNorm(out, fanIn, rng, binary ? gammaZeroFraction : 0));
            layers.add(binary ? new Sign() : new Relu());
            if (b > 0) {
                layers.add(new MaxPool(2));
                side /= 2;
            }
            c = out;
        }
        int flat = c * side * side;
        layers.add(new Flatten());
        layers.add(new Dense(flat, hidden, binary, false, gaussian(flat * hidden, rng), binary ? null : gaussian(hidden, rng)));
        layers.add(randomNorm(hidden, flat, rng, binary ? gammaZeroFraction : 0));
        layers.add(binary ? new Sign() : new Relu());
        layers.add(new Dense(hidden, ImageSet.CLASSES, binary, false, gaussian(hidden * ImageSet.CLASSES, rng),
                binary ? null : gaussian(ImageSet.CLASSES, rng)));
        TrainingMetadata meta = new TrainingMetadata(arch.name().toLowerCase(), "random", seed, 0, null,
                "random parameters (Architectures.random)", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Map.of("widths", java.util.Arrays.toString(widths), "hidden", hidden));
        return new BnnModel(new Shape(1, 28, 28), layers, meta);
    }

    static BatchNorm randomNorm(int channels, int fanIn, Random rng, double gammaZeroFraction) {
        float[] g = new float[channels], b = new float[channels], m = new float[channels], v = new float[channels];
        double spread = Math.sqrt(fanIn);
        for (int i = 0; i < channels; i++) {
            g[i] = rng.nextDouble() < gammaZeroFraction ? 0f : (float) rng.nextGaussian();
            b[i] = (float) (0.5 * rng.nextGaussian());
            m[i] = (float) (0.3 * spread * rng.nextGaussian());
            v[i] = (float) (fanIn * (0.5 + rng.nextDouble()));
        }
        return new BatchNorm(channels, 1e-5, g, b, m, v);
    }

    static float[] gaussian(int n, Random rng) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        return w;
    }
}
