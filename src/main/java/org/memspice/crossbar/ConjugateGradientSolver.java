package org.memspice.crossbar;

import org.memspice.SimulationException;
import org.memspice.numeric.ConjugateGradients;
import org.memspice.numeric.LinearOperator;
import org.memspice.numeric.TridiagonalBlocks;

/**
 * Conjugate gradients for the crossbar nodal system, preconditioned by the word-line and bit-line
 * tridiagonal blocks. With the word-line block W, the bit-line block B and the device conductances
 * C = diag(g), the system is [W -C; -C B] [u; v] = [b; 0]. The word lines are eliminated exactly (Thomas
 * algorithm), and CG runs on the bit-line Schur complement S = B - C W^-1 C, which is symmetric positive
 * definite, preconditioned by B (Thomas again): S v = C W^-1 b, then u = W^-1 (b + C v). This is CG with
 * the block symmetric Gauss-Seidel preconditioner of the full system restricted to its bit-line unknowns.
 * (Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., Algorithm 9.1 and section 14.5 on Schur
 * complement iterations.) Arrays with ideal lines need no iteration: the free lines are solved directly.
 *
 * <p>The iteration stops on what the user reads, the column currents, not on a residual norm that the driver
 * injection dominates: with r the Schur residual (the bit-line KCL residuals when u = W^-1 (b + C v)), the
 * current that the devices of column j deliver is I_j = gEnd v_(M-1,j) + sum_i r_ij. After each iteration
 * the change of every I_j, times rho / (1 - rho) with rho the observed contraction of these changes (the
 * larger of the last two ratios), estimates the error left in I_j (the convergence test of Hairer and Wanner,
 * "Solving Ordinary Differential Equations II", 2nd ed., IV.8); the solve stops when that estimate is within
 * the tolerance times the largest column current. Workspaces are allocated once per solver.
 */
public final class ConjugateGradientSolver implements NodalSolver {
    /** A change of the column currents this small against the largest is rounding. */
    private static final double ROUNDING = 1e-15;
    private CrossbarArray array;
    private CrossbarNetwork net;
    private final double tolerance;
    private final int maxIterations;
    private final double[] nodes;
    private final double[] sourceCurrents;
    private final TridiagonalBlocks wordLines;
    private final TridiagonalBlocks bitLines;
    private final ConjugateGradients cg;
    private final LinearOperator schur;
    private final double[] b;
    private final double[] full;
    private final double[] f;
    private final double[] v;
    private final double[] current;
    private final double[] now;
    private int iterations;
    private double relativeResidual;

    /**
     * @param tolerance relative accuracy of the column currents (against the largest) at which
     *                  {@link #solve(double[], double[])} stops
     */
    public ConjugateGradientSolver(CrossbarArray array, double tolerance) {
        this(array, tolerance, 10_000);
    }

    public ConjugateGradientSolver(CrossbarArray array, double tolerance, int maxIterations) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("conjugate-gradient tolerance " + tolerance + ": expected a value in (0, 1)");
        }
        this.array = array;
        this.net = array.network();
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        int m = net.rows;
        int n = net.cols;
        int mn = m * n;
        f = new double[mn];
        v = new double[mn];
        // the line blocks: f and v serve as the diagonal and coupling buffers here
        int[] starts = new int[m + 1];
        for (int i = 0; i <= m; i++) {
            starts[i] = i * n;
        }
        System.arraycopy(net.diag, 0, f, 0, mn);
        java.util.Arrays.fill(v, -net.gw);
        wordLines = TridiagonalBlocks.runs(starts, f, v);
        System.arraycopy(net.diag, mn, f, 0, mn);
        java.util.Arrays.fill(v, -net.gb);
        bitLines = TridiagonalBlocks.lanes(n, f, v);
        cg = new ConjugateGradients(mn);
        b = new double[2 * mn];
        full = new double[2 * mn];
        current = new double[n + 3];
        now = new double[n];
        nodes = new double[2 * mn];
        sourceCurrents = new double[m];
        schur = this::schurMultiply;
    }

    /**
     * Points this solver at another array of the same size (new conductances, other wire, driver or sense
     * resistances), refactoring the line blocks in place: no allocation, so one solver serves every sample of a
     * Monte Carlo run. The tolerance and iteration limit stay.
     */
    public void reset(CrossbarArray newArray) {
        CrossbarNetwork n = newArray.network();
        if (n.rows != net.rows || n.cols != net.cols) {
            throw new IllegalArgumentException("array " + n.rows + "x" + n.cols + " does not fit a solver of "
                    + net.rows + "x" + net.cols);
        }
        int mn = n.rows * n.cols;
        System.arraycopy(n.diag, 0, f, 0, mn);
        java.util.Arrays.fill(v, -n.gw);
        wordLines.refactor(f, v);
        System.arraycopy(n.diag, mn, f, 0, mn);
        java.util.Arrays.fill(v, -n.gb);
        bitLines.refactor(f, v);
        array = newArray;
        net = n;
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
    public void columnCurrents(double[] vIn, double[] out) {
        solve(vIn, nodes);
        net.columnCurrents(nodes, out);
    }

    @Override
    public double sourcePower(double[] vIn) {
        solve(vIn, nodes);
        return net.sourcePower(vIn, nodes, sourceCurrents);
    }

    /**
     * Solves for the node voltages {@code x} (length 2*M*N, word-line nodes then bit-line nodes) driven by
     * word-line sources {@code vIn}, until the column currents are accurate to {@code tolerance} times the
     * largest. The bit-line half of {@code x} is the starting guess. The reported residual is the true one of the
     * full system, ||b - A x|| / ||b||.
     */
    public void solve(double[] vIn, double[] x, double tolerance) {
        final int mn = net.rows * net.cols;
        net.rightHandSide(vIn, b);
        double bnorm = 0;
        for (int k = 0; k < 2 * mn; k++) {
            bnorm += b[k] * b[k];
        }
        bnorm = Math.sqrt(bnorm);
        int it = 0;
        if (bnorm == 0) {
            java.util.Arrays.fill(x, 0, 2 * mn, 0.0);
        } else if (net.wordLinesFixed && net.bitLinesFixed) {
            System.arraycopy(b, 0, x, 0, 2 * mn);
        } else if (net.wordLinesFixed) {
            System.arraycopy(b, 0, x, 0, mn);
            bitLines.solve(b, mn, x, mn);
        } else if (net.bitLinesFixed) {
            wordLines.solve(b, 0, x, 0);
            java.util.Arrays.fill(x, mn, 2 * mn, 0.0);
        } else {
            it = schur(x, tolerance);
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

    private int schur(double[] x, double tolerance) {
        final int mn = net.rows * net.cols;
        final double[] g = net.g;
        // f = C W^-1 b
        wordLines.solve(b, 0, f, 0);
        for (int k = 0; k < mn; k++) {
            f[k] *= g[k];
        }
        System.arraycopy(x, mn, v, 0, mn);
        java.util.Arrays.fill(current, 0.0);
        ConjugateGradients.Outcome o = cg.solve(schur, (r, z) -> {
            bitLines.solve(r, 0, z, 0);
            double rz = 0;
            for (int k = 0; k < mn; k++) {
                rz += r[k] * z[k];
            }
            return rz;
        }, f, v, (iteration, vk, r, norm) -> norm == 0 ? ConjugateGradients.Verdict.CONVERGED
                : currentsSettled(iteration, vk, r, tolerance), maxIterations, 0);
        if (o != ConjugateGradients.Outcome.CONVERGED) {
            throw new SimulationException("crossbar conjugate gradients did not converge (" + o.name().toLowerCase()
                    .replace('_', ' ') + "): Schur residual " + cg.residualNorm() + " A after " + cg.iterations()
                    + " iterations; column currents still changing by " + current[net.cols + 2] + " of the largest");
        }
        System.arraycopy(v, 0, x, mn, mn);
        // u = W^-1 (b + C v)
        for (int k = 0; k < mn; k++) {
            full[k] = b[k] + g[k] * v[k];
        }
        wordLines.solve(full, 0, x, 0);
        return cg.iterations();
    }

    /**
     * The stop test on the column currents I_j = gEnd v_last,j + sum_i r_ij. {@code current} holds the last
     * currents [0, n), the last changes' largest values [n, n+2) (previous, current) and the relative change at n+2.
     */
    private ConjugateGradients.Verdict currentsSettled(int iteration, double[] vk, double[] r, double tolerance) {
        final int m = net.rows;
        final int n = net.cols;
        final int last = (m - 1) * n;
        for (int j = 0; j < n; j++) {
            now[j] = net.gEnd * vk[last + j];
        }
        for (int i = 0; i < m; i++) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                now[j] += r[base + j];
            }
        }
        double change = 0;
        double largest = 0;
        for (int j = 0; j < n; j++) {
            change = Math.max(change, Math.abs(now[j] - current[j]));
            largest = Math.max(largest, Math.abs(now[j]));
            current[j] = now[j];
        }
        double before = current[n + 1];
        double twoBefore = current[n];
        current[n] = before;
        current[n + 1] = change;
        current[n + 2] = largest == 0 ? change : change / largest;
        if (iteration == 0) {
            return ConjugateGradients.Verdict.CONTINUE;
        }
        if (change <= ROUNDING * largest) {
            return ConjugateGradients.Verdict.CONVERGED;     // no change beyond rounding: nothing left to gain
        }
        if (iteration < 3) {
            return ConjugateGradients.Verdict.CONTINUE;
        }
        double rho = Math.max(change / before, before / twoBefore);
        if (!(rho < 1)) {
            return ConjugateGradients.Verdict.CONTINUE;
        }
        return change * rho / (1 - rho) <= tolerance * largest
                ? ConjugateGradients.Verdict.CONVERGED : ConjugateGradients.Verdict.CONTINUE;
    }

    /** out = S v = B v - C W^-1 C v; returns v'out. */
    private double schurMultiply(double[] src, double[] out) {
        final int m = net.rows;
        final int n = net.cols;
        final int mn = m * n;
        final double[] g = net.g;
        final double[] d = net.diag;
        final double gb = net.gb;
        final double[] z = full;
        for (int k = 0; k < mn; k++) {
            z[k] = g[k] * src[k];
        }
        wordLines.solve(z, 0, out, 0);
        double vs = 0;
        for (int i = 0; i < m; i++) {
            int base = i * n;
            int up = i > 0 ? -n : 0;
            int down = i < m - 1 ? n : 0;
            double wUp = i > 0 ? gb : 0;
            double wDown = i < m - 1 ? gb : 0;
            for (int k = base; k < base + n; k++) {
                double s = d[mn + k] * src[k] - g[k] * out[k] - wUp * src[k + up] - wDown * src[k + down];
                out[k] = s;
                vs += src[k] * s;
            }
        }
        return vs;
    }

    public int iterations() {
        return iterations;
    }

    public double relativeResidual() {
        return relativeResidual;
    }
}
