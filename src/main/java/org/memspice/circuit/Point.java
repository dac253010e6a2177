package org.memspice.circuit;

import org.memspice.signal.Waveform;

/**
 * The unknowns at one point as one element sees them: node voltages, the element's own extra unknowns from
 * index {@link #extra} on, their time derivatives, the time, and the value of its drive (the analysis may
 * set an independent source's value, as a DC sweep does, without touching the circuit). The system moves the
 * cursor ({@link #at}) from element to element; the arrays belong to the analysis.
 */
class Point {
    final MnaSystem sys;
    /** Unknowns at which to evaluate. */
    double[] x;
    /** Time derivatives of the unknowns (null or zero at a DC point). */
    double[] xdot;
    /** Time, seconds. */
    double time;
    /** Values of independent sources by source number (NaN: the source's waveform), or null. */
    double[] sourceValues;
    /** The element under the cursor: its index in the system, and the index of its first extra unknown. */
    int element;
    int extra = -1;
    /** Regions the elements' switches are held in during a transient step ({@link Element#switches}), or null. */
    double[] modes;

    Point(MnaSystem sys) {
        this.sys = sys;
    }

    /** Moves the cursor to element k of the system. */
    void at(int k) {
        element = k;
        extra = sys.extra[k];
    }

    /** What the element under the cursor resolved against the system ({@link Element#resolve}), or null. */
    int[] resolved() {
        return sys.resolved[element];
    }

    double v(int node) {
        return node == 0 ? 0.0 : x[node - 1];
    }

    /** Time derivative of the voltage of node n (zero at a DC point). */
    double vdot(int node) {
        return node == 0 || xdot == null ? 0.0 : xdot[node - 1];
    }

    /** The value of the element's drive {@code w} at this point: the analysis's value if it set one. */
    double source(Waveform w) {
        if (sourceValues != null) {
            double s = sourceValues[sys.sourceNumber(element)];
            if (s == s) return s;
        }
        return w.value(time);
    }
}
