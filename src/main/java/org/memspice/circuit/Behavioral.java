package org.memspice.circuit;

import org.memspice.InputException;
import org.memspice.SimulationException;

/**
 * A behavioral source (SPICE B, and E or G with {@code value=}): a current {@code I=f} that flows from the plus
 * terminal through the source to the minus terminal, or a voltage {@code V=f} across them with its branch
 * current as an unknown, where f is a {@link Formula} of node voltages, branch currents and time. Newton gets
 * f's exact gradient (automatic differentiation), so the Jacobian is the true one.
 *
 * <p>Terminals: plus, minus, then the nodes the formula reads (variable m of the formula is the voltage of
 * {@code nodes[2 + m]} when {@code branches[m]} is null, else the branch current of the element so named).
 */
public final class Behavioral extends Element {
    /** What the formula gives. */
    public enum Kind {
        /** A current from plus through the source to minus. */
        CURRENT,
        /** The voltage of plus over minus. */
        VOLTAGE
    }

    /** The share of an expression's term magnitude its rounding may leave in a residual. */
    private static final double ROUNDING = 1e-9;

    private final Kind kind;
    private final Formula formula;
    private final String text;
    private final String[] branches;
    private final ThreadLocal<Scratch> scratch;

    private static final class Scratch {
        final double[] vars;
        final double[] grad;
        final Formula.Work work;

        Scratch(Formula f) {
            vars = new double[f.variables()];
            grad = new double[f.variables()];
            work = f.newWork();
        }
    }

    /**
     * A behavioral source; {@code senseNodes[m]} is the node of variable m (ignored where {@code branches[m]} names
     * an element whose branch current it is); {@code text} is the expression as written, for messages.
     */
    Behavioral(String name, int plus, int minus, Kind kind, Formula formula, String text, int[] senseNodes,
               String[] branches) {
        super(name, terminals(plus, minus, senseNodes));
        if (senseNodes.length != formula.variables() || branches.length != formula.variables()) {
            throw new IllegalArgumentException(name + ": " + formula.variables() + " variables, " + senseNodes.length
                    + " nodes and " + branches.length + " branch names");
        }
        this.kind = kind;
        this.formula = formula;
        this.text = text;
        this.branches = branches.clone();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(formula));
    }

    private static int[] terminals(int plus, int minus, int[] sense) {
        int[] t = new int[2 + sense.length];
        t[0] = plus;
        t[1] = minus;
        System.arraycopy(sense, 0, t, 2, sense.length);
        return t;
    }

    /** Current or voltage. */
    public Kind kind() {
        return kind;
    }

    /** The expression as written. */
    public String expression() {
        return text;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.PERIPHERY;
    }

    @Override
    public char spiceLetter() {
        return 'b';
    }

    @Override
    public SpiceCard spiceCard() {
        throw new InputException(name() + ": a behavioral source is not written into exported netlists");
    }

    @Override
    int branchCount() {
        return kind == Kind.VOLTAGE ? 1 : 0;
    }

    @Override
    boolean nonlinear() {
        return true;
    }

    @Override
    void dcPaths(Topology t) {
        if (kind == Kind.VOLTAGE) {
            t.fixesVoltage(nodes[0], nodes[1]);
        }
    }

    /** The unknown of every formula variable (-1: ground, a constant zero). */
    @Override
    int[] resolve(MnaSystem sys) {
        int k = formula.variables();
        int[] u = new int[k];
        for (int m = 0; m < k; m++) {
            if (branches[m] == null) {
                u[m] = row(nodes[2 + m]);
            } else {
                u[m] = sys.branchUnknown(branches[m]);
                if (u[m] < 0) {
                    throw new InputException(name() + ": I(" + branches[m] + ") in '" + text + "': "
                            + (sys.circuit.element(branches[m]) == null ? "no element " : "no branch current of ")
                            + branches[m] + "; expected a voltage source, an E source, an inductor or a B voltage source");
                }
            }
        }
        return u;
    }

    @Override
    void declare(Declaration d) {
        int p = row(nodes[0]), n = row(nodes[1]);
        int[] u = d.resolved();
        int e = 0;
        if (kind == Kind.CURRENT) {
            for (int m = 0; m < u.length; m++) {
                d.entry(e++, p, u[m]);
                d.entry(e++, n, u[m]);
            }
        } else {
            int b = d.extra(0);
            d.entry(e++, p, b);
            d.entry(e++, n, b);
            d.entry(e++, b, p);
            d.entry(e++, b, n);
            for (int m = 0; m < u.length; m++) {
                d.entry(e++, b, u[m]);
            }
        }
    }

    /** The formula's value at the point, its gradient left in the scratch. */
    private double value(Point pt, Scratch s) {
        int[] u = pt.resolved();
        for (int m = 0; m < u.length; m++) {
            s.vars[m] = u[m] < 0 ? 0 : pt.x[u[m]];
        }
        s.work.hold(pt.modes, pt.modes == null ? 0 : pt.sys.switchStart[pt.element]);
        double f = formula.evaluate(s.vars, pt.time, s.grad, s.work);
        // a derivative that is infinite where the value is finite (sqrt at 0, x^0.5 at 0) stops Newton's
        // matrix, not the circuit: that iteration takes it as zero, and the residual test still decides
        for (int m = 0; m < u.length; m++) {
            if (!Double.isFinite(s.grad[m])) {
                s.grad[m] = 0;
            }
        }
        boolean inputsFinite = true;
        for (int m = 0; m < u.length; m++) inputsFinite &= Double.isFinite(s.vars[m]);
        if (!Double.isFinite(f) && inputsFinite) {
            StringBuilder at = new StringBuilder();
            for (int m = 0; m < u.length; m++) {
                at.append(m == 0 ? "" : ", ").append(variableName(pt.sys, m)).append(" = ").append(s.vars[m]);
            }
            throw new SimulationException(name() + ": '" + text + "' is " + f + (u.length == 0 ? "" : " at " + at)
                    + " (outside the domain of a function, a division by zero or an overflow)");
        }
        return f;
    }

    private String variableName(MnaSystem sys, int m) {
        return branches[m] != null ? "I(" + branches[m] + ")" : "V(" + sys.circuit.nodeName(nodes[2 + m]) + ")";
    }

    @Override
    Formula.Op[] switchOps() {
        return formula.switchOps();
    }

    @Override
    void switches(Point p, Switches out, int at) {
        Scratch s = scratch.get();
        value(p, s);
        Formula.Work w = s.work;
        for (int j = 0, n = formula.switchCount(); j < n; j++) {
            out.region[at + j] = w.region(j);
            out.margin[at + j] = w.margin(j);
            out.mag[at + j] = w.inputMagnitude(j);
            for (int k = 0; k < 3; k++) out.in[3 * (at + j) + k] = w.input(j, k);
        }
    }

    @Override
    void load(Load ld) {
        if (ld.chargesOnly) {
            return;   // no charge; and the start of a uic transient need not be a point where f is defined
        }
        Scratch s = scratch.get();
        double f = value(ld, s);
        int p = row(nodes[0]), n = row(nodes[1]);
        double[] g = s.grad;
        int e = 0;
        // the residual test accepts what the expression's own rounding leaves (terms that cancel: 1e-9 of their size)
        double rounding = s.work.magnitude() * ROUNDING;
        if (kind == Kind.CURRENT) {
            ld.addF(p, f);
            ld.addF(n, -f);
            ld.addScale(p, rounding);
            ld.addScale(n, rounding);
            for (int m = 0; m < g.length; m++) {
                ld.addJf(e++, g[m]);
                ld.addJf(e++, -g[m]);
            }
        } else {
            int b = ld.extra;
            double i = ld.x[b];
            ld.addF(p, i);
            ld.addF(n, -i);
            ld.addF(b, ld.v(nodes[0]) - ld.v(nodes[1]) - f);
            ld.addScale(b, rounding);
            ld.addJf(e++, 1);
            ld.addJf(e++, -1);
            ld.addJf(e++, 1);
            ld.addJf(e++, -1);
            for (int m = 0; m < g.length; m++) {
                ld.addJf(e++, -g[m]);
            }
        }
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        java.util.Arrays.fill(out, 0);
        double i = kind == Kind.CURRENT ? value(p, scratch.get()) : p.x[p.extra];
        out[0] = i;
        out[1] = -i;
    }
}
