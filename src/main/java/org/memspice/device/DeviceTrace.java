package org.memspice.device;

/**
 * A device transient on a uniform grid: time, device voltage, current, state (model's own variable), and
 * the integrator's counters.
 */
public record DeviceTrace(double[] t, double[] v, double[] i, double[] x, int steps, int rejected, int events,
                          int newtonIterations) {

    /** Largest |i|. */
    public double peakCurrent() {
        double m = 0;
        for (double c : i) m = Math.max(m, Math.abs(c));
        return m;
    }

    /**
     * Area of each I-V lobe, |integral of i dv| between successive sign changes of v (trapezoid rule on
     * the grid, with the zero crossings interpolated linearly), in V*A. Half-cycles cut by the end of the
     * run are included as partial lobes.
     */
    public double[] lobeAreas() {
        java.util.ArrayList<Double> out = new java.util.ArrayList<>();
        double acc = 0;
        boolean any = false;
        for (int k = 0; k + 1 < t.length; k++) {
            double v0 = v[k], v1 = v[k + 1], i0 = i[k], i1 = i[k + 1];
            if (v0 * v1 < 0) {
                double s = v0 / (v0 - v1);
                double ic = i0 + s * (i1 - i0);
                acc += 0.5 * (i0 + ic) * (0 - v0);
                out.add(Math.abs(acc));
                acc = 0.5 * (ic + i1) * (v1 - 0);
                any = true;
            } else {
                acc += 0.5 * (i0 + i1) * (v1 - v0);
                any = any || v0 != 0 || v1 != 0;
            }
        }
        if (any && Math.abs(acc) > 0) out.add(Math.abs(acc));
        double[] a = new double[out.size()];
        for (int k = 0; k < a.length; k++) a[k] = out.get(k);
        return a;
    }
}
