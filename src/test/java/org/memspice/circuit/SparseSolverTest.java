package org.memspice.circuit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SparseSolverTest {

    /** Dense LU (EJML) of the same MNA matrix: an independent solve of the sparse result. */
    private static double[] denseSolve(MnaSystem sys) {
        Load ld = new Load(sys);
        ld.x = new double[sys.size()];
        ld.held = sys.initialGuess();
        sys.load(ld);
        int n = sys.size();
        DMatrixRMaj a = new DMatrixRMaj(n, n), b = new DMatrixRMaj(n, 1), x = new DMatrixRMaj(n, 1);
        int[] cp = sys.pattern().columnPointers(), ri = sys.pattern().rowIndices();
        for (int c = 0; c < n; c++) for (int k = cp[c]; k < cp[c + 1]; k++) a.add(ri[k], c, ld.jf[k]);
        for (int i = 0; i < n; i++) b.set(i, 0, -ld.f[i]);   // F(0) + J x = 0 for a linear circuit
        assertTrue(CommonOps_DDRM.solve(a, b, x));
        return x.data;
    }

    @Test
    void nestedDissectionLduMatchesDenseLuOnARandomMesh() {
        compareWithDense(true);
    }

    @Test
    void symmetricLdlOfAResistiveMeshMatchesDenseLu() {
        // only resistors and grounded voltage sources: the MNA matrix is symmetric, factored as L D L'
        compareWithDense(false);
    }

    private static void compareWithDense(boolean controlled) {
        SplittableRandom rnd = new SplittableRandom(7);
        Circuit c = new Circuit();
        int rows = 12, cols = 15;
        for (int r = 0; r < rows; r++) {
            c.voltageSource("V" + r, "d" + r, "0", 0.1 * (r + 1));
            c.resistor("Rd" + r, "d" + r, "n" + r + "_0", 10);
            c.resistor("Rl" + r, "n" + r + "_" + (cols - 1), "0", 100);
            for (int k = 0; k < cols; k++) {
                if (k + 1 < cols) c.resistor("Rh" + r + "_" + k, "n" + r + "_" + k, "n" + r + "_" + (k + 1), 1e3 + 1e5 * rnd.nextDouble());
                if (r + 1 < rows) c.resistor("Rv" + r + "_" + k, "n" + r + "_" + k, "n" + (r + 1) + "_" + k, 1e3 + 1e5 * rnd.nextDouble());
            }
        }
        if (controlled) {
            c.vcvs("E1", "e", "0", "n3_4", "n7_9", 5);
            c.resistor("Re", "e", "0", 1e3);
            c.currentSource("I1", "0", "n5_5", 1e-4);
        }
        MnaSystem sys = new MnaSystem(c);
        double[] ref = denseSolve(sys);
        Solution s = new OperatingPoint(sys).solve();
        double[] x = s.unknowns();
        for (int i = 0; i < x.length; i++) {
            assertEquals(ref[i], x[i], 1e-11 * Math.max(1e-3, Math.abs(ref[i])), sys.unknownName(i));
        }
    }

    @Test
    void nodeBetweenVoltageSourcesNeedsPivotingAndGetsIt() {
        // node a touches only voltage sources: its diagonal is zero, static pivots fail, partial pivoting serves
        Circuit c = new Circuit();
        c.voltageSource("V1", "a", "0", 1.0);
        c.voltageSource("V2", "b", "a", 0.5);
        c.resistor("R1", "b", "0", 1e3);
        c.resistor("R2", "b", "c", 1e3);
        c.resistor("R3", "c", "0", 1e3);
        Solution s = new OperatingPoint(c).solve();
        assertEquals(1.0, s.voltage("a"), 1e-15);
        assertEquals(1.5, s.voltage("b"), 1e-15);
        assertEquals(0.75, s.voltage("c"), 1e-15);
        assertEquals(-(1.5e-3 + 0.75e-3), s.current("V2"), 1e-17);
        assertEquals(s.current("V2"), s.current("V1"), 1e-17);
    }
}
