package org.memspice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.memspice.device.DeviceCard;
import org.memspice.signal.Waveform;
import org.memspice.spice.MemristorSubcircuit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memspice device spice}: prints the card as an ngspice-39 subcircuit. */
@Command(name = "spice",
        mixinStandardHelpOptions = true,
        description = {"Print an ngspice-39 subcircuit for a device card: behavioral sources, the state on a 1 F "
                + "capacitor scaled to order 1, ports (p n), every parameter and x0 as params:."},
        footer = {"", "Examples:", "  memspice device spice --card devices/vteam.json --set x0=1n > vteam.sub",
                "  memspice device spice --card devices/hp-biolek.json --testbench hp.dat > hp.cir && ngspice -b hp.cir"})
public final class DeviceSpiceCommand implements Callable<Integer> {
    @Option(names = "--card", required = true, paramLabel = "FILE", description = "Device card (JSON).")
    Path card;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Override a card field. Repeatable.")
    List<String> set = new ArrayList<>();

    @Option(names = "--testbench", paramLabel = "DATAFILE", description = "Print instead a complete ngspice deck "
            + "running the card's demonstration drive (override with --drive/--tstop/--rseries) that writes "
            + "time, v, i and the state node to DATAFILE (wrdata columns).")
    String testbench;

    @Option(names = "--drive", paramLabel = "SOURCE", description = "Testbench source (SPICE syntax).")
    String drive;

    @Option(names = "--tstop", paramLabel = "T", description = "Testbench stop time, s.")
    String tstop;

    @Option(names = "--rseries", paramLabel = "R", description = "Testbench series resistance, ohm.")
    String rseries;

    @Option(names = "--points", paramLabel = "N", defaultValue = "1001", description = "Testbench output points (default ${DEFAULT-VALUE}).")
    String points;

    @Override
    public Integer call() {
        int n = (int) OptionValues.count("--points", points, 2, org.memspice.device.DeviceTransient.MAX_POINTS);
        double ts = tstop == null ? -1 : OptionValues.positive("--tstop", tstop, "s");
        double rs = rseries == null ? -1 : OptionValues.nonNegative("--rseries", rseries, "ohm");
        Waveform w = drive == null ? null : OptionValues.drive("--drive", drive);
        if (testbench == null && (drive != null || tstop != null || rseries != null)) {
            throw new org.memspice.InputException((drive != null ? "--drive" : tstop != null ? "--tstop" : "--rseries")
                    + ": applies to the --testbench deck only; expected --testbench DATAFILE with it");
        }
        if (testbench != null && testbench.isBlank()) {
            throw new org.memspice.InputException("--testbench '" + testbench + "': expected a data file name");
        }
        DeviceCard c = DeviceCard.load(card).withOverrides(set);
        if (testbench == null) {
            System.out.print(MemristorSubcircuit.definition(c));
            return 0;
        }
        if (w == null) w = c.driveWaveform();
        if (tstop == null) ts = c.tstop();
        if (rseries == null) rs = c.rseries();
        System.out.print(MemristorSubcircuit.testbench(c, w, ts, rs, n, testbench));
        return 0;
    }
}
