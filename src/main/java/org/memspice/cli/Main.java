package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.SimulationException;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** The memspice command line: a thin layer that parses options, calls the packages and prints results. */
@Command(name = "memspice",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Circuit-level simulation of memristor crossbars, and binary neural networks lowered onto them.",
        subcommands = {
                CommandLine.HelpCommand.class,
                BenchCommand.class,
                RunCommand.class,
                DeviceCommand.class,
                SpiceCommand.class,
                CrossbarCommand.class,
                CompileCommand.class,
                InferCommand.class,
                SweepCommand.class,
                PowerCommand.class,
                EvalCommand.class,
                TrainCommand.class,
        })
public final class Main implements Runnable {

    /** Exit status for bad input (file, field, option). */
    public static final int EXIT_INPUT = 2;
    /** Exit status for a simulation that cannot go on (no convergence, singular circuit). */
    public static final int EXIT_SIMULATION = 3;
    /** Exit status for a fault in memspice itself (an exception no input check foresaw). */
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        int status;
        try {
            status = execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println(outOfMemory(e));
            status = EXIT_SIMULATION;
        }
        System.exit(status);
    }

    /** What a run that ran out of heap says: the heap it had and how to give it more. */
    static String outOfMemory(Throwable e) {
        return "simulation failed: out of memory (" + e.getMessage() + ") with a heap of at most "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; give Java more, e.g. MEMSPICE_JAVA_OPTS=-Xmx16g"
                + " ./memspice ...";
    }

    /** Runs the command line and returns the exit status (used by tests, which must not exit the JVM). */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // option syntax picocli refuses (an unknown option, a value of the wrong type, an option twice) is bad input
        // in the same format as the rest: "error: ", what, and where to read more
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            // picocli reports one problem; an unknown option is worth naming whatever it reported first
            List<String> unknown = new ArrayList<>();
            for (String a : args) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (name.startsWith("-") && name.length() > 1 && !Character.isDigit(name.charAt(1))
                        && c.getCommandSpec().findOption(name) == null && !ex.getMessage().contains(name)) {
                    unknown.add(name);
                }
            }
            c.getErr().println("error: " + ex.getMessage()
                    + (unknown.isEmpty() ? "" : "; unknown option" + (unknown.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", unknown)));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
                c.getErr().println("see: " + c.getCommandSpec().qualifiedName() + " --help");
            }
            return EXIT_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InputException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return EXIT_INPUT;
            }
            if (ex instanceof SimulationException) {
                commandLine.getErr().println("simulation failed: " + ex.getMessage());
                return EXIT_SIMULATION;
            }
            for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
                if (c instanceof OutOfMemoryError) {
                    commandLine.getErr().println(outOfMemory(c));
                    return EXIT_SIMULATION;
                }
            }
            if (System.getenv("MEMSPICE_DEBUG") != null) {
                throw ex;
            }
            StackTraceElement[] at = ex.getStackTrace();
            commandLine.getErr().println("internal error: " + ex + (at.length > 0 ? " at " + at[0] : "")
                    + "; this is a bug in memspice: please report the command line and its input files"
                    + " (MEMSPICE_DEBUG=1 prints the whole trace)");
            return EXIT_INTERNAL;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"memspice " + (v == null ? "(development build)" : v)};
        }
    }
}
