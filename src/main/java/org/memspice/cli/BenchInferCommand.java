package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.Evaluation;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.ModelFile;
import org.memspice.bnn.PackedInference;
import org.memspice.compile.CompileCard;
import org.memspice.compile.CompileCardReader;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.Compiler;
import org.memspice.compile.InferenceRun;
import org.memspice.crossbar.ArrayScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code memspice bench infer}: the cost of circuit-exact inference. Compile time (every tile programmed,
 * factored and reduced to its ports), and circuit-level inference throughput against the bit-packed software
 * model's throughput on the same images and threads, measured in the same run.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Time the compiler (all tiles' port reductions) and circuit-exact inference against the bit-packed",
                "software model on the same test images and threads, in the same run. Targets: compile under 60 s for",
                "the 48,96,192 BNN; circuit inference within 5x of the software model's time per image. Each throughput",
                "is the best of three timed runs."},
        footer = {"", "Example:", "  memspice bench infer --images 1000 --threads 2"})
public final class BenchInferCommand implements Callable<Integer> {
    /** Timed runs of each measurement; the best counts (the machine is shared, and noise only slows). */
    static final int REPEATS = 3;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "models/bnn-kdwg-w48.json",
            description = "Model file (default ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--card", paramLabel = "FILE", description = "Compile card (default circuits/compile-rram-128.json).")
    Path card;

    @Option(names = "--images", paramLabel = "N", defaultValue = "1000", description = "Test images (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (threads != null && threads < 1) {
            throw new InputException("--threads " + threads + ": expected >= 1");
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        ImageSet test = FashionMnist.testSet(null);
        if (images < 1 || images > test.size()) {
            throw new InputException("--images " + images + ": expected 1.." + test.size());
        }
        BnnModel m = ModelFile.read(model);
        FashionMnist.checkModel(m, model, test);
        CompileCard base = CompileCardReader.read(card == null ? CompileOptions.DEFAULT_CARD : card);
        // warm-up of the software path, then the best of REPEATS timed runs
        Evaluation.run(() -> new PackedInference(m), test, Math.min(images, 500), t, null);
        System.err.println("bench infer: bit-packed software model on " + images + " images (best of " + REPEATS + ") ...");
        double swRate = 0;
        for (int k = 0; k < REPEATS; k++) {
            swRate = Math.max(swRate, Evaluation.run(() -> new PackedInference(m), test, images, t, null).imagesPerSecond());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ArrayScheme s : new ArrayScheme[] {ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN}) {
            CompileCard c = base.withScheme(s);
            System.err.println("bench infer: compiling " + model + " (" + s.label() + ") ...");
            CompiledNetwork net = Compiler.compile(m, model.toString(), c, t, null);
            InferenceRun.run(net, test, Math.min(images, 100), t, null, false, null);   // warm-up
            System.err.println("bench infer: circuit-level inference (" + s.label() + ") on " + images + " images (best of "
                    + REPEATS + ") ...");
            double circuitRate = 0;
            InferenceRun.Result r = null;
            for (int k = 0; k < REPEATS; k++) {
                r = InferenceRun.run(net, test, images, t, null, false, null);
                circuitRate = Math.max(circuitRate, images / r.seconds());
            }
            double classifyRate = 0;
            InferenceRun.Classification cl = null;
            for (int k = 0; k < REPEATS; k++) {
                cl = InferenceRun.classify(net, test, images, t);
                classifyRate = Math.max(classifyRate, images / cl.seconds());
            }
            if (!java.util.Arrays.equals(cl.predictions(), r.circuitPredictions())) {
                throw new org.memspice.SimulationException("bench infer: the circuit's predictions without the accounting"
                        + " differ from those with it (" + s.label() + ")");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scheme", s.label());
            row.put("tiles", net.summary().tiles());
            row.put("compile_seconds", net.compileSeconds());
            row.put("circuit_images_per_second", circuitRate);
            row.put("software_images_per_second", swRate);
            row.put("slowdown", swRate / circuitRate);
            row.put("classify_images_per_second", classifyRate);
            row.put("classify_slowdown", swRate / classifyRate);
            row.put("energy_account_seconds", r.energySeconds());
            rows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model.toString());
        out.put("card", base.name());
        out.put("images", images);
        out.put("threads", t);
        out.put("results", rows);
        if (json) {
            JsonOutput.print(out);
            return 0;
        }
        System.out.printf(Locale.ROOT, "%s on %s, %d test images, %d thread(s)%n", model, base.name(), images, t);
        System.out.printf(Locale.ROOT, "%-40s %-14s %16s %16s %18s%n", "measure", "scheme", "memspice", "reference",
                "ratio / target");
        for (Map<String, Object> r : rows) {
            System.out.printf(Locale.ROOT, "%-40s %-14s %14.1f s %16s %18s%n", "compile (" + r.get("tiles") + " tiles, port reductions)",
                    r.get("scheme"), (double) r.get("compile_seconds"), "", "target < 60 s");
            System.out.printf(Locale.ROOT, "%-40s %-14s %10.1f img/s %10.1f img/s %18s%n", "circuit classification vs bit-packed",
                    r.get("scheme"), (double) r.get("classify_images_per_second"), (double) r.get("software_images_per_second"),
                    String.format(Locale.ROOT, "%.2fx slower (<= 5x)", (double) r.get("classify_slowdown")));
            System.out.printf(Locale.ROOT, "%-40s %-14s %10.1f img/s %10.1f img/s %18s%n", "  with flips, margins, energy (infer)",
                    r.get("scheme"), (double) r.get("circuit_images_per_second"), (double) r.get("software_images_per_second"),
                    String.format(Locale.ROOT, "%.2fx slower", (double) r.get("slowdown")));
            System.out.printf(Locale.ROOT, "%-40s %-14s %14.1f s %16s %18s%n", "energy account (once per run)", r.get("scheme"),
                    (double) r.get("energy_account_seconds"), "", "");
        }
        return 0;
    }
}
