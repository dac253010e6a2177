package org.memspice.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.memspice.InputException;
import org.memspice.device.DeviceCard;
import org.memspice.device.DeviceTrace;
import org.memspice.device.DeviceTransient;
import org.memspice.device.ModelKind;
import org.memspice.report.DevicePlot;
import org.memspice.signal.SpiceNumber;
import org.memspice.signal.Waveform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memspice device sim}: transient of one device card under a drive. */
@Command(name = "sim",
        mixinStandardHelpOptions = true,
        description = {"Transient simulation of one memristor driven by a SPICE source through an optional series "
                + "resistance (TR-BDF2 with error control, events at thresholds and bounds).",
                "CSV columns t,v,i,x: v across the device, x the state in the model's own variable "
                        + "(w/D for HP, metres for TEAM/VTEAM), on a uniform grid sampled from the dense output."},
        footer = {"", "Example:",
                "  memspice device sim --card devices/hp-joglekar.json --set p=2 --drive \"SIN(0 1.2 1)\" --tstop 2 "
                        + "--csv out/hp.csv --plot out/hp.png"})
public final class DeviceSimCommand implements Callable<Integer> {

    @Option(names = "--card", required = true, paramLabel = "FILE", description = "Device card (JSON).")
    Path card;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "Override a card field (parameter, window, iv); SPICE numbers accepted. Repeatable.")
    List<String> set = new ArrayList<>();

    @Option(names = "--drive", paramLabel = "SOURCE",
            description = "Source in SPICE syntax (DC, SIN, PULSE, PWL); default: the card's demonstration drive.")
    String drive;

    @Option(names = "--tstop", paramLabel = "T", description = "Stop time, s (SPICE number); default: the card's.")
    String tstop;

    @Option(names = "--rseries", paramLabel = "R", description = "Series resistance, ohm; default: the card's (0).")
    String rseries;

    @Option(names = "--points", paramLabel = "N", defaultValue = "1001", description = "Output points, 0..T inclusive (default ${DEFAULT-VALUE}).")
    String points;

    @Option(names = "--rtol", paramLabel = "R", defaultValue = "1e-6", description = "Relative tolerance on the state (default ${DEFAULT-VALUE}).")
    String rtol;

    @Option(names = "--atol", paramLabel = "A", defaultValue = "1e-9",
            description = "Absolute tolerance on the state, fraction of its range (default ${DEFAULT-VALUE}).")
    String atol;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write t,v,i,x to this CSV file.")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write the I-V loop and x(t) to this PNG.")
    Path plot;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        OutputPaths.file(csv, "--csv");
        OutputPaths.file(plot, "--plot");
        int n = (int) OptionValues.count("--points", points, 2, DeviceTransient.MAX_POINTS);
        double rt = OptionValues.fraction("--rtol", rtol);
        double at = OptionValues.fraction("--atol", atol);
        double ts = tstop == null ? -1 : OptionValues.positive("--tstop", tstop, "s");
        double rs = rseries == null ? -1 : OptionValues.nonNegative("--rseries", rseries, "ohm");
        Waveform w = drive == null ? null : OptionValues.drive("--drive", drive);
        DeviceCard c = DeviceCard.load(card).withOverrides(set);
        if (w == null) w = c.driveWaveform();
        if (tstop == null) ts = c.tstop();
        if (rseries == null) rs = c.rseries();
        long t0 = System.nanoTime();
        DeviceTrace trace;
        try {
            trace = new DeviceTransient(c, w, rs).tolerances(rt, at).run(ts, n);
        } catch (InputException e) {
            // the work bound of the drive over the stop time: named where each of them comes from
            String from = (drive != null ? "--drive '" + drive + "'" : c.file() + ": $.drive.source")
                    + (tstop != null ? " with --tstop " + tstop : drive != null ? " with " + c.file() + ": $.drive.tstop"
                    : ", $.drive.tstop");
            throw new InputException(from + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (csv != null) writeCsv(csv, trace);
        if (plot != null) writePlot(plot, c, trace);
        Map<String, Object> out = summary(c, drive == null ? c.driveText() : drive, ts, rs, trace);
        out.put("seconds", seconds);
        if (csv != null) out.put("csv", csv.toString());
        if (plot != null) out.put("plot", plot.toString());
        if (json) {
            JsonOutput.print(out);
        } else {
            System.out.printf(Locale.ROOT, "card %s (%s, window %s), drive %s, tstop %s s, rseries %s ohm%n",
                    c.name(), c.model(), c.window(), drive == null ? c.driveText() : drive, SpiceNumber.format(ts), SpiceNumber.format(rs));
            System.out.printf(Locale.ROOT, "final state x = %.9g, peak current %.6g A, %d steps (%d rejected, %d events)%n",
                    trace.x()[trace.x().length - 1], trace.peakCurrent(), trace.steps(), trace.rejected(), trace.events());
            StringBuilder sb = new StringBuilder("lobe areas (V*A):");
            for (double a : trace.lobeAreas()) sb.append(String.format(Locale.ROOT, " %.6g", a));
            System.out.println(sb);
        }
        return 0;
    }

    static Map<String, Object> summary(DeviceCard c, String driveText, double ts, double rs, DeviceTrace trace) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("card", c.name());
        out.put("model", c.model().cardName());
        out.put("window", c.window().cardName());
        out.put("drive", driveText);
        out.put("tstop", ts);
        out.put("rseries", rs);
        var model = c.toModel();
        out.put("x_min", model.xMin());
        out.put("x_max", model.xMax());
        out.put("initial_state", trace.x()[0]);
        out.put("final_state", trace.x()[trace.x().length - 1]);
        out.put("final_resistance", Math.abs(trace.i()[trace.i().length - 1]) > 0
                ? trace.v()[trace.v().length - 1] / trace.i()[trace.i().length - 1] : null);
        out.put("peak_current", trace.peakCurrent());
        out.put("lobe_areas", trace.lobeAreas());
        out.put("steps", trace.steps());
        out.put("rejected_steps", trace.rejected());
        out.put("events", trace.events());
        out.put("newton_iterations", trace.newtonIterations());
        out.put("points", trace.t().length);
        return out;
    }


    static void writeCsv(Path file, DeviceTrace trace) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (PrintWriter pw = new PrintWriter(Files.newBufferedWriter(file))) {
                pw.println("t,v,i,x");
                for (int k = 0; k < trace.t().length; k++) {
                    pw.println(trace.t()[k] + "," + trace.v()[k] + "," + trace.i()[k] + "," + trace.x()[k]);
                }
            }
        } catch (IOException e) {
            throw new InputException(file + ": cannot write CSV: " + e.getMessage());
        }
    }

    static void writePlot(Path file, DeviceCard c, DeviceTrace trace) {
        boolean hp = c.model() == ModelKind.HP;
        DevicePlot.write(file, c.name(), trace, hp ? "x = w/D" : "x (nm)", hp ? 1 : 1e9);
    }
}
