package org.memspice.circuit;

/** Voltage-controlled voltage source (SPICE E): v(op) - v(on) = gain (v(cp) - v(cn)); branch current as in V. */
public final class Vcvs extends Element {
    private final double gain;
    private int hpk, hmk, hkp, hkm, hkcp, hkcn;

    Vcvs(String name, int op, int on, int cp, int cn, double gain) {
        super(name, op, on, cp, cn);
        this.gain = gain;
    }

    public double gain() {
        return gain;
    }

    int branch() {
        return extra;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.PERIPHERY;
    }

    @Override
    int branchCount() {
        return 1;
    }

    @Override
    void declare(MatrixPattern p) {
        int a = row(nodes[0]), b = row(nodes[1]), c = row(nodes[2]), d = row(nodes[3]), k = extra;
        hpk = p.add(a, k); hmk = p.add(b, k); hkp = p.add(k, a); hkm = p.add(k, b);
        hkcp = p.add(k, c); hkcn = p.add(k, d);
    }

    @Override
    void load(Load ld) {
        int k = extra;
        double i = ld.x[k];
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        ld.addF(k, ld.v(nodes[0]) - ld.v(nodes[1]) - gain * (ld.v(nodes[2]) - ld.v(nodes[3])));
        ld.addJf(hpk, 1); ld.addJf(hmk, -1); ld.addJf(hkp, 1); ld.addJf(hkm, -1);
        ld.addJf(hkcp, -gain); ld.addJf(hkcn, gain);
    }

    @Override
    void terminalCurrents(double[] x, double[] xdot, double time, double[] out) {
        out[0] = x[extra];
        out[1] = -x[extra];
        out[2] = 0;
        out[3] = 0;
    }

    @Override
    void tolerances(double[] abstol) {
        abstol[extra] = 1e-12;
    }
}
