package org.memspice.spice;

import org.memspice.circuit.Circuit;

import java.util.List;
import java.util.Map;

/**
 * A netlist as read: the flattened circuit, its analyses in file order, the vectors named by
 * {@code .save}/{@code .print} (empty: all), the {@code .options} given, warnings for what was skipped, and the
 * outputs a {@code .control} block asks for (print, wrdata, write, plot, gnuplot), each bound to its analysis, and
 * the node voltages of {@code .ic} (the start of a transient with uic), the analyses' plot names as ngspice names
 * them ({@code tran1}, {@code tran2} ...) and the control block's {@code alter}s, by the index of the analysis they
 * come before.
 */
public record Netlist(String title, Circuit circuit, List<Analysis> analyses, List<String> vectors,
                      Map<String, String> options, List<String> warnings, List<ControlBlock.Output> outputs,
                      Map<String, Double> ic, List<String> plots, Map<Integer, List<ControlBlock.Alter>> alters) {

    /** A numeric option, or the default when absent. */
    public double option(String name, double fallback) {
        String v = options.get(name);
        return v == null ? fallback : org.memspice.signal.SpiceNumber.parse(v);
    }
}
