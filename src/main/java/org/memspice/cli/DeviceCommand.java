package org.memspice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Single-device commands: transient simulation and ngspice export of a device card. */
@Command(name = "device",
        mixinStandardHelpOptions = true,
        description = "Simulate one memristor card, or export it as an ngspice subcircuit.",
        subcommands = {DeviceSimCommand.class, DeviceSpiceCommand.class},
        footer = {"", "Examples:", "  memspice device sim --card devices/vteam.json --plot out/vteam.png",
                "  memspice device spice --card devices/hp-joglekar.json"})
public final class DeviceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
