package org.memspice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Single-device commands: transient simulation and ngspice export of a device card. */
@Command(name = "device",
        mixinStandardHelpOptions = true,
        description = "Simulate one memristor card, export it as an ngspice subcircuit, or run every card's demonstration.",
        subcommands = {DeviceSimCommand.class, DeviceSpiceCommand.class, DeviceDemoCommand.class},
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
