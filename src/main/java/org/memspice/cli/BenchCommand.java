package org.memspice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks: each reports speed as a ratio against a reference measured in the same run. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure speed against a reference run in the same process or on the same machine.",
        subcommands = {
                BenchCrossbarCommand.class,
                BenchNetlistCommand.class,
                BenchInferenceCommand.class,
                BenchInferCommand.class,
                BenchSweepCommand.class,
                BenchTrainCommand.class,
                BenchDeviceCommand.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
