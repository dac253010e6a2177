package org.memspice.circuit;

import org.memspice.SimulationException;

import java.util.Arrays;

/**
 * The modified-nodal-analysis system of a circuit: its unknowns (node voltages, then the branch currents and
 * states of the elements that have them), the sparse structure of its Jacobian (the symbolic phase, done once)
 * with the matrix slot of every element's entries, and the check that the structure is not singular by
 * topology. All solver state lives here and in the analyses, none in the elements: a system is read-only once
 * built, and analyses (in any threads) share one system per circuit structure.
 */
public final class MnaSystem {
    final Circuit circuit;
    final Element[] elements;
    final int nodeUnknowns;
    final int size;
    /** Index of the first extra unknown of every element (-1: none). */
    final int[] extra;
    /** Absolute tolerance per unknown. */
    final double[] abstol;
    /** Whether the transient controls the truncation error of each unknown ({@link Element#differential}). */
    final boolean[] differential;
    /** What every element resolved against this system ({@link Element#resolve}), or null. */
    final int[][] resolved;
    final boolean nonlinear;
    /** The element owning each extra unknown (unknown nodeUnknowns + k is owned by owner[k]). */
    private final int[] owner;
    /** Elements with extra unknowns (the ones Newton limiting visits). */
    private final int[] withExtras;
    /** Independent sources, ascending element index; the position here is the source number. */
    private final int[] sources;
    /** First switch of every element ({@link Element#switchOps}), the elements that have any, and all switches. */
    final int[] switchStart;
    private final int[] withSwitches;
    final Formula.Op[] switchOps;
    private MatrixPattern pattern;
    /** Slot of the diagonal entry of every node row (for gmin). */
    private int[] nodeDiagonal;
    /** Matrix slot of every declared entry, element by element from {@link #slotStart}. */
    private int[] slots;
    private int[] slotStart;

    public MnaSystem(Circuit circuit) {
        this.circuit = circuit;
        this.elements = circuit.elements().toArray(new Element[0]);
        this.nodeUnknowns = circuit.nodeCount();
        checkTopology();
        int m = elements.length;
        extra = new int[m];
        int next = nodeUnknowns, extras = 0, sourceCount = 0;
        boolean nl = false;
        for (int k = 0; k < m; k++) {
            Element e = elements[k];
            int c = e.branchCount() + e.stateCount();
            extra[k] = c > 0 ? next : -1;
            next += c;
            if (c > 0) extras++;
            if (e.independentSource()) sourceCount++;
            nl |= e.nonlinear();
        }
        this.size = next;
        this.nonlinear = nl;
        owner = new int[size - nodeUnknowns];
        withExtras = new int[extras];
        sources = new int[sourceCount];
        abstol = new double[size];
        Arrays.fill(abstol, 0, nodeUnknowns, 1e-9);
        differential = new boolean[size];
        Arrays.fill(differential, 0, nodeUnknowns, true);
        for (int k = 0, w = 0, s = 0; k < m; k++) {
            Element e = elements[k];
            if (e.independentSource()) sources[s++] = k;
            if (extra[k] < 0) continue;
            withExtras[w++] = k;
            for (int j = 0; j < e.branchCount() + e.stateCount(); j++) {
                owner[extra[k] + j - nodeUnknowns] = k;
                abstol[extra[k] + j] = e.tolerance(j);
                differential[extra[k] + j] = e.differential(j);
            }
        }
        resolved = new int[m][];
        for (int k = 0; k < m; k++) {
            resolved[k] = elements[k].resolve(this);
        }
        switchStart = new int[m];
        java.util.List<Formula.Op> ops = new java.util.ArrayList<>();
        int withSw = 0;
        for (int k = 0; k < m; k++) {
            switchStart[k] = ops.size();
            Formula.Op[] o = elements[k].switchOps();
            if (o.length > 0) withSw++;
            ops.addAll(java.util.List.of(o));
        }
        switchOps = ops.toArray(new Formula.Op[0]);
        withSwitches = new int[withSw];
        for (int k = 0, w = 0; k < m; k++) {
            if (elements[k].switchOps().length > 0) withSwitches[w++] = k;
        }
    }

    /** Evaluates every element's switches at p's unknowns and time (held in p.modes when not null) into out. */
    void switches(Point p, Switches out) {
        for (int k : withSwitches) {
            p.at(k);
            elements[k].switches(p, out, switchStart[k]);
        }
    }

    /** The first extra unknown (the branch current) of the element named {@code name}, or -1 if it has none. */
    int branchUnknown(String name) {
        Element e = circuit.element(name);
        if (e == null || e.branchCount() == 0) {
            return -1;
        }
        int k = indexOf(e);
        return k < 0 ? -1 : extra[k];
    }

    /**
     * The sparse structure of the Jacobian, declared by the elements and compiled on first use (the
     * nodal conductance path of linear circuits never needs it).
     */
    synchronized MatrixPattern pattern() {
        if (pattern == null) {
            MatrixPattern p = new MatrixPattern(size);
            int[] diagHandles = new int[nodeUnknowns];
            for (int i = 0; i < nodeUnknowns; i++) diagHandles[i] = p.add(i, i);
            Declaration d = new Declaration(p, elements.length);
            int[] start = new int[elements.length + 1];
            for (int k = 0; k < elements.length; k++) {
                start[k] = d.count();
                d.begin(elements[k], extra[k], resolved[k]);
                elements[k].declare(d);
            }
            start[elements.length] = d.count();
            p.compile();
            int[] d0 = new int[nodeUnknowns];
            for (int i = 0; i < nodeUnknowns; i++) d0[i] = p.slot(diagHandles[i]);
            int[] handles = d.handles();
            int[] s = new int[d.count()];
            for (int h = 0; h < s.length; h++) s[h] = handles[h] < 0 ? -1 : p.slot(handles[h]);
            nodeDiagonal = d0;
            slots = s;
            slotStart = start;
            pattern = p;
        }
        return pattern;
    }

    synchronized int[] nodeDiagonal() {
        pattern();
        return nodeDiagonal;
    }

    synchronized int[] slots() {
        pattern();
        return slots;
    }

    synchronized int[] slotStart() {
        pattern();
        return slotStart;
    }

    /** Loads every element's F, Q and Jacobians at ld's point. */
    void load(Load ld) {
        Element[] els = elements;
        for (int k = 0; k < els.length; k++) {
            ld.at(k);
            els[k].load(ld);
        }
    }

    public Circuit circuit() {
        return circuit;
    }

    /** Number of unknowns. */
    public int size() {
        return size;
    }

    /** Non-zero entries of the Jacobian structure. */
    public int nonZeros() {
        return pattern().nonZeros();
    }

    /** Human-readable name of unknown k: "node X", "branch current of V1", "state of M1". */
    public String unknownName(int k) {
        if (k < nodeUnknowns) return "node " + circuit.nodeName(k + 1);
        int e = owner[k - nodeUnknowns];
        return elements[e].unknownName(k - extra[e]);
    }

    /** Number of independent sources (the length of a source-value array). */
    int sourceCount() {
        return sources.length;
    }

    /** Source number of element k (which must be an independent source). */
    int sourceNumber(int element) {
        return Arrays.binarySearch(sources, element);
    }

    /** Index of element e in this system, or -1. */
    int indexOf(Element e) {
        int k = circuit.indexOf(e);
        return k >= 0 && k < elements.length && elements[k] == e ? k : -1;
    }

    /** Initial unknowns: zero voltages, and the elements' initial extra unknowns (memristor states). */
    double[] initialGuess() {
        double[] x = new double[size];
        for (int k : withExtras) elements[k].initialGuess(x, extra[k]);
        return x;
    }

    /** The start of a transient with uic: zero voltages, the elements' initial states and initial conditions. */
    double[] uicStart() {
        return uicStart(java.util.Map.of());
    }

    /** As {@link #uicStart()}, with node voltages given ({@code .ic}: node number to volts) taken as known. */
    double[] uicStart(java.util.Map<Integer, Double> nodeVoltages) {
        double[] x = initialGuess();
        for (Element e : elements) e.initialCondition(x);
        // then the sources' values at t = 0 and the capacitors' ICs carried across from ground, until nothing changes
        // (a node behind a 0 V ammeter source starts at the capacitor's IC, as the first step would solve it)
        boolean[] known = new boolean[nodeUnknowns + 1];
        known[0] = true;
        for (java.util.Map.Entry<Integer, Double> e : nodeVoltages.entrySet()) {
            if (e.getKey() > 0) {
                x[e.getKey() - 1] = e.getValue();
                known[e.getKey()] = true;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Element e : elements) changed |= e.propagateStart(x, known);
        }
        return x;
    }

    /** Limiting: brings every extra unknown into its physical range (memristor states into their bounds). */
    void boundStates(double[] x) {
        for (int k : withExtras) elements[k].limit(x, extra[k]);
    }

    /**
     * Rejects circuits singular by topology: a loop of voltage-defined branches (V, E), and nodes with no DC
     * path to ground (floating, or cut off by current sources and capacitors).
     */
    private void checkTopology() {
        int n = nodeUnknowns + 1;
        Topology t = new Topology(nodeUnknowns);
        for (Element e : elements) {
            e.dcPaths(t);
            if (t.closedLoop()) {
                int a = e.nodes[0], b = e.nodes[1];
                throw new SimulationException("singular circuit: " + e.name()
                        + " closes a loop of voltage sources (or other voltage-defined branches) between nodes " + circuit.nodeName(a)
                        + " and " + circuit.nodeName(b) + " (" + loopMembers() + ")");
            }
        }
        dcFloating = floating(t, "a DC path to ground", " (floating, or connected only through capacitors, current"
                + " sources or G sources)");
        // a transient also has the capacitors: a node held only by them is solvable there (with uic)
        for (Element e : elements) e.transientPaths(t);
        String always = floating(t, "a DC path to ground, nor one through capacitors", " (floating, or connected only"
                + " through current sources or G sources)");
        if (always != null) {
            throw new SimulationException(always);
        }
    }

    /** Why a DC analysis of this circuit is singular by topology, or null. */
    private String dcFloating;

    private String floating(Topology t, String path, String hint) {
        StringBuilder floating = new StringBuilder();
        int count = 0;
        for (int i = 1; i < nodeUnknowns + 1; i++) {
            if (!t.grounded(i)) {
                if (count < 20) floating.append(count == 0 ? "" : ", ").append(circuit.nodeName(i));
                count++;
            }
        }
        return count == 0 ? null : "singular circuit: " + count + " node(s) without " + path + ": " + floating
                + (count > 20 ? ", ..." : "") + hint;
    }

    /** Rejects a DC analysis (an operating point, a sweep) of a circuit with nodes that have no DC path to ground. */
    void requireDcPaths() {
        if (dcFloating != null) {
            throw new SimulationException(dcFloating);
        }
    }

    /** As {@link #requireDcPaths()}, with the node unknowns {@code heldRows} held at a voltage (null: none). */
    void requireDcPaths(int[] heldRows) {
        if (dcFloating == null || heldRows == null) {
            requireDcPaths();
            return;
        }
        Topology t = new Topology(nodeUnknowns);
        for (Element e : elements) e.dcPaths(t);
        for (int r : heldRows) t.grounds(r + 1);
        String f = floating(t, "a DC path to ground or a node held by .ic", " (floating, or connected only through"
                + " capacitors, current sources or G sources)");
        if (f != null) {
            throw new SimulationException(f);
        }
    }

    /** The elements that fix a voltage (V, E and other voltage-defined branches), for the loop message. */
    private String loopMembers() {
        StringBuilder s = new StringBuilder("sources between these nodes: ");
        boolean first = true;
        Topology probe = new Topology(nodeUnknowns);
        for (Element e : elements) {
            int before = probe.voltageBranches();
            e.dcPaths(probe);
            probe.closedLoop();
            if (probe.voltageBranches() == before) continue;
            if (!first) s.append(", ");
            s.append(e.name()).append(" (").append(circuit.nodeName(e.nodes[0])).append(", ")
                    .append(circuit.nodeName(e.nodes[1])).append(")");
            first = false;
            if (s.length() > 400) {
                s.append(", ...");
                break;
            }
        }
        return s.toString();
    }
}
