package org.memspice.circuit;

import org.memspice.signal.Waveform;

/**
 * An independent voltage source, v(plus) - v(minus) = w(t). Its branch current is an unknown, positive
 * when it flows into the plus terminal from the circuit (ngspice's convention: a source delivering power
 * has a negative current).
 */
public final class VoltageSource extends Element {
    private Waveform waveform;
    private int hpk, hmk, hkp, hkm;

    VoltageSource(String name, int plus, int minus, Waveform waveform) {
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

    /** Index of the branch-current unknown. */
    int branch() {
        return extra;
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.SOURCES;
    }

    @Override
    int branchCount() {
        return 1;
    }

    @Override
    void declare(MatrixPattern p) {
        int a = row(nodes[0]), b = row(nodes[1]), k = extra;
        hpk = p.add(a, k); hmk = p.add(b, k); hkp = p.add(k, a); hkm = p.add(k, b);
    }

    @Override
    void load(Load ld) {
        int k = extra;
        double i = ld.x[k];
        ld.addF(row(nodes[0]), i);
        ld.addF(row(nodes[1]), -i);
        double w = ld.sourceScale * waveform.value(ld.time);
        ld.addF(k, ld.v(nodes[0]) - ld.v(nodes[1]) - w);
        ld.addJf(hpk, 1); ld.addJf(hmk, -1); ld.addJf(hkp, 1); ld.addJf(hkm, -1);
    }

    @Override
    void terminalCurrents(double[] x, double[] xdot, double time, double[] out) {
        out[0] = x[extra];
        out[1] = -x[extra];
    }

    @Override
    void tolerances(double[] abstol) {
        abstol[extra] = 1e-12;
    }

    @Override
    double[] breakpoints(double t0, double t1) {
        return waveform.breakpoints(t0, t1);
    }
}
