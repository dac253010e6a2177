package org.memspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.FloatInference;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.ModelFile;

class EvalCommandTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void jsonAccuracyIsTheFractionOfCorrectPredictionsOnBothPaths() throws Exception {
        BnnModel m = Architecture.BNN.random(new int[] {4, 8}, 16, 7, 0.05);
        Path f = dir.resolve("m.json");
        ModelFile.write(m, f);
        // independent count: predictions of a fresh float classifier against the labels
        ImageSet test = FashionMnist.testSet(null);
        FloatInference fi = new FloatInference(m);
        int correct = 0;
        for (int i = 0; i < 300; i++) {
            if (fi.predict(test.image(i)) == test.label(i)) {
                correct++;
            }
        }
        for (String path : new String[] {"float", "bitpacked"}) {
            Run r = run("eval", "--model", f.toString(), "--limit", "300", "--json", "--path", path);
            assertEquals(0, r.status(), r.err());
            JsonNode j = new ObjectMapper().readTree(r.out());
            assertEquals(300, j.get("n").asInt());
            assertEquals(correct / 300.0, j.get("accuracy").asDouble(), 1e-12);
            assertEquals(path, j.get("path").asText());
            int diagonal = 0, total = 0;
            for (int t = 0; t < 10; t++) {
                for (int p = 0; p < 10; p++) {
                    total += j.get("confusion").get(t).get(p).asInt();
                }
                diagonal += j.get("confusion").get(t).get(t).asInt();
            }
            assertEquals(300, total);
            assertEquals(correct, diagonal);
        }
    }

    private static org.memspice.bnn.TrainingMetadata m14() {
        return new org.memspice.bnn.TrainingMetadata("bnn", "random", 0, 0, null, "test", "2026-01-01T00:00:00Z", null);
    }

    @Test
    void badInputExitsWithStatusTwoAndSaysWhy() throws Exception {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{\"format\": \"memspice-bnn\", \"version\": 1}");
        Run r = run("eval", "--model", f.toString());
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("error: " + f + ": $.input: missing"), r.err());

        r = run("eval", "--model", dir.resolve("absent.json").toString());
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("absent.json: no such model file"), r.err());

        Path fp = dir.resolve("fp.json");
        ModelFile.write(Architecture.FP.random(new int[] {2, 2}, 4, 1, 0), fp);
        r = run("eval", "--model", fp.toString(), "--path", "bitpacked");
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--path bitpacked") && r.err().contains("use --path float"), r.err());

        r = run("eval", "--model", fp.toString(), "--limit", "0");
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--limit 0"), r.err());

        r = run("eval", "--model", fp.toString(), "--path", "analog");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("expected float, bitpacked or auto"), r.err());

        String wrongInput = ModelFile.toJson(Architecture.BNN.random(new int[] {2}, 4, 1, 0))
                .replaceFirst("\"height\" : 28", "\"height\" : 29");
        // 29 rows: conv 3x3 pad 1 keeps 29, flatten gives 2*29*28 values, not the 2*28*28 the dense layer takes
        Files.writeString(dir.resolve("tall.json"), wrongInput);
        r = run("eval", "--model", dir.resolve("tall.json").toString());
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("layers[4] (dense)"), r.err());

        BnnModel small = new BnnModel(new org.memspice.bnn.Shape(1, 14, 14), java.util.List.of(new org.memspice.bnn.Flatten(),
                new org.memspice.bnn.Dense(196, 10, true, true, new float[1960], null)), m14());
        ModelFile.write(small, dir.resolve("small.json"));
        r = run("eval", "--model", dir.resolve("small.json").toString());
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("small.json: $.input: 1x14x14: expected 1x28x28 (the images of "), r.err());

        // a model that gives fewer scores than there are classes
        BnnModel three = new BnnModel(new org.memspice.bnn.Shape(1, 28, 28), java.util.List.of(new org.memspice.bnn.Flatten(),
                new org.memspice.bnn.Dense(784, 3, true, true, new float[2352], null)), m14());
        ModelFile.write(three, dir.resolve("three.json"));
        r = run("eval", "--model", dir.resolve("three.json").toString(), "--limit", "10");
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("three.json: $.layers[1].out: 3 class scores: expected 10 (one per Fashion-MNIST class)"),
                r.err());

        r = run("eval", "--model", fp.toString(), "--threads", "100000");
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("--threads 100000: expected 1 to 256"), r.err());

        r = run("eval", "--model", fp.toString(), "--data", dir.toString());
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("t10k-images-idx3-ubyte"), r.err());
    }
}
