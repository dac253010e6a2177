package org.memspice.circuit;

import org.memspice.SimulationException;

/**
 * DC operating point: capacitors open, memristor states held, sources at their t = 0 values. Plain
 * Newton first; if it fails, gmin stepping (a conductance from every node to ground, relaxed by decades
 * from 1e-2 S to zero), then source stepping (sources ramped from 0 to full value).
 */
public final class OperatingPoint {
    private final MnaSystem sys;
    private final Newton newton;
    /** How the last solve converged: "newton", "gmin stepping" or "source stepping". */
    private String method = "";

    public OperatingPoint(Circuit circuit) {
        this(new MnaSystem(circuit));
    }

    public OperatingPoint(MnaSystem sys) {
        this.sys = sys;
        this.newton = new Newton(sys);
    }

    public MnaSystem system() {
        return sys;
    }

    /** Relative tolerance of the Newton tests (default 1e-6). */
    public OperatingPoint reltol(double reltol) {
        newton.reltol = reltol;
        return this;
    }

    /** Newton iteration limit per solve (default 100). */
    public OperatingPoint maxIterations(int n) {
        newton.maxIterations = n;
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

    /** Solves from zero voltages and the memristors' initial states. */
    public Solution solve() {
        return solve(sys.initialGuess(), 0.0);
    }

    /** Solves with the sources at time t, starting from guess x0 (its states are held). */
    public Solution solve(double[] x0, double t) {
        double[] x = x0.clone();
        newton.ld.held = x0.clone();
        newton.ld.dc = true;
        newton.ld.time = t;
        newton.alpha = 0;
        newton.beta = null;
        newton.gmin = 0;
        newton.ld.sourceScale = 1;
        totalIterations = 0;
        if (newton.solve(x)) {
            totalIterations += newton.iterations;
            method = "newton";
            return new Solution(sys, x, null, t);
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
            return new Solution(sys, x, null, t);
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
        return new Solution(sys, x, null, t);
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
