package org.memspice.circuit;

import org.memspice.SimulationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The modified-nodal-analysis system of a circuit: its unknowns (node voltages, then branch currents,
 * then states), the sparse structure of its Jacobian (the symbolic phase, done once) and the check that
 * the structure is not singular by topology. Analyses share one system per circuit structure.
 */
public final class MnaSystem {
    final Circuit circuit;
    final Element[] elements;
    final int nodeUnknowns;
    final int size;
    private MatrixPattern pattern;
    /** Slot of the diagonal entry of every node row (for gmin). */
    private int[] nodeDiagonal;
    /** Absolute tolerance per unknown. */
    final double[] abstol;
    final boolean nonlinear;
    private final Element[] owner;

    public MnaSystem(Circuit circuit) {
        this.circuit = circuit;
        this.elements = circuit.elements().toArray(new Element[0]);
        this.nodeUnknowns = circuit.nodeCount();
        checkTopology();
        int next = nodeUnknowns;
        boolean nl = false;
        List<Element> extras = new ArrayList<>();
        for (Element e : elements) {
            int k = e.branchCount() + e.stateCount();
            if (k > 0) {
                e.extra = next;
                next += k;
                extras.add(e);
            }
            nl |= e.nonlinear();
        }
        this.size = next;
        this.nonlinear = nl;
        this.owner = new Element[size - nodeUnknowns];
        for (Element e : extras) {
            for (int j = 0; j < e.branchCount() + e.stateCount(); j++) owner[e.extra + j - nodeUnknowns] = e;
        }
        abstol = new double[size];
        Arrays.fill(abstol, 0, nodeUnknowns, 1e-9);
        for (Element e : elements) e.tolerances(abstol);
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
            for (Element e : elements) e.declare(p);
            p.compile();
            int[] d = new int[nodeUnknowns];
            for (int i = 0; i < nodeUnknowns; i++) d[i] = p.slot(diagHandles[i]);
            nodeDiagonal = d;
            pattern = p;
        }
        return pattern;
    }

    int[] nodeDiagonal() {
        pattern();
        return nodeDiagonal;
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

    /** Human-readable name of unknown k: "node X", "current of V1", "state of M1". */
    public String unknownName(int k) {
        if (k < nodeUnknowns) return "node " + circuit.nodeName(k + 1);
        Element e = owner[k - nodeUnknowns];
        return (e instanceof Memristor ? "state of " : "branch current of ") + e.name();
    }

    /** Initial unknowns: zero voltages and currents, memristor states at their initial values. */
    double[] initialGuess() {
        double[] x = new double[size];
        for (Element e : elements) {
            if (e instanceof Memristor m) x[m.state()] = m.initialState();
        }
        return x;
    }

    /** Clamps every state to its model bounds (limiting). */
    void boundStates(double[] x) {
        for (Element e : elements) {
            if (e instanceof Memristor m) {
                int s = m.state();
                x[s] = Math.max(m.model().xMin(), Math.min(m.model().xMax(), x[s]));
            }
        }
    }

    /**
     * Rejects circuits singular by topology: a loop of voltage sources (V, E), and nodes with no DC
     * path to ground (floating, or cut off by current sources and capacitors).
     */
    private void checkTopology() {
        int n = nodeUnknowns + 1;
        int[] dc = new int[n];
        int[] vloop = new int[n];
        for (int i = 0; i < n; i++) {
            dc[i] = i;
            vloop[i] = i;
        }
        for (Element e : elements) {
            if (e instanceof VoltageSource || e instanceof Vcvs) {
                int a = e.nodes[0], b = e.nodes[1];
                if (find(vloop, a) == find(vloop, b)) {
                    throw new SimulationException("singular circuit: voltage source " + e.name()
                            + " closes a loop of voltage sources between nodes " + circuit.nodeName(a)
                            + " and " + circuit.nodeName(b) + " (" + loopMembers(a, b) + ")");
                }
                union(vloop, a, b);
                union(dc, a, b);
            } else if (e instanceof Resistor || e instanceof Memristor) {
                union(dc, e.nodes[0], e.nodes[1]);
            } else if (e instanceof Comparator) {
                union(dc, e.nodes[0], 0);
                union(dc, e.nodes[1], 0);
                union(dc, e.nodes[2], 0);
            } else if (e instanceof LinearMultiport mp) {
                // conductance between ports: reciprocal entries; to ground: a self-admittance whose row does not sum to 0
                for (int r = 0; r < mp.ports(); r++) {
                    double sum = 0;
                    for (int c = 0; c < mp.ports(); c++) {
                        sum += mp.admittance(r, c);
                        if (c != r && mp.admittance(r, c) != 0 && mp.admittance(c, r) != 0) union(dc, e.nodes[r], e.nodes[c]);
                    }
                    if (mp.admittance(r, r) != 0 && sum != 0) union(dc, e.nodes[r], 0);
                }
            }
        }
        int g = find(dc, 0);
        StringBuilder floating = new StringBuilder();
        int count = 0;
        for (int i = 1; i < n; i++) {
            if (find(dc, i) != g) {
                if (count < 20) floating.append(count == 0 ? "" : ", ").append(circuit.nodeName(i));
                count++;
            }
        }
        if (count > 0) {
            throw new SimulationException("singular circuit: " + count + " node(s) without a DC path to ground: "
                    + floating + (count > 20 ? ", ..." : "")
                    + " (floating, or connected only through capacitors, current sources or G sources)");
        }
    }

    private String loopMembers(int a, int b) {
        StringBuilder s = new StringBuilder("sources between these nodes: ");
        boolean first = true;
        for (Element e : elements) {
            if (e instanceof VoltageSource || e instanceof Vcvs) {
                if (!first) s.append(", ");
                s.append(e.name()).append(" (").append(circuit.nodeName(e.nodes[0])).append(", ")
                        .append(circuit.nodeName(e.nodes[1])).append(")");
                first = false;
                if (s.length() > 400) {
                    s.append(", ...");
                    break;
                }
            }
        }
        return s.toString();
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
}
