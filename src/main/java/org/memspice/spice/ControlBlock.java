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
 * (with {@code uic}) and {@code run} (the netlist's own analyses), and the output commands {@code print},
 * {@code wrdata}, {@code write}, {@code plot} and {@code gnuplot}, each bound to the analysis before it.
 * Commands that change nothing in a batch run ({@code echo}, {@code save}, {@code destroy}, {@code quit} ...)
 * are passed over; anything else (loops, {@code meas}, {@code alter} ...) is an error naming file and line.
 * As in ngspice, a netlist with a control block runs the analyses the block asks for, and its dot analyses
 * only through {@code run}.
 */
public final class ControlBlock {
    /** An output request: what to write (print to stdout, a data file, a raw file, a plot), of which vectors. */
    public record Output(String command, String file, List<String> vectors, int analysis, String where,
                         Map<String, String> settings) {}

    /** The block's analyses in run order, its outputs, and warnings. */
    record Result(List<Analysis> analyses, List<Output> outputs, List<String> warnings) {}

    /** Commands a batch run has nothing to do for. */
    private static final List<String> PASSED = List.of("echo", "save", "destroy", "reset", "quit", "exit",
            "display", "setplot", "unset", "listing", "version", "rusage", "status", "show", "option", "options",
            "remcirc", "alias", "unalias", "setcs", "settype", "define", "undefine");

    private static final List<String> UNSUPPORTED = List.of("if", "else", "end", "while", "repeat", "dowhile",
            "foreach", "break", "continue", "goto", "label", "alter", "altermod", "alterparam", "meas", "measure",
            "source", "shell", "load", "linearize", "fourier", "spec", "fft", "psd", "ac", "noise", "pz", "tf", "sens",
            "disto", "stop", "step", "resume", "iplot", "trace", "sysinfo", "cd", "strcmp", "compose");

    private final Map<String, Double> lets = new HashMap<>();
    private final Map<String, String> sets = new HashMap<>();
    private final NetlistReader.Scope params;
    private final List<Analysis> analyses = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ControlBlock(NetlistReader.Scope params) {
        this.params = params;
    }

    /**
     * Interprets the block's lines ({@code lines}: raw text with comments removed, continuation lines joined);
     * {@code params} gives the netlist's parameters (and {@code .csparam} values), {@code dotAnalyses} are the
     * netlist's own analyses, which {@code run} starts.
     */
    static Result interpret(List<NetlistReader.Line> lines, NetlistReader.Scope params, List<Analysis> dotAnalyses) {
        ControlBlock b = new ControlBlock(params);
        for (NetlistReader.Line line : lines) {
            b.command(line, dotAnalyses);
        }
        return new Result(List.copyOf(b.analyses), List.copyOf(b.outputs), List.copyOf(b.warnings));
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
                analyses.addAll(dotAnalyses);
            }
            case "tran", "dc" -> {
                String text = substitute(line, rest);
                NetlistReader.Line dot = new NetlistReader.Line(("." + word + " " + text).toLowerCase(Locale.ROOT),
                        "." + word + " " + text, line.file(), line.number());
                analyses.add(NetlistReader.analysis(dot, new NetlistReader.Scope(lets, params)));
            }
            case "print", "wrdata", "write", "plot", "gnuplot" -> output(line, word, substitute(line, rest));
            default -> {
                if (word.equals("op") && rest.isEmpty()) {
                    analyses.add(new Analysis.Op());
                } else if (PASSED.contains(word)) {
                    warnings.add(line.file() + ":" + line.number() + ": control command '" + word
                            + "' has nothing to do in a batch run; passed over");
                } else if (UNSUPPORTED.contains(word)) {
                    throw line.error("control command '" + word + "' is not supported (memspice runs let, set, op, dc,"
                            + " tran, run, print, wrdata, write, plot, gnuplot in a .control block)");
                } else {
                    throw line.error("unknown control command '" + word + "' (memspice runs let, set, op, dc, tran,"
                            + " run, print, wrdata, write, plot, gnuplot in a .control block)");
                }
            }
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

    /** What an output line may hold that memspice does not map (another plot's vectors, vs, expressions, options). */
    private static final java.util.regex.Pattern UNMAPPED = java.util.regex.Pattern.compile(
            "(?i)(\\b[a-z]+\\d+\\.|\\bvs\\b|\\btitle\\b|\\bxlabel\\b|\\bylabel\\b|\\bretraceplot\\b|\\bloglog\\b"
                    + "|\\bxlimit\\b|\\bylimit\\b|\\balli\\b|\\ballv\\b|[-+*/]\\s*[a-z(])");

    private void output(NetlistReader.Line line, String command, String rest) {
        java.util.regex.Matcher m = UNMAPPED.matcher(command.equals("wrdata") || command.equals("write")
                || command.equals("gnuplot") ? rest.replaceFirst("^\\S+", "") : rest);
        if (m.find()) {
            warnings.add(line.file() + ":" + line.number() + ": " + command + " skipped: memspice writes the vectors of the"
                    + " analysis before it by name; '" + m.group().strip() + "' is not such a name");
            return;
        }
        if (analyses.isEmpty()) {
            throw line.error(command + ": no analysis has run before it in the .control block");
        }
        List<String> words = vectors(rest);
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
        outputs.add(new Output(command, file, List.copyOf(words), analyses.size() - 1, line.file() + ":" + line.number(),
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
