package org.memspice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.ModelFile;
import org.memspice.bnn.Shape;
import org.memspice.bnn.TrainingMetadata;
import org.memspice.train.Agreement;
import org.memspice.bnn.Architecture;
import org.memspice.train.Checkpoint;
import org.memspice.train.Nd4jRuntime;
import org.memspice.train.SignActivation;
import org.memspice.train.TrainOptions;
import org.memspice.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains a network on Fashion-MNIST and writes it as a model file. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the teacher (fp), the binary CNN (bnn) or BSSC-Net (bssc) on Fashion-MNIST with ND4J.",
                "Writes the model (OUT), the per-epoch metrics (OUT without .json + .csv) and a checkpoint after every "
                        + "epoch (OUT without .json + .ckpt)."})
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", required = true, description = "fp | bnn | bssc")
    String arch;
    @Option(names = "--method", defaultValue = "baseline", description = "baseline | kd | kdg | kdwg | kdsng (default ${DEFAULT-VALUE})")
    String method;
    @Option(names = "--teacher", description = "teacher model file (kd, kdg, kdwg, kdsng)")
    Path teacher;
    @Option(names = "--epochs", defaultValue = "10", description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--seed", defaultValue = "1", description = "seed of every random draw (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--out", required = true, description = "model file to write (models/NAME.json)")
    Path out;
    @Option(names = "--data", description = "Fashion-MNIST directory (default: $FASHION_MNIST_DIR, then /usr/share/datasets/fashion-mnist)")
    Path data;
    @Option(names = "--resume", description = "continue from the checkpoint next to --out")
    boolean resume;
    @Option(names = "--widths", description = "channels of the three conv stages (default 32,64,128)")
    String widths;
    @Option(names = "--batch", defaultValue = "100", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", description = "Adam learning rate, cosine-decayed to 0 (default 1e-3 for fp, 1e-2 for bnn and bssc)")
    Double lr;
    @Option(names = "--temperature", defaultValue = "4", description = "distillation temperature T (default ${DEFAULT-VALUE})")
    double temperature;
    @Option(names = "--alpha", defaultValue = "0.5", description = "weight of the distillation term (default ${DEFAULT-VALUE})")
    double alpha;
    @Option(names = "--alpha-end", description = "distillation weight at the end of the schedule; alpha follows the "
            + "learning rate's cosine from --alpha to it (default: --alpha, constant)")
    Double alphaEnd;
    @Option(names = "--adv-weight", defaultValue = "0.1", description = "weight of the adversarial term (default ${DEFAULT-VALUE})")
    double advWeight;
    @Option(names = "--adv-weight-end", description = "adversarial weight at the end of the schedule, on the same cosine "
            + "(default: --adv-weight, constant)")
    Double advWeightEnd;
    @Option(names = "--lambda", defaultValue = "10", description = "WGAN-GP gradient-penalty weight (default ${DEFAULT-VALUE})")
    double lambda;
    @Option(names = "--critic-steps", defaultValue = "5", description = "adversary updates per student step (default ${DEFAULT-VALUE})")
    int criticSteps;
    @Option(names = "--critic-hidden", defaultValue = "64", description = "hidden width of the adversary MLP (default ${DEFAULT-VALUE})")
    int criticHidden;
    @Option(names = "--critic-lr", defaultValue = "1e-4", description = "adversary Adam learning rate (default ${DEFAULT-VALUE})")
    double criticLr;
    @Option(names = "--critic-beta1", defaultValue = "0", description = "adversary Adam beta1 (default ${DEFAULT-VALUE})")
    double criticBeta1;
    @Option(names = "--critic-beta2", defaultValue = "0.9", description = "adversary Adam beta2 (default ${DEFAULT-VALUE})")
    double criticBeta2;
    @Option(names = "--disc-input", defaultValue = "softmax", description = "what the adversary sees: softmax (of logits/T) | logits (default ${DEFAULT-VALUE})")
    String discInput;
    @Option(names = "--ste", defaultValue = "htanh", description = "sign's straight-through estimator: htanh | approxsign (default ${DEFAULT-VALUE})")
    String ste;
    @Option(names = "--bn-momentum", defaultValue = "0.1", description = "batch-norm running-statistics momentum (default ${DEFAULT-VALUE})")
    double bnMomentum;
    @Option(names = "--stop-after", paramLabel = "E", description = "stop after epoch E of the planned --epochs "
            + "(same schedule; the checkpoint and metrics are kept, no model is written; continue with --resume)")
    Integer stopAfter;
    @Option(names = "--augment", description = "random horizontal flips and shifts of up to 2 pixels of the training images "
            + "(seeded; with distillation the teacher sees the same augmented batch)")
    boolean augment;
    @Option(names = "--train-limit", defaultValue = "0", description = "use only the first N training images (default all)")
    int trainLimit;
    @Option(names = "--test-limit", defaultValue = "0", description = "evaluate on the first N test images (default all 10000)")
    int testLimit;
    @Option(names = "--threads", defaultValue = "1", description = "ND4J native threads (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;
    @Option(names = "--json", description = "print the result as JSON on stdout")
    boolean json;

    static <E extends Enum<E>> E parseEnum(Class<E> type, String option, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) return e;
        }
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) sb.append(sb.length() == 0 ? "" : ", ").append(e.name().toLowerCase());
        throw new InputException(option + " '" + value + "': expected one of " + sb);
    }

    /** The widest convolution stage train and bench train build. */
    static final int MAX_WIDTH = 4096;
    /** The most epochs a run plans. */
    static final int MAX_EPOCHS = 100_000;
    /** The most ND4J threads. */
    static final int MAX_THREADS = 256;

    static int[] parseWidths(String s) {
        String[] p = s.split(",", -1);
        if (p.length != 3) throw new InputException("--widths '" + s + "': expected three comma-separated channel counts, e.g. 32,64,128");
        int[] w = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                w[i] = Integer.parseInt(p[i].trim());
            } catch (NumberFormatException e) {
                throw new InputException("--widths '" + s + "': '" + p[i] + "' is not an integer: expected three channel counts"
                        + " from 1 to " + MAX_WIDTH);
            }
            if (w[i] < 1 || w[i] > MAX_WIDTH) {
                throw new InputException("--widths '" + s + "': " + w[i] + ": expected channel counts from 1 to " + MAX_WIDTH);
            }
        }
        return w;
    }

    /** A finite number > 0. */
    static double positive(String option, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new InputException(option + " " + v + ": expected a finite number > 0");
        return v;
    }

    /** A finite number >= 0. */
    static double nonNegative(String option, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new InputException(option + " " + v + ": expected a finite number >= 0");
        return v;
    }

    /** A number in [lo, hi] (hiOpen: [lo, hi)). */
    static double within(String option, double v, double lo, double hi, boolean hiOpen) {
        if (!(v >= lo && (hiOpen ? v < hi : v <= hi))) {
            throw new InputException(option + " " + v + ": expected a number in [" + fmt(lo) + ", " + fmt(hi) + (hiOpen ? ")" : "]"));
        }
        return v;
    }

    static int count(String option, int v, int lo, int hi) {
        if (v < lo || v > hi) throw new InputException(option + " " + v + ": expected " + lo + " to " + hi);
        return v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /**
     * Memory a training run of these widths and batch needs, estimated before anything is allocated: parameters with
     * their gradients and two Adam moments, and about ten activation-sized tensors per stage for the forward and
     * backward pass of one batch (floats).
     */
    static long trainingBytes(int[] w, int batch) {
        long params = 9L * w[0] + 9L * w[0] * w[1] + 9L * w[1] * w[2] + 9L * w[2] * 10;
        long act = 28L * 28 * w[0] + 14L * 14 * w[1] + 7L * 7 * w[2] + 28L * 28;
        return 4 * (4 * params + 10 * act * batch);
    }

    /** Refuses widths and a batch whose training would not fit in the heap Java has. */
    static void checkMemory(int[] w, int batch) {
        long need = trainingBytes(w, batch), heap = Runtime.getRuntime().maxMemory();
        if (need > heap) {
            throw new InputException("--widths " + w[0] + "," + w[1] + "," + w[2] + " with --batch " + batch + ": training needs"
                    + " about " + need / (1 << 20) + " MiB, at most " + heap / (1 << 20) + " MiB is available: expected"
                    + " smaller widths or batch, or give Java more, e.g. MEMSPICE_JAVA_OPTS=-Xmx16g ./memspice ...");
        }
    }

    TrainOptions options() {
        Architecture a = parseEnum(Architecture.class, "--arch", arch);
        TrainOptions.Method m = parseEnum(TrainOptions.Method.class, "--method", method);
        if (m == TrainOptions.Method.KDSNG && a != Architecture.BSSC) {
            throw new InputException("--method kdsng trains BSSC-Net: use it with --arch bssc (kdwg is the same method for --arch " + arch + ")");
        }
        if (m.distills() && teacher == null) throw new InputException("--method " + method + " needs --teacher FILE");
        count("--epochs", epochs, 1, MAX_EPOCHS);
        if (batch < 2) throw new InputException("--batch " + batch + ": expected >= 2 (batch norm needs batch statistics)");
        double lr = positive("--lr", this.lr != null ? this.lr : (a == Architecture.FP ? 1e-3 : 1e-2));
        positive("--temperature", temperature);
        within("--alpha", alpha, 0, 1, false);
        nonNegative("--adv-weight", advWeight);
        double alphaEnd = within("--alpha-end", this.alphaEnd != null ? this.alphaEnd : alpha, 0, 1, false);
        double advEnd = nonNegative("--adv-weight-end", advWeightEnd != null ? advWeightEnd : advWeight);
        nonNegative("--lambda", lambda);
        count("--critic-steps", criticSteps, 1, 1000);
        count("--critic-hidden", criticHidden, 1, 65536);
        positive("--critic-lr", criticLr);
        within("--critic-beta1", criticBeta1, 0, 1, true);
        within("--critic-beta2", criticBeta2, 0, 1, true);
        if (!(bnMomentum > 0 && bnMomentum <= 1)) throw new InputException("--bn-momentum " + bnMomentum + ": expected a number in (0, 1]");
        count("--threads", threads, 1, MAX_THREADS);
        if (stopAfter != null) count("--stop-after", stopAfter, 1, epochs);
        if (trainLimit < 0) throw new InputException("--train-limit " + trainLimit + ": expected a number of images >= 0 (0: all)");
        if (testLimit < 0) throw new InputException("--test-limit " + testLimit + ": expected a number of images >= 0 (0: all)");
        if (!out.getFileName().toString().endsWith(".json")) throw new InputException("--out " + out + ": expected a .json file name");
        int[] w = parseWidths(widths == null ? "32,64,128" : widths);
        checkMemory(w, batch);
        return new TrainOptions(a, m, w, epochs, seed, batch, lr, temperature, alpha, alphaEnd, advWeight, advEnd, lambda, criticSteps,
                criticHidden, criticLr, criticBeta1, criticBeta2, parseEnum(SignActivation.Estimator.class, "--ste", ste),
                bnMomentum, parseEnum(TrainOptions.DiscInput.class, "--disc-input", discInput), trainLimit, testLimit, teacher, augment);
    }

    /** Refuses a limit or batch the data cannot give: nothing is quietly clamped. */
    static void checkSets(ImageSet trainSet, ImageSet testSet, int trainLimit, int testLimit, int batch) {
        FashionMnist.checkSide(trainSet);
        FashionMnist.checkSide(testSet);
        if (trainLimit > trainSet.size()) {
            throw new InputException("--train-limit " + trainLimit + ": the training set " + trainSet.source() + " has "
                    + trainSet.size() + " images; expected at most " + trainSet.size());
        }
        if (testLimit > testSet.size()) {
            throw new InputException("--test-limit " + testLimit + ": the test set " + testSet.source() + " has "
                    + testSet.size() + " images; expected at most " + testSet.size());
        }
        int n = trainLimit > 0 ? trainLimit : trainSet.size();
        if (batch > n) {
            throw new InputException("--batch " + batch + ": larger than the " + n + " training images"
                    + (trainLimit > 0 ? " (--train-limit " + trainLimit + ")" : " of " + trainSet.source()) + "; expected at most " + n);
        }
    }

    static Path sibling(Path out, String ext) {
        String name = out.getFileName().toString();
        return out.resolveSibling(name.substring(0, name.length() - ".json".length()) + ext);
    }

    @Override
    public Integer call() {
        TrainOptions o = options();
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        String command = "memspice " + String.join(" ", args);
        Path csv = sibling(out, ".csv"), ckpt = sibling(out, ".ckpt");
        OutputPaths.file(out, "--out");
        OutputPaths.file(csv, "--out");
        OutputPaths.file(ckpt, "--out");
        if (resume) {
            if (Files.isDirectory(ckpt)) throw new InputException("--resume: " + ckpt + ": is a folder; expected a checkpoint file");
            if (!Files.exists(ckpt)) throw new InputException("--resume: no checkpoint " + ckpt);
        }
        if (teacher != null && !o.method().distills()) {
            throw new InputException("--teacher " + teacher + ": given with --method " + method.toLowerCase()
                    + ", which uses no teacher; expected --method kd, kdg, kdwg or kdsng");
        }
        ImageSet trainSet = FashionMnist.trainingSet(data);
        ImageSet testSet = FashionMnist.testSet(data);
        checkSets(trainSet, testSet, trainLimit, testLimit, batch);
        BnnModel teacherModel = null;
        if (o.method().distills()) {
            teacherModel = ModelFile.read(teacher);
            FashionMnist.checkModel(teacherModel, teacher, trainSet);
        }
        Nd4jRuntime.threads(threads);
        Trainer t = new Trainer(o, trainSet, testSet);
        OutputPaths.createParent(out, "--out");
        if (resume) {
            Checkpoint.read(t, ckpt);
            System.err.printf("resuming %s after epoch %d of %d%n", ckpt, t.epochsDone(), o.epochs());
        }
        if (teacherModel != null) t.loadTeacher(teacherModel, teacher.toString(), System.err);
        try {
            t.runEpochs(stopAfter == null ? o.epochs() : stopAfter, csv, ckpt, System.err, !noProgress);
        } catch (IOException e) {
            throw new InputException("--out " + out + ": cannot write the metrics or checkpoint: " + e);
        }
        if (t.epochsDone() < o.epochs()) {
            System.out.printf("stopped after epoch %d of %d: checkpoint %s, metrics %s; continue with the same command and --resume%n",
                    t.epochsDone(), o.epochs(), ckpt, csv);
            return 0;
        }
        List<Trainer.EpochResult> hist = t.history();
        Trainer.EpochResult last = hist.get(hist.size() - 1);
        Map<String, Object> hyper = o.asMap();
        String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        TrainingMetadata meta0 = new TrainingMetadata(arch.toLowerCase(), method.toLowerCase(), seed, t.epochsDone(), null,
                command, created, hyper);
        BnnModel model = org.memspice.train.ModelConversion.toModel(t.student, new Shape(1, 28, 28), meta0);
        Agreement ag = Agreement.measure(t.student, model, t.testSet());
        Double acc = testLimit == 0 ? ag.referenceAccuracy() : null;
        BnnModel finalModel = model.withMetadata(new TrainingMetadata(meta0.arch(), meta0.method(), seed, t.epochsDone(),
                acc, command, created, hyper));
        ModelFile.write(finalModel, out);
        Integer epochsTo85 = null;
        for (Trainer.EpochResult r : hist) {
            if (r.testAccuracy() >= 0.85) {
                epochsTo85 = r.epoch();
                break;
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("model", out.toString());
        res.put("arch", arch.toLowerCase());
        res.put("method", method.toLowerCase());
        res.put("seed", seed);
        res.put("epochs", t.epochsDone());
        res.put("testImages", ag.n());
        res.put("accuracy", ag.referenceAccuracy());
        res.put("nd4jAccuracy", ag.trainingAccuracy());
        res.put("predictionMismatches", ag.mismatches());
        res.put("epochsTo85", epochsTo85);
        res.put("lastEpochSeconds", last.seconds());
        res.put("binaryWeights", finalModel.binaryWeightCount());
        res.put("realWeights", finalModel.realWeightCount());
        res.put("metrics", csv.toString());
        if (json) {
            JsonOutput.print(res);
        } else {
            System.out.printf("%s: %s %s, %d epochs, test accuracy %.4f (%d images; ND4J forward %.4f, %d predictions differ), "
                            + "%d binary + %d real weights%n", out, arch, method, t.epochsDone(), ag.referenceAccuracy(), ag.n(),
                    ag.trainingAccuracy(), ag.mismatches(), finalModel.binaryWeightCount(), finalModel.realWeightCount());
            System.out.println("metrics: " + csv);
        }
        return 0;
    }
}
