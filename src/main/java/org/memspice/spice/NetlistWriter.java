package org.memspice.spice;

import org.memspice.InputException;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Element;
import org.memspice.circuit.SpiceCard;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.signal.SpiceNumber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a circuit as an ngspice-39 netlist that ngspice runs as is: every element writes its own card
 * ({@link Element#spiceCard}: R C L V I E G lines, several such lines under a comment line, or instances of
 * the memspice device subcircuits, whose definitions are included once, before the element lines), then the
 * analysis lines given and {@code .end}. Numbers are written so that they read back to the same doubles. An element whose name does not start with
 * its SPICE letter gets the letter prefixed (resistor "wl3" -> "Rwl3").
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

    /** A crossbar's netlist as text (see {@link #write(CrossbarCircuit, List, Appendable)}). */
    public static String write(CrossbarCircuit x, List<String> analysisLines) {
        StringBuilder sb = new StringBuilder(64 + 40 * x.circuit().elements().size());
        try {
            write(x, analysisLines, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Streams the netlist to out (for large circuits). */
    public static void write(Circuit c, List<String> analysisLines, Appendable out) throws IOException {
        write(c, analysisLines, out, null, "", "");
    }

    /**
     * Streams a crossbar's netlist to out. When its cells hold a {@link SubcircuitDevice}, the device's
     * definitions (its netlist's subcircuits, .param and .func lines, verbatim) come after the title and every
     * cell is one instance of it, {@code xg<i>_<j> top bottom subckt params: ...}, with its state node held by
     * {@code vxg<i>_<j>_state xg<i>_<j>.<node> 0 <state>}, in place of the flattened elements memspice solves.
     */
    public static void write(CrossbarCircuit x, List<String> analysisLines, Appendable out) throws IOException {
        if (!(x.array().design().cellDevice() instanceof SubcircuitDevice d)) {
            write(x.circuit(), analysisLines, out);
            return;
        }
        int elements = x.circuit().elements().size();
        java.util.BitSet skip = new java.util.BitSet(elements);
        for (int k = 0; k < elements; k++) {
            CrossbarCircuit.Role r = x.role(k);
            if (r == CrossbarCircuit.Role.DEVICE || r == CrossbarCircuit.Role.REFERENCE_DEVICE) skip.set(k);
        }
        StringBuilder cells = new StringBuilder();
        int m = x.array().rows();
        int n = x.array().physicalColumns();
        double[] states = CrossbarCircuit.states(x.array());
        StringBuilder params = new StringBuilder();
        if (!d.params().isEmpty()) {
            params.append(" params:");
            d.params().forEach((k, v) -> params.append(' ').append(k).append('=').append(SpiceNumber.format(v)));
        }
        List<String> ports = d.ports();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                String cell = CrossbarCircuit.cellName(i, j);
                cells.append(cell).append(' ').append(x.wordLineNode(i, j)).append(' ').append(x.bitLineNode(i, j));
                for (int p = 2; p < ports.size(); p++) cells.append(' ').append(cell).append('.').append(ports.get(p));
                cells.append(' ').append(d.subckt()).append(params).append('\n');
                cells.append(SubcircuitDevice.holdName(cell)).append(' ').append(d.stateNodeOf(cell)).append(" 0 ")
                        .append(SpiceNumber.format(states[i * n + j])).append('\n');
            }
        }
        write(x.circuit(), analysisLines, out, skip, d.definitionsText(), cells.toString());
    }

    private static void write(Circuit c, List<String> analysisLines, Appendable out, java.util.BitSet skip,
                              String deviceDefinitions, String extra) throws IOException {
        String title = oneLine(c.title());
        out.append(title.isBlank() ? "memspice circuit" : title).append('\n');
        out.append(deviceDefinitions);
        // subcircuit instances first (X cards only), so that the definitions they need precede the element lines
        List<SpiceCard> instances = new ArrayList<>();
        Map<String, Map<String, Double>> definitions = new LinkedHashMap<>();
        for (Element e : c.elements()) {
            if (e.spiceLetter() != 'x') continue;
            SpiceCard card = e.spiceCard();
            instances.add(card);
            if (card.isInstance()) definitions.putIfAbsent(card.subcircuit(), card.parameters());
        }
        for (Map.Entry<String, Map<String, Double>> d : definitions.entrySet()) {
            out.append(NativeDevices.definition(d.getKey(), d.getValue()));
        }
        int next = 0;
        int index = -1;
        for (Element e : c.elements()) {
            index++;
            if (skip != null && skip.get(index)) {
                if (e.spiceLetter() == 'x') next++;
                continue;
            }
            SpiceCard card = e.spiceLetter() == 'x' ? instances.get(next++) : e.spiceCard();
            if (card.isSeveral()) {
                several(c, e.name(), card, out);
            } else {
                line(c, spiceName(e), card, out);
            }
            out.append('\n');
        }
        out.append(extra);
        for (String a : analysisLines) out.append(oneLine(a)).append('\n');
        out.append(".end\n");
    }

    /**
     * {@code text} as one netlist line: every control character (line feed, carriage return, form feed ...) becomes
     * a space, so that text from a file name, a spec or a model (a title, a comment) can never start a line of its
     * own (a control line) in the deck.
     */
    static String oneLine(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            b.append(ch != '\t' && (ch < 0x20 || ch == 0x7f || ch == 0x85 || ch == 0x2028 || ch == 0x2029) ? ' ' : ch);
        }
        return b.toString();
    }

    /** The SPICE name of an element: its name, with the element letter prefixed when it is missing. */
    public static String spiceName(Element e) {
        char letter = e.spiceLetter();
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

    /** A card of several primitive lines: its comment line, then one line per part, named letter + name + suffix. */
    private static void several(Circuit c, String name, SpiceCard card, Appendable out) throws IOException {
        boolean first = true;
        if (card.value() != null) {
            out.append("* ").append(oneLine(card.value()));
            first = false;
        }
        for (SpiceCard.Part p : card.parts()) {
            if (!first) out.append('\n');
            line(c, p.card().letter() + name + p.suffix(), p.card(), out);
            first = false;
        }
    }

    private static void line(Circuit c, String name, SpiceCard card, Appendable out) throws IOException {
        out.append(name);
        for (int n : card.nodes()) out.append(' ').append(node(c, n));
        if (!card.isInstance()) {
            out.append(' ').append(card.value());
            return;
        }
        out.append(' ').append(card.subcircuit()).append(" params:");
        for (Map.Entry<String, Double> p : card.parameters().entrySet()) {
            out.append(' ').append(p.getKey()).append('=').append(SpiceNumber.format(p.getValue()));
        }
    }
}
