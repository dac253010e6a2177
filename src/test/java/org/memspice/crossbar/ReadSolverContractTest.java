package org.memspice.crossbar;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One contract for every {@link ReadSolver}: conjugate gradients, the LDL' factorization (fresh and
 * refactored on a shared structure) and the port reduction (built blocked through the factorization, and
 * one port at a time through conjugate gradients) give the column currents and source power of an
 * independent textbook MNA solve of the same element list, by EJML's sparse LU.
 */
class ReadSolverContractTest {

    static Stream<Arguments> arrays() {
        return Stream.of(
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 9, 5, 2.5, 1.0, 10.0, Sensing.idealTia(1e4)),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 12, 7, 1.0, 3.0, 0.0, Sensing.idealTia(1e4)),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 6, 6, 0.5, 0.5, 5.0, Sensing.tia(1e4, 1e3)),
                Arguments.of(ArrayScheme.CONDUCTANCES, 7, 9, 4.0, 2.0, 1.0, Sensing.resistor(50)),
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 5, 4, 0.0, 2.0, 0.0, Sensing.idealTia(1e4)),
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 5, 4, 2.0, 0.0, 3.0, Sensing.idealTia(1e4)));
    }

    private static List<ReadSolver> solvers(CrossbarArray array) {
        List<ReadSolver> list = new ArrayList<>();
        list.add(new ConjugateGradientSolver(array, 1e-14));
        CrossbarFactorization f = new CrossbarFactorization(array);
        list.add(f);
        list.add(new PortReduction(f));
        list.add(new PortReduction(new ConjugateGradientSolver(array, 1e-14)));
        return list;
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void everySolverGivesTheIndependentMnaSolution(ArrayScheme scheme, int m, int n, double rw, double rb, double rd,
                                                   Sensing sensing) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 13, rw, rb, rd, sensing, InputEncoding.BIPOLAR, 3);
        CrossbarArray array = spec.array();
        for (double[] x : spec.inputs()) {
            double[] v = array.sourceVoltages(x);
            ElementListMna ref = new ElementListMna(new CrossbarCircuit(array, v).circuit());
            int p = array.physicalColumns();
            double[] expected = new double[p];
            double scale = 0;
            for (int j = 0; j < p; j++) {
                expected[j] = ref.columnCurrent(j, sensing);
                scale = Math.max(scale, Math.abs(expected[j]));
            }
            double power = 0;
            for (int i = 0; i < m; i++) {
                power -= v[i] * ref.branchCurrent("vin" + i);
            }
            for (ReadSolver s : solvers(array)) {
                double[] got = new double[p];
                s.columnCurrents(v, got);
                String name = s.getClass().getSimpleName();
                for (int j = 0; j < p; j++) {
                    assertEquals(expected[j], got[j], 1e-10 * scale, name + " column " + j);
                }
                assertEquals(power, s.sourcePower(v), 1e-10 * Math.abs(power), name + " source power");
            }
        }
    }

    @Test
    void batchedColumnCurrentsEqualSingleReads() {
        CrossbarSpec spec = Fixtures.weights(ArrayScheme.SINGLE_COLUMN, 10, 6, 3, 1, 1, 2, Sensing.idealTia(1e4),
                InputEncoding.UNIPOLAR, 4);
        CrossbarArray array = spec.array();
        int m = array.rows();
        int p = array.physicalColumns();
        double[] volts = new double[4 * m];
        for (int b = 0; b < 4; b++) {
            System.arraycopy(array.sourceVoltages(spec.inputs().get(b)), 0, volts, b * m, m);
        }
        for (ReadSolver s : solvers(array)) {
            double[] batch = new double[4 * p];
            s.columnCurrents(volts, 4, batch);
            for (int b = 0; b < 4; b++) {
                double[] one = new double[p];
                s.columnCurrents(java.util.Arrays.copyOfRange(volts, b * m, (b + 1) * m), one);
                assertArrayEquals(one, java.util.Arrays.copyOfRange(batch, b * p, (b + 1) * p), 1e-18);
            }
        }
    }

    @Test
    void refactoringOnASharedStructureEqualsAFreshFactorization() {
        CrossbarSpec spec = Fixtures.weights(ArrayScheme.DOUBLE_COLUMN, 16, 8, 5, 2, 2, 10, Sensing.idealTia(1e4),
                InputEncoding.BIPOLAR, 1);
        CrossbarArray a = spec.array();
        double[] g = a.conductances();
        Random rnd = new Random(3);
        for (int k = 0; k < g.length; k++) {
            g[k] *= Math.exp(0.3 * rnd.nextGaussian());
        }
        CrossbarArray b = a.withConductances(g);
        CrossbarFactorization.Structure structure = CrossbarFactorization.Structure.of(a.network());
        CrossbarFactorization shared = new CrossbarFactorization(structure, a);
        shared.refactor(b);
        CrossbarFactorization fresh = new CrossbarFactorization(b);
        double[] v = b.sourceVoltages(spec.inputs().get(0));
        double[] x1 = new double[b.network().size()];
        double[] x2 = new double[b.network().size()];
        shared.solve(v, x1);
        fresh.solve(v, x2);
        assertArrayEquals(x2, x1, 0.0);
        assertTrue(structure.fits(b.network()));
        CrossbarArray other = Fixtures.weights(ArrayScheme.DOUBLE_COLUMN, 16, 9, 5, 2, 2, 10, Sensing.idealTia(1e4),
                InputEncoding.BIPOLAR, 1).array();
        assertThrows(IllegalArgumentException.class, () -> shared.refactor(other));
    }

    @Test
    void withConductancesKeepsTheColumnMappingAndWeights() {
        CrossbarSpec spec = Fixtures.weights(ArrayScheme.SINGLE_COLUMN, 4, 5, 2, 1, 1, 0, Sensing.idealTia(1e4),
                InputEncoding.BIPOLAR, 1);
        CrossbarArray a = spec.array();
        double[] g = a.conductances();
        int ref = a.referenceColumn();
        assertEquals(spec.design().gBar(), g[ref], 0.0);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                int w = spec.weights()[i * 5 + j];
                assertEquals(w > 0 ? 1e-4 : 1e-6, g[i * a.physicalColumns() + a.plusColumn(j)], 0.0);
            }
        }
        g[0] *= 2;
        CrossbarArray b = a.withConductances(g);
        assertArrayEquals(spec.weights(), b.weights());
        for (int j = 0; j < 5; j++) {
            assertEquals(a.plusColumn(j), b.plusColumn(j));
            assertEquals(a.minusColumn(j), b.minusColumn(j));
        }
        assertEquals(2 * a.network().conductance(0, 0), b.network().conductance(0, 0), 0.0);
    }
}
