package org.memspice.numeric;

/** An approximate inverse of a symmetric positive definite operator, z = M^-1 r. */
public interface Preconditioner {
    /** Writes z = M^-1 r and returns r'z. */
    double apply(double[] r, double[] z);
}
