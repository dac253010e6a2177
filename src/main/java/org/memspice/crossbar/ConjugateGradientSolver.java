package org.memspice.crossbar;

import org.memspice.SimulationException;

/**
 * Conjugate gradients for the crossbar nodal system, preconditioned by the word-line and bit-line
 * tridiagonal blocks. With the word-line block W, the bit-line block B and the device conductances
 * C = diag(g), the system is [W -C; -C B] [u; v] = [b; 0]. The word lines are eliminated exactly (Thomas
 * algorithm), and CG runs on the bit-line Schur complement S = B - C W^-1 C, which is symmetric positive
 * definite, preconditioned by B (Thomas again): S v = C W^-1 b, then u = W^-1 (b + C v). This is CG with
 * the block symmetric Gauss-Seidel preconditioner of the full system restricted to its bit-line unknowns:
 * half the condition number's square root of the block-Jacobi iteration, on vectors half as long.
 * (Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., Algorithm 9.1 and section 14.5 on Schur
 * complement iterations.) Arrays with ideal lines need no iteration: the free lines are solved directly.
 * Workspaces are allocated once per solver; a solve allocates nothing.
 */
public final class ConjugateGradientSolver implements NodalSolver {
    private final CrossbarArray array;
    private final CrossbarNetwork net;
    private final double tolerance;
    private final double[] nodes;
    private final double[] sourceCurrents;
    private final LineBlockPreconditioner blocks;
    private final double[] b;
    private final double[] full;
    private final double[] r;
    private final double[] z;
    private final double[] p;
    private final double[] q;
    private final double[] t;
    private final int maxIterations;
    private int iterations;
    private double relativeResidual;

    /** @param tolerance relative residual ||b - Ax|| / ||b|| at which {@link #solve(double[], double[])} stops */
    public ConjugateGradientSolver(CrossbarArray array, double tolerance) {
        this(array, tolerance, 10_000);
    }

    public ConjugateGradientSolver(CrossbarArray array, double tolerance, int maxIterations) {
        this.array = array;
        this.net = array.network();
        this.tolerance = tolerance;
        this.blocks = new LineBlockPreconditioner(net);
        int mn = net.rows * net.cols;
        b = new double[2 * mn];
        full = new double[2 * mn];
        r = new double[mn];
        z = new double[mn];
        p = new double[mn];
        q = new double[mn];
        t = new double[mn];
        this.maxIterations = maxIterations;
        nodes = new double[2 * mn];
        sourceCurrents = new double[net.rows];
    }

    @Override
    public CrossbarArray array() {
        return array;
    }

    /** Solves from a zero start to the solver's tolerance. */
    @Override
    public void solve(double[] vIn, double[] x) {
        java.util.Arrays.fill(x, 0.0);
        solve(vIn, x, tolerance);
    }

    @Override
    public void columnCurrents(double[] v, double[] out) {
        solve(v, nodes);
        net.columnCurrents(nodes, out);
    }

    @Override
    public double sourcePower(double[] v) {
        solve(v, nodes);
        return net.sourcePower(v, nodes, sourceCurrents);
    }

    /**
     * Solves for the node voltages {@code x} (length 2*M*N, word-line nodes then bit-line nodes) driven by
     * word-line sources {@code vIn}, until the Schur-complement residual is at most tolerance * ||b||. The
     * bit-line half of {@code x} is the starting guess. The reported residual is the true one of the full
     * system, ||b - A x|| / ||b||.
     */
    public void solve(double[] vIn, double[] x, double tolerance) {
        final int mn = net.rows * net.cols;
        net.rightHandSide(vIn, b);
        double bnorm = Math.sqrt(dot(b, 0, b, 0, 2 * mn));
        int it = 0;
        if (bnorm == 0) {
            java.util.Arrays.fill(x, 0, 2 * mn, 0.0);
        } else if (net.wordLinesFixed && net.bitLinesFixed) {
            System.arraycopy(b, 0, x, 0, 2 * mn);
        } else if (net.wordLinesFixed) {
            System.arraycopy(b, 0, x, 0, mn);
            blocks.solveBitLines(b, mn, x, mn);
        } else if (net.bitLinesFixed) {
            blocks.solveWordLines(b, 0, x, 0);
            java.util.Arrays.fill(x, mn, 2 * mn, 0.0);
        } else {
            it = schur(x, tolerance * bnorm);
        }
        net.multiply(x, full);
        double rr = 0;
        for (int k = 0; k < 2 * mn; k++) {
            double rk = b[k] - full[k];
            rr += rk * rk;
        }
        iterations = it;
        relativeResidual = bnorm == 0 ? 0 : Math.sqrt(rr) / bnorm;
    }

    private int schur(double[] x, double absTol) {
        final int mn = net.rows * net.cols;
        final double[] g = net.g;
        // f = C W^-1 b into t; residual r = f - S v for the guess v = x[mn..]
        blocks.solveWordLines(b, 0, t, 0);
        for (int k = 0; k < mn; k++) {
            t[k] *= g[k];
        }
        schurMultiply(x, mn, q);
        double rr = 0;
        for (int k = 0; k < mn; k++) {
            double rk = t[k] - q[k];
            r[k] = rk;
            rr += rk * rk;
        }
        int it = 0;
        if (Math.sqrt(rr) > absTol) {
            blocks.solveBitLines(r, 0, z, 0);
            System.arraycopy(z, 0, p, 0, mn);
            double rz = dot(r, 0, z, 0, mn);
            while (true) {
                schurMultiply(p, 0, q);
                double alpha = rz / dot(p, 0, q, 0, mn);
                rr = 0;
                for (int k = 0; k < mn; k++) {
                    x[mn + k] += alpha * p[k];
                    double rk = r[k] - alpha * q[k];
                    r[k] = rk;
                    rr += rk * rk;
                }
                it++;
                double rnorm = Math.sqrt(rr);
                if (rnorm <= absTol) {
                    break;
                }
                if (it >= maxIterations || !Double.isFinite(rnorm)) {
                    throw new SimulationException("crossbar conjugate gradients did not converge: residual " + rnorm
                            + " A after " + it + " iterations (target " + absTol + " A)");
                }
                blocks.solveBitLines(r, 0, z, 0);
                double rzNew = dot(r, 0, z, 0, mn);
                double beta = rzNew / rz;
                rz = rzNew;
                for (int k = 0; k < mn; k++) {
                    p[k] = z[k] + beta * p[k];
                }
            }
        }
        // u = W^-1 (b + C v)
        for (int k = 0; k < mn; k++) {
            t[k] = b[k] + g[k] * x[mn + k];
        }
        blocks.solveWordLines(t, 0, x, 0);
        return it;
    }

    /** out = S v = B v - C W^-1 C v for v = src[so..so+MN). */
    private void schurMultiply(double[] src, int so, double[] out) {
        final int m = net.rows;
        final int n = net.cols;
        final int mn = m * n;
        final double[] g = net.g;
        final double[] d = net.diag;
        final double gb = net.gb;
        for (int k = 0; k < mn; k++) {
            z[k] = g[k] * src[so + k];
        }
        blocks.solveWordLines(z, 0, out, 0);
        for (int i = 0; i < m; i++) {
            int base = i * n;
            int up = i > 0 ? -n : 0;
            int down = i < m - 1 ? n : 0;
            double wUp = i > 0 ? gb : 0;
            double wDown = i < m - 1 ? gb : 0;
            for (int k = base; k < base + n; k++) {
                out[k] = d[mn + k] * src[so + k] - g[k] * out[k] - wUp * src[so + k + up] - wDown * src[so + k + down];
            }
        }
    }

    public int iterations() {
        return iterations;
    }

    public double relativeResidual() {
        return relativeResidual;
    }

    private static double dot(double[] a, int ao, double[] c, int co, int size) {
        double s = 0;
        for (int k = 0; k < size; k++) {
            s += a[ao + k] * c[co + k];
        }
        return s;
    }
}
