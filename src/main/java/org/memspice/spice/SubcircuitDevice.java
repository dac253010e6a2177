package org.memspice.spice;

import com.fasterxml.jackson.databind.JsonNode;
import org.memspice.InputException;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;
import org.memspice.circuit.VoltageSource;
import org.memspice.crossbar.CellDevice;
import org.memspice.json.JsonFields;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A behavioral memristor subcircuit of a netlist as the device of an array's cells: the subcircuit named
 * {@code deviceSubckt} in {@code deviceNetlist} (its first two ports the device's terminals, further ports
 * private to each cell), its state the voltage of node {@code deviceStateNode} (internal or a port) in
 * {@code deviceStateRange}, with {@code deviceParams} over the definition's defaults. The netlist is read for its
 * definitions only (subcircuits, .param, .func, .global), so a device's own testbench may stay in the file.
 *
 * <p>In a cell the state node is held at the cell's state by a voltage source {@code v<cell>_state} (the read
 * mode of a device whose state is a capacitor voltage: ngspice's {@code .ic} holds a node the same way during an
 * operating point); the device's other internal nodes are free. The elements of the instance and that source
 * form the cell's device: by Tellegen's theorem their powers add up to the power entering the device's
 * terminals, the holding source taking what the state network draws.
 */
public final class SubcircuitDevice implements CellDevice {
    private static final long serialVersionUID = 1L;

    private final Path netlist;
    private final String given;
    private final String subckt;
    private final String stateNode;
    private final double stateMin;
    private final double stateMax;
    private final LinkedHashMap<String, Double> params;
    private transient NetlistReader definitions;
    private transient Probe probe;

    /** The device; reads the netlist's definitions and checks the subcircuit, its state node and parameters. */
    public SubcircuitDevice(Path netlist, String given, String subckt, String stateNode, double stateMin, double stateMax,
                            Map<String, Double> params) {
        this.netlist = netlist;
        this.given = given;
        if (subckt == null) {
            // the netlist's only subcircuit
            List<String> names = definitions().subcircuitNames();
            if (names.size() != 1) {
                throw new InputException(given + ": defines " + (names.isEmpty() ? "no subcircuit" : names.size()
                        + " subcircuits " + names) + "; expected deviceSubckt naming the device's subcircuit");
            }
            subckt = names.get(0);
        }
        this.subckt = subckt.toLowerCase(Locale.ROOT);
        this.stateNode = stateNode.toLowerCase(Locale.ROOT);
        this.stateMin = stateMin;
        this.stateMax = stateMax;
        this.params = new LinkedHashMap<>();
        params.forEach((k, v) -> this.params.put(k.toLowerCase(Locale.ROOT), v));
        NetlistReader.Subckt def = definitions().subcircuit(this.subckt);
        if (def == null) {
            throw new InputException(given + ": no subcircuit '" + subckt + "'; expected one of " + definitions().subcircuitNames());
        }
        if (def.ports().size() < 2) {
            throw new InputException(given + ": subcircuit '" + subckt + "' has " + def.ports().size()
                    + " port(s); expected at least two (the device's terminals first)");
        }
        for (String k : this.params.keySet()) {
            if (!def.defaults().containsKey(k)) {
                throw new InputException(given + ": subcircuit '" + subckt + "' has no parameter '" + k + "'; expected one of "
                        + def.defaults().keySet());
            }
        }
        Circuit c = new Circuit("probe");
        instance(c, "xprobe", "a", "0", given);
        // (a further port is a node of the instance too; a terminal is not the state)
        if (c.findNode(stateNodeOf("xprobe")) < 0) {
            throw new InputException(given + ": subcircuit '" + subckt + "' has no node '" + stateNode
                    + "'; expected the node whose voltage is the device's state");
        }
    }

    private synchronized NetlistReader definitions() {
        // (the constructor reads them before every field is set)
        if (definitions == null) definitions = NetlistReader.definitions(netlist);
        return definitions;
    }

    @Override
    public String label() {
        return subckt + " in " + netlist.normalize();
    }

    @Override
    public double stateMin() {
        return stateMin;
    }

    @Override
    public double stateMax() {
        return stateMax;
    }

    /** The netlist file, the subcircuit, its state node and the parameters given over its defaults. */
    public Path netlist() {
        return netlist;
    }

    public String subckt() {
        return subckt;
    }

    public String stateNode() {
        return stateNode;
    }

    public Map<String, Double> params() {
        return java.util.Collections.unmodifiableMap(params);
    }

    /** The netlist's definitions (subcircuits, .param, .func, .global lines) as netlist text. */
    public String definitionsText() {
        return definitions().definitionsText();
    }

    /** The ports of the subcircuit (the terminals first). */
    public List<String> ports() {
        return definitions().subcircuit(subckt).ports();
    }

    /** Node of the state of the cell named {@code name} in a circuit it was placed in. */
    public String stateNodeOf(String name) {
        return name + "." + stateNode;
    }

    /** Name of the source holding the state of the cell named {@code name}. */
    public static String holdName(String name) {
        return "v" + name + "_state";
    }

    @Override
    public synchronized void place(Circuit c, String name, String top, String bottom, double x) {
        instance(c, name, top, bottom, given + " (subcircuit " + subckt + " of cell " + name + ")");
        c.voltageSource(holdName(name), stateNodeOf(name), "0", x);
    }

    /** An instance named {@code name} of the subcircuit, its terminals on top and bottom, further ports private. */
    private void instance(Circuit c, String name, String top, String bottom, String where) {
        List<String> ports = definitions().subcircuit(subckt).ports();
        List<String> nodes = new ArrayList<>(ports.size());
        nodes.add(top);
        nodes.add(bottom);
        for (int i = 2; i < ports.size(); i++) nodes.add(name + "." + ports.get(i));
        definitions().instantiate(c, name, subckt, nodes, params, where);
    }

    /** States already found, by conductance and read voltage (every tile of a chip holds the same few). */
    private transient java.util.concurrent.ConcurrentHashMap<java.util.List<Double>, Double> states;

    @Override
    public double state(double g, double v) {
        java.util.concurrent.ConcurrentHashMap<java.util.List<Double>, Double> known;
        synchronized (this) {
            if (states == null) states = new java.util.concurrent.ConcurrentHashMap<>();
            known = states;
        }
        java.util.List<Double> key = java.util.List.of(g, v);
        Double x = known.get(key);
        if (x == null) {
            x = CellDevice.super.state(g, v);
            if (known.size() < 1_000_000) known.put(key, x);
        }
        return x;
    }

    @Override
    public synchronized double current(double x, double v) {
        if (probe == null) probe = new Probe();
        return probe.current(x, v);
    }

    @Override
    public synchronized double readDisturb(double v, double seconds) {
        double worst = 0;
        for (double x0 : new double[] {stateMin, stateMax}) {
            for (double volts : new double[] {v, -v}) {
                Circuit c = new Circuit("memspice read disturb");
                c.voltageSource("vread", "a", "0", volts);
                instance(c, "xd", "a", "0", given);
                int state = c.findNode(stateNodeOf("xd"));
                org.memspice.circuit.TransientResult r = new org.memspice.circuit.Transient(c).uic(true)
                        .initialVoltages(Map.of(state, x0)).maxStep(seconds / 20).run(seconds / 100, seconds);
                double moved = Math.abs(r.last().voltage(state) - x0) / (stateMax - stateMin);
                if (!Double.isFinite(moved)) {
                    throw new InputException(label() + ": the state after a read of " + volts + " V for " + seconds
                            + " s from " + x0 + " is not finite; expected a device that holds its state at a read");
                }
                worst = Math.max(worst, moved);
            }
        }
        return worst;
    }

    /** One device between a source and ground, its state held: the circuit {@link #current} solves. */
    private final class Probe {
        final Circuit c = new Circuit("memspice device probe");
        final VoltageSource source;
        final OperatingPoint op;

        Probe() {
            source = c.voltageSource("vread", "a", "0", 0.0);
            place(c, "xd", "a", "0", stateMin);
            op = new OperatingPoint(c);
        }

        double current(double x, double v) {
            op.sourceValue("vread", v).sourceValue(holdName("xd"), x);
            Solution s = op.solve();
            // the source's current flows into its + terminal from node a: the device draws the opposite
            double i = -s.terminalCurrents(source)[0];
            if (!Double.isFinite(i)) {
                throw new InputException(label() + ": the current at state " + x + " and " + v + " V is " + i
                        + "; expected a finite current");
            }
            return i;
        }
    }

    /** Reads {@code deviceNetlist}, {@code deviceSubckt}, {@code deviceStateNode}, {@code deviceStateRange}, {@code deviceParams}. */
    public static final class Loader implements CellDevice.Loader {
        @Override
        public CellDevice load(JsonFields f, JsonNode root) {
            JsonNode file = root.get("deviceNetlist");
            if (!file.isTextual()) throw f.error("$.deviceNetlist", file.toString(), "a path to a netlist holding the device's subcircuit");
            if (root.has("deviceCard")) {
                throw f.error("$.deviceNetlist", "a deviceNetlist and a deviceCard", "one device: either a deviceCard or a deviceNetlist");
            }
            if (root.has("gOn") || root.has("gOff")) {
                throw f.error("$.deviceNetlist", "a deviceNetlist and gOn/gOff", "either gOn and gOff, or a device (its bounds give them)");
            }
            Path path = f.relative(file.asText());
            String sub = root.has("deviceSubckt") ? f.text(root, "deviceSubckt", "$.deviceSubckt") : null;
            String node = f.text(root, "deviceStateNode", "$.deviceStateNode");
            JsonNode range = root.get("deviceStateRange");
            if (range == null || !range.isArray() || range.size() != 2) {
                throw f.error("$.deviceStateRange", range == null ? "missing" : range.toString(),
                        "[min, max]: the state node's voltages at the device's two bounds");
            }
            double lo = f.number(range.get(0), "$.deviceStateRange[0]");
            double hi = f.number(range.get(1), "$.deviceStateRange[1]");
            if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
                throw f.error("$.deviceStateRange", range.toString(), "finite [min, max] with max > min");
            }
            Map<String, Double> params = new LinkedHashMap<>();
            JsonNode p = root.get("deviceParams");
            if (p != null) {
                if (!p.isObject()) throw f.error("$.deviceParams", p.toString(), "an object of parameter values, e.g. {\"Ron\": 100}");
                for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    double v = f.number(p.get(k), "$.deviceParams." + k);
                    if (!Double.isFinite(v)) throw f.error("$.deviceParams." + k, String.valueOf(v), "a finite number");
                    params.put(k, v);
                }
            }
            try {
                return new SubcircuitDevice(path, f.file() + ": $.deviceNetlist " + file.asText(), sub, node, lo, hi, params);
            } catch (InputException e) {
                throw e.getMessage().startsWith(f.file() + ":") ? e : new InputException(f.file() + ": $.deviceNetlist: " + e.getMessage());
            }
        }
    }
}
