package org.memspice.numeric;

/** A symmetric linear operator applied to vectors, y = A x (the nodal matrix of a network, a Schur complement). */
public interface LinearOperator {
    /** Writes y = A x and returns x'y (computed in the same pass, as conjugate gradients need it). */
    double multiply(double[] x, double[] y);
}
