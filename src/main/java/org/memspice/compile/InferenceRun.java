package org.memspice.compile;

import org.memspice.bnn.ImageSet;
import org.memspice.bnn.PackedInference;
import org.memspice.crossbar.ReadSolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Circuit-level inference of the first {@code limit} images of a set on {@code threads} threads, each image
 * also classified by the bit-packed software model (the reference), with the per-layer decision counts,
 * margins and the energy per image.
 */
public final class InferenceRun {
    private InferenceRun() {}

    /**
     * Per layer: decisions, those that differ from the exact integer decision, the smallest signed margin, and
     * the histogram of signed margins (positive: the decision is right) in units of the layer's integer sums
     * ({@code voltsPerUnit} volts each at the comparator input). Bin {@link #ZERO_BIN} holds |m| &lt; 1/8; bin
     * ZERO_BIN + k (k = 1 .. {@link #OCTAVES}) holds right-side margins in [{@link #binLowerMagnitude}(b),
     * 2 * that), bin ZERO_BIN - k the same magnitudes on the wrong side; the outermost bins are open-ended.
     */
    public record LayerResult(int index, String name, long decisions, long flipped, double minMarginVolts,
                              double designMarginVolts, double voltsPerUnit, long[] histogram, double rmsErrorUnits,
                              double maxFlippedIdealMarginUnits) {
        public double flippedFraction() {
            return decisions == 0 ? 0 : (double) flipped / decisions;
        }
    }

    /** Number of histogram bins, the centre bin and the octaves on either side (see {@link LayerResult}). */
    public static final int BINS = Tally.BINS;
    public static final int ZERO_BIN = Tally.ZERO_BIN;
    public static final int OCTAVES = Tally.OCTAVES;

    /** Lower edge of bin b's margin magnitude, in units (0 for the centre bin). */
    public static double binLowerMagnitude(int b) {
        return Tally.binLowerMagnitude(b);
    }

    /** What a run measured. */
    public record Result(String model, String scheme, int images, double softwareAccuracy, double circuitAccuracy,
                         double agreement, List<LayerResult> layers, EnergyAccount.Breakdown energy, double seconds,
                         double softwareSeconds, int threads, int[] softwarePredictions, int[] circuitPredictions,
                         double energySeconds) {

        /** JSON fields: software_accuracy, circuit_accuracy, agreement, energy_per_image_j, power_w, breakdown, layers, scheme. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("scheme", scheme);
            m.put("images", images);
            m.put("software_accuracy", softwareAccuracy);
            m.put("circuit_accuracy", circuitAccuracy);
            m.put("agreement", agreement);
            m.put("energy_per_image_j", energy.total());
            m.put("power_w", energy.averagePower());
            m.put("latency_per_image_s", energy.perImageSeconds());
            m.put("breakdown", energy.categories());
            m.put("breakdown_details", energy.details());
            m.put("energy_balance_error", energy.sourceBalanceError());
            List<Object> ls = new ArrayList<>();
            for (LayerResult l : layers) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("index", l.index());
                e.put("name", l.name());
                e.put("decisions", l.decisions());
                e.put("flipped", l.flipped());
                e.put("flipped_fraction", l.flippedFraction());
                e.put("min_margin_v", l.minMarginVolts());
                e.put("design_margin_v", l.designMarginVolts());
                e.put("rms_error_units", l.rmsErrorUnits());
                e.put("max_flipped_ideal_margin_units", l.maxFlippedIdealMarginUnits());
                e.put("margin_histogram", l.histogram());
                ls.add(e);
            }
            m.put("layers", ls);
            m.put("seconds", seconds);
            m.put("energy_account_seconds", energySeconds);
            m.put("images_per_second", images / seconds);
            m.put("threads", threads);
            return m;
        }
    }

    /** Predictions of the circuit alone and the time they took. */
    public record Classification(int[] predictions, double seconds) {}

    /**
     * Classifies the first {@code limit} images through the circuit on {@code threads} threads without any of the
     * accounting (no software model, no exact sums, margins or energy): what the circuit decides, for timing
     * against the software model's classification.
     */
    public static Classification classify(CompiledNetwork net, ImageSet set, int limit, int threads) {
        int n = Math.min(limit, set.size());
        int workers = Math.max(1, Math.min(threads, n));
        int[] predictions = new int[n];
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Workers.pool(workers, "classify");
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                CircuitInference circuit = new CircuitInference(net);
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    predictions[i] = circuit.classify(set, i, null);
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                Workers.await(f, "inference");
            }
        } finally {
            pool.shutdownNow();
        }
        return new Classification(predictions, (System.nanoTime() - t0) * 1e-9);
    }

    /** What one Monte Carlo trial measured: images classified right, agreeing with the software model, energy. */
    public record Trial(int images, int correct, int agree, double energyPerImage, double seconds) {}

    /**
     * Classifies the first {@code softwarePredictions.length} images of {@code set} through the circuit on the calling
     * thread, counts those classified right and those where the circuit predicts what the software model predicted
     * ({@code softwarePredictions}, computed once for all trials), and the energy per image (its total, without the
     * split by element). Deterministic: the same network and images give the same numbers to the last bit.
     */
    public static Trial trial(CompiledNetwork net, ImageSet set, int[] softwarePredictions) {
        int n = softwarePredictions.length;
        if (n < 1 || n > set.size()) {
            throw new IllegalArgumentException(n + " images of " + set.size());
        }
        long t0 = System.nanoTime();
        CircuitInference circuit = new CircuitInference(net);
        Tally tally = new Tally(net);
        int correct = 0;
        int agree = 0;
        for (int i = 0; i < n; i++) {
            int hw = circuit.classify(set, i, tally);
            tally.images++;
            correct += hw == set.label(i) ? 1 : 0;
            agree += hw == softwarePredictions[i] ? 1 : 0;
        }
        circuit.finish();
        double energy = EnergyAccount.totalPerImage(net, tally);
        return new Trial(n, correct, agree, energy, (System.nanoTime() - t0) * 1e-9);
    }

    public static Result run(CompiledNetwork net, ImageSet set, int limit, int threads, Consumer<String> progress) {
        return run(net, set, limit, threads, null, progress);
    }

    /** As {@link #run(CompiledNetwork, ImageSet, int, int, Consumer)} with other read solvers per tile (null: port reductions). */
    public static Result run(CompiledNetwork net, ImageSet set, int limit, int threads, Function<Tile, ReadSolver> solverOf,
                             Consumer<String> progress) {
        return run(net, set, limit, threads, solverOf, true, progress);
    }

    /**
     * As {@link #run(CompiledNetwork, ImageSet, int, int, Function, Consumer)}; without {@code software} the software
     * model is not run (its accuracy and the agreement are then NaN): the circuit alone, for timing.
     */
    public static Result run(CompiledNetwork net, ImageSet set, int limit, int threads, Function<Tile, ReadSolver> solverOf,
                             boolean software, Consumer<String> progress) {
        int n = Math.min(limit, set.size());
        int workers = Math.max(1, Math.min(threads, n));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Workers.pool(workers, "infer");
        List<Future<Tally>> futures = new ArrayList<>();
        long[] softwareNanos = new long[workers];
        int[] swPred = new int[n];
        int[] hwPred = new int[n];
        for (int w = 0; w < workers; w++) {
            final int worker = w;
            futures.add(pool.submit(() -> {
                CircuitInference circuit = new CircuitInference(net, solverOf);
                PackedInference reference = software ? new PackedInference(net.model()) : null;
                Tally tally = new Tally(net);
                float[] img = new float[set.pixelCount()];
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long s0 = System.nanoTime();
                    set.copyImage(i, img, 0);
                    int sw = reference == null ? -1 : reference.predict(img);
                    softwareNanos[worker] += System.nanoTime() - s0;
                    int hw = circuit.classify(set, i, tally);
                    swPred[i] = sw;
                    hwPred[i] = hw;
                    int label = set.label(i);
                    tally.images++;
                    tally.correctSoftware += sw == label ? 1 : 0;
                    tally.correctCircuit += hw == label ? 1 : 0;
                    tally.agree += sw == hw ? 1 : 0;
                    int d = done.incrementAndGet();
                    if (progress != null && (d % 50 == 0 || d == n)) {
                        progress.accept("infer " + net.scheme().label() + ": " + d + "/" + n + " images");
                    }
                }
                circuit.finish();
                return tally;
            }));
        }
        Tally all = new Tally(net);
        try {
            for (Future<Tally> f : futures) {
                all.add(Workers.await(f, "inference"));
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        long sn = 0;
        for (long s : softwareNanos) {
            sn += s;
        }
        List<LayerResult> layers = new ArrayList<>();
        for (CompiledLayer c : net.layers()) {
            double design = Double.POSITIVE_INFINITY;
            if (c.hasComparators()) {
                for (int j = 0; j < c.cols; j++) {
                    design = Math.min(design, c.marginVolts(j));
                }
            } else {
                design = c.adcStep / 2.0 * c.unitCurrent * c.feedbackResistance;
            }
            layers.add(new LayerResult(c.index, c.source.name(), all.decisions[c.index], all.flipped[c.index],
                    all.minMarginVolts[c.index], design, c.unitCurrent * c.feedbackResistance,
                    all.histogram[c.index].clone(), all.decisions[c.index] == 0 ? 0
                    : Math.sqrt(all.errorSquares[c.index] / all.decisions[c.index]), all.maxFlippedIdealMargin[c.index]));
        }
        long e0 = System.nanoTime();
        EnergyAccount.Breakdown energy = EnergyAccount.compute(net, all);
        double energySeconds = (System.nanoTime() - e0) * 1e-9;
        return new Result(net.modelName(), net.scheme().label(), n, software ? (double) all.correctSoftware / n : Double.NaN,
                (double) all.correctCircuit / n, software ? (double) all.agree / n : Double.NaN, layers, energy, seconds,
                sn * 1e-9, workers, swPred, hwPred, energySeconds);
    }
}
