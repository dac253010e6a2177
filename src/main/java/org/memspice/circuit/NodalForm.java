package org.memspice.circuit;

import java.util.Arrays;

/**
 * The DC nodal conductance form of a linear resistive circuit: node voltages fixed by independent voltage
 * sources (to ground, or to a node already fixed) are eliminated, leaving G v = b over the free nodes, with
 * G symmetric, its off-diagonal entries -g <= 0 and every row diagonally dominant. The MNA topology check
 * guarantees a resistive path from every free node to a fixed node, so G is an irreducibly diagonally
 * dominant M-matrix, hence symmetric positive definite (Varga, "Matrix Iterative Analysis", 3.5).
 * A voltage source between two free nodes joins them into one unknown (v_minus = v_plus - w): the
 * nodal matrix restricted to such groups, P'GP, stays symmetric positive definite; a source in series
 * with a resistor thereby folds into the resistor. The elements stamp this form themselves
 * ({@link Element#stampNodal}: conductances, injected currents, voltage-defined branches; capacitors stamp
 * nothing, being open at DC); an element without such a stamp (E, G, memristor, comparator) or a
 * non-positive conductance leaves the circuit to the MNA path.
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
    /**
     * Each node unknown's voltage is x[freeIndex] + offset (freeIndex -1: the offset alone, a fixed node).
     * Nodes joined by floating voltage sources share the free unknown of their group's first node.
     */
    final int[] freeIndex;
    private final double[] offset;
    private final MnaSystem sys;
    /** The stamps of the elements (conductances, injections, voltage-defined branches). */
    private final NodalStamp st;
    /** Voltage-defined branches (indices into the stamp's branches) in the order they fixed their node. */
    private final int[] order;
    /** The node each branch fixed (node number). */
    private final int[] fixedNode;

    private NodalForm(MnaSystem sys, NodalStamp st, int[] rep, double[] offset, int[] order, int[] fixedNode) {
        this.sys = sys;
        this.st = st;
        this.offset = offset;
        this.order = order;
        this.fixedNode = fixedNode;
        int nodes = sys.nodeUnknowns;
        freeIndex = new int[nodes];
        int count = 0;
        for (int i = 0; i < nodes; i++) freeIndex[i] = rep[i] == i ? count++ : -1;
        for (int i = 0; i < nodes; i++) if (rep[i] >= 0 && rep[i] != i) freeIndex[i] = freeIndex[rep[i]];
        n = count;
        diag = new double[n];
        rhs = new double[n];
        // conductances between free nodes as (a, b, g); the rest goes to the diagonal and right-hand side
        int m = st.conductances;
        int[] ra = new int[m];
        int[] rb = new int[m];
        double[] rg = new double[m];
        int links = 0;
        int[] degree = new int[n];
        for (int k = 0; k < m; k++) {
            double g = st.g[k];
            int na = st.ga[k], nb = st.gb[k];
            int a = free(na), b = free(nb);
            // current a -> b: g (x_a + ca - x_b - cb); the constant part goes to the right-hand side
            double dc = g * (offset(na) - offset(nb));
            if (a >= 0 && a == b) continue;        // inside one group of floating sources: no net current
            if (a >= 0) {
                diag[a] += g;
                rhs[a] -= dc;
            }
            if (b >= 0) {
                diag[b] += g;
                rhs[b] += dc;
            }
            if (a >= 0 && b >= 0) {
                degree[a]++;
                degree[b]++;
                ra[links] = a;
                rb[links] = b;
                rg[links++] = g;
            }
        }
        for (int k = 0; k < st.injections; k++) {
            double i = st.i[k];
            int a = free(st.ia[k]), b = free(st.ib[k]);
            if (a >= 0) rhs[a] -= i;
            if (b >= 0) rhs[b] += i;
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

    private double offset(int node) {
        return node == 0 ? 0.0 : offset[node - 1];
    }

    /**
     * The nodal form of the system at time {@code time} with the analysis's source values ({@code sourceValues}
     * by source number, NaN or null: the waveforms), or null if some element has no conductance-only stamp;
     * {@code why[0]} then says what prevents it.
     */
    static NodalForm of(MnaSystem sys, double time, double[] sourceValues, String[] why) {
        int nodes = sys.nodeUnknowns;
        NodalStamp st = new NodalStamp(sys, time, sourceValues);
        Element[] els = sys.elements;
        for (int k = 0; k < els.length; k++) {
            int before = st.conductances;
            st.at(k);
            if (!els[k].stampNodal(st)) {
                why[0] = "element " + els[k].name() + " (" + els[k].getClass().getSimpleName()
                        + ") has no conductance-only DC stamp";
                return null;
            }
            for (int j = before; j < st.conductances; j++) {
                if (!(st.g[j] > 0) || Double.isInfinite(st.g[j])) {
                    why[0] = "element " + els[k].name() + " has a conductance that is not positive and finite";
                    return null;
                }
            }
        }
        int sourceCount = st.branches;
        int[] vp = st.vp, vm = st.vm;
        double[] vw = st.vw;
        // node voltages: offset alone (fixed: rep -1) or x[rep] + offset; -2 = not reached by a source yet
        int[] rep = new int[nodes];
        double[] offset = new double[nodes];
        Arrays.fill(rep, -2);
        int[] order = new int[sourceCount];
        int[] fixedNode = new int[sourceCount];
        boolean[] done = new boolean[sourceCount];
        int placed = 0;
        boolean progress = true;
        while (placed < sourceCount) {
            if (!progress) {
                // only floating sources are left: the plus node of one starts a group of its own
                boolean started = false;
                for (int k = 0; k < sourceCount && !started; k++) {
                    if (!done[k] && vp[k] > 0 && vm[k] > 0 && rep[vp[k] - 1] == -2 && rep[vm[k] - 1] == -2) {
                        rep[vp[k] - 1] = vp[k] - 1;
                        started = true;
                    }
                }
                if (!started) {
                    why[0] = "voltage sources form a loop";
                    return null;
                }
            }
            progress = false;
            for (int k = 0; k < sourceCount; k++) {
                if (done[k]) continue;
                int p = vp[k], m = vm[k];
                double w = vw[k];
                boolean pk = p == 0 || rep[p - 1] != -2;
                boolean mk = m == 0 || rep[m - 1] != -2;
                if (pk == mk) continue;                // both known: a loop, rejected by the topology check
                if (mk) {
                    rep[p - 1] = m == 0 ? -1 : rep[m - 1];
                    offset[p - 1] = (m == 0 ? 0 : offset[m - 1]) + w;
                    fixedNode[placed] = p;
                } else {
                    rep[m - 1] = p == 0 ? -1 : rep[p - 1];
                    offset[m - 1] = (p == 0 ? 0 : offset[p - 1]) - w;
                    fixedNode[placed] = m;
                }
                order[placed++] = k;
                done[k] = true;
                progress = true;
            }
        }
        for (int i = 0; i < nodes; i++) if (rep[i] == -2) rep[i] = i;   // a node of its own
        return new NodalForm(sys, st, rep, offset, order, fixedNode);
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
     * each voltage-defined branch from KCL at the node it fixed (branches fixed last are resolved first).
     */
    double[] unknowns(double[] free) {
        double[] x = new double[sys.size];
        for (int i = 0; i < sys.nodeUnknowns; i++) x[i] = (freeIndex[i] >= 0 ? free[freeIndex[i]] : 0.0) + offset[i];
        // current leaving each node through conductances and injections
        double[] leaving = new double[sys.nodeUnknowns + 1];
        for (int k = 0; k < st.conductances; k++) {
            int a = st.ga[k], b = st.gb[k];
            double i = (Element.v(x, a) - Element.v(x, b)) * st.g[k];
            leaving[a] += i;
            leaving[b] -= i;
        }
        for (int k = 0; k < st.injections; k++) {
            leaving[st.ia[k]] += st.i[k];
            leaving[st.ib[k]] -= st.i[k];
        }
        for (int k = order.length - 1; k >= 0; k--) {
            int s = order[k];
            int plus = st.vp[s], minus = st.vm[s];
            int node = fixedNode[k];
            // KCL at node: leaving + (+i at plus, -i at minus) = 0
            double i = node == plus ? -leaving[node] : leaving[node];
            x[st.vbranch[s]] = i;
            leaving[plus] += i;
            leaving[minus] -= i;
        }
        return x;
    }
}
