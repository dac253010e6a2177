package org.memspice.circuit;

import java.util.List;

/** The accepted time points of a transient run and the solution at each. */
public final class TransientResult {
    private final MnaSystem sys;
    private final double[] times;
    private final List<double[]> xs;
    private final List<double[]> xdots;
    private final int steps;
    private final int rejected;

    TransientResult(MnaSystem sys, double[] times, List<double[]> xs, List<double[]> xdots, int steps, int rejected) {
        this.sys = sys;
        this.times = times;
        this.xs = xs;
        this.xdots = xdots;
        this.steps = steps;
        this.rejected = rejected;
    }

    /** Number of time points (t = 0 included). */
    public int size() {
        return times.length;
    }

    public double time(int k) {
        return times[k];
    }

    public double[] times() {
        return times.clone();
    }

    /** The solution at time point k. */
    public Solution at(int k) {
        return new Solution(sys, xs.get(k), xdots.get(k), times[k]);
    }

    /** The last time point. */
    public Solution last() {
        return at(times.length - 1);
    }

    /** Accepted steps. */
    public int steps() {
        return steps;
    }

    /** Rejected steps (truncation error or Newton failure). */
    public int rejectedSteps() {
        return rejected;
    }

    /** Energy absorbed by the element over the run (trapezoidal integral of its power), joule. */
    public double energy(String element) {
        Element e = sys.circuit.element(element);
        double sum = 0, prev = 0;
        for (int k = 0; k < times.length; k++) {
            double p = at(k).power(e);
            if (k > 0) sum += 0.5 * (p + prev) * (times[k] - times[k - 1]);
            prev = p;
        }
        return sum;
    }
}
