package org.memspice.circuit;

/** A linear capacitor between terminals a and b: Q = C (va - vb), open at a DC point. */
public final class Capacitor extends Element {
    private final double capacitance;
    private int haa, hab, hba, hbb;

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
    void declare(MatrixPattern p) {
        int a = row(nodes[0]), b = row(nodes[1]);
        haa = p.add(a, a); hab = p.add(a, b); hba = p.add(b, a); hbb = p.add(b, b);
    }

    @Override
    void load(Load ld) {
        double c = capacitance;
        double qv = c * (ld.v(nodes[0]) - ld.v(nodes[1]));
        ld.addQ(row(nodes[0]), qv);
        ld.addQ(row(nodes[1]), -qv);
        ld.addJq(haa, c); ld.addJq(hab, -c); ld.addJq(hba, -c); ld.addJq(hbb, c);
    }

    @Override
    void terminalCurrents(double[] x, double[] xdot, double time, double[] out) {
        double i = capacitance * (v(xdot, nodes[0]) - v(xdot, nodes[1]));
        out[0] = i;
        out[1] = -i;
    }
}
