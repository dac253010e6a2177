package org.memspice.circuit;

import org.memspice.signal.SpiceNumber;

/** A linear resistor between terminals a and b. */
public final class Resistor extends Element {
    private static final int AA = 0, AB = 1, BA = 2, BB = 3;
    private final double resistance;

    Resistor(String name, int a, int b, double resistance) {
        super(name, a, b);
        this.resistance = resistance;
    }

    /** Resistance, ohm. */
    public double resistance() {
        return resistance;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.RESISTORS;
    }

    @Override
    public char spiceLetter() {
        return 'r';
    }

    @Override
    public SpiceCard spiceCard() {
        return SpiceCard.primitive('r', nodes.clone(), SpiceNumber.format(resistance));
    }

    @Override
    void dcPaths(Topology t) {
        t.conducts(nodes[0], nodes[1]);
    }

    @Override
    boolean stampNodal(NodalStamp s) {
        s.conductance(nodes[0], nodes[1], 1.0 / resistance);
        return true;
    }

    @Override
    void declare(Declaration d) {
        int a = row(nodes[0]), b = row(nodes[1]);
        d.entry(AA, a, a); d.entry(AB, a, b); d.entry(BA, b, a); d.entry(BB, b, b);
    }

    @Override
    void load(Load ld) {
        double g = 1.0 / resistance;
        double i = g * (ld.v(nodes[0]) - ld.v(nodes[1]));
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        ld.addJf(AA, g); ld.addJf(AB, -g); ld.addJf(BA, -g); ld.addJf(BB, g);
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        double i = (p.v(nodes[0]) - p.v(nodes[1])) / resistance;
        out[0] = i;
        out[1] = -i;
    }
}
