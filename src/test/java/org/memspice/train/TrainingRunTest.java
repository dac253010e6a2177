package org.memspice.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.FloatInference;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.ModelFile;
import org.memspice.bnn.PackedInference;
import org.memspice.bnn.Shape;
import org.memspice.bnn.TrainingMetadata;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Short runs on a few hundred shipped test images: learning, export agreement, exact resume. */
class TrainingRunTest {
    static ImageSet images;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @BeforeAll
    static void setUp() {
        Nd4jRuntime.threads(1);
        images = FashionMnist.testSet(null).head(600);
    }

    static TrainOptions options(Architecture a, TrainOptions.Method m, int epochs, Path teacher) {
        return options(a, m, epochs, teacher, false);
    }

    static TrainOptions options(Architecture a, TrainOptions.Method m, int epochs, Path teacher, boolean augment) {
        return new TrainOptions(a, m, new int[] {4, 8, 8}, epochs, 3, 25, a == Architecture.FP ? 3e-3 : 1e-2, 4, 0.9, 0.9, 0.1, 0.1, 10, 2, 16, 1e-4, 0, 0.9,
                SignActivation.Estimator.HTANH, 0.1, TrainOptions.DiscInput.SOFTMAX, 400, 0, teacher, augment);
    }

    static ImageSet testPart() {
        return new ImageSet("part", images.rows(), images.cols(),
                java.util.Arrays.copyOfRange(images.pixels(), 400 * 784, 600 * 784),
                java.util.Arrays.copyOfRange(images.labels(), 400, 600));
    }

    static int[] predictions(Network net, ImageSet set) {
        return Trainer.argmax(net.forward(Trainer.batch(set, Trainer.range(0, set.size())), false));
    }

    @Test
    void exportedBinaryNetworksPredictExactlyAsTheReferenceInference(@TempDir Path dir) throws Exception {
        for (Architecture a : new Architecture[] {Architecture.BNN, Architecture.BSSC}) {
            Trainer t = new Trainer(options(a, TrainOptions.Method.BASELINE, 2, null), images, testPart());
            t.run(dir.resolve(a + ".csv"), null, QUIET, false);
            // learns something: twice the 10 % of chance on held-out images (a tiny net, 32 steps)
            assertTrue(t.history().get(1).testAccuracy() > 0.2, a + " accuracy " + t.history().get(1).testAccuracy());
            BnnModel m = ModelConversion.toModel(t.student, new Shape(1, 28, 28),
                    new TrainingMetadata(a.name().toLowerCase(), "baseline", 3, 2, null, "test", "2026-01-01T00:00:00Z", null));
            Path f = dir.resolve(a + ".json");
            ModelFile.write(m, f);
            BnnModel back = ModelFile.read(f);
            ImageSet part = testPart();
            int[] nd4j = predictions(t.student, part);
            FloatInference ref = new FloatInference(back);
            PackedInference packed = new PackedInference(back);
            for (int i = 0; i < part.size(); i++) {
                assertEquals(nd4j[i], ref.predict(part.image(i)), a + " image " + i + " (float reference)");
                assertEquals(nd4j[i], packed.predict(part.image(i)), a + " image " + i + " (bit-packed)");
            }
            // conv1 9*4, stages 9*4*8 and 9*8*8 (separable: 3*4*4 + 3*4*8 and 3*8*8 + 3*8*8), head 2*2*8*10
            assertEquals(a == Architecture.BNN ? 36 + 288 + 576 + 720 : 36 + 144 + 384 + 720, back.binaryWeightCount());
        }
    }

    @Test
    void teacherRoundTripsThroughTheModelFile(@TempDir Path dir) throws Exception {
        Trainer t = new Trainer(options(Architecture.FP, TrainOptions.Method.BASELINE, 1, null), images, testPart());
        t.run(dir.resolve("fp.csv"), null, QUIET, false);
        BnnModel m = ModelConversion.toModel(t.student, new Shape(1, 28, 28),
                new TrainingMetadata("fp", "baseline", 3, 1, null, "test", "2026-01-01T00:00:00Z", null));
        Network back = ModelConversion.toNetwork(m, org.nd4j.linalg.api.buffer.DataType.FLOAT, "fp");
        ImageSet part = testPart();
        INDArray a = t.student.forward(Trainer.batch(part, Trainer.range(0, 50)), false);
        INDArray b = back.forward(Trainer.batch(part, Trainer.range(0, 50)), false);
        assertEquals(0, a.sub(b).amaxNumber().doubleValue(), 1e-4 * Math.max(1, a.amaxNumber().doubleValue()));
        FloatInference ref = new FloatInference(m);
        int[] p = predictions(t.student, part);
        for (int i = 0; i < part.size(); i++) assertEquals(p[i], ref.predict(part.image(i)), "image " + i);
    }

    /** d with the distillation weight going from alpha to alphaEnd. */
    static TrainOptions withAlpha(TrainOptions d, double alpha, double alphaEnd) {
        return new TrainOptions(d.arch(), d.method(), d.widths(), d.epochs(), d.seed(), d.batch(), d.lr(),
                d.temperature(), alpha, alphaEnd, d.advWeight(), d.advWeightEnd(), d.lambda(), d.criticSteps(), d.criticHidden(),
                d.criticLr(), d.criticBeta1(), d.criticBeta2(), d.ste(), d.bnMomentum(), d.discInput(), d.trainLimit(),
                d.testLimit(), d.teacher(), d.augment());
    }

    /** A one-epoch full-precision teacher written to dir/teacher.json. */
    static Path tinyTeacher(Path dir) throws Exception {
        Path teacherFile = dir.resolve("teacher.json");
        Trainer tt = new Trainer(options(Architecture.FP, TrainOptions.Method.BASELINE, 1, null), images, testPart());
        tt.run(dir.resolve("t.csv"), null, QUIET, false);
        ModelFile.write(ModelConversion.toModel(tt.student, new Shape(1, 28, 28),
                new TrainingMetadata("fp", "baseline", 3, 1, null, "test", "2026-01-01T00:00:00Z", null)), teacherFile);
        return teacherFile;
    }

    @Test
    void resumeContinuesBitForBit(@TempDir Path dir) throws Exception {
        Path teacherFile = tinyTeacher(dir);
        BnnModel teacher = ModelFile.read(teacherFile);
        // augmented batches: the teacher's logits are computed per step from the same augmented images
        TrainOptions o = options(Architecture.BSSC, TrainOptions.Method.KDSNG, 2, teacherFile, true);
        Trainer straight = new Trainer(o, images, testPart());
        straight.loadTeacher(teacher, "teacher", QUIET);
        straight.run(dir.resolve("a.csv"), dir.resolve("a.ckpt"), QUIET, false);

        TrainOptions one = options(Architecture.BSSC, TrainOptions.Method.KDSNG, 2, teacherFile, true);
        // an identical run interrupted after its first epoch
        Trainer partial = new Trainer(one, images, testPart());
        partial.loadTeacher(teacher, "teacher", QUIET);
        partial.runEpochs(1, dir.resolve("b.csv"), dir.resolve("b.ckpt"), QUIET, false);
        Trainer resumed = new Trainer(one, images, testPart());
        // a damaged copy (its last value NaN) is refused and changes nothing: the whole file is checked first
        byte[] good = Files.readAllBytes(dir.resolve("b.ckpt"));
        byte[] damaged = good.clone();
        java.nio.ByteBuffer.wrap(damaged).putDouble(damaged.length - 8, Double.NaN);
        Files.write(dir.resolve("d.ckpt"), damaged);
        double[] before = Raw.of(Checkpoint.tensors(resumed).get(0));
        org.memspice.InputException e = org.junit.jupiter.api.Assertions.assertThrows(org.memspice.InputException.class,
                () -> Checkpoint.read(resumed, dir.resolve("d.ckpt")));
        assertTrue(e.getMessage().startsWith(dir.resolve("d.ckpt") + ": damaged checkpoint: tensor "), e.getMessage());
        assertTrue(e.getMessage().endsWith("is NaN: expected a finite number"), e.getMessage());
        assertArrayEquals(before, Raw.of(Checkpoint.tensors(resumed).get(0)), 0.0);
        assertEquals(0, resumed.epochsDone());
        Files.write(dir.resolve("d.ckpt"), java.util.Arrays.copyOf(good, good.length + 1));
        e = org.junit.jupiter.api.Assertions.assertThrows(org.memspice.InputException.class,
                () -> Checkpoint.read(resumed, dir.resolve("d.ckpt")));
        assertTrue(e.getMessage().contains("bytes after the last tensor"), e.getMessage());
        Checkpoint.read(resumed, dir.resolve("b.ckpt"));
        assertEquals(1, resumed.epochsDone());
        resumed.loadTeacher(teacher, "teacher", QUIET);
        resumed.run(dir.resolve("b.csv"), dir.resolve("b.ckpt"), QUIET, false);
        List<INDArray> x = Checkpoint.tensors(straight), y = Checkpoint.tensors(resumed);
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) assertArrayEquals(Raw.of(x.get(i)), Raw.of(y.get(i)), 0.0, "tensor " + i);
        assertEquals(straight.history().get(1).testAccuracy(), resumed.history().get(1).testAccuracy());
        assertEquals(3, Files.readAllLines(dir.resolve("b.csv")).size()); // header + 2 epochs
        assertTrue(straight.history().get(1).penalty() >= 0);
    }

    @Test
    void augmentationFlipsAndShiftsWithinTheImage() {
        int[] idx = {0, 1, 2, 3, 4, 5, 6, 7};
        float[] plain = Raw.floats(Trainer.batch(images, idx));
        float[] aug = Raw.floats(Trainer.batch(images, idx, new java.util.Random(9)));
        java.util.Random r = new java.util.Random(9);
        for (int b = 0; b < idx.length; b++) {
            boolean flip = r.nextBoolean();
            int dx = r.nextInt(5) - 2, dy = r.nextInt(5) - 2;
            for (int y = 0; y < 28; y++) {
                for (int c = 0; c < 28; c++) {
                    int sy = y - dy, sx = flip ? 27 - (c - dx) : c - dx;
                    float want = sy < 0 || sy > 27 || sx < 0 || sx > 27 ? 0f : plain[b * 784 + sy * 28 + sx];
                    assertEquals(want, aug[b * 784 + y * 28 + c], "image " + b + " pixel " + y + "," + c);
                }
            }
        }
    }

    @Test
    void cosineScheduleStartsAtStartEndsAtEndAndCrossesTheMeanHalfWay() {
        assertEquals(0.5, TrainOptions.cosine(0.5, 0.1, 0, 1000), 0.0);
        assertEquals(0.3, TrainOptions.cosine(0.5, 0.1, 500, 1000), 1e-15);
        assertEquals(0.1, TrainOptions.cosine(0.5, 0.1, 1000, 1000), 1e-15);
        // 0.1 + 0.4 (1 + cos(pi/4)) / 2
        assertEquals(0.1 + 0.2 * (1 + Math.sqrt(0.5)), TrainOptions.cosine(0.5, 0.1, 250, 1000), 1e-15);
        assertEquals(0.7, TrainOptions.cosine(0.7, 0.7, 123, 1000), 0.0);
    }

    @Test
    void distillationWithWeightScheduledToZeroThroughoutIsCrossEntropyTraining(@TempDir Path dir) throws Exception {
        Path teacherFile = tinyTeacher(dir);
        Trainer base = new Trainer(options(Architecture.BNN, TrainOptions.Method.BASELINE, 1, null), images, testPart());
        base.run(dir.resolve("b.csv"), null, QUIET, false);
        TrainOptions d = options(Architecture.BNN, TrainOptions.Method.KD, 1, teacherFile);
        // the same run with alpha = alphaEnd = 0: the per-step weight must reach the loss
        TrainOptions zero = withAlpha(d, 0, 0);
        Trainer kd = new Trainer(zero, images, testPart());
        kd.loadTeacher(ModelFile.read(teacherFile), "teacher", QUIET);
        kd.run(dir.resolve("k.csv"), null, QUIET, false);
        List<INDArray> x = Checkpoint.tensors(base), y = Checkpoint.tensors(kd);
        for (int i = 0; i < x.size(); i++) assertArrayEquals(Raw.of(x.get(i)), Raw.of(y.get(i)), 0.0, "tensor " + i);
        // a schedule from 0.9 to 0 trains differently from the constant 0.9
        Trainer constant = new Trainer(d, images, testPart());
        constant.loadTeacher(ModelFile.read(teacherFile), "teacher", QUIET);
        constant.run(dir.resolve("c.csv"), null, QUIET, false);
        TrainOptions decayed = withAlpha(d, 0.9, 0);
        Trainer dec = new Trainer(decayed, images, testPart());
        dec.loadTeacher(ModelFile.read(teacherFile), "teacher", QUIET);
        dec.run(dir.resolve("d.csv"), null, QUIET, false);
        assertTrue(constant.history().get(0).taskLoss() != dec.history().get(0).taskLoss());
    }
}
