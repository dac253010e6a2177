package org.memspice.circuit;

import org.memspice.signal.Waveform;

/** An independent current source: w(t) flows from the plus terminal through the source to the minus one. */
public final class CurrentSource extends Element {
    private Waveform waveform;

    CurrentSource(String name, int plus, int minus, Waveform waveform) {
        super(name, plus, minus);
        this.waveform = waveform;
    }

    public Waveform waveform() {
        return waveform;
    }

    /** Replaces the drive (for re-solving one structure with new inputs). */
    public void setWaveform(Waveform waveform) {
        this.waveform = waveform;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.SOURCES;
    }

    @Override
    void declare(MatrixPattern p) {
    }

    @Override
    void load(Load ld) {
        double i = ld.sourceScale * waveform.value(ld.time);
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
    }

    @Override
    void terminalCurrents(double[] x, double[] xdot, double time, double[] out) {
        double i = waveform.value(time);
        out[0] = i;
        out[1] = -i;
    }

    @Override
    double[] breakpoints(double t0, double t1) {
        return waveform.breakpoints(t0, t1);
    }
}
