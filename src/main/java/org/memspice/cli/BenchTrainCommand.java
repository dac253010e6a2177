package org.memspice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.FloatInference;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.Shape;
import org.memspice.bnn.TrainingMetadata;
import org.memspice.bnn.Architecture;
import org.memspice.train.ModelConversion;
import org.memspice.train.Nd4jRuntime;
import org.memspice.train.SignActivation;
import org.memspice.train.TrainOptions;
import org.memspice.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Training and inference speed of the ND4J networks, against the reference per-image float inference. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Training and inference images/s of fp, bnn and bssc (ND4J, default widths), the epoch time "
                + "this gives for 60000 images, and the ND4J batch inference against the reference per-image float "
                + "inference of the model file (org.memspice.bnn) measured in the same run."})
public final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--widths", defaultValue = "32,64,128", description = "channels of the three conv stages (default ${DEFAULT-VALUE})")
    String widths;
    @Option(names = "--batch", defaultValue = "100", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--steps", defaultValue = "20", description = "timed training steps per network (default ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--images", defaultValue = "2000", description = "test images for the inference timing (default ${DEFAULT-VALUE})")
    int images;
    @Option(names = "--data", description = "Fashion-MNIST directory")
    Path data;
    @Option(names = "--threads", defaultValue = "1", description = "ND4J native threads (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--arch", split = ",", description = "networks to time, of fp, bnn, bssc (default: all three)")
    List<String> archs;
    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        TrainCommand.count("--steps", steps, 1, 100_000);
        if (batch < 2) throw new InputException("--batch " + batch + ": expected >= 2 (batch norm needs batch statistics)");
        // the reference timing runs a quarter of the images: at least one
        TrainCommand.count("--images", images, 4, 1_000_000);
        TrainCommand.count("--threads", threads, 1, TrainCommand.MAX_THREADS);
        int[] w = TrainCommand.parseWidths(widths);
        TrainCommand.checkMemory(w, batch);
        ImageSet train = FashionMnist.trainingSet(data);
        ImageSet test = FashionMnist.testSet(data);
        FashionMnist.checkSide(train);
        FashionMnist.checkSide(test);
        long needed = (long) batch * (steps + 3);
        if (needed > train.size()) {
            throw new InputException("--steps " + steps + " with --batch " + batch + ": needs " + needed + " training images"
                    + " (batch x (steps + 3 warm-up steps)), the training set " + train.source() + " has " + train.size()
                    + "; expected at most " + train.size() + " images");
        }
        if (images > test.size()) {
            throw new InputException("--images " + images + ": the test set " + test.source() + " has " + test.size()
                    + " images; expected at most " + test.size());
        }
        List<Architecture> timed = new ArrayList<>();
        for (String a : archs == null ? List.of("fp", "bnn", "bssc") : archs) {
            Architecture arch = switch (a) {
                case "fp" -> Architecture.FP;
                case "bnn" -> Architecture.BNN;
                case "bssc" -> Architecture.BSSC;
                default -> throw new InputException("--arch " + a + ": expected fp, bnn or bssc");
            };
            if (!timed.contains(arch)) timed.add(arch);
        }
        Nd4jRuntime.threads(threads);
        List<Map<String, Object>> rows = new ArrayList<>();
        // a random teacher: distillation costs the same whatever its weights
        Trainer teacherRun = new Trainer(options(Architecture.FP, TrainOptions.Method.BASELINE, w), train, test);
        BnnModel teacher = ModelConversion.toModel(teacherRun.student, new Shape(1, 28, 28),
                new TrainingMetadata("fp", "random", 1, 0, null, "bench", "1970-01-01T00:00:00Z", null));
        Object[][] cases = {
                {Architecture.FP, TrainOptions.Method.BASELINE},
                {Architecture.BNN, TrainOptions.Method.BASELINE},
                {Architecture.BNN, TrainOptions.Method.KDWG},
                {Architecture.BSSC, TrainOptions.Method.BASELINE},
                {Architecture.BSSC, TrainOptions.Method.KDSNG},
        };
        for (Object[] c : cases) {
            Architecture a = (Architecture) c[0];
            TrainOptions.Method m = (TrainOptions.Method) c[1];
            if (!timed.contains(a)) continue;
            Trainer t = new Trainer(options(a, m, w), train, test);
            if (m.distills()) t.loadTeacher(teacher, "random teacher", new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            double trainRate = t.trainingThroughput(3, steps);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("arch", a.name().toLowerCase());
            r.put("method", m.name().toLowerCase());
            r.put("parameters", parameterCount(t));
            r.put("trainImagesPerSecond", round(trainRate));
            r.put("epochSeconds", round(60000 / trainRate));
            if (m == TrainOptions.Method.BASELINE) {
                double inf = t.inferenceThroughput(500, images);
                BnnModel model = ModelConversion.toModel(t.student, new Shape(1, 28, 28),
                        new TrainingMetadata(a.name().toLowerCase(), "random", 1, 0, null, "bench", "1970-01-01T00:00:00Z", null));
                FloatInference ref = new FloatInference(model);
                int n = images / 4;
                long t0 = System.nanoTime();
                int sink = 0;
                for (int i = 0; i < n; i++) sink += ref.predict(test.image(i));
                double refRate = n / ((System.nanoTime() - t0) / 1e9);
                r.put("inferImagesPerSecond", round(inf));
                r.put("referenceInferImagesPerSecond", round(refRate));
                r.put("inferSpeedup", round(inf / refRate));
                r.put("checksum", sink);
            }
            rows.add(r);
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("widths", widths);
        res.put("batch", batch);
        res.put("threads", threads);
        res.put("results", rows);
        if (json) {
            JsonOutput.print(res);
        } else {
            System.out.printf("widths %s, batch %d, %d ND4J thread(s)%n", widths, batch, threads);
            System.out.printf("%-5s %-9s %12s %10s %12s %14s %8s%n", "arch", "method", "train img/s", "epoch s",
                    "infer img/s", "reference img/s", "ratio");
            for (Map<String, Object> r : rows) {
                System.out.printf("%-5s %-9s %12s %10s %12s %14s %8s%n", r.get("arch"), r.get("method"),
                        r.get("trainImagesPerSecond"), r.get("epochSeconds"), r.getOrDefault("inferImagesPerSecond", "-"),
                        r.getOrDefault("referenceInferImagesPerSecond", "-"), r.getOrDefault("inferSpeedup", "-"));
            }
        }
        return 0;
    }

    private TrainOptions options(Architecture a, TrainOptions.Method m, int[] w) {
        return new TrainOptions(a, m, w, 1, 1, batch, a == Architecture.FP ? 1e-3 : 1e-2, 4, 0.9, 0.9, 0.1, 0.1, 10, 5, 64, 1e-4, 0, 0.9,
                SignActivation.Estimator.HTANH, 0.1, TrainOptions.DiscInput.SOFTMAX, batch * (steps + 3), 0,
                m.distills() ? Path.of("random") : null, false);
    }

    /** Trainable values of the student (weights, biases, batch-norm scales and shifts, the logit scale). */
    private static long parameterCount(Trainer t) {
        long n = 0;
        for (org.memspice.train.Param p : t.student.params()) n += p.value.length();
        return n;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
