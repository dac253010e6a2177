package org.memspice.spice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.memspice.SimulationException;

/**
 * Runs {@code ngspice -b deck} in a folder, with a timeout, and judges the run. ngspice -b exits with status 1
 * when a deck has only a control block ("no simulations run") and goes on after most errors, so its exit status
 * says little: a run succeeds when every expected output file exists and the log has no error lines (an
 * {@code Error}, a singular matrix, a failed or aborted analysis, a missing vector, device or model). A failure is
 * a {@link SimulationException} naming the executable and the deck and quoting the log lines that matter; a
 * missing ngspice is one too, with the install hint. Every part of memspice that runs ngspice runs it here;
 * what ngspice writes is read by {@link RawFile} (raw files) or by the caller (wrdata tables).
 */
public final class NgspiceProcess {
    /** Time one run may take unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** Lines of the log quoted in a failure. */
    private static final int QUOTED_LINES = 20;
    private static final Pattern ERROR_LINE = Pattern.compile("(?i)\\berror\\b|singular matrix|\\bfailed\\b|\\baborted\\b"
            + "|timestep too small|\\binterrupted\\b|can't find model|no such (vector|device|model)");

    private static final Pattern REJECTED_LINE = Pattern.compile("(?i)^\\s*error on line");

    private final String executable;
    private final Duration timeout;

    /** One finished run: ngspice's log (output and error streams) and the wall time of its process, seconds. */
    public record Run(String log, double seconds) {}

    /** ngspice from $NGSPICE or the PATH ({@link #defaultExecutable()}), with the default timeout. */
    public NgspiceProcess() {
        this(defaultExecutable(), DEFAULT_TIMEOUT);
    }

    /** ngspice from $NGSPICE or the PATH, with the given timeout. */
    public NgspiceProcess(Duration timeout) {
        this(defaultExecutable(), timeout);
    }

    /** The ngspice executable: $NGSPICE if set, else ngspice on the PATH. */
    public static String defaultExecutable() {
        String env = System.getenv("NGSPICE");
        return env == null || env.isBlank() ? "ngspice" : env;
    }

    /** The given executable (a name looked up on the PATH, or a path) and timeout. */
    public NgspiceProcess(String executable, Duration timeout) {
        if (executable == null || executable.isBlank()) {
            throw new IllegalArgumentException("ngspice executable: expected a name or path, got '" + executable + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ngspice timeout: expected a positive duration, got " + timeout);
        }
        this.executable = executable;
        this.timeout = timeout;
    }

    public String executable() {
        return executable;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code ngspice -b deck} with {@code folder} as the working directory, its output and error streams
     * into {@code folder/<deck>.log}, and returns the log. {@code outputs} are files (relative to the folder)
     * the deck must write; any left from an earlier run are removed first.
     *
     * @throws SimulationException when ngspice cannot be started, does not finish within the timeout, is killed
     *     by a signal, prints an error line or leaves an expected output unwritten
     */
    public String run(Path folder, String deck, String... outputs) {
        return execute(folder, deck, List.of(), Map.of(), outputs).log();
    }

    /** As {@link #run}, also giving the wall time of the ngspice process. */
    public Run timed(Path folder, String deck, String... outputs) {
        return execute(folder, deck, List.of(), Map.of(), outputs);
    }

    /**
     * Runs {@code ngspice -b -r raw deck} with {@code SPICE_ASCIIRAWFILE=1}: the deck's analyses (its dot
     * commands) write their vectors to the ASCII raw file {@code raw} (relative to the folder), which must exist
     * afterwards; read it with {@link RawFile#read}.
     */
    public Run runWritingRaw(Path folder, String deck, String raw) {
        return execute(folder, deck, List.of("-r", raw), Map.of("SPICE_ASCIIRAWFILE", "1"), raw);
    }

    private Run execute(Path folder, String deck, List<String> options, Map<String, String> env, String... outputs) {
        Path deckFile = folder.resolve(deck);
        Path logFile = folder.resolve(deck + ".log");
        if (!Files.isRegularFile(deckFile)) {
            throw new SimulationException("ngspice deck " + deckFile + " does not exist");
        }
        for (String out : outputs) {
            // an output left by an earlier run must not pass for this run's (and wrdata would append to it)
            try {
                Files.deleteIfExists(folder.resolve(out));
            } catch (IOException e) {
                throw new SimulationException("cannot remove the earlier ngspice output " + folder.resolve(out) + ": "
                        + e.getMessage());
            }
        }
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.add("-b");
        command.addAll(options);
        command.add(deck);
        ProcessBuilder pb = new ProcessBuilder(command).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SimulationException("cannot start ngspice '" + executable + "' for deck " + deckFile + " ("
                    + e.getMessage() + "); is ngspice installed? install it with: sudo apt-get install -y ngspice");
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // ngspice -b reads no input; a pipe that will not close is harmless
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw failure("did not finish within " + seconds(timeout) + " s", deckFile, tail(readLog(logFile)));
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new SimulationException("interrupted while ngspice '" + executable + "' ran deck " + deckFile);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        String log = readLog(logFile);
        List<String> lines = log.lines().toList();
        int status = p.exitValue();
        if (status != 0 && status != 1) {
            List<String> errors = errorLines(lines);
            throw failure("exited with status " + status, deckFile, errors.isEmpty() ? tail(lines) : errors);
        }
        List<String> errors = errorLines(lines);
        if (!errors.isEmpty()) {
            throw failure("reported " + (errors.size() == 1 ? "an error" : errors.size() + " error lines"), deckFile,
                    errors);
        }
        for (String out : outputs) {
            if (!Files.isRegularFile(folder.resolve(out))) {
                throw failure("wrote no " + out, deckFile, tail(lines));
            }
        }
        return new Run(log, seconds);
    }

    /**
     * The lines of an ngspice log that report an error, in order. A netlist line ngspice rejects is reported as
     * {@code Error on line N ...:}, then the line itself and the reason; those two lines are kept with it.
     */
    static List<String> errorLines(List<String> log) {
        List<String> errors = new ArrayList<>();
        for (int k = 0; k < log.size(); k++) {
            String line = log.get(k);
            if (ERROR_LINE.matcher(line).find()) {
                errors.add(line.strip());
                if (REJECTED_LINE.matcher(line).find()) {
                    for (int c = 0; c < 2 && k + 1 < log.size() && !log.get(k + 1).isBlank()
                            && !ERROR_LINE.matcher(log.get(k + 1)).find(); c++) {
                        errors.add(log.get(++k).strip());
                    }
                }
            }
        }
        return errors;
    }

    private SimulationException failure(String what, Path deck, List<String> quoted) {
        StringBuilder sb = new StringBuilder("ngspice '").append(executable).append("' ").append(what)
                .append(" on deck ").append(deck);
        if (quoted.isEmpty()) {
            sb.append(" (its log is empty)");
        } else {
            sb.append("; its log says:");
            int shown = Math.min(QUOTED_LINES, quoted.size());
            for (int k = 0; k < shown; k++) {
                sb.append("\n  ").append(quoted.get(k));
            }
            if (quoted.size() > shown) {
                sb.append("\n  ... (").append(quoted.size() - shown).append(" more)");
            }
        }
        return new SimulationException(sb.toString());
    }

    /** The last non-blank lines of a log. */
    private static List<String> tail(String log) {
        return tail(log.lines().toList());
    }

    private static List<String> tail(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank()) kept.add(l.strip());
        }
        return kept.subList(Math.max(0, kept.size() - QUOTED_LINES), kept.size());
    }

    private static String readLog(Path logFile) {
        try {
            // bytes that are not UTF-8 become replacement characters rather than hide the log
            return Files.exists(logFile) ? new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3g", d.toMillis() / 1000.0);
    }
}
