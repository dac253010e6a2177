package org.memspice.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.memspice.InputException;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.Evaluation;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.FloatInference;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.ModelFile;
import org.memspice.bnn.PackedInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memspice bench inference}: images/s of the bit-packed path against the float path, same images, same run. */
@Command(name = "inference",
        footer = {"", "Example:", "  memspice bench inference --model models/bnn-kdwg.json --images 2000"},
        mixinStandardHelpOptions = true,
        description = {"Classify test images with the float path (the reference) and the bit-packed XNOR/popcount path,",
                "check that both predict the same classes, and report images/s and their ratio.",
                "The network is a model file, or a binary network of the given widths with random parameters."})
public final class BenchInferenceCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", description = "Model file; default: a random network (--arch, --widths).")
    Path model;

    @Option(names = "--arch", paramLabel = "ARCH", description = "bnn or bssc, for a random network (default: bnn).")
    String arch = "bnn";

    @Option(names = "--widths", paramLabel = "W,W,...", split = ",",
            description = "Convolution widths of a random network (default: 32,32,64,64).")
    int[] widths = {32, 32, 64, 64};

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden dense units of a random network (default: 128).")
    int hidden = 128;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random network (default: 1).")
    long seed = 1;

    @Option(names = "--images", paramLabel = "N", description = "Test images per path (default: 2000).")
    int images = 2000;

    @Option(names = "--threads", paramLabel = "T", description = "Threads per path (default: 1).")
    int threads = 1;

    @Option(names = "--write-model", paramLabel = "FILE", description = "Also write the random network to FILE (a model file).")
    Path writeModel;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    /** Widest convolution and dense layer of a random network (its weights are held as floats). */
    static final int MAX_WIDTH = 1024;
    static final int MAX_HIDDEN = 8192;

    @Override
    public Integer call() {
        if (images < 1) {
            throw new InputException("--images " + images + ": expected >= 1");
        }
        if (threads < 1) {
            throw new InputException("--threads " + threads + ": expected >= 1");
        }
        OutputPaths.file(writeModel, "--write-model");
        ImageSet test = FashionMnist.testSet(null);
        if (images > test.size()) {
            throw new InputException("--images " + images + ": the test set " + test.source() + " has " + test.size()
                    + " images; expected at most " + test.size());
        }
        BnnModel m;
        if (model != null && writeModel != null) {
            throw new InputException("--write-model: only for a random network (without --model)");
        }
        if (model != null) {
            m = ModelFile.read(model);
            FashionMnist.checkModel(m, model, test);
        } else {
            Architecture a = switch (arch.toLowerCase()) {
                case "bnn" -> Architecture.BNN;
                case "bssc" -> Architecture.BSSC;
                default -> throw new InputException("--arch " + arch + ": expected bnn or bssc");
            };
            for (int w : widths) {
                if (w < 1) {
                    throw new InputException("--widths: " + w + " is not a width, expected integers >= 1");
                }
            }
            for (int w : widths) {
                if (w > MAX_WIDTH) {
                    throw new InputException("--widths: " + w + " channels; expected at most " + MAX_WIDTH);
                }
            }
            if (hidden < 1 || hidden > MAX_HIDDEN) {
                throw new InputException("--hidden " + hidden + ": expected 1 to " + MAX_HIDDEN + " units");
            }
            if (widths.length < 1 || widths.length > 4) {
                throw new InputException("--widths: " + widths.length + " widths, expected 1 to 4 (28 px halves 3 times)");
            }
            m = a.random(widths, hidden, seed, 0.05);
            if (writeModel != null) {
                ModelFile.write(m, writeModel);
            }
        }
        if (!m.isBinary()) {
            throw new InputException((model == null ? "the network" : model.toString())
                    + " is full precision; the bit-packed path needs a binary network");
        }
        if (m.input().channels() != 1 || m.input().height() != test.rows() || m.input().width() != test.cols()) {
            throw new InputException(model + ": input: the model takes " + m.input() + " inputs, the test images are 1x"
                    + test.rows() + "x" + test.cols());
        }
        int n = Math.min(images, test.size());
        // warm-up so both paths run compiled code
        int warm = Math.min(n, 200);
        Evaluation.run(() -> new FloatInference(m), test, warm / 4, threads, null);
        Evaluation.run(() -> new PackedInference(m), test, warm, threads, null);
        System.err.println("bench inference: float path on " + n + " images ...");
        Evaluation.Result f = Evaluation.run(() -> new FloatInference(m), test, n, threads, null);
        System.err.println("bench inference: bitpacked path on " + n + " images ...");
        Evaluation.Result p = Evaluation.run(() -> new PackedInference(m), test, n, threads, null);
        int differ = 0;
        for (int i = 0; i < n; i++) {
            if (f.predictions()[i] != p.predictions()[i]) {
                differ++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("network", model == null ? "random " + arch + " " + java.util.Arrays.toString(widths) + " hidden " + hidden
                : model.toString());
        out.put("binaryWeights", m.binaryWeightCount());
        out.put("images", n);
        out.put("threads", threads);
        out.put("floatImagesPerSecond", f.imagesPerSecond());
        out.put("bitpackedImagesPerSecond", p.imagesPerSecond());
        out.put("speedup", p.imagesPerSecond() / f.imagesPerSecond());
        out.put("predictionsDiffering", differ);
        if (json) {
            JsonOutput.print(out);
        } else {
            System.out.printf("%s, %d binary weights, %d images, %d thread(s)%n", out.get("network"), m.binaryWeightCount(),
                    n, threads);
            System.out.printf("float path      %9.1f images/s%n", f.imagesPerSecond());
            System.out.printf("bitpacked path  %9.1f images/s  (%.1fx the float path)%n", p.imagesPerSecond(),
                    p.imagesPerSecond() / f.imagesPerSecond());
            System.out.printf("predictions differing: %d of %d%n", differ, n);
        }
        return differ == 0 ? 0 : Main.EXIT_SIMULATION;
    }
}
