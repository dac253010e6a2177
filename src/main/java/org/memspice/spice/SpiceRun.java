package org.memspice.spice;

import org.memspice.InputException;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.DcSolver;
import org.memspice.circuit.DcSweep;
import org.memspice.circuit.Element;
import org.memspice.circuit.MnaSystem;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;
import org.memspice.circuit.Transient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a netlist's analyses and names the results as ngspice does: node voltages {@code v(node)}, branch
 * currents {@code i(name)} of the elements whose current is an unknown (V and E sources, for instance;
 * positive into the plus terminal), the sweep variable {@code v-sweep} / {@code i-sweep} of a .dc and
 * {@code time} of a .tran. Options honoured: reltol
 * (transient truncation error), itl1 (DC Newton iterations), itl4 (transient Newton iterations per step),
 * method (trap or gear: trapezoidal or BDF2).
 */
public final class SpiceRun {
    private SpiceRun() {}

    /** An operating point: node voltages and source currents, lower-case names. */
    public record Op(Map<String, Double> v, Map<String, Double> i) {}

    /** A swept or transient result: column names and one row per point. */
    public record Table(String analysis, List<String> columns, List<double[]> rows) {
        public void writeCsv(Path file) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
            } catch (IOException e) {
                throw new InputException("cannot create the folder of CSV file '" + file + "': " + e.getMessage(), e);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                writeCsv(w);
            } catch (IOException e) {
                throw new InputException("cannot write CSV file '" + file + "': " + e.getMessage(), e);
            }
        }

        public void writeCsv(Appendable w) {
            try {
                w.append(String.join(",", columns)).append('\n');
                StringBuilder sb = new StringBuilder();
                for (double[] r : rows) {
                    sb.setLength(0);
                    for (int k = 0; k < r.length; k++) {
                        if (k > 0) sb.append(',');
                        sb.append(r[k]);
                    }
                    w.append(sb).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static MnaSystem system(Netlist nl) {
        return new MnaSystem(nl.circuit());
    }

    /** Power at an operating point: absorbed power per element and per category, the total and the delivered. */
    public record Power(Map<String, Double> elements, Map<String, Double> categories, double total, double delivered) {}

    public static Op op(Netlist nl) {
        return op(operatingPoint(nl));
    }

    /** Solves the operating point of the netlist's circuit. */
    public static Solution operatingPoint(Netlist nl) {
        return operatingPoint(nl, null).solve();
    }

    /**
     * The operating-point analysis of the netlist, configured from its options: itl1 (Newton iterations),
     * solver = auto | direct | iterative (how a linear circuit is solved; {@code override}, if not null,
     * wins), cgtol (relative residual of conjugate gradients, default 1e-12), cgmaxiter (default 1000).
     */
    public static OperatingPoint operatingPoint(Netlist nl, DcSolver override) {
        DcSolver solver = override;
        if (solver == null) {
            String name = nl.options().getOrDefault("solver", "auto");
            try {
                solver = solver(name);
            } catch (InputException e) {
                throw new InputException(".options solver=" + name + ": expected auto, direct or iterative");
            }
        }
        return new OperatingPoint(system(nl)).maxIterations((int) nl.option("itl1", 100)).solver(solver)
                .cgTolerance(nl.option("cgtol", 1e-12)).cgMaxIterations((int) nl.option("cgmaxiter", 1000));
    }

    /** Parses a solver name: auto, direct or iterative. */
    public static DcSolver solver(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> DcSolver.AUTO;
            case "direct" -> DcSolver.DIRECT;
            case "iterative", "cg" -> DcSolver.ITERATIVE;
            default -> throw new InputException("solver '" + name + "': expected auto, direct or iterative");
        };
    }

    public static Power power(Solution s) {
        Map<String, Double> e = new LinkedHashMap<>();
        for (Element el : s.circuit().elements()) e.put(lower(el.name()), s.power(el));
        Map<String, Double> cat = new LinkedHashMap<>();
        s.powerByCategory().forEach((k, v) -> cat.put(lower(k.name()), v));
        return new Power(e, cat, s.totalPower(), s.deliveredPower());
    }

    public static Op op(Solution s) {
        Circuit c = s.circuit();
        Map<String, Double> v = new LinkedHashMap<>();
        for (int n = 1; n <= c.nodeCount(); n++) v.put(lower(c.nodeName(n)), s.voltage(n));
        Map<String, Double> i = new LinkedHashMap<>();
        for (Element e : c.elements()) {
            if (e.hasBranchCurrent()) i.put(lower(e.name()), s.current(e.name()));
        }
        return new Op(v, i);
    }

    public static Table dc(Netlist nl, Analysis.Dc a) {
        Element src = nl.circuit().element(a.source());
        if (src == null || !src.independentSource()) {
            throw new InputException(a.where() + ": .dc source '" + a.source() + "' is not an independent V or I source"
                    + " of the netlist");
        }
        double[] values = DcSweep.values(a.start(), a.stop(), a.step());
        MnaSystem sys = system(nl);
        List<Probe> probes = probes(nl);
        // every point's solution and row are kept: their memory is known before the first point
        checkMemory(a.where() + ": .dc", values.length, sys.size() + probes.size() + 1);
        List<Solution> sols = new DcSweep(sys).run(a.source(), values);
        List<String> cols = new ArrayList<>();
        cols.add(src.spiceLetter() + "-sweep");        // ngspice names the sweep by the source's letter
        for (Probe p : probes) cols.add(p.name);
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k < values.length; k++) rows.add(row(values[k], sols.get(k), probes));
        return new Table("dc", cols, rows);
    }

    public static Table tran(Netlist nl, Analysis.Tran a) {
        Transient tr = new Transient(system(nl)).uic(a.uic()).reltol(nl.option("reltol", 1e-3))
                .maxIterations((int) nl.option("itl4", 50));
        if (a.tmax() > 0) tr.maxStep(a.tmax());
        if (!nl.ic().isEmpty()) {
            // with uic the transient starts from them; without, its operating point holds the nodes at them (ngspice)
            Map<Integer, Double> v = new java.util.HashMap<>();
            nl.ic().forEach((node, volts) -> v.put(nl.circuit().findNode(node), volts));
            tr.initialVoltages(v);
        }
        String method = nl.options().getOrDefault("method", "trap");
        if (method.equals("gear")) {
            tr.integration(Transient.Integration.GEAR2);
        } else if (!method.equals("trap") && !method.equals("trapezoidal")) {
            throw new InputException(".options method=" + method + ": expected trap or gear");
        }
        List<Probe> probes = probes(nl);
        // at least one row per largest step after TSTART (TMAX, else the smaller of TSTEP and TSTOP/50)
        double hmax = a.tmax() > 0 ? a.tmax() : Math.min(a.tstep(), a.tstop() / 50);
        checkMemory(a.where() + ": .tran", (a.tstop() - a.tstart()) / hmax, probes.size() + 1);
        List<String> cols = new ArrayList<>();
        cols.add("time");
        for (Probe p : probes) cols.add(p.name);
        List<double[]> rows = new ArrayList<>();
        try {
            tr.run(a.tstep(), a.tstop(), s -> {
                if (s.time() >= a.tstart()) rows.add(row(s.time(), s, probes));
            });
        } catch (InputException e) {
            // the work bounds of the transient (steps, source periods) belong to the .tran card
            throw new InputException(a.where() + ": " + e.getMessage(), e);
        }
        return new Table("tran", cols, rows);
    }

    /**
     * The netlist as it stands before analysis {@code k} of its control block: with the {@code alter}s made before
     * it (alterations last: pass the netlist as it stood before analysis k - 1, or the netlist read).
     */
    public static Netlist before(Netlist nl, int k) {
        List<ControlBlock.Alter> list = nl.alters().get(k);
        if (list == null) return nl;
        Circuit c = nl.circuit();
        for (ControlBlock.Alter a : list) c = alter(c, a);
        return new Netlist(nl.title(), c, nl.analyses(), nl.vectors(), nl.options(), nl.warnings(), nl.outputs(),
                nl.ic(), nl.plots(), nl.alters());
    }

    /**
     * {@code c} with one alteration: an independent source's dc value (param null or dc; a source with a transient
     * function is refused, memspice keeping one waveform a source), the coefficients of its own sin, pulse or pwl
     * function (another kind of function is refused: ngspice ignores it), or a resistor's
     * resistance (param null, resistance or r). An {@link InputException} says what cannot be altered.
     */
    static Circuit alter(Circuit c, ControlBlock.Alter a) {
        Element e = c.element(a.device());
        String what = "alter " + a.device() + (a.param() == null ? "" : "[" + a.param() + "]");
        if (e == null) {
            throw new InputException(what + ": no element '" + a.device() + "' in the circuit (subcircuit elements are"
                    + " named as memspice flattens them, e.g. r.x1.r1)");
        }
        String p = a.param();
        double[] v = a.values();
        if (e instanceof org.memspice.circuit.VoltageSource || e instanceof org.memspice.circuit.CurrentSource) {
            org.memspice.signal.Waveform w = e instanceof org.memspice.circuit.VoltageSource vs ? vs.waveform()
                    : ((org.memspice.circuit.CurrentSource) e).waveform();
            if (p == null || p.equals("dc")) {
                scalar(what, v);
                if (!(w instanceof org.memspice.signal.Waveform.Dc)) {
                    throw new InputException(what + ": the source has a transient function (" + w.toSpice() + ");"
                            + " memspice keeps one waveform a source: alter its " + w.toSpice().replaceAll("\\(.*", "")
                            .toLowerCase(Locale.ROOT) + " vector instead");
                }
                return c.withSource(e.name(), new org.memspice.signal.Waveform.Dc(v[0]));
            }
            if (p.equals("sin") || p.equals("pulse") || p.equals("pwl")) {
                String own = w.toSpice().replaceAll("[\\s(].*", "").toLowerCase(Locale.ROOT);
                if (!own.equals(p)) {
                    // ngspice 39 alters the coefficients of the source's own function and ignores another's
                    throw new InputException(what + ": the source's function is " + (own.equals("dc") ? "a DC value"
                            : own.toUpperCase(Locale.ROOT)) + " (" + w.toSpice() + "); alter changes the coefficients"
                            + " of a source's own function, not its kind (ngspice ignores such an alter)");
                }
                StringBuilder sb = new StringBuilder(p).append('(');
                for (int k = 0; k < v.length; k++) {
                    sb.append(k > 0 ? " " : "").append(org.memspice.signal.SpiceNumber.format(v[k]));
                }
                org.memspice.signal.Waveform nw;
                try {
                    nw = org.memspice.signal.Waveform.parse(sb.append(')').toString());
                } catch (InputException ex) {
                    throw new InputException(what + ": " + ex.getMessage());
                }
                return c.withSource(e.name(), nw);
            }
            throw new InputException(what + ": memspice alters a source's dc, sin, pulse or pwl, not '" + p + "'");
        }
        if (e instanceof org.memspice.circuit.Resistor) {
            if (p != null && !p.equals("resistance") && !p.equals("r")) {
                throw new InputException(what + ": memspice alters a resistor's resistance, not '" + p + "'");
            }
            scalar(what, v);
            if (!(v[0] > 0) || Double.isInfinite(v[0])) {
                throw new InputException(what + " = " + v[0] + ": expected a positive finite resistance");
            }
            return c.withResistance(e.name(), v[0]);
        }
        throw new InputException(what + ": memspice alters independent V and I sources and resistors of a fixed value;"
                + " '" + a.device() + "' is not one");
    }

    private static void scalar(String what, double[] v) {
        if (v.length != 1) {
            throw new InputException(what + ": expected one value, got a vector of " + v.length);
        }
        if (!Double.isFinite(v[0])) {
            throw new InputException(what + " = " + v[0] + ": expected a finite value");
        }
    }

    /** Heap a kept point needs besides its values (array header, list slot). */
    private static final int BYTES_PER_POINT = 48;

    /**
     * Refuses an analysis whose kept points (at least {@code points}, {@code values} doubles each) need more than
     * half the heap, naming {@code what}, the count, the memory and how to give Java more.
     */
    static void checkMemory(String what, double points, int values) {
        double bytes = points * (8.0 * values + BYTES_PER_POINT);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 2.0) {
            throw new InputException(String.format(Locale.ROOT, "%s keeps at least %.3g points of %d values, about %.0f"
                    + " MiB; expected at most half the heap, %d MiB: give Java more, e.g. MEMSPICE_JAVA_OPTS=-Xmx16g"
                    + " ./memspice ..., or ask for fewer points (a larger step, fewer .print/.save vectors)", what,
                    points, values, bytes / (1 << 20), heap >> 21));
        }
    }

    private static double[] row(double first, Solution s, List<Probe> probes) {
        double[] r = new double[probes.size() + 1];
        r[0] = first;
        for (int k = 0; k < probes.size(); k++) {
            Probe p = probes.get(k);
            r[k + 1] = p.node >= 0 ? s.voltage(p.node) - (p.minus > 0 ? s.voltage(p.minus) : 0) : s.current(p.element);
        }
        return r;
    }

    record Probe(String name, int node, int minus, String element) {}

    /** The vectors to write: those of .save/.print, else every node voltage and branch current. */
    private static List<Probe> probes(Netlist nl) {
        Circuit c = nl.circuit();
        List<Probe> out = new ArrayList<>();
        if (nl.vectors().isEmpty()) {
            for (int n = 1; n <= c.nodeCount(); n++) out.add(new Probe("v(" + lower(c.nodeName(n)) + ")", n, 0, null));
            for (Element e : c.elements()) {
                if (e.hasBranchCurrent()) out.add(new Probe("i(" + lower(e.name()) + ")", -1, 0, e.name()));
            }
            return out;
        }
        for (String vec : nl.vectors()) out.add(probe(c, vec));
        return out;
    }

    /** The probe of one .save/.print vector; an InputException if the circuit has no such node or current. */
    static Probe probe(Circuit c, String vec) {
        String inner = vec.substring(2, vec.length() - 1);
        if (vec.startsWith("v(")) {
            String[] parts = inner.split(",");
            if (parts.length == 0 || parts.length > 2) {
                throw new InputException(".save/.print vector " + vec + ": expected v(node) or v(node,node)");
            }
            int n = c.findNode(parts[0]);
            int m = parts.length > 1 ? c.findNode(parts[1]) : 0;
            if (n < 0 || m < 0) throw new InputException(".save/.print vector " + vec + ": no such node");
            return new Probe(vec, n, m, null);
        }
        Element e = c.element(inner);
        if (e == null || !e.hasBranchCurrent()) {
            throw new InputException(".save/.print vector " + vec + ": '" + inner + "' has no branch current"
                    + " (only elements whose current is an unknown have one, such as V and E sources)");
        }
        return new Probe(vec, -1, 0, e.name());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
