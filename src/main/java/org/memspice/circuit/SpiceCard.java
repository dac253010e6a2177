package org.memspice.circuit;

import org.memspice.signal.SpiceNumber;
import org.memspice.signal.Waveform;

import java.util.List;
import java.util.Map;

/**
 * An element's card in an ngspice netlist, as data the writer lays out without knowing the element: the
 * element letter, the node numbers written, and either the text after the nodes (a primitive such as
 * {@code R}, {@code V} or {@code L}: {@code "1k"}, {@code "DC 0 SIN(0 1 1k)"}, {@code "1u IC=0.1"}) or the
 * memspice device subcircuit it instantiates ({@code memspice_*}) with its parameters, whose definition the
 * spice package's table of device subcircuits writes. An element written as several primitive lines (a
 * linear multiport: G and I sources) gives a card of {@link #several parts}, each a primitive card with the
 * suffix its line's name takes after the element's name, under one comment line.
 */
public record SpiceCard(char letter, int[] nodes, String value, String subcircuit, Map<String, Double> parameters,
                        List<Part> parts) {

    /** One line of a card of several: {@code <card letter><element name><suffix> <nodes> <value>}. */
    public record Part(String suffix, SpiceCard card) {
        public Part {
            if (card.isInstance() || card.isSeveral()) {
                throw new IllegalArgumentException("a part of a card must be a primitive card");
            }
        }
    }

    /** A primitive card: {@code <letter><name> <nodes> <value>}. */
    public static SpiceCard primitive(char letter, int[] nodes, String value) {
        return new SpiceCard(letter, nodes, value, null, Map.of(), null);
    }

    /** A subcircuit instance: {@code X<name> <nodes> <subcircuit> params: k=v ...}. */
    public static SpiceCard instance(int[] nodes, String subcircuit, Map<String, Double> parameters) {
        return new SpiceCard('x', nodes, null, subcircuit, parameters, null);
    }

    /**
     * Several primitive lines: a comment line {@code * <comment>} (none if null), then every part on its own
     * line, named {@code <part letter><element name><suffix>}.
     */
    public static SpiceCard several(char letter, String comment, List<Part> parts) {
        return new SpiceCard(letter, new int[0], comment, null, Map.of(), List.copyOf(parts));
    }

    /** The value text of an independent source: the DC value for operating points, then the transient function. */
    static String source(Waveform w) {
        if (w instanceof Waveform.Dc d) return "DC " + SpiceNumber.format(d.v());
        return "DC " + SpiceNumber.format(w.value(0)) + " " + w.toSpice();
    }

    /** True for a subcircuit instance. */
    public boolean isInstance() {
        return subcircuit != null;
    }

    /** True for a card of several primitive lines ({@link #parts}; {@link #value} is then the comment). */
    public boolean isSeveral() {
        return parts != null;
    }
}
