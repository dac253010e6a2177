package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.compile.CompileCard;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.report.SweepPlot;
import org.memspice.sweep.Sweep;
import org.memspice.sweep.SweepContext;
import org.memspice.sweep.SweepFile;
import org.memspice.sweep.SweepGrid;
import org.memspice.sweep.SweepInputs;
import org.memspice.sweep.SweepSummary;
import org.memspice.sweep.TrialKey;
import org.memspice.sweep.TrialResult;
import org.memspice.sweep.Variation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code memspice sweep}: device-variability Monte Carlo of a compiled network, per array scheme. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Device-variability Monte Carlo of a network compiled onto crossbar tiles. For every grid point",
                "(--vary) and scheme, each trial programs every tile with sampled devices (device-to-device spread,",
                "cycle-to-cycle error, stuck-at faults, finite levels, wire spread), reads them with read noise, and",
                "classifies the test images through the circuits. Reports per point and scheme the accuracy (mean,",
                "standard deviation, 95 %% interval, minimum over trials), the agreement with the software model and",
                "the energy per image, and for a one-parameter sweep the largest value that keeps the accuracy within",
                "1 point of the software model. Every draw is a pure function of (seed, trial, tile, device, read).",
                "Results go to a CSV file as each trial finishes: rerun the same command to resume.",
                "Parameters: sigma, c2c, read, stuck-on, stuck-off, stuck, levels, wire (see docs/sweep.md)."},
        footer = {"", "Examples:",
                "  memspice sweep --model models/bnn-kdwg-w48.json --vary sigma=0:0.3:0.05 --trials 20 --plot out/sigma.png",
                "  memspice sweep --model models/bssc-kdsng-w48.json --scheme single --vary stuck=0:0.02:0.005 --fixed read=0.01",
                "  memspice sweep --model models/bnn-kdwg-w48.json --vary sigma=0:0.3:0.1 --engine spark --master spark://host:7077"})
public final class SweepCommand implements java.util.concurrent.Callable<Integer> {
    enum Engine { local, spark }

    @Mixin
    CompileOptions options;

    @Option(names = "--scheme", paramLabel = "S", converter = InferCommand.SchemeConverter.class, defaultValue = "both",
            description = "double, single or both (default both).")
    InferCommand.SchemeChoice scheme;

    @Option(names = "--vary", paramLabel = "NAME=FROM:TO:STEP",
            description = "A swept parameter: NAME=FROM:TO:STEP, NAME=V1,V2,... or NAME=V (repeatable: every combination).")
    List<String> vary = new ArrayList<>();

    @Option(names = "--fixed", paramLabel = "NAME=V", description = "A parameter held at V at every point (repeatable), e.g. read=0.01.")
    List<String> fixed = new ArrayList<>();

    @Option(names = "--distribution", paramLabel = "D", defaultValue = "lognormal",
            description = "Distribution of the programming spreads: lognormal (of the resistance, default) or normal (of the conductance).")
    String distribution;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "20", description = "Monte Carlo trials (chips) per point and scheme (default 20).")
    int trials;

    @Option(names = "--images", paramLabel = "N", defaultValue = "1000", description = "Test images per trial (default 1000).")
    int images;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of every draw (default 1).")
    long seed;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "local",
            description = "local (a thread pool on this machine, default) or spark (Apache Spark: local mode, or --master).")
    Engine engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master URL (with --engine spark), e.g. spark://host:7077 (default local[threads]).")
    String master;

    @Option(names = "--csv", paramLabel = "FILE", defaultValue = "out/sweep.csv",
            description = "Per-trial results, written as trials finish; an existing file of the same sweep is resumed (default out/sweep.csv).")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Accuracy (band: 95 %% interval) and energy per image against the first swept parameter, per scheme.")
    Path plot;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of the test set (default: the copy in data/fashion-mnist).")
    Path data;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    /** Most image classifications (trials x images x points x schemes) of one sweep run. */
    static final long MAX_CLASSIFICATIONS = 100_000_000L;

    @Override
    public Integer call() {
        if (trials < 1 || trials > 100_000) {
            throw new InputException("--trials " + trials + ": expected 1 to 100000");
        }
        if (images < 1) {
            throw new InputException("--images " + images + ": expected a number of images >= 1");
        }
        if (master != null && engine != Engine.spark) {
            throw new InputException("--master " + master + ": only with --engine spark");
        }
        if (plot != null && vary.isEmpty()) {
            throw new InputException("--plot " + plot + ": a plot needs a swept parameter (--vary)");
        }
        OutputPaths.file(csv, "--csv");
        OutputPaths.file(plot, "--plot");
        Variation base = baseVariation();
        SweepGrid grid = SweepGrid.parse(base, vary);
        int threads = options.threads();
        int schemeCount = scheme == InferCommand.SchemeChoice.both ? 2 : 1;
        double work = (double) trials * images * grid.size() * schemeCount;
        if (work > MAX_CLASSIFICATIONS) {
            throw new InputException(String.format(Locale.ROOT, "--trials %d x --images %d x %d grid points (--vary) x %d"
                    + " scheme(s) = %.3g image classifications: expected at most %.0e in one run (the CSV file resumes:"
                    + " run fewer trials or points, then more)", trials, images, grid.size(), schemeCount, work,
                    (double) MAX_CLASSIFICATIONS));
        }
        ImageSet test = FashionMnist.testSet(data);
        if (images > test.size()) {
            throw new InputException("--images " + images + ": the test set " + test.source() + " has " + test.size()
                    + " images; expected at most " + test.size());
        }
        FashionMnist.checkModel(options.readModel(), options.model, test);
        String modelJson;
        try {
            modelJson = Files.readString(options.model, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("--model " + options.model + ": cannot read: " + e.getMessage());
        }
        CompileCard card = options.card(null);
        List<ArrayScheme> schemes = InferCommand.schemes(scheme, card.scheme());
        SweepInputs in = new SweepInputs(modelJson, options.model.toString(), card, test.head(images), grid, seed);
        // the model parsed (its errors named by its file) and the software model's predictions, before any trial
        SweepContext context = SweepContext.of(in);
        List<TrialKey> keys = Sweep.keys(grid, schemes, trials);
        List<TrialResult> results = new ArrayList<>();
        Sweep.Engine runner = engine == Engine.spark ? new org.memspice.sweep.SparkSweep(master, threads) : Sweep.local(threads);
        try (SweepFile file = SweepFile.open(csv, in)) {
            java.util.Set<TrialKey> wanted = new java.util.HashSet<>(keys);
            for (TrialResult r : file.finished()) {
                if (wanted.contains(r.key())) {
                    results.add(r);   // other trials of the file (more trials, another scheme) stay in it, unreported
                }
            }
            List<TrialKey> pending = Sweep.pending(keys, results);
            int total = keys.size();
            int done = total - pending.size();
            if (done > 0) {
                System.err.printf(Locale.ROOT, "sweep: %d of %d trials already in %s; running the other %d%n", done, total,
                        csv, pending.size());
            }
            long t0 = System.nanoTime();
            int[] count = {done};
            int resumed = done;
            runner.run(in, pending, r -> {
                file.append(r);
                results.add(r);
                count[0]++;
                double el = (System.nanoTime() - t0) * 1e-9;
                int ran = count[0] - resumed;
                double left = el / ran * (total - count[0]);
                System.err.printf(Locale.ROOT, "sweep: %d/%d trials (%s, %s, trial %d: accuracy %.4f), %.0f s, about %.0f s"
                                + " left%n", count[0], total, grid.point(r.point()).describe(), r.scheme().label(), r.trial(),
                        r.accuracy(), el, left);
            });
        }
        double software = context.softwareAccuracy();
        List<SweepSummary.Point> points = SweepSummary.points(grid, schemes, results);
        List<SweepSummary.Tolerance> tol = SweepSummary.tolerances(grid, schemes, points, software);
        String title = options.model.getFileName() + " on " + card.name() + ": " + images + " images, " + trials
                + " trials per point";
        for (SweepSummary.Point p : points) {
            FiniteResults.check(SweepSummary.toMap(grid, p), "sweep, " + p.scheme().label());
        }
        if (plot != null) {
            SweepPlot.write(points, schemes, grid.axes().get(0).name(), 0, software, title, plot);
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", options.model.toString());
            m.put("card", card.name());
            m.put("images", images);
            m.put("trials", trials);
            m.put("seed", seed);
            m.put("engine", engine.name());
            m.put("base_variation", base.describe());
            m.put("software_accuracy", software);
            List<Object> ps = new ArrayList<>();
            for (SweepSummary.Point p : points) {
                ps.add(SweepSummary.toMap(grid, p));
            }
            m.put("points", ps);
            List<Object> ts = new ArrayList<>();
            for (SweepSummary.Tolerance t : tol) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("scheme", t.scheme().label());
                e.put("parameter", t.parameter());
                e.put("largest_passing", Double.isNaN(t.largestPassing()) ? null : t.largestPassing());
                e.put("crossing", Double.isNaN(t.crossing()) ? null : t.crossing());
                e.put("all_points_pass", t.allPass());
                ts.add(e);
            }
            m.put("tolerance_within_1_point", ts);
            m.put("csv", csv.toString());
            JsonOutput.print(m);
            return 0;
        }
        System.out.printf(Locale.ROOT, "%s; seed %d; base variation: %s; software accuracy %.4f%n", title, seed,
                base.describe(), software);
        StringBuilder head = new StringBuilder();
        for (SweepGrid.Axis a : grid.axes()) {
            head.append(String.format(Locale.ROOT, "%-10s ", a.name()));
        }
        System.out.printf(Locale.ROOT, "%s%-14s %6s %9s %8s %19s %8s %9s %13s%n", head, "scheme", "trials", "acc.mean",
                "acc.sd", "95% interval", "acc.min", "agreement", "energy/img(J)");
        for (SweepSummary.Point p : points) {
            StringBuilder vals = new StringBuilder();
            for (double v : p.values()) {
                vals.append(String.format(Locale.ROOT, "%-10.4g ", v));
            }
            String sd = p.trials() > 1 ? String.format(Locale.ROOT, "%8.4f", p.accuracySd()) : String.format("%8s", "-");
            String ci = p.trials() > 1 ? String.format(Locale.ROOT, "[%7.4f, %7.4f]", p.ciLow(), p.ciHigh())
                    : String.format("%19s", "-");
            System.out.printf(Locale.ROOT, "%s%-14s %6d %9.4f %s %s %8.4f %9.4f %13.4g%n", vals, p.scheme().label(),
                    p.trials(), p.accuracyMean(), sd, ci, p.accuracyMin(), p.agreementMean(), p.energyMean());
        }
        for (SweepSummary.Tolerance t : tol) {
            String verdict;
            if (t.allPass()) {
                verdict = String.format(Locale.ROOT, "every grid point keeps it (up to %s = %.4g)", t.parameter(),
                        t.largestPassing());
            } else if (Double.isNaN(t.largestPassing())) {
                verdict = "no grid point keeps it";
            } else {
                verdict = String.format(Locale.ROOT, "%s <= %.4g on the grid%s", t.parameter(), t.largestPassing(),
                        Double.isNaN(t.crossing()) ? "" : String.format(Locale.ROOT, " (the mean crosses the line at %.4g)",
                                t.crossing()));
            }
            System.out.printf(Locale.ROOT, "within 1 point of the software model (%.4f), %s: %s%n", software,
                    t.scheme().label(), verdict);
        }
        System.out.println("per-trial results in " + csv + (plot != null ? "; plot " + plot : ""));
        return 0;
    }

    private Variation baseVariation() {
        Variation.Distribution d = switch (distribution.toLowerCase(Locale.ROOT)) {
            case "lognormal", "log-normal" -> Variation.Distribution.LOGNORMAL;
            case "normal" -> Variation.Distribution.NORMAL;
            default -> throw new InputException("--distribution " + distribution + ": expected lognormal or normal");
        };
        Variation v = Variation.NONE.withDistribution(d);
        for (String f : fixed) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--fixed '" + f + "': expected NAME=V, e.g. read=0.01");
            }
            String name = f.substring(0, eq).trim();
            double value;
            try {
                value = org.memspice.signal.SpiceNumber.parse(f.substring(eq + 1).trim());
            } catch (RuntimeException e) {
                throw new InputException("--fixed " + f + ": '" + f.substring(eq + 1) + "' is not a number");
            }
            try {
                v = v.with(name, value);
            } catch (InputException e) {
                throw new InputException("--fixed " + f + ": " + e.getMessage());
            }
        }
        return v;
    }
}
