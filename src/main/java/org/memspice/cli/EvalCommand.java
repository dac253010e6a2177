package org.memspice.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.Classifier;
import org.memspice.bnn.Evaluation;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.FloatInference;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.ModelFile;
import org.memspice.bnn.PackedInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memspice eval}: accuracy of a model file on the Fashion-MNIST test set. */
@Command(name = "eval",
        footer = {"", "Example:", "  memspice eval --model models/bnn-kdwg.json --json"},
        mixinStandardHelpOptions = true,
        description = {"Classify the Fashion-MNIST test images with a model file and print the accuracy.",
                "Binary networks run on the bit-packed XNOR/popcount path by default; --path float runs the float",
                "reference. The test set is the copy shipped in data/fashion-mnist/ unless --data is given."})
public final class EvalCommand implements Callable<Integer> {

    enum InferencePath { auto, float_, bitpacked;

        @Override
        public String toString() {
            return this == float_ ? "float" : name();
        }
    }

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (models/*.json).")
    Path model;

    @Option(names = "--limit", paramLabel = "N", description = "Classify only the first N test images (default: all 10000).")
    Integer limit;

    @Option(names = "--path", paramLabel = "PATH", converter = PathConverter.class,
            description = "Inference path: float, bitpacked, or auto (bitpacked for binary networks, float otherwise; default).")
    InferencePath path = InferencePath.auto;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory holding t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz].")
    Path data;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    static final class PathConverter implements picocli.CommandLine.ITypeConverter<InferencePath> {
        @Override
        public InferencePath convert(String value) {
            switch (value.toLowerCase()) {
                case "float":
                    return InferencePath.float_;
                case "bitpacked":
                    return InferencePath.bitpacked;
                case "auto":
                    return InferencePath.auto;
                default:
                    throw new picocli.CommandLine.TypeConversionException(
                            "'" + value + "' is not an inference path: expected float, bitpacked or auto");
            }
        }
    }

    /** The most worker threads eval starts. */
    static final int MAX_THREADS = 256;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new InputException("--limit " + limit + ": expected a number of images >= 1");
        }
        if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
            throw new InputException("--threads " + threads + ": expected 1 to " + MAX_THREADS);
        }
        BnnModel m = ModelFile.read(model);
        InferencePath p = path == InferencePath.auto ? (m.isBinary() ? InferencePath.bitpacked : InferencePath.float_) : path;
        if (p == InferencePath.bitpacked && !m.isBinary()) {
            throw new InputException("--path bitpacked: " + model + " has " + m.realWeightCount()
                    + " real weights (a full-precision network); the bitpacked path needs binary weights: use --path float");
        }
        Supplier<Classifier> make = p == InferencePath.bitpacked ? () -> new PackedInference(m) : () -> new FloatInference(m);
        try {
            make.get();   // reject an unsupported layer order before starting threads
        } catch (InputException e) {
            String why = e.getMessage();
            throw new InputException(model + ": " + (why.startsWith("layers[") ? "$." : "") + why
                    + (p == InferencePath.bitpacked && path == InferencePath.auto ? " (--path float runs it)" : ""));
        }
        ImageSet test = FashionMnist.testSet(data);
        FashionMnist.checkModel(m, model, test);
        if (limit != null && limit > test.size()) {
            throw new InputException("--limit " + limit + ": the test set " + test.source() + " has " + test.size()
                    + " images; expected at most " + test.size());
        }
        int n = limit == null ? test.size() : limit;
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        long[] lastReport = {System.nanoTime()};
        Evaluation.Result r = Evaluation.run(make, test, n, t, done -> {
            long now = System.nanoTime();
            synchronized (lastReport) {
                if (now - lastReport[0] > 2_000_000_000L && done < n) {
                    lastReport[0] = now;
                    System.err.printf("eval: %d/%d images%n", done, n);
                }
            }
        });
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("accuracy", r.accuracy());
            out.put("n", r.n());
            out.put("correct", r.correct());
            out.put("model", model.toString());
            out.put("path", p.toString());
            out.put("seconds", r.seconds());
            out.put("imagesPerSecond", r.imagesPerSecond());
            out.put("arch", m.metadata().arch());
            out.put("method", m.metadata().method());
            out.put("binaryWeights", m.binaryWeightCount());
            out.put("realWeights", m.realWeightCount());
            int[][] confusion = new int[m.classes()][m.classes()];
            for (int i = 0; i < r.n(); i++) {
                confusion[test.label(i)][r.predictions()[i]]++;
            }
            out.put("confusion", confusion);
            JsonOutput.print(out);
        } else {
            System.out.printf("%s: accuracy %.4f (%d of %d test images), %s path, %.0f images/s on %d threads%n",
                    model, r.accuracy(), r.correct(), r.n(), p, r.imagesPerSecond(), t);
        }
        return 0;
    }
}
