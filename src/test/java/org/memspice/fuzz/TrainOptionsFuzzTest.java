package org.memspice.fuzz;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option of train, eval and bench train, and training checkpoints: values that make no sense (0, negative,
 * NaN, Infinity, 1e308, huge integers, betas of 1 or more, limits beyond the data, output paths under a regular
 * file) are refused with exit 2 naming the option, the value and what was expected, before any training starts;
 * a damaged or foreign checkpoint is refused naming the file. Real training here is tiny (a few images, widths 2).
 */
class TrainOptionsFuzzTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path teacher;
    static int outs;

    @BeforeAll
    static void data() {
        data = FuzzFiles.dataFolder(dir.resolve("data"), 40);
        teacher = dir.resolve("teacher.json");
        FuzzFiles.write(teacher, ModelFileFuzzTest.minimal(""));
    }

    static Path out() {
        return dir.resolve("out-" + outs++).resolve("m.json");
    }

    static String[] join(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The smallest training run: widths 2, 20 images, one epoch of two batches; {@code more} adds or overrides. */
    static String[] train(Path out, String... more) {
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        String[] base = {"--arch", "bnn", "--widths", "2,2,2", "--epochs", "1", "--batch", "10", "--train-limit", "20",
                "--test-limit", "10", "--out", out.toString(), "--data", data.toString()};
        for (int i = 0; i < base.length; i += 2) o.put(base[i], base[i + 1]);
        List<String> flags = new ArrayList<>(List.of("--no-progress"));
        for (int i = 0; i < more.length; i++) {
            if (FLAGS.contains(more[i])) {
                flags.add(more[i]);
            } else {
                o.put(more[i], more[++i]);   // an option given here replaces the base value
            }
        }
        List<String> args = new ArrayList<>(List.of("train"));
        o.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        args.addAll(flags);
        return args.toArray(new String[0]);
    }

    static final java.util.Set<String> FLAGS = java.util.Set.of("--resume", "--augment", "--json", "--no-progress");

    static void refusedTrain(String kind, String option, String value, String expected, String... more) {
        String[] args = more.length == 0 ? train(out(), option, value) : train(out(), join(new String[] {option, value}, more));
        Promise.refused("train options", kind, Promise.run(30, args), option, value, expected);
    }

    @Test
    void trainOptionsThatMakeNoSenseAreRefusedBeforeTraining() {
        String finitePositive = "expected a finite number > 0", finiteNonNeg = "expected a finite number >= 0";
        for (String v : new String[] {"0", "-1", "2147483647", "-2147483648"}) {
            refusedTrain("epochs", "--epochs", v, "expected 1 to 100000");
        }
        for (String v : new String[] {"1", "0", "-5"}) {
            refusedTrain("batch", "--batch", v, "expected >= 2");
        }
        refusedTrain("batch beyond the data", "--batch", "21", "expected at most 20");
        refusedTrain("batch beyond the heap", "--batch", "2147483647", "MEMSPICE_JAVA_OPTS=-Xmx16g");
        for (String v : new String[] {"0", "-1", "NaN", "Infinity", "-Infinity"}) {
            refusedTrain("lr", "--lr", v.equals("-1") ? "-1" : v, finitePositive);
            refusedTrain("temperature", "--temperature", v, finitePositive);
            refusedTrain("critic lr", "--critic-lr", v, finitePositive);
        }
        for (String v : new String[] {"2", "NaN", "-0.1", "1e308", "Infinity"}) {
            refusedTrain("alpha", "--alpha", v.equals("1e308") ? "1.0E308" : v, "expected a number in [0, 1]");
            refusedTrain("alpha end", "--alpha-end", v.equals("1e308") ? "1.0E308" : v, "expected a number in [0, 1]");
        }
        for (String v : new String[] {"-1", "NaN", "Infinity", "-Infinity"}) {
            refusedTrain("adversarial weight", "--adv-weight", v, finiteNonNeg);
            refusedTrain("adversarial weight end", "--adv-weight-end", v, finiteNonNeg);
            refusedTrain("gradient penalty", "--lambda", v, finiteNonNeg);
        }
        for (String v : new String[] {"1", "2", "-0.1", "NaN", "Infinity"}) {
            refusedTrain("adam beta", "--critic-beta1", v, "expected a number in [0, 1)");
            refusedTrain("adam beta", "--critic-beta2", v, "expected a number in [0, 1)");
        }
        for (String v : new String[] {"0", "1.5", "NaN", "-0.1"}) {
            refusedTrain("momentum", "--bn-momentum", v, "expected a number in (0, 1]");
        }
        for (String v : new String[] {"0", "-1", "2147483647"}) {
            refusedTrain("critic steps", "--critic-steps", v, "expected 1 to 1000");
            refusedTrain("critic hidden", "--critic-hidden", v, "expected 1 to 65536");
            refusedTrain("threads", "--threads", v, "expected 1 to 256");
        }
        refusedTrain("stop after", "--stop-after", "0", "expected 1 to 1");
        refusedTrain("stop after", "--stop-after", "2", "expected 1 to 1");
        refusedTrain("stop after", "--stop-after", "4", "expected 1 to 3", "--epochs", "3");
        refusedTrain("limits", "--train-limit", "-1", "expected a number of images >= 0");
        refusedTrain("limits", "--test-limit", "-1", "expected a number of images >= 0");
        refusedTrain("limits", "--train-limit", "41", "expected at most 40");
        refusedTrain("limits", "--test-limit", "2147483647", "expected at most 40");
        refusedTrain("limits", "--train-limit", "5", "expected at most 5");   // the batch of 10 does not fit
        for (String w : new String[] {"0,2,2", "-1,2,2", "2,2", "2,2,2,2", "x,2,2", "100000,2,2", "", "2,,2"}) {
            refusedTrain("widths", "--widths", w, "expected");
        }
        refusedTrain("widths beyond the heap", "--widths", "4096,4096,4096", "MEMSPICE_JAVA_OPTS=-Xmx16g");
        refusedTrain("names", "--arch", "resnet", "expected one of fp, bnn, bssc");
        refusedTrain("names", "--method", "dropout", "expected one of baseline");
        refusedTrain("names", "--ste", "tanh", "expected one of htanh, approxsign");
        refusedTrain("names", "--disc-input", "pixels", "expected one of softmax, logits");
        refusedTrain("names", "--method", "kdsng", "--arch bssc");
        refusedTrain("teacher", "--method", "kd", "needs --teacher");
        refusedTrain("teacher", "--teacher", teacher.toString(), "expected --method kd");
    }

    @Test
    void teachersAreCheckedBeforeTraining() throws IOException {
        Path missing = dir.resolve("no-teacher.json");
        Promise.refused("train options", "teacher", Promise.run(30, train(out(), "--method", "kd", "--teacher",
                missing.toString())), missing.toString(), "no such model file");
        Path folder = dir.resolve("teacher-folder.json");
        Files.createDirectories(folder);
        Promise.refused("train options", "teacher", Promise.run(30, train(out(), "--method", "kd", "--teacher",
                folder.toString())), folder.toString(), "is a folder");
        String ok = ModelFileFuzzTest.minimal("");
        Path three = dir.resolve("teacher-3.json");
        FuzzFiles.write(three, ok.replace("\"out\": 10", "\"out\": 3").replace(
                java.util.Base64.getEncoder().encodeToString(new byte[980]),
                java.util.Base64.getEncoder().encodeToString(new byte[294])));
        Promise.refused("train options", "teacher", Promise.run(30, train(out(), "--method", "kdwg", "--teacher",
                three.toString())), three.toString(), "$.layers[1].out", "3 class scores", "expected 10");
        // a teacher whose scores come from a 28 x 28 convolution (10x1x1, no flatten), with and without augmentation
        Path convTeacher = dir.resolve("teacher-conv.json");
        FuzzFiles.write(convTeacher, ok.replaceAll("(?s)\"layers\": \\[.*\\]", "\"layers\": [{\"type\": \"conv\", \"in\": 1,"
                + " \"out\": 10, \"k\": 28, \"binaryWeights\": false, \"weights\": [" + "0.01, ".repeat(7839) + "0.02]}]"));
        for (String aug : new String[] {"--json", "--augment"}) {
            Path o = out();
            Promise.Outcome res = Promise.run(60, train(o, "--method", "kd", "--teacher", convTeacher.toString(), aug));
            Promise.kept("train options", "teacher", res, convTeacher.toString());
            if (res.status() == 0) Promise.finiteFiles(o.getParent(), res);
        }
        Path broken = dir.resolve("teacher-broken.json");
        FuzzFiles.write(broken, ok.replace("\"seed\": 1", "\"seed\": NaN"));
        Promise.refused("train options", "teacher", Promise.run(30, train(out(), "--method", "kd", "--teacher",
                broken.toString())), broken.toString(), "$.metadata.seed");
    }

    @Test
    void outputPathsAreCheckedWhenTrainStarts() throws IOException {
        Path file = dir.resolve("regular-file");
        Files.writeString(file, "x");
        Path under = file.resolve("m.json");
        Promise.refused("train options", "output path", Promise.run(30, train(under)), "--out", under.toString(),
                "is a file, not a folder");
        Path folderOut = dir.resolve("folder-out").resolve("m.json");
        Files.createDirectories(folderOut);
        Promise.refused("train options", "output path", Promise.run(30, train(folderOut)), "--out", "is a folder");
        Path csvFolder = dir.resolve("csv-folder").resolve("m.json");
        Files.createDirectories(csvFolder.resolveSibling("m.csv"));
        Promise.refused("train options", "output path", Promise.run(30, train(csvFolder)), "--out", "m.csv", "is a folder");
        Path ckptFolder = dir.resolve("ckpt-folder").resolve("m.json");
        Files.createDirectories(ckptFolder.resolveSibling("m.ckpt"));
        Promise.refused("train options", "output path", Promise.run(30, train(ckptFolder)), "--out", "m.ckpt", "is a folder");
        Promise.refused("train options", "output path", Promise.run(30, train(ckptFolder, "--resume")), "m.ckpt",
                "is a folder");
        Path txt = dir.resolve("m.txt");
        Promise.refused("train options", "output path", Promise.run(30, train(txt)), "--out", "expected a .json file name");
        Path noCkpt = out();
        Promise.refused("train options", "resume", Promise.run(30, train(noCkpt, "--resume")), "--resume", "no checkpoint");
        Path none = dir.resolve("no-data");
        Promise.refused("train options", "data", Promise.run(30, train(out(), "--data", none.toString())), "--data",
                none.toString(), "no such directory");
        Promise.refused("train options", "data", Promise.run(30, train(out(), "--data", file.toString())), "--data",
                file.toString(), "is a file");
    }

    @Test
    void seededOptionValuesAreRefusedOrRunTiny() {
        String[][] options = {{"--lr", "d"}, {"--temperature", "d"}, {"--alpha", "d"}, {"--alpha-end", "d"},
                {"--adv-weight", "d"}, {"--adv-weight-end", "d"}, {"--lambda", "d"}, {"--critic-lr", "d"},
                {"--critic-beta1", "d"}, {"--critic-beta2", "d"}, {"--bn-momentum", "d"}, {"--epochs", "i"},
                {"--batch", "i"}, {"--critic-steps", "i"}, {"--critic-hidden", "i"}, {"--threads", "i"},
                {"--stop-after", "i"}, {"--train-limit", "i"}, {"--test-limit", "i"}};
        String[] doubles = {"NaN", "Infinity", "-Infinity", "1e308", "-1e308", "-1", "0", "1", "2", "-0.0", "1e-320"};
        String[] ints = {"0", "-1", "2147483647", "-2147483648", "1000001", "3"};
        SplittableRandom r = new SplittableRandom(99);
        for (int i = 0; i < 16; i++) {
            String[] o = options[r.nextInt(options.length)];
            String v = o[1].equals("d") ? doubles[r.nextInt(doubles.length)] : ints[r.nextInt(ints.length)];
            Path out = out();
            Promise.Outcome res = Promise.run(60, train(out, o[0], v));
            Promise.kept("train options", "seeded value", res, o[0]);
            if (res.status() == 0) Promise.finiteFiles(out.getParent(), res);
        }
    }

    @Test
    void extremeLegalValuesTrainToFiniteNumbersOrStopWithAReason() throws IOException {
        Path goodTeacher = dir.resolve("teacher-28.json");
        org.memspice.bnn.ModelFile.write(org.memspice.bnn.Architecture.FP.random(new int[] {2, 2}, 0, 5, 0), goodTeacher);
        String[][] cases = {{"--lr", "1e308"}, {"--temperature", "1e-300"}, {"--bn-momentum", "1e-300"}};
        for (String[] c : cases) {
            Path out = out();
            Promise.Outcome o = Promise.run(60, train(out, c[0], c[1], "--method", "kd", "--teacher", goodTeacher.toString()));
            Promise.kept("train options", "extreme legal value", o, c[0]);
            if (o.status() == 0) Promise.finiteFiles(out.getParent(), o);
        }
        String[][] adversarial = {{"--adv-weight", "1e308"}, {"--critic-lr", "1e308"}};
        for (String[] c : adversarial) {
            Path out = out();
            Promise.Outcome o = Promise.run(60, train(out, c[0], c[1], "--method", "kdwg", "--teacher", goodTeacher.toString(),
                    "--critic-steps", "1"));
            Promise.kept("train options", "extreme legal value", o, c[0]);
            if (o.status() == 0) Promise.finiteFiles(out.getParent(), o);
        }
    }

    @Test
    void evalOptionsThatMakeNoSenseAreRefused() {
        String[] base = {"eval", "--model", teacher.toString(), "--data", data.toString()};
        for (String v : new String[] {"0", "-1"}) {
            Promise.refused("eval options", "limit", Promise.run(20, join(base, "--limit", v)), "--limit " + v,
                    "expected a number of images >= 1");
        }
        for (String v : new String[] {"41", "2147483647"}) {
            Promise.refused("eval options", "limit", Promise.run(20, join(base, "--limit", v)), "--limit " + v,
                    "expected at most 40");
        }
        for (String v : new String[] {"0", "-1", "257", "2147483647"}) {
            Promise.refused("eval options", "threads", Promise.run(20, join(base, "--threads", v)), "--threads " + v,
                    "expected 1 to 256");
        }
        Promise.succeeded("eval options", "valid", Promise.run(20, join(base, "--limit", "40", "--threads", "3", "--json")));
        Promise.succeeded("eval options", "valid", Promise.run(20, join(base, "--path", "float", "--limit", "1")));
    }

    @Test
    void benchTrainOptionsThatMakeNoSenseAreRefused() {
        String s = "bench train options";
        for (String v : new String[] {"0", "-1", "2147483647"}) {
            Promise.refused(s, "steps", Promise.run(20, bench("--steps", v)), "--steps " + v, "expected 1 to 100000");
        }
        Promise.refused(s, "steps beyond the data", Promise.run(20, bench("--steps", "20")), "--steps 20",
                "needs 46 training images", "expected at most 40");
        for (String v : new String[] {"1", "0", "-3"}) {
            Promise.refused(s, "batch", Promise.run(20, bench("--batch", v)), "--batch " + v, "expected >= 2");
        }
        Promise.refused(s, "batch beyond the heap", Promise.run(20, bench("--batch", "2147483647")), "--batch 2147483647",
                "MEMSPICE_JAVA_OPTS=-Xmx16g");
        for (String v : new String[] {"0", "3", "-1", "2147483647"}) {
            Promise.refused(s, "images", Promise.run(20, bench("--images", v)), "--images " + v, "expected 4 to 1000000");
        }
        Promise.refused(s, "images beyond the data", Promise.run(20, bench("--images", "41")), "--images 41",
                "expected at most 40");
        for (String v : new String[] {"0", "300"}) {
            Promise.refused(s, "threads", Promise.run(20, bench("--threads", v)), "--threads " + v, "expected 1 to 256");
        }
        for (String w : new String[] {"0,1,1", "1,2", "a,b,c", "5000,1,1"}) {
            Promise.refused(s, "widths", Promise.run(20, bench("--widths", w)), "--widths '" + w + "'", "expected");
        }
        Path none = dir.resolve("no-bench-data");
        Promise.refused(s, "data", Promise.run(20, bench("--data", none.toString())), "--data " + none, "no such directory");
        Promise.succeeded(s, "tiny run", Promise.run(60, bench("--json")));
    }

    /** The smallest bench train run; {@code more} adds or overrides options. */
    static String[] bench(String... more) {
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        String[] base = {"--widths", "2,2,2", "--batch", "2", "--steps", "1", "--images", "4", "--data", data.toString()};
        for (int i = 0; i < base.length; i += 2) o.put(base[i], base[i + 1]);
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < more.length; i++) {
            if (FLAGS.contains(more[i])) flags.add(more[i]);
            else o.put(more[i], more[++i]);
        }
        List<String> args = new ArrayList<>(List.of("bench", "train"));
        o.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        args.addAll(flags);
        return args.toArray(new String[0]);
    }

    // ------------------------------------------------------------------ checkpoints

    static Path checkpointRun;

    /** A checkpoint after epoch 1 of 2 (the tiny run stopped early), made once. */
    static synchronized byte[] checkpoint() throws IOException {
        if (checkpointRun == null) {
            checkpointRun = dir.resolve("ckpt-base").resolve("m.json");
            Promise.succeeded("checkpoint", "valid", Promise.run(120, train(checkpointRun, "--epochs", "2", "--stop-after", "1")));
        }
        return Files.readAllBytes(checkpointRun.resolveSibling("m.ckpt"));
    }

    /** Resumes from {@code ckpt} put next to a fresh --out. */
    static Promise.Outcome resume(byte[] ckpt, String... more) throws IOException {
        Path out = out();
        Files.createDirectories(out.getParent());
        Files.write(out.resolveSibling("m.ckpt"), ckpt);
        return Promise.run(60, train(out, join(new String[] {"--epochs", "2", "--resume"}, more)));
    }

    static Path lastCheckpoint() {
        return dir.resolve("out-" + (outs - 1)).resolve("m.ckpt");
    }

    /** The offset of the epochs-done count: after the two UTF strings (magic and run identity). */
    static int epochsOffset(byte[] c) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(c));
        int a = in.readUnsignedShort();
        in.skipBytes(a);
        int b = in.readUnsignedShort();
        return 4 + a + b;
    }

    @Test
    void damagedOrForeignCheckpointsAreRefusedNamingTheFile() throws IOException {
        byte[] c = checkpoint();
        Promise.succeeded("checkpoint", "valid", resume(c));
        String s = "checkpoint";
        Promise.refused(s, "truncated", resume(Arrays.copyOf(c, c.length / 2)), lastCheckpoint().toString(),
                "checkpoint is truncated");
        Promise.refused(s, "truncated", resume(Arrays.copyOf(c, 30)), lastCheckpoint().toString());
        Promise.refused(s, "empty", resume(new byte[0]), lastCheckpoint().toString(), "not a training checkpoint");
        byte[] random = new byte[4000];
        new SplittableRandom(3).nextBytes(random);
        Promise.refused(s, "random bytes", resume(random), lastCheckpoint().toString(), "not a training checkpoint");
        Promise.refused(s, "foreign file", resume(Files.readAllBytes(teacher)), lastCheckpoint().toString(),
                "not a training checkpoint");
        Promise.refused(s, "other run", resume(c, "--seed", "2"), lastCheckpoint().toString(), "checkpoint of a different run");
        Promise.refused(s, "trailing bytes", resume(Arrays.copyOf(c, c.length + 3)), lastCheckpoint().toString(),
                "bytes after the last tensor");
        byte[] nan = c.clone();
        ByteBuffer.wrap(nan).putDouble(nan.length - 8, Double.NaN);
        Promise.refused(s, "non-finite value", resume(nan), lastCheckpoint().toString(), "is NaN", "expected a finite number");
        byte[] inf = c.clone();
        ByteBuffer.wrap(inf).putDouble(inf.length - 8, Double.POSITIVE_INFINITY);
        Promise.refused(s, "non-finite value", resume(inf), lastCheckpoint().toString(), "is Infinity");
        int at = epochsOffset(c);
        for (int e : new int[] {99, -1}) {
            byte[] ep = c.clone();
            ByteBuffer.wrap(ep).putInt(at, e);
            Promise.refused(s, "epochs", resume(ep), lastCheckpoint().toString(), e + " epochs done", "expected 0 to 2");
        }
        byte[] wall = c.clone();
        ByteBuffer.wrap(wall).putDouble(at + 4, Double.NaN);
        Promise.refused(s, "wall time", resume(wall), lastCheckpoint().toString(), "wall time NaN");
        byte[] hist = c.clone();
        ByteBuffer.wrap(hist).putInt(at + 4 + 8 + 8 + 8, 1_000_000_000);
        Promise.refused(s, "history count", resume(hist), lastCheckpoint().toString(), "1000000000 epochs of history",
                "expected 1");
        byte[] tensors = c.clone();
        ByteBuffer.wrap(tensors).putInt(at + 4 + 8 + 8 + 8 + 4 + 60, 2_000_000_000);
        Promise.refused(s, "tensor count", resume(tensors), lastCheckpoint().toString(), "2000000000 tensors");
    }

    @Test
    void seededByteFlipsInACheckpointAreRefusedOrResume() throws IOException {
        byte[] c = checkpoint();
        SplittableRandom r = new SplittableRandom(4);
        List<Integer> spots = new ArrayList<>();
        int header = epochsOffset(c) + 4 + 8 + 8 + 8 + 4 + 60 + 4;
        for (int i = 0; i < 8; i++) {
            // most in the header and history, some anywhere (a flipped parameter resumes a tiny run)
            spots.add(i % 4 != 3 ? r.nextInt(header) : r.nextInt(c.length));
        }
        for (int at : spots) {
            byte[] d = c.clone();
            d[at] = (byte) (d[at] ^ (1 + r.nextInt(255)));
            Promise.Outcome o = resume(d);
            Promise.kept("checkpoint", "seeded byte flip", o, lastCheckpoint().toString());
            if (o.status() == 0) Promise.finiteFiles(lastCheckpoint().getParent(), o);
        }
    }
}
