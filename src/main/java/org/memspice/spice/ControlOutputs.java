package org.memspice.spice;

import org.memspice.InputException;

import java.io.IOException;
import java.io.PrintWriter;
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
 * Carries out the output commands of a {@code .control} block on the results of its analyses: {@code print} to
 * the standard output, {@code wrdata} as ngspice writes it (a scale and a value column per vector, or one scale
 * with {@code set wr_singlescale}, names first with {@code set wr_vecnames}), {@code write} as an ASCII raw file
 * (what {@code set filetype=ascii} makes ngspice write; memspice writes no binary raw files) and {@code plot} and
 * {@code gnuplot} through a {@link Plotter} (a PNG; a gnuplot's data file beside it). Vectors are named as in
 * ngspice: {@code v(a)}, {@code a}, {@code v(a,b)}, {@code i(v1)}, {@code v1#branch}.
 */
public final class ControlOutputs {
    /** Draws one plot: vectors against the scale, into a PNG file. */
    @FunctionalInterface
    public interface Plotter {
        void plot(Path png, String title, String scale, double[] x, Map<String, double[]> ys);
    }

    private ControlOutputs() {
    }

    /** The files the outputs will write (checked before the analyses run). */
    public static List<Path> files(List<ControlBlock.Output> outputs) {
        List<Path> out = new ArrayList<>();
        for (ControlBlock.Output o : outputs) {
            if (o.file() != null) {
                out.add(Path.of(o.command().equals("gnuplot") ? o.file() + ".png" : o.file()));
                if (o.command().equals("gnuplot")) out.add(Path.of(o.file() + ".data"));
            }
        }
        return out;
    }

    /**
     * Writes every output; {@code results.get(k)} is the {@link SpiceRun.Table} (dc, tran) or the
     * {@link SpiceRun.Op} (op) of analysis k; {@code plotDir} and {@code deckName} name the PNG of a bare
     * {@code plot}. Returns what was written, one line each.
     */
    public static List<String> write(List<ControlBlock.Output> outputs, List<Object> results, String title,
                                     PrintWriter out, Plotter plotter, Path plotDir, String deckName) {
        List<String> done = new ArrayList<>();
        int plots = 0;
        for (ControlBlock.Output o : outputs) {
            Object r = results.get(o.analysis());
            Columns c;
            try {
                c = columns(o, r);
            } catch (InputException e) {
                done.add(e.getMessage() + "; skipped");   // the analysis ran: the line is passed over, not the run
                continue;
            }
            switch (o.command()) {
                case "print" -> print(c, out);
                case "wrdata" -> {
                    if (c.scale == null && r instanceof SpiceRun.Op op && !op.v().isEmpty()) {
                        // as ngspice: an operating point's plot has its first node's voltage, by its bare name, as scale
                        Map.Entry<String, Double> first = op.v().entrySet().iterator().next();
                        c = new Columns(first.getKey(), new double[] {first.getValue()}, c.values);
                    }
                    wrdata(Path.of(o.file()), c, o.settings(), o);
                    done.add(o.where() + ": wrdata " + o.file());
                }
                case "write" -> {
                    raw(Path.of(o.file()), c, title, r, o);
                    if (!"ascii".equals(o.settings().get("filetype"))) {
                        done.add(o.where() + ": write " + o.file() + " (an ASCII raw file: memspice writes no binary"
                                + " raw files)");
                    } else {
                        done.add(o.where() + ": write " + o.file());
                    }
                }
                case "plot", "gnuplot" -> {
                    if (c.scale == null) {
                        throw new InputException(o.where() + ": " + o.command() + " after an operating point: nothing to"
                                + " plot against (plot a .dc or .tran)");
                    }
                    Path png = o.file() != null ? Path.of(o.file() + ".png")
                            : plotDir.resolve(deckName + "-plot" + (++plots) + ".png");
                    plotter.plot(png, title, c.scaleName, c.scale, c.values);
                    if (o.file() != null) {
                        wrdata(Path.of(o.file() + ".data"), c, Map.of(), o);
                    }
                    done.add(o.where() + ": " + o.command() + " " + png);
                }
                default -> throw new IllegalStateException(o.command());
            }
        }
        return done;
    }

    /** The vectors of one output: the scale (null for an operating point) and the named values. */
    private record Columns(String scaleName, double[] scale, Map<String, double[]> values) {}

    private static Columns columns(ControlBlock.Output o, Object r) {
        Map<String, double[]> all = new LinkedHashMap<>();
        String scaleName = null;
        double[] scale = null;
        if (r instanceof SpiceRun.Table t) {
            for (int k = 0; k < t.columns().size(); k++) {
                double[] v = new double[t.rows().size()];
                for (int p = 0; p < v.length; p++) v[p] = t.rows().get(p)[k];
                if (k == 0) {
                    scaleName = t.columns().get(0);
                    scale = v;
                } else {
                    all.put(t.columns().get(k), v);
                }
            }
        } else {
            SpiceRun.Op op = (SpiceRun.Op) r;
            op.v().forEach((k, v) -> all.put("v(" + k + ")", new double[] {v}));
            op.i().forEach((k, v) -> all.put("i(" + k + ")", new double[] {v}));
        }
        Map<String, double[]> chosen = new LinkedHashMap<>();
        List<String> names = o.vectors();
        if (names.isEmpty() || names.size() == 1 && names.get(0).equalsIgnoreCase("all")) {
            chosen.putAll(all);
        }
        for (String name : names) {
            if (name.equalsIgnoreCase("all")) continue;
            String n = normal(name);
            double[] v = all.get(n);
            if (v == null && n.matches("v\\([^,()]+,[^,()]+\\)")) {
                String[] ab = n.substring(2, n.length() - 1).split(",");
                double[] a = node(all, ab[0].strip(), r), b = node(all, ab[1].strip(), r);
                if (a != null && b != null) {
                    v = new double[a.length];
                    for (int p = 0; p < v.length; p++) v[p] = a[p] - b[p];
                }
            }
            if (v == null && scaleName != null && n.equals(scaleName)) v = scale;
            if (v == null) {
                throw new InputException(o.where() + ": " + o.command() + ": no vector '" + name + "' in the results"
                        + " (vectors: " + String.join(" ", all.keySet()) + "; expressions of vectors are not supported)");
            }
            chosen.put(n, v);
        }
        return new Columns(scaleName, scale, chosen);
    }

    private static double[] node(Map<String, double[]> all, String n, Object r) {
        if (n.equals("0") || n.equals("gnd")) {
            int points = r instanceof SpiceRun.Table t ? t.rows().size() : 1;
            return new double[points];
        }
        return all.get("v(" + n + ")");
    }

    /** ngspice's spellings of a vector, as memspice names it: a -> v(a), v1#branch -> i(v1). */
    static String normal(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (n.endsWith("#branch")) return "i(" + n.substring(0, n.length() - 7) + ")";
        if (n.equals("time") || n.equals("v-sweep") || n.equals("i-sweep") || n.contains("(")) return n;
        return "v(" + n + ")";
    }

    private static void print(Columns c, PrintWriter out) {
        if (c.scale == null) {
            c.values.forEach((k, v) -> out.printf(Locale.ROOT, "%s = %.6e%n", k, v[0]));
            return;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %-16s", "Index", c.scaleName));
        for (String k : c.values.keySet()) sb.append(String.format(Locale.ROOT, " %-16s", k));
        out.println(sb);
        for (int p = 0; p < c.scale.length; p++) {
            sb.setLength(0);
            sb.append(String.format(Locale.ROOT, "%-8d %-16.8e", p, c.scale[p]));
            for (double[] v : c.values.values()) sb.append(String.format(Locale.ROOT, " %-16.8e", v[p]));
            out.println(sb);
        }
    }

    private static void wrdata(Path file, Columns c, Map<String, String> settings, ControlBlock.Output o) {
        boolean single = settings.containsKey("wr_singlescale"), names = settings.containsKey("wr_vecnames");
        StringBuilder sb = new StringBuilder();
        if (names) {
            for (String k : c.values.keySet()) {
                if (c.scale != null && (!single || sb.length() == 0)) sb.append(String.format(Locale.ROOT, " %-15s", c.scaleName));
                sb.append(String.format(Locale.ROOT, " %-15s", k));
            }
            sb.append('\n');
        }
        int points = c.scale != null ? c.scale.length : 1;
        for (int p = 0; p < points; p++) {
            boolean first = true;
            for (double[] v : c.values.values()) {
                if (c.scale != null && (!single || first)) sb.append(String.format(Locale.ROOT, "% .8e ", c.scale[p]));
                sb.append(String.format(Locale.ROOT, "% .8e ", v[p]));
                first = false;
            }
            sb.append('\n');
        }
        text(file, sb.toString(), o);
    }

    private static void raw(Path file, Columns c, String title, Object r, ControlBlock.Output o) {
        String plotName = r instanceof SpiceRun.Table t ? switch (t.analysis()) {
            case "tran" -> "Transient Analysis";
            case "dc" -> "DC transfer characteristic";
            default -> t.analysis();
        } : "Operating Point";
        List<String> names = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        if (c.scale != null) {
            names.add(c.scaleName);
            cols.add(c.scale);
        }
        c.values.forEach((k, v) -> {
            names.add(k);
            cols.add(v);
        });
        int points = cols.isEmpty() ? 0 : cols.get(0).length;
        StringBuilder sb = new StringBuilder();
        sb.append("Title: ").append(title.replaceAll("[\\r\\n]", " ")).append('\n');
        sb.append("Date: memspice\n");
        sb.append("Plotname: ").append(plotName).append('\n');
        sb.append("Flags: real\n");
        sb.append("No. Variables: ").append(names.size()).append('\n');
        sb.append("No. Points: ").append(points).append('\n');
        sb.append("Variables:\n");
        for (int k = 0; k < names.size(); k++) {
            String n = names.get(k);
            String type = n.equals("time") ? "time" : n.startsWith("i(") || n.equals("i-sweep") ? "current" : "voltage";
            sb.append('\t').append(k).append('\t').append(n).append('\t').append(type).append('\n');
        }
        sb.append("Values:\n");
        for (int p = 0; p < points; p++) {
            for (int k = 0; k < cols.size(); k++) {
                sb.append(k == 0 ? " " + p : "").append('\t').append(String.format(Locale.ROOT, "%.15e", cols.get(k)[p]))
                        .append('\n');
            }
        }
        text(file, sb.toString(), o);
    }

    private static void text(Path file, String text, ControlBlock.Output o) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write(text);
            }
        } catch (IOException e) {
            throw new InputException(o.where() + ": " + o.command() + " " + file + ": cannot write: " + e.getMessage());
        }
    }
}
