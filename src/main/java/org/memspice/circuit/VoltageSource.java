package org.memspice.circuit;

import org.memspice.signal.Waveform;

/**
 * An independent voltage source, v(plus) - v(minus) = w(t). Its branch current is an unknown, positive
 * when it flows into the plus terminal from the circuit (ngspice's convention: a source delivering power
 * has a negative current).
 */
public final class VoltageSource extends Element {
    private static final int PK = 0, MK = 1, KP = 2, KM = 3;
    private final Waveform waveform;

    VoltageSource(String name, int plus, int minus, Waveform waveform) {
        super(name, plus, minus);
        this.waveform = waveform;
    }

    /** With uic: the source's value at t = 0 across its terminals, from whichever side is known. */
    @Override
    boolean propagateStart(double[] x, boolean[] known) {
        int a = nodes[0], b = nodes[1];
        double v0 = waveform.value(0);
        if (known[b] && !known[a]) {
            x[a - 1] = v(x, b) + v0;
            known[a] = true;
            return true;
        }
        if (known[a] && !known[b]) {
            x[b - 1] = v(x, a) - v0;
            known[b] = true;
            return true;
        }
        return false;
    }

    public Waveform waveform() {
        return waveform;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.SOURCES;
    }

    @Override
    public boolean independentSource() {
        return true;
    }

    @Override
    public char spiceLetter() {
        return 'v';
    }

    @Override
    public SpiceCard spiceCard() {
        return SpiceCard.primitive('v', nodes.clone(), SpiceCard.source(waveform));
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
    boolean stampNodal(NodalStamp s) {
        s.voltage(nodes[0], nodes[1], s.source(waveform));
        return true;
    }

    @Override
    void declare(Declaration d) {
        int a = row(nodes[0]), b = row(nodes[1]), k = d.extra(0);
        d.entry(PK, a, k); d.entry(MK, b, k); d.entry(KP, k, a); d.entry(KM, k, b);
    }

    @Override
    void load(Load ld) {
        int k = ld.extra;
        double i = ld.x[k];
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        double w = ld.sourceScale * ld.source(waveform);
        ld.addF(k, ld.v(nodes[0]) - ld.v(nodes[1]) - w);
        ld.addJf(PK, 1); ld.addJf(MK, -1); ld.addJf(KP, 1); ld.addJf(KM, -1);
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        out[0] = p.x[p.extra];
        out[1] = -p.x[p.extra];
    }

    @Override
    double periods(double t1) {
        return waveform.periods(t1);
    }

    @Override
    double[] breakpoints(double t0, double t1) {
        return waveform.breakpoints(t0, t1);
    }
}
