package org.memspice.bnn;

/**
 * Spatially separable convolution (BSSC-Net): a k x 1 convolution from {@code in} to {@code mid} channels,
 * then a 1 x k convolution from {@code mid} to {@code out} channels. 2k instead of k^2 weights per channel
 * pair when in = mid = out (-33 % at k = 3). Padding {@code pad} applies to the vertical axis of the first
 * stage and the horizontal axis of the second, and likewise the stride, so the output has the size of a
 * k x k convolution with the same pad and stride.
 *
 * <p>Between the stages sits either batch norm + sign ({@code midNorm != null}, the default of the shipped
 * networks) or nothing. With batch norm + sign between, each stage is a clean binary layer: +/-1 in, a
 * popcount (crossbar column current) compared with one threshold, +/-1 out, so each stage maps to one
 * binary crossbar with comparators and no ADC. Without it, the intermediate is an integer-valued sum in
 * [-k*in, k*in]: the second stage then needs multi-level inputs (an ADC and DAC, or analogue chaining of
 * the column currents), which a binary crossbar does not have.
 */
public final class SeparableConv implements Layer {
    /**
     * A separable convolution's definition: the k x 1 stage, the batch norm (followed by sign) between the
     * stages or null for nothing between, and the 1 x k stage. Its parameters are those of its parts.
     */
    public record Spec(Conv.Spec vertical, BatchNorm.Spec midNorm, Conv.Spec horizontal) implements LayerSpec {
        public Spec {
            if (vertical.kw() != 1 || horizontal.kh() != 1 || vertical.kh() != horizontal.kw()) {
                throw new IllegalArgumentException("separable stages " + vertical.kh() + "x" + vertical.kw() + " and "
                        + horizontal.kh() + "x" + horizontal.kw() + ", expected k x 1 and 1 x k");
            }
            if (horizontal.in() != vertical.out()) {
                throw new IllegalArgumentException("the 1 x k stage has in = " + horizontal.in() + ", expected mid = "
                        + vertical.out());
            }
            if (midNorm != null && midNorm.channels() != vertical.out()) {
                throw new IllegalArgumentException("midNorm has " + midNorm.channels() + " channels, expected mid = "
                        + vertical.out());
            }
            if (vertical.binaryWeights() != horizontal.binaryWeights()) {
                throw new IllegalArgumentException("the stages differ in binaryWeights, expected the same for both");
            }
        }

        /**
         * A k x k separable convolution: k x 1 from in to mid channels (pad and stride on the vertical axis), then
         * 1 x k from mid to out (on the horizontal axis), with batch norm + sign between them when {@code midNorm}
         * is given (the 1 x k stage then takes +/-1 inputs, otherwise the integer sums of the first).
         */
        public static Spec of(int in, int mid, int out, int k, int pad, int stride, boolean binaryWeights,
                boolean realInput, BatchNorm.Spec midNorm, boolean verticalBias, boolean horizontalBias) {
            return new Spec(new Conv.Spec(in, mid, k, 1, pad, 0, stride, 1, binaryWeights, realInput, verticalBias), midNorm,
                    new Conv.Spec(mid, out, 1, k, 0, pad, 1, stride, binaryWeights, midNorm == null, horizontalBias));
        }

        @Override
        public String type() {
            return "sepconv";
        }

        @Override
        public boolean needsBinaryInput() {
            return vertical.needsBinaryInput();
        }

        @Override
        public Shape outputShape(Shape in) {
            return horizontal.outputShape(vertical.outputShape(in));
        }
    }

    private final Spec spec;
    private final Conv vertical;
    private final BatchNorm midNorm;
    private final Conv horizontal;

    /**
     * @param verticalWeights [mid][in][k][1]; @param horizontalWeights [out][mid][1][k]
     * @param midNorm batch norm over the mid channels followed by sign, or null for none between the stages
     */
    public SeparableConv(int in, int mid, int out, int k, int pad, int stride, boolean binaryWeights, boolean realInput,
            float[] verticalWeights, float[] verticalBias, BatchNorm midNorm, float[] horizontalWeights,
            float[] horizontalBias) {
        this(Spec.of(in, mid, out, k, pad, stride, binaryWeights, realInput, midNorm == null ? null : midNorm.spec(),
                verticalBias != null, horizontalBias != null), verticalWeights, verticalBias, midNorm, horizontalWeights,
                horizontalBias);
    }

    /** A separable convolution of definition {@code spec} with its stages' weights and biases and the norm between. */
    public SeparableConv(Spec spec, float[] verticalWeights, float[] verticalBias, BatchNorm midNorm,
            float[] horizontalWeights, float[] horizontalBias) {
        if (midNorm == null ? spec.midNorm() != null : !midNorm.spec().equals(spec.midNorm())) {
            throw new IllegalArgumentException("midNorm " + (midNorm == null ? "missing" : midNorm.spec().toString())
                    + ", expected " + spec.midNorm());
        }
        this.spec = spec;
        this.vertical = new Conv(spec.vertical(), verticalWeights, verticalBias);
        this.midNorm = midNorm;
        this.horizontal = new Conv(spec.horizontal(), horizontalWeights, horizontalBias);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    public Conv vertical() {
        return vertical;
    }

    public Conv horizontal() {
        return horizontal;
    }

    /** Batch norm (followed by sign) between the stages, or null. */
    public BatchNorm midNorm() {
        return midNorm;
    }

    public int in() {
        return vertical.in();
    }

    public int mid() {
        return vertical.out();
    }

    public int out() {
        return horizontal.out();
    }

    public int k() {
        return vertical.kh();
    }

    public int pad() {
        return vertical.padH();
    }

    public int stride() {
        return vertical.strideH();
    }

    public boolean binaryWeights() {
        return vertical.binaryWeights();
    }

    public boolean realInput() {
        return vertical.realInput();
    }

    @Override
    public long weightCount() {
        return vertical.weightCount() + horizontal.weightCount();
    }

    @Override
    public boolean hasBinaryWeights() {
        return vertical.binaryWeights();
    }

    @Override
    public int workSize(Shape in) {
        return vertical.outputShape(in).size();
    }

    @Override
    public void forward(float[] x, Shape s, float[] y, float[] work) {
        Shape midShape = vertical.outputShape(s);
        vertical.forward(x, s, work, null);
        if (midNorm != null) {
            midNorm.forward(work, midShape, work, null);
            for (int i = 0, n = midShape.size(); i < n; i++) {
                work[i] = work[i] >= 0f ? 1f : -1f;
            }
        }
        horizontal.forward(work, midShape, y, null);
    }
}
