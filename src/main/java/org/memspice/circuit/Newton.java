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
        return residualNorm(x);
    }

    /** max over KCL rows of |r_i| / (reltol * scale_i + abstol). */
    private double residualNorm(double[] x) {
        double worst = 0;
        int at = -1;
        for (int i = 0; i < sys.nodeUnknowns; i++) {
            double scale = ld.fScale[i] + (alpha != 0 ? Math.abs(alpha * ld.q[i]) + Math.abs(beta[i]) : 0)
                    + Math.abs(gmin * x[i]);
            double w = Math.abs(r[i]) / (reltol * scale + currentAbstol);
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
