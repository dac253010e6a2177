package org.memspice.circuit;

/** A linear resistor between terminals a and b. */
public final class Resistor extends Element {
    private final double resistance;
    private int haa, hab, hba, hbb;

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
    void declare(MatrixPattern p) {
        int a = row(nodes[0]), b = row(nodes[1]);
        haa = p.add(a, a); hab = p.add(a, b); hba = p.add(b, a); hbb = p.add(b, b);
    }

    @Override
    void load(Load ld) {
        double g = 1.0 / resistance;
        double i = g * (ld.v(nodes[0]) - ld.v(nodes[1]));
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        ld.addJf(haa, g); ld.addJf(hab, -g); ld.addJf(hba, -g); ld.addJf(hbb, g);
    }

    @Override
    void terminalCurrents(double[] x, double[] xdot, double time, double[] out) {
        double i = (v(x, nodes[0]) - v(x, nodes[1])) / resistance;
        out[0] = i;
        out[1] = -i;
    }
}
