package org.memspice.crossbar;

/**
 * Read-mode analysis of one array: single reads by preconditioned conjugate gradients, or many reads
 * through one sparse LDL' factorization.
 */
public final class ReadAnalysis {
    private final CrossbarArray array;
    private final double tolerance;
    private ConjugateGradientSolver cg;
    private CrossbarFactorization factorization;

    /** @param tolerance relative error of the column currents (against the largest) at which conjugate gradients stop */
    public ReadAnalysis(CrossbarArray array, double tolerance) {
        this.array = array;
        this.tolerance = tolerance;
    }

    public CrossbarArray array() {
        return array;
    }

    /**
     * The largest relative residual ||b - A x|| / ||b|| a solved read may have: the shipped specs solve to 1e-14;
     * beyond this the node voltages do not satisfy the nodal equations and the currents and power are not reported.
     */
    public static final double RESIDUAL_LIMIT = 1e-8;

    /**
     * Solves one read of logical input x by conjugate gradients. A solution whose residual (recomputed from the
     * nodal equations) exceeds {@link #RESIDUAL_LIMIT} is solved again through the L D L' factorization; when that
     * one fails the check too, or a number is not finite, the read fails with the reason.
     */
    public ReadSolution read(double[] x) {
        double[] v = array.sourceVoltages(x);
        double[] nodes = new double[array.network().size()];
        double r;
        String failure = null;
        try {
            if (cg == null) {
                cg = new ConjugateGradientSolver(array, tolerance);
            }
            cg.solve(v, nodes, tolerance);
            r = residual(v, nodes);
        } catch (org.memspice.SimulationException e) {
            r = Double.NaN;
            failure = e.getMessage();
        }
        if (r <= RESIDUAL_LIMIT && finite(nodes)) {
            return new ReadSolution(array, v, nodes, cg.iterations(), r);   // r <= limit: cg was built
        }
        double[] direct = new double[nodes.length];
        double rd;
        try {
            factorization().solve(v, direct);
            rd = residual(v, direct);
        } catch (org.memspice.SimulationException e) {
            rd = Double.NaN;
            failure = e.getMessage();
        }
        return checked(v, direct, rd, r, failure);
    }

    /** Solves one read of logical input x through the LDL' factorization (factored on first use), checked. */
    public ReadSolution readDirect(double[] x) {
        CrossbarFactorization f = factorization();
        double[] v = array.sourceVoltages(x);
        double[] nodes = new double[array.network().size()];
        f.solve(v, nodes);
        return checked(v, nodes, residual(v, nodes), Double.NaN, null);
    }

    private static boolean finite(double[] a) {
        for (double d : a) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    /** The read if its node voltages satisfy the nodal equations and every number is finite, else why not. */
    private ReadSolution checked(double[] v, double[] nodes, double residual, double cgResidual, String failure) {
        if (residual <= RESIDUAL_LIMIT && finite(nodes)) {
            ReadSolution s = new ReadSolution(array, v, nodes, 0, residual);
            if (Double.isFinite(s.power().total())) {
                return s;
            }
        }
        CrossbarNetwork net = array.network();
        double vmax = 0;
        for (double x : v) {
            vmax = Math.max(vmax, Math.abs(x));
        }
        double gmax = 0;
        for (double g : net.g) {
            gmax = Math.max(gmax, g);
        }
        String solved = String.format(java.util.Locale.ROOT, "relative residual %.3g by conjugate gradients, %.3g by"
                + " the direct L D L' solve; expected at most %s", cgResidual, residual, RESIDUAL_LIMIT)
                + (failure == null ? "" : "; the solver said: " + failure);
        StringBuilder why = new StringBuilder("crossbar read: no solution satisfies the nodal equations (" + solved
                + "): ");
        double gw = Math.max(net.wordLinesFixed ? 0 : net.gw, net.bitLinesFixed ? 0 : net.gb);
        if (!finite(v) || !finite(nodes) || !(vmax < 1e100)) {
            why.append(String.format(java.util.Locale.ROOT, "the numbers overflow (source voltages up to %.3g V);"
                    + " expected a read voltage of a physical size", vmax));
        } else if (gw > 1e10 * gmax) {
            why.append(String.format(java.util.Locale.ROOT, "the wire segments' conductance, %.3g S, is %.1e times the"
                    + " largest device's, %.3g S, beyond what double precision resolves; expected segment resistances"
                    + " of at least %.1g ohm (1e-10 / the largest device conductance), or 0 for ideal lines", gw,
                    gw / gmax, gmax, 1e-10 / gmax));
        } else {
            why.append("the nodal matrix is too ill-conditioned for double precision (compare the wire, driver,"
                    + " sense and device conductances)");
        }
        throw new org.memspice.SimulationException(why.toString());
    }

    public CrossbarFactorization factorization() {
        if (factorization == null) {
            factorization = new CrossbarFactorization(array);
        }
        return factorization;
    }

    /** ||b - A x|| / ||b|| for source voltages v and node voltages x. */
    public double residual(double[] v, double[] x) {
        CrossbarNetwork net = array.network();
        double[] b = new double[net.size()];
        double[] ax = new double[net.size()];
        net.rightHandSide(v, b);
        net.multiply(x, ax);
        double rr = 0, bb = 0;
        for (int k = 0; k < b.length; k++) {
            double r = b[k] - ax[k];
            rr += r * r;
            bb += b[k] * b[k];
        }
        return bb == 0 ? Math.sqrt(rr) : Math.sqrt(rr / bb);
    }
}
