package org.memspice.circuit;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Conjugate gradients on the nodal form with the chain preconditioner: against closed forms, against the
 * direct MNA path (an independent factorization of the full MNA matrix), and KCL at every node.
 */
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
                double r = rnd.nextBoolean() ? 1e4 : 1e6;
                c.resistor("Rg" + i + "_" + j, "w" + i + "_" + j, "b" + i + "_" + j, r * (0.5 + rnd.nextDouble()));
            }
        }
        return c;
    }

    /** An n x n resistive mesh with random resistors, driven at one corner, grounded at the other. */
    static Circuit mesh(int n, long seed) {
        Random rnd = new Random(seed);
        Circuit c = new Circuit("mesh");
        c.voltageSource("V1", "src", "0", 1.0);
        c.resistor("Rsrc", "src", "m0_0", 1.0);
        c.resistor("Rgnd", "m" + (n - 1) + "_" + (n - 1), "0", 1.0);
        c.currentSource("I1", "0", "m" + (n / 2) + "_" + (n / 3), 1e-3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j + 1 < n) c.resistor("Rh" + i + "_" + j, "m" + i + "_" + j, "m" + i + "_" + (j + 1), 1 + rnd.nextDouble());
                if (i + 1 < n) c.resistor("Rv" + i + "_" + j, "m" + i + "_" + j, "m" + (i + 1) + "_" + j, 1 + rnd.nextDouble());
            }
        }
        return c;
    }

    private static Solution iterative(Circuit c) {
        OperatingPoint op = new OperatingPoint(c).solver(DcSolver.ITERATIVE);
        Solution s = op.solve();
        assertTrue(op.report().method().startsWith("conjugate gradients"), op.report().toString());
        assertTrue(op.report().residual() <= 1e-12, op.report().toString());
        return s;
    }

    /** Node voltages and V-source currents of the iterative solution against the direct path. */
    private static void assertAgreesWithDirect(Circuit c, Solution it, double rel) {
        OperatingPoint dop = new OperatingPoint(c).solver(DcSolver.DIRECT);
        Solution d = dop.solve();
        assertTrue(dop.report().method().startsWith("direct"));
        double vScale = 0, iScale = 0;
        for (int n = 1; n <= c.nodeCount(); n++) vScale = Math.max(vScale, Math.abs(d.voltage(n)));
        for (Element e : c.elements()) if (e instanceof VoltageSource) iScale = Math.max(iScale, Math.abs(d.current(e.name())));
        for (int n = 1; n <= c.nodeCount(); n++) assertEquals(d.voltage(n), it.voltage(n), rel * vScale, c.nodeName(n));
        for (Element e : c.elements()) {
            if (e instanceof VoltageSource) assertEquals(d.current(e.name()), it.current(e.name()), rel * iScale, e.name());
        }
    }

    /** KCL at every node (sources included), relative to the largest element current. */
    private static void assertKcl(Circuit c, Solution s, double rel) {
        double scale = 0;
        for (Element e : c.elements()) for (double i : s.terminalCurrents(e)) scale = Math.max(scale, Math.abs(i));
        double[] r = s.kclResidual();
        for (int k = 0; k < r.length; k++) assertEquals(0.0, r[k] / scale, rel, c.nodeName(k + 1));
        assertEquals(0.0, s.totalPower() / s.deliveredPower(), rel);
    }

    @Test
    void crossbarFindsWordAndBitLinesAndAgreesWithDirect() {
        Circuit c = crossbar(12, 10, 1.0, 1);
        OperatingPoint op = new OperatingPoint(c).solver(DcSolver.ITERATIVE);
        Solution s = op.solve();
        // chains: 12 word lines (10 nodes each) and 10 bit lines (12 nodes each), found from values alone
        assertEquals(22, op.report().chains(), op.report().toString());
        assertTrue(op.report().note().contains("longest 12"), op.report().note());
        assertTrue(op.report().iterations() <= 20, op.report().toString());
        assertAgreesWithDirect(c, s, 1e-9);
        assertKcl(c, s, 1e-10);
    }

    @Test
    void largerCrossbarChosenAutomaticallyAndConvergesInFewIterations() {
        Circuit c = crossbar(32, 32, 2.5, 2);
        OperatingPoint op = new OperatingPoint(c);            // AUTO: 2048 free nodes
        Solution s = op.solve();
        assertTrue(op.report().method().startsWith("conjugate gradients"), op.report().toString());
        assertEquals(64, op.report().chains());
        assertTrue(op.report().iterations() <= 25, op.report().toString());
        assertAgreesWithDirect(c, s, 1e-9);
        assertKcl(c, s, 1e-10);
    }

    @Test
    void meshAgreesWithDirect() {
        Circuit c = mesh(30, 3);
        // AUTO: an isotropic mesh is not line-dominated, so the factorization is chosen
        OperatingPoint auto = new OperatingPoint(c);
        auto.solve();
        assertTrue(auto.report().method().startsWith("direct"), auto.report().toString());
        assertTrue(auto.report().note().contains("coupling conductance"), auto.report().note());
        Solution s = iterative(c);
        assertAgreesWithDirect(c, s, 1e-9);
        assertKcl(c, s, 1e-10);
    }

    @Test
    void ladderMatchesClosedForm() {
        // N equal resistors from a source to ground, a current source into the far end of a second ladder
        int n = 700;
        double v = 1.7, r = 3.3, i0 = 2e-3;
        Circuit c = new Circuit("ladders");
        c.voltageSource("V1", "a0", "0", v);
        for (int k = 0; k < n; k++) c.resistor("Ra" + k, "a" + k, k + 1 == n ? "0" : "a" + (k + 1), r);
        c.currentSource("I1", "0", "b0", i0);
        for (int k = 0; k < n; k++) c.resistor("Rb" + k, "b" + k, k + 1 == n ? "0" : "b" + (k + 1), r);
        Solution s = iterative(c);
        for (int k = 0; k < n; k++) {
            assertEquals(v * (n - k) / n, s.voltage("a" + k), 1e-9 * v, "a" + k);
            assertEquals(i0 * r * (n - k), s.voltage("b" + k), 1e-9 * i0 * r * n, "b" + k);
        }
        // ngspice sign: the delivering source's current is negative
        assertEquals(-v / (n * r), s.current("V1"), 1e-9 * v / (n * r));
    }

    @Test
    void stackedSourcesAndSourcesBetweenFixedNodesGiveClosedFormCurrents() {
        // V1 0->a 1 V, V2 a->b 2 V (b at 3 V), R between a and b, loads to ground
        Circuit c = new Circuit("stacked");
        c.voltageSource("V1", "a", "0", 1.0);
        c.voltageSource("V2", "b", "a", 2.0);
        c.resistor("Rab", "a", "b", 100);
        c.resistor("Ra", "a", "0", 50);
        c.resistor("Rb", "b", "x", 300);
        c.resistor("Rx", "x", "0", 600);
        OperatingPoint op = new OperatingPoint(c).solver(DcSolver.ITERATIVE);
        Solution s = op.solve();
        assertTrue(op.report().method().startsWith("conjugate"), op.report().toString());
        assertEquals(2.0, s.voltage("x"), 1e-12);
        double iRb = 3.0 / 900;                      // b -> x -> 0
        double iRab = -2.0 / 100;                    // a -> b
        // V2 carries Rb's load and Rab's return: current into b's plus terminal from the circuit
        assertEquals(-(iRb - iRab), s.current("V2"), 1e-15);
        // V1 carries Ra and V2's branch
        assertEquals(-(1.0 / 50 + iRab + (iRb - iRab)), s.current("V1"), 1e-15);
        assertKcl(c, s, 1e-13);
    }

    @Test
    void withoutStrongCouplingsChainsAreSingleNodesAndCgStillConverges() {
        // random graph, conductances spread over six decades: almost no coupling dominates a node's others
        Random rnd = new Random(4);
        int n = 600;
        Circuit c = new Circuit("random graph");
        c.voltageSource("V1", "n0", "0", 1.0);
        for (int k = 1; k < n; k++) {
            c.resistor("Rt" + k, "n" + k, "n" + rnd.nextInt(k), Math.pow(10, 6 * rnd.nextDouble()));
            c.resistor("Ru" + k, "n" + k, "n" + rnd.nextInt(n), Math.pow(10, 6 * rnd.nextDouble()));
            c.resistor("Rg" + k, "n" + k, "0", 1e6);
        }
        OperatingPoint op = new OperatingPoint(c).solver(DcSolver.ITERATIVE);
        Solution s = op.solve();
        assertTrue(op.report().method().startsWith("conjugate"), op.report().toString());
        assertTrue(op.report().chains() > n / 3, op.report().toString());
        assertAgreesWithDirect(c, s, 1e-9);
        // conductances over six decades: the 2-norm residual bound (1e-12 of the injected currents) spreads
        // to single nodes less evenly
        assertKcl(c, s, 1e-9);
    }

    @Test
    void fallsBackToDirectWhenCgDoesNotConvergeInTheIterationLimit() {
        Circuit c = mesh(20, 5);
        OperatingPoint op = new OperatingPoint(c).solver(DcSolver.ITERATIVE).cgMaxIterations(2);
        Solution s = op.solve();
        assertTrue(op.report().method().startsWith("direct"), op.report().toString());
        assertTrue(op.report().note().contains("direct fallback"), op.report().note());
        assertAgreesWithDirect(c, s, 1e-12);
    }

    @Test
    void circuitsOutsideTheNodalFormUseTheDirectPath() {
        Circuit e = crossbar(4, 4, 1.0, 6);
        e.vcvs("E1", "amp", "0", "w0_0", "0", 2.0);
        e.resistor("Ramp", "amp", "0", 1e3);
        OperatingPoint op = new OperatingPoint(e).solver(DcSolver.ITERATIVE);
        op.solve();
        assertTrue(op.report().method().startsWith("direct"));
        assertTrue(op.report().note().contains("E1"), op.report().note());

        Circuit f = new Circuit("source between free nodes");
        f.voltageSource("V1", "a", "b", 1.0);
        f.resistor("R1", "a", "0", 1e3);
        f.resistor("R2", "b", "0", 2e3);
        OperatingPoint fop = new OperatingPoint(f).solver(DcSolver.ITERATIVE);
        Solution s = fop.solve();
        assertTrue(fop.report().method().startsWith("direct"));
        assertEquals(1.0 / 3, s.voltage("a"), 1e-15);

        // AUTO keeps small circuits on the direct path
        OperatingPoint small = new OperatingPoint(crossbar(4, 4, 1.0, 7));
        small.solve();
        assertTrue(small.report().method().startsWith("direct"), small.report().toString());
    }
}
