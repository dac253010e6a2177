package org.memspice.circuit;

import org.memspice.signal.Waveform;

/** An independent current source: w(t) flows from the plus terminal through the source to the minus one. */
public final class CurrentSource extends Element {
    private final Waveform waveform;

    CurrentSource(String name, int plus, int minus, Waveform waveform) {
        super(name, plus, minus);
        this.waveform = waveform;
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
        return 'i';
    }

    @Override
    public SpiceCard spiceCard() {
        return SpiceCard.primitive('i', nodes.clone(), SpiceCard.source(waveform));
    }

    @Override
    boolean stampNodal(NodalStamp s) {
        s.current(nodes[0], nodes[1], s.source(waveform));
        return true;
    }

    @Override
    void declare(Declaration d) {
    }

    @Override
    void load(Load ld) {
        double i = ld.sourceScale * ld.source(waveform);
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        double i = p.source(waveform);
        out[0] = i;
        out[1] = -i;
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
