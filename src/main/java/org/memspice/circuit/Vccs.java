package org.memspice.circuit;

import org.memspice.signal.SpiceNumber;

/** Voltage-controlled current source (SPICE G): gm (v(cp) - v(cn)) flows from op through the source to on. */
public final class Vccs extends Element {
    private static final int AC = 0, AD = 1, BC = 2, BD = 3;
    private final double transconductance;

    Vccs(String name, int op, int on, int cp, int cn, double transconductance) {
        super(name, op, on, cp, cn);
        this.transconductance = transconductance;
    }

    public double transconductance() {
        return transconductance;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.PERIPHERY;
    }

    @Override
    public char spiceLetter() {
        return 'g';
    }

    @Override
    public SpiceCard spiceCard() {
        return SpiceCard.primitive('g', nodes.clone(), SpiceNumber.format(transconductance));
    }

    @Override
    void declare(Declaration d) {
        int a = row(nodes[0]), b = row(nodes[1]), c = row(nodes[2]), e = row(nodes[3]);
        d.entry(AC, a, c); d.entry(AD, a, e); d.entry(BC, b, c); d.entry(BD, b, e);
    }

    @Override
    void load(Load ld) {
        double gm = transconductance;
        double i = gm * (ld.v(nodes[2]) - ld.v(nodes[3]));
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        ld.addJf(AC, gm); ld.addJf(AD, -gm); ld.addJf(BC, -gm); ld.addJf(BD, gm);
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        double i = transconductance * (p.v(nodes[2]) - p.v(nodes[3]));
        out[0] = i;
        out[1] = -i;
        out[2] = 0;
        out[3] = 0;
    }
}
