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

    /** Solves one read of logical input x by conjugate gradients. */
    public ReadSolution read(double[] x) {
        if (cg == null) {
            cg = new ConjugateGradientSolver(array, tolerance);
        }
        double[] v = array.sourceVoltages(x);
        double[] nodes = new double[array.network().size()];
        cg.solve(v, nodes, tolerance);
        return new ReadSolution(array, v, nodes, cg.iterations(), cg.relativeResidual());
    }

    /** Solves one read of logical input x through the LDL' factorization (factored on first use). */
    public ReadSolution readDirect(double[] x) {
        CrossbarFactorization f = factorization();
        double[] v = array.sourceVoltages(x);
        double[] nodes = new double[array.network().size()];
        f.solve(v, nodes);
        return new ReadSolution(array, v, nodes, 0, residual(v, nodes));
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
