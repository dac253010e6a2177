package org.memspice.circuit;

/**
 * Preconditioned conjugate gradients on the nodal form G v = b (Hestenes and Stiefel 1952; Saad,
 * "Iterative Methods for Sparse Linear Systems", 2nd ed., algorithm 9.1). Stops when the recomputed
 * residual ||b - G v||_2 is within {@code tolerance} ||b||_2.
 */
final class ConjugateGradients {
    /** Iterations used by the last solve. */
    int iterations;
    /** Relative residual ||b - G v|| / ||b|| at the end of the last solve (recomputed, not recursive). */
    double residual;

    /** Solves into v (overwritten, starting from zero); true if the tolerance was met within maxIterations. */
    boolean solve(NodalForm g, ChainPreconditioner m, double[] v, double tolerance, int maxIterations) {
        int n = g.n;
        double[] b = g.rhs;
        double[] r = b.clone();
        double[] z = new double[n];
        double[] p = new double[n];
        double[] q = new double[n];
        java.util.Arrays.fill(v, 0.0);
        double bnorm = Math.sqrt(dot(b, b));
        iterations = 0;
        if (bnorm == 0) {
            residual = 0;
            return true;
        }
        double goal = tolerance * bnorm;
        boolean stalled = false;
        for (int restart = 0; restart < 3 && !stalled; restart++) {
            double rz = m.apply(r, z);
            System.arraycopy(z, 0, p, 0, n);
            double rnorm = Math.sqrt(dot(r, r));
            while (rnorm > goal && iterations < maxIterations) {
                double pq = g.multiply(p, q);
                if (!(pq > 0)) break;                  // not positive definite, or exhausted
                double alpha = rz / pq;
                double rr = 0;
                for (int i = 0; i < n; i++) {
                    v[i] += alpha * p[i];
                    double ri = r[i] - alpha * q[i];
                    r[i] = ri;
                    rr += ri * ri;
                }
                rnorm = Math.sqrt(rr);
                iterations++;
                if (rnorm <= goal) break;
                // give up early when the mean convergence rate so far cannot reach the goal in the limit
                // (the direct path is then cheaper than finishing)
                if (iterations % 25 == 0 && iterations < maxIterations) {
                    double rate = Math.log(rnorm / bnorm) / iterations;
                    if (!(rate < 0) || Math.log(tolerance) / rate > 1.5 * maxIterations) {
                        stalled = true;
                        break;
                    }
                }
                double rzNew = m.apply(r, z);
                double beta = rzNew / rz;
                rz = rzNew;
                for (int i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
            }
            // the recursive residual drifts from the true one: recompute, and restart from it if needed
            g.multiply(v, q);
            for (int i = 0; i < n; i++) r[i] = b[i] - q[i];
            double trueNorm = Math.sqrt(dot(r, r));
            residual = trueNorm / bnorm;
            if (trueNorm <= goal) return true;
            if (stalled || iterations >= maxIterations || !Double.isFinite(trueNorm)) return false;
        }
        return false;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
