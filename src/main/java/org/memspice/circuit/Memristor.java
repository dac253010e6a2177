package org.memspice.circuit;

import org.memspice.device.DeviceCard;
import org.memspice.device.MemristorModel;

/**
 * A memristor between plus and minus: i = v / R(x) with v = v(plus) - v(minus), and its state x as an
 * extra unknown with Q = x, F = -dx/dt(v, x) in a transient. At a DC point the state is held (the device
 * is a resistor R(x0)), as Xyce and ngspice's behavioural models do.
 */
public final class Memristor extends Element {
    private final MemristorModel model;
    private final double initialState;
    private final DeviceCard card;
    private int haa, hab, hba, hbb, has, hbs, hsa, hsb, hss;

    Memristor(String name, int plus, int minus, MemristorModel model, double initialState, DeviceCard card) {
        super(name, plus, minus);
        this.model = model;
        this.initialState = initialState;
        this.card = card;
    }

    /** The device card the model was built from, or null for a model given directly. */
    public DeviceCard card() {
        return card;
    }

    public MemristorModel model() {
        return model;
    }

    /** State at t = 0 (and held at DC points). */
    public double initialState() {
        return initialState;
    }

    /** Index of the state unknown. */
    int state() {
        return extra;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.MEMRISTORS;
    }

    @Override
    int stateCount() {
        return 1;
    }

    @Override
    boolean nonlinear() {
        return true;
    }

    @Override
    void declare(MatrixPattern p) {
        int a = row(nodes[0]), b = row(nodes[1]), s = extra;
        haa = p.add(a, a); hab = p.add(a, b); hba = p.add(b, a); hbb = p.add(b, b);
        has = p.add(a, s); hbs = p.add(b, s); hsa = p.add(s, a); hsb = p.add(s, b); hss = p.add(s, s);
    }

    @Override
    void load(Load ld) {
        int s = extra;
        double v = ld.v(nodes[0]) - ld.v(nodes[1]);
        double x = ld.x[s];
        double r = model.resistance(x);
        double g = 1.0 / r;
        double i = v * g;
        double didx = -v * model.resistanceDerivative(x) * g * g;
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        ld.addJf(haa, g); ld.addJf(hab, -g); ld.addJf(hba, -g); ld.addJf(hbb, g);
        ld.addJf(has, didx); ld.addJf(hbs, -didx);
        if (ld.dc) {
            ld.addF(s, x - ld.held[s]);
            ld.addJf(hss, 1.0);
        } else {
            double fv = model.stateRateDv(v, x);
            ld.addF(s, -model.stateRate(v, x));
            ld.addJf(hsa, -fv); ld.addJf(hsb, fv);
            ld.addJf(hss, -model.stateRateDx(v, x));
            ld.addQ(s, x);
            ld.addJq(hss, 1.0);
        }
    }

    @Override
    void terminalCurrents(double[] x, double[] xdot, double time, double[] out) {
        double i = (v(x, nodes[0]) - v(x, nodes[1])) / model.resistance(x[extra]);
        out[0] = i;
        out[1] = -i;
    }

    @Override
    void tolerances(double[] abstol) {
        abstol[extra] = 1e-9 * (model.xMax() - model.xMin());
    }
}
