package org.memspice.crossbar;

import org.memspice.SimulationException;

/**
 * Preconditioned conjugate gradients on the crossbar nodal matrix with the word-line/bit-line block
 * preconditioner (Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., Algorithm 9.1).
 * Workspaces are allocated once per solver; a solve allocates nothing.
 */
public final class ConjugateGradientSolver {
    private final CrossbarNetwork net;
    private final LineBlockPreconditioner precond;
    private final double[] b;
    private final double[] r;
    private final double[] z;
    private final double[] p;
    private final double[] q;
    private final int maxIterations;
    private int iterations;
    private double relativeResidual;

    public ConjugateGradientSolver(CrossbarNetwork net) {
        this(net, 10_000);
    }

    public ConjugateGradientSolver(CrossbarNetwork net, int maxIterations) {
        this.net = net;
        this.precond = new LineBlockPreconditioner(net);
        int size = net.size();
        b = new double[size];
        r = new double[size];
        z = new double[size];
        p = new double[size];
        q = new double[size];
        this.maxIterations = maxIterations;
    }

    /**
     * Solves for the node voltages {@code x} (length 2*M*N) driven by word-line sources {@code vIn} until
     * ||b - A x|| <= tolerance * ||b||; {@code x} holds the starting guess on entry.
     */
    public void solve(double[] vIn, double[] x, double tolerance) {
        net.rightHandSide(vIn, b);
        int size = b.length;
        double bnorm = Math.sqrt(dot(b, b, size));
        if (bnorm == 0) {
            java.util.Arrays.fill(x, 0, size, 0.0);
            iterations = 0;
            relativeResidual = 0;
            return;
        }
        net.multiply(x, q);
        for (int k = 0; k < size; k++) {
            r[k] = b[k] - q[k];
        }
        double rnorm = Math.sqrt(dot(r, r, size));
        int it = 0;
        if (rnorm > tolerance * bnorm) {
            precond.apply(r, z);
            System.arraycopy(z, 0, p, 0, size);
            double rz = dot(r, z, size);
            while (true) {
                net.multiply(p, q);
                double alpha = rz / dot(p, q, size);
                double rr = 0;
                for (int k = 0; k < size; k++) {
                    x[k] += alpha * p[k];
                    double rk = r[k] - alpha * q[k];
                    r[k] = rk;
                    rr += rk * rk;
                }
                it++;
                rnorm = Math.sqrt(rr);
                if (rnorm <= tolerance * bnorm) {
                    break;
                }
                if (it >= maxIterations || !Double.isFinite(rnorm)) {
                    throw new SimulationException("crossbar conjugate gradients did not converge: relative residual "
                            + rnorm / bnorm + " after " + it + " iterations (tolerance " + tolerance + ")");
                }
                precond.apply(r, z);
                double rzNew = dot(r, z, size);
                double beta = rzNew / rz;
                rz = rzNew;
                for (int k = 0; k < size; k++) {
                    p[k] = z[k] + beta * p[k];
                }
            }
        }
        // report the true residual, not the recurrence
        net.multiply(x, q);
        double rr = 0;
        for (int k = 0; k < size; k++) {
            double rk = b[k] - q[k];
            rr += rk * rk;
        }
        iterations = it;
        relativeResidual = Math.sqrt(rr) / bnorm;
    }

    public int iterations() {
        return iterations;
    }

    public double relativeResidual() {
        return relativeResidual;
    }

    private static double dot(double[] a, double[] c, int size) {
        double s = 0;
        for (int k = 0; k < size; k++) {
            s += a[k] * c[k];
        }
        return s;
    }
}
