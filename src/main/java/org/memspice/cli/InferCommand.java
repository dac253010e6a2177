package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.compile.CompileCard;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.Compiler;
import org.memspice.compile.InferenceRun;
import org.memspice.crossbar.ArrayScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code memspice infer}: circuit-level inference of a compiled network against its software model. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Compile a binary network onto crossbar tiles and classify test images through the circuits:",
                "every tile solved exactly with its wire resistance, the comparators and the digital periphery per read,",
                "layer after layer. Reports the software model's and the circuit's accuracy on the same images, their",
                "agreement, per layer the comparator decisions that differ from the software model's and the smallest",
                "margin, and the energy per image with its breakdown."},
        footer = {"", "Example:", "  memspice infer --model models/bnn-kdwg-w48.json --scheme both --limit 500"})
public final class InferCommand implements Callable<Integer> {
    enum SchemeChoice { double_, single, both }

    @Mixin
    CompileOptions options;

    @Option(names = "--scheme", paramLabel = "S", converter = SchemeConverter.class,
            description = "double, single or both (default: the card's scheme).")
    SchemeChoice scheme;

    @Option(names = "--limit", paramLabel = "N", description = "Classify the first N test images (default 1000).")
    Integer limit;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of the test set (default: the copy in data/fashion-mnist).")
    Path data;

    @Option(names = "--solver", paramLabel = "S", defaultValue = "ports",
            description = "How each tile read is solved: ports (the exact port reduction, default), ldl or cg (a full"
                    + " nodal solve per read), ngspice (one ngspice process per tile, layer and image; slow, a reference),"
                    + " general (memspice's general engine, Newton on each tile's circuit: the reference for a card whose"
                    + " cells are a deviceNetlist subcircuit, nonlinear or not; slow).")
    Solver solver;

    @Option(names = "--predictions", paramLabel = "FILE", description = "Write image,label,software,circuit per image (CSV; with --scheme both, one file per scheme with the scheme in its name).")
    Path predictions;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    enum Solver { ports, ldl, cg, ngspice, general }

    /** Most tile reads (tiles x output positions x images) one infer run sends through ngspice. */
    static final long MAX_NGSPICE_READS = 20_000;

    static java.util.function.Function<org.memspice.compile.Tile, org.memspice.crossbar.ReadSolver> solverOf(Solver s) {
        return switch (s) {
            case ports -> null;
            case ldl -> t -> new org.memspice.crossbar.CrossbarFactorization(t.array());
            case cg -> t -> new org.memspice.crossbar.ConjugateGradientSolver(t.array(), 1e-13);
            case ngspice -> t -> new org.memspice.spice.NgspiceReadSolver(t.array(), java.time.Duration.ofHours(1));
            case general -> t -> new org.memspice.crossbar.GeneralReadSolver(t.array());
        };
    }

    static final class SchemeConverter implements picocli.CommandLine.ITypeConverter<SchemeChoice> {
        @Override
        public SchemeChoice convert(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "double", "double-column" -> SchemeChoice.double_;
                case "single", "single-column" -> SchemeChoice.single;
                case "both" -> SchemeChoice.both;
                default -> throw new picocli.CommandLine.TypeConversionException("'" + v
                        + "' is not a scheme: expected double, single or both");
            };
        }
    }

    static List<ArrayScheme> schemes(SchemeChoice c, ArrayScheme cardScheme) {
        if (c == null) {
            return List.of(cardScheme);
        }
        return switch (c) {
            case double_ -> List.of(ArrayScheme.DOUBLE_COLUMN);
            case single -> List.of(ArrayScheme.SINGLE_COLUMN);
            case both -> List.of(ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN);
        };
    }

    @Override
    public Integer call() {
        int n = limit == null ? 1000 : limit;
        if (n < 1) {
            throw new InputException("--limit " + n + ": expected a number of images >= 1");
        }
        int threads = options.threads();
        OutputPaths.file(predictions, "--predictions");
        BnnModel model = options.readModel();
        ImageSet test = FashionMnist.testSet(data);
        FashionMnist.checkModel(model, options.model, test);
        if (n > test.size()) {
            throw new InputException("--limit " + n + ": the test set " + test.source() + " has " + test.size() + " images");
        }
        CompileCard base = options.card(null);
        List<Map<String, Object>> results = new ArrayList<>();
        List<InferenceRun.Result> runs = new ArrayList<>();
        List<CompiledNetwork> nets = new ArrayList<>();
        for (ArrayScheme s : schemes(scheme, base.scheme())) {
            CompileCard card = s == base.scheme() ? base : base.withScheme(s);
            CompiledNetwork net = Compiler.compile(model, options.model.toString(), card, threads, Progress.every(2.0));
            System.err.printf(Locale.ROOT, "infer: compiled %s in %.1f s%n", s.label(), net.compileSeconds());
            if (solver == Solver.ngspice || solver == Solver.general) {
                long tileReads = 0;
                for (var l : net.layers()) {
                    tileReads += (long) l.rowTiles() * l.colTiles() * l.source().positions();
                }
                if ((double) tileReads * n > MAX_NGSPICE_READS) {
                    throw new InputException(String.format(Locale.ROOT, "--solver %s with --limit %d: %d tile reads"
                            + " per image through %s (%s, %s) = %.3g; expected at most %d (about 0.1 s each:"
                            + " an hour); classify fewer images, or use --solver ports (exact for linear cells, the same"
                            + " column currents to 1e-12)", solver, n, tileReads, solver == Solver.ngspice ? "ngspice"
                            : "the general engine", options.model, s.label(), (double) tileReads * n, MAX_NGSPICE_READS));
                }
            }
            InferenceRun.Result r = InferenceRun.run(net, test, n, threads, solverOf(solver), Progress.every(2.0));
            FiniteResults.check(r.toMap(), "infer, " + s.label());
            FiniteResults.check(summaryMap(net), "infer, " + s.label());
            if (predictions != null) {
                writePredictions(test, r, schemes(scheme, base.scheme()).size() > 1
                        ? predictions.resolveSibling(predictions.getFileName().toString().replaceFirst("(\\.csv)?$",
                        "-" + s.label() + ".csv")) : predictions);
            }
            nets.add(net);
            runs.add(r);
            Map<String, Object> m = r.toMap();
            m.put("card", card.name());
            m.put("pulse_width_s", card.pulseWidth());
            m.put("summary", summaryMap(net));
            m.put("compile_seconds", net.compileSeconds());
            m.put("solver", solver.name());
            results.add(m);
        }
        if (json) {
            JsonOutput.print(results.size() == 1 ? results.get(0) : Map.of("results", results));
            return 0;
        }
        printTable(options.model.toString(), nets, runs);
        for (int i = 0; i < runs.size(); i++) {
            printLayers(nets.get(i), runs.get(i));
        }
        return 0;
    }

    private static void writePredictions(ImageSet test, InferenceRun.Result r, Path file) {
        StringBuilder sb = new StringBuilder("image,label,software,circuit\n");
        for (int i = 0; i < r.images(); i++) {
            sb.append(i).append(',').append(test.label(i)).append(',').append(r.softwarePredictions()[i]).append(',')
                    .append(r.circuitPredictions()[i]).append('\n');
        }
        OutputPaths.createParent(file, "--predictions");
        try {
            java.nio.file.Files.writeString(file, sb.toString());
        } catch (java.io.IOException e) {
            throw new InputException("--predictions " + file + ": cannot write: " + e.getMessage());
        }
    }

    static Map<String, Object> summaryMap(CompiledNetwork net) {
        CompiledNetwork.Summary s = net.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tiles", s.tiles());
        m.put("devices", s.devices());
        m.put("cells", s.cells());
        m.put("area_um2", s.areaSquareMetres() * 1e12);
        m.put("dacs", s.dacs());
        m.put("tias", s.tias());
        m.put("subtractors", s.subtractors());
        m.put("comparators", s.comparators());
        m.put("adcs", s.adcs());
        m.put("reads_per_image", s.readsPerImage());
        m.put("read_steps_per_image", s.readStepsPerImage());
        return m;
    }

    static void printTable(String model, List<CompiledNetwork> nets, List<InferenceRun.Result> runs) {
        System.out.printf(Locale.ROOT, "%-32s %-14s %6s %9s %10s %9s %9s %9s %12s %10s%n", "network", "scheme", "tiles",
                "devices", "area(um2)", "software", "circuit", "agreement", "energy/img(J)", "power(W)");
        for (int i = 0; i < runs.size(); i++) {
            CompiledNetwork.Summary s = nets.get(i).summary();
            InferenceRun.Result r = runs.get(i);
            System.out.printf(Locale.ROOT, "%-32s %-14s %6d %9d %10.0f %9.4f %9.4f %9.4f %12.4g %10.4g%n", model,
                    r.scheme(), s.tiles(), s.devices(), s.areaSquareMetres() * 1e12, r.softwareAccuracy(),
                    r.circuitAccuracy(), r.agreement(), r.energy().total(), r.energy().averagePower());
        }
    }

    static void printLayers(CompiledNetwork net, InferenceRun.Result r) {
        System.out.printf(Locale.ROOT, "%n%s, %s: %d images on %d threads in %.1f s (%.1f images/s); %d read steps of %s s"
                        + " per image%n", r.model(), r.scheme(), r.images(), r.threads(), r.seconds(),
                r.images() / r.seconds(), net.summary().readStepsPerImage(),
                org.memspice.signal.SpiceNumber.format(net.card().pulseWidth()));
        System.out.printf(Locale.ROOT, "  %-26s %12s %10s %10s %15s %17s %10s %13s%n", "layer", "decisions", "flipped",
                "fraction", "min margin (V)", "design margin (V)", "rms error", "flipped when");
        for (InferenceRun.LayerResult l : r.layers()) {
            System.out.printf(Locale.ROOT, "  %-26s %12d %10d %10.2e %15.4g %17.4g %10.3f %13s%n", l.name(), l.decisions(),
                    l.flipped(), l.flippedFraction(), l.minMarginVolts(), l.designMarginVolts(), l.rmsErrorUnits(),
                    l.flipped() == 0 || l.maxFlippedIdealMarginUnits() == 0 ? "-"
                            : String.format(Locale.ROOT, "<= %.1f", l.maxFlippedIdealMarginUnits()));
        }
        System.out.println("  (rms error: circuit sum - exact sum, in units of the layer's sums; flipped when: the largest"
                + " ideal margin, in units, of a flipped decision)");
        System.out.printf(Locale.ROOT, "  energy per image %.4g J, average power %.4g W over %.4g s per image%n",
                r.energy().total(), r.energy().averagePower(), r.energy().perImageSeconds());
        for (Map.Entry<String, Double> e : r.energy().categories().entrySet()) {
            System.out.printf(Locale.ROOT, "    %-14s %12.4g J  %5.1f %%%n", e.getKey(), e.getValue(),
                    100 * e.getValue() / r.energy().total());
        }
    }
}
