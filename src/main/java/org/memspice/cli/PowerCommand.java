package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.ModelFile;
import org.memspice.compile.CompileCard;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.Compiler;
import org.memspice.compile.InferenceRun;
import org.memspice.compile.PowerComparison;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.report.PowerPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code memspice power}: the power of the two array schemes for the same network, card and images. */
@Command(name = "power", mixinStandardHelpOptions = true,
        description = {"Compile one binary network in both array schemes (double column; single column",
                "+ constant-term circuit) on the same card, classify the same test images through",
                "both, and compare side by side: devices, reference resistors, tiles, array area,",
                "energy per image and average power by category (array devices, wires, drivers,",
                "constant-term circuit, sensing periphery, comparators, DACs, ADCs), latency,",
                "accuracy and agreement with the software model, operations per second and",
                "TOPS/W (2 operations per binary multiply-accumulate); every row with its",
                "single/double ratio. Progress on stderr."},
        footer = {"", "Examples:", "  memspice power",
                "  memspice power --model models/bssc-kdsng-w48.json --images 500 \\",
                "      --plot out/power.png --csv out/power.csv"})
public final class PowerCommand implements Callable<Integer> {
    static final Path DEFAULT_MODEL = Path.of("models", "bnn-kdwg-w48.json");

    @Option(names = "--model", paramLabel = "FILE", description = "Model file (models/*.json), a binary network (default models/bnn-kdwg-w48.json).")
    Path model = DEFAULT_MODEL;

    @Mixin
    CardOptions options;

    @Option(names = "--images", paramLabel = "N", defaultValue = "1000",
            description = "Classify the first N test images through each scheme: a number, or all; default ${DEFAULT-VALUE}.")
    String images;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of the test set (default: the copy in data/fashion-mnist).")
    Path data;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a plot of the energy per image by category, both schemes side by side.")
    Path plot;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the compared rows as CSV: key,unit,double-column,single-column,single_over_double.")
    Path csv;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(model)) {
            throw new InputException("--model " + model + ": no such model file");
        }
        if (options.card != null && !Files.isRegularFile(options.card)) {
            throw new InputException("--card " + options.card + ": no such compile card file");
        }
        OutputPaths.file(plot, "--plot");
        OutputPaths.file(csv, "--csv");
        int threads = options.threads();
        ImageSet test = FashionMnist.testSet(data);
        int n = imageCount(images, test);
        BnnModel m = ModelFile.read(model);
        FashionMnist.checkModel(m, model, test);
        CompileCard base = options.card(null);
        PowerComparison.Operations ops = PowerComparison.operations(m);
        List<PowerComparison.Side> sides = new ArrayList<>();
        for (ArrayScheme s : new ArrayScheme[] {ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN}) {
            CompileCard card = s == base.scheme() ? base : base.withScheme(s);
            System.err.printf(Locale.ROOT, "power: %s, %s: compiling%n", model, s.label());
            CompiledNetwork net = Compiler.compile(m, model.toString(), card, threads, Progress.every(2.0));
            System.err.printf(Locale.ROOT, "power: compiled %s in %.1f s; classifying %d images%n", s.label(),
                    net.compileSeconds(), n);
            InferenceRun.Result r = InferenceRun.run(net, test, n, threads, Progress.every(2.0));
            FiniteResults.check(r.toMap(), "power, " + s.label());
            FiniteResults.check(InferCommand.summaryMap(net), "power, " + s.label());
            sides.add(new PowerComparison.Side(net, r));
        }
        List<PowerComparison.Row> rows = PowerComparison.rows(sides.get(0), sides.get(1), ops);
        FiniteResults.check(PowerComparison.rowMaps(rows), "power");
        CompileCard card = sides.get(0).net().card();
        if (plot != null) {
            PowerPlot.energyByCategory(model.toString(), card.name(), n, sides.get(0).run(), sides.get(1).run(), plot);
        }
        if (csv != null) {
            writeCsv(rows, csv);
        }
        if (json) {
            JsonOutput.print(resultMap(model.toString(), card, n, threads, ops, sides, rows));
        } else {
            print(model.toString(), card, n, ops, rows);
        }
        return 0;
    }

    static int imageCount(String images, ImageSet test) {
        if (images.trim().equalsIgnoreCase("all")) {
            return test.size();
        }
        int n;
        try {
            n = Integer.parseInt(images.trim());
        } catch (NumberFormatException e) {
            throw new InputException("--images '" + images + "': expected a number of test images or all");
        }
        if (n < 1 || n > test.size()) {
            throw new InputException("--images " + n + ": expected 1.." + test.size() + " (the test set " + test.source()
                    + " has " + test.size() + " images) or all");
        }
        return n;
    }

    private static void writeCsv(List<PowerComparison.Row> rows, Path file) {
        StringBuilder sb = new StringBuilder("key,unit,double-column,single-column,single_over_double\n");
        for (PowerComparison.Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%.9e,%.9e,%s%n", r.key(), r.unit(), r.doubleColumn(),
                    r.singleColumn(), Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.9e", r.ratio())));
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new InputException("--csv " + file + ": cannot write: " + e.getMessage());
        }
    }

    private static Map<String, Object> resultMap(String model, CompileCard card, int n, int threads,
                                                 PowerComparison.Operations ops, List<PowerComparison.Side> sides,
                                                 List<PowerComparison.Row> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("card", card.name());
        m.put("images", n);
        m.put("threads", threads);
        m.put("pulse_width_s", card.pulseWidth());
        m.put("read_voltage_v", card.design().readVoltage());
        m.put("wire_segment_ohm", card.design().wordLineSegment());
        m.put("operations_per_image", ops.perImage());
        m.put("operation_count", PowerComparison.OPERATION_COUNT);
        m.put("digital_tail_counted", false);
        List<Object> ls = new ArrayList<>();
        for (PowerComparison.LayerOperations l : ops.layers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", l.name());
            e.put("rows", l.rows());
            e.put("columns", l.columns());
            e.put("positions", l.positions());
            e.put("operations", l.operations());
            ls.add(e);
        }
        m.put("operation_layers", ls);
        List<Object> schemes = new ArrayList<>();
        for (PowerComparison.Side s : sides) {
            InferenceRun.Result r = s.run();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("scheme", r.scheme());
            e.put("summary", InferCommand.summaryMap(s.net()));
            e.put("reference_resistors", s.net().summary().referenceResistors());
            e.put("software_accuracy", r.softwareAccuracy());
            e.put("circuit_accuracy", r.circuitAccuracy());
            e.put("agreement", r.agreement());
            e.put("energy_per_image_j", r.energy().total());
            e.put("power_w", r.energy().averagePower());
            e.put("latency_per_image_s", r.energy().perImageSeconds());
            e.put("breakdown", r.energy().categories());
            Map<String, Double> power = new LinkedHashMap<>();
            for (Map.Entry<String, Double> c : r.energy().categories().entrySet()) {
                power.put(c.getKey(), c.getValue() / r.energy().perImageSeconds());
            }
            e.put("power_breakdown_w", power);
            e.put("breakdown_details", r.energy().details());
            e.put("energy_balance_error", r.energy().sourceBalanceError());
            e.put("ops_per_s", ops.perImage() / r.energy().perImageSeconds());
            e.put("tops_per_w", ops.perImage() / r.energy().total() * 1e-12);
            e.put("compile_seconds", s.net().compileSeconds());
            e.put("seconds", r.seconds());
            schemes.add(e);
        }
        m.put("schemes", schemes);
        m.put("rows", PowerComparison.rowMaps(rows));
        return m;
    }

    private static void print(String model, CompileCard card, int n, PowerComparison.Operations ops,
                              List<PowerComparison.Row> rows) {
        System.out.printf(Locale.ROOT, "%s on card %s: tiles of %dx%d, %s/%s S devices, %s ohm wire segments, %s V"
                        + " bipolar reads of %s s; %d test images through each scheme%n", model, card.name(),
                card.tileRows(), card.tileColumns(), CrossbarCommand.g(card.design().gOn()),
                CrossbarCommand.g(card.design().gOff()), CrossbarCommand.g(card.design().wordLineSegment()),
                CrossbarCommand.g(card.design().readVoltage()), CrossbarCommand.g(card.pulseWidth()), n);
        System.out.printf(Locale.ROOT, "%-40s %-7s %14s %14s %14s%n", "quantity", "unit", "double-column",
                "single-column", "single/double");
        for (PowerComparison.Row r : rows) {
            System.out.printf(Locale.ROOT, "%-40s %-7s %14s %14s %14s%n", r.label(), r.unit(), number(r.doubleColumn()),
                    number(r.singleColumn()), Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.4f", r.ratio()));
        }
        System.out.printf(Locale.ROOT, "operations: %d per image = %s%n", ops.perImage(), PowerComparison.OPERATION_COUNT);
        System.out.println("agreement: fraction of the images where the circuit predicts what the software model predicts;"
                + " power: energy per image / latency per image (one read pulse per output position of every layer,"
                + " all tiles of a layer in parallel)");
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
