package org.memspice.bnn;

/**
 * Batch normalisation at inference (Ioffe and Szegedy 2015): y = gamma * (x - mean) / sqrt(var + eps) + beta
 * per channel, with the running mean and variance. Evaluated in double precision.
 */
public final class BatchNorm implements Layer {
    /**
     * A batch norm's definition: {@code channels} and {@code eps}. Its parameters are gamma, beta and the running
     * mean and variance, one each per channel.
     */
    public record Spec(int channels, double eps) implements LayerSpec {
        public Spec {
            if (channels < 1) {
                throw new IllegalArgumentException("batchnorm channels = " + channels + ", expected >= 1");
            }
            if (!(eps >= 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("batchnorm eps = " + eps + ", expected a finite value >= 0");
            }
        }

        @Override
        public String type() {
            return "batchnorm";
        }

        @Override
        public Shape outputShape(Shape in) {
            if (in.channels() != channels) {
                throw new IllegalArgumentException("batchnorm has " + channels + " channels but its input is " + in);
            }
            return in;
        }
    }

    private final Spec spec;
    private final int channels;
    private final double eps;
    private final float[] gamma, beta, mean, var;

    public BatchNorm(int channels, double eps, float[] gamma, float[] beta, float[] mean, float[] var) {
        this(new Spec(channels, eps), gamma, beta, mean, var);
    }

    public BatchNorm(Spec spec, float[] gamma, float[] beta, float[] mean, float[] var) {
        this.spec = spec;
        this.channels = spec.channels();
        this.eps = spec.eps();
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
    public Spec spec() {
        return spec;
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

    /**
     * The integer threshold of {@link #fold}, made exact at the last rounding step: tau is computed in
     * double, and where an integer lies within rounding of tau, the integer threshold is settled by evaluating
     * this batch norm on the pre-activation as a float (s + bias rounded to float, as a layer stores it)
     * on either side. The result is the boundary of the integer set where sign(BN(s + bias)) = +1, with
     * the direction of {@link #fold}.
     */
    public int integerThreshold(int c, double bias) {
        FoldedThreshold f = fold(c, bias);
        int t = f.integerThreshold();
        if (f.direction() == 0 || Math.abs(t) >= 1 << 24) {
            return t;
        }
        if (f.direction() > 0) {   // smallest s with BN >= 0
            while (apply((float) (t - 1 + bias), c) >= 0) {
                t--;
            }
            while (apply((float) (t + bias), c) < 0) {
                t++;
            }
        } else {                   // largest s with BN >= 0
            while (apply((float) (t + 1 + bias), c) >= 0) {
                t++;
            }
            while (apply((float) (t + bias), c) < 0) {
                t--;
            }
        }
        return t;
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
