package org.memspice.circuit;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Conjugate gradients on the nodal form with the chain preconditioner, against the direct MNA path. */
class NodalCgTest {

    /** A crossbar-like array: driven word lines, bit lines held at 0 V by sources, random devices. */
    static Circuit crossbar(int rows, int cols, double wire, long seed) {
        Random rnd = new Random(seed);
        Circuit c = new Circuit("grid");
        for (int i = 0; i < rows; i++) {
            c.voltageSource("Vin" + i, "in" + i, "0", 0.1 + 0.2 * rnd.nextDouble());
            c.resistor("Rd" + i, "in" + i, "w" + i + "_0", 10);
            for (int j = 0; j + 1 < cols; j++) c.resistor("Rw" + i + "_" + j, "w" + i + "_" + j, "w" + i + "_" + (j + 1), wire);
        }
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i + 1 < rows; i++) c.resistor("Rb" + i + "_" + j, "b" + i + "_" + j, "b" + (i + 1) + "_" + j, wire);
            c.resistor("Rs" + j, "b" + (rows - 1) + "_" + j, "s" + j, wire);
            c.voltageSource("Vs" + j, "s" + j, "0", 0.0);
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double r = rnd.nextBoolean() ? 1e5 : 1e7;
                c.resistor("Rg" + i + "_" + j, "w" + i + "_" + j, "b" + i + "_" + j, r * (0.5 + rnd.nextDouble()));
            }
        }
        return c;
    }

    private static void assertAgree(Circuit c, double rel) {
        Solution it = new OperatingPoint(c).solver(DcSolver.ITERATIVE).solve();
        OperatingPoint dop = new OperatingPoint(c).solver(DcSolver.DIRECT);
        Solution d = dop.solve();
        double scale = 0;
        for (int n = 1; n <= c.nodeCount(); n++) scale = Math.max(scale, Math.abs(d.voltage(n)));
        for (int n = 1; n <= c.nodeCount(); n++) {
            assertEquals(d.voltage(n), it.voltage(n), rel * scale, c.nodeName(n));
        }
    }

    @Test
    void crossbarAgreesWithDirect() {
        Circuit c = crossbar(12, 10, 1.0, 1);
        OperatingPoint op = new OperatingPoint(c).solver(DcSolver.ITERATIVE);
        Solution s = op.solve();
        System.out.println(op.report());
        assertTrue(op.report().method().startsWith("conjugate"), op.report().toString());
        assertAgree(c, 1e-9);
    }
}
