package org.memspice.circuit;

/** Voltage-controlled current source (SPICE G): gm (v(cp) - v(cn)) flows from op through the source to on. */
public final class Vccs extends Element {
    private final double transconductance;
    private int hac, had, hbc, hbd;

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
    void declare(MatrixPattern p) {
        int a = row(nodes[0]), b = row(nodes[1]), c = row(nodes[2]), d = row(nodes[3]);
        hac = p.add(a, c); had = p.add(a, d); hbc = p.add(b, c); hbd = p.add(b, d);
    }

    @Override
    void load(Load ld) {
        double gm = transconductance;
        double i = gm * (ld.v(nodes[2]) - ld.v(nodes[3]));
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        ld.addJf(hac, gm); ld.addJf(had, -gm); ld.addJf(hbc, -gm); ld.addJf(hbd, gm);
    }

    @Override
    void terminalCurrents(double[] x, double[] xdot, double time, double[] out) {
        double i = transconductance * (v(x, nodes[2]) - v(x, nodes[3]));
        out[0] = i;
        out[1] = -i;
        out[2] = 0;
        out[3] = 0;
    }
}
