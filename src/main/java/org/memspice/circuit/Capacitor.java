package org.memspice.circuit;

import org.memspice.signal.SpiceNumber;

/** A linear capacitor between terminals a and b: Q = C (va - vb), open at a DC point. */
public final class Capacitor extends Element {
    private static final int AA = 0, AB = 1, BA = 2, BB = 3;
    private final double capacitance;

    Capacitor(String name, int a, int b, double capacitance) {
        super(name, a, b);
        this.capacitance = capacitance;
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
        return SpiceCard.primitive('c', nodes.clone(), SpiceNumber.format(capacitance));
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
