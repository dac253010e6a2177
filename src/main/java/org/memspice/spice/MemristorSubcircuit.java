package org.memspice.spice;

import java.util.Locale;
import java.util.Map;
import org.memspice.device.DeviceCard;
import org.memspice.device.IvCurve;
import org.memspice.device.ModelKind;
import org.memspice.signal.SpiceNumber;
import org.memspice.signal.Waveform;

/**
 * ngspice-39 subcircuits for memristor cards, in the standard behavioral form (Biolek, Biolek and
 * Biolkova, Radioengineering 18(2):210, 2009): the state lives on a 1 F capacitor from internal node
 * {@code s} to ground, charged by a B-source current equal to ds/dt, with a 1e12 ohm shunt for a DC path;
 * the port is a B-source current {@code I = V(p,n)/R(s)}. Thresholds, bounds and the direction of the
 * Biolek window are ternary branches; {@code pow} (which ngspice evaluates as |x|^y) is used only for even
 * powers or positive bases, never {@code pwr}.
 *
 * <p>Naming: one subcircuit per model family and window, and for TEAM/VTEAM per port law:
 * {@code memspice_hp_<window>} (window none, strukov, joglekar, biolek, prodromakis) and
 * {@code memspice_<team|vteam>_<window>_<linear|exponential>} (window none, kvatinsky, biolek, joglekar,
 * prodromakis), e.g. {@code memspice_hp_joglekar}, {@code memspice_vteam_none_linear}. Ports are
 * {@code p n} (positive current from p to n drives HP ON and TEAM/VTEAM OFF). The {@code params:} list
 * carries every card parameter under its card name (ron, roff, d, mu_v, p, j, x_on, x_off, k_on, k_off,
 * alpha_on, alpha_off, i_on/i_off or v_on/v_off, a_on, a_off, w_c) and x0 in the model's own variable, so
 * an instance line such as
 * {@code X1 a b memspice_hp_joglekar params: ron=100 roff=16000 d=1e-8 mu_v=1e-14 p=10 x0=0.1}
 * fully defines one device; the defaults in the definition are those of the card it was written from.
 *
 * <p>The capacitor voltage is the state scaled to order 1: x itself for HP (x = w/D in [0, 1]), the
 * normalised u = (x - x_on)/(x_off - x_on) for TEAM/VTEAM (so x = x_on + u (x_off - x_on) metres).
 * Transients must use {@code .tran ... uic} or the initial condition is ignored.
 */
public final class MemristorSubcircuit {
    private MemristorSubcircuit() {}

    /** Subcircuit name for the card's model, window and port law. */
    public static String name(DeviceCard card) {
        String base = "memspice_" + card.model().cardName() + "_" + card.window().cardName();
        return card.model().hasIvCurve() ? base + "_" + card.iv().cardName() : base;
    }

    /** Internal state node of an instance, as an ngspice vector name (e.g. {@code v(x1.s)}). */
    public static String stateVector(String instance) {
        return "v(" + instance.toLowerCase(Locale.ROOT) + ".s)";
    }

    /** State of the card's model from the capacitor voltage (identity for HP, metres for TEAM/VTEAM). */
    public static double stateFromNode(DeviceCard card, double node) {
        if (card.model() == ModelKind.HP) return node;
        return card.get("x_on") + node * (card.get("x_off") - card.get("x_on"));
    }

    /** The {@code params:} assignments for the card (name=value ...). */
    public static String parameters(DeviceCard card) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : card.parameters().entrySet()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(e.getKey()).append('=').append(SpiceNumber.format(e.getValue()));
        }
        return sb.toString();
    }

    /** An instance line {@code X<name> p n <subckt> params: ...}. */
    public static String instance(String name, String p, String n, DeviceCard card) {
        return name + " " + p + " " + n + " " + name(card) + " params: " + parameters(card);
    }

    /** The {@code .subckt ... .ends} definition for the card. */
    public static String definition(DeviceCard card) {
        boolean hp = card.model() == ModelKind.HP;
        String cu = "max(0,min(1,V(s)))";
        StringBuilder sb = new StringBuilder();
        sb.append("* ").append(name(card)).append(": ").append(description(card)).append('\n');
        sb.append("* state: V(s) = ").append(hp ? "x = w/D in [0,1]" : "u = (x - x_on)/(x_off - x_on) in [0,1]")
                .append("; card ").append(NetlistWriter.oneLine(card.name())).append('\n');
        sb.append(".subckt ").append(name(card)).append(" p n params: ").append(parameters(card)).append('\n');
        String r;
        if (hp) {
            r = "({ron}*" + cu + "+{roff}*(1-" + cu + "))";
        } else if (card.iv() == IvCurve.LINEAR) {
            r = "({ron}+({roff}-{ron})*" + cu + ")";
        } else {
            r = "({ron}*exp(ln({roff}/{ron})*" + cu + "))";
        }
        sb.append("Bport p n I=V(p,n)/").append(r).append('\n');
        sb.append("Cs s 0 1 IC={").append(hp ? "x0" : "(x0-x_on)/(x_off-x_on)").append("}\n");
        sb.append("Rshunt s 0 1e12\n");
        String up = window(card, cu, true);
        String down = window(card, cu, false);
        String rate;
        if (hp) {
            String i = "(V(p,n)/" + r + ")";
            rate = "V(p,n)>0 ? (V(s)>=1 ? 0 : {mu_v*ron/(d*d)}*" + i + "*" + up + ")"
                    + " : (V(p,n)<0 ? (V(s)<=0 ? 0 : {mu_v*ron/(d*d)}*" + i + "*" + down + ") : 0)";
        } else {
            boolean team = card.model() == ModelKind.TEAM;
            String c = team ? "(V(p,n)/" + r + ")" : "V(p,n)";
            String cOff = team ? "{i_off}" : "{v_off}";
            String cOn = team ? "{i_on}" : "{v_on}";
            rate = c + ">" + cOff + " ? (V(s)>=1 ? 0 : {k_off/(x_off-x_on)}*pow(" + c + "/" + cOff + "-1,{alpha_off})*" + up + ")"
                    + " : (" + c + "<" + cOn + " ? (V(s)<=0 ? 0 : {k_on/(x_off-x_on)}*pow(" + c + "/" + cOn + "-1,{alpha_on})*"
                    + down + ") : 0)";
        }
        sb.append("Bstate 0 s I=").append(wrap(rate)).append('\n');
        sb.append(".ends ").append(name(card)).append('\n');
        return sb.toString();
    }

    private static String window(DeviceCard card, String u, boolean up) {
        return switch (card.window()) {
            case NONE -> "1";
            case STRUKOV -> "(" + u + "*(1-" + u + "))";
            case JOGLEKAR -> "(1-pow(2*" + u + "-1,2*{p}))";
            case BIOLEK -> up ? "(1-pow(" + u + ",2*{p}))" : "(1-pow(1-" + u + ",2*{p}))";
            case PRODROMAKIS -> "({j}*(1-pow(pow(" + u + "-0.5,2)+0.75,{p})))";
            case KVATINSKY -> up
                    ? "exp(-exp(({x_on}+" + u + "*{x_off-x_on}-{a_off})/{w_c}))"
                    : "exp(-exp(-({x_on}+" + u + "*{x_off-x_on}-{a_on})/{w_c}))";
        };
    }

    private static String description(DeviceCard card) {
        String s = card.model().description() + ", window " + card.window().cardName();
        return card.model().hasIvCurve() ? s + ", " + card.iv().cardName() + " I-V" : s;
    }

    /** Splits a long expression over continuation lines at spaces. */
    private static String wrap(String expr) {
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (String part : expr.split(" ")) {
            if (col > 0 && col + part.length() > 100) {
                sb.append("\n+ ");
                col = 2;
            } else if (col > 0) {
                sb.append(' ');
                col++;
            }
            sb.append(part);
            col += part.length();
        }
        return sb.toString();
    }

    /**
     * A complete ngspice deck: the subcircuit, the source through rseries into the device (node a, device to
     * ground), a gear transient with TMAX = tstop/steps and tight tolerances, and a control block that
     * linearises onto {@code points} uniform points and writes {@code time v(a) idev xdev} (xdev: the state in
     * the model's own variable) with wrdata to
     * {@code outFile}, or prints them to stdout when outFile is null.
     */
    public static String testbench(DeviceCard card, Waveform drive, double tstop, double rseries, int points,
                                   String outFile) {
        return testbench(card, drive, tstop, rseries, points, outFile, 1000, 1e-6);
    }

    /** As {@link #testbench(DeviceCard, Waveform, double, double, int, String)} with TMAX = tstop/steps and RELTOL. */
    public static String testbench(DeviceCard card, Waveform drive, double tstop, double rseries, int points,
                                   String outFile, int steps, double reltol) {
        return testbench(card, card, drive, tstop, rseries, points, outFile, steps, reltol);
    }

    /**
     * The deck with the subcircuit defined from {@code definition} (its defaults) and instantiated with the
     * parameters of {@code card}: the instance line alone then defines the device.
     */
    public static String testbench(DeviceCard definition, DeviceCard card, Waveform drive, double tstop, double rseries,
                                   int points, String outFile, int steps, double reltol) {
        String out = outFile == null ? "print v(a) idev xdev\n" : "wrdata " + outFile + " v(a) idev xdev\n";
        return testbench(definition, card, drive, tstop, rseries, points, steps, reltol,
                "set wr_singlescale\nset wr_vecnames\noption numdgt=12\n" + out);
    }

    /**
     * As {@link #testbench(DeviceCard, DeviceCard, Waveform, double, double, int, String, int, double)}, writing
     * {@code time v(a) idev xdev} to the binary raw file {@code rawFile} (exact doubles; read by {@link RawFile}).
     */
    public static String testbenchWritingRaw(DeviceCard definition, DeviceCard card, Waveform drive, double tstop,
                                             double rseries, int points, String rawFile, int steps, double reltol) {
        return testbench(definition, card, drive, tstop, rseries, points, steps, reltol,
                "set filetype=binary\nwrite " + rawFile + " v(a) idev xdev\n");
    }

    private static String testbench(DeviceCard definition, DeviceCard card, Waveform drive, double tstop, double rseries,
                                    int points, int steps, double reltol, String output) {
        if (!name(definition).equals(name(card)))
            throw new IllegalArgumentException(name(definition) + " cannot instantiate " + name(card));
        double step = tstop / (points - 1);
        StringBuilder sb = new StringBuilder();
        sb.append("* memspice testbench: card ").append(NetlistWriter.oneLine(card.name())).append(", drive ").append(drive.toSpice()).append('\n');
        sb.append(definition(definition));
        sb.append("Vdrive in 0 ").append(drive.toSpice()).append('\n');
        if (rseries > 0) sb.append("Rseries in a ").append(SpiceNumber.format(rseries)).append('\n');
        else sb.append("Vshort in a DC 0\n");
        sb.append(instance("X1", "a", "0", card)).append('\n');
        sb.append(".options method=gear reltol=").append(SpiceNumber.format(reltol))
                .append(" abstol=1e-15 vntol=1e-9 chgtol=1e-16 itl4=100\n");
        sb.append(".tran ").append(SpiceNumber.format(step)).append(' ').append(SpiceNumber.format(tstop))
                .append(" 0 ").append(SpiceNumber.format(tstop / steps)).append(" uic\n");
        sb.append(".control\nset noaskquit\nrun\nlinearize v(a) v(in) vdrive#branch ").append(stateVector("X1")).append('\n');
        sb.append(rseries > 0 ? "let idev = (v(in)-v(a))/" + SpiceNumber.format(rseries) : "let idev = -vdrive#branch").append('\n');
        // the state in the model's own variable (x = w/D for HP, metres for TEAM/VTEAM)
        if (card.model() == ModelKind.HP) {
            sb.append("let xdev = ").append(stateVector("X1")).append('\n');
        } else {
            sb.append("let xdev = ").append(SpiceNumber.format(card.get("x_on"))).append(" + ").append(stateVector("X1"))
                    .append(" * ").append(SpiceNumber.format(card.get("x_off") - card.get("x_on"))).append('\n');
        }
        sb.append(output);
        sb.append("quit\n.endc\n.end\n");
        return sb.toString();
    }
}
