package org.memspice.spice;

import org.memspice.InputException;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Comparator;

import java.util.List;
import java.util.Map;

/**
 * The memspice device subcircuits ({@code memspice_*}) that the reader builds as native elements instead of
 * flattening, and whose definitions the writer includes for the elements that write themselves as their
 * instances: the comparator ({@code memspice_comparator in ref out params: gain vlow vhigh rin rout}) and
 * the memristor families of the device layer (parameters: the subcircuit definition's defaults, then the
 * instance's values).
 */
final class NativeDevices {
    private NativeDevices() {}

    static NativeDevices standard() {
        return new NativeDevices();
    }

    void build(Circuit c, String name, String subckt, List<String> nodes, Map<String, Double> params) {
        if (subckt.equals(ComparatorSubcircuit.NAME)) {
            if (nodes.size() != 3) throw new InputException(subckt + " has 3 ports (in ref out), got " + nodes.size());
            Comparator.Params d = Comparator.Params.defaults();
            for (String k : params.keySet()) {
                if (!List.of("gain", "vlow", "vhigh", "rin", "rout").contains(k)) {
                    throw new InputException(subckt + " has no parameter '" + k + "' (gain vlow vhigh rin rout)");
                }
            }
            Comparator.Params p;
            try {
                p = new Comparator.Params(params.getOrDefault("gain", d.gain()), params.getOrDefault("vlow", d.vLow()),
                        params.getOrDefault("vhigh", d.vHigh()), params.getOrDefault("rin", d.rin()),
                        params.getOrDefault("rout", d.rout()));
            } catch (IllegalArgumentException e) {
                throw new InputException(name + ": " + e.getMessage());
            }
            c.comparator(name, nodes.get(0), nodes.get(1), nodes.get(2), p);
            return;
        }
        if (MemristorCards.isMemristor(subckt)) {
            MemristorCards.build(c, name, subckt, nodes, params);
            return;
        }
        throw unknown(subckt);
    }

    /** The {@code .subckt} definition of a memspice device subcircuit, written for an instance with these parameters. */
    static String definition(String subckt, Map<String, Double> params) {
        if (subckt.equals(ComparatorSubcircuit.NAME)) return ComparatorSubcircuit.definition();
        if (MemristorCards.isMemristor(subckt)) return MemristorCards.definition(subckt, params);
        throw unknown(subckt);
    }

    private static InputException unknown(String subckt) {
        return new InputException("unknown memspice device subcircuit '" + subckt + "' (expected memspice_comparator,"
                + " memspice_hp_<window> or memspice_<team|vteam>_<window>_<linear|exponential>)");
    }
}
