package org.memspice.crossbar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The port reduction through the factorization (T by the adjoint of the column-current functional and Y by
 * bilinear forms, forward sweeps only, when both kinds of lines have wires; blocked unit-port solves otherwise)
 * against two independent paths: one full node solve per port through the factorization (forward and backward
 * sweeps, every node voltage, the column currents as device sums and the source currents from the driver nodes),
 * and one conjugate-gradient solve per port at a tolerance of 1e-14 (T to 1e-11, Y to 1e-10 of the largest entry). Also: a reduction rebuilt in place after a
 * refactor equals a fresh one, and a conjugate-gradient solver reset onto a new array equals a fresh solver.
 */
class PortReductionExactnessTest {

    static Stream<Arguments> arrays() {
        return Stream.of(
                // the compile card's technology: 10 uS / 100 nS, 1 ohm segments, 10 ohm drivers, ideal TIAs
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 23, 11, 1.0, 1.0, 10.0, Sensing.idealTia(1e4), 1e-5, 1e-7),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 21, 13, 1.0, 1.0, 10.0, Sensing.idealTia(1e4), 1e-5, 1e-7),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 17, 9, 2.5, 0.5, 0.0, Sensing.tia(1e4, 1e3), 1e-4, 1e-6),
                Arguments.of(ArrayScheme.CONDUCTANCES, 19, 16, 4.0, 2.0, 1.0, Sensing.resistor(50), 0, 0),
                // ideal lines: the blocked-solve path
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 9, 5, 0.0, 2.0, 0.0, Sensing.idealTia(1e4), 1e-4, 1e-6),
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 9, 5, 2.0, 0.0, 3.0, Sensing.idealTia(1e4), 1e-4, 1e-6));
    }

    private static CrossbarArray array(ArrayScheme scheme, int m, int n, double rw, double rb, double rd,
                                       Sensing sensing, double gOn, double gOff) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 31, rw, rb, rd, sensing, InputEncoding.BIPOLAR, 1);
        if (gOn > 0) {
            ArrayDesign d = spec.design();
            spec = spec.withDesign(new ArrayDesign(d.rows(), d.columns(), d.scheme(), gOn, gOff, d.wordLineSegment(),
                    d.bitLineSegment(), d.driverResistance(), d.sensing(), d.readVoltage(), d.encoding(), d.periphery(),
                    d.reference()));
        }
        // programming spread: every device off its ideal value
        CrossbarArray a = spec.array();
        double[] g = a.conductances();
        Random rnd = new Random(5);
        for (int k = 0; k < g.length; k++) {
            g[k] *= Math.exp(0.2 * rnd.nextGaussian());
        }
        return a.withConductances(g);
    }

    /** T (physical columns x inputs) and Y (inputs x inputs), from one full node solve per port. */
    private static double[][] perPortSolves(NodalSolver solver) {
        CrossbarNetwork net = solver.array().network();
        int m = net.rows();
        int p = net.cols();
        double[] t = new double[p * m];
        double[] y = new double[m * m];
        double[] unit = new double[m];
        double[] x = new double[net.size()];
        double[] ic = new double[p];
        double[] is = new double[m];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(unit, 0);
            unit[i] = 1;
            solver.solve(unit, x);
            net.columnCurrents(x, ic);
            net.sourceCurrents(unit, x, is);
            for (int c = 0; c < p; c++) {
                t[c * m + i] = ic[c];
            }
            for (int q = 0; q < m; q++) {
                y[q * m + i] = is[q];
            }
        }
        return new double[][] {t, y};
    }

    private static double[][] of(PortReduction r) {
        int m = r.inputs();
        int p = r.array().physicalColumns();
        double[] t = new double[p * m];
        double[] y = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < p; c++) {
                t[c * m + i] = r.transfer(c, i);
            }
            for (int q = 0; q < m; q++) {
                y[q * m + i] = r.admittance(q, i);
            }
        }
        return new double[][] {t, y};
    }

    private static double largest(double[] v) {
        double s = 0;
        for (double x : v) {
            s = Math.max(s, Math.abs(x));
        }
        return s;
    }

    private static void assertRelative(double[] expected, double[] actual, double tolerance, String what) {
        double scale = largest(expected);
        assertTrue(scale > 0, what + " is all zero");
        double worst = 0;
        for (int k = 0; k < expected.length; k++) {
            worst = Math.max(worst, Math.abs(expected[k] - actual[k]));
        }
        assertTrue(worst <= tolerance * scale, what + ": worst difference " + worst / scale + " of the largest entry;"
                + " expected at most " + tolerance);
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void theReductionAgreesWithFullPerPortSolvesToMachinePrecision(ArrayScheme scheme, int m, int n, double rw,
                                                                   double rb, double rd, Sensing sensing, double gOn,
                                                                   double gOff) {
        CrossbarArray a = array(scheme, m, n, rw, rb, rd, sensing, gOn, gOff);
        CrossbarFactorization f = new CrossbarFactorization(a);
        double[][] got = of(new PortReduction(f));
        double[][] direct = perPortSolves(f);
        assertRelative(direct[0], got[0], 1e-13, "T against per-port LDL' solves");
        assertRelative(direct[1], got[1], 1e-12, "Y against per-port LDL' solves");
        double[][] cg = perPortSolves(new ConjugateGradientSolver(a, 1e-14));
        assertRelative(cg[0], got[0], 1e-11, "T against per-port CG solves");
        // CG stops on the column currents; the driver-node voltages behind Y are converged a little less
        assertRelative(cg[1], got[1], 1e-10, "Y against per-port CG solves");
        // KCL: with every sense node and source the only way to ground, the sources deliver what the columns take
        // (Y = gDrive (1 - v_driver) is a small difference at these 10 uS devices: about 1e-11 of it is rounding)
        if (sensing.inputResistance() == 0) {
            double[] t = got[0];
            double[] y = got[1];
            for (int i = 0; i < m; i++) {
                double in = 0;
                double out = 0;
                for (int q = 0; q < m; q++) {
                    in += y[q * m + i];
                }
                for (int c = 0; c < a.physicalColumns(); c++) {
                    out += t[c * m + i];
                }
                assertEquals(in, out, 1e-10 * largest(y), "KCL for a unit source on input " + i);
            }
        }
    }

    @Test
    void aReductionRebuiltAfterARefactorEqualsAFreshOne() {
        CrossbarArray a = array(ArrayScheme.DOUBLE_COLUMN, 23, 11, 1.0, 1.0, 10.0, Sensing.idealTia(1e4), 1e-5, 1e-7);
        CrossbarFactorization.Structure s = CrossbarFactorization.Structure.of(a.network());
        CrossbarFactorization f = new CrossbarFactorization(s, a);
        PortReduction r = new PortReduction(f);
        Random rnd = new Random(3);
        for (double wire : new double[] {1.0, 2.5}) {
            double[] g = a.conductances();
            for (int k = 0; k < g.length; k++) {
                g[k] *= Math.exp(0.3 * rnd.nextGaussian());
            }
            ArrayDesign d = a.design();
            CrossbarArray b = CrossbarArray.ofConductances(new ArrayDesign(d.rows(), a.physicalColumns(),
                    ArrayScheme.CONDUCTANCES, d.gOn(), d.gOff(), wire, wire, d.driverResistance(), d.sensing(),
                    d.readVoltage(), d.encoding(), d.periphery(), null), g);
            f.refactor(b);
            r.rebuild(f);
            double[][] fresh = of(new PortReduction(new CrossbarFactorization(b)));
            double[][] rebuilt = of(r);
            assertArrayEquals(fresh[0], rebuilt[0], 0.0, "T rebuilt in place, wire " + wire);
            assertArrayEquals(fresh[1], rebuilt[1], 0.0, "Y rebuilt in place, wire " + wire);
            assertEquals(b, r.array());
        }
    }

    @Test
    void aConjugateGradientSolverResetOntoANewArrayEqualsAFreshOne() {
        CrossbarArray a = array(ArrayScheme.CONDUCTANCES, 19, 16, 4.0, 2.0, 1.0, Sensing.resistor(50), 0, 0);
        ConjugateGradientSolver cg = new ConjugateGradientSolver(a, 1e-12);
        double[] v = new double[a.rows()];
        java.util.Arrays.fill(v, 0.2);
        Random rnd = new Random(9);
        for (int trial = 0; trial < 3; trial++) {
            double[] g = a.conductances();
            for (int k = 0; k < g.length; k++) {
                g[k] *= Math.exp(0.3 * rnd.nextGaussian());
            }
            CrossbarArray b = a.withConductances(g);
            cg.reset(b);
            double[] got = new double[b.physicalColumns()];
            double[] want = new double[b.physicalColumns()];
            cg.columnCurrents(v, got);
            new ConjugateGradientSolver(b, 1e-12).columnCurrents(v, want);
            assertArrayEquals(want, got, 0.0);
            assertEquals(b, cg.array());
        }
    }
}
