package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.ModelFile;
import org.memspice.compile.Calibration;
import org.memspice.compile.CompileCard;
import org.memspice.compile.CompileCardReader;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.Compiler;
import org.memspice.compile.InferenceRun;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.report.NetworkPlots;
import picocli.CommandLine.Command;
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

/**
 * {@code memspice run}: the main job. Compiles the shipped KDWG BNN and KDSNG BSSC-Net onto crossbar tiles in
 * both array schemes, runs circuit-level inference on test images, and reports accuracy, agreement with the
 * software model, energy and power, with plots.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"The main job: compile the shipped binary networks (KDWG BNN, KDSNG BSSC-Net) onto crossbar tiles",
                "in both array schemes (double column; single column + constant-term circuit), classify test images",
                "through the circuits, with and without calibration, and print one table: tiles, devices, area,",
                "software and circuit accuracy, agreement, energy per image and power. Writes OUT/run.json, OUT/run.csv",
                "and plots: OUT/energy.png, OUT/accuracy.png, OUT/margins-NETWORK-SCHEME.png."},
        footer = {"", "Examples:", "  memspice run", "  memspice run --images all --threads 2"})
public final class RunCommand implements Callable<Integer> {
    static final List<Path> DEFAULT_MODELS = List.of(Path.of("models", "bnn-kdwg-w48.json"),
            Path.of("models", "bssc-kdsng-w48.json"));

    @Option(names = "--images", paramLabel = "N", defaultValue = "1000",
            description = "Test images per network and scheme: a number, or all (10000); default ${DEFAULT-VALUE}.")
    String images;

    @Option(names = "--models", paramLabel = "FILE", split = ",",
            description = "Model files (default models/bnn-kdwg-w48.json,models/bssc-kdsng-w48.json).")
    List<Path> models;

    @Option(names = "--card", paramLabel = "FILE", description = "Compile card (default circuits/compile-rram-128.json).")
    Path card;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--no-calibration", description = "Skip the calibrated runs.")
    boolean noCalibration;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of the test set (default: the copy in data/fashion-mnist).")
    Path data;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (threads != null && threads < 1) {
            throw new InputException("--threads " + threads + ": expected >= 1");
        }
        OutputPaths.folder(out, "--out");
        ImageSet test = FashionMnist.testSet(data);
        int n = PowerCommand.imageCount(images, test);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        CompileCard base = CompileCardReader.read(card == null ? CompileOptions.DEFAULT_CARD : card);
        List<Path> files = models == null ? DEFAULT_MODELS : models;
        List<BnnModel> nets = new ArrayList<>();
        for (Path f : files) {
            nets.add(ModelFile.read(f));
            FashionMnist.checkModel(nets.get(nets.size() - 1), f, test);
        }
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < files.size(); m++) {
            for (ArrayScheme s : new ArrayScheme[] {ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN}) {
                CompileCard c = base.withScheme(s).withCalibration(0, base.calibrationSeed());
                String name = files.get(m).toString();
                System.err.printf(Locale.ROOT, "run: %s, %s: compiling%n", name, s.label());
                CompiledNetwork net = Compiler.compile(nets.get(m), name, c, t, Progress.every(5.0));
                InferenceRun.Result raw = InferenceRun.run(net, test, n, t, Progress.every(5.0));
                InferenceRun.Result cal = null;
                if (!noCalibration) {
                    System.err.printf(Locale.ROOT, "run: %s, %s: calibrated%n", name, s.label());
                    CompiledNetwork cn = net.withCalibration(base.calibrate() ? base.calibrationVectors()
                            : Calibration.DEFAULT_VECTORS, base.calibrationSeed());
                    cal = InferenceRun.run(cn, test, n, t, Progress.every(5.0));
                }
                rows.add(new Row(net, raw, cal));
            }
        }
        FiniteResults.check(resultMap(rows), "run");
        writeOutputs(rows);
        if (json) {
            JsonOutput.print(resultMap(rows));
        } else {
            print(rows, n);
        }
        return 0;
    }

    /** One network in one scheme: the compiled network, the run without and with calibration. */
    record Row(CompiledNetwork net, InferenceRun.Result raw, InferenceRun.Result calibrated) {}

    private static Map<String, Object> resultMap(List<Row> rows) {
        List<Object> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = r.raw().toMap();
            m.put("card", r.net().card().name());
            m.put("pulse_width_s", r.net().card().pulseWidth());
            m.put("summary", InferCommand.summaryMap(r.net()));
            m.put("compile_seconds", r.net().compileSeconds());
            if (r.calibrated() != null) {
                m.put("calibrated_circuit_accuracy", r.calibrated().circuitAccuracy());
                m.put("calibrated_agreement", r.calibrated().agreement());
                m.put("calibrated", r.calibrated().toMap());
            }
            list.add(m);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("results", list);
        return all;
    }

    private void writeOutputs(List<Row> rows) {
        List<InferenceRun.Result> raws = new ArrayList<>();
        List<InferenceRun.Result> accuracy = new ArrayList<>();
        for (Row r : rows) {
            raws.add(r.raw());
            accuracy.add(r.raw());
            if (r.calibrated() != null) {
                accuracy.add(renamed(r.calibrated(), NetworkPlots.modelName(r.calibrated().model()) + " calibrated"));
            }
        }
        OutputPaths.createFolder(out, "--out");
        NetworkPlots.energyBreakdown(raws, "Energy per image by category", out.resolve("energy.png"));
        NetworkPlots.accuracy(accuracy, "Software model and circuit accuracy on the same test images",
                out.resolve("accuracy.png"));
        for (Row r : rows) {
            NetworkPlots.marginHistograms(r.raw(), out.resolve("margins-" + NetworkPlots.modelName(r.raw().model()) + "-"
                    + r.raw().scheme() + ".png"));
        }
        StringBuilder csv = new StringBuilder("network,scheme,tiles,devices,area_um2,images,software_accuracy,"
                + "circuit_accuracy,agreement,calibrated_circuit_accuracy,calibrated_agreement,energy_per_image_j,power_w\n");
        for (Row r : rows) {
            CompiledNetwork.Summary s = r.net().summary();
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.1f,%d,%.6f,%.6f,%.6f,%s,%s,%.6e,%.6e%n",
                    NetworkPlots.modelName(r.raw().model()), r.raw().scheme(), s.tiles(), s.devices(),
                    s.areaSquareMetres() * 1e12, r.raw().images(), r.raw().softwareAccuracy(), r.raw().circuitAccuracy(),
                    r.raw().agreement(), r.calibrated() == null ? "" : String.format(Locale.ROOT, "%.6f",
                            r.calibrated().circuitAccuracy()), r.calibrated() == null ? "" : String.format(Locale.ROOT,
                            "%.6f", r.calibrated().agreement()), r.raw().energy().total(), r.raw().energy().averagePower()));
        }
        OutputPaths.createFolder(out, "--out");
        try {
            Files.writeString(out.resolve("run.csv"), csv.toString());
            Files.writeString(out.resolve("run.json"), JsonOutput.toJson(resultMap(rows)) + "\n");
        } catch (IOException e) {
            throw new InputException("--out " + out + ": cannot write: " + e.getMessage());
        }
    }

    private static InferenceRun.Result renamed(InferenceRun.Result r, String model) {
        return new InferenceRun.Result(model, r.scheme(), r.images(), r.softwareAccuracy(), r.circuitAccuracy(),
                r.agreement(), r.layers(), r.energy(), r.seconds(), r.softwareSeconds(), r.threads(),
                r.softwarePredictions(), r.circuitPredictions(), r.energySeconds());
    }

    private void print(List<Row> rows, int n) {
        CompileCard c = rows.get(0).net().card();
        System.out.printf(Locale.ROOT, "%d test images per network and scheme; card %s: tiles of %dx%d, %.3g/%.3g S devices,"
                        + " %s ohm wire segments, %s V reads of %s s%n", n, c.name(), c.tileRows(), c.tileColumns(),
                c.design().gOn(), c.design().gOff(), CrossbarCommand.g(c.design().wordLineSegment()),
                CrossbarCommand.g(c.design().readVoltage()), CrossbarCommand.g(c.pulseWidth()));
        System.out.printf(Locale.ROOT, "%-14s %-14s %6s %8s %10s %9s %9s %9s %9s %9s %13s %10s%n", "network", "scheme",
                "tiles", "devices", "area(um2)", "software", "circuit", "agreement", "cal.circ", "cal.agree",
                "energy/img(J)", "power(W)");
        for (Row r : rows) {
            CompiledNetwork.Summary s = r.net().summary();
            InferenceRun.Result x = r.raw();
            System.out.printf(Locale.ROOT, "%-14s %-14s %6d %8d %10.0f %9.4f %9.4f %9.4f %9s %9s %13.4g %10.4g%n",
                    NetworkPlots.modelName(x.model()), x.scheme(), s.tiles(), s.devices(), s.areaSquareMetres() * 1e12,
                    x.softwareAccuracy(), x.circuitAccuracy(), x.agreement(), r.calibrated() == null ? "-"
                            : String.format(Locale.ROOT, "%.4f", r.calibrated().circuitAccuracy()),
                    r.calibrated() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.calibrated().agreement()),
                    x.energy().total(), x.energy().averagePower());
        }
        System.out.println("software, circuit: fraction of the test images classified right; agreement: fraction where the"
                + " circuit predicts what the software model predicts; cal.: after calibrating every column");
        System.out.println("results in " + out.resolve("run.json") + " and " + out.resolve("run.csv") + "; plots "
                + out.resolve("energy.png") + ", " + out.resolve("accuracy.png") + ", " + out.resolve("margins-*.png"));
    }
}
