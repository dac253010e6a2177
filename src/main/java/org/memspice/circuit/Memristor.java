package org.memspice.circuit;

import org.memspice.InputException;
import org.memspice.SimulationException;
import org.memspice.device.DeviceCard;
import org.memspice.device.MemristorModel;
import org.memspice.signal.SpiceNumber;

import java.util.List;

/**
 * A memristor between plus and minus: i = v / R(x) with v = v(plus) - v(minus), and its state x as an
 * extra unknown with Q = x, F = -dx/dt(v, x) in a transient. At a DC point the state is held (the device
 * is a resistor R(x0)), as Xyce and ngspice's behavioural models do.
 */
public final class Memristor extends Element {
    private static final int AA = 0, AB = 1, BA = 2, BB = 3, AS = 4, BS = 5, SA = 6, SB = 7, SS = 8;
    private final MemristorModel model;
    private final double initialState;
    private final DeviceCard card;

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

    @Override
    public PowerCategory category() {
        return PowerCategory.MEMRISTORS;
    }

    @Override
    public char spiceLetter() {
        return 'x';
    }

    /**
     * An instance of the device layer's subcircuit for its card, {@code memspice_<model>_<window>[_<iv>]}, with
     * every card parameter and x0 at this memristor's initial state.
     */
    @Override
    public SpiceCard spiceCard() {
        if (card == null) {
            throw new InputException("memristor " + name() + " was built from a model without a device card;"
                    + " the netlist writer needs the card (Circuit.memristor(name, a, b, DeviceCard))");
        }
        DeviceCard c = card;
        if (c.get("x0") != initialState) c = c.withOverrides(List.of("x0=" + SpiceNumber.format(initialState)));
        String subcircuit = "memspice_" + c.model().cardName() + "_" + c.window().cardName()
                + (c.model().hasIvCurve() ? "_" + c.iv().cardName() : "");
        return SpiceCard.instance(nodes.clone(), subcircuit, c.parameters());
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
    void dcPaths(Topology t) {
        t.conducts(nodes[0], nodes[1]);
    }

    @Override
    void initialGuess(double[] x, int at) {
        x[at] = initialState;
    }

    /** Clamps the state to the model's bounds. */
    @Override
    void limit(double[] x, int at) {
        x[at] = Math.max(model.xMin(), Math.min(model.xMax(), x[at]));
    }

    @Override
    double tolerance(int j) {
        return 1e-9 * (model.xMax() - model.xMin());
    }

    @Override
    void declare(Declaration d) {
        int a = row(nodes[0]), b = row(nodes[1]), s = d.extra(0);
        d.entry(AA, a, a); d.entry(AB, a, b); d.entry(BA, b, a); d.entry(BB, b, b);
        d.entry(AS, a, s); d.entry(BS, b, s); d.entry(SA, s, a); d.entry(SB, s, b); d.entry(SS, s, s);
    }

    @Override
    void load(Load ld) {
        int s = ld.extra;
        double v = ld.v(nodes[0]) - ld.v(nodes[1]);
        double x = ld.x[s];
        double r = model.resistance(x);
        double g = 1.0 / r;
        double i = v * g;
        double didx = -v * model.resistanceDerivative(x) * g * g;
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        ld.addJf(AA, g); ld.addJf(AB, -g); ld.addJf(BA, -g); ld.addJf(BB, g);
        ld.addJf(AS, didx); ld.addJf(BS, -didx);
        if (ld.dc) {
            ld.addF(s, x - ld.held[s]);
            ld.addJf(SS, 1.0);
        } else {
            double fv = model.stateRateDv(v, x);
            double f = model.stateRate(v, x);
            double fx = model.stateRateDx(v, x);
            if (!Double.isFinite(f) || !Double.isFinite(fv) || !Double.isFinite(fx)) overflow(v, x, f, fv, fx);
            ld.addF(s, -f);
            ld.addJf(SA, -fv); ld.addJf(SB, fv);
            ld.addJf(SS, -fx);
            ld.addQ(s, x);
            ld.addJq(SS, 1.0);
        }
    }

    /**
     * A state rate that is not finite at a finite voltage and state: the device's parameters overflow the double
     * range (a mobility of 1e300, an exponent of 1e300); stops the analysis naming the memristor and them.
     */
    private void overflow(double v, double x, double f, double fv, double fx) {
        if (!Double.isFinite(v) || !Double.isFinite(x)) return;
        double bad = !Double.isFinite(f) ? f : !Double.isFinite(fv) ? fv : fx;
        if (card != null) throw new SimulationException(card.rateOverflow("memristor " + name(), bad, v, x, v > 0));
        throw new SimulationException(String.format(java.util.Locale.ROOT, "memristor %s: the state rate dx/dt or its"
                + " derivative is %s at v = %.6g V, x = %.6g: the model's parameters take it beyond the double range",
                name(), bad, v, x));
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        double i = (p.v(nodes[0]) - p.v(nodes[1])) / model.resistance(p.x[p.extra]);
        out[0] = i;
        out[1] = -i;
    }
}
