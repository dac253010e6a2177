package org.memspice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.memspice.device.DeviceCard;
import org.memspice.spice.MemristorSubcircuit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memspice device spice}: prints the card as an ngspice-39 subcircuit. */
@Command(name = "spice",
        mixinStandardHelpOptions = true,
        description = {"Print an ngspice-39 subcircuit for a device card: behavioral sources, the state on a 1 F "
                + "capacitor scaled to order 1, ports (p n), every parameter and x0 as params:."},
        footer = {"", "Example:", "  memspice device spice --card devices/vteam.json --set x0=1n > vteam.sub"})
public final class DeviceSpiceCommand implements Callable<Integer> {
    @Option(names = "--card", required = true, paramLabel = "FILE", description = "Device card (JSON).")
    Path card;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Override a card field. Repeatable.")
    List<String> set = new ArrayList<>();

    @Option(names = "--testbench", description = "Also print a testbench (source, .tran, .control) running the "
            + "card's demonstration drive.")
    boolean testbench;

    @Override
    public Integer call() {
        DeviceCard c = DeviceCard.load(card).withOverrides(set);
        System.out.print(MemristorSubcircuit.definition(c));
        if (testbench) System.out.print(MemristorSubcircuit.testbench(c, c.driveWaveform(), c.tstop(), c.rseries(), 1001, null));
        return 0;
    }
}
