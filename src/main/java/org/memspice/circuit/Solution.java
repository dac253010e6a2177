package org.memspice.circuit;

import org.memspice.InputException;

import java.util.EnumMap;
import java.util.Map;

/**
 * A solved circuit at one point (a DC point, one sweep value or one time point): node voltages, branch
 * currents, states, and from them the current and power of every element. Power is what flows into an
 * element through its terminals, sum of v * i (negative for an element delivering power), so the sum over
 * all elements is zero by Tellegen's theorem, up to the solver's KCL residual.
 */
public final class Solution {
    private final MnaSystem sys;
    private final double[] x;
    private final double[] xdot;
    private final double time;
    /** The analysis's source values this point was solved with (by source number; NaN: waveform), or null. */
    private final double[] sourceValues;

    Solution(MnaSystem sys, double[] x, double[] xdot, double time) {
        this(sys, x, xdot, time, null);
    }

    Solution(MnaSystem sys, double[] x, double[] xdot, double time, double[] sourceValues) {
        this.sys = sys;
        this.x = x.clone();
        this.xdot = xdot == null ? null : xdot.clone();
        this.time = time;
        this.sourceValues = sourceValues;
    }

    /** This point as the elements read it (cursor to be set with {@link Point#at}). */
    private Point point() {
        Point p = new Point(sys);
        p.x = x;
        p.xdot = xdot;
        p.time = time;
        p.sourceValues = sourceValues;
        return p;
    }

    private int index(Element e) {
        int k = sys.indexOf(e);
        if (k < 0) throw new InputException("element " + e.name() + " is not an element of this solution's circuit");
        return k;
    }

    public Circuit circuit() {
        return sys.circuit;
    }

    /** Time of this point (0 for DC), seconds. */
    public double time() {
        return time;
    }

    /** Voltage of node number n, volt (0 for ground). */
    public double voltage(int n) {
        return n == 0 ? 0.0 : x[n - 1];
    }

    /** Voltage of the named node, volt. */
    public double voltage(String node) {
        int n = sys.circuit.findNode(node);
        if (n < 0) throw new InputException("no node named '" + node + "'");
        return voltage(n);
    }

    private Element get(String name) {
        Element e = sys.circuit.element(name);
        if (e == null) throw new InputException("no element named '" + name + "'");
        return e;
    }

    /**
     * Current of a two-terminal-port element, ampere: for V and E sources the branch current (ngspice's
     * {@code i(vname)}: positive into the plus terminal), for others the current entering terminal 0
     * (the plus terminal, or the comparator's output stage at terminal 2).
     */
    public double current(String element) {
        Element e = get(element);
        return terminalCurrents(e)[e.currentTerminal()];
    }

    /** Currents into each terminal of the element, ampere. */
    public double[] terminalCurrents(Element e) {
        double[] out = new double[e.terminalCount()];
        Point p = point();
        p.at(index(e));
        e.terminalCurrents(p, out);
        return out;
    }

    /** Power absorbed by the element, watt (negative when it delivers power). */
    public double power(Element e) {
        Point p = point();
        p.at(index(e));
        return power(e, p, new double[e.terminalCount()]);
    }

    /** Power of element e at p (the cursor on e), with buffer i of at least its terminal count. */
    private double power(Element e, Point p, double[] i) {
        e.terminalCurrents(p, i);
        double w = 0;
        for (int k = 0; k < e.nodes.length; k++) w += voltage(e.nodes[k]) * i[k];
        return w;
    }

    /**
     * Absorbed power of every element, watt, in the order of {@link Circuit#elements()} (one pass; for
     * summing by a grouping of the caller's own).
     */
    public double[] elementPowers() {
        Element[] els = sys.elements;
        double[] w = new double[els.length];
        Point p = point();
        double[] i = new double[8];
        for (int k = 0; k < els.length; k++) {
            if (i.length < els[k].nodes.length) i = new double[els[k].nodes.length];
            p.at(k);
            w[k] = power(els[k], p, i);
        }
        return w;
    }

    public double power(String element) {
        return power(get(element));
    }

    /** Sum of absorbed power over all elements: zero up to the KCL residual. */
    public double totalPower() {
        double p = 0;
        for (double w : elementPowers()) p += w;
        return p;
    }

    /** Sum of power delivered by the elements that deliver (the scale of {@link #totalPower}). */
    public double deliveredPower() {
        double p = 0;
        for (double w : elementPowers()) p += Math.max(0, -w);
        return p;
    }

    /** Absorbed power per category, watt. */
    public Map<PowerCategory, Double> powerByCategory() {
        Map<PowerCategory, Double> m = new EnumMap<>(PowerCategory.class);
        for (PowerCategory c : PowerCategory.values()) m.put(c, 0.0);
        double[] w = elementPowers();
        for (int k = 0; k < w.length; k++) m.merge(sys.elements[k].category(), w[k], Double::sum);
        return m;
    }

    /** State of a memristor (or of any element with a state unknown), in its model's units. */
    public double state(String memristor) {
        Element e = get(memristor);
        if (e.stateCount() == 0) throw new InputException("element '" + memristor + "' has no state (it is not a memristor)");
        return x[sys.extra[index(e)] + e.branchCount()];
    }

    /**
     * KCL residual per node (index n - 1 for node n): the sum of element currents leaving the node,
     * computed from every element's terminal currents.
     */
    public double[] kclResidual() {
        double[] res = new double[sys.nodeUnknowns];
        Element[] els = sys.elements;
        Point p = point();
        double[] i = new double[8];
        for (int k = 0; k < els.length; k++) {
            Element e = els[k];
            if (i.length < e.nodes.length) i = new double[e.nodes.length];
            p.at(k);
            e.terminalCurrents(p, i);
            for (int t = 0; t < e.nodes.length; t++) {
                int n = e.nodes[t];
                if (n > 0) res[n - 1] += i[t];
            }
        }
        return res;
    }

    /** The raw unknown vector (node voltages, then branch currents and states). */
    public double[] unknowns() {
        return x.clone();
    }

    /** The system this solution belongs to. */
    public MnaSystem system() {
        return sys;
    }
}
