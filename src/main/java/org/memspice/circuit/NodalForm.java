package org.memspice.circuit;

import java.util.Arrays;

/**
 * The DC nodal conductance form of a linear resistive circuit: node voltages fixed by independent voltage
 * sources (to ground, or to a node already fixed) are eliminated, leaving G v = b over the free nodes, with
 * G symmetric, its off-diagonal entries -g <= 0 and every row diagonally dominant. The MNA topology check
 * guarantees a resistive path from every free node to a fixed node, so G is an irreducibly diagonally
 * dominant M-matrix, hence symmetric positive definite (Varga, "Matrix Iterative Analysis", 3.5).
 * Capacitors are open at DC. Any other element (E, G, memristor, comparator), a voltage source between
 * two free nodes or a non-positive resistance leaves the circuit to the MNA path.
 */
final class NodalForm {
    /** Number of free nodes (the unknowns of G). */
    final int n;
    /** Symmetric G in compressed rows, diagonal included, columns sorted. */
    final int[] rowPtr;
    final int[] col;
    final double[] val;
    final double[] diag;
    /** Right-hand side: injected currents and conductances to fixed nodes times their voltages. */
    final double[] rhs;
    /** Free index of each node unknown, or -1 for a fixed node. */
    final int[] freeIndex;
    /** Node unknown of each free index. */
    final int[] nodeOf;
    private final MnaSystem sys;
    /** Voltage of each node unknown that is fixed (NaN for free ones). */
    private final double[] fixed;
    /** Voltage sources in the order they fixed their node. */
    private final VoltageSource[] sources;
    /** The node each source fixed (node number). */
    private final int[] fixedNode;
    private final double time;

    private NodalForm(MnaSystem sys, double[] fixed, VoltageSource[] sources, int[] fixedNode, double time) {
        this.sys = sys;
        this.fixed = fixed;
        this.sources = sources;
        this.fixedNode = fixedNode;
        this.time = time;
        int nodes = sys.nodeUnknowns;
        freeIndex = new int[nodes];
        int count = 0;
        for (int i = 0; i < nodes; i++) freeIndex[i] = Double.isNaN(fixed[i]) ? count++ : -1;
        n = count;
        nodeOf = new int[n];
        for (int i = 0; i < nodes; i++) if (freeIndex[i] >= 0) nodeOf[freeIndex[i]] = i;
        diag = new double[n];
        rhs = new double[n];
        // one pass over the elements into primitive arrays: resistors between free nodes as (a, b, g)
        Element[] els = sys.elements;
        int[] ra = new int[els.length];
        int[] rb = new int[els.length];
        double[] rg = new double[els.length];
        int links = 0;
        int[] degree = new int[n];
        for (Element e : els) {
            if (e instanceof Resistor r) {
                double g = 1.0 / r.resistance();
                int na = e.nodes[0], nb = e.nodes[1];
                int a = free(na), b = free(nb);
                if (a >= 0 && b >= 0) {
                    if (a != b) {
                        diag[a] += g;
                        diag[b] += g;
                        degree[a]++;
                        degree[b]++;
                        ra[links] = a;
                        rb[links] = b;
                        rg[links++] = g;
                    }
                } else if (a >= 0) {
                    diag[a] += g;
                    rhs[a] += g * fixedVoltage(nb);
                } else if (b >= 0) {
                    diag[b] += g;
                    rhs[b] += g * fixedVoltage(na);
                }
            } else if (e instanceof CurrentSource s) {
                double i = s.waveform().value(time);
                int a = free(e.nodes[0]), b = free(e.nodes[1]);
                if (a >= 0) rhs[a] -= i;
                if (b >= 0) rhs[b] += i;
            }
        }
        int[] ptr = new int[n + 1];
        for (int i = 0; i < n; i++) ptr[i + 1] = ptr[i] + degree[i] + 1;
        int[] c = new int[ptr[n]];
        double[] v = new double[ptr[n]];
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            c[ptr[i]] = i;
            fill[i] = ptr[i] + 1;
        }
        for (int k = 0; k < links; k++) {
            int a = ra[k], b = rb[k];
            double g = rg[k];
            c[fill[a]] = b;
            v[fill[a]++] = -g;
            c[fill[b]] = a;
            v[fill[b]++] = -g;
        }
        // sort each row by column and merge parallel resistors
        int[] rp = new int[n + 1];
        int out = 0;
        long[] keys = new long[16];
        double[] rowVal = new double[16];
        for (int i = 0; i < n; i++) {
            int lo = ptr[i], hi = fill[i];
            int len = hi - lo;
            if (keys.length < len) {
                keys = new long[Math.max(len, keys.length * 2)];
                rowVal = new double[keys.length];
            }
            for (int k = lo; k < hi; k++) {
                keys[k - lo] = ((long) c[k] << 32) | (k - lo);
                rowVal[k - lo] = c[k] == i ? diag[i] : v[k];
            }
            Arrays.sort(keys, 0, len);
            int rowStart = out;
            for (int k = 0; k < len; k++) {
                int j = (int) (keys[k] >>> 32);
                double x = rowVal[(int) keys[k]];
                if (out > rowStart && c[out - 1] == j) {
                    v[out - 1] += x;
                } else {
                    c[out] = j;
                    v[out] = x;
                    out++;
                }
            }
            rp[i + 1] = out;
        }
        rowPtr = rp;
        col = Arrays.copyOf(c, out);
        val = Arrays.copyOf(v, out);
    }

    private int free(int node) {
        return node == 0 ? -1 : freeIndex[node - 1];
    }

    private double fixedVoltage(int node) {
        return node == 0 ? 0.0 : fixed[node - 1];
    }

    /**
     * The nodal form of the system at time {@code time}, or null if the circuit is not a linear resistive
     * network with grounded voltage sources; {@code why[0]} then says what prevents it.
     */
    static NodalForm of(MnaSystem sys, double time, String[] why) {
        int nodes = sys.nodeUnknowns;
        int sourceCount = 0;
        for (Element e : sys.elements) {
            if (e instanceof Resistor r) {
                if (!(r.resistance() > 0) || Double.isInfinite(r.resistance())) {
                    why[0] = "resistor " + e.name() + " is not positive";
                    return null;
                }
            } else if (e instanceof VoltageSource) {
                sourceCount++;
            } else if (!(e instanceof CurrentSource || e instanceof Capacitor)) {
                why[0] = "element " + e.name() + " (" + e.getClass().getSimpleName() + ") is not a resistor or independent source";
                return null;
            }
        }
        double[] fixed = new double[nodes];
        Arrays.fill(fixed, Double.NaN);
        VoltageSource[] order = new VoltageSource[sourceCount];
        int[] fixedNode = new int[sourceCount];
        boolean[] done = new boolean[sys.elements.length];
        int placed = 0;
        boolean progress = true;
        while (placed < sourceCount && progress) {
            progress = false;
            for (int k = 0; k < sys.elements.length; k++) {
                if (done[k] || !(sys.elements[k] instanceof VoltageSource s)) continue;
                int p = s.nodes[0], m = s.nodes[1];
                double w = s.waveform().value(time);
                boolean pf = p == 0 || !Double.isNaN(fixed[p - 1]);
                boolean mf = m == 0 || !Double.isNaN(fixed[m - 1]);
                if (pf && mf) continue;          // a loop: rejected by the topology check already
                if (!pf && !mf) continue;
                if (mf) {
                    fixed[p - 1] = (m == 0 ? 0 : fixed[m - 1]) + w;
                    fixedNode[placed] = p;
                } else {
                    fixed[m - 1] = (p == 0 ? 0 : fixed[p - 1]) - w;
                    fixedNode[placed] = m;
                }
                order[placed++] = s;
                done[k] = true;
                progress = true;
            }
        }
        if (placed < sourceCount) {
            why[0] = "a voltage source is not connected to ground through other voltage sources";
            return null;
        }
        return new NodalForm(sys, fixed, order, fixedNode, time);
    }

    /** y = G x; returns x'y. */
    double multiply(double[] x, double[] y) {
        int[] rp = rowPtr, c = col;
        double[] v = val;
        double xy = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = rp[i], e = rp[i + 1]; k < e; k++) s += v[k] * x[c[k]];
            y[i] = s;
            xy += x[i] * s;
        }
        return xy;
    }

    /**
     * The full MNA unknown vector from the free node voltages: fixed voltages, and the branch current of
     * each voltage source from KCL at the node it fixed (sources fixed last are resolved first).
     */
    double[] unknowns(double[] free) {
        double[] x = new double[sys.size];
        for (int i = 0; i < sys.nodeUnknowns; i++) x[i] = freeIndex[i] >= 0 ? free[freeIndex[i]] : fixed[i];
        // current leaving each node through resistors and current sources
        double[] leaving = new double[sys.nodeUnknowns + 1];
        double[] tc = new double[2];
        for (Element e : sys.elements) {
            if (e instanceof Resistor || e instanceof CurrentSource) {
                e.terminalCurrents(x, null, time, tc);
                leaving[e.nodes[0]] += tc[0];
                leaving[e.nodes[1]] += tc[1];
            }
        }
        for (int k = sources.length - 1; k >= 0; k--) {
            VoltageSource s = sources[k];
            int node = fixedNode[k];
            // KCL at node: leaving + (+i at plus, -i at minus) = 0
            double i = node == s.nodes[0] ? -leaving[node] : leaving[node];
            x[s.branch()] = i;
            leaving[s.nodes[0]] += i;
            leaving[s.nodes[1]] -= i;
        }
        return x;
    }
}
