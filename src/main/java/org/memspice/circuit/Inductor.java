package org.memspice.circuit;

import org.memspice.InputException;
import org.memspice.signal.SpiceNumber;

/**
 * A linear inductor between terminals a and b: v(a) - v(b) = L di/dt, with its branch current i (from a
 * through the inductor to b) as an extra unknown, F = v(a) - v(b) and Q = -L i on the branch row (the flux
 * form of SPICE), so it is a short at a DC point. With {@code uic} a transient starts from the initial
 * current; otherwise from the operating point, as in ngspice. Netlist card {@code Lname a b L [IC=i0]}.
 * Add it with {@link Circuit#add}: {@code c.add(new Inductor("L1", c.node("a"), c.node("b"), 1e-6, 0))}.
 */
public final class Inductor extends Element {
    private static final int AK = 0, BK = 1, KA = 2, KB = 3, KK = 4;
    private final double inductance;
    private final double initialCurrent;

    /** An inductor of {@code henries} between node numbers a and b, carrying {@code initialCurrent} at t = 0 with uic. */
    public Inductor(String name, int a, int b, double henries, double initialCurrent) {
        super(name, a, b);
        if (!(henries > 0) || Double.isInfinite(henries)) {
            throw new InputException("element " + name + ": inductance must be a positive finite number, got " + henries);
        }
        if (!Double.isFinite(initialCurrent)) {
            throw new InputException("element " + name + ": initial current must be finite, got " + initialCurrent);
        }
        this.inductance = henries;
        this.initialCurrent = initialCurrent;
    }

    /** Inductance, henry. */
    public double inductance() {
        return inductance;
    }

    /** Current at t = 0 of a transient with uic, ampere. */
    public double initialCurrent() {
        return initialCurrent;
    }

    /** Stored energy is reported with the capacitors' (zero average power in periodic steady state). */
    @Override
    public PowerCategory category() {
        return PowerCategory.CAPACITORS;
    }

    @Override
    public char spiceLetter() {
        return 'l';
    }

    @Override
    public SpiceCard spiceCard() {
        String value = SpiceNumber.format(inductance);
        if (initialCurrent != 0) value += " IC=" + SpiceNumber.format(initialCurrent);
        return SpiceCard.primitive('l', nodes.clone(), value);
    }

    @Override
    int branchCount() {
        return 1;
    }

    /** A short at DC. */
    @Override
    boolean differential(int j) {
        return true;
    }

    @Override
    void dcPaths(Topology t) {
        t.fixesVoltage(nodes[0], nodes[1]);
    }

    /** A short at DC: a 0 V branch, which joins its two nodes into one unknown. */
    @Override
    boolean stampNodal(NodalStamp s) {
        s.voltage(nodes[0], nodes[1], 0.0);
        return true;
    }

    @Override
    void initialGuess(double[] x, int at) {
        x[at] = initialCurrent;
    }

    @Override
    void declare(Declaration d) {
        int a = row(nodes[0]), b = row(nodes[1]), k = d.extra(0);
        d.entry(AK, a, k); d.entry(BK, b, k); d.entry(KA, k, a); d.entry(KB, k, b); d.entry(KK, k, k);
    }

    @Override
    void load(Load ld) {
        int k = ld.extra;
        double i = ld.x[k];
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        ld.addF(k, ld.v(nodes[0]) - ld.v(nodes[1]));
        ld.addQ(k, -inductance * i);
        ld.addJf(AK, 1); ld.addJf(BK, -1); ld.addJf(KA, 1); ld.addJf(KB, -1);
        ld.addJq(KK, -inductance);
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        out[0] = p.x[p.extra];
        out[1] = -p.x[p.extra];
    }
}
