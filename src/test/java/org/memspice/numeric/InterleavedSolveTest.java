package org.memspice.numeric;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The interleaved right-hand-side solves of {@link LdlFactorization} (values of one unknown side by side, in
 * elimination order): the full solve against a dense solve, and the forward substitution restricted to the
 * elimination-tree reach of sparse right-hand sides giving the bilinear forms b_q' A^-1 b_p = z_q' D^-1 z_p.
 */
class InterleavedSolveTest {

    private static int[] scrambledOrder(int n) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = (k * 7) % n;
        }
        return order;
    }

    @Test
    void interleavedSolvesAndReachRestrictedForwardSweepsAgreeWithDenseSolves() {
        Random rnd = new Random(11);
        double[][] a = Matrices.crossbar(4, 5, 1.0, 2.0, rnd);
        int n = a.length;
        Matrices.Csc csc = Matrices.Csc.of(a);
        int[] order = scrambledOrder(n);   // 7 and 40 are coprime: a permutation
        SymbolicFactorization s = SymbolicFactorization.analyse(n, csc.colPtr(), csc.rowIdx(), order);
        LdlFactorization ldl = new LdlFactorization(s);
        ldl.factor(csc.values());
        int count = 3;
        int[] units = {0, 17, 33};
        double[] w = new double[n * count];
        for (int r = 0; r < count; r++) {
            w[s.position(units[r]) * count + r] = 1;
        }
        double[] full = w.clone();
        ldl.solveInterleaved(full, count);
        double[][] inverse = new double[count][];
        for (int r = 0; r < count; r++) {
            double[] e = new double[n];
            e[units[r]] = 1;
            inverse[r] = Matrices.denseSolve(a, e);
            double[] x = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = full[s.position(k) * count + r];
            }
            assertArrayEquals(inverse[r], x, 1e-10, "column " + r + " of A^-1");
        }
        int[] starts = new int[count];
        for (int r = 0; r < count; r++) {
            starts[r] = s.position(units[r]);
        }
        int[] reach = s.reach(starts);
        double[] z = w.clone();
        ldl.forwardInterleaved(z, count, reach);
        double[] zAll = w.clone();
        ldl.forwardInterleaved(zAll, count);
        assertArrayEquals(zAll, z, 0.0, "the reach holds every position the sweep writes");
        for (int q = 0; q < count; q++) {
            for (int p = 0; p < count; p++) {
                double form = 0;
                for (int k : reach) {
                    form += z[k * count + q] * z[k * count + p] / ldl.pivot(k);
                }
                assertEquals(inverse[p][units[q]], form, 1e-12 * Math.abs(inverse[p][units[p]]), "A^-1(" + q + "," + p + ")");
            }
        }
    }
}
