package org.memspice.numeric;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.memspice.SimulationException;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of the iterative kernels: the Thomas solver of tridiagonal blocks (both layouts) and
 * preconditioned conjugate gradients, against EJML's dense LU on random SPD matrices, M-matrices and
 * crossbar-like grids; indefinite and singular inputs end without a converged verdict and without NaN.
 */
class IterativeContractTest {

    /** y = A x for a dense matrix; returns x'y. */
    static LinearOperator dense(double[][] a) {
        return (x, y) -> {
            double xy = 0;
            for (int i = 0; i < a.length; i++) {
                double s = 0;
                for (int j = 0; j < a.length; j++) {
                    s += a[i][j] * x[j];
                }
                y[i] = s;
                xy += x[i] * s;
            }
            return xy;
        };
    }

    static Preconditioner jacobi(double[][] a) {
        return (r, z) -> {
            double rz = 0;
            for (int i = 0; i < a.length; i++) {
                z[i] = r[i] / a[i][i];
                rz += r[i] * z[i];
            }
            return rz;
        };
    }

    @Test
    void thomasRunsAndLanesSolveTheirTridiagonalBlocksLikeDenseLu() {
        Random rnd = new Random(3);
        int[] start = {0, 1, 5, 5, 12, 20};          // blocks of 1, 4, 0, 7 and 8 unknowns
        int n = 20;
        double[] diag = new double[n];
        double[] coupling = new double[n];
        double[][] a = new double[n][n];
        for (int b = 0; b + 1 < start.length; b++) {
            for (int t = start[b]; t < start[b + 1]; t++) {
                coupling[t] = t > start[b] ? -0.5 - rnd.nextDouble() : 99;   // the first entry is ignored
                diag[t] = 2.5 + rnd.nextDouble();
                a[t][t] = diag[t];
                if (t > start[b]) {
                    a[t][t - 1] = a[t - 1][t] = coupling[t];
                }
            }
        }
        double[] r = Matrices.randomVector(n, rnd);
        double[] z = new double[n];
        TridiagonalBlocks.runs(start, diag, coupling).solve(r, 0, z, 0);
        FactorizationContractTest.assertClose(Matrices.denseSolve(a, r), z, 1e-14, "runs");
        // lanes: 3 blocks of 5 interleaved (unknown t of block b at 3t + b); in place with an offset
        int lanes = 3, len = 5;
        double[] ld = new double[lanes * len];
        double[] lc = new double[lanes * len];
        double[][] la = new double[lanes * len][lanes * len];
        for (int k = 0; k < ld.length; k++) {
            ld[k] = 2 + rnd.nextDouble();
            lc[k] = k >= lanes ? -rnd.nextDouble() : 0;
            la[k][k] = ld[k];
            if (k >= lanes) {
                la[k][k - lanes] = la[k - lanes][k] = lc[k];
            }
        }
        double[] lr = Matrices.randomVector(lanes * len, rnd);
        double[] buffer = new double[2 + lanes * len];
        System.arraycopy(lr, 0, buffer, 2, lr.length);
        TridiagonalBlocks.lanes(lanes, ld, lc).solve(buffer, 2, buffer, 2);
        FactorizationContractTest.assertClose(Matrices.denseSolve(la, lr),
                java.util.Arrays.copyOfRange(buffer, 2, buffer.length), 1e-14, "lanes");
        // a singular block is refused
        double[] sd = {1, 1};
        double[] sc = {0, -1};
        assertThrows(SimulationException.class, () -> TridiagonalBlocks.runs(new int[] {0, 2}, sd, sc));
        assertThrows(IllegalArgumentException.class, () -> TridiagonalBlocks.lanes(3, new double[7], new double[7]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"random SPD", "M-matrix", "crossbar grid"})
    void conjugateGradientsConvergeToTheDenseSolution(String kind) {
        Random rnd = new Random(kind.hashCode());
        double[][] a = FactorizationContractTest.matrix(kind, rnd);
        int n = a.length;
        double[] b = Matrices.randomVector(n, rnd);
        double[] ref = Matrices.denseSolve(a, b);
        ConjugateGradients cg = new ConjugateGradients(n);
        double[] x = new double[n];
        ConjugateGradients.Outcome o = cg.solve(dense(a), jacobi(a), b, x,
                ConjugateGradients.relativeResidual(1e-11, b), 10 * n, 2);
        assertEquals(ConjugateGradients.Outcome.CONVERGED, o);
        // the residual is the recomputed one, within the tolerance
        double[] ax = new double[n];
        dense(a).multiply(x, ax);
        double rr = 0, bb = 0;
        for (int i = 0; i < n; i++) {
            rr += (b[i] - ax[i]) * (b[i] - ax[i]);
            bb += b[i] * b[i];
        }
        assertEquals(Math.sqrt(rr), cg.residualNorm(), 1e-3 * Math.sqrt(rr) + 1e-300);
        assertTrue(Math.sqrt(rr / bb) <= 1e-11);
        // forward error bounded by the condition number times the residual: generous for these matrices
        FactorizationContractTest.assertClose(ref, x, 1e-8, kind);
    }

    @Test
    void theLinePreconditionerOfACrossbarGridCutsTheIterations() {
        Random rnd = new Random(8);
        int rows = 12, cols = 10, mn = rows * cols;
        double[][] a = Matrices.crossbar(rows, cols, 1.0, 1.0, rnd);
        double[] b = Matrices.randomVector(2 * mn, rnd);
        // word lines as runs, bit lines as lanes of the bit-line half (unknowns mn + i*cols + j)
        int[] start = new int[rows + 1];
        for (int i = 0; i <= rows; i++) start[i] = i * cols;
        double[] wd = new double[mn], wc = new double[mn], bd = new double[mn], bc = new double[mn];
        for (int k = 0; k < mn; k++) {
            wd[k] = a[k][k];
            wc[k] = k % cols > 0 ? a[k][k - 1] : 0;
            bd[k] = a[mn + k][mn + k];
            bc[k] = k >= cols ? a[mn + k][mn + k - cols] : 0;
        }
        TridiagonalBlocks w = TridiagonalBlocks.runs(start, wd, wc);
        TridiagonalBlocks bl = TridiagonalBlocks.lanes(cols, bd, bc);
        Preconditioner lines = (r, z) -> {
            w.solve(r, 0, z, 0);
            bl.solve(r, mn, z, mn);
            double rz = 0;
            for (int k = 0; k < 2 * mn; k++) rz += r[k] * z[k];
            return rz;
        };
        ConjugateGradients cg = new ConjugateGradients(2 * mn);
        double[] x = new double[2 * mn];
        assertEquals(ConjugateGradients.Outcome.CONVERGED,
                cg.solve(dense(a), lines, b, x, ConjugateGradients.relativeResidual(1e-12, b), 1000, 2));
        int withLines = cg.iterations();
        FactorizationContractTest.assertClose(Matrices.denseSolve(a, b), x, 1e-9, "line preconditioner");
        double[] y = new double[2 * mn];
        assertEquals(ConjugateGradients.Outcome.CONVERGED,
                cg.solve(dense(a), jacobi(a), b, y, ConjugateGradients.relativeResidual(1e-12, b), 1000, 2));
        assertTrue(2 * withLines < cg.iterations(), "lines " + withLines + " vs Jacobi " + cg.iterations());
    }

    @Test
    void indefiniteOrSingularOperatorsEndWithoutAConvergedVerdictOrNaN() {
        Random rnd = new Random(2);
        double[][] a = Matrices.randomSpd(30, rnd);
        a[4][4] = -a[4][4];                            // indefinite: negative curvature along e_4
        double[] b = new double[30];
        b[4] = 1;
        double[] x = new double[30];
        ConjugateGradients cg = new ConjugateGradients(30);
        Preconditioner identity = (r, z) -> {
            System.arraycopy(r, 0, z, 0, r.length);
            double rz = 0;
            for (double v : r) rz += v * v;
            return rz;
        };
        ConjugateGradients.Outcome o = cg.solve(dense(a), identity, b, x, ConjugateGradients.relativeResidual(1e-12, b), 200, 2);
        assertNotEquals(ConjugateGradients.Outcome.CONVERGED, o);
        for (double v : x) assertTrue(Double.isFinite(v));
        // singular (floating network), right-hand side outside the range: no convergence, no NaN
        double[][] f = Matrices.floatingNetwork(25, rnd);
        double[] ones = new double[25];
        java.util.Arrays.fill(ones, 1.0);
        double[] y = new double[25];
        o = new ConjugateGradients(25).solve(dense(f), jacobi(f), ones, y, ConjugateGradients.relativeResidual(1e-12, ones), 60, 2);
        assertNotEquals(ConjugateGradients.Outcome.CONVERGED, o);
        for (double v : y) assertTrue(Double.isFinite(v));
        // a stop test may give up
        ConjugateGradients.StopTest never = (it, v, r, norm) -> it >= 3 ? ConjugateGradients.Verdict.GIVE_UP
                : ConjugateGradients.Verdict.CONTINUE;
        double[][] spd = Matrices.randomSpd(30, rnd);
        ConjugateGradients c3 = new ConjugateGradients(30);
        assertEquals(ConjugateGradients.Outcome.GAVE_UP, c3.solve(dense(spd), jacobi(spd), b, new double[30], never, 100, 0));
        assertEquals(3, c3.iterations());
        // a zero right-hand side converges at once to zero
        double[] zero = new double[30];
        double[] z0 = new double[30];
        assertEquals(ConjugateGradients.Outcome.CONVERGED,
                c3.solve(dense(spd), jacobi(spd), zero, z0, ConjugateGradients.relativeResidual(1e-12, zero), 100, 0));
        assertArrayEquals(new double[30], z0, 0.0);
    }
}
