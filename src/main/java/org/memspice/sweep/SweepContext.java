package org.memspice.sweep;

import org.memspice.bnn.BnnModel;
import org.memspice.bnn.ModelFile;
import org.memspice.bnn.PackedInference;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.Compiler;
import org.memspice.compile.InferenceRun;
import org.memspice.compile.ReadNoise;
import org.memspice.crossbar.ArrayScheme;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the trials of one sweep share inside one JVM, built once from the {@link SweepInputs}: the parsed model, the
 * nominal compiled network of each scheme (compiled on first use; its tiles' structures shared by every
 * reprogramming) and the software model's predictions on the images. Thread-safe.
 */
public final class SweepContext {
    private static final Map<String, SweepContext> PER_JVM = new ConcurrentHashMap<>();

    private final SweepInputs inputs;
    private final BnnModel model;
    private final int[] software;
    private final Map<ArrayScheme, CompiledNetwork> nominal = new EnumMap<>(ArrayScheme.class);
    private final int compileThreads;

    public SweepContext(SweepInputs inputs, int compileThreads) {
        this.inputs = inputs;
        this.compileThreads = compileThreads;
        model = ModelFile.parse(inputs.modelJson(), inputs.modelName());
        PackedInference reference = new PackedInference(model);
        int n = inputs.images().size();
        software = new int[n];
        float[] img = new float[inputs.images().pixelCount()];
        for (int i = 0; i < n; i++) {
            inputs.images().copyImage(i, img, 0);
            software[i] = reference.predict(img);
        }
    }

    /** The context of {@code inputs} in this JVM (one per sweep fingerprint), built on first use. */
    public static SweepContext of(SweepInputs inputs) {
        StringBuilder key = new StringBuilder(inputs.fingerprint());
        for (SweepGrid.Axis a : inputs.grid().axes()) {
            key.append('/').append(java.util.Arrays.toString(a.values()));
        }
        synchronized (PER_JVM) {
            if (PER_JVM.size() >= 4 && !PER_JVM.containsKey(key.toString())) {
                PER_JVM.clear();   // a JVM that runs many sweeps (tests) keeps the last few
            }
            return PER_JVM.computeIfAbsent(key.toString(),
                    k -> new SweepContext(inputs, Runtime.getRuntime().availableProcessors()));
        }
    }

    public SweepInputs inputs() {
        return inputs;
    }

    /** The software model's prediction for every image. */
    public int[] softwarePredictions() {
        return software.clone();
    }

    /** The software model's accuracy on the images. */
    public double softwareAccuracy() {
        int c = 0;
        for (int i = 0; i < software.length; i++) {
            c += software[i] == inputs.images().label(i) ? 1 : 0;
        }
        return (double) c / software.length;
    }

    /** The nominal compiled network in {@code scheme}. */
    public synchronized CompiledNetwork nominal(ArrayScheme scheme) {
        return nominal.computeIfAbsent(scheme, s -> Compiler.compile(model, inputs.modelName(),
                inputs.card().scheme() == s ? inputs.card() : inputs.card().withScheme(s), compileThreads, null));
    }

    /**
     * Runs one trial on the calling thread: the chip programmed with the point's variation (seeded by the sweep's
     * seed and the trial), read with its read noise, every image classified through the circuit.
     */
    public TrialResult run(TrialKey key) {
        Variation v = inputs.grid().point(key.point());
        CompiledNetwork net = nominal(key.scheme());
        long t0 = System.nanoTime();
        if (v.programsDevices()) {
            net = net.reprogrammed(new ChipProgramming(v, inputs.seed(), key.trial()), 1);
        }
        if (v.read() > 0) {
            net = net.withReadNoise(new ReadNoise(v.read(), inputs.seed(), key.trial()));
        }
        double reprogram = (System.nanoTime() - t0) * 1e-9;
        InferenceRun.Trial t = InferenceRun.trial(net, inputs.images(), software);
        return new TrialResult(key.point(), key.scheme(), key.trial(), t.images(), t.correct(), t.agree(),
                t.energyPerImage(), reprogram, t.seconds());
    }
}
