package org.memspice.spice;

import org.memspice.InputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ngspice raw file: one or more plots (an operating point, a DC sweep, a transient, ...), each a header
 * (title, plot name, flags, variables) followed by its values, in ASCII ({@code Values:}, what
 * {@code SPICE_ASCIIRAWFILE=1} or {@code set filetype=ascii} writes) or binary ({@code Binary:}, ngspice's
 * default: little-endian doubles, point by point). Several plots follow one another in one file when a
 * control block writes with {@code set appendwrite}. Only real plots are read; a complex (AC) plot is an
 * error. The format is the Berkeley SPICE3 one, as ngspice's manual describes it (chapter "ngspice raw
 * file format").
 *
 * <p>Vector names are kept lower-case as ngspice writes them ({@code v(mid)}, {@code i(v1)}, {@code time},
 * {@code v(v-sweep)}); {@link Plot#voltage} and {@link Plot#current} also accept the other spellings ngspice
 * uses ({@code mid}, {@code v1#branch}).
 */
public final class RawFile {
    private final Path file;
    private final List<Plot> plots;

    private RawFile(Path file, List<Plot> plots) {
        this.file = file;
        this.plots = plots;
    }

    public Path file() {
        return file;
    }

    /** The plots in the order they were written. */
    public List<Plot> plots() {
        return plots;
    }

    /** The first plot (the only one of a file written by {@code ngspice -b -r} for one analysis). */
    public Plot first() {
        return plots.get(0);
    }

    /** Reads every plot of {@code file}. */
    public static RawFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such ngspice raw file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read ngspice raw file: " + e.getMessage());
        }
        return new Reader(file, bytes).readAll();
    }

    /** One plot: its vectors, each of {@link #points()} values. */
    public static final class Plot {
        private final Path file;
        private final String title;
        private final String name;
        private final String[] names;
        private final String[] types;
        private final double[][] values;
        private final Map<String, Integer> index = new HashMap<>();

        Plot(Path file, String title, String name, String[] names, String[] types, double[][] values) {
            this.file = file;
            this.title = title;
            this.name = name;
            this.names = names;
            this.types = types;
            this.values = values;
            for (int k = 0; k < names.length; k++) {
                index.putIfAbsent(names[k], k);
            }
        }

        /** The file the plot was read from. */
        public Path file() {
            return file;
        }

        /** The netlist's title line. */
        public String title() {
            return title;
        }

        /** The plot name: {@code Operating Point}, {@code DC transfer characteristic}, {@code Transient Analysis}, ... */
        public String name() {
            return name;
        }

        public int points() {
            return values.length == 0 ? 0 : values[0].length;
        }

        /** The vector names, the scale first (lower-case). */
        public List<String> vectorNames() {
            return List.of(names);
        }

        /** The type ngspice gives a vector ({@code voltage}, {@code current}, {@code time}, ...). */
        public String type(String vector) {
            return types[indexOf(vector)];
        }

        /** True if the plot has a vector of that name (case does not matter). */
        public boolean has(String vector) {
            return index.containsKey(vector.toLowerCase(Locale.ROOT));
        }

        /** The scale: time of a transient, the swept source of a DC sweep (the first vector). */
        public double[] scale() {
            return values[0];
        }

        /** A vector's values by its name (case does not matter). */
        public double[] vector(String vector) {
            return values[indexOf(vector)];
        }

        /** A vector's value at the single point of an operating point. */
        public double value(String vector) {
            if (points() != 1) {
                throw new InputException(where() + ": " + points() + " points; expected the single point of an operating point");
            }
            return values[indexOf(vector)][0];
        }

        /** The node voltage vector, whether ngspice named it {@code v(node)} or {@code node}. */
        public double[] voltage(String node) {
            return anyOf("v(" + node + ")", node);
        }

        /** The branch current of a voltage source, whether named {@code i(src)} or {@code src#branch}. */
        public double[] current(String source) {
            return anyOf("i(" + source + ")", source + "#branch");
        }

        /**
         * The first vector found under one of several spellings: a vector made with {@code let} is written as
         * {@code v(name)}, {@code i(name)} or {@code name} depending on the type of its expression.
         */
        public double[] anyOf(String... spellings) {
            for (String s : spellings) {
                if (has(s)) return vector(s);
            }
            throw new InputException(where() + ": no vector " + String.join(" or ", spellings) + " (it has "
                    + shortList() + ")");
        }

        private int indexOf(String vector) {
            Integer k = index.get(vector.toLowerCase(Locale.ROOT));
            if (k == null) {
                throw new InputException(where() + ": no vector " + vector + " (it has " + shortList() + ")");
            }
            return k;
        }

        private String shortList() {
            int shown = Math.min(8, names.length);
            String list = String.join(", ", Arrays.asList(names).subList(0, shown));
            return names.length > shown ? list + ", ... " + names.length + " vectors in all" : list;
        }

        private String where() {
            return file + ": plot '" + name + "'";
        }
    }

    /** A cursor over the bytes of a raw file: header lines are ASCII, values ASCII or binary. */
    private static final class Reader {
        private final Path file;
        private final byte[] b;
        private int pos;
        private int line;
        /** The line of the last token read (1-based). */
        private int tokenLine;

        Reader(Path file, byte[] b) {
            this.file = file;
            this.b = b;
        }

        RawFile readAll() {
            List<Plot> plots = new ArrayList<>();
            while (skipBlankLines()) {
                plots.add(plot(plots.size()));
            }
            if (plots.isEmpty()) {
                throw new InputException(file + ": empty; expected an ngspice raw file (Title:, Plotname:, Variables:, Values: or Binary:)");
            }
            return new RawFile(file, List.copyOf(plots));
        }

        private Plot plot(int number) {
            String title = "";
            String plotName = "plot " + (number + 1);
            int nv = -1;
            int np = -1;
            String[] names = null;
            String[] types = null;
            while (true) {
                if (pos >= b.length) {
                    throw error("ends inside the header of " + plotName + "; expected Values: or Binary:");
                }
                int at = line + 1;
                String l = nextLine();
                String key = l.contains(":") ? l.substring(0, l.indexOf(':')).strip() : l.strip();
                String rest = l.contains(":") ? l.substring(l.indexOf(':') + 1).strip() : "";
                switch (key) {
                    case "Title" -> title = rest;
                    case "Plotname" -> plotName = rest;
                    case "Flags" -> {
                        if (rest.toLowerCase(Locale.ROOT).contains("complex")) {
                            throw error(at, "plot '" + plotName + "' is complex (" + rest + "); only real plots (op, dc, tran) are read");
                        }
                    }
                    case "No. Variables" -> nv = count(rest, at, "No. Variables");
                    case "No. Points" -> np = count(rest, at, "No. Points");
                    case "Variables" -> {
                        if (nv < 0) throw error(at, "Variables: before No. Variables:");
                        names = new String[nv];
                        types = new String[nv];
                        for (int k = 0; k < nv; k++) {
                            int vl = line + 1;
                            String v = k == 0 && !rest.isEmpty() ? rest : nextLine();
                            String[] f = v.strip().split("\\s+");
                            if (f.length < 3 || !f[0].equals(Integer.toString(k))) {
                                throw error(vl, "'" + v.strip() + "': expected variable " + k + " as 'index name type'");
                            }
                            names[k] = f[1].toLowerCase(Locale.ROOT);
                            types[k] = f[2];
                        }
                    }
                    case "Values", "Binary" -> {
                        if (names == null || np < 0) {
                            throw error(at, key + ": before No. Points: and Variables:");
                        }
                        double[][] values = key.equals("Values") ? ascii(nv, np, plotName) : binary(nv, np, plotName);
                        return new Plot(file, title, plotName, names, types, values);
                    }
                    default -> {
                        // Date:, Command:, Option: and the like say nothing about the values
                    }
                }
            }
        }

        private double[][] ascii(int nv, int np, String plotName) {
            double[][] v = new double[nv][np];
            for (int p = 0; p < np; p++) {
                String idx = token();
                if (idx == null) throw error("plot '" + plotName + "': ends after " + p + " of " + np + " points");
                if (!idx.equals(Integer.toString(p))) {
                    throw error(tokenLine, "plot '" + plotName + "': '" + idx + "' where point " + p + " begins");
                }
                for (int k = 0; k < nv; k++) {
                    String t = token();
                    if (t == null) throw error("plot '" + plotName + "': ends in point " + p + " of " + np);
                    try {
                        v[k][p] = Double.parseDouble(t);
                    } catch (NumberFormatException e) {
                        throw error(tokenLine, "plot '" + plotName + "': '" + t + "' is not a number (point " + p
                                + ", vector " + k + ")");
                    }
                }
            }
            return v;
        }

        private double[][] binary(int nv, int np, String plotName) {
            long need = 8L * nv * np;
            if (b.length - pos < need) {
                throw error("plot '" + plotName + "': " + (b.length - pos) + " bytes of binary values, expected " + need
                        + " (" + np + " points of " + nv + " doubles)");
            }
            ByteBuffer buf = ByteBuffer.wrap(b, pos, (int) need).order(ByteOrder.LITTLE_ENDIAN);
            double[][] v = new double[nv][np];
            for (int p = 0; p < np; p++) {
                for (int k = 0; k < nv; k++) {
                    v[k][p] = buf.getDouble();
                }
            }
            pos += (int) need;
            return v;
        }

        private int count(String text, int at, String what) {
            try {
                int n = Integer.parseInt(text);
                if (n >= 0) return n;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw error(at, what + " '" + text + "': expected a count >= 0");
        }

        /** Skips blank lines; false at the end of the file. */
        private boolean skipBlankLines() {
            while (pos < b.length) {
                int end = pos;
                while (end < b.length && b[end] != '\n') end++;
                boolean blank = true;
                for (int k = pos; k < end; k++) {
                    if (!Character.isWhitespace(b[k])) {
                        blank = false;
                        break;
                    }
                }
                if (!blank) return true;
                pos = Math.min(b.length, end + 1);
                line++;
            }
            return false;
        }

        private String nextLine() {
            int end = pos;
            while (end < b.length && b[end] != '\n') end++;
            String s = new String(b, pos, end - pos, StandardCharsets.ISO_8859_1);
            pos = Math.min(b.length, end + 1);
            line++;
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        /** The next whitespace-separated token, or null at the end of the file. */
        private String token() {
            while (pos < b.length && isSpace(b[pos])) {
                if (b[pos] == '\n') line++;
                pos++;
            }
            if (pos >= b.length) return null;
            tokenLine = line + 1;
            int start = pos;
            while (pos < b.length && !isSpace(b[pos])) pos++;
            return new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
        }

        private static boolean isSpace(byte c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        private InputException error(int at, String what) {
            return new InputException(file + ": line " + at + ": " + what);
        }

        private InputException error(String what) {
            return new InputException(file + ": " + what);
        }
    }
}
