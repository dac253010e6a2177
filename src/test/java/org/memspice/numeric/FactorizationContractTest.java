package org.memspice.numeric;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memspice.SimulationException;

import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One contract for the sparse factorizations (L D L' and the static-pivot L D U on one symbolic structure):
 * against EJML's dense LU on random SPD matrices, M-matrices (conductance networks), crossbar-like grids and
 * (L D U) unsymmetric MNA-like matrices, in natural and nested-dissection order; many right-hand sides equal
 * one at a time; a refactorization with new values equals a fresh factorization; singular and indefinite
 * inputs are refused with a clear error, never NaN.
 */
class FactorizationContractTest {

    /** The solve contract for one numeric phase: factor values, solve one, solve many. */
    interface Numeric {
        void factor(double[] values);

        void solve(double[] b, double[] x);

        void solve(double[] b, double[] x, int count);
    }

    static Numeric ldl(SymbolicFactorization s) {
        LdlFactorization f = new LdlFactorization(s);
        return new Numeric() {
            public void factor(double[] v) {
                f.factor(v);
            }

            public void solve(double[] b, double[] x) {
                f.solve(b, x);
            }

            public void solve(double[] b, double[] x, int count) {
                f.solve(b, x, count);
            }
        };
    }

    static Numeric ldlStatic(SymbolicFactorization s) {
        LdlFactorization f = new LdlFactorization(s);
        return new Numeric() {
            public void factor(double[] v) {
                assertTrue(f.factorStaticPivots(v), "static pivots failed at unknown " + f.failedUnknown());
            }

            public void solve(double[] b, double[] x) {
                f.solve(b, x);
            }

            public void solve(double[] b, double[] x, int count) {
                f.solve(b, x, count);
            }
        };
    }

    static Numeric ldu(SymbolicFactorization s) {
        LduFactorization f = new LduFactorization(s);
        return new Numeric() {
            public void factor(double[] v) {
                assertTrue(f.factor(v), "static pivots failed at unknown " + f.failedUnknown());
            }

            public void solve(double[] b, double[] x) {
                f.solve(b, x);
            }

            public void solve(double[] b, double[] x, int count) {
                f.solve(b, x, count);
            }
        };
    }

    static Stream<Arguments> symmetricCases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String kind : new String[] {"random SPD", "M-matrix", "crossbar grid"}) {
            for (String order : new String[] {"natural", "nested dissection"}) {
                for (String phase : new String[] {"LDL' definite", "LDL' static pivots", "LDU"}) {
                    cases.add(Arguments.of(kind, order, phase));
                }
            }
        }
        return cases.build();
    }

    static double[][] matrix(String kind, Random rnd) {
        return switch (kind) {
            case "random SPD" -> Matrices.randomSpd(60, rnd);
            case "M-matrix" -> Matrices.mMatrix(70, rnd);
            case "crossbar grid" -> Matrices.crossbar(6, 7, 1.0, 0.4, rnd);
            case "MNA" -> Matrices.mna(50, 6, 10, rnd);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static int[] order(String order, Matrices.Csc a) {
        if (order.equals("natural")) {
            int[] id = new int[a.n()];
            for (int i = 0; i < id.length; i++) {
                id[i] = i;
            }
            return NestedDissection.zeroDiagonalsAfterNeighbours(id, a.n(), a.colPtr(), a.rowIdx());
        }
        return NestedDissection.zeroDiagonalsAfterNeighbours(NestedDissection.order(a.n(), a.colPtr(), a.rowIdx()),
                a.n(), a.colPtr(), a.rowIdx());
    }

    static Function<SymbolicFactorization, Numeric> phase(String phase) {
        return switch (phase) {
            case "LDL' definite" -> FactorizationContractTest::ldl;
            case "LDL' static pivots" -> FactorizationContractTest::ldlStatic;
            case "LDU" -> FactorizationContractTest::ldu;
            default -> throw new IllegalArgumentException(phase);
        };
    }

    @ParameterizedTest(name = "{0}, {1} order, {2}")
    @MethodSource("symmetricCases")
    void symmetricMatricesAgreeWithDenseLu(String kind, String order, String phase) {
        check(kind, order, phase);
    }

    static Stream<Arguments> unsymmetricCases() {
        return Stream.of(Arguments.of("MNA", "natural", "LDU"), Arguments.of("MNA", "nested dissection", "LDU"));
    }

    @ParameterizedTest(name = "{0}, {1} order, {2}")
    @MethodSource("unsymmetricCases")
    void unsymmetricMnaMatricesAgreeWithDenseLu(String kind, String order, String phase) {
        check(kind, order, phase);
    }

    private static void check(String kind, String orderName, String phaseName) {
        Random rnd = new Random(kind.hashCode() + 31L * orderName.hashCode());
        double[][] a = matrix(kind, rnd);
        int n = a.length;
        Matrices.Csc csc = Matrices.Csc.of(a);
        SymbolicFactorization s = SymbolicFactorization.analyse(n, csc.colPtr(), csc.rowIdx(), order(orderName, csc));
        Numeric f = phase(phaseName).apply(s);
        f.factor(csc.values());
        // one right-hand side against the dense LU
        double[] b = Matrices.randomVector(n, rnd);
        double[] ref = Matrices.denseSolve(a, b);
        double[] x = new double[n];
        f.solve(b, x);
        assertClose(ref, x, 1e-10, kind);
        // many right-hand sides at once equal one at a time, bit for bit
        int count = 5;
        double[] bs = new double[count * n];
        for (int k = 0; k < bs.length; k++) {
            bs[k] = rnd.nextGaussian();
        }
        double[] xs = new double[count * n];
        f.solve(bs, xs, count);
        for (int r = 0; r < count; r++) {
            double[] one = new double[n];
            f.solve(java.util.Arrays.copyOfRange(bs, r * n, (r + 1) * n), one);
            assertArrayEquals(one, java.util.Arrays.copyOfRange(xs, r * n, (r + 1) * n), 0.0, "right-hand side " + r);
        }
        // a refactorization with new values on the same structure equals a fresh factorization, bit for bit
        double[][] a2 = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a2[i][j] = a[i][j] * (i == j ? 1.5 : 1 + 0.2 * rnd.nextDouble() * (a[i][j] == a[j][i] ? 0 : 1));
            }
        }
        // keep symmetric inputs symmetric: scale each pair alike
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (a[i][j] == a[j][i]) {
                    double k = 1 + 0.3 * rnd.nextDouble();
                    a2[i][j] = a[i][j] * k;
                    a2[j][i] = a[j][i] * k;
                }
            }
        }
        double[] v2 = csc.valuesOf(a2);
        f.factor(v2);
        double[] refactored = new double[n];
        f.solve(b, refactored);
        Numeric fresh = phase(phaseName).apply(s);
        fresh.factor(v2);
        double[] x2 = new double[n];
        fresh.solve(b, x2);
        assertArrayEquals(x2, refactored, 0.0);
        assertClose(Matrices.denseSolve(a2, b), refactored, 1e-10, kind + " refactored");
    }

    /** |x - ref| <= tol * max |ref| componentwise. */
    static void assertClose(double[] ref, double[] x, double tol, String what) {
        double scale = 0;
        for (double v : ref) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < ref.length; i++) {
            assertTrue(Double.isFinite(x[i]), what + ": x[" + i + "] = " + x[i]);
            assertEquals(ref[i], x[i], tol * scale, what + ": unknown " + i);
        }
    }

    @Test
    void sparseLdlSolvesASymmetricPositiveDefiniteSystemLikeADenseCholesky() {
        // moved from crossbar.ReadSolverContractTest with crossbar.SparseLdl; the matrix is given by its upper triangle
        // a random sparse SPD matrix: a path graph Laplacian plus random long edges plus a diagonal shift
        int n = 40;
        double[][] a = new double[n][n];
        Random rnd = new Random(7);
        for (int k = 0; k < n; k++) {
            a[k][k] += 0.5 + rnd.nextDouble();
        }
        for (int e = 0; e < 80; e++) {
            int i = rnd.nextInt(n);
            int j = rnd.nextInt(n);
            if (i == j) continue;
            double w = rnd.nextDouble();
            a[i][i] += w;
            a[j][j] += w;
            a[i][j] -= w;
            a[j][i] -= w;
        }
        int[] ap = new int[n + 1];
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        java.util.List<Double> vals = new java.util.ArrayList<>();
        for (int c = 0; c < n; c++) {
            for (int r = 0; r <= c; r++) {
                if (a[r][c] != 0) {
                    rows.add(r);
                    vals.add(a[r][c]);
                }
            }
            ap[c + 1] = rows.size();
        }
        int[] ai = rows.stream().mapToInt(Integer::intValue).toArray();
        double[] ax = vals.stream().mapToDouble(Double::doubleValue).toArray();
        int[] natural = new int[n];
        for (int k = 0; k < n; k++) {
            natural[k] = k;
        }
        LdlFactorization ldl = new LdlFactorization(SymbolicFactorization.analyse(n, ap, ai, natural));
        ldl.factor(ax);
        double[] b = new double[n];
        for (int k = 0; k < n; k++) {
            b[k] = rnd.nextGaussian();
        }
        double[] x = new double[n];
        ldl.solve(b, x);
        assertArrayEquals(Matrices.denseSolve(a, b), x, 1e-11);
        // a matrix that is not positive definite is refused
        double[] bad = ax.clone();
        bad[ap[1] - 1] = -1;
        assertThrows(SimulationException.class, () -> ldl.factor(bad));
    }

    @Test
    void singularMatricesAreRefusedNeverNaN() {
        Random rnd = new Random(11);
        // a conductance network with no path to ground: singular, positive semidefinite
        double[][] a = Matrices.floatingNetwork(30, rnd);
        Matrices.Csc csc = Matrices.Csc.of(a);
        SymbolicFactorization s = SymbolicFactorization.analyse(a.length, csc.colPtr(), csc.rowIdx(),
                NestedDissection.order(a.length, csc.colPtr(), csc.rowIdx()));
        LdlFactorization ldl = new LdlFactorization(s);
        SimulationException e = assertThrows(SimulationException.class, () -> ldl.factor(csc.values()));
        assertTrue(e.getMessage().contains("singular or not positive definite"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ldl.solve(new double[30], new double[30]));
        assertFalse(ldl.factorStaticPivots(csc.values()));
        assertTrue(ldl.failedUnknown() >= 0);
        LduFactorization ldu = new LduFactorization(s);
        assertFalse(ldu.factor(csc.values()));
        assertTrue(ldu.failedUnknown() >= 0);
        assertThrows(IllegalStateException.class, () -> ldu.solve(new double[30], new double[30]));
        // zero rows and NaN entries are refused too
        double[] nan = csc.values().clone();
        nan[0] = Double.NaN;
        assertThrows(SimulationException.class, () -> ldl.factor(nan));
        assertFalse(ldu.factor(nan));
    }

    @Test
    void indefiniteMatricesAreRefusedByTheDefiniteFactorAndSolvedWithStaticPivots() {
        // quasi-definite: a conductance block and a voltage-source block with zero diagonal (symmetric MNA)
        Random rnd = new Random(5);
        double[][] a = Matrices.mna(20, 3, 0, rnd);
        Matrices.Csc csc = Matrices.Csc.of(a);
        int[] order = NestedDissection.zeroDiagonalsAfterNeighbours(NestedDissection.order(a.length, csc.colPtr(),
                csc.rowIdx()), a.length, csc.colPtr(), csc.rowIdx());
        SymbolicFactorization s = SymbolicFactorization.analyse(a.length, csc.colPtr(), csc.rowIdx(), order);
        LdlFactorization ldl = new LdlFactorization(s);
        assertThrows(SimulationException.class, () -> ldl.factor(csc.values()));
        assertTrue(ldl.factorStaticPivots(csc.values()));
        double[] b = Matrices.randomVector(a.length, rnd);
        double[] x = new double[a.length];
        ldl.solve(b, x);
        assertClose(Matrices.denseSolve(a, b), x, 1e-10, "quasi-definite");
        // in natural order the branch unknowns' zero pivots come first: refused, not NaN
        int[] natural = new int[a.length];
        for (int k = 0; k < natural.length; k++) {
            natural[k] = a.length - 1 - k;
        }
        LdlFactorization bad = new LdlFactorization(SymbolicFactorization.analyse(a.length, csc.colPtr(), csc.rowIdx(), natural));
        assertFalse(bad.factorStaticPivots(csc.values()));
        assertEquals(a.length - 1, bad.failedUnknown());
    }

    @Test
    void badStructuresAndValuesAreNamed() {
        Matrices.Csc csc = Matrices.Csc.of(Matrices.randomSpd(5, new Random(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SymbolicFactorization.analyse(5, csc.colPtr(), csc.rowIdx(), new int[] {0, 1, 2, 2, 4}));
        assertTrue(e.getMessage().contains("not a permutation"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SymbolicFactorization.analyse(5, csc.colPtr(), csc.rowIdx(), new int[] {0, 1, 2}));
        SymbolicFactorization s = SymbolicFactorization.analyse(5, csc.colPtr(), csc.rowIdx(), new int[] {4, 3, 2, 1, 0});
        assertThrows(IllegalArgumentException.class, () -> new LdlFactorization(s).factor(new double[3]));
        assertEquals(5, s.size());
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, s.order());
    }

    @Test
    void fillOfNestedDissectionOnAMeshIsWellBelowTheNaturalOrder() {
        // a 40 x 40 five-point mesh: George's bound O(n log n) against the band fill O(n^1.5)
        int k = 40;
        double[][] a = new double[k * k][k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                int v = i * k + j;
                if (j + 1 < k) Matrices.connect(a, v, v + 1, 1);
                if (i + 1 < k) Matrices.connect(a, v, v + k, 1);
                a[v][v] += 1e-3;
            }
        }
        Matrices.Csc csc = Matrices.Csc.of(a);
        int[] natural = new int[k * k];
        for (int v = 0; v < natural.length; v++) {
            natural[v] = v;
        }
        long band = SymbolicFactorization.analyse(k * k, csc.colPtr(), csc.rowIdx(), natural).factorNonZeros();
        long nd = SymbolicFactorization.analyse(k * k, csc.colPtr(), csc.rowIdx(),
                NestedDissection.order(k * k, csc.colPtr(), csc.rowIdx())).factorNonZeros();
        // natural order of a k x k mesh: every column fills its band of k
        assertTrue(band > (long) (k - 1) * (k * k - k), "band fill " + band);
        assertTrue(2 * nd < band, "nested dissection " + nd + " vs natural " + band);
    }
}
