package org.memspice.bnn;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The three network families, for 1 x 28 x 28 inputs and 10 classes: the one description that training builds its
 * trainable networks from and that the software model's networks follow. A {@link Layout} gives the widths; stage b
 * takes c(b-1) channels (c(-1) = 1) to c(b):
 * <pre>
 * fp    conv3x3(pad 1) BN relu [maxpool2]                per stage; flatten [dense(hidden) BN relu] dense(10, + bias)
 * bnn   conv3x3(pad 1, binary weights) BN sign [maxpool2] per stage; flatten [dense(hidden) BN sign] dense(10)
 * bssc  as bnn, with stages 1.. as separable convs: 3x1(in->in, pad 1x0) BN sign 1x3(in->out, pad 0x1); the first
 *       stage stays a 3x3 conv
 * </pre>
 * A layer followed by batch norm has no bias. The binary families' first layer takes the real pixels
 * ({@code realInput}, decided by {@link InputKind#along}); their output layer's raw sums go to the argmax.
 * Sign comes before max pooling: the pooling of binary activations is then an OR in the digital periphery, and
 * since sign is monotone, sign-then-pool equals pool-then-sign of the batch-normalised values (pooling the raw
 * sums before batch norm would differ wherever gamma &lt; 0).
 *
 * <p>The separable convolutions take mid = in channels: 3*in*(in + out) weights against 9*in*out for the 3x3
 * convolution, -33 % when in = out and -50 % when out = 2*in. (With mid = out and out = 2*in the count would be
 * 3*out*(in + out) = 9*in*out, no saving at all.)
 */
public enum Architecture {
    FP, BNN, BSSC;

    /** The batch-norm epsilon of every network built here. */
    public static final double BN_EPS = 1e-5;
    static final int SIDE = 28;

    /**
     * The sizes of a network of a family.
     *
     * @param widths channels of the convolution stages, one per stage
     * @param pooledFrom the first stage followed by 2 x 2 max pooling (0: every stage)
     * @param hidden units of a dense layer between the flatten and the classifier, 0 for none
     * @param signBetween batch norm + sign between the two stages of each separable convolution (bssc)
     */
    public record Layout(int[] widths, int pooledFrom, int hidden, boolean signBetween) {
        public Layout {
            if (widths.length == 0) {
                throw new IllegalArgumentException("widths: none, expected at least one stage");
            }
            for (int w : widths) {
                Checks.positive("width", w);
            }
            if (pooledFrom < 0 || hidden < 0) {
                throw new IllegalArgumentException("pooledFrom = " + pooledFrom + ", hidden = " + hidden + ", expected >= 0");
            }
            widths = widths.clone();
        }

        /**
         * The layout the train command builds (and the shipped models have): max pooling after every stage
         * (28 -> 14 -> 7 -> 3 with three stages), the classifier straight after the flatten.
         */
        public static Layout standard(int... widths) {
            return new Layout(widths, 0, 0, true);
        }

        @Override
        public int[] widths() {
            return widths.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Layout l && Arrays.equals(widths, l.widths) && pooledFrom == l.pooledFrom
                    && hidden == l.hidden && signBetween == l.signBetween;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(widths) * 31 + Objects.hash(pooledFrom, hidden, signBetween);
        }

        @Override
        public String toString() {
            return "Layout[widths=" + Arrays.toString(widths) + ", pooledFrom=" + pooledFrom + ", hidden=" + hidden
                    + ", signBetween=" + signBetween + "]";
        }
    }

    /** The name used in model files and on the command line: fp, bnn or bssc. */
    public String label() {
        return name().toLowerCase();
    }

    public boolean binary() {
        return this != FP;
    }

    /** The layers of this family in {@code layout}, input to output. */
    public List<LayerSpec> layers(Layout layout) {
        boolean binary = binary();
        List<LayerSpec> layers = new ArrayList<>();
        int[] widths = layout.widths();
        int c = 1, side = SIDE;
        for (int b = 0; b < widths.length; b++) {
            int out = widths[b];
            boolean realInput = realInput(layers);
            if (b > 0 && this == BSSC) {
                // mid = in: the k x 1 stage keeps the channel count, the 1 x k stage changes it
                layers.add(SeparableConv.Spec.of(c, c, out, 3, 1, 1, true, realInput,
                        layout.signBetween() ? new BatchNorm.Spec(c, BN_EPS) : null, false, false));
            } else {
                layers.add(Conv.Spec.square(c, out, 3, 1, 1, binary, realInput, false));
            }
            layers.add(new BatchNorm.Spec(out, BN_EPS));
            layers.add(activation());
            if (b >= layout.pooledFrom()) {
                layers.add(new MaxPool(2));
                side /= 2;
            }
            c = out;
        }
        int flat = c * side * side;
        layers.add(new Flatten());
        if (layout.hidden() > 0) {
            layers.add(new Dense.Spec(flat, layout.hidden(), binary, realInput(layers), false));
            layers.add(new BatchNorm.Spec(layout.hidden(), BN_EPS));
            layers.add(activation());
            flat = layout.hidden();
        }
        layers.add(new Dense.Spec(flat, ImageSet.CLASSES, binary, realInput(layers), !binary));
        return layers;
    }

    /** True when a layer placed after {@code layers} takes real values. */
    private static boolean realInput(List<LayerSpec> layers) {
        return InputKind.along(layers)[layers.size()] == InputKind.REAL;
    }

    private LayerSpec activation() {
        return binary() ? new Sign() : new Relu();
    }

    /**
     * A network of this family in {@code layout} with random parameters (for tests and speed measurements), not
     * trained: weights and biases N(0, 1), batch norm gamma N(0, 1) (so both signs occur) with a fraction
     * {@code gammaZeroFraction} exactly 0 in the binary families, beta N(0, 0.5), running mean
     * N(0, 0.3 sqrt(fan-in)) and variance fan-in * U(0.5, 1.5), which keeps the signs informative.
     */
    public BnnModel random(Layout layout, long seed, double gammaZeroFraction) {
        Random rng = new Random(seed);
        double gz = binary() ? gammaZeroFraction : 0;
        List<Layer> layers = new ArrayList<>();
        int fanIn = 1;
        for (LayerSpec s : layers(layout)) {
            if (s instanceof Conv.Spec c) {
                layers.add(new Conv(c, gaussian(c.weightCount(), rng), c.bias() ? gaussian(c.out(), rng) : null));
                fanIn = c.fanIn();
            } else if (s instanceof SeparableConv.Spec sc) {
                Conv.Spec v = sc.vertical(), h = sc.horizontal();
                BatchNorm mid = sc.midNorm() == null ? null : randomNorm(sc.midNorm().channels(), v.fanIn(), rng, gz);
                float[] vw = gaussian(v.weightCount(), rng);
                layers.add(new SeparableConv(sc, vw, null, mid, gaussian(h.weightCount(), rng), null));
                // the sums after the 1 x k stage: +/-1 inputs over its fan-in, or integer sums over both stages
                fanIn = mid != null ? h.fanIn() : v.fanIn() * h.fanIn();
            } else if (s instanceof Dense.Spec d) {
                layers.add(new Dense(d, gaussian(d.in() * d.out(), rng), d.bias() ? gaussian(d.out(), rng) : null));
                fanIn = d.in();
            } else if (s instanceof BatchNorm.Spec bn) {
                layers.add(randomNorm(bn.channels(), fanIn, rng, gz));
            } else {
                layers.add((Layer) s);
            }
        }
        TrainingMetadata meta = new TrainingMetadata(label(), "random", seed, 0, null,
                "random parameters (Architecture.random)", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Map.of("widths", Arrays.toString(layout.widths()), "hidden", layout.hidden()));
        return new BnnModel(new Shape(1, SIDE, SIDE), layers, meta);
    }

    /**
     * {@link #random(Layout, long, double)} in the layout of the tests' small networks: no pooling after the first
     * stage, a hidden dense layer of {@code hidden} units, batch norm + sign between separable stages.
     */
    public BnnModel random(int[] widths, int hidden, long seed, double gammaZeroFraction) {
        return random(widths, hidden, seed, gammaZeroFraction, true);
    }

    /** As {@link #random(int[], int, long, double)}; {@code signBetween} false puts nothing between the BSSC stages. */
    public BnnModel random(int[] widths, int hidden, long seed, double gammaZeroFraction, boolean signBetween) {
        return random(new Layout(widths, 1, hidden, signBetween), seed, gammaZeroFraction);
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
        return new BatchNorm(channels, BN_EPS, g, b, m, v);
    }

    static float[] gaussian(int n, Random rng) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        return w;
    }
}
