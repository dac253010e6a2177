package org.memspice.crossbar;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.memspice.InputException;
import org.memspice.circuit.Circuit;
import org.memspice.json.JsonFields;

import java.io.Serializable;
import java.util.Locale;

/**
 * A device model of the array's cells that the general engine places in each cell as a circuit of its own, in
 * place of the fast solvers' linear conductance: a behavioral memristor subcircuit read from a netlist
 * ({@code deviceNetlist}, {@code deviceSubckt} in a crossbar spec or compile card). Its state is one node
 * voltage of that circuit; in read mode the state is held (a read pulse is far too short to move it, which
 * the compiler checks with a transient), and the device's terminal current at the voltage across it is
 * whatever its circuit gives, linear or not.
 *
 * <p>The fast solvers see each cell as its chord conductance at the design's read voltage,
 * G(x) = I(x, Vr) / Vr; {@link #state(double, double)} inverts that map, so that a programmed conductance
 * (nominal or varied) is a state of the device. For an ohmic device the two views agree exactly; for a
 * nonlinear one the general engine ({@link GeneralReadSolver}) is the reference.
 */
public interface CellDevice extends Serializable {

    /** Name for messages and reports, e.g. {@code memristor in validation/behavioral/hp-biolek.cir}. */
    String label();

    /** Lower bound of the state, in the state node's volts. */
    double stateMin();

    /** Upper bound of the state. */
    double stateMax();

    /** Current into the device's first terminal at state {@code x} with {@code v} across it, amperes. */
    double current(double x, double v);

    /**
     * Adds the device of one cell to circuit {@code c} between nodes {@code top} and {@code bottom}, its state
     * node held at {@code x}; every element it adds belongs to that device (and counts as its power).
     *
     * @param name the cell's name, unique in the circuit (its internal nodes and elements are named after it)
     */
    void place(Circuit c, String name, String top, String bottom, double x);

    /**
     * The largest state change one read pulse of +v or -v lasting {@code seconds} causes, starting from either
     * state bound, as a fraction of the state range: the device alone, its state free, through a transient of the
     * general engine.
     */
    double readDisturb(double v, double seconds);

    /** Chord conductance I(x, v) / v at read voltage v, siemens. */
    default double conductance(double x, double v) {
        return current(x, v) / v;
    }

    /** {Gon, Goff}: the larger and the smaller chord conductance at the two state bounds, at read voltage v. */
    default double[] bounds(double v) {
        double a = conductance(stateMin(), v);
        double b = conductance(stateMax(), v);
        return new double[] {Math.max(a, b), Math.min(a, b)};
    }

    /**
     * The state whose chord conductance at read voltage v is {@code g} (Brent's method on [stateMin, stateMax],
     * to 1e-14 of the state range). A conductance outside the device's range at v is refused: the device cannot
     * hold it. Implementations whose {@link #current} is costly keep what they found (a chip holds few values).
     */
    default double state(double g, double v) {
        double lo = stateMin();
        double hi = stateMax();
        double glo = conductance(lo, v) - g;
        double ghi = conductance(hi, v) - g;
        // a bound's own conductance, computed another way, lands within rounding of it
        double slack = 1e-9 * Math.abs(g);
        if (Math.abs(glo) <= slack) return lo;
        if (Math.abs(ghi) <= slack) return hi;
        if (Math.signum(glo) == Math.signum(ghi)) {
            double[] b = bounds(v);
            throw new InputException(String.format(Locale.ROOT, "%s: a conductance of %.6g S at %.6g V is outside"
                    + " the device's range; expected %.6g to %.6g S (its states %g to %g)", label(), g, v, b[1], b[0], lo, hi));
        }
        double tol = 1e-14 * (hi - lo);
        return new BrentSolver(1e-16, tol, 1e-300).solve(200, x -> conductance(x, v) - g, lo, hi);
    }

    /** Reads a cell device from the fields of a crossbar spec or compile card (see {@link #FIELDS}). */
    interface Loader {
        CellDevice load(JsonFields f, JsonNode root);
    }

    /** The design fields that name a cell device: the netlist, the subcircuit, its state node and range, parameters. */
    java.util.Set<String> FIELDS = java.util.Set.of("deviceNetlist", "deviceSubckt", "deviceStateNode",
            "deviceStateRange", "deviceParams");

    /**
     * The cell device a card names with {@code deviceNetlist}, or null when it names none; the reader of device
     * netlists is found with {@link java.util.ServiceLoader} (it lives in the SPICE package, below this one).
     */
    static CellDevice read(JsonFields f, JsonNode root) {
        if (!root.has("deviceNetlist")) {
            for (String k : FIELDS) {
                if (root.has(k)) {
                    throw f.error("$." + k, root.get(k).toString(), "deviceNetlist with it (a netlist holding the device's subcircuit)");
                }
            }
            return null;
        }
        for (Loader l : java.util.ServiceLoader.load(Loader.class)) {
            return l.load(f, root);
        }
        throw new IllegalStateException("no reader of device netlists on the class path");
    }
}
