package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.compile.CompileCard;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.Compiler;
import org.memspice.compile.NgspiceVerification;
import org.memspice.compile.TileNetlists;
import org.memspice.crossbar.ArrayScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code memspice compile}: lower a binary network onto crossbar tiles; manifest, netlists and a summary. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Lower a trained binary network onto crossbar tiles of a compile card: every binary layer split",
                "into row and column tiles, each tile programmed, solved exactly and reduced to its ports; comparator",
                "references placed for the largest margin. Writes OUT/manifest.json (every tile with its layer, ranges,",
                "size and devices; every column's reference and margin) and OUT/netlists/TILE.cir (one ngspice netlist",
                "per tile, driven with one read of test image K), and prints the hardware summary."},
        footer = {"", "Example:", "  memspice compile --model models/bnn-kdwg-w48.json --scheme single --out out/bnn-single --image 3"})
public final class CompileCommand implements Callable<Integer> {
    @Mixin
    CompileOptions options;

    @Option(names = "--scheme", paramLabel = "S", converter = InferCommand.SchemeConverter.class,
            description = "double or single (default: the card's scheme).")
    InferCommand.SchemeChoice scheme;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default out/compile-MODEL-SCHEME).")
    Path out;

    @Option(names = "--image", paramLabel = "K", defaultValue = "0", description = "Test image whose reads drive the netlists (default ${DEFAULT-VALUE}).")
    int image;

    @Option(names = "--position", paramLabel = "P", description = "Output position oy*W+ox of the first layer whose place every layer's netlist read is taken at (default: the centre).")
    Integer position;

    @Option(names = "--no-netlists", description = "Write the manifest only.")
    boolean noNetlists;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of the test set (default: the copy in data/fashion-mnist).")
    Path data;

    @Option(names = "--verify-ngspice", paramLabel = "N", description = "Run N column groups (all row tiles of a column tile, the layers in turn) through ngspice with the netlists' reads; compare column currents (target 1e-6 relative) and decisions.")
    Integer verify;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (scheme == InferCommand.SchemeChoice.both) {
            throw new InputException("--scheme both: compile writes one scheme at a time; expected double or single");
        }
        if (verify != null && verify < 1) {
            throw new InputException("--verify-ngspice " + verify + ": expected a number of column groups >= 1");
        }
        if (out != null) {
            OutputPaths.folder(out, "--out");
        }
        int threads = options.threads();
        ArrayScheme s = scheme == null ? null : InferCommand.schemes(scheme, null).get(0);
        CompileCard card = options.card(s);
        ImageSet test = noNetlists && verify == null ? null : FashionMnist.testSet(data);
        if (test != null && (image < 0 || image >= test.size())) {
            throw new InputException("--image " + image + ": expected 0.." + (test.size() - 1) + " (" + test.source()
                    + " has " + test.size() + " images)");
        }
        Path dir = out != null ? out : Path.of("out", "compile-" + options.model.getFileName().toString()
                .replaceFirst("\\.json$", "") + "-" + card.scheme().label());
        OutputPaths.folder(dir, "--out");
        org.memspice.bnn.BnnModel model = options.readModel();
        if (test != null) {
            FashionMnist.checkModel(model, options.model, test);
        }
        CompiledNetwork net = Compiler.compile(model, options.model.toString(), card, threads, Progress.every(2.0));
        if (verify != null) {
            int groups = 0;
            for (var l : net.layers()) {
                groups += l.colTiles();
            }
            if (verify > groups) {
                throw new InputException("--verify-ngspice " + verify + ": " + options.model + " on tiles of "
                        + card.tileRows() + "x" + card.tileColumns() + " has " + groups + " column groups; expected 1.."
                        + groups);
            }
        }
        Map<String, Object> manifest = net.manifest();
        List<Path> netlists = List.of();
        if (!noNetlists) {
            netlists = TileNetlists.write(net, test, image, position, dir.resolve("netlists"));
            Map<String, Object> nl = new LinkedHashMap<>();
            nl.put("folder", dir.resolve("netlists").toString());
            nl.put("image", image);
            List<Map<String, Object>> reads = new java.util.ArrayList<>();
            for (TileNetlists.Read r : TileNetlists.reads(net, position)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("layer", r.layer());
                e.put("position", r.position());
                e.put("oy", r.oy());
                e.put("ox", r.ox());
                reads.add(e);
            }
            nl.put("reads", reads);
            manifest.put("netlists", nl);
        }
        FiniteResults.check(manifest, "compile: manifest");
        FiniteResults.check(InferCommand.summaryMap(net), "compile: summary");
        Path manifestFile = dir.resolve("manifest.json");
        OutputPaths.createFolder(dir, "--out");
        try {
            Files.writeString(manifestFile, JsonOutput.toJson(manifest) + "\n");
        } catch (IOException e) {
            throw new InputException("--out " + dir + ": cannot write " + manifestFile + ": " + e.getMessage());
        }
        List<NgspiceVerification.GroupCheck> checks = null;
        if (verify != null) {
            checks = NgspiceVerification.run(net, test, image, position, verify, threads,
                    java.time.Duration.ofHours(2), Progress.every(10.0));
        }
        CompiledNetwork.Summary sum = net.summary();
        if (json) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", options.model.toString());
            r.put("card", card.name());
            r.put("scheme", card.scheme().label());
            r.put("tile", List.of(card.tileRows(), card.tileColumns()));
            r.put("summary", InferCommand.summaryMap(net));
            r.put("compile_seconds", net.compileSeconds());
            r.put("manifest", manifestFile.toString());
            r.put("netlists", netlists.size());
            if (checks != null) {
                r.put("ngspice", checks);
            }
            JsonOutput.print(r);
            return verified(checks);
        }
        System.out.printf(Locale.ROOT, "%s on %s, %s, tiles of at most %dx%d, compiled in %.1f s%n", options.model,
                card.name(), card.scheme().label(), card.tileRows(), card.tileColumns(), net.compileSeconds());
        System.out.printf(Locale.ROOT, "  %-26s %6s %6s %9s %6s %8s %17s%n", "layer", "rows", "cols", "positions", "tiles",
                "devices", "min margin (V)");
        for (var l : net.layers()) {
            long devices = 0;
            for (int r = 0; r < l.rowTiles(); r++) {
                for (int c = 0; c < l.colTiles(); c++) {
                    devices += l.tile(r, c).devices();
                }
            }
            double margin = Double.POSITIVE_INFINITY;
            if (l.hasComparators()) {
                for (int j = 0; j < l.source().cols(); j++) {
                    margin = Math.min(margin, l.marginVolts(j));
                }
            }
            System.out.printf(Locale.ROOT, "  %-26s %6d %6d %9d %6s %8d %17s%n", l.source().name(), l.source().rows(),
                    l.source().cols(), l.source().positions(), l.rowTiles() + "x" + l.colTiles(), devices,
                    l.hasComparators() ? String.format(Locale.ROOT, "%.4g", margin) : "ADC " + l.adcBits() + " bits");
        }
        System.out.printf(Locale.ROOT, "  total: %d tiles, %d devices + %d reference resistors = %d cells (%.0f um2 at %.4g"
                        + " um2 per cell), %d DACs, %d word-line drivers, %d TIAs, %d subtractors, %d comparators,"
                        + " %d ADCs%n", sum.tiles(), sum.devices(), sum.referenceResistors(), sum.cells(),
                sum.areaSquareMetres() * 1e12, card.cellArea() * 1e12, sum.dacs(), sum.drivers(), sum.tias(),
                sum.subtractors(), sum.comparators(), sum.adcs());
        System.out.println("wrote " + manifestFile + (netlists.isEmpty() ? "" : " and " + netlists.size()
                + " netlists in " + dir.resolve("netlists") + " (test image " + image + ")"));
        if (checks != null) {
            printChecks(checks);
        }
        return verified(checks);
    }

    /** Tolerance of the column currents against ngspice, relative to the largest current of a tile. */
    static final double NGSPICE_TOLERANCE = 1e-6;

    private static int verified(List<NgspiceVerification.GroupCheck> checks) {
        if (checks == null) {
            return 0;
        }
        for (NgspiceVerification.GroupCheck g : checks) {
            if (g.identicalDecisions() != g.outputs() || !(g.outputRelativeError() <= NGSPICE_TOLERANCE)) {
                System.err.println("verify: " + g.name() + " column tile " + g.colTile() + " differs from ngspice");
                return Main.EXIT_SIMULATION;
            }
            for (NgspiceVerification.TileCheck t : g.tiles()) {
                if (!(t.relativeError() <= NGSPICE_TOLERANCE)) {
                    System.err.println("verify: tile " + t.tile() + " column currents differ from ngspice by "
                            + t.relativeError() + " (tolerance " + NGSPICE_TOLERANCE + ")");
                    return Main.EXIT_SIMULATION;
                }
            }
        }
        return 0;
    }

    private static void printChecks(List<NgspiceVerification.GroupCheck> checks) {
        System.out.printf(Locale.ROOT, "ngspice check of %d column groups (column currents relative to the tile's largest):%n",
                checks.size());
        System.out.printf(Locale.ROOT, "  %-26s %6s %8s %12s %8s %10s %14s%n", "layer", "ctile", "position", "tile",
                "nodes", "ngspice s", "current diff");
        for (NgspiceVerification.GroupCheck g : checks) {
            for (NgspiceVerification.TileCheck t : g.tiles()) {
                System.out.printf(Locale.ROOT, "  %-26s %6d %8d %12s %8d %10.1f %14.2e%n", g.name(), g.colTile(), g.position(),
                        t.tile(), t.nodes(), t.seconds(), t.relativeError());
            }
            System.out.printf(Locale.ROOT, "  %-26s %6d %8d   outputs %d, identical decisions %d, output current diff %.2e%n",
                    g.name(), g.colTile(), g.position(), g.outputs(), g.identicalDecisions(), g.outputRelativeError());
        }
    }
}
