package org.memspice.circuit;

import org.memspice.InputException;
import org.memspice.device.DeviceCard;
import org.memspice.device.MemristorModel;
import org.memspice.signal.Waveform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A circuit: a table of named nodes and a list of named elements. Node "0" (alias "gnd") is ground,
 * node number 0; other nodes are numbered 1, 2, ... in order of first use. Names are case-insensitive
 * (kept as first written). Build it with the element methods, then analyse it with
 * {@link OperatingPoint}, {@link DcSweep} or {@link Transient}.
 */
public final class Circuit {
    private final String title;
    private final List<String> nodeNames;
    private final Map<String, Integer> nodeIndex;
    private final List<Element> elements;
    /** Position in {@link #elements} by lower-case name. */
    private final Map<String, Integer> byName;

    public Circuit() {
        this("memspice circuit");
    }

    public Circuit(String title) {
        this(title, 16, 16);
    }

    /**
     * A circuit whose tables are sized for about {@code nodes} nodes and {@code elements} elements (a
     * netlist reader knows its line count: no rehashing while a large netlist loads).
     */
    public Circuit(String title, int nodes, int elements) {
        this.title = title;
        this.nodeNames = new ArrayList<>(nodes + 1);
        this.nodeIndex = new HashMap<>(capacity(nodes + 2));
        this.elements = new ArrayList<>(elements);
        this.byName = new HashMap<>(capacity(elements));
        nodeNames.add("0");
        nodeIndex.put("0", 0);
        nodeIndex.put("gnd", 0);
    }

    /** A copy of {@code c} sharing its (immutable) elements, with element {@code index} replaced by {@code e}. */
    private Circuit(Circuit c, int index, Element e) {
        this.title = c.title;
        this.nodeNames = new ArrayList<>(c.nodeNames);
        this.nodeIndex = new HashMap<>(c.nodeIndex);
        this.elements = new ArrayList<>(c.elements);
        this.byName = new HashMap<>(c.byName);
        elements.set(index, e);
    }

    /**
     * This circuit with the independent V or I source {@code name} given the waveform {@code w} (what ngspice's
     * {@code alter} does to a source's dc, sin, pulse or pwl); this circuit is left as it is.
     */
    public Circuit withSource(String name, Waveform w) {
        Element e = element(name);
        if (e instanceof VoltageSource v) {
            return new Circuit(this, indexOf(e), new VoltageSource(v.name(), v.nodes[0], v.nodes[1], w));
        }
        if (e instanceof CurrentSource i) {
            return new Circuit(this, indexOf(e), new CurrentSource(i.name(), i.nodes[0], i.nodes[1], w));
        }
        throw new InputException("element " + name + ": " + (e == null ? "no such element" : "not an independent"
                + " V or I source"));
    }

    /** This circuit with the resistor {@code name} given {@code ohms} (ngspice's {@code alter}); this one is left as it is. */
    public Circuit withResistance(String name, double ohms) {
        Element e = element(name);
        if (!(e instanceof Resistor r)) {
            throw new InputException("element " + name + ": " + (e == null ? "no such element" : "not a resistor"));
        }
        return new Circuit(this, indexOf(e), new Resistor(r.name(), r.nodes[0], r.nodes[1],
                positive(name, "resistance", ohms)));
    }

    private static int capacity(int entries) {
        return (int) Math.min(1 << 30, entries / 0.75 + 1);
    }

    public String title() {
        return title;
    }

    /** The node number of {@code name}, creating the node on first use. */
    public int node(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Integer k = nodeIndex.get(key);
        if (k != null) return k;
        if (name.isBlank()) throw new InputException("node name is empty");
        int n = nodeNames.size();
        nodeNames.add(name);
        nodeIndex.put(key, n);
        return n;
    }

    /** The node number of an existing node, or -1. */
    public int findNode(String name) {
        Integer k = nodeIndex.get(name.toLowerCase(Locale.ROOT));
        return k == null ? -1 : k;
    }

    /** Number of nodes, ground excluded. */
    public int nodeCount() {
        return nodeNames.size() - 1;
    }

    /** Name of node n (n = 0 is "0"). */
    public String nodeName(int n) {
        return nodeNames.get(n);
    }

    public List<Element> elements() {
        return Collections.unmodifiableList(elements);
    }

    /** The element called {@code name} (any case), or null. */
    public Element element(String name) {
        Integer k = byName.get(name.toLowerCase(Locale.ROOT));
        return k == null ? null : elements.get(k);
    }

    /** Position of element e in {@link #elements}, or -1 if it is not an element of this circuit. */
    int indexOf(Element e) {
        Integer k = byName.get(e.name().toLowerCase(Locale.ROOT));
        return k != null && elements.get(k) == e ? k : -1;
    }

    /**
     * Adds an element built on this circuit's node numbers (element types without a building method of their
     * own here, e.g. {@code c.add(new Inductor("L1", c.node("a"), c.node("b"), 1e-6, 0))}). Rejects node
     * numbers that do not exist and a name already used.
     */
    public <E extends Element> E add(E e) {
        for (int n : e.nodes) {
            if (n < 0 || n >= nodeNames.size()) {
                throw new InputException("element " + e.name() + ": node number " + n + " does not exist");
            }
        }
        String key = e.name().toLowerCase(Locale.ROOT);
        if (byName.putIfAbsent(key, elements.size()) != null) {
            throw new InputException("duplicate element name '" + e.name() + "'");
        }
        elements.add(e);
        return e;
    }

    private static double positive(String name, String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InputException("element " + name + ": " + what + " must be a positive finite number, got " + value);
        }
        return value;
    }

    private static double finite(String name, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new InputException("element " + name + ": " + what + " must be finite, got " + value);
        }
        return value;
    }

    public Resistor resistor(String name, String a, String b, double ohms) {
        return resistor(name, node(a), node(b), ohms);
    }

    public Resistor resistor(String name, int a, int b, double ohms) {
        return add(new Resistor(name, a, b, positive(name, "resistance", ohms)));
    }

    public Capacitor capacitor(String name, String a, String b, double farads) {
        return capacitor(name, node(a), node(b), farads);
    }

    public Capacitor capacitor(String name, int a, int b, double farads) {
        return add(new Capacitor(name, a, b, positive(name, "capacitance", farads)));
    }

    /** A capacitor that a transient with uic starts at {@code initialVolts} (SPICE's IC=). */
    public Capacitor capacitor(String name, int a, int b, double farads, double initialVolts) {
        return add(new Capacitor(name, a, b, positive(name, "capacitance", farads), finite(name, "IC", initialVolts)));
    }

    public VoltageSource voltageSource(String name, String plus, String minus, Waveform w) {
        return voltageSource(name, node(plus), node(minus), w);
    }

    public VoltageSource voltageSource(String name, int plus, int minus, Waveform w) {
        return add(new VoltageSource(name, plus, minus, w));
    }

    public VoltageSource voltageSource(String name, String plus, String minus, double volts) {
        return voltageSource(name, plus, minus, new Waveform.Dc(finite(name, "voltage", volts)));
    }

    public CurrentSource currentSource(String name, String plus, String minus, Waveform w) {
        return currentSource(name, node(plus), node(minus), w);
    }

    public CurrentSource currentSource(String name, int plus, int minus, Waveform w) {
        return add(new CurrentSource(name, plus, minus, w));
    }

    public CurrentSource currentSource(String name, String plus, String minus, double amps) {
        return currentSource(name, plus, minus, new Waveform.Dc(finite(name, "current", amps)));
    }

    /**
     * A behavioral source: {@code formula}'s variable m is the voltage of {@code senseNodes[m]}, or the branch
     * current of the element named {@code branches[m]} where that is not null; {@code text} is the expression as
     * written (for messages).
     */
    public Behavioral behavioral(String name, int plus, int minus, Behavioral.Kind kind, Formula formula, String text,
                                 int[] senseNodes, String[] branches) {
        return add(new Behavioral(name, plus, minus, kind, formula, text, senseNodes, branches));
    }

    public Vcvs vcvs(String name, String op, String on, String cp, String cn, double gain) {
        return vcvs(name, node(op), node(on), node(cp), node(cn), gain);
    }

    public Vcvs vcvs(String name, int op, int on, int cp, int cn, double gain) {
        return add(new Vcvs(name, op, on, cp, cn, finite(name, "gain", gain)));
    }

    public Vccs vccs(String name, String op, String on, String cp, String cn, double gm) {
        return vccs(name, node(op), node(on), node(cp), node(cn), gm);
    }

    public Vccs vccs(String name, int op, int on, int cp, int cn, double gm) {
        return add(new Vccs(name, op, on, cp, cn, finite(name, "transconductance", gm)));
    }

    public Memristor memristor(String name, String plus, String minus, MemristorModel model, double x0) {
        return memristor(name, node(plus), node(minus), model, x0);
    }

    public Memristor memristor(String name, int plus, int minus, MemristorModel model, double x0) {
        if (!(x0 >= model.xMin() && x0 <= model.xMax())) {
            throw new InputException("element " + name + ": initial state " + x0 + " outside ["
                    + model.xMin() + ", " + model.xMax() + "]");
        }
        return add(new Memristor(name, plus, minus, model, x0, null));
    }

    /** A memristor from a device card (model, window and parameters; x0 from the card). */
    public Memristor memristor(String name, String plus, String minus, DeviceCard card) {
        return memristor(name, node(plus), node(minus), card);
    }

    public Memristor memristor(String name, int plus, int minus, DeviceCard card) {
        MemristorModel model = card.toModel();
        return add(new Memristor(name, plus, minus, model, card.get("x0"), card));
    }

    /** A memristor at the model's own initial state. */
    public Memristor memristor(String name, String plus, String minus, MemristorModel model) {
        return memristor(name, plus, minus, model, model.initialState());
    }

    public Comparator comparator(String name, String in, String ref, String out, Comparator.Params p) {
        return comparator(name, node(in), node(ref), node(out), p);
    }

    public Comparator comparator(String name, int in, int ref, int out, Comparator.Params p) {
        return add(new Comparator(name, in, ref, out, p));
    }

    /**
     * A linear multiport on the named port nodes (each against ground): port currents {@code i = Y v + j}, with
     * {@code admittance} row-major (ports x ports) and {@code offset} one current per port.
     */
    public LinearMultiport multiport(String name, String[] ports, double[] admittance, double[] offset) {
        int k = ports.length;
        if (k == 0 || admittance.length != k * k || offset.length != k) {
            throw new InputException("element " + name + ": " + k + " ports need " + k * k + " admittances and " + k
                    + " offset currents, got " + admittance.length + " and " + offset.length);
        }
        for (int i = 0; i < admittance.length; i++) {
            finite(name, "admittance (" + i / k + "," + i % k + ")", admittance[i]);
        }
        for (int i = 0; i < k; i++) {
            finite(name, "offset current " + i, offset[i]);
        }
        int[] nodes = new int[k];
        for (int i = 0; i < k; i++) {
            nodes[i] = node(ports[i]);
        }
        return add(new LinearMultiport(name, nodes, admittance.clone(), offset.clone()));
    }
}
