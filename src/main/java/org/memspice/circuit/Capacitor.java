package org.memspice.circuit;

import org.memspice.signal.SpiceNumber;

/** A linear capacitor between terminals a and b: Q = C (va - vb), open at a DC point. */
public final class Capacitor extends Element {
    private static final int AA = 0, AB = 1, BA = 2, BB = 3;
    private final double capacitance;
    /** The voltage a transient with uic starts from (SPICE's IC=), or NaN when none is given. */
    private final double initialVoltage;

    Capacitor(String name, int a, int b, double capacitance) {
        this(name, a, b, capacitance, Double.NaN);
    }

    Capacitor(String name, int a, int b, double capacitance, double initialVoltage) {
        super(name, a, b);
        this.capacitance = capacitance;
        this.initialVoltage = initialVoltage;
    }

    @Override
    void transientPaths(Topology t) {
        t.conducts(nodes[0], nodes[1]);
    }

    /** The initial voltage (IC=) of a transient with uic, NaN when none. */
    public double initialVoltage() {
        return initialVoltage;
    }

    /** With uic the capacitor starts at its IC: the node on one side is set from the other (ground first). */
    @Override
    void initialCondition(double[] x) {
        if (Double.isNaN(initialVoltage)) {
            return;
        }
        int a = nodes[0], b = nodes[1];
        if (a != 0) {
            x[a - 1] = v(x, b) + initialVoltage;
        } else if (b != 0) {
            x[b - 1] = -initialVoltage;
        }
    }

    /** The nodes whose start its IC fixes (given that the other side is known). */
    boolean propagateStart(double[] x, boolean[] known) {
        if (Double.isNaN(initialVoltage)) {
            return false;
        }
        int a = nodes[0], b = nodes[1];
        if (known[b] && !known[a]) {
            x[a - 1] = v(x, b) + initialVoltage;
            known[a] = true;
            return true;
        }
        if (known[a] && !known[b]) {
            x[b - 1] = v(x, a) - initialVoltage;
            known[b] = true;
            return true;
        }
        return false;
    }

    /** Capacitance, farad. */
    public double capacitance() {
        return capacitance;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.CAPACITORS;
    }

    @Override
    public char spiceLetter() {
        return 'c';
    }

    @Override
    public SpiceCard spiceCard() {
        return SpiceCard.primitive('c', nodes.clone(), SpiceNumber.format(capacitance)
                + (Double.isNaN(initialVoltage) ? "" : " ic=" + SpiceNumber.format(initialVoltage)));
    }

    /** Open at DC: nothing to stamp. */
    @Override
    boolean stampNodal(NodalStamp s) {
        return true;
    }

    @Override
    void declare(Declaration d) {
        int a = row(nodes[0]), b = row(nodes[1]);
        d.entry(AA, a, a); d.entry(AB, a, b); d.entry(BA, b, a); d.entry(BB, b, b);
    }

    @Override
    void load(Load ld) {
        double c = capacitance;
        double qv = c * (ld.v(nodes[0]) - ld.v(nodes[1]));
        ld.addQ(row(nodes[0]), qv);
        ld.addQ(row(nodes[1]), -qv);
        ld.addJq(AA, c); ld.addJq(AB, -c); ld.addJq(BA, -c); ld.addJq(BB, c);
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        double i = capacitance * (p.vdot(nodes[0]) - p.vdot(nodes[1]));
        out[0] = i;
        out[1] = -i;
    }
}
