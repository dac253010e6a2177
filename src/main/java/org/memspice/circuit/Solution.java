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

    Solution(MnaSystem sys, double[] x, double[] xdot, double time) {
        this.sys = sys;
        this.x = x.clone();
        this.xdot = xdot == null ? new double[x.length] : xdot.clone();
        this.time = time;
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
        double[] i = terminalCurrents(e);
        return e instanceof Comparator ? i[2] : i[0];
    }

    /** Currents into each terminal of the element, ampere. */
    public double[] terminalCurrents(Element e) {
        double[] out = new double[e.terminalCount()];
        e.terminalCurrents(x, xdot, time, out);
        return out;
    }

    /** Power absorbed by the element, watt (negative when it delivers power). */
    public double power(Element e) {
        double[] i = terminalCurrents(e);
        double p = 0;
        for (int k = 0; k < i.length; k++) p += voltage(e.nodes[k]) * i[k];
        return p;
    }

    public double power(String element) {
        return power(get(element));
    }

    /** Sum of absorbed power over all elements: zero up to the KCL residual. */
    public double totalPower() {
        double p = 0;
        for (Element e : sys.elements) p += power(e);
        return p;
    }

    /** Sum of power delivered by the elements that deliver (the scale of {@link #totalPower}). */
    public double deliveredPower() {
        double p = 0;
        for (Element e : sys.elements) p += Math.max(0, -power(e));
        return p;
    }

    /** Absorbed power per category, watt. */
    public Map<PowerCategory, Double> powerByCategory() {
        Map<PowerCategory, Double> m = new EnumMap<>(PowerCategory.class);
        for (PowerCategory c : PowerCategory.values()) m.put(c, 0.0);
        for (Element e : sys.elements) m.merge(e.category(), power(e), Double::sum);
        return m;
    }

    /** State of a memristor, in its model's units. */
    public double state(String memristor) {
        Element e = get(memristor);
        if (!(e instanceof Memristor m)) throw new InputException("element '" + memristor + "' is not a memristor");
        return x[m.state()];
    }

    /**
     * KCL residual per node (index n - 1 for node n): the sum of element currents leaving the node,
     * computed from every element's terminal currents.
     */
    public double[] kclResidual() {
        double[] res = new double[sys.nodeUnknowns];
        for (Element e : sys.elements) {
            double[] i = terminalCurrents(e);
            for (int k = 0; k < i.length; k++) {
                int n = e.nodes[k];
                if (n > 0) res[n - 1] += i[k];
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
