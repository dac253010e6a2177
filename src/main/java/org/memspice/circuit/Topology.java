package org.memspice.circuit;

/**
 * The DC connectivity of a circuit as its elements declare it ({@link Element#dcPaths}): terminals joined by a
 * conductive path (R, memristor), by a voltage-defined branch (V, E, an inductor: a short at DC), or tied to
 * ground (a comparator's input and output stages). Two union-find forests: DC paths, and the voltage-defined
 * branches alone (a loop of those makes the MNA matrix singular).
 */
final class Topology {
    private final int[] dc;
    private final int[] vloop;
    /** Set by {@link #fixesVoltage} when the branch closes a loop of voltage-defined branches. */
    private boolean loop;
    /** Number of voltage-defined branches declared. */
    private int voltageBranches;

    Topology(int nodes) {
        dc = new int[nodes + 1];
        vloop = new int[nodes + 1];
        for (int i = 0; i <= nodes; i++) {
            dc[i] = i;
            vloop[i] = i;
        }
    }

    /** Nodes a and b are joined by a conductive path. */
    void conducts(int a, int b) {
        union(dc, a, b);
    }

    /** Node n has a DC path to ground through the element. */
    void grounds(int n) {
        union(dc, n, 0);
    }

    /** The element fixes v(a) - v(b) through a branch whose current is an unknown. */
    void fixesVoltage(int a, int b) {
        voltageBranches++;
        if (find(vloop, a) == find(vloop, b)) loop = true;
        union(vloop, a, b);
        union(dc, a, b);
    }

    /** True once, right after a {@link #fixesVoltage} call that closed a loop. */
    boolean closedLoop() {
        boolean l = loop;
        loop = false;
        return l;
    }

    int voltageBranches() {
        return voltageBranches;
    }

    /** True if node n has a DC path to ground. */
    boolean grounded(int n) {
        return find(dc, n) == find(dc, 0);
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
