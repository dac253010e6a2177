package org.memspice.fuzz;

import org.memspice.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The promise the command line makes on bad input, checked for one command run in this JVM: bad input exits 2
 * with "error: " and a message that names the place (file, line, JSON path or option); a simulation that cannot
 * go on exits 3 with "simulation failed: " and the reason; a run that succeeds (exit 0) prints no NaN or
 * Infinity; never a stack trace, never another status, never a hang (each run has a wall-clock limit) and never
 * an OutOfMemoryError. Every case is counted per surface and class; the tally goes to target/fuzz-tally.txt.
 */
public final class Promise {
    /** One command's outcome. */
    public record Outcome(String[] args, int status, String out, String err) {
        /** The arguments, for failure messages. */
        public String command() {
            return String.join(" ", args);
        }
    }

    private static final Pattern NON_FINITE = Pattern.compile("(?<![A-Za-z_])(NaN|-?Infinity)(?![A-Za-z_])");
    private static final Pattern TRACE = Pattern.compile("(\\tat [a-z]|Exception in thread|^\\s*at org\\.|Caused by: )",
            Pattern.MULTILINE);
    private static final Map<String, int[]> TALLY = new TreeMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Promise::printTally));
    }

    private Promise() {
    }

    /** Runs {@code memspice args} in this JVM with a wall-clock limit; a hang or an Error fails the test. */
    public static Outcome run(double seconds, String... args) {
        AtomicReference<Object> result = new AtomicReference<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        synchronized (Promise.class) {
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                Thread t = new Thread(() -> {
                    try {
                        result.set(Main.execute(args));
                    } catch (Throwable e) {
                        result.set(e);
                    }
                }, "fuzz-case");
                t.setDaemon(true);
                t.start();
                t.join((long) (seconds * 1000));
                if (t.isAlive()) {
                    t.interrupt();
                    fail("no answer within " + seconds + " s (a hang or unbounded work): memspice "
                            + String.join(" ", args));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
        Object r = result.get();
        if (r instanceof Throwable e) {
            fail("memspice " + String.join(" ", args) + " threw " + e + " (escaped the command line)\n"
                    + err.toString(StandardCharsets.UTF_8), e);
        }
        return new Outcome(args, (Integer) r, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Asserts the promise for an input that is wrong: exit 2 (or 3 when {@code simulationAllowed}), the message
     * names every one of {@code places}, no trace. Counts the case under {@code surface}/{@code kind}.
     */
    public static Outcome refused(String surface, String kind, Outcome o, String... places) {
        count(surface, kind);
        noTrace(o);
        if (o.status() != 2) {
            fail("expected exit 2 (bad input) from memspice " + o.command() + ", got " + o.status() + "\nstdout: "
                    + head(o.out()) + "\nstderr: " + head(o.err()));
        }
        if (!o.err().contains("error: ")) {
            fail("exit 2 without an 'error: ' message: memspice " + o.command() + "\nstderr: " + head(o.err()));
        }
        names(o, places);
        return o;
    }

    /**
     * Asserts the promise for an input that may be legal or not (a generated mutation): exit 0 with finite
     * output, exit 2 naming every one of {@code places}, or exit 3 with a reason; never a trace.
     */
    public static Outcome kept(String surface, String kind, Outcome o, String... places) {
        count(surface, kind);
        noTrace(o);
        switch (o.status()) {
            case 0 -> finite(o);
            case 2 -> {
                if (!o.err().contains("error: ")) {
                    fail("exit 2 without an 'error: ' message: memspice " + o.command() + "\nstderr: " + head(o.err()));
                }
                names(o, places);
            }
            case 3 -> {
                if (!o.err().contains("simulation failed: ")) {
                    fail("exit 3 without a 'simulation failed: ' reason: memspice " + o.command() + "\nstderr: "
                            + head(o.err()));
                }
            }
            default -> fail("exit " + o.status() + " (only 0, 2, 3 are promised): memspice " + o.command()
                    + "\nstdout: " + head(o.out()) + "\nstderr: " + head(o.err()));
        }
        return o;
    }

    /** Asserts a successful run whose printed numbers (and the files given) are all finite. */
    public static Outcome succeeded(String surface, String kind, Outcome o, Path... files) {
        count(surface, kind);
        noTrace(o);
        if (o.status() != 0) {
            fail("expected success from memspice " + o.command() + ", got " + o.status() + "\nstderr: " + head(o.err()));
        }
        finite(o);
        for (Path f : files) {
            finiteFile(f, o);
        }
        return o;
    }

    /** Asserts that no file under {@code dir} holds NaN or Infinity. */
    public static void finiteFiles(Path dir, Outcome o) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> Files.isRegularFile(p) && isText(p)).forEach(files::add);
        } catch (java.io.IOException e) {
            fail(e);
        }
        for (Path f : files) {
            finiteFile(f, o);
        }
    }

    private static boolean isText(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".json") || n.endsWith(".csv") || n.endsWith(".cir") || n.endsWith(".sp") || n.endsWith(".txt");
    }

    private static void finiteFile(Path f, Outcome o) {
        try {
            String text = Files.readString(f);
            if (NON_FINITE.matcher(text).find()) {
                fail("memspice " + o.command() + " exited 0 but wrote NaN or Infinity into " + f);
            }
        } catch (java.io.IOException e) {
            fail(e);
        }
    }

    private static void finite(Outcome o) {
        if (NON_FINITE.matcher(o.out()).find()) {
            fail("memspice " + o.command() + " exited 0 but printed NaN or Infinity:\n" + head(o.out()));
        }
    }

    private static void noTrace(Outcome o) {
        if (TRACE.matcher(o.err()).find() || TRACE.matcher(o.out()).find()) {
            fail("stack trace from memspice " + o.command() + ":\n" + head(o.err()));
        }
    }

    private static void names(Outcome o, String... places) {
        for (String p : places) {
            if (!o.err().contains(p)) {
                fail("message does not name '" + p + "': memspice " + o.command() + "\nstderr: " + head(o.err()));
            }
        }
    }

    private static String head(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + " ..." : s;
    }

    private static synchronized void count(String surface, String kind) {
        TALLY.computeIfAbsent(surface + " / " + kind, k -> new int[1])[0]++;
    }

    /** The number of cases checked so far under {@code surface}. */
    public static synchronized int count(String surface) {
        int n = 0;
        for (Map.Entry<String, int[]> e : TALLY.entrySet()) {
            if (e.getKey().startsWith(surface + " / ")) {
                n += e.getValue()[0];
            }
        }
        return n;
    }

    private static synchronized void printTally() {
        if (TALLY.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("fuzz cases by surface / class:\n");
        int total = 0;
        for (Map.Entry<String, int[]> e : TALLY.entrySet()) {
            sb.append(String.format("  %-60s %5d%n", e.getKey(), e.getValue()[0]));
            total += e.getValue()[0];
        }
        sb.append(String.format("  %-60s %5d%n", "total", total));
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fuzz-tally.txt"), sb.toString());
        } catch (java.io.IOException e) {
            // the tally is a report only
        }
    }
}
