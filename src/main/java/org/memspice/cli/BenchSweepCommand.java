package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.compile.CompileCard;
import org.memspice.compile.CompileCardReader;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.InferenceRun;
import org.memspice.compile.Tile;
import org.memspice.compile.Workers;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.ConjugateGradientSolver;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarFactorization;
import org.memspice.crossbar.CrossbarSpec;
import org.memspice.crossbar.CrossbarSpecReader;
import org.memspice.sweep.ChipProgramming;
import org.memspice.sweep.Sweep;
import org.memspice.sweep.SweepContext;
import org.memspice.sweep.SweepGrid;
import org.memspice.sweep.SweepInputs;
import org.memspice.sweep.TrialResult;
import org.memspice.sweep.Variation;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code memspice bench sweep}: the two costs of a variability sweep. Monte Carlo samples of one array, each with
 * freshly drawn conductances solved exactly (targets: 1000 samples of a 128x128 array in 15 s); and a sweep's
 * throughput (every trial reprograms every tile, then classifies the images) against circuit inference of the same
 * compiled network on the same images and threads, measured in the same run (target: at least half its images/s).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Time Monte Carlo samples of one crossbar (conductances redrawn every sample, each solved exactly",
                "by conjugate gradients and by refactoring L D L'), and a variability sweep's images/s against circuit",
                "inference of the same network, images and threads (bench infer's measure), in the same run."},
        footer = {"", "Example:", "  memspice bench sweep --samples 1000 --trials 4 --images 1000"})
public final class BenchSweepCommand implements Callable<Integer> {
    @Option(names = "--spec", paramLabel = "FILE", defaultValue = "circuits/crossbar-128x128-double.json",
            description = "The array of the Monte Carlo samples (default ${DEFAULT-VALUE}).")
    Path spec;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000", description = "Monte Carlo samples of the array (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--sigma", paramLabel = "S", defaultValue = "0.1", description = "Log-normal sigma of the samples and the sweep trials (default ${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "models/bnn-kdwg-w48.json", description = "Model of the sweep (default ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--card", paramLabel = "FILE", description = "Compile card (default circuits/compile-rram-128.json).")
    Path card;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "4", description = "Sweep trials per scheme (default ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--images", paramLabel = "N", defaultValue = "1000", description = "Test images per trial (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--skip-sweep", description = "Only the Monte Carlo samples of one array.")
    boolean skipSweep;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (threads != null && threads < 1) {
            throw new InputException("--threads " + threads + ": expected >= 1");
        }
        if (samples < 1 || samples > 1_000_000) {
            throw new InputException("--samples " + samples + ": expected 1 to 1000000");
        }
        if (trials < 1 || trials > 10_000) {
            throw new InputException("--trials " + trials + ": expected 1 to 10000");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new InputException("--sigma " + sigma + ": expected a finite log-normal sigma >= 0");
        }
        if (!skipSweep) {
            ImageSet test = FashionMnist.testSet(null);
            if (images < 1 || images > test.size()) {
                throw new InputException("--images " + images + ": expected 1.." + test.size());
            }
            if (!Files.isRegularFile(model)) {
                throw new InputException("--model " + model + ": " + (Files.isDirectory(model) ? "is a folder"
                        : "no such model file"));
            }
            Path c = card == null ? CompileOptions.DEFAULT_CARD : card;
            if (!Files.isRegularFile(c)) {
                throw new InputException("--card " + c + ": " + (Files.isDirectory(c) ? "is a folder"
                        : "no such compile card file"));
            }
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", t);
        out.put("monte_carlo", monteCarlo(t));
        if (!skipSweep) {
            out.put("sweep", sweep(t));
        }
        if (json) {
            JsonOutput.print(out);
            return 0;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> mc = (Map<String, Object>) out.get("monte_carlo");
        System.out.printf(Locale.ROOT, "Monte Carlo: %d samples of %s (%s physical), log-normal sigma %s, %d thread(s)%n",
                samples, spec, mc.get("physical"), sigma, t);
        System.out.printf(Locale.ROOT, "  conjugate gradients (draw + setup + solve):      %7.2f s  (%.2f ms per sample;"
                + " target <= 15 s)%n", (double) mc.get("cg_seconds"), (double) mc.get("cg_ms_per_sample"));
        System.out.printf(Locale.ROOT, "  L D L' (draw + refactor + solve):               %7.2f s  (%.2f ms per sample)%n",
                (double) mc.get("ldl_seconds"), (double) mc.get("ldl_ms_per_sample"));
        System.out.printf(Locale.ROOT, "  largest difference of the two, relative to the largest column current: %.2g%n",
                (double) mc.get("max_relative_difference"));
        if (!skipSweep) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) out.get("sweep");
            System.out.printf(Locale.ROOT, "sweep of %s: %d trials x %d images per scheme at sigma %s, %d thread(s)%n",
                    model, trials, images, sigma, t);
            System.out.printf(Locale.ROOT, "  %-14s %12s %12s %12s %9s %12s %12s%n", "scheme", "sweep img/s", "infer img/s",
                    "classify", "ratio", "reprogram s", "infer s");
            for (Map<String, Object> r : rows) {
                System.out.printf(Locale.ROOT, "  %-14s %12.1f %12.1f %12.1f %9.2f %12.2f %12.2f%n", r.get("scheme"),
                        (double) r.get("sweep_images_per_second"), (double) r.get("infer_images_per_second"),
                        (double) r.get("classify_images_per_second"), (double) r.get("ratio_to_infer"),
                        (double) r.get("reprogram_seconds_per_trial"), (double) r.get("infer_seconds_per_trial"));
            }
            System.out.println("  (ratio: the sweep's images/s over circuit inference's with flips, margins and energy,"
                    + " target >= 0.5; reprogram and infer: mean seconds per trial on one thread)");
        }
        return 0;
    }

    /** Samples of one array, each with its own conductances, solved exactly by CG and by refactoring. */
    private Map<String, Object> monteCarlo(int t) {
        CrossbarSpec s = CrossbarSpecReader.read(spec);
        // every sample's column currents are kept, twice (CG and L D L')
        long cells = CrossbarSpecReader.cells(s.rows(), s.columns(), s.scheme());
        String heap = org.memspice.crossbar.SizeLimits.overHeap(2.0 * samples * s.design().physicalColumns() * 8
                + (t + 1.0) * org.memspice.crossbar.SizeLimits.arrayBytes(cells) * 2);
        if (heap != null) {
            throw new InputException("--samples " + samples + " of " + spec + " (" + s.rows() + " x " + s.columns()
                    + ") on " + t + " thread(s): " + heap);
        }
        CrossbarArray nominal = s.array();
        double[] v = nominal.sourceVoltages(s.stimulus().inputs().get(0));
        Variation var = Variation.NONE.with("sigma", sigma);
        Tile tile = new Tile(0, 0, 0, 0, nominal.rows(), 0, nominal.outputs(), nominal, null);
        CrossbarFactorization.Structure structure = CrossbarFactorization.Structure.of(nominal.network());
        int p = nominal.physicalColumns();
        double[][] cg = new double[samples][];
        double[][] ldl = new double[samples][];
        // warm-up of both paths
        new ConjugateGradientSolver(nominal, 1e-12).columnCurrents(v, new double[p]);
        new CrossbarFactorization(structure, nominal).columnCurrents(v, new double[p]);
        System.err.println("bench sweep: " + samples + " Monte Carlo samples of " + spec + " (conjugate gradients) ...");
        // one solver per thread, pointed at each sample's array (its line blocks refactored in place)
        ThreadLocal<ConjugateGradientSolver> solver = ThreadLocal.withInitial(() -> new ConjugateGradientSolver(nominal, 1e-12));
        double cgSeconds = parallel(t, k -> {
            CrossbarArray a = new ChipProgramming(var, 1, k).program(tile, nominal);
            double[] ic = new double[p];
            ConjugateGradientSolver s1 = solver.get();
            s1.reset(a);
            s1.columnCurrents(v, ic);
            cg[k] = ic;
        });
        System.err.println("bench sweep: the same samples by L D L' refactoring ...");
        ThreadLocal<CrossbarFactorization> factor = ThreadLocal.withInitial(() -> new CrossbarFactorization(structure, nominal));
        double ldlSeconds = parallel(t, k -> {
            CrossbarArray a = new ChipProgramming(var, 1, k).program(tile, nominal);
            CrossbarFactorization f = factor.get();
            f.refactor(a);
            double[] ic = new double[p];
            f.columnCurrents(v, ic);
            ldl[k] = ic;
        });
        double maxI = 0, maxD = 0;
        for (int k = 0; k < samples; k++) {
            for (int c = 0; c < p; c++) {
                maxI = Math.max(maxI, Math.abs(ldl[k][c]));
                maxD = Math.max(maxD, Math.abs(ldl[k][c] - cg[k][c]));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec.toString());
        m.put("physical", nominal.rows() + "x" + p);
        m.put("samples", samples);
        m.put("sigma", sigma);
        m.put("cg_seconds", cgSeconds);
        m.put("cg_ms_per_sample", 1e3 * cgSeconds / samples);
        m.put("ldl_seconds", ldlSeconds);
        m.put("ldl_ms_per_sample", 1e3 * ldlSeconds / samples);
        m.put("max_relative_difference", maxD / maxI);
        m.put("target_seconds", 15.0);
        return m;
    }

    /** Runs job(0 .. samples-1) on {@code threads} threads; returns the wall time, seconds. */
    private double parallel(int threads, java.util.function.IntConsumer job) {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Workers.pool(threads, "bench-sweep");
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                fs.add(pool.submit(() -> {
                    for (int k = next.getAndIncrement(); k < samples; k = next.getAndIncrement()) {
                        job.accept(k);
                    }
                }));
            }
            for (Future<?> f : fs) {
                Workers.await(f, "bench sweep");
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - t0) * 1e-9;
    }

    /** Per scheme: a sweep's images/s against circuit inference of the same network, images and threads. */
    private List<Map<String, Object>> sweep(int t) {
        ImageSet test = FashionMnist.testSet(null);
        if (images < 1 || images > test.size()) {
            throw new InputException("--images " + images + ": expected 1.." + test.size());
        }
        String json;
        try {
            json = Files.readString(model);
        } catch (IOException e) {
            throw new InputException("--model " + model + ": cannot read: " + e.getMessage());
        }
        CompileCard base = CompileCardReader.read(card == null ? CompileOptions.DEFAULT_CARD : card);
        ImageSet head = test.head(images);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ArrayScheme scheme : new ArrayScheme[] {ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN}) {
            SweepGrid grid = SweepGrid.parse(Variation.NONE, List.of("sigma=" + sigma));
            SweepInputs in = new SweepInputs(json, model.toString(), base.withScheme(scheme), head, grid, 1);
            SweepContext context = SweepContext.of(in);
            System.err.println("bench sweep: compiling " + model + " (" + scheme.label() + ") ...");
            CompiledNetwork net = context.nominal(scheme);
            InferenceRun.run(net, head, Math.min(images, 100), t, null, false, null);   // warm-up
            System.err.println("bench sweep: circuit inference of " + images + " images (" + scheme.label() + ", best of 2) ...");
            double inferRate = 0;
            double classifyRate = 0;
            for (int k = 0; k < 2; k++) {
                inferRate = Math.max(inferRate, images / InferenceRun.run(net, head, images, t, null, false, null).seconds());
                classifyRate = Math.max(classifyRate, images / InferenceRun.classify(net, head, images, t).seconds());
            }
            // a warm-up trial (untimed), then the timed ones
            context.run(new org.memspice.sweep.TrialKey(0, scheme, trials));
            System.err.println("bench sweep: " + trials + " sweep trials of " + images + " images (" + scheme.label() + ") ...");
            List<TrialResult> results = new ArrayList<>();
            long t0 = System.nanoTime();
            Sweep.local(t).run(in, Sweep.keys(grid, List.of(scheme), trials), results::add);
            double wall = (System.nanoTime() - t0) * 1e-9;
            double rep = 0, inf = 0;
            for (TrialResult r : results) {
                rep += r.reprogramSeconds();
                inf += r.inferSeconds();
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scheme", scheme.label());
            row.put("tiles", net.summary().tiles());
            row.put("trials", trials);
            row.put("images", images);
            row.put("sweep_seconds", wall);
            row.put("sweep_images_per_second", trials * (double) images / wall);
            row.put("infer_images_per_second", inferRate);
            row.put("classify_images_per_second", classifyRate);
            row.put("ratio_to_infer", trials * (double) images / wall / inferRate);
            row.put("ratio_to_classify", trials * (double) images / wall / classifyRate);
            row.put("reprogram_seconds_per_trial", rep / trials);
            row.put("infer_seconds_per_trial", inf / trials);
            rows.add(row);
        }
        return rows;
    }
}
