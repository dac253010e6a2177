package org.memspice.numeric;

/**
 * Preconditioned conjugate gradients for a symmetric positive definite operator (Hestenes and Stiefel 1952;
 * Saad, "Iterative Methods for Sparse Linear Systems", 2nd ed., algorithm 9.1). What "converged" means is the
 * caller's {@link StopTest}: a relative residual, or the change of the quantities a user reads. Optionally the
 * residual is recomputed from b - A x when the recursive one says converged, and the iteration restarts from it
 * if the recursive residual had drifted. Workspaces are allocated once; one instance per thread.
 */
public final class ConjugateGradients {
    /** How a solve ended. */
    public enum Outcome {
        CONVERGED,
        /** The stop test gave up. */
        GAVE_UP,
        ITERATION_LIMIT,
        /** Non-positive curvature (the operator or preconditioner is not positive definite) or non-finite values. */
        BREAKDOWN,
        /** The recomputed residual stayed short of the stop test after every restart (rounding floor). */
        STAGNATED
    }

    /** What a stop test says after an iteration. */
    public enum Verdict { CONTINUE, CONVERGED, GIVE_UP }

    /** Decides after each iteration (and before the first, iteration 0) whether the iterate is good enough. */
    public interface StopTest {
        /**
         * @param iteration iterations done so far
         * @param x the iterate
         * @param r its residual b - A x (the recursive one during the iteration, recomputed after a restart)
         * @param residualNorm ||r||_2
         */
        Verdict check(int iteration, double[] x, double[] r, double residualNorm);
    }

    private final int n;
    private final double[] r;
    private final double[] z;
    private final double[] p;
    private final double[] q;
    private int iterations;
    private double residualNorm;

    public ConjugateGradients(int n) {
        this.n = n;
        r = new double[n];
        z = new double[n];
        p = new double[n];
        q = new double[n];
    }

    /** Stops when ||b - A x||_2 <= tolerance * ||b||_2. */
    public static StopTest relativeResidual(double tolerance, double[] b) {
        double goal = tolerance * Math.sqrt(dot(b, b, b.length));
        return (it, x, res, norm) -> norm <= goal ? Verdict.CONVERGED : Verdict.CONTINUE;
    }

    /**
     * Solves A x = b from the guess in x (overwritten with the solution).
     *
     * @param restarts how many times the iteration may restart from the residual recomputed as b - A x; with
     *                 restarts > 0, CONVERGED means the recomputed residual passed the stop test (0: trust the
     *                 recursive residual)
     */
    public Outcome solve(LinearOperator a, Preconditioner m, double[] b, double[] x, StopTest stop, int maxIterations,
                         int restarts) {
        iterations = 0;
        a.multiply(x, q);
        double rr = 0;
        for (int i = 0; i < n; i++) {
            double ri = b[i] - q[i];
            r[i] = ri;
            rr += ri * ri;
        }
        residualNorm = Math.sqrt(rr);
        Verdict v = stop.check(0, x, r, residualNorm);
        for (int round = 0; ; round++) {
            if (v == Verdict.CONVERGED) {
                return Outcome.CONVERGED;
            }
            if (v == Verdict.GIVE_UP) {
                return Outcome.GAVE_UP;
            }
            if (round > restarts) {
                return Outcome.STAGNATED;
            }
            Outcome o = iterate(a, m, x, stop, maxIterations);
            if (o == Outcome.ITERATION_LIMIT || o == Outcome.GAVE_UP || restarts == 0) {
                return o;
            }
            // the recursive residual drifts from the true one: recompute, and go on from it if needed
            a.multiply(x, q);
            rr = 0;
            for (int i = 0; i < n; i++) {
                double ri = b[i] - q[i];
                r[i] = ri;
                rr += ri * ri;
            }
            residualNorm = Math.sqrt(rr);
            if (!Double.isFinite(residualNorm)) {
                return Outcome.BREAKDOWN;
            }
            v = stop.check(iterations, x, r, residualNorm);
            if (o == Outcome.BREAKDOWN && v != Verdict.CONVERGED && round == restarts) {
                return Outcome.BREAKDOWN;
            }
        }
    }

    private Outcome iterate(LinearOperator a, Preconditioner m, double[] x, StopTest stop, int maxIterations) {
        double rz = m.apply(r, z);
        System.arraycopy(z, 0, p, 0, n);
        while (iterations < maxIterations) {
            double pq = a.multiply(p, q);
            if (!(pq > 0) || !Double.isFinite(rz)) {
                return Outcome.BREAKDOWN;             // not positive definite, or exhausted
            }
            double alpha = rz / pq;
            double rr = 0;
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                double ri = r[i] - alpha * q[i];
                r[i] = ri;
                rr += ri * ri;
            }
            iterations++;
            residualNorm = Math.sqrt(rr);
            if (!Double.isFinite(residualNorm)) {
                return Outcome.BREAKDOWN;
            }
            Verdict v = stop.check(iterations, x, r, residualNorm);
            if (v == Verdict.CONVERGED) {
                return Outcome.CONVERGED;
            }
            if (v == Verdict.GIVE_UP) {
                return Outcome.GAVE_UP;
            }
            double rzNew = m.apply(r, z);
            double beta = rzNew / rz;
            rz = rzNew;
            for (int i = 0; i < n; i++) {
                p[i] = z[i] + beta * p[i];
            }
        }
        return Outcome.ITERATION_LIMIT;
    }

    /** Iterations of the last solve. */
    public int iterations() {
        return iterations;
    }

    /** ||r||_2 at the end of the last solve (recomputed if the solve restarted, else the recursive one). */
    public double residualNorm() {
        return residualNorm;
    }

    static double dot(double[] a, double[] b, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
