package org.memspice.circuit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.decomposition.lu.LuUpLooking_DSCC;
import org.ejml.sparse.csc.linsol.lu.LinearSolverLu_DSCC;
import org.memspice.numeric.LdlFactorization;
import org.memspice.numeric.LduFactorization;
import org.memspice.numeric.NestedDissection;
import org.memspice.numeric.SymbolicFactorization;

import java.util.Arrays;

/**
 * Sparse factorization of the MNA Jacobian. Symbolic phase once per structure: a nested-dissection order with
 * zero-diagonal unknowns moved after their neighbours, analysed once ({@link SymbolicFactorization}); numeric
 * phase per Newton iteration: symmetric values (resistive networks with grounded sources) by L D L' with
 * static pivots, others by the static-pivot L D U on the same structure. If a static pivot is negligible,
 * that factorization is done by EJML's LU with partial pivoting (left-looking, Davis, "Direct Methods for
 * Sparse Linear Systems", SIAM 2006, ch. 6) on the same ordered matrix.
 */
final class SparseLu {
    private final int n;
    private final LdlFactorization ldl;
    private final LduFactorization ldu;
    /** Slot of the transposed entry of each slot of the pattern, or -1 if the pattern lacks it. */
    private final int[] transposeSlot;
    /** The ordered matrix P A P' for partial pivoting, and the slot in it of each slot of the pattern. */
    private final DMatrixSparseCSC matrix;
    private final int[] slotMap;
    private final int[] perm;
    private LinearSolverLu_DSCC solver;
    private enum Method { LDL, LDU, PARTIAL_PIVOTING }
    private Method method = Method.LDL;
    /** Consecutive factorizations whose static pivots failed; after three, partial pivoting only. */
    private int staticFailures;
    private int failedPivot = -1;
    private final DMatrixRMaj rhs;
    private final DMatrixRMaj sol;

    SparseLu(MatrixPattern p) {
        n = p.size();
        int[] cp = p.columnPointers(), ri = p.rowIndices();
        perm = NestedDissection.zeroDiagonalsAfterNeighbours(NestedDissection.order(n, cp, ri), n, cp, ri);
        SymbolicFactorization symbolic = SymbolicFactorization.analyse(n, cp, ri, perm);
        ldl = new LdlFactorization(symbolic);
        ldu = new LduFactorization(symbolic);
        int nz = p.nonZeros();
        transposeSlot = new int[nz];
        for (int c = 0; c < n; c++) {
            for (int k = cp[c]; k < cp[c + 1]; k++) transposeSlot[k] = p.find(c, ri[k]);
        }
        int[] inv = new int[n];
        for (int k = 0; k < n; k++) inv[perm[k]] = k;
        // permuted entries sorted by (column, row)
        long[] keys = new long[nz];
        for (int c = 0; c < n; c++) {
            for (int k = cp[c]; k < cp[c + 1]; k++) keys[k] = ((long) inv[c] << 32) | inv[ri[k]];
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
        rhs = new DMatrixRMaj(n, 1);
        sol = new DMatrixRMaj(n, 1);
    }

    /** The unknown whose static pivot was negligible in the last attempt, or -1. */
    int negligiblePivot() {
        return failedPivot;
    }

    /** Loads the values (in the pattern's slot order) and factors; false if a pivot is exactly zero. */
    boolean factor(double[] values) {
        failedPivot = -1;
        if (staticFailures < 3) {
            boolean symmetric = true;
            for (int p = 0; p < values.length && symmetric; p++) {
                int t = transposeSlot[p];
                symmetric = t >= 0 && values[t] == values[p];
            }
            boolean ok = symmetric ? ldl.factorStaticPivots(values) : ldu.factor(values);
            if (ok) {
                method = symmetric ? Method.LDL : Method.LDU;
                staticFailures = 0;
                return true;
            }
            failedPivot = symmetric ? ldl.failedUnknown() : ldu.failedUnknown();
            staticFailures++;
        }
        method = Method.PARTIAL_PIVOTING;
        double[] dst = matrix.nz_values;
        for (int k = 0; k < values.length; k++) dst[slotMap[k]] = values[k];
        // a fresh decomposition each time: EJML's LuUpLooking_DSCC keeps state between decompositions
        // that can make a later, non-singular matrix report singular
        solver = new LinearSolverLu_DSCC(new LuUpLooking_DSCC(null));
        return solver.setA(matrix);
    }

    /** Solves A out = b with the last factorization (b is not modified). */
    void solve(double[] b, double[] out) {
        if (method == Method.LDL) {
            ldl.solve(b, out);
            return;
        }
        if (method == Method.LDU) {
            ldu.solve(b, out);
            return;
        }
        double[] r = rhs.data;
        for (int k = 0; k < n; k++) r[k] = b[perm[k]];
        solver.solve(rhs, sol);
        double[] s = sol.data;
        for (int k = 0; k < n; k++) out[perm[k]] = s[k];
    }
}
