package org.memspice.circuit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A comparator (sense amplifier) with a reference input. Electrical model: each input is a resistance
 * {@code rin} to ground; the output is a Norton stage, a target voltage behind {@code rout},
 * <pre>  vt = (vHigh + vLow)/2 + (vHigh - vLow)/2 * tanh(gain * (v(in) - v(ref)) / ((vHigh - vLow)/2))</pre>
 * smooth (so Newton converges) with small-signal gain {@code gain} at the threshold and rails vLow, vHigh.
 * Terminals: in, ref, out, and ground (the output stage's return). Its power is what flows through its
 * terminals (negative while the output stage sources current); the supply is not modelled.
 */
public final class Comparator extends Element {
    /** The ngspice subcircuit a comparator is written as (ports in ref out; parameters gain vlow vhigh rin rout). */
    public static final String SPICE_SUBCIRCUIT = "memspice_comparator";
    private static final int II = 0, RR = 1, OO = 2, OI = 3, OR = 4;
    private final Params params;

    /** Comparator parameters: small-signal gain, output rails (V), input and output resistance (ohm). */
    public record Params(double gain, double vLow, double vHigh, double rin, double rout) {
        public Params {
            if (!(gain > 0) || !(vHigh > vLow) || !(rin > 0) || !(rout > 0)) {
                throw new IllegalArgumentException("comparator needs gain > 0, vHigh > vLow, rin > 0, rout > 0");
            }
        }

        /** Gain 1e3, rails 0 and 1 V, 1 Gohm inputs, 100 ohm output. */
        public static Params defaults() {
            return new Params(1e3, 0.0, 1.0, 1e9, 100.0);
        }
    }

    Comparator(String name, int in, int ref, int out, Params params) {
        super(name, in, ref, out, 0);
        this.params = params;
    }

    public Params params() {
        return params;
    }

    /** Output target voltage for differential input vd. */
    public double target(double vd) {
        double half = 0.5 * (params.vHigh() - params.vLow());
        return params.vLow() + half + half * Math.tanh(params.gain() * vd / half);
    }

    private double slope(double vd) {
        double half = 0.5 * (params.vHigh() - params.vLow());
        double t = Math.tanh(params.gain() * vd / half);
        return params.gain() * (1 - t * t);
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.PERIPHERY;
    }

    @Override
    public char spiceLetter() {
        return 'x';
    }

    /** An instance of {@value #SPICE_SUBCIRCUIT} on in, ref, out (its return is ground inside the subcircuit). */
    @Override
    public SpiceCard spiceCard() {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("gain", params.gain());
        p.put("vlow", params.vLow());
        p.put("vhigh", params.vHigh());
        p.put("rin", params.rin());
        p.put("rout", params.rout());
        return SpiceCard.instance(new int[] {nodes[0], nodes[1], nodes[2]}, SPICE_SUBCIRCUIT, p);
    }

    @Override
    boolean nonlinear() {
        return true;
    }

    /** Each input has rin to ground, the output rout to its ground return. */
    @Override
    void dcPaths(Topology t) {
        t.grounds(nodes[0]);
        t.grounds(nodes[1]);
        t.grounds(nodes[2]);
    }

    @Override
    int currentTerminal() {
        return 2;
    }

    @Override
    void declare(Declaration d) {
        int i = row(nodes[0]), r = row(nodes[1]), o = row(nodes[2]);
        d.entry(II, i, i); d.entry(RR, r, r); d.entry(OO, o, o); d.entry(OI, o, i); d.entry(OR, o, r);
    }

    @Override
    void load(Load ld) {
        double vin = ld.v(nodes[0]), vref = ld.v(nodes[1]), vout = ld.v(nodes[2]);
        double gin = 1.0 / params.rin(), gout = 1.0 / params.rout();
        ld.addF(row(nodes[0]), vin * gin);
        ld.addF(row(nodes[1]), vref * gin);
        ld.addJf(II, gin);
        ld.addJf(RR, gin);
        double vd = vin - vref;
        ld.addF(row(nodes[2]), (vout - target(vd)) * gout);
        double s = slope(vd) * gout;
        ld.addJf(OO, gout);
        ld.addJf(OI, -s);
        ld.addJf(OR, s);
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        double vin = p.v(nodes[0]), vref = p.v(nodes[1]), vout = p.v(nodes[2]);
        out[0] = vin / params.rin();
        out[1] = vref / params.rin();
        out[2] = (vout - target(vin - vref)) / params.rout();
        out[3] = -(out[0] + out[1] + out[2]);
    }
}
