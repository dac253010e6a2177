package org.memspice.circuit;

/**
 * A circuit element. It knows only how to stamp itself: it declares the Jacobian entries it touches
 * ({@link #declare}), and loads its contributions to F(x), Q(x) and their Jacobians at its own indices
 * ({@link #load}); the analysis combines them (DC: F(x) = 0; transient: dQ(x)/dt + F(x) = 0). Everything an
 * analysis needs to know about an element is a method here, so the analyses never ask for its type.
 *
 * <p>Node numbers: 0 is ground, node k > 0 is unknown k - 1. F at a node row is the sum of the currents
 * leaving that node through elements. Elements with a branch current (V, E, L) or a state (memristor) own
 * extra unknowns; the {@link MnaSystem} that assembles them numbers those unknowns and keeps the matrix
 * slots of every element, so an element is immutable after construction and one circuit serves any number of
 * systems and analyses at once, from any number of threads.
 *
 * <p>Elements are made in this package only (the abstract methods are package-private); a new element type is
 * one new file here that implements them. The contract is described in docs/spice.md.
 */
public abstract class Element {

    private final String name;
    final int[] nodes;

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

    /** True for an independent source (V, I): a DC sweep may set its value. */
    public boolean independentSource() {
        return false;
    }

    /**
     * True if the element's current is an unknown of the system (V, E, L): ngspice saves it as
     * {@code i(name)}, positive into terminal 0.
     */
    public boolean hasBranchCurrent() {
        return branchCount() > 0;
    }

    /** The letter of this element's card in a SPICE netlist ('x' for a subcircuit instance). */
    public abstract char spiceLetter();

    /**
     * This element's card in an ngspice netlist: a primitive line, or an instance of a memspice device
     * subcircuit. Throws {@link org.memspice.InputException} if the element cannot be written.
     */
    public abstract SpiceCard spiceCard();

    /** Extra unknowns: branch currents (numbered first). */
    int branchCount() {
        return 0;
    }

    /** Extra unknowns: internal states (numbered after the branch currents). */
    int stateCount() {
        return 0;
    }

    /** Human-readable name of extra unknown j: "branch current of V1", "state of M1". */
    String unknownName(int j) {
        return (j < branchCount() ? "branch current of " : "state of ") + name;
    }

    /** True if F or Q depend nonlinearly on the unknowns (Newton needs more than one iteration). */
    boolean nonlinear() {
        return false;
    }

    /**
     * Declares what this element does to the DC connectivity of the circuit: which terminals it joins by a
     * conductive path, which it joins by a voltage-defined branch, which it ties to ground. Nothing by default
     * (an open circuit at DC: capacitors, current sources, G sources).
     */
    void dcPaths(Topology t) {
    }

    /** What the element adds to the connectivity of a transient beyond its DC paths (a capacitor joins its terminals). */
    void transientPaths(Topology t) {
    }

    /**
     * Stamps the element's DC conductance-only form (conductances, injected currents, voltage-defined
     * branches) and returns true; returns false (the default) if it has none, which leaves the circuit to the
     * MNA path.
     */
    boolean stampNodal(NodalStamp s) {
        return false;
    }

    /**
     * Resolves what the element refers to beyond its terminals (the branch currents of other elements, by
     * name) against a system that is being built: the unknown indices it then finds in
     * {@link Declaration#resolved()} and {@link Point#resolved()}. Null (nothing) by default. Throws
     * {@link org.memspice.InputException} when a reference names nothing usable.
     */
    int[] resolve(MnaSystem sys) {
        return null;
    }

    /** Declares every Jacobian entry this element loads, numbered from 0 in its own order. */
    abstract void declare(Declaration d);

    /** Loads F, Q and both Jacobians at the unknowns in {@code ld}. */
    abstract void load(Load ld);

    /**
     * Currents flowing INTO the element at each terminal, in terminal order, at point p (its time
     * derivatives are zero at a DC point). They sum to zero for every element.
     */
    abstract void terminalCurrents(Point p, double[] out);

    /** The terminal whose current {@link Solution#current} reports (0; the comparator's output is 2). */
    int currentTerminal() {
        return 0;
    }

    /** Writes the initial values of the extra unknowns, the first at {@code x[at]} (zero by default). */
    void initialGuess(double[] x, int at) {
    }

    /** With uic: writes the element's initial condition (a capacitor's IC=) into the start of a transient. */
    void initialCondition(double[] x) {
    }

    /**
     * With uic: a voltage-defined element with one terminal's start known sets the other's ({@code known[n]} per
     * node, ground known); true when it set one. Nothing by default.
     */
    boolean propagateStart(double[] x, boolean[] known) {
        return false;
    }

    /** Newton limiting: brings the extra unknowns from {@code x[at]} into their physical range. */
    void limit(double[] x, int at) {
    }

    /**
     * True if extra unknown j is a differential variable whose truncation error the transient controls: states, and
     * an inductor's current (its flux); false for the branch current of a voltage-defined branch, an algebraic
     * variable (ngspice, too, controls the error of charges and fluxes only).
     */
    boolean differential(int j) {
        return j >= branchCount();
    }

    /** Absolute tolerance of extra unknown j (1 pA for branch currents; states in their own units). */
    double tolerance(int j) {
        return 1e-12;
    }

    /** Periods of a periodic source in [0, t1] (0 for everything else): each needs its own time steps. */
    double periods(double t1) {
        return 0;
    }

    /**
     * The switches of the element's equations (the comparisons and corners of a behavioral expression,
     * {@link Formula#switchOps()}): a transient holds each in its region through a step and steps onto the time
     * where one changes. None by default.
     */
    Formula.Op[] switchOps() {
        return NO_SWITCHES;
    }

    /**
     * Evaluates the switches at p (held in {@code p.modes} from {@code at}, when not null) and writes their regions,
     * inputs, margins and magnitudes into {@code out} from {@code at} on.
     */
    void switches(Point p, Switches out, int at) {
    }

    private static final Formula.Op[] NO_SWITCHES = new Formula.Op[0];

    /** Breakpoints of time-dependent sources inside (t0, t1]. */
    double[] breakpoints(double t0, double t1) {
        return NO_BREAKPOINTS;
    }

    private static final double[] NO_BREAKPOINTS = new double[0];

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
