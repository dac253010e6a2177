package org.memspice.circuit;

/**
 * How a linear DC operating point is solved. AUTO: conjugate gradients on the nodal form for linear
 * resistive circuits of at least {@link #AUTO_THRESHOLD} free nodes, the MNA direct factorization
 * otherwise; DIRECT and ITERATIVE force one (ITERATIVE falls back to DIRECT where the nodal form does not
 * apply or CG does not converge).
 */
public enum DcSolver {
    AUTO, DIRECT, ITERATIVE;

    /** Free nodes from which AUTO chooses the iterative path. */
    public static final int AUTO_THRESHOLD = 500;

    /** What solved a DC point: method, CG iterations and relative residual, and why the choice was made. */
    public record Report(String method, int iterations, double residual, int chains, String note) {}
}
