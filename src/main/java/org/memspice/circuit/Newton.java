package org.memspice.circuit;

import org.memspice.SimulationException;

/**
 * Damped Newton-Raphson on R(x) = F(x) + alpha Q(x) + beta + gmin * v = 0 with Jacobian
 * dF/dx + alpha dQ/dx + gmin I(nodes). Damping: the step is halved while it raises the weighted residual
 * norm (backtracking, Dennis and Schnabel, "Numerical Methods for Unconstrained Optimization", 6.3);
 * limiting: memristor states are clamped to their bounds. Convergence as in SPICE: every update within
 * reltol * |x| + abstol and every KCL residual within reltol * (sum of |currents|) + abstol.
 */
final class Newton {
    final MnaSystem sys;
    final Load ld;
    private final SparseLu lu;
    private final double[] jac;
    private final double[] r;
    private final double[] dx;
    private final double[] trial;
    /** Conductance from every node to ground (gmin stepping), siemens. */
    double gmin;
    /** Integration coefficient of Q (0 at DC). */
    double alpha;
    /** Integration history term (null at DC). */
    double[] beta;
    double reltol = 1e-6;
    double currentAbstol = 1e-12;
    int maxIterations = 100;
    /** Iterations used by the last solve. */
    int iterations;
    /** Where the last failed solve stood: worst unknown, and its weighted residual or update. */
    int worstUnknown = -1;
    double worstValue;
    double worstResidual;

    /**
     * Node rows held at a voltage (ngspice's .ic through a transient's operating point, cktload.c): the row's KCL is
     * replaced by v = value, keeping its branch-current entries scaled by 1e-10 (ngspice: 1e10 v + branch currents =
     * 1e10 value). Null: none.
     */
    private int[] heldRows;
    private double[] heldValues;
    private boolean[] heldRow;
    /** Per held row: the matrix slots of its entries and their columns. */
    private int[][] heldSlots, heldCols;
    private static final double HOLD_SCALE = 1e-10;

    /** Holds node unknowns {@code rows} at {@code values} (scaled by the source factor) in later solves; null: none. */
    void holdNodes(int[] rows, double[] values) {
        if (rows == null || rows.length == 0) {
            heldRows = null;
            heldRow = null;
            return;
        }
        heldRows = rows.clone();
        heldValues = values.clone();
        heldRow = new boolean[sys.size];
        for (int i : rows) heldRow[i] = true;
        MatrixPattern p = sys.pattern();
        int[] cp = p.columnPointers(), ri = p.rowIndices();
        java.util.List<java.util.List<int[]>> rowEntries = new java.util.ArrayList<>();
        for (int k = 0; k < rows.length; k++) rowEntries.add(new java.util.ArrayList<>());
        java.util.Map<Integer, Integer> at = new java.util.HashMap<>();
        for (int k = 0; k < rows.length; k++) at.put(rows[k], k);
        for (int c = 0; c < sys.size; c++) {
            for (int q = cp[c]; q < cp[c + 1]; q++) {
                Integer k = at.get(ri[q]);
                if (k != null) rowEntries.get(k).add(new int[] {q, c});
            }
        }
        heldSlots = new int[rows.length][];
        heldCols = new int[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            java.util.List<int[]> e = rowEntries.get(k);
            heldSlots[k] = new int[e.size()];
            heldCols[k] = new int[e.size()];
            for (int m = 0; m < e.size(); m++) {
                heldSlots[k][m] = e.get(m)[0];
                heldCols[k][m] = e.get(m)[1];
            }
        }
    }

    Newton(MnaSystem sys) {
        this.sys = sys;
        this.ld = new Load(sys);
        this.lu = new SparseLu(sys.pattern());
        this.jac = new double[sys.pattern().nonZeros()];
        int n = sys.size;
        r = new double[n];
        dx = new double[n];
        trial = new double[n];
    }

    /** Evaluates residual and Jacobian at x; returns the weighted max-norm of the residual. */
    private double evaluate(double[] x) {
        ld.x = x;
        ld.clear();
        sys.load(ld);
        int n = sys.size;
        double a = alpha;
        for (int i = 0; i < n; i++) {
            r[i] = ld.f[i] + (a != 0 ? a * ld.q[i] + beta[i] : 0.0);
        }
        double[] jf = ld.jf, jq = ld.jq;
        if (a != 0) {
            for (int k = 0; k < jac.length; k++) jac[k] = jf[k] + a * jq[k];
        } else {
            System.arraycopy(jf, 0, jac, 0, jac.length);
        }
        if (gmin != 0) {
            int[] nd = sys.nodeDiagonal();
            for (int i = 0; i < sys.nodeUnknowns; i++) {
                jac[nd[i]] += gmin;
                r[i] += gmin * x[i];
            }
        }
        if (heldRows != null) {
            int[] nd = sys.nodeDiagonal();
            for (int k = 0; k < heldRows.length; k++) {
                int i = heldRows[k];
                double branch = 0;
                int[] sl = heldSlots[k], cols = heldCols[k];
                for (int m = 0; m < sl.length; m++) {
                    if (cols[m] < sys.nodeUnknowns) {
                        jac[sl[m]] = 0;
                    } else {
                        jac[sl[m]] *= HOLD_SCALE;
                        branch += jac[sl[m]] * x[cols[m]];
                    }
                }
                jac[nd[i]] = 1;
                r[i] = x[i] - heldValues[k] * ld.sourceScale + branch;
            }
        }
        return residualNorm(x);
    }

    /** max over KCL rows of |r_i| / (reltol * scale_i + abstol). */
    private double residualNorm(double[] x) {
        double worst = 0;
        int at = -1;
        for (int i = 0; i < sys.nodeUnknowns; i++) {
            double scale = ld.fScale[i] + (alpha != 0 ? Math.abs(alpha * ld.q[i]) + Math.abs(beta[i]) : 0)
                    + Math.abs(gmin * x[i]);
            // a held row is a voltage equation: volts, to the node tolerance
            double w = heldRow != null && heldRow[i] ? Math.abs(r[i]) / (reltol * Math.abs(x[i]) + sys.abstol[i])
                    : Math.abs(r[i]) / (reltol * scale + currentAbstol);
            if (!(w <= worst)) {
                worst = w;
                at = i;
            }
        }
        worstResidualAt = at;
        return worst;
    }

    private int worstResidualAt;

    /** max over KCL rows of |r_i| / (sum of |contributions| at row i). */
    private double relativeResidual() {
        double worst = 0;
        for (int i = 0; i < sys.nodeUnknowns; i++) {
            if (heldRow != null && heldRow[i]) continue;
            double scale = ld.fScale[i] + (alpha != 0 ? Math.abs(alpha * ld.q[i]) + Math.abs(beta[i]) : 0);
            if (scale > 0) worst = Math.max(worst, Math.abs(r[i]) / scale);
        }
        return worst;
    }

    /**
     * Solves in place from the guess in x. Returns true on convergence; on failure x holds the last
     * iterate and {@link #worstUnknown} names where it stood.
     */
    boolean solve(double[] x) {
        int n = sys.size;
        double norm = evaluate(x);
        for (iterations = 1; iterations <= maxIterations; iterations++) {
            // a linear circuit's Jacobian does not change: later iterations are iterative refinement
            // on the same factors
            if ((sys.nonlinear || iterations == 1) && !lu.factor(jac)) {
                int at = lu.negligiblePivot() >= 0 ? lu.negligiblePivot() : Math.max(worstResidualAt, 0);
                throw new SimulationException("singular matrix at Newton iteration " + iterations
                        + ": no non-zero pivot for " + sys.unknownName(at)
                        + "; check the elements around it (a node held only by controlled sources, a zero gain?)");
            }
            lu.solve(r, dx);
            // update test on the full Newton step
            double worstUpdate = 0;
            int updateAt = -1;
            for (int i = 0; i < n; i++) {
                double xi = x[i];
                double w = Math.abs(dx[i]) / (reltol * Math.abs(xi) + sys.abstol[i]);
                if (!(w <= worstUpdate)) {
                    worstUpdate = w;
                    updateAt = i;
                }
            }
            if (Double.isNaN(worstUpdate)) {
                fail(updateAt, Double.NaN, norm);
                return false;
            }
            double lambda = 1.0;
            double newNorm = 0;
            for (int halving = 0; ; halving++) {
                for (int i = 0; i < n; i++) trial[i] = x[i] - lambda * dx[i];
                sys.boundStates(trial);
                newNorm = evaluate(trial);
                // the residual norm weighs KCL rows only: where the guess meets every KCL row within tolerance (all
                // currents zero at a zero guess; the last solution when only sources changed) it says nothing of the
                // branch rows the first step satisfies, so that step is taken whole, as SPICE takes every step
                boolean blind = iterations == 1 && norm <= 1.0;
                if (!sys.nonlinear || blind || newNorm <= Math.max(norm, 1.0) || halving >= 6 || !Double.isFinite(norm)) break;
                lambda *= 0.5;
            }
            System.arraycopy(trial, 0, x, 0, n);
            if (!sys.nonlinear && newNorm <= 1.0 && (relativeResidual() <= 1e-13 || iterations >= 4)) {
                return true;
            }
            // converged at x: its residual within tolerance and the full Newton step from it too (whatever the line
            // search then took: a step within tolerance can meet a discontinuity at the level of rounding, e.g. a
            // behavioral source's condition that flips sign on the last bit, and need not be taken whole)
            if (worstUpdate <= 1.0 && norm <= 1.0) {
                return true;
            }
            norm = newNorm;
            worstUnknown = updateAt;
            worstValue = worstUpdate;
            worstResidual = norm;
            if (!Double.isFinite(newNorm)) {
                fail(worstResidualAt, newNorm, newNorm);
                return false;
            }
        }
        iterations = maxIterations;
        int at = worstResidual > 1.0 ? worstResidualAt : worstUnknown;
        fail(at, worstValue, worstResidual);
        return false;
    }

    private void fail(int at, double update, double residual) {
        worstUnknown = at;
        worstValue = update;
        worstResidual = residual;
    }

    /** The residual of unknown row i at the last evaluation, amperes for node rows. */
    double residual(int i) {
        return r[i];
    }

    /** Re-evaluates F, Q at x (for the integrator's history); fills ld.f and ld.q. */
    void evaluateOnly(double[] x) {
        ld.x = x;
        ld.clear();
        ld.chargesOnly = true;
        try {
            sys.load(ld);
        } finally {
            ld.chargesOnly = false;
        }
    }
}
