package org.memspice.circuit;

import org.memspice.signal.SpiceNumber;
import org.memspice.signal.Waveform;

import java.util.Map;

/**
 * An element's card in an ngspice netlist, as data the writer lays out without knowing the element: the
 * element letter, the node numbers written, and either the text after the nodes (a primitive such as
 * {@code R}, {@code V} or {@code L}: {@code "1k"}, {@code "DC 0 SIN(0 1 1k)"}, {@code "1u IC=0.1"}) or the
 * memspice device subcircuit it instantiates ({@code memspice_*}) with its parameters, whose definition the
 * spice package's table of device subcircuits writes.
 */
public record SpiceCard(char letter, int[] nodes, String value, String subcircuit, Map<String, Double> parameters) {

    /** A primitive card: {@code <letter><name> <nodes> <value>}. */
    public static SpiceCard primitive(char letter, int[] nodes, String value) {
        return new SpiceCard(letter, nodes, value, null, Map.of());
    }

    /** A subcircuit instance: {@code X<name> <nodes> <subcircuit> params: k=v ...}. */
    public static SpiceCard instance(int[] nodes, String subcircuit, Map<String, Double> parameters) {
        return new SpiceCard('x', nodes, null, subcircuit, parameters);
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
}
