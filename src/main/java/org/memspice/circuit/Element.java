package org.memspice.circuit;

/**
 * A circuit element. It knows only how to stamp itself: it declares the Jacobian entries it touches
 * ({@link #declare}), and loads its contributions to F(x), Q(x) and their Jacobians at its own indices
 * ({@link #load}); the analysis combines them (DC: F(x) = 0; transient: dQ(x)/dt + F(x) = 0).
 *
 * <p>Node numbers: 0 is ground, node k > 0 is unknown k - 1. F at a node row is the sum of the currents
 * leaving that node through elements. Elements with a branch current (V, E) or a state (memristor) own
 * extra unknowns, numbered by the {@link MnaSystem} that assembles them.
 */
public abstract sealed class Element
        permits Resistor, Capacitor, VoltageSource, CurrentSource, Vcvs, Vccs, Memristor, Comparator, LinearMultiport {

    private final String name;
    final int[] nodes;
    /** Index of this element's first extra unknown (branch current or state), set by the system. */
    int extra = -1;

    Element(String name, int... nodes) {
        this.name = name;
        this.nodes = nodes;
    }

    /** Name as written by the user (case preserved; look-ups are case-insensitive). */
    public String name() {
        return name;
    }

    /** Number of terminals. */
    public int terminalCount() {
        return nodes.length;
    }

    /** Node number of terminal k (0 = ground). */
    public int node(int k) {
        return nodes[k];
    }

    /** The category under which this element's power is reported. */
    public abstract PowerCategory category();

    /** Extra unknowns: branch currents. */
    int branchCount() {
        return 0;
    }

    /** Extra unknowns: internal states. */
    int stateCount() {
        return 0;
    }

    /** True if F or Q depend nonlinearly on the unknowns (Newton needs more than one iteration). */
    boolean nonlinear() {
        return false;
    }

    /** Declares every Jacobian entry this element loads; keeps the handles returned. */
    abstract void declare(MatrixPattern pattern);

    /** Loads F, Q and both Jacobians at the unknowns in {@code ld}. */
    abstract void load(Load ld);

    /**
     * Currents flowing INTO the element at each terminal, in terminal order, at solution x with time
     * derivative xdot (xdot is zero at a DC point). They sum to zero for every element.
     */
    abstract void terminalCurrents(double[] x, double[] xdot, double time, double[] out);

    /** Absolute tolerances of the extra unknowns (states in their own units). */
    void tolerances(double[] abstol) {
    }

    /** Breakpoints of time-dependent sources inside (t0, t1]. */
    double[] breakpoints(double t0, double t1) {
        return new double[0];
    }

    /** Voltage of node n in x (ground is 0). */
    static double v(double[] x, int n) {
        return n == 0 ? 0.0 : x[n - 1];
    }

    /** Unknown index of node n, or -1 for ground. */
    static int row(int n) {
        return n - 1;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + name;
    }
}
