package org.memspice.spice;

import org.memspice.InputException;
import org.memspice.circuit.Capacitor;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Comparator;
import org.memspice.circuit.CurrentSource;
import org.memspice.circuit.Element;
import org.memspice.circuit.LinearMultiport;
import org.memspice.circuit.Memristor;
import org.memspice.circuit.Resistor;
import org.memspice.circuit.Vccs;
import org.memspice.circuit.Vcvs;
import org.memspice.circuit.VoltageSource;
import org.memspice.signal.SpiceNumber;
import org.memspice.signal.Waveform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a circuit as an ngspice-39 netlist that ngspice runs as is: R C V I E G lines, comparators and
 * memristors as instances of the memspice subcircuits (definitions included once), then the analysis
 * lines given and {@code .end}. Numbers are written so that they read back to the same doubles. An element
 * whose name does not start with its SPICE letter gets the letter prefixed (resistor "wl3" -> "Rwl3").
 */
public final class NetlistWriter {
    private NetlistWriter() {}

    /** The netlist as text. */
    public static String write(Circuit c, List<String> analysisLines) {
        StringBuilder sb = new StringBuilder(64 + 40 * c.elements().size());
        try {
            write(c, analysisLines, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Streams the netlist to out (for large circuits). */
    public static void write(Circuit c, List<String> analysisLines, Appendable out) throws IOException {
        String title = c.title().replace('\n', ' ');
        out.append(title.isBlank() ? "memspice circuit" : title).append('\n');
        boolean comparators = false;
        for (Element e : c.elements()) comparators |= e instanceof Comparator;
        if (comparators) out.append(ComparatorSubcircuit.definition());
        MemristorCards.definitions(c, out);
        for (Element e : c.elements()) {
            line(c, e, out);
            out.append('\n');
        }
        for (String a : analysisLines) out.append(a).append('\n');
        out.append(".end\n");
    }

    /** The SPICE name of an element: its name, with the element letter prefixed when it is missing. */
    public static String spiceName(Element e) {
        char letter;
        if (e instanceof Resistor) letter = 'r';
        else if (e instanceof Capacitor) letter = 'c';
        else if (e instanceof VoltageSource) letter = 'v';
        else if (e instanceof CurrentSource) letter = 'i';
        else if (e instanceof Vcvs) letter = 'e';
        else if (e instanceof Vccs) letter = 'g';
        else letter = 'x';
        String n = e.name();
        return Character.toLowerCase(n.charAt(0)) == letter ? n : Character.toUpperCase(letter) + n;
    }

    private static String node(Circuit c, int n) {
        String s = c.nodeName(n);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch) || ch == '(' || ch == ')' || ch == '=' || ch == ',' || ch == '{'
                    || ch == '}' || ch == '\'' || ch == ';' || ch == '$' || ch == '*' && i == 0) {
                throw new InputException("node name '" + s + "' cannot be written to a SPICE netlist (character '" + ch + "')");
            }
        }
        return s;
    }

    private static String num(double v) {
        return SpiceNumber.format(v);
    }

    private static void line(Circuit c, Element e, Appendable out) throws IOException {
        String name = spiceName(e);
        if (e instanceof Resistor r) {
            out.append(name).append(' ').append(node(c, r.node(0))).append(' ')
                    .append(node(c, r.node(1))).append(' ').append(num(r.resistance()));
        } else if (e instanceof Capacitor k) {
            out.append(name).append(' ').append(node(c, k.node(0))).append(' ')
                    .append(node(c, k.node(1))).append(' ').append(num(k.capacitance()));
        } else if (e instanceof VoltageSource v) {
            out.append(name).append(' ').append(node(c, v.node(0))).append(' ')
                    .append(node(c, v.node(1))).append(' ').append(source(v.waveform()));
        } else if (e instanceof CurrentSource i) {
            out.append(name).append(' ').append(node(c, i.node(0))).append(' ')
                    .append(node(c, i.node(1))).append(' ').append(source(i.waveform()));
        } else if (e instanceof Vcvs x) {
            out.append(name).append(' ').append(node(c, x.node(0))).append(' ').append(node(c, x.node(1)))
                    .append(' ').append(node(c, x.node(2))).append(' ').append(node(c, x.node(3))).append(' ').append(num(x.gain()));
        } else if (e instanceof Vccs x) {
            out.append(name).append(' ').append(node(c, x.node(0))).append(' ').append(node(c, x.node(1)))
                    .append(' ').append(node(c, x.node(2))).append(' ').append(node(c, x.node(3))).append(' ')
                    .append(num(x.transconductance()));
        } else if (e instanceof Comparator x) {
            out.append(name).append(' ').append(node(c, x.node(0))).append(' ')
                    .append(node(c, x.node(1))).append(' ').append(node(c, x.node(2))).append(' ')
                    .append(ComparatorSubcircuit.NAME).append(" params: ").append(ComparatorSubcircuit.params(x.params()));
        } else if (e instanceof Memristor m) {
            out.append(MemristorCards.instance(name, node(c, m.node(0)), node(c, m.node(1)), m));
        } else if (e instanceof LinearMultiport p) {
            // one G source per non-zero admittance and one I source per non-zero offset, port to ground
            String sep = "* linear multiport " + e.name() + ", " + p.ports() + " ports";
            for (int r = 0; r < p.ports(); r++) {
                for (int k = 0; k < p.ports(); k++) {
                    if (p.admittance(r, k) != 0) {
                        out.append(sep).append("\ng").append(e.name()).append('_').append(String.valueOf(r)).append('_')
                                .append(String.valueOf(k)).append(' ').append(node(c, p.node(r))).append(" 0 ")
                                .append(node(c, p.node(k))).append(" 0 ").append(num(p.admittance(r, k)));
                        sep = "";
                    }
                }
                if (p.offset(r) != 0) {
                    out.append(sep).append("\ni").append(e.name()).append('_').append(String.valueOf(r)).append(' ')
                            .append(node(c, p.node(r))).append(" 0 DC ").append(num(p.offset(r)));
                    sep = "";
                }
            }
            out.append(sep);
        }
    }

    /** Source text: the DC value for operating points, then the transient function. */
    private static String source(Waveform w) {
        if (w instanceof Waveform.Dc d) return "DC " + num(d.v());
        return "DC " + num(w.value(0)) + " " + w.toSpice();
    }
}
