package org.memspice.bnn;

/**
 * Batch norm followed by sign, folded into one comparison on the pre-activation sum s (Courbariaux et al.
 * 2016; Umuroglu et al., FINN, 2017): with sigma = sqrt(var + eps),
 * sign(gamma * (s + bias - mean) / sigma + beta) = +1 exactly when
 * <ul>
 * <li>gamma &gt; 0: s &gt;= tau ({@code direction = +1}),</li>
 * <li>gamma &lt; 0: s &lt;= tau ({@code direction = -1}),</li>
 * <li>gamma = 0: always sign(beta), with sign(0) = +1 ({@code direction = 0}, {@link #constant}),</li>
 * </ul>
 * where tau = mean - bias - beta * sigma / gamma. The tie s = tau gives +1 in both directions, matching
 * sign(0) = +1 (the normalised value is then exactly 0). For integer s (binary inputs) the comparison is
 * done against an integer: s &gt;= ceil(tau), or s &lt;= floor(tau).
 *
 * @param direction +1, -1, or 0 for a constant output
 * @param tau the threshold (unused when direction = 0)
 * @param constant the output when direction = 0: +1 or -1
 */
public record FoldedThreshold(int direction, double tau, int constant) {
    /** Integer thresholds are clamped to +/- this, far beyond any popcount sum. */
    static final int INTEGER_LIMIT = 1 << 30;

    public static FoldedThreshold of(double gamma, double beta, double mean, double var, double eps, double bias) {
        if (gamma == 0) {
            return new FoldedThreshold(0, 0, beta >= 0 ? 1 : -1);
        }
        double sigma = Math.sqrt(var + eps);
        return new FoldedThreshold(gamma > 0 ? 1 : -1, mean - bias - beta * sigma / gamma, 0);
    }

    /**
     * The exact integer threshold of channel {@code c} for integer sums (before {@code bias}): batch norm
     * {@code bn} + sign, or a bare sign when {@code bn} is null (+1 iff s + bias >= 0). The one folding that
     * both the bit-packed inference and the crossbar compiler use, so the two cannot differ by rounding.
     */
    public static int integerThreshold(BatchNorm bn, int c, double bias) {
        return bn == null ? new FoldedThreshold(1, -bias, 0).integerThreshold() : bn.integerThreshold(c, bias);
    }

    /** The threshold of channel {@code c} (before {@code bias}): batch norm + sign, or a bare sign when bn is null. */
    public static FoldedThreshold of(BatchNorm bn, int c, double bias) {
        return bn == null ? new FoldedThreshold(1, -bias, 0) : bn.fold(c, bias);
    }

    /** The binary output (+1 or -1) for sum s. */
    public int output(double s) {
        if (direction > 0) {
            return s >= tau ? 1 : -1;
        }
        if (direction < 0) {
            return s <= tau ? 1 : -1;
        }
        return constant;
    }

    /**
     * The integer form for integer sums: with direction +1 the output is +1 iff s &gt;= t, with -1 iff
     * s &lt;= t, where t = ceil(tau) or floor(tau), clamped to +/-2^30. A constant output (direction 0) is
     * expressed with direction +1 semantics: t = -2^30 (always +1) or +2^30 (always -1).
     */
    public int integerThreshold() {
        if (direction > 0) {
            return clamp(Math.ceil(tau));
        }
        if (direction < 0) {
            return clamp(Math.floor(tau));
        }
        return constant > 0 ? -INTEGER_LIMIT : INTEGER_LIMIT;
    }

    /** The binary output for an integer sum, using {@link #integerThreshold()}. */
    public int outputInt(int s) {
        int t = integerThreshold();
        if (direction < 0) {
            return s <= t ? 1 : -1;
        }
        return s >= t ? 1 : -1;
    }

    private static int clamp(double t) {
        if (t > INTEGER_LIMIT) {
            return INTEGER_LIMIT;
        }
        if (t < -INTEGER_LIMIT) {
            return -INTEGER_LIMIT;
        }
        return (int) t;
    }
}
