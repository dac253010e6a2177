package org.memspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.ModelFile;

class TrainCommandTest {
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int s = Main.execute(args);
            return new Run(s, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void badOptionsAreRejectedWithTheOptionAndValue(@TempDir Path dir) throws Exception {
        String out = dir.resolve("m.json").toString();
        String data = trainingFolder(dir);
        Run r = run("train", "--arch", "resnet", "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--arch 'resnet'") && r.err().contains("fp, bnn, bssc"), r.err());
        r = run("train", "--arch", "bnn", "--method", "kdsng", "--teacher", out, "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--arch bssc"), r.err());
        r = run("train", "--arch", "bnn", "--method", "kdwg", "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("needs --teacher"), r.err());
        r = run("train", "--arch", "bnn", "--widths", "8,x,8", "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("'x' is not an integer"), r.err());
        r = run("train", "--arch", "bnn", "--alpha", "1.5", "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--alpha 1.5"), r.err());
        r = run("train", "--arch", "bnn", "--alpha-end", "-0.1", "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--alpha-end -0.1") && r.err().contains("[0, 1]"), r.err());
        r = run("train", "--arch", "bnn", "--adv-weight-end", "-1", "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--adv-weight-end -1.0"), r.err());
        Path broken = dir.resolve("teacher.json");
        Files.writeString(broken, "{\"format\": \"memspice-bnn\"");
        r = run("train", "--arch", "bnn", "--method", "kd", "--teacher", broken.toString(), "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("teacher.json"), r.err());
        r = run("train", "--arch", "bnn", "--resume", "--out", out, "--train-limit", "100", "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("no checkpoint"), r.err());
    }

    @Test
    void optionValuesThatMakeNoSenseAreRefusedBeforeTheDataIsRead(@TempDir Path dir) {
        // the data folder does not exist: each option is refused before it is looked for
        String out = dir.resolve("m.json").toString(), none = dir.resolve("no-data").toString();
        String[][] cases = {
                {"--critic-beta1", "1", "--critic-beta1 1.0: expected a number in [0, 1)"},
                {"--critic-beta2", "2", "--critic-beta2 2.0: expected a number in [0, 1)"},
                {"--lr", "NaN", "--lr NaN: expected a finite number > 0"},
                {"--lr", "Infinity", "--lr Infinity: expected a finite number > 0"},
                {"--critic-lr", "0", "--critic-lr 0.0: expected a finite number > 0"},
                {"--alpha", "NaN", "--alpha NaN: expected a number in [0, 1]"},
                {"--adv-weight", "Infinity", "--adv-weight Infinity: expected a finite number >= 0"},
                {"--lambda", "-1", "--lambda -1.0: expected a finite number >= 0"},
                {"--threads", "0", "--threads 0: expected 1 to 256"},
                {"--stop-after", "3", "--stop-after 3: expected 1 to 2"},
                {"--epochs", "0", "--epochs 0: expected 1 to 100000"},
                {"--widths", "0,8,8", "--widths '0,8,8': 0: expected channel counts from 1 to 4096"},
                {"--batch", "100000000", "--widths 32,64,128 with --batch 100000000: training needs about"},
        };
        for (String[] c : cases) {
            Run r = c[0].equals("--epochs") ? run("train", "--arch", "bnn", "--epochs", c[1], "--out", out, "--data", none)
                    : run("train", "--arch", "bnn", "--epochs", "2", c[0], c[1], "--out", out, "--data", none);
            assertEquals(Main.EXIT_INPUT, r.status(), c[0] + ": " + r.err());
            assertTrue(r.err().contains("error: " + c[2]), r.err());
        }
        // valid options: now the data folder is looked for
        Run r = run("train", "--arch", "bnn", "--out", out, "--data", none);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("no-data: no such directory"), r.err());
    }

    @Test
    void aRunThatDivergesStopsWithExitThreeAndWritesNoModel(@TempDir Path dir) throws Exception {
        String data = trainingFolder(dir);
        Path out = dir.resolve("d.json");
        Run r = run("train", "--arch", "fp", "--widths", "2,2,2", "--epochs", "1", "--batch", "10", "--train-limit", "20",
                "--test-limit", "10", "--lr", "1e308", "--no-progress", "--out", out.toString(), "--data", data);
        assertEquals(Main.EXIT_SIMULATION, r.status(), r.err());
        assertTrue(r.err().contains("simulation failed: training diverged in epoch 1 (") && r.err().contains("--lr 1.0E308"),
                r.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("d.ckpt")));
    }

    @Test
    void limitsAndBatchBeyondTheDataAreRefusedNotClamped(@TempDir Path dir) throws Exception {
        String data = trainingFolder(dir), out = dir.resolve("m.json").toString();
        Run r = run("train", "--arch", "bnn", "--train-limit", "20000", "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--train-limit 20000: the training set ") && r.err().contains("has 10000 images; expected at most 10000"), r.err());
        r = run("train", "--arch", "bnn", "--test-limit", "10001", "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--test-limit 10001: the test set "), r.err());
        r = run("train", "--arch", "bnn", "--train-limit", "50", "--batch", "100", "--out", out, "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--batch 100: larger than the 50 training images (--train-limit 50); expected at most 50"), r.err());
        Files.writeString(dir.resolve("file"), "x");
        r = run("train", "--arch", "bnn", "--out", dir.resolve("file").resolve("m.json").toString(), "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--out " + dir.resolve("file").resolve("m.json") + ": " + dir.resolve("file")
                + " is a file, not a folder"), r.err());
    }

    /**
     * A data folder whose training set is a copy of the shipped test set (the same IDX format), so these runs
     * need no installed data set.
     */
    static String trainingFolder(Path dir) throws Exception {
        Path data = dir.resolve("fashion-mnist");
        if (Files.isDirectory(data)) return data.toString();
        Files.createDirectories(data);
        Path shipped = Path.of("data", "fashion-mnist");
        Files.copy(shipped.resolve("t10k-images-idx3-ubyte.gz"), data.resolve("train-images-idx3-ubyte.gz"));
        Files.copy(shipped.resolve("t10k-labels-idx1-ubyte.gz"), data.resolve("train-labels-idx1-ubyte.gz"));
        for (String f : new String[] {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(shipped.resolve(f), data.resolve(f));
        }
        return data.toString();
    }

    @Test
    void shortRunWritesModelMetricsAndCheckpoint(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bnn.json");
        String data = trainingFolder(dir);
        Run r = run("train", "--arch", "bnn", "--widths", "4,8,8", "--epochs", "1", "--seed", "5", "--batch", "50",
                "--train-limit", "200", "--test-limit", "100", "--no-progress", "--json", "--out", out.toString(), "--data", data);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"predictionMismatches\" : 0"), r.out());
        assertTrue(r.out().contains("\"binaryWeights\" : 1620"), r.out());
        BnnModel m = ModelFile.read(out);
        assertEquals(5, m.metadata().seed());
        assertEquals(1, m.metadata().epochs());
        assertTrue(m.metadata().command().startsWith("memspice train --arch bnn --widths 4,8,8"), m.metadata().command());
        List<String> csv = Files.readAllLines(dir.resolve("bnn.csv"));
        assertEquals(2, csv.size());
        assertTrue(csv.get(0).startsWith("epoch,task_loss"));
        assertTrue(Files.exists(dir.resolve("bnn.ckpt")));
        // the same command with --resume finds all epochs done and rewrites the same model
        r = run("train", "--arch", "bnn", "--widths", "4,8,8", "--epochs", "1", "--seed", "5", "--batch", "50",
                "--train-limit", "200", "--test-limit", "100", "--no-progress", "--resume", "--out", out.toString(), "--data", data);
        assertEquals(0, r.status(), r.err());
        assertEquals(ModelFile.read(out).layers().size(), m.layers().size());
        // a different run's options do not resume from this checkpoint
        r = run("train", "--arch", "bnn", "--widths", "4,8,8", "--epochs", "1", "--seed", "6", "--batch", "50",
                "--train-limit", "200", "--test-limit", "100", "--no-progress", "--resume", "--out", out.toString(), "--data", data);
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("checkpoint of a different run"), r.err());
    }

    @Test
    void stopAfterKeepsTheScheduleAndResumeFinishesTheRun(@TempDir Path dir) throws Exception {
        String data = trainingFolder(dir);
        Path out = dir.resolve("b.json");
        String[] common = {"train", "--arch", "bssc", "--widths", "4,8,8", "--epochs", "2", "--seed", "4", "--batch", "50",
                "--train-limit", "150", "--test-limit", "50", "--no-progress", "--out", out.toString(), "--data", data};
        Run r = run(concat(common, "--stop-after", "1"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("stopped after epoch 1 of 2"), r.out());
        assertFalse(Files.exists(out), "no model before the last epoch");
        assertEquals(2, Files.readAllLines(dir.resolve("b.csv")).size());
        r = run(concat(common, "--resume"));
        assertEquals(0, r.status(), r.err());
        assertEquals(2, ModelFile.read(out).metadata().epochs());
        List<String> resumed = Files.readAllLines(dir.resolve("b.csv"));
        // an uninterrupted run of the same command gives the same metrics (the epoch seconds aside)
        Path out2 = dir.resolve("c.json");
        String[] straight = common.clone();
        straight[straight.length - 3] = out2.toString();
        assertEquals(0, run(straight).status());
        List<String> whole = Files.readAllLines(dir.resolve("c.csv"));
        assertEquals(3, whole.size());
        for (int i = 1; i < 3; i++) {
            assertEquals(String.join(",", java.util.Arrays.copyOf(whole.get(i).split(","), 7)),
                    String.join(",", java.util.Arrays.copyOf(resumed.get(i).split(","), 7)), "epoch " + i);
        }
        r = run(concat(common, "--stop-after", "0"));
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--stop-after 0"), r.err());
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
