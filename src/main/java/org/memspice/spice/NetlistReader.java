package org.memspice.spice;

import org.memspice.InputException;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Inductor;
import org.memspice.signal.SpiceNumber;
import org.memspice.signal.Waveform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the SPICE subset that crossbar and memristor users write (ngspice dialect): the element cards of its
 * table of element letters ({@link #ELEMENTS}; R C V I E G X and more), X instances of plain subcircuits
 * (flattened, ngspice naming: node {@code x1.n}, element {@code r.x1.r1})
 * and of the memspice device subcircuits ({@code memspice_*}, built as native elements), .param with
 * arithmetic, .include, .options, .op/.dc/.tran, .print/.save, .end, comments, continuation lines,
 * engineering suffixes, case-insensitive names. The first line of the top file is the title, as in SPICE.
 * A {@code .control} block is read as a batch run reads it ({@link ControlBlock}); anything else is an error
 * naming file and line.
 */
public final class NetlistReader {
    /** Most points of a .dc sweep. */
    static final int MAX_DC_POINTS = 10_000_000;
    /** Most bytes of netlist text one read takes: the top file and everything it includes, together. */
    public static final long MAX_BYTES = 1L << 30;
    /** Heap a netlist needs per byte of its text, about (a 34 MB mesh of 10^6 elements reads in 600 MB). */
    static final long HEAP_PER_BYTE = 16;
    /** Most elements a netlist flattens into (subcircuit instances included). */
    public static final long MAX_ELEMENTS = 50_000_000L;
    /** Heap one flattened element needs, about. */
    static final long HEAP_PER_ELEMENT = 500;
    /** Shortest .tran TSTEP, TMAX and TSTOP, s: an attosecond; no circuit is resolved below it. */
    public static final double MIN_TIME = 1e-18;

    /** A logical line (continuations joined, comments removed, lower-cased) and where it started. */
    record Line(String text, String raw, String file, int number) {
        InputException error(String message) {
            // number 0: a line memspice made (an instance a crossbar asked for), named by file alone
            return new InputException(file + (number > 0 ? ":" + number : "") + ": " + message);
        }
    }

    /** A .subckt definition. */
    record Subckt(String name, List<String> ports, Map<String, String> defaults, List<Line> body, Line header) {}

    private final List<String> warnings = new ArrayList<>();
    /** A user function ({@code .func name(a, b) = expression}): its parameters and body, and where it is defined. */
    record Func(String name, List<String> params, String body, Line line) {}

    /** User functions by the instance path they are defined in ("" at top level; a subcircuit's own below it). */
    private final Map<String, Map<String, Func>> funcs = new HashMap<>();
    /** The {@code .ic} lines, read after the elements. */
    private final List<Line> icLines = new ArrayList<>();
    /** Node voltages of {@code .ic}, by node name. */
    private final Map<String, Double> ic = new LinkedHashMap<>();
    /** Parameters of {@code .csparam}: seen by the control block only, as in ngspice. */
    private final Map<String, Double> csparams = new HashMap<>();
    /** Nodes of {@code .global}: the same node in every subcircuit instance. */
    private final Set<String> globalNodes = new HashSet<>();
    /** The lines of the netlist's .control blocks, in order. */
    private final List<Line> control = new ArrayList<>();
    private final Map<String, Subckt> subckts = new HashMap<>();
    private final Map<String, Double> globals = new HashMap<>();
    private final NativeDevices natives;
    private String title = "";
    private String definitionsText = "";
    private Circuit circuit;
    /** Bytes of netlist text read so far (the top file and its includes). */
    private long bytesRead;
    /** Elements built so far, subcircuit instances flattened. */
    private long elementCount;
    /** The line of each .print/.save vector, for messages. */
    private final Map<String, Line> vectorLines = new HashMap<>();

    private NetlistReader(NativeDevices natives) {
        this.natives = natives;
    }

    /** Reads a netlist file. */
    public static Netlist read(Path file) {
        return new NetlistReader(NativeDevices.standard()).readTop(file);
    }

    /** Reads netlist text; {@code fileName} is used in messages and as the base of relative .include paths. */
    public static Netlist parse(String text, String fileName) {
        NetlistReader r = new NetlistReader(NativeDevices.standard());
        List<Line> lines = new ArrayList<>();
        r.load(text, Path.of(fileName), true, lines, new HashSet<>());
        return r.build(lines);
    }

    /**
     * Reads only the definitions of a netlist file: its subcircuits, top-level {@code .param}, {@code .func} and
     * {@code .global} lines; its elements, analyses and control block are not read (a device's own testbench may
     * stay in the file). Instances are then added to other circuits by {@link #instantiate}.
     */
    static NetlistReader definitions(Path file) {
        NetlistReader r = new NetlistReader(NativeDevices.standard());
        List<Line> lines = new ArrayList<>();
        r.loadFile(file, true, lines, new HashSet<>(), null);
        r.circuit = new Circuit(r.title);
        List<Line> top = r.structure(lines);
        r.definitions(top);
        StringBuilder text = new StringBuilder("* definitions from " + file + "\n");
        for (Line l : top) {
            String t = l.text();
            if (t.startsWith(".param") || t.startsWith(".func") || t.startsWith(".global")) text.append(l.raw()).append('\n');
        }
        for (Subckt d : r.subckts.values()) {
            text.append(d.header().raw()).append('\n');
            for (Line l : d.body()) text.append(l.raw()).append('\n');
            text.append(".ends\n");
        }
        r.definitionsText = text.toString();
        return r;
    }

    /** The definitions a {@link #definitions(Path)} reader read, as netlist text (verbatim lines). */
    String definitionsText() {
        return definitionsText;
    }

    /** The names of the subcircuits read, sorted. */
    List<String> subcircuitNames() {
        return subckts.keySet().stream().sorted().toList();
    }

    /** The subcircuit named {@code name} (lower case, as read), or null. */
    Subckt subcircuit(String name) {
        return subckts.get(name);
    }

    /**
     * Adds an instance named {@code name} (an X name: its internal nodes are {@code name.node}) of subcircuit
     * {@code sub} to circuit {@code c}, its ports on {@code nodes}, with parameters {@code params} over the
     * definition's defaults. {@code where} names what asked for it in messages.
     */
    void instantiate(Circuit c, String name, String sub, List<String> nodes, Map<String, Double> params, String where) {
        StringBuilder text = new StringBuilder(name);
        for (String n : nodes) text.append(' ').append(n);
        text.append(' ').append(sub);
        List<String> tok = new ArrayList<>();
        tok.add(name);
        tok.addAll(nodes);
        tok.add(sub);
        if (!params.isEmpty()) {
            tok.add("params:");
            text.append(" params:");
            for (Map.Entry<String, Double> e : params.entrySet()) {
                String v = SpiceNumber.format(e.getValue());
                tok.add(e.getKey());
                tok.add("=");
                tok.add(v);
                text.append(' ').append(e.getKey()).append('=').append(v);
            }
        }
        Line line = new Line(text.toString().toLowerCase(java.util.Locale.ROOT), text.toString(), where, 0);
        circuit = c;
        // an instance of the same name in another circuit: its subcircuit-local functions are read again
        funcs.keySet().removeIf(k -> k.equals(name) || k.startsWith(name + "."));
        instance(new Card(this, line, tok, new Scope(new HashMap<>(), new Scope(globals, null)), "", new HashMap<>(), 0,
                name, name));
    }

    private Netlist readTop(Path file) {
        List<Line> lines = new ArrayList<>();
        loadFile(file, true, lines, new HashSet<>(), null);
        return build(lines);
    }

    private void loadFile(Path file, boolean top, List<Line> out, Set<Path> stack, Line from) {
        Path abs = file.toAbsolutePath().normalize();
        if (!stack.add(abs)) throw from.error(".include of '" + file + "' is recursive");
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw fileError(from, "netlist file '" + file + "' is a folder; expected a netlist file");
            }
            if (!Files.exists(file)) throw fileError(from, "netlist file '" + file + "' does not exist");
            if (!Files.isRegularFile(file)) {
                // a device (/dev/zero, /dev/urandom) or a named pipe may never end or never start
                throw fileError(from, "netlist file '" + file + "' is not a regular file (a device or a named pipe);"
                        + " expected a netlist file");
            }
            long budget = budget();
            long size = Files.size(file);
            if (size > budget) throw fileError(from, sizeMessage(file, bytesRead + size));
            byte[] data;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                // bounded even if the file grows while it is read
                data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, budget + 1));
            }
            if (data.length > budget) throw fileError(from, sizeMessage(file, bytesRead + data.length));
            bytesRead += data.length;
            // one decode of the whole file (ASCII netlists stay compact one-byte strings)
            text = new String(data, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') >= 0) notText(data, file);
            int nul = text.indexOf('\0');
            if (nul >= 0) {
                throw new InputException(file + ":" + lineOf(text, nul) + ": a NUL character; expected netlist text"
                        + " (is it a binary file?)");
            }
        } catch (NoSuchFileException e) {
            throw fileError(from, "netlist file '" + file + "' does not exist");
        } catch (IOException e) {
            throw fileError(from, "cannot read netlist file '" + file + "': " + e.getMessage());
        }
        load(text, file, top, out, stack);
        stack.remove(abs);
    }

    private static InputException fileError(Line from, String msg) {
        return from == null ? new InputException(msg) : from.error(msg);
    }

    /** Bytes that may still be read: what is left of {@link #MAX_BYTES} and of the heap's share for netlist text. */
    private long budget() {
        return Math.max(0, Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory() / HEAP_PER_BYTE) - bytesRead);
    }

    private static String sizeMessage(Path file, long total) {
        return sizeMessage("netlist file '" + file + "'", total);
    }

    private static String sizeMessage(String what, long total) {
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        if (total > MAX_BYTES) {
            return String.format(Locale.ROOT, "%s: %d bytes of netlist text (with the files read before it);"
                    + " expected at most %d (1 GiB, the most one netlist may read)", what, total, MAX_BYTES);
        }
        return String.format(Locale.ROOT, "%s: %d bytes of netlist text (with the files read before it) need about"
                + " %d MiB of heap to read; Java has at most %d MiB: give it more, e.g. MEMSPICE_JAVA_OPTS=-Xmx16g"
                + " ./memspice ...", what, total, (total * HEAP_PER_BYTE) >> 20, heapMiB);
    }

    /**
     * Refuses {@code bytes} of netlist text that this JVM cannot read ({@link #MAX_BYTES}, or more than the heap
     * holds); {@code what} names the input in the message.
     */
    public static void checkSize(long bytes, String what) {
        if (bytes > Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory() / HEAP_PER_BYTE)) {
            throw new InputException(sizeMessage(what, bytes));
        }
    }

    /** The line (from 1) of character index {@code at}. */
    private static int lineOf(CharSequence text, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    /** Throws naming the first byte that is not UTF-8 text, if there is one (a U+FFFD written as such is text). */
    private static void notText(byte[] data, Path file) {
        java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(data);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
        while (true) {
            java.nio.charset.CoderResult r = dec.decode(in, out, true);
            if (r.isError()) {
                int at = in.position();
                int line = 1;
                for (int i = 0; i < at; i++) if (data[i] == '\n') line++;
                throw new InputException(String.format(Locale.ROOT, "%s:%d: byte 0x%02x (offset %d) is not UTF-8 text;"
                        + " expected netlist text (is it a binary file?)", file, line, data[at] & 0xff, at));
            }
            if (r.isUnderflow()) return;
            out.clear();
        }
    }

    private void load(String text, Path file, boolean top, List<Line> out, Set<Path> stack) {
        String name = file.toString();
        String s;
        int number = 0;
        // the logical line being collected: its first physical line, and a builder only once continued
        String pending = null;
        StringBuilder continued = null;
        int pendingLine = 0;
        boolean inControl = false;
        int controlStart = 0;
        int at = 0, end = text.length();
        boolean anyReturn = text.indexOf('\r') >= 0;
        while (at < end) {
            // the next physical line: up to \n, \r\n or \r, as BufferedReader.readLine splits
            int nl;
            if (anyReturn) {
                nl = at;
                while (nl < end && text.charAt(nl) != '\n' && text.charAt(nl) != '\r') nl++;
            } else {
                nl = text.indexOf('\n', at);
                if (nl < 0) nl = end;
            }
            s = text.substring(at, nl);
            at = nl < end && text.charAt(nl) == '\r' && nl + 1 < end && text.charAt(nl + 1) == '\n' ? nl + 2 : nl + 1;
            number++;
            if (top && number == 1) {
                title = s.trim();
                continue;
            }
            String t = stripComment(s).strip();
            if (inControl) {
                // control lines keep their '$' (variable substitution there, not a comment)
                String c = s.strip();
                if (c.toLowerCase(Locale.ROOT).startsWith(".endc")) {
                    inControl = false;
                } else if (!c.isEmpty() && c.charAt(0) != '*' && c.charAt(0) != '#') {
                    control.add(new Line(c.toLowerCase(Locale.ROOT), c, name, number));
                }
                continue;
            }
            if (t.isEmpty() || t.charAt(0) == '*') continue;
            if (t.charAt(0) == '+') {
                if (pending == null) {
                    throw new InputException(name + ":" + number + ": continuation line '+' with no line to continue");
                }
                if (continued == null) continued = new StringBuilder(pending);
                continued.append(' ').append(t, 1, t.length());
                continue;
            }
            if (pending != null) emit(continued != null ? continued.toString() : pending, name, pendingLine, file, out, stack);
            pending = null;
            continued = null;
            if (t.charAt(0) == '.' && t.regionMatches(true, 0, ".control", 0, 8)) {
                inControl = true;
                controlStart = number;
                continue;
            }
            pending = t;
            pendingLine = number;
        }
        if (pending != null) emit(continued != null ? continued.toString() : pending, name, pendingLine, file, out, stack);
        if (inControl) throw new InputException(name + ":" + controlStart + ": .control block without .endc");
    }

    private void emit(String raw, String name, int number, Path file, List<Line> out, Set<Path> stack) {
        String lower = raw.toLowerCase(Locale.ROOT);
        Line line = new Line(lower, raw, name, number);
        if (lower.charAt(0) == '.' && (lower.startsWith(".include") || lower.startsWith(".inc "))) {
            String arg = raw.substring(raw.indexOf(' ') < 0 ? raw.length() : raw.indexOf(' ')).strip();
            if (arg.length() >= 2 && (arg.charAt(0) == '"' || arg.charAt(0) == '\'')) arg = arg.substring(1, arg.length() - 1);
            if (arg.isEmpty()) throw line.error(".include needs a file name");
            Path target = Path.of(arg);
            if (!target.isAbsolute()) {
                Path dir = file.toAbsolutePath().getParent();
                target = dir == null ? target : dir.resolve(target);
            }
            loadFile(target, false, out, stack, line);
            return;
        }
        out.add(line);
    }

    /** Removes ';' comments and '$' comments (a '$' at the start or after white space), as ngspice. */
    private static String stripComment(String s) {
        if (s.indexOf(';') < 0 && s.indexOf('$') < 0) return s;
        int cut = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ';' || c == '$' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                cut = i;
                break;
            }
        }
        return s.substring(0, cut);
    }

    // ---------------------------------------------------------------- structure

    private Netlist build(List<Line> lines) {
        // tables sized from the line count (each element line names at most a few new nodes)
        circuit = new Circuit(title, lines.size(), lines.size());
        List<Line> top = structure(lines);
        definitions(top);
        List<Analysis> analyses = new ArrayList<>();
        List<String> vectors = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Scope global = new Scope(globals, null);
        for (Line line : top) {
            String t = line.text();
            if (t.charAt(0) == '.') {
                control(line, analyses, vectors, options);
            } else {
                element(line, global, "", new HashMap<>(), 0);
            }
        }
        for (Line line : icLines) {
            ic(line);
        }
        for (String vec : vectors) {
            try {
                SpiceRun.probe(circuit, vec);
            } catch (InputException e) {
                throw vectorLines.get(vec).error(e.getMessage());
            }
        }
        List<ControlBlock.Output> outputs = List.of();
        Map<Integer, List<ControlBlock.Alter>> alters = Map.of();
        if (!control.isEmpty()) {
            // as ngspice: with a control block, the analyses are the ones it asks for (its run starts the cards')
            ControlBlock.Result r = ControlBlock.interpret(control, new Scope(csparams, new Scope(globals, null)), analyses,
                    circuit);
            analyses = new ArrayList<>(r.analyses());
            warnings.addAll(r.warnings());
            outputs = r.outputs();
            alters = r.alters();
        }
        if (analyses.stream().anyMatch(x -> x instanceof Analysis.Tran t && !t.uic())) {
            // ngspice uses a capacitor's or an inductor's IC= only with uic, and says nothing when it ignores one
            elementIcs.forEach((at, name) -> warnings.add(at + ": " + name + ": IC= is used by a transient with uic"
                    + " only; ignored by .tran without uic (as ngspice; .ic v(node)=... holds a node through its"
                    + " operating point)"));
        }
        return new Netlist(title, circuit, List.copyOf(analyses), List.copyOf(vectors), options, List.copyOf(warnings),
                outputs, Map.copyOf(ic), ControlBlock.plotNames(analyses), alters);
    }

    /** Splits the lines into subcircuit definitions (kept) and the top-level lines (returned). */
    private List<Line> structure(List<Line> lines) {
        List<Line> top = new ArrayList<>();
        Subckt open = null;
        List<Line> body = null;
        boolean ended = false;
        for (Line line : lines) {
            if (ended) {
                warnings.add(line.file() + ":" + line.number() + ": text after .end ignored");
                break;
            }
            String t = line.text();
            if (t.startsWith(".subckt")) {
                if (open != null) throw line.error("nested .subckt definitions are not supported (inside " + open.name() + ")");
                List<String> tok = Tokens.split(line);
                if (tok.size() < 2) throw line.error(".subckt needs a name");
                String name = tok.get(1);
                List<String> ports = new ArrayList<>();
                Map<String, String> defaults = new LinkedHashMap<>();
                int i = 2;
                while (i < tok.size() && !tok.get(i).equals("params:") && !(i + 1 < tok.size() && tok.get(i + 1).equals("="))) {
                    ports.add(tok.get(i++));
                }
                if (i < tok.size() && tok.get(i).equals("params:")) i++;
                assignments(line, tok, i, defaults);
                body = new ArrayList<>();
                open = new Subckt(name, ports, defaults, body, line);
                continue;
            }
            if (t.startsWith(".ends")) {
                if (open == null) throw line.error(".ends without .subckt");
                if (subckts.putIfAbsent(open.name(), open) != null) {
                    throw line.error("subcircuit '" + open.name() + "' is defined twice");
                }
                open = null;
                continue;
            }
            if (open != null) {
                body.add(line);
                continue;
            }
            if (t.equals(".end") || t.startsWith(".end ")) {
                ended = true;
                continue;
            }
            top.add(line);
        }
        if (open != null) throw open.header().error(".subckt " + open.name() + " has no .ends");

        return top;
    }

    /** Reads the top-level .func, .global and .param lines. */
    private void definitions(List<Line> top) {
        // .param first (in file order), so that elements may use parameters defined after them
        Scope global = new Scope(globals, null);
        for (Line line : top) {
            if (line.text().startsWith(".func")) {
                func(line, "");
            }
        }
        for (Line line : top) {
            if (line.text().startsWith(".global")) {
                List<String> tok = Tokens.split(line);
                for (int i = 1; i < tok.size(); i++) globalNodes.add(tok.get(i));
            }
        }
        for (Line line : top) {
            if (line.text().startsWith(".param")) {
                List<String> tok = Tokens.split(line);
                Map<String, String> a = new LinkedHashMap<>();
                assignments(line, tok, 1, a);
                for (Map.Entry<String, String> e : a.entrySet()) {
                    globals.put(e.getKey(), value(line, e.getValue(), global, "parameter " + e.getKey()));
                }
            }
        }
    }

    private void control(Line line, List<Analysis> analyses, List<String> vectors, Map<String, String> options) {
        List<String> tok = Tokens.split(line);
        String cmd = tok.get(0);
        Scope g = new Scope(globals, null);
        switch (cmd) {
            case ".param" -> { }
            case ".csparam" -> {
                Map<String, String> a = new LinkedHashMap<>();
                assignments(line, tok, 1, a);
                for (Map.Entry<String, String> e : a.entrySet()) {
                    csparams.put(e.getKey(), value(line, e.getValue(), new Scope(csparams, g), "parameter " + e.getKey()));
                }
            }
            case ".global", ".func" -> { }
            case ".ic" -> icLines.add(line);   // read once every node exists
            case ".title" -> { }
            case ".op", ".dc", ".tran" -> analyses.add(analysis(line, g));
            case ".print", ".save" -> {
                int i = 1;
                if (i < tok.size() && (tok.get(i).equals("op") || tok.get(i).equals("dc") || tok.get(i).equals("tran"))) i++;
                StringBuilder cur = null;
                for (; i < tok.size(); i++) {
                    String s = tok.get(i);
                    if (s.equals("all")) continue;
                    if (cur == null) {
                        if (!(s.equals("v") || s.equals("i"))) {
                            throw line.error(cmd + " expects vectors v(node) or i(vsource), got '" + s + "'");
                        }
                        cur = new StringBuilder(s);
                    } else {
                        char last = cur.charAt(cur.length() - 1);
                        if (!s.equals(")") && !s.equals("(") && last != '(') cur.append(',');
                        cur.append(s);
                        if (s.equals(")")) {
                            vectors.add(cur.toString());
                            vectorLines.putIfAbsent(cur.toString(), line);
                            cur = null;
                        }
                    }
                }
                if (cur != null) throw line.error(cmd + ": unterminated vector '" + cur + "'");
            }
            case ".options", ".option", ".opt", ".opts" -> {
                for (int i = 1; i < tok.size(); i++) {
                    String key = tok.get(i);
                    String value = "1";
                    if (i + 2 < tok.size() && tok.get(i + 1).equals("=")) {
                        value = tok.get(i + 2);
                        i += 2;
                    } else if (i + 1 < tok.size() && tok.get(i + 1).equals("=")) {
                        throw line.error(cmd + " " + key + "=: expected a value after '='");
                    }
                    option(line, key, value);
                    options.put(key, value);
                }
            }
            default -> throw line.error("unsupported control line '" + cmd + "' (supported: .param .csparam .global .ic .func .include"
                    + " .options .op .dc .tran .print .save .subckt .ends .end .control/.endc)");
        }
    }

    /**
     * The analysis of an {@code .op}, {@code .dc} or {@code .tran} card (or of the same command in a control block,
     * written as a card), its values read in {@code g}.
     */
    static Analysis analysis(Line line, Scope g) {
        List<String> tok = Tokens.split(line);
        String cmd = tok.get(0);
        switch (cmd) {
            case ".op" -> {
                if (tok.size() > 1) throw line.error(".op takes no arguments, got '" + tok.get(1) + "'");
                return new Analysis.Op();
            }
            case ".dc" -> {
                if (tok.size() != 5) {
                    throw line.error(".dc expects SOURCE START STOP STEP (one sweep), got " + (tok.size() - 1) + " arguments");
                }
                double start = value(line, tok.get(2), g, ".dc start");
                double stop = value(line, tok.get(3), g, ".dc stop");
                double step = value(line, tok.get(4), g, ".dc step");
                double points = Math.floor(Math.abs(stop - start) / Math.abs(step) + 1e-9) + 1;
                if (!(step != 0) || !Double.isFinite(points)) {
                    throw line.error(".dc step " + step + ": expected a nonzero finite step");
                }
                if (points > MAX_DC_POINTS) {
                    throw line.error(String.format(java.util.Locale.ROOT, ".dc from %s to %s by %s: %.3g points;"
                            + " expected at most %d (a larger step)", tok.get(2), tok.get(3), tok.get(4), points,
                            MAX_DC_POINTS));
                }
                return new Analysis.Dc(tok.get(1), start, stop, step, where(line));
            }
            case ".tran" -> {
                List<String> args = new ArrayList<>(tok.subList(1, tok.size()));
                boolean uic = args.remove("uic");
                if (args.size() < 2 || args.size() > 4) {
                    throw line.error(".tran expects TSTEP TSTOP [TSTART [TMAX]] [UIC], got '" + line.raw() + "'");
                }
                double tstep = value(line, args.get(0), g, ".tran TSTEP");
                double tstop = value(line, args.get(1), g, ".tran TSTOP");
                double tstart = args.size() > 2 ? value(line, args.get(2), g, ".tran TSTART") : 0;
                double tmax = args.size() > 3 ? value(line, args.get(3), g, ".tran TMAX") : 0;
                if (!(tstep > 0) || !(tstop > 0) || tstart < 0 || tstart >= tstop || tmax < 0) {
                    throw line.error(".tran needs TSTEP > 0, TSTOP > 0, 0 <= TSTART < TSTOP, TMAX >= 0; got '" + line.raw() + "'");
                }
                tranSteps(line, args, tstep, tstop, tmax);
                return new Analysis.Tran(tstep, tstop, tstart, tmax, uic, where(line));
            }
            default -> throw line.error("not an analysis: '" + cmd + "'");
        }
    }

    private static final java.util.regex.Pattern FUNC = java.util.regex.Pattern.compile(
            "\\.func\\s+([a-z_][a-z0-9_]*)\\s*\\(([^)]*)\\)\\s*=?\\s*(.+)");

    /** Reads a {@code .func} line into the functions of {@code path}. */
    private void func(Line line, String path) {
        java.util.regex.Matcher m = FUNC.matcher(line.text().strip());
        if (!m.matches()) {
            throw line.error("expected .func name(arg, ...) = expression (or {expression}), got '" + line.raw() + "'");
        }
        List<String> params = new ArrayList<>();
        for (String a : m.group(2).split(",")) {
            if (!a.isBlank()) params.add(a.strip());
        }
        for (String a : params) {
            if (!a.matches("[a-z_][a-z0-9_]*")) throw line.error(".func " + m.group(1) + ": parameter '" + a + "' is not a name");
        }
        String body = BehavioralCards.unwrap(m.group(3).strip());
        Map<String, Func> here = funcs.computeIfAbsent(path, k -> new HashMap<>());
        if (here.putIfAbsent(m.group(1), new Func(m.group(1), List.copyOf(params), body, line)) != null) {
            throw line.error(".func " + m.group(1) + " is defined twice");
        }
    }

    /** The user function {@code name} seen from instance path {@code path} (its own, then the enclosing ones). */
    Func func(String name, String path) {
        for (String p = path; ; p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
            Map<String, Func> m = funcs.get(p);
            if (m != null && m.containsKey(name)) return m.get(name);
            if (p.isEmpty()) return null;
        }
    }

    /** Reads a {@code .ic v(node)=value ...} line (after the elements, so that every node exists). */
    private void ic(Line line) {
        List<String> tok = Tokens.split(line);
        Scope g = new Scope(globals, null);
        int i = 1;
        while (i < tok.size()) {
            if (i + 5 < tok.size() && tok.get(i).equals("v") && tok.get(i + 1).equals("(")
                    && tok.get(i + 3).equals(")") && tok.get(i + 4).equals("=")) {
                String node = node(tok.get(i + 2), "", Map.of());
                if (node.equals("0") || circuit.findNode(node) < 0) {
                    throw line.error(".ic v(" + tok.get(i + 2) + "): no such node in the circuit (ground is fixed)");
                }
                ic.put(node, value(line, tok.get(i + 5), g, ".ic v(" + tok.get(i + 2) + ")"));
                i += 6;
            } else {
                throw line.error(".ic expects v(node)=value ..., got '" + tok.get(i) + "'");
            }
        }
    }

    /** Where a card is, for the messages of the analysis it requests: {@code file:line}. */
    private static String where(Line line) {
        return line.file() + ":" + line.number();
    }

    /** Numeric .options: the range of each, and the most a count may be (a Newton limit, CG iterations). */
    private static final Map<String, double[]> NUMERIC_OPTIONS = Map.of(
            "reltol", new double[] {0, 1, 0},
            "abstol", new double[] {0, Double.MAX_VALUE, 0},
            "vntol", new double[] {0, Double.MAX_VALUE, 0},
            "gmin", new double[] {0, Double.MAX_VALUE, 0},
            "cgtol", new double[] {0, 1, 0},
            "itl1", new double[] {1, 100_000, 1},
            "itl4", new double[] {1, 100_000, 1},
            "cgmaxiter", new double[] {1, 10_000_000, 1});

    /** Options ngspice has that memspice reads but does not use; any other unknown option is a warning. */
    private static final Set<String> IGNORED_OPTIONS = Set.of("temp", "tnom", "chgtol", "pivtol", "pivrel", "trtol",
            "itl2", "itl3", "itl5", "itl6", "acct", "noacct", "list", "nopage", "nomod", "keepopinfo", "savecurrents",
            "interp", "noinit", "norefvalue", "klu", "sparse", "maxord", "xmu", "gminsteps", "srcsteps", "rshunt");

    /** Checks one .options entry at its line: numbers in range, counts whole, method and solver known. */
    private void option(Line line, String key, String value) {
        double[] range = NUMERIC_OPTIONS.get(key);
        if (range != null) {
            double v;
            try {
                v = SpiceNumber.parse(value);
            } catch (InputException e) {
                throw line.error(".options " + key + "=" + value + ": expected a number");
            }
            boolean count = range[2] == 1;
            boolean ok = count ? v >= range[0] && v <= range[1] && v == Math.rint(v) : v > range[0] && v < range[1];
            if (!ok) {
                String expected = count ? String.format(Locale.ROOT, "a whole number from %d to %d", (long) range[0],
                        (long) range[1]) : range[1] == 1 ? "a number > 0 and < 1" : "a finite number > 0";
                throw line.error(".options " + key + "=" + value + ": expected " + expected);
            }
            return;
        }
        switch (key) {
            case "method" -> {
                if (!List.of("trap", "trapezoidal", "gear").contains(value)) {
                    throw line.error(".options method=" + value + ": expected trap or gear");
                }
            }
            case "solver" -> {
                try {
                    SpiceRun.solver(value);
                } catch (InputException e) {
                    throw line.error(".options solver=" + value + ": expected auto, direct or iterative");
                }
            }
            default -> {
                if (!IGNORED_OPTIONS.contains(key)) {
                    warnings.add(where(line) + ": .options " + key + " is not an option memspice knows; ignored");
                }
            }
        }
    }

    /**
     * A .tran whose steps cannot be resolved is refused at its line: TSTEP, TMAX and TSTOP of at least
     * {@link #MIN_TIME}, and a largest step (TMAX, else the smaller of TSTEP and TSTOP/50, as the transient
     * takes it) that needs at most {@link org.memspice.circuit.Transient#MAX_STEPS} steps to reach TSTOP.
     */
    private static void tranSteps(Line line, List<String> args, double tstep, double tstop, double tmax) {
        String[] names = {"TSTEP", "TSTOP"};
        double[] values = {tstep, tstop};
        for (int k = 0; k < 2; k++) {
            if (values[k] < MIN_TIME) {
                throw line.error(String.format(Locale.ROOT, ".tran %s %s: %s s is shorter than memspice resolves;"
                        + " expected at least %s s", names[k], args.get(k), SpiceNumber.format(values[k]),
                        SpiceNumber.format(MIN_TIME)));
            }
        }
        long maxSteps = org.memspice.circuit.Transient.MAX_STEPS;
        double smallest = Math.max(MIN_TIME, tstop / maxSteps);
        if (tmax > 0 && tmax < smallest) {
            throw line.error(String.format(Locale.ROOT, ".tran TMAX %s: %s s; expected at least %.4g s (TSTOP %s s"
                    + " in at most %d steps, and no less than %s s)", args.get(3), SpiceNumber.format(tmax), smallest,
                    SpiceNumber.format(tstop), maxSteps, SpiceNumber.format(MIN_TIME)));
        }
        double hmax = tmax > 0 ? tmax : Math.min(tstep, tstop / 50);
        if (!(tstop / hmax <= maxSteps)) {
            throw line.error(String.format(Locale.ROOT, ".tran TSTEP %s: TSTOP %s s in steps of at most %s s needs"
                    + " %.3g time steps; expected at most %d (TSTEP or TMAX of at least %.4g s, or a shorter TSTOP)",
                    args.get(0), SpiceNumber.format(tstop), SpiceNumber.format(hmax), tstop / hmax, maxSteps,
                    tstop / maxSteps));
        }
    }

    /** Reads k = v pairs from tok[i..] into out; anything else is an error. */
    private static void assignments(Line line, List<String> tok, int i, Map<String, String> out) {
        while (i < tok.size()) {
            if (i + 2 < tok.size() && tok.get(i + 1).equals("=")) {
                out.put(tok.get(i), tok.get(i + 2));
                i += 3;
            } else {
                throw line.error("expected name=value, got '" + tok.get(i) + "'");
            }
        }
    }

    // ---------------------------------------------------------------- elements

    private static final int MAX_DEPTH = 50;

    /** Most elements this JVM flattens a netlist into: {@link #MAX_ELEMENTS}, or fewer when the heap is small. */
    private static long elementLimit() {
        return Math.min(MAX_ELEMENTS, Runtime.getRuntime().maxMemory() / HEAP_PER_ELEMENT);
    }

    /** An element line being read: its tokens (name first), parameter scope, subcircuit prefix and port map. */
    record Card(NetlistReader reader, Line line, List<String> tok, Scope scope, String prefix, Map<String, String> ports,
                int depth, String name, String full) {
        /** The circuit node of token i. */
        String node(int i) {
            return reader.node(tok.get(i), prefix, ports);
        }

        /** The numeric value of token i. */
        double value(int i, String what) {
            return NetlistReader.value(line, tok.get(i), scope, name + " " + what);
        }

        Circuit circuit() {
            return reader.circuit;
        }

        /** The circuit node of the node named {@code n} on this card (ports and subcircuit prefix applied). */
        String node(String n) {
            return reader.node(n, prefix, ports);
        }

        /** The circuit's name of the element named {@code n} on this card (its subcircuit prefix applied). */
        String elementName(String n) {
            return prefix.isEmpty() ? n : n.charAt(0) + "." + prefix + "." + n;
        }

        /** The user function {@code n} seen from this card, or null. */
        Func function(String n) {
            return reader.func(n, prefix);
        }
    }

    /** How the card of one element letter is read into the circuit. */
    @FunctionalInterface
    interface CardReader {
        void read(Card card);
    }

    /** Builds a two-terminal element from its name, nodes, value and named parameters (keys lower-case). */
    @FunctionalInterface
    interface TwoTerminal {
        void build(Circuit c, String name, String a, String b, double value, Map<String, Double> params);
    }

    /** One element letter: the form of its card (for messages) and its reader. */
    record Kind(char letter, String form, CardReader reader) {}

    /**
     * The element letters this reader knows and how each card is read; a letter missing here is an
     * "unsupported element" error that lists these.
     */
    private static final Map<Character, Kind> ELEMENTS = table(
            twoTerminal('r', "R name n1 n2 value", List.of(), (c, n, a, b, v, p) -> c.resistor(n, a, b, v)),
            twoTerminal('c', "C name n1 n2 value [IC=voltage]", List.of("ic"), (c, n, a, b, v, p) -> {
                if (p.containsKey("ic")) c.capacitor(n, c.node(a), c.node(b), v, p.get("ic"));
                else c.capacitor(n, a, b, v);
            }),
            twoTerminal('l', "L name n1 n2 value [IC=current]", List.of("ic"),
                    (c, n, a, b, v, p) -> c.add(new Inductor(n, c.node(a), c.node(b), v, p.getOrDefault("ic", 0.0)))),
            source('v', "V name n+ n- [DC v] [SIN(...)|PULSE(...)|PWL(...)]", (c, n, a, b, w) -> c.voltageSource(n, a, b, w)),
            source('i', "I name n+ n- [DC i] [...]", (c, n, a, b, w) -> c.currentSource(n, a, b, w)),
            controlled('e', "gain", (c, n, a, b, cp, cn, v) -> c.vcvs(n, a, b, cp, cn, v)),
            controlled('g', "transconductance", (c, n, a, b, cp, cn, v) -> c.vccs(n, a, b, cp, cn, v)),
            new Kind('b', "B name n+ n- I=expression | V=expression", BehavioralCards::b),
            new Kind('x', "X name node... subcircuit [params: name=value ...]", card -> card.reader().instance(card)));

    private static Map<Character, Kind> table(Kind... kinds) {
        Map<Character, Kind> m = new LinkedHashMap<>();
        for (Kind k : kinds) m.put(k.letter(), k);
        return m;
    }

    /**
     * A two-terminal card {@code <letter>name n1 n2 value [key=value ...]} (the value may also be written
     * {@code <letter>=value}); {@code keys} are the named parameters it accepts.
     */
    static Kind twoTerminal(char letter, String form, List<String> keys, TwoTerminal build) {
        return new Kind(letter, form, card -> {
            List<String> tok = card.tok();
            Line line = card.line();
            if (tok.size() < 4) throw line.error("expected " + form + ", got '" + line.raw() + "'");
            int vi = 3;
            if (tok.size() >= 6 && tok.get(3).equals(String.valueOf(letter)) && tok.get(4).equals("=")) vi = 5;
            if (letter == 'r' && BehavioralCards.expressionResistor(card, vi)) return;
            double v = card.value(vi, "value");
            Map<String, Double> params = tok.size() > vi + 1 ? new LinkedHashMap<>() : Map.of();
            for (int i = vi + 1; i < tok.size(); i += 3) {
                String key = tok.get(i);
                if (!keys.contains(key) || i + 2 >= tok.size() || !tok.get(i + 1).equals("=")) {
                    throw line.error("unexpected '" + key + "' after the value of " + card.name() + " (expected " + form + ")");
                }
                params.put(key, card.value(i + 2, key));
            }
            String a = card.node(1), b = card.node(2);
            try {
                build.build(card.circuit(), card.full(), a, b, v, params);
            } catch (InputException e) {
                throw line.error(e.getMessage());
            }
        });
    }

    /** Builds an independent source from its name, nodes and waveform. */
    @FunctionalInterface
    interface SourceBuilder {
        void build(Circuit c, String name, String a, String b, Waveform w);
    }

    private static Kind source(char letter, String form, SourceBuilder build) {
        return new Kind(letter, form, card -> {
            Line line = card.line();
            if (card.tok().size() < 3) throw line.error("expected " + form + ", got '" + line.raw() + "'");
            Waveform w = card.reader().source(line, card.tok(), 3, card.scope(), card.name());
            String a = card.node(1), b = card.node(2);
            try {
                build.build(card.circuit(), card.full(), a, b, w);
            } catch (InputException e) {
                throw line.error(e.getMessage());
            }
        });
    }

    /** Builds a controlled source from its name, output and control nodes and its gain. */
    @FunctionalInterface
    interface ControlledBuilder {
        void build(Circuit c, String name, String a, String b, String cp, String cn, double value);
    }

    private static Kind controlled(char letter, String what, ControlledBuilder build) {
        String form = Character.toUpperCase(letter) + "name n+ n- nc+ nc- " + what + " (or " + Character.toUpperCase(letter)
                + "name n+ n- value=expression)";
        return new Kind(letter, form, card -> {
            Line line = card.line();
            if (BehavioralCards.valueForm(card, letter == 'e' ? org.memspice.circuit.Behavioral.Kind.VOLTAGE
                    : org.memspice.circuit.Behavioral.Kind.CURRENT)) {
                return;
            }
            if (card.tok().size() != 6) throw line.error("expected " + form + ", got '" + line.raw() + "'");
            double v = card.value(5, what);
            String a = card.node(1), b = card.node(2), c = card.node(3), d = card.node(4);
            try {
                build.build(card.circuit(), card.full(), a, b, c, d, v);
            } catch (InputException e) {
                throw line.error(e.getMessage());
            }
        });
    }

    /**
     * Builds one element line in the scope of a subcircuit instance (prefix "" at top level; otherwise the
     * instance path, e.g. "x1.x2"), with the instance's port-to-node map.
     */
    void element(Line line, Scope scope, String prefix, Map<String, String> ports, int depth) {
        List<String> tok = Tokens.split(line);
        String name = tok.get(0);
        char type = name.charAt(0);
        Kind kind = ELEMENTS.get(type);
        if (kind == null) {
            StringBuilder known = new StringBuilder();
            for (char c : ELEMENTS.keySet()) known.append(known.length() == 0 ? "" : " ").append(Character.toUpperCase(c));
            throw line.error("unsupported element '" + line.raw().strip().split("\\s+")[0] + "' (supported: " + known + ")");
        }
        String full = prefix.isEmpty() ? name : type + "." + prefix + "." + name;
        if (type != 'x' && ++elementCount > elementLimit()) {
            throw line.error(String.format(Locale.ROOT, "%s: the netlist flattens into more than %d elements"
                    + " (subcircuit instances included); expected at most %d%s", prefix.isEmpty() ? name : full,
                    elementLimit(), elementLimit(), elementLimit() < MAX_ELEMENTS ? String.format(Locale.ROOT,
                    " with a heap of %d MiB: give Java more, e.g. MEMSPICE_JAVA_OPTS=-Xmx16g ./memspice ...",
                    Runtime.getRuntime().maxMemory() >> 20) : ""));
        }
        kind.reader().read(new Card(this, line, tok, scope, prefix, ports, depth, name, full));
        if (type == 'c' || type == 'l') {
            for (int i = 3; i + 1 < tok.size(); i++) {
                if (tok.get(i).equals("ic") && tok.get(i + 1).equals("=")) {
                    elementIcs.putIfAbsent(where(line), prefix.isEmpty() ? name : full);
                }
            }
        }
    }

    /** Capacitors and inductors with IC=, by the line that gives it (the first instance's name). */
    private final Map<String, String> elementIcs = new LinkedHashMap<>();

    private void instance(Card card) {
        Line line = card.line();
        List<String> tok = card.tok();
        Scope scope = card.scope();
        String prefix = card.prefix();
        Map<String, String> ports = card.ports();
        int depth = card.depth();
        String full = card.full();
        String name = card.name();
        // X name nodes... subckt [params:] [k=v ...]
        int end = tok.size();
        int firstAssign = end;
        for (int i = 1; i < end; i++) {
            if (tok.get(i).equals("params:") || i + 1 < end && tok.get(i + 1).equals("=")) {
                firstAssign = i;
                break;
            }
        }
        if (firstAssign < 3) throw line.error("expected X name node... subcircuit [params: name=value ...], got '" + line.raw() + "'");
        String sub = tok.get(firstAssign - 1);
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i < firstAssign - 1; i++) nodes.add(node(tok.get(i), prefix, ports));
        int a = firstAssign < end && tok.get(firstAssign).equals("params:") ? firstAssign + 1 : firstAssign;
        Map<String, String> given = new LinkedHashMap<>();
        assignments(line, tok, a, given);
        String instPath = prefix.isEmpty() ? name : prefix + "." + name;
        String elementName = prefix.isEmpty() ? name : full;
        if (sub.startsWith("memspice_")) {
            Map<String, Double> values = new LinkedHashMap<>();
            Subckt definition = subckts.get(sub);
            if (definition != null) {
                Scope defScope = new Scope(new HashMap<>(), new Scope(globals, null));
                for (Map.Entry<String, String> e : definition.defaults().entrySet()) {
                    double v = value(definition.header(), e.getValue(), defScope, sub + " parameter " + e.getKey());
                    values.put(e.getKey(), v);
                    defScope.values().put(e.getKey(), v);
                }
            }
            for (Map.Entry<String, String> e : given.entrySet()) {
                values.put(e.getKey(), value(line, e.getValue(), scope, name + " parameter " + e.getKey()));
            }
            try {
                natives.build(circuit, elementName, sub, nodes, values);
            } catch (InputException e) {
                throw line.error(e.getMessage());
            }
            return;
        }
        Subckt def = subckts.get(sub);
        if (def == null) throw line.error("subcircuit '" + sub + "' is not defined");
        if (def.ports().size() != nodes.size()) {
            throw line.error("subcircuit '" + sub + "' has " + def.ports().size() + " ports, instance " + name
                    + " connects " + nodes.size());
        }
        if (depth >= MAX_DEPTH) throw line.error("subcircuits nested deeper than " + MAX_DEPTH + " (recursive definition?)");
        if (depth == 0) {
            // the whole instance tree is counted before any of it is built (nesting multiplies the elements)
            long size = flatSize(def, 0, new HashMap<>());
            if (size > elementLimit() - elementCount) {
                throw line.error(String.format(Locale.ROOT, "%s: an instance of subcircuit '%s' flattens into %s"
                        + " elements; expected at most %d in the whole netlist%s", name, sub, size == Long.MAX_VALUE
                        ? "more than 9.2e18" : Long.toString(size), elementLimit(), elementLimit() < MAX_ELEMENTS
                        ? String.format(Locale.ROOT, " with a heap of %d MiB: give Java more, e.g."
                        + " MEMSPICE_JAVA_OPTS=-Xmx16g ./memspice ...", Runtime.getRuntime().maxMemory() >> 20) : ""));
            }
        }
        Map<String, Double> local = new HashMap<>();
        Scope inner = new Scope(local, new Scope(globals, null));
        for (Map.Entry<String, String> e : def.defaults().entrySet()) {
            String v = given.containsKey(e.getKey()) ? null : e.getValue();
            if (v != null) local.put(e.getKey(), value(def.header(), v, inner, sub + " parameter " + e.getKey()));
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!def.defaults().containsKey(e.getKey())) {
                // ngspice passes over an instance parameter its subcircuit does not declare; so does memspice, saying so
                warnings.add(where(line) + ": " + name + ": subcircuit '" + sub + "' has no parameter '" + e.getKey()
                        + "'; ignored, as ngspice ignores it (parameters: " + String.join(" ", def.defaults().keySet())
                        + ")");
                continue;
            }
            local.put(e.getKey(), value(line, e.getValue(), scope, name + " parameter " + e.getKey()));
        }
        Map<String, String> portMap = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) portMap.put(def.ports().get(i), nodes.get(i));
        for (Line l : def.body()) {
            if (l.text().startsWith(".param")) {
                List<String> pt = Tokens.split(l);
                Map<String, String> as = new LinkedHashMap<>();
                assignments(l, pt, 1, as);
                for (Map.Entry<String, String> e : as.entrySet()) local.put(e.getKey(), value(l, e.getValue(), inner, e.getKey()));
            }
        }
        for (Line l : def.body()) {
            if (l.text().startsWith(".func")) func(l, instPath);
        }
        for (Line l : def.body()) {
            if (l.text().charAt(0) == '.') {
                if (l.text().startsWith(".param") || l.text().startsWith(".func")) continue;
                throw l.error("'" + Tokens.split(l).get(0) + "' is not allowed inside a subcircuit");
            }
            element(l, inner, instPath, portMap, depth + 1);
        }
    }

    /**
     * Elements one instance of {@code def} flattens into (saturating at Long.MAX_VALUE); a recursive definition
     * counts as 0 here, its instance is refused when it is built (nested deeper than {@link #MAX_DEPTH}).
     */
    private long flatSize(Subckt def, int depth, Map<String, Long> memo) {
        Long known = memo.get(def.name());
        if (known != null) return known;
        if (depth > MAX_DEPTH) return 0;
        memo.put(def.name(), 0L);        // a recursive definition counts 0 here (refused when built)
        long n = 0;
        for (Line l : def.body()) {
            String t = l.text();
            if (t.charAt(0) == '.') continue;
            long add = 1;
            if (t.charAt(0) == 'x') {
                List<String> tok = Tokens.split(l);
                int firstAssign = tok.size();
                for (int i = 1; i < tok.size(); i++) {
                    if (tok.get(i).equals("params:") || i + 1 < tok.size() && tok.get(i + 1).equals("=")) {
                        firstAssign = i;
                        break;
                    }
                }
                Subckt child = firstAssign >= 3 ? subckts.get(tok.get(firstAssign - 1)) : null;
                add = child == null ? 1 : flatSize(child, depth + 1, memo);
            }
            n = n > Long.MAX_VALUE - add ? Long.MAX_VALUE : n + add;
        }
        memo.put(def.name(), n);
        return n;
    }

    private String node(String n, String prefix, Map<String, String> ports) {
        if (n.equals("0") || n.equals("gnd")) return "0";
        if (prefix.isEmpty() || globalNodes.contains(n)) return n;
        String p = ports.get(n);
        return p != null ? p : prefix + "." + n;
    }

    /** The waveform of a V or I source from tok[i..]. */
    private Waveform source(Line line, List<String> tok, int i, Scope scope, String name) {
        Double dc = null;
        Waveform tran = null;
        while (i < tok.size()) {
            String t = tok.get(i);
            switch (t) {
                case "dc" -> {
                    if (i + 1 >= tok.size()) throw line.error(name + ": DC needs a value");
                    dc = value(line, tok.get(i + 1), scope, name + " DC value");
                    i += 2;
                }
                case "ac" -> {
                    warnings.add(line.file() + ":" + line.number() + ": " + name + ": AC specification ignored (no .ac analysis)");
                    i++;
                    while (i < tok.size() && !isFunction(tok.get(i)) && !tok.get(i).equals("dc")) i++;
                }
                case "sin", "pulse", "pwl" -> {
                    if (i + 1 >= tok.size() || !tok.get(i + 1).equals("(")) throw line.error(name + ": " + t + " needs '(' arguments ')'");
                    StringBuilder sb = new StringBuilder(t).append('(');
                    int j = i + 2;
                    boolean first = true;
                    while (j < tok.size() && !tok.get(j).equals(")")) {
                        if (!first) sb.append(' ');
                        sb.append(SpiceNumber.format(value(line, tok.get(j), scope, name + " " + t + " argument")));
                        first = false;
                        j++;
                    }
                    if (j >= tok.size()) throw line.error(name + ": missing ')' after " + t + " arguments");
                    sb.append(')');
                    try {
                        tran = Waveform.parse(sb.toString());
                    } catch (InputException e) {
                        throw line.error(name + ": " + e.getMessage());
                    }
                    if (tran instanceof Waveform.Pwl p && !Double.isNaN(p.repeatedTime())) {
                        warnings.add(line.file() + ":" + line.number() + ": " + name + " has non-increasing PWL time"
                                + " points (" + SpiceNumber.format(p.repeatedTime()) + " s given twice): a step there,"
                                + " the first value at that time and the second just after, as ngspice reads it");
                    }
                    i = j + 1;
                }
                default -> {
                    if (isFunction(t)) throw line.error(name + ": source function '" + t + "' is not supported (SIN, PULSE, PWL)");
                    if (i == 3 && dc == null) {
                        dc = value(line, t, scope, name + " value");
                        i++;
                    } else {
                        throw line.error(name + ": unexpected '" + t + "' in source specification");
                    }
                }
            }
        }
        if (tran != null) {
            if (dc != null && Math.abs(dc - tran.value(0)) > 1e-12 * Math.max(1, Math.abs(dc))) {
                warnings.add(line.file() + ":" + line.number() + ": " + name + ": DC value " + dc
                        + " differs from the transient function at t = 0; memspice uses the function's t = 0 value");
            }
            return tran;
        }
        return new Waveform.Dc(dc == null ? 0.0 : dc);
    }

    private static boolean isFunction(String t) {
        return switch (t) {
            case "sin", "pulse", "pwl", "exp", "sffm", "am", "trnoise", "trrandom" -> true;
            default -> false;
        };
    }

    /** A numeric value: a number with suffix, {expr}, 'expr', or a parameter name; finite. */
    static double value(Line line, String t, Scope scope, String what) {
        double v = anyValue(line, t, scope, what);
        if (!Double.isFinite(v)) throw line.error(what + ": '" + t + "' is " + v + "; expected a finite number");
        return v;
    }

    private static double anyValue(Line line, String t, Scope scope, String what) {
        try {
            char c = t.charAt(0);
            if (c == '{' || c == '\'') {
                return Expression.evaluate(t.substring(1, t.length() - 1), scope::get);
            }
            if (Character.isDigit(c) || c == '.' || c == '-' || c == '+') {
                double fast = plainNumber(t);
                if (!Double.isNaN(fast)) return fast;
                try {
                    return SpiceNumber.parse(t);
                } catch (InputException notNumber) {
                    return Expression.evaluate(t, scope::get);
                }
            }
            Double v = scope.get(t);
            if (v != null) return v;
            throw new IllegalArgumentException("'" + t + "' is neither a number nor a defined parameter");
        } catch (IllegalArgumentException | InputException e) {
            throw line.error(what + ": " + e.getMessage());
        }
    }

    /**
     * Fast path for the common forms "12", "1.5", "2e-3", "4.7k", "10meg", "100n" (the bulk of a large
     * netlist): decimal mantissa and an optional scale suffix, converted exactly by one parseDouble of
     * mantissa + "e" + exponent. NaN for anything else (SpiceNumber.parse then decides).
     */
    static double plainNumber(String t) {
        int n = t.length(), i = 0;
        if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) i++;
        int digits = 0;
        while (i < n && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
            digits++;
        }
        if (digits == 0) return Double.NaN;
        int mantEnd = i;
        if (i < n && t.charAt(i) == 'e') {
            int j = i + 1;
            if (j < n && (t.charAt(j) == '-' || t.charAt(j) == '+')) j++;
            int ed = 0;
            while (j < n && Character.isDigit(t.charAt(j))) {
                j++;
                ed++;
            }
            if (ed == 0 || j != n) return Double.NaN;
            return Double.parseDouble(t);
        }
        if (i == n) return Double.parseDouble(t);
        String rest = t.substring(i);
        int exp;
        switch (rest) {
            case "t" -> exp = 12;
            case "g" -> exp = 9;
            case "meg" -> exp = 6;
            case "k" -> exp = 3;
            case "m" -> exp = -3;
            case "u" -> exp = -6;
            case "n" -> exp = -9;
            case "p" -> exp = -12;
            case "f" -> exp = -15;
            default -> {
                return Double.NaN;
            }
        }
        return Double.parseDouble(t.substring(0, mantEnd) + "e" + exp);
    }

    /** Parameter scope: local values, then the enclosing scope. */
    record Scope(Map<String, Double> values, Scope parent) {
        Double get(String name) {
            Double v = values.get(name);
            return v != null || parent == null ? v : parent.get(name);
        }
    }
}
