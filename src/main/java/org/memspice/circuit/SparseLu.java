package org.memspice.circuit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.decomposition.lu.LuUpLooking_DSCC;
import org.ejml.sparse.csc.linsol.lu.LinearSolverLu_DSCC;

import java.util.Arrays;

/**
 * Sparse LU of the MNA Jacobian. Symbolic phase once per structure: a nested-dissection order, the
 * permuted structure P A P' with a slot map, and the symbolic analysis of a static-pivot L D U
 * ({@link SparseLdu}); numeric phase per Newton iteration: values scattered and refactored. If a static
 * pivot is negligible, that factorization is done by EJML's LU with partial pivoting (left-looking,
 * Davis, "Direct Methods for Sparse Linear Systems", SIAM 2006, ch. 6) on the same ordered matrix.
 */
final class SparseLu {
    private final int n;
    private final DMatrixSparseCSC matrix;
    private LinearSolverLu_DSCC solver;
    private final SparseLdu ldu;
    private boolean useLdu = true;
    /** Consecutive factorizations whose static pivots failed; after three, partial pivoting only. */
    private int staticFailures;
    /** perm[k] = original unknown at permuted position k. */
    private final int[] perm;
    /** Slot in the permuted matrix of each slot of the pattern. */
    private final int[] slotMap;
    private final DMatrixRMaj rhs;
    private final DMatrixRMaj sol;

    SparseLu(MatrixPattern p) {
        n = p.size();
        int[] cp = p.columnPointers(), ri = p.rowIndices();
        perm = NestedDissectionOrder.order(n, cp, ri);
        int[] inv = new int[n];
        for (int k = 0; k < n; k++) inv[perm[k]] = k;
        int nz = p.nonZeros();
        // permuted entries sorted by (column, row)
        long[] keys = new long[nz];
        for (int c = 0; c < n; c++) {
            for (int k = cp[c]; k < cp[c + 1]; k++) {
                keys[k] = ((long) inv[c] << 32) | inv[ri[k]];
            }
        }
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        matrix = new DMatrixSparseCSC(n, n, nz);
        Arrays.fill(matrix.col_idx, 0);
        for (int k = 0; k < nz; k++) {
            matrix.nz_rows[k] = (int) sorted[k];
            matrix.col_idx[(int) (sorted[k] >>> 32) + 1]++;
        }
        for (int c = 0; c < n; c++) matrix.col_idx[c + 1] += matrix.col_idx[c];
        matrix.nz_length = nz;
        matrix.indicesSorted = true;
        slotMap = new int[nz];
        for (int k = 0; k < nz; k++) slotMap[k] = Arrays.binarySearch(sorted, keys[k]);
        ldu = new SparseLdu(n, matrix.col_idx, matrix.nz_rows);
        rhs = new DMatrixRMaj(n, 1);
        sol = new DMatrixRMaj(n, 1);
    }

    /** The unknown whose static pivot was negligible in the last attempt, or -1. */
    int negligiblePivot() {
        return ldu.failedAt < 0 ? -1 : perm[ldu.failedAt];
    }

    /** True if the last factorization used static pivots. */
    boolean staticPivots() {
        return useLdu;
    }

    /** Loads the values (in the pattern's slot order) and factors; false if a pivot is exactly zero. */
    boolean factor(double[] values) {
        double[] dst = matrix.nz_values;
        for (int k = 0; k < values.length; k++) dst[slotMap[k]] = values[k];
        if (staticFailures < 3) {
            if (ldu.factor(dst)) {
                useLdu = true;
                staticFailures = 0;
                return true;
            }
            staticFailures++;
        }
        useLdu = false;
        // a fresh decomposition each time: EJML's LuUpLooking_DSCC keeps state between decompositions
        // that can make a later, non-singular matrix report singular
        solver = new LinearSolverLu_DSCC(new LuUpLooking_DSCC(null));
        return solver.setA(matrix);
    }

    /** Solves A out = b with the last factorization (b is not modified). */
    void solve(double[] b, double[] out) {
        double[] r = rhs.data;
        for (int k = 0; k < n; k++) r[k] = b[perm[k]];
        if (useLdu) {
            ldu.solve(r);
            for (int k = 0; k < n; k++) out[perm[k]] = r[k];
            return;
        }
        solver.solve(rhs, sol);
        double[] s = sol.data;
        for (int k = 0; k < n; k++) out[perm[k]] = s[k];
    }

    /** Non-zeros of L + U in the last factorization (fill measure). */
    long factorNonZeros() {
        if (useLdu) return 2 * ldu.factorNonZeros() + n;
        LuUpLooking_DSCC d = solver.getDecomposition();
        return (long) d.getL().nz_length + d.getU().nz_length;
    }
}
