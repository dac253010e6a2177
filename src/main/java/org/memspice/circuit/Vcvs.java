package org.memspice.circuit;

import org.memspice.signal.SpiceNumber;

/** Voltage-controlled voltage source (SPICE E): v(op) - v(on) = gain (v(cp) - v(cn)); branch current as in V. */
public final class Vcvs extends Element {
    private static final int PK = 0, MK = 1, KP = 2, KM = 3, KCP = 4, KCN = 5;
    private final double gain;

    Vcvs(String name, int op, int on, int cp, int cn, double gain) {
        super(name, op, on, cp, cn);
        this.gain = gain;
    }

    public double gain() {
        return gain;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.PERIPHERY;
    }

    @Override
    public char spiceLetter() {
        return 'e';
    }

    @Override
    public SpiceCard spiceCard() {
        return SpiceCard.primitive('e', nodes.clone(), SpiceNumber.format(gain));
    }

    @Override
    int branchCount() {
        return 1;
    }

    @Override
    void dcPaths(Topology t) {
        t.fixesVoltage(nodes[0], nodes[1]);
    }

    @Override
    void declare(Declaration d) {
        int a = row(nodes[0]), b = row(nodes[1]), c = row(nodes[2]), e = row(nodes[3]), k = d.extra(0);
        d.entry(PK, a, k); d.entry(MK, b, k); d.entry(KP, k, a); d.entry(KM, k, b);
        d.entry(KCP, k, c); d.entry(KCN, k, e);
    }

    @Override
    void load(Load ld) {
        int k = ld.extra;
        double i = ld.x[k];
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        ld.addF(k, ld.v(nodes[0]) - ld.v(nodes[1]) - gain * (ld.v(nodes[2]) - ld.v(nodes[3])));
        ld.addJf(PK, 1); ld.addJf(MK, -1); ld.addJf(KP, 1); ld.addJf(KM, -1);
        ld.addJf(KCP, -gain); ld.addJf(KCN, gain);
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        out[0] = p.x[p.extra];
        out[1] = -p.x[p.extra];
        out[2] = 0;
        out[3] = 0;
    }
}
