package org.memspice.bnn;

/**
 * Batch normalisation at inference (Ioffe and Szegedy 2015): y = gamma * (x - mean) / sqrt(var + eps) + beta
 * per channel, with the running mean and variance. Evaluated in double precision.
 */
public final class BatchNorm implements Layer {
    private final int channels;
    private final double eps;
    private final float[] gamma, beta, mean, var;

    public BatchNorm(int channels, double eps, float[] gamma, float[] beta, float[] mean, float[] var) {
        if (channels < 1) {
            throw new IllegalArgumentException("batchnorm channels = " + channels + ", expected >= 1");
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("batchnorm eps = " + eps + ", expected a finite value >= 0");
        }
        this.channels = channels;
        this.eps = eps;
        this.gamma = Checks.finite("gamma", gamma, channels).clone();
        this.beta = Checks.finite("beta", beta, channels).clone();
        this.mean = Checks.finite("mean", mean, channels).clone();
        this.var = Checks.finite("var", var, channels).clone();
        for (int c = 0; c < channels; c++) {
            if (var[c] + eps <= 0) {
                throw new IllegalArgumentException("batchnorm var[" + c + "] + eps = " + (var[c] + eps) + ", expected > 0");
            }
        }
    }

    @Override
    public String type() {
        return "batchnorm";
    }

    public int channels() {
        return channels;
    }

    public double eps() {
        return eps;
    }

    public float[] gamma() {
        return gamma.clone();
    }

    public float[] beta() {
        return beta.clone();
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] var() {
        return var.clone();
    }

    /** The normalised value of x in channel c. */
    public double apply(double x, int c) {
        return gamma[c] * (x - mean[c]) / Math.sqrt(var[c] + (double) eps) + beta[c];
    }

    /** The sign threshold this normalisation gives when a sign follows it (the input to it being {@code s + bias}). */
    public FoldedThreshold fold(int c, double bias) {
        return FoldedThreshold.of(gamma[c], beta[c], mean[c], var[c], eps, bias);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.channels() != channels) {
            throw new IllegalArgumentException("batchnorm has " + channels + " channels but its input is " + in);
        }
        return in;
    }

    @Override
    public void forward(float[] in, Shape inShape, float[] out, float[] work) {
        int plane = inShape.height() * inShape.width();
        for (int c = 0; c < channels; c++) {
            for (int p = c * plane, end = p + plane; p < end; p++) {
                out[p] = (float) apply(in[p], c);
            }
        }
    }
}
