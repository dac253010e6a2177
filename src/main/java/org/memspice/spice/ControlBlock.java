package org.memspice.spice;

import org.memspice.InputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a batch run needs from an ngspice {@code .control} block, not an interpreter: {@code let} of scalars,
 * {@code set}, {@code $&name} and {@code $name} substitution, the analyses {@code op}, {@code dc}, {@code tran}
 * (with {@code uic}) and {@code run} (the netlist's own analyses), {@code alter} of a source's dc, sin, pulse or pwl
 * or of a resistance between analyses, and the output commands {@code print}, {@code wrdata}, {@code write},
 * {@code plot} and {@code gnuplot}, each bound to the current plot: the analysis before it, or the one
 * {@code setplot} names. Every analysis makes a plot named as ngspice names it ({@code tran1}, {@code tran2},
 * {@code op3} ...: the type and one counter shared by all types, raised past names in use); an output's vectors may
 * name their plot ({@code tran1.v(1)}). Commands that change nothing in a batch run ({@code echo}, {@code save},
 * {@code destroy}, {@code quit} ...) are passed over; anything else (loops, {@code meas}, {@code altermod} ...) is an
 * error naming file and line.
 * As in ngspice, a netlist with a control block runs the analyses the block asks for, and its dot analyses
 * only through {@code run}.
 */
public final class ControlBlock {
    /** An output request: what to write (print to stdout, a data file, a raw file, a plot), of which vectors. */
    public record Output(String command, String file, List<String> vectors, int analysis, String where,
                         Map<String, String> settings) {}

    /**
     * An {@code alter}: device {@code device} (lower case, as memspice names flattened elements), parameter
     * {@code param} (null: the device's own value, a source's dc or a resistor's resistance), its new value or
     * vector, and the command's {@code file:line}.
     */
    public record Alter(String device, String param, double[] values, String where) {}

    /**
     * The block's analyses in run order, their plot names, its outputs, the alterations to make before each
     * analysis (by the analysis' index; they last until altered again), and warnings.
     */
    record Result(List<Analysis> analyses, List<String> plots, List<Output> outputs, Map<Integer, List<Alter>> alters,
                  List<String> warnings) {}

    /** Commands a batch run has nothing to do for. */
    private static final List<String> PASSED = List.of("echo", "save", "destroy", "reset", "quit", "exit",
            "display", "unset", "listing", "version", "rusage", "status", "show", "option", "options",
            "remcirc", "alias", "unalias", "setcs", "settype", "define", "undefine");

    private static final List<String> UNSUPPORTED = List.of("if", "else", "end", "while", "repeat", "dowhile",
            "foreach", "break", "continue", "goto", "label", "altermod", "alterparam", "meas", "measure",
            "source", "shell", "load", "linearize", "fourier", "spec", "fft", "psd", "ac", "noise", "pz", "tf", "sens",
            "disto", "stop", "step", "resume", "iplot", "trace", "sysinfo", "cd", "strcmp", "compose");

    private final Map<String, Double> lets = new HashMap<>();
    private final Map<String, String> sets = new HashMap<>();
    private final NetlistReader.Scope params;
    private final List<Analysis> analyses = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> plots = new ArrayList<>();
    private final Map<Integer, List<Alter>> alters = new HashMap<>();
    private final org.memspice.circuit.Circuit circuit;
    /** ngspice's plot counter: a new plot is named type + counter, the counter raised while that name is in use. */
    private int plotNumber = 1;
    /** The plot outputs go to: the last analysis, or the one setplot chose; -1 before any. */
    private int current = -1;

    private ControlBlock(NetlistReader.Scope params, org.memspice.circuit.Circuit circuit) {
        this.params = params;
        this.circuit = circuit;
    }

    /** ngspice's names of the plots the analyses make, in order: tran1, tran2, op3 ... */
    static List<String> plotNames(List<Analysis> analyses) {
        ControlBlock b = new ControlBlock(null, null);
        for (Analysis a : analyses) b.add(a);
        return List.copyOf(b.plots);
    }

    private void add(Analysis a) {
        String type = a instanceof Analysis.Op ? "op" : a instanceof Analysis.Dc ? "dc" : "tran";
        while (plots.contains(type + plotNumber)) plotNumber++;
        plots.add(type + plotNumber);
        analyses.add(a);
        current = analyses.size() - 1;
    }

    /**
     * Interprets the block's lines ({@code lines}: raw text with comments removed, continuation lines joined);
     * {@code params} gives the netlist's parameters (and {@code .csparam} values), {@code dotAnalyses} are the
     * netlist's own analyses, which {@code run} starts.
     */
    static Result interpret(List<NetlistReader.Line> lines, NetlistReader.Scope params, List<Analysis> dotAnalyses,
                            org.memspice.circuit.Circuit circuit) {
        ControlBlock b = new ControlBlock(params, circuit);
        for (NetlistReader.Line line : lines) {
            b.command(line, dotAnalyses);
        }
        Map<Integer, List<Alter>> alters = new HashMap<>();
        b.alters.forEach((k, v) -> alters.put(k, List.copyOf(v)));
        return new Result(List.copyOf(b.analyses), List.copyOf(b.plots), List.copyOf(b.outputs), Map.copyOf(alters),
                List.copyOf(b.warnings));
    }

    private Double variable(String name) {
        Double v = lets.get(name);
        if (v != null) {
            return v;
        }
        return params.get(name);
    }

    /** Replaces $&name by a let value and $name by a set value, naming the line when there is none. */
    private String substitute(NetlistReader.Line line, String text) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                sb.append(c);
                i++;
                continue;
            }
            boolean numeric = i + 1 < text.length() && text.charAt(i + 1) == '&';
            int start = i + (numeric ? 2 : 1), j = start;
            while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) j++;
            String name = text.substring(start, j).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw line.error("'$' without a variable name in '" + text.strip() + "'");
            }
            if (numeric) {
                Double v = variable(name);
                if (v == null) {
                    throw line.error("$&" + name + ": no let variable or parameter '" + name + "'");
                }
                sb.append(org.memspice.signal.SpiceNumber.format(v));
            } else {
                String v = sets.get(name);
                if (v == null) {
                    Double d = variable(name);
                    if (d == null) {
                        throw line.error("$" + name + ": no variable '" + name + "' set");
                    }
                    v = org.memspice.signal.SpiceNumber.format(d);
                }
                sb.append(v);
            }
            i = j;
        }
        return sb.toString();
    }

    private void command(NetlistReader.Line line, List<Analysis> dotAnalyses) {
        String raw = line.raw().strip();
        String word = raw.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        String rest = raw.length() > word.length() ? raw.substring(word.length()).strip() : "";
        switch (word) {
            case "let" -> let(line, rest);
            case "set" -> set(line, rest);
            case "run" -> {
                if (dotAnalyses.isEmpty()) {
                    throw line.error("run: the netlist has no analysis card (.op, .dc, .tran) to run");
                }
                dotAnalyses.forEach(this::add);
            }
            case "alter" -> alter(line, substitute(line, rest));
            case "hardcopy" -> warnings.add(line.file() + ":" + line.number() + ": hardcopy skipped: it writes a PostScript"
                    + " plot, and memspice writes plots as PNG (plot, gnuplot)");
            case "setplot" -> setplot(line, rest);
            case "tran", "dc" -> {
                String text = substitute(line, rest);
                NetlistReader.Line dot = new NetlistReader.Line(("." + word + " " + text).toLowerCase(Locale.ROOT),
                        "." + word + " " + text, line.file(), line.number());
                add(NetlistReader.analysis(dot, new NetlistReader.Scope(lets, params)));
            }
            case "print", "wrdata", "write", "plot", "gnuplot" -> output(line, word, substitute(line, rest));
            default -> {
                if (word.equals("op") && rest.isEmpty()) {
                    add(new Analysis.Op());
                } else if (PASSED.contains(word)) {
                    warnings.add(line.file() + ":" + line.number() + ": control command '" + word
                            + "' has nothing to do in a batch run; passed over");
                } else if (UNSUPPORTED.contains(word)) {
                    throw line.error("control command '" + word + "' is not supported (memspice runs " + RUNS
                            + " in a .control block)");
                } else {
                    throw line.error("unknown control command '" + word + "' (memspice runs " + RUNS
                            + " in a .control block)");
                }
            }
        }
    }

    private static final String RUNS = "let, set, op, dc, tran, run, alter, setplot, print, wrdata, write, plot,"
            + " gnuplot";

    /** setplot NAME: later outputs go to that plot; a bare setplot (a listing) has nothing to do. */
    private void setplot(NetlistReader.Line line, String rest) {
        String name = rest.strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            warnings.add(line.file() + ":" + line.number() + ": control command 'setplot' without a plot name lists"
                    + " the plots; passed over");
            return;
        }
        int k = plots.indexOf(name);
        if (k < 0) {
            throw line.error("setplot " + name + ": no such plot (plots so far: "
                    + (plots.isEmpty() ? "none" : String.join(" ", plots)) + ")");
        }
        current = k;
    }

    /**
     * alter, in ngspice's forms: {@code @dev[param] = value}, {@code dev = value}, {@code dev param = value}, the
     * '=' optional; the value a number, an expression of let variables and parameters, or a vector {@code [a b c]}
     * (a source's sin, pulse or pwl). Checked against the circuit as altered so far; made before the next analysis.
     */
    private void alter(NetlistReader.Line line, String text) {
        String usage = "expected 'alter @dev[param] = value', 'alter dev = value' or 'alter dev param = value'";
        text = text.strip();
        String target, value;
        int eq = text.indexOf('=');
        if (eq >= 0) {
            target = text.substring(0, eq).strip();
            value = text.substring(eq + 1).strip();
        } else {
            int from = text.startsWith("@") ? text.indexOf(']') + 1 : 0;
            int br = from <= 0 && text.startsWith("@") ? -1 : text.indexOf('[', from);
            if (br >= 0) {
                target = text.substring(0, br).strip();
                value = text.substring(br).strip();
            } else {
                int sp = text.lastIndexOf(' ');
                target = sp < 0 ? "" : text.substring(0, sp).strip();
                value = sp < 0 ? text : text.substring(sp + 1).strip();
            }
        }
        if (target.isEmpty() || value.isEmpty()) {
            throw line.error("alter " + text + ": " + usage);
        }
        String device, param = null;
        if (target.startsWith("@")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("@([^\\[\\]\\s]+)\\[([^\\]\\s]+)\\]").matcher(target);
            if (!m.matches()) {
                throw line.error("alter " + text + ": '" + target + "' is not @device[parameter]; " + usage);
            }
            device = m.group(1);
            param = m.group(2);
        } else {
            String[] w = target.split("\\s+");
            if (w.length > 2) {
                throw line.error("alter " + text + ": " + usage);
            }
            device = w[0];
            if (w.length == 2) param = w[1];
        }
        device = device.toLowerCase(Locale.ROOT);
        param = param == null ? null : param.toLowerCase(Locale.ROOT);
        double[] values;
        if (value.startsWith("[")) {
            if (!value.endsWith("]")) {
                throw line.error("alter " + text + ": vector '" + value + "' has no closing ']'");
            }
            List<String> parts = new ArrayList<>();
            for (String p : value.substring(1, value.length() - 1).split("[\\s,]+")) {
                if (!p.isEmpty()) parts.add(p);
            }
            values = new double[parts.size()];
            for (int k = 0; k < values.length; k++) values[k] = number(line, text, parts.get(k));
        } else {
            values = new double[] {number(line, text, value)};
        }
        Alter a = new Alter(device, param, values, line.file() + ":" + line.number());
        try {
            altered = SpiceRun.alter(altered == null ? circuit : altered, a);
        } catch (org.memspice.InputException e) {
            throw line.error(e.getMessage());
        }
        alters.computeIfAbsent(analyses.size(), k -> new ArrayList<>()).add(a);
    }

    /** The circuit as the alterations so far leave it (null: none yet), to check the next one against. */
    private org.memspice.circuit.Circuit altered;

    private double number(NetlistReader.Line line, String text, String expr) {
        try {
            return Expression.evaluate(expr, this::variable);
        } catch (IllegalArgumentException e) {
            throw line.error("alter " + text + ": value '" + expr + "': " + e.getMessage()
                    + " (expected a number or an expression of parameters and let variables)");
        }
    }

    private void let(NetlistReader.Line line, String rest) {
        int eq = rest.indexOf('=');
        if (eq <= 0) {
            throw line.error("let: expected 'let name = expression', got 'let " + rest + "'");
        }
        String name = rest.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw line.error("let " + name + ": only scalar variables are supported (a name, not a vector element)");
        }
        String expr = substitute(line, rest.substring(eq + 1).strip());
        try {
            lets.put(name, Expression.evaluate(expr, this::variable));
        } catch (IllegalArgumentException e) {
            throw line.error("let " + name + ": " + e.getMessage()
                    + " (let takes expressions of numbers, parameters and other let variables, not of vectors)");
        }
    }

    private void set(NetlistReader.Line line, String rest) {
        if (rest.isEmpty()) {
            return;
        }
        int eq = rest.indexOf('=');
        if (eq < 0) {
            sets.put(rest.strip().toLowerCase(Locale.ROOT), "");
            return;
        }
        String name = rest.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = substitute(line, rest.substring(eq + 1).strip());
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        sets.put(name, value);
    }

    /** A vector's plot prefix: tran1. in tran1.v(1). */
    private static final java.util.regex.Pattern PLOT_PREFIX = java.util.regex.Pattern.compile(
            "(?i)^((?:tran|op|dc)\\d+)\\.");

    /** What an output line may hold that memspice does not map (vs, expressions, options). */
    private static final java.util.regex.Pattern UNMAPPED = java.util.regex.Pattern.compile(
            "(?i)(\\bvs\\b|\\btitle\\b|\\bxlabel\\b|\\bylabel\\b|\\bretraceplot\\b|\\bloglog\\b"
                    + "|\\bxlimit\\b|\\bylimit\\b|\\balli\\b|\\ballv\\b|[-+*/]\\s*[a-z(]|,(?![^()]*\\)))");

    private void output(NetlistReader.Line line, String command, String rest) {
        java.util.regex.Matcher m = UNMAPPED.matcher(command.equals("wrdata") || command.equals("write")
                || command.equals("gnuplot") ? rest.replaceFirst("^\\S+", "") : rest);
        if (m.find()) {
            warnings.add(line.file() + ":" + line.number() + ": " + command + " skipped: memspice writes the vectors of the"
                    + " current plot by name; '" + m.group().strip() + "' is not such a name" + (m.group().equals(",")
                    ? " (in ngspice a comma joins two vectors into a complex one)" : ""));
            return;
        }
        if (analyses.isEmpty()) {
            throw line.error(command + ": no analysis has run before it in the .control block");
        }
        List<String> words = vectors(rest);
        // vectors that name their plot (tran1.v(1)): all of one plot, which becomes the output's
        int plot = current;
        int first = command.equals("wrdata") || command.equals("write") || command.equals("gnuplot") ? 1 : 0;
        String named = null;
        for (int k = first; k < words.size(); k++) {
            java.util.regex.Matcher pm = PLOT_PREFIX.matcher(words.get(k));
            String p = pm.find() ? pm.group(1).toLowerCase(Locale.ROOT) : plots.get(current);
            if (named != null && !named.equals(p)) {
                warnings.add(line.file() + ":" + line.number() + ": " + command + " skipped: its vectors come from"
                        + " different plots (" + named + ", " + p + "); memspice writes one plot's vectors a line");
                return;
            }
            named = p;
            if (pm.find(0)) {
                if (!plots.contains(p)) {
                    warnings.add(line.file() + ":" + line.number() + ": " + command + " skipped: no plot '" + p
                            + "' (plots so far: " + String.join(" ", plots) + ")");
                    return;
                }
                words.set(k, words.get(k).substring(pm.end()));
            }
        }
        if (named != null) plot = plots.indexOf(named);
        String file = null;
        if (command.equals("wrdata") || command.equals("write") || command.equals("gnuplot")) {
            if (words.isEmpty()) {
                throw line.error(command + " needs a file name");
            }
            file = words.remove(0);
        }
        if (words.isEmpty() && !command.equals("write")) {
            throw line.error(command + " needs at least one vector");
        }
        outputs.add(new Output(command, file, List.copyOf(words), plot, line.file() + ":" + line.number(),
                Map.copyOf(sets)));
    }

    /** Splits a vector list: white space separates, but not inside v(...) or i(...). */
    static List<String> vectors(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (Character.isWhitespace(c) && depth == 0) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }
}
