package org.memspice.spice;

import org.memspice.circuit.Comparator;
import org.memspice.signal.SpiceNumber;

/**
 * The comparator as an ngspice subcircuit, electrically the same as {@link Comparator}: input resistances
 * to ground and a B-source Norton output stage (target tanh law behind rout).
 */
public final class ComparatorSubcircuit {
    public static final String NAME = Comparator.SPICE_SUBCIRCUIT;

    private ComparatorSubcircuit() {}

    public static String definition() {
        Comparator.Params d = Comparator.Params.defaults();
        return "* memspice comparator: rin to ground at in and ref; output = vt behind rout,\n"
                + "* vt = (vhigh+vlow)/2 + (vhigh-vlow)/2*tanh(gain*(v(in)-v(ref))/((vhigh-vlow)/2))\n"
                + ".subckt " + NAME + " in ref out params: " + params(d) + "\n"
                + "Rin in 0 {rin}\n"
                + "Rref ref 0 {rin}\n"
                + "Bout 0 out I=({(vhigh+vlow)/2}+{(vhigh-vlow)/2}*tanh({2*gain/(vhigh-vlow)}*(V(in)-V(ref)))-V(out))/{rout}\n"
                + ".ends " + NAME + "\n";
    }

    public static String params(Comparator.Params p) {
        return "gain=" + SpiceNumber.format(p.gain()) + " vlow=" + SpiceNumber.format(p.vLow())
                + " vhigh=" + SpiceNumber.format(p.vHigh()) + " rin=" + SpiceNumber.format(p.rin())
                + " rout=" + SpiceNumber.format(p.rout());
    }
}
