package org.memspice.cli;

import org.junit.jupiter.api.Test;
import org.memspice.fuzz.Promise;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Option syntax on every command, found from the command line's own model (so a new command or option is
 * covered the day it is added): an unknown option, a value of the wrong type for every numeric option, a
 * single-valued option given twice, and a command run without its required options are each refused with exit 2,
 * "error: " and the option named, never a trace.
 */
class CommandLineFuzzTest {
    private static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, long.class, Long.class,
            double.class, Double.class, float.class, Float.class);

    /** Every command that runs (not a group of subcommands), with its words from "memspice". */
    static List<CommandLine> leaves(CommandLine c, List<CommandLine> out) {
        if (c.getSubcommands().isEmpty()) {
            out.add(c);
        }
        for (CommandLine sub : c.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help") && !out.contains(sub)) {
                leaves(sub, out);
            }
        }
        return out;
    }

    static List<String> words(CommandSpec spec) {
        List<String> w = new ArrayList<>();
        for (CommandSpec s = spec; s.parent() != null; s = s.parent()) {
            w.add(0, s.name());
        }
        return w;
    }

    static String[] args(List<String> words, String... more) {
        List<String> a = new ArrayList<>(words);
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void everyCommandRefusesBadOptionSyntaxNamingTheOption() {
        List<CommandLine> commands = leaves(Main.commandLine(), new ArrayList<>());
        int numeric = 0;
        for (CommandLine c : commands) {
            CommandSpec spec = c.getCommandSpec();
            List<String> w = words(spec);
            String name = String.join(" ", w);
            Promise.refused("command line", "unknown option", Promise.run(20, args(w, "--no-such-option")),
                    "--no-such-option");
            for (OptionSpec o : spec.options()) {
                if (!NUMERIC.contains(o.type()) || o.arity().max() != 1) {
                    continue;
                }
                numeric++;
                String opt = o.longestName();
                Promise.refused("command line", "value of the wrong type", Promise.run(20, args(w, opt, "x1")),
                        opt, "'x1'");
                Promise.refused("command line", "option given twice", Promise.run(20, args(w, opt, "x1", opt, "x2")),
                        opt);
            }
            boolean required = spec.options().stream().anyMatch(OptionSpec::required);
            if (required) {
                OptionSpec first = spec.options().stream().filter(OptionSpec::required).findFirst().orElseThrow();
                Promise.refused("command line", "required option missing", Promise.run(20, args(w)),
                        first.longestName());
            }
            assertTrue(!name.isEmpty());
        }
        assertTrue(commands.size() >= 20, "commands found: " + commands.size());
        assertTrue(numeric >= 20, "numeric options found: " + numeric);
    }
}
