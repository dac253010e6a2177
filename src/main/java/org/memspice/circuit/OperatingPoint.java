package org.memspice.circuit;

import org.memspice.InputException;
import org.memspice.SimulationException;
import org.memspice.numeric.ConjugateGradients;

/**
 * DC operating point: capacitors open, memristor states held, sources at their t = 0 values. Plain
 * Newton first; if it fails, gmin stepping (a conductance from every node to ground, relaxed by decades
 * from 1e-2 S to zero), then source stepping (sources ramped from 0 to full value).
 */
public final class OperatingPoint {
    private final MnaSystem sys;
    private Newton newton;
    private double reltol = 1e-6;
    private int maxIterations = 100;
    private DcSolver solver = DcSolver.AUTO;
    private double cgTolerance = 1e-12;
    private int cgMaxIterations = 1000;
    private DcSolver.Report report;
    /** How the last solve converged: "newton", "gmin stepping" or "source stepping". */
    private String method = "";
    /** Values of independent sources set for this analysis, by source number (NaN: the waveform), or null. */
    private double[] sourceValues;

    public OperatingPoint(Circuit circuit) {
        this(new MnaSystem(circuit));
    }

    public OperatingPoint(MnaSystem sys) {
        this.sys = sys;
    }

    /** The Newton solver with its direct factorization, built on first use (its symbolic phase is costly). */
    private Newton newton() {
        if (newton == null) {
            newton = new Newton(sys);
            newton.reltol = reltol;
            newton.maxIterations = maxIterations;
            newton.holdNodes(heldRows, heldValues);
        }
        return newton;
    }

    /** Direct, iterative or automatic choice for linear circuits (default AUTO). */
    public OperatingPoint solver(DcSolver solver) {
        this.solver = solver;
        return this;
    }

    /** Relative residual at which conjugate gradients stop (default 1e-12). */
    public OperatingPoint cgTolerance(double tolerance) {
        this.cgTolerance = tolerance;
        return this;
    }

    /** Conjugate-gradient iteration limit before falling back to the direct path (default 1000). */
    public OperatingPoint cgMaxIterations(int n) {
        this.cgMaxIterations = n;
        return this;
    }

    /** What solved the last point: method, iterations, residual. */
    public DcSolver.Report report() {
        return report;
    }

    public MnaSystem system() {
        return sys;
    }

    /** Relative tolerance of the Newton tests (default 1e-6). */
    public OperatingPoint reltol(double reltol) {
        this.reltol = reltol;
        if (newton != null) newton.reltol = reltol;
        return this;
    }

    /** Newton iteration limit per solve (default 100). */
    public OperatingPoint maxIterations(int n) {
        this.maxIterations = n;
        if (newton != null) newton.maxIterations = n;
        return this;
    }

    /** How the last solve converged. */
    public String method() {
        return method;
    }

    /** Total Newton iterations of the last solve. */
    public int iterations() {
        return totalIterations;
    }

    private int totalIterations;

    /**
     * Sets the value of an independent source (V: volt, I: ampere) for this analysis's solves, in place of its
     * waveform; the circuit is not changed, so other analyses of it (in other threads too) see their own values.
     */
    public OperatingPoint sourceValue(String source, double value) {
        Element e = sys.circuit.element(source);
        int k = e == null ? -1 : sys.indexOf(e);
        if (k < 0 || !sys.elements[k].independentSource()) {
            throw new InputException("'" + source + "' is not an independent V or I source of the circuit");
        }
        if (!Double.isFinite(value)) throw new InputException("source " + source + ": value must be finite, got " + value);
        double[] s = sourceValues == null ? new double[sys.sourceCount()] : sourceValues.clone();
        if (sourceValues == null) java.util.Arrays.fill(s, Double.NaN);
        s[sys.sourceNumber(k)] = value;
        sourceValues = s;      // a new array: solutions already returned keep the values they were solved with
        return this;
    }

    private int[] heldRows;
    private double[] heldValues;

    /**
     * Holds nodes at voltages through the solve (node number to volts; empty: none), as ngspice holds the nodes of
     * {@code .ic} through the operating point that starts a transient without uic: each held node's KCL row is
     * replaced by v = value (cktload.c), so the current that holds it is not balanced there.
     */
    public OperatingPoint holdNodes(java.util.Map<Integer, Double> volts) {
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        java.util.List<Double> vals = new java.util.ArrayList<>();
        new java.util.TreeMap<>(volts).forEach((node, v) -> {
            if (node > 0) {
                rows.add(node - 1);
                vals.add(v);
            }
        });
        heldRows = rows.isEmpty() ? null : rows.stream().mapToInt(Integer::intValue).toArray();
        heldValues = vals.stream().mapToDouble(Double::doubleValue).toArray();
        if (newton != null) newton.holdNodes(heldRows, heldValues);
        return this;
    }

    /** Returns every source to its waveform. */
    public OperatingPoint clearSourceValues() {
        sourceValues = null;
        return this;
    }

    /** Solves from zero voltages and the memristors' initial states. */
    public Solution solve() {
        return solve(sys.initialGuess(), 0.0);
    }

    /** Solves with the sources at time t, starting from guess x0 (its states are held). */
    public Solution solve(double[] x0, double t) {
        sys.requireDcPaths(heldRows);
        String note = "";
        if (!sys.nonlinear && solver != DcSolver.DIRECT && heldRows == null) {
            String[] why = {""};
            NodalForm g = NodalForm.of(sys, t, sourceValues, why);
            if (g == null) {
                note = "nodal form not applicable: " + why[0];
            } else if (solver == DcSolver.AUTO && g.n < DcSolver.AUTO_THRESHOLD) {
                note = g.n + " free nodes, below " + DcSolver.AUTO_THRESHOLD + " for conjugate gradients";
            } else {
                ChainPreconditioner m = new ChainPreconditioner(g, CHAIN_RATIO);
                ConjugateGradients cg = new ConjugateGradients(g.n);
                double[] v = new double[g.n];
                double bnorm = Math.sqrt(dot(g.rhs, g.rhs));
                if (solver == DcSolver.AUTO && m.capturedCoupling() < LINE_DOMINANCE) {
                    note = String.format(java.util.Locale.ROOT,
                            "chains carry %.1f%% of the coupling conductance (below %.0f%%): direct",
                            100 * m.capturedCoupling(), 100 * LINE_DOMINANCE);
                } else if (cg.solve(g::multiply, m, g.rhs, v, relativeResidualOrStall(cgTolerance, bnorm, cgMaxIterations),
                        cgMaxIterations, 2) == ConjugateGradients.Outcome.CONVERGED) {
                    method = "conjugate gradients";
                    totalIterations = cg.iterations();
                    double residual = bnorm == 0 ? 0 : cg.residualNorm() / bnorm;
                    report = new DcSolver.Report("conjugate gradients, chain preconditioner", cg.iterations(),
                            residual, m.chainCount(), String.format(java.util.Locale.ROOT,
                            "%d free nodes in %d chains (longest %d) carrying %.4f%% of the coupling conductance",
                            g.n, m.chainCount(), m.longestChain(), 100 * m.capturedCoupling()));
                    return new Solution(sys, g.unknowns(v), null, t, sourceValues);
                } else {
                    note = String.format(java.util.Locale.ROOT,
                            "conjugate gradients stopped at relative residual %.3g after %d iterations; direct fallback",
                            bnorm == 0 ? 0 : cg.residualNorm() / bnorm, cg.iterations());
                }
            }
        }
        Solution s = solveDirect(x0, t);
        report = new DcSolver.Report("direct (sparse LDL'/LU, " + method + ")", totalIterations, Double.NaN, 0, note);
        return s;
    }

    /**
     * Converged when ||b - G v|| <= tolerance ||b||; gives up early when the mean convergence rate so far cannot
     * reach the goal within 1.5 times the iteration limit (the direct path is then cheaper than finishing).
     */
    private static ConjugateGradients.StopTest relativeResidualOrStall(double tolerance, double bnorm, int maxIterations) {
        double goal = tolerance * bnorm;
        return (it, v, r, norm) -> {
            if (norm <= goal) return ConjugateGradients.Verdict.CONVERGED;
            if (it > 0 && it % 25 == 0 && it < maxIterations) {
                double rate = Math.log(norm / bnorm) / it;
                if (!(rate < 0) || Math.log(tolerance) / rate > 1.5 * maxIterations) return ConjugateGradients.Verdict.GIVE_UP;
            }
            return ConjugateGradients.Verdict.CONTINUE;
        };
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Coupling strength ratio for chains of the preconditioner. */
    static final double CHAIN_RATIO = 0.1;
    /**
     * AUTO uses conjugate gradients when the chains carry at least this share of the coupling conductance
     * (line-dominated networks); otherwise (isotropic meshes) the nested-dissection factorization is faster.
     */
    static final double LINE_DOMINANCE = 0.9;

    private Solution solveDirect(double[] x0, double t) {
        Newton newton = newton();
        double[] x = x0.clone();
        newton.ld.held = x0.clone();
        newton.ld.dc = true;
        newton.ld.time = t;
        newton.alpha = 0;
        newton.beta = null;
        newton.gmin = 0;
        newton.ld.sourceScale = 1;
        newton.ld.sourceValues = sourceValues;
        totalIterations = 0;
        if (newton.solve(x)) {
            totalIterations += newton.iterations;
            method = "newton";
            return new Solution(sys, x, null, t, sourceValues);
        }
        totalIterations += newton.iterations;
        String firstFailure = failure("plain Newton");
        // gmin stepping
        x = x0.clone();
        boolean ok = true;
        for (double g = 1e-2; g >= 1e-13; g /= 10) {
            newton.gmin = g;
            if (!newton.solve(x)) {
                ok = false;
                break;
            }
            totalIterations += newton.iterations;
        }
        newton.gmin = 0;
        if (ok && newton.solve(x)) {
            totalIterations += newton.iterations;
            method = "gmin stepping";
            return new Solution(sys, x, null, t, sourceValues);
        }
        // source stepping
        x = x0.clone();
        double scale = 0, step = 0.1;
        double[] last = x.clone();
        while (scale < 1.0) {
            double next = Math.min(1.0, scale + step);
            newton.ld.sourceScale = next;
            if (newton.solve(x)) {
                totalIterations += newton.iterations;
                scale = next;
                System.arraycopy(x, 0, last, 0, x.length);
                step = Math.min(0.25, step * 1.5);
            } else {
                System.arraycopy(last, 0, x, 0, x.length);
                step /= 4;
                if (step < 1e-6) {
                    newton.ld.sourceScale = 1;
                    throw new SimulationException("DC operating point did not converge: " + firstFailure
                            + "; gmin stepping failed; source stepping stalled at " + String.format("%.4g", scale * 100)
                            + "% of the source values (" + failure("source stepping") + ")");
                }
            }
        }
        newton.ld.sourceScale = 1;
        method = "source stepping";
        return new Solution(sys, x, null, t, sourceValues);
    }

    private String failure(String stage) {
        int k = newton.worstUnknown;
        String where = k >= 0 ? sys.unknownName(k) : "unknown";
        String res = k >= 0 && k < sys.nodeUnknowns
                ? String.format(" (KCL residual %.3e A)", newton.residual(k)) : "";
        return String.format("%s stopped after %d iterations at %s%s, weighted residual %.3g, weighted update %.3g",
                stage, newton.iterations, where, res, newton.worstResidual, newton.worstValue);
    }
}
