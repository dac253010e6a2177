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
        this.vertical = new Conv(in, mid, k, 1, pad, 0, stride, 1, binaryWeights, realInput, verticalWeights, verticalBias);
        boolean binaryMid = midNorm != null;
        this.horizontal = new Conv(mid, out, 1, k, 0, pad, 1, stride, binaryWeights, !binaryMid,
                horizontalWeights, horizontalBias);
        if (midNorm != null && midNorm.channels() != mid) {
            throw new IllegalArgumentException("midNorm has " + midNorm.channels() + " channels, expected mid = " + mid);
        }
        this.midNorm = midNorm;
    }

    @Override
    public String type() {
        return "sepconv";
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
    public Shape outputShape(Shape in) {
        return horizontal.outputShape(vertical.outputShape(in));
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
