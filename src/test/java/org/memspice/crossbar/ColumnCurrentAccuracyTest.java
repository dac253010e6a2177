package org.memspice.crossbar;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conjugate-gradient read solver stops on the column currents, so its tolerance bounds their error: against
 * the direct LDL' solve of the same array (itself held to EJML's dense LU and to an independent MNA assembly
 * elsewhere), on the shipped 256-row single-column design cut to 256x128 and on the 128x128 conductance array,
 * where the driver injection dominates ||b|| and a relative-residual stop left 100 to 1000 times the tolerance in
 * the column currents.
 */
class ColumnCurrentAccuracyTest {

    private static double[] bipolar(int m, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = rnd.nextBoolean() ? 1 : -1;
        }
        return x;
    }

    /** max_j |I_cg - I_ldl| / max_j |I_ldl| and the iterations, at tolerance tol. */
    private static double[] error(CrossbarArray array, double[] v, double[] direct, double tol) {
        ConjugateGradientSolver cg = new ConjugateGradientSolver(array, tol);
        double[] ic = new double[direct.length];
        cg.columnCurrents(v, ic);
        double err = 0;
        double scale = 0;
        for (int j = 0; j < ic.length; j++) {
            err = Math.max(err, Math.abs(ic[j] - direct[j]));
            scale = Math.max(scale, Math.abs(direct[j]));
        }
        return new double[] {err / scale, cg.iterations(), cg.relativeResidual()};
    }

    @Test
    void singleColumn256x128CurrentsAgreeWithTheDirectSolveTo1e9AtTheBenchTolerance() {
        ArrayDesign design = CrossbarSpecReader.read(Path.of("circuits/crossbar-256x256-single.json")).design()
                .withSize(256, 128);
        Random rnd = new Random(5);
        int[] w = new int[256 * 128];
        for (int k = 0; k < w.length; k++) {
            w[k] = rnd.nextBoolean() ? 1 : -1;
        }
        CrossbarArray array = CrossbarArray.programmed(design, w);
        CrossbarFactorization ldl = new CrossbarFactorization(array);
        for (long seed = 1; seed <= 2; seed++) {
            double[] v = array.sourceVoltages(bipolar(256, seed));
            double[] direct = new double[array.physicalColumns()];
            ldl.columnCurrents(v, direct);
            for (double tol : new double[] {1e-10, 1e-12}) {
                double[] e = error(array, v, direct, tol);
                assertTrue(e[0] <= 1e-9 && e[0] <= 10 * tol, "tolerance " + tol + ": column currents off by " + e[0]
                        + " after " + (int) e[1] + " iterations (residual " + e[2] + ")");
                assertTrue(e[2] <= tol, "relative residual " + e[2]);
            }
        }
    }

    @Test
    void theToleranceBoundsTheColumnCurrentErrorOnALineDominatedArray() {
        CrossbarArray array = CrossbarSpecReader.read(Path.of("circuits/crossbar-128x128-conductances.json")).array();
        double[] v = array.sourceVoltages(bipolar(128, 3));
        double[] direct = new double[array.physicalColumns()];
        new CrossbarFactorization(array).columnCurrents(v, direct);
        int previous = 0;
        for (double tol : new double[] {1e-6, 1e-8, 1e-10, 1e-12}) {
            double[] e = error(array, v, direct, tol);
            assertTrue(e[0] <= tol, "tolerance " + tol + ": column currents off by " + e[0]);
            assertTrue(e[1] >= previous && e[1] <= 15, "iterations " + e[1]);
            previous = (int) e[1];
        }
    }
}
