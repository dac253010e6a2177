package org.memspice.fuzz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.ModelFile;

/**
 * Model files: seeded mutations of small valid models (every kind of layer) read by eval, and a hand-written case
 * for every known way a model file can be wrong. Each must end in exit 0 with finite output or exit 2 naming the
 * file (and, hand-written, the JSON path, the value and what was expected); never a trace, a hang or an OOM.
 */
class ModelFileFuzzTest {
    static final String SURFACE = "model file";
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void data() {
        data = FuzzFiles.dataFolder(dir.resolve("data"), 24);
    }

    static Promise.Outcome eval(Path model, String... more) {
        String[] args = {"eval", "--model", model.toString(), "--data", data.toString(), "--limit", "6", "--threads", "1"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return Promise.run(20, all);
    }

    @Test
    void seededMutationsOfValidModelsAreReadOrRefusedNamingTheFile() throws Exception {
        String[] models = {
                ModelFile.toJson(Architecture.BNN.random(new int[] {2, 2}, 4, 11, 0.05)),
                ModelFile.toJson(Architecture.BSSC.random(new int[] {2, 2}, 4, 12, 0.05)),
                ModelFile.toJson(Architecture.FP.random(new int[] {2, 2}, 4, 13, 0)),
                ModelFile.toJson(Architecture.BSSC.random(new int[] {2, 2}, 4, 14, 0.05, false)),
        };
        // the originals are valid
        for (int m = 0; m < models.length; m++) {
            Path f = dir.resolve("valid-" + m + ".json");
            FuzzFiles.write(f, models[m]);
            Promise.succeeded(SURFACE, "valid model", eval(f, "--json"));
        }
        SplittableRandom r = new SplittableRandom(20261202L);
        for (int i = 0; i < 72; i++) {
            int m = i % models.length;
            String[] what = new String[1];
            byte[] b = FuzzFiles.mutate(models[m], r, what);
            Path f = dir.resolve("mut-" + i + ".json");
            Files.write(f, b);
            String kind = "mutation: " + what[0].split(" ")[0];
            Promise.kept(SURFACE, kind, i % 2 == 0 ? eval(f, "--json") : eval(f), f.toString());
        }
    }

    /** A minimal valid 28 x 28 model: flatten, binary dense 784 -> 10 on the real pixels. */
    static String minimal(String denseExtra) {
        String bits = Base64.getEncoder().encodeToString(new byte[784 * 10 / 8]);
        return """
                {"format": "memspice-bnn", "version": 1,
                 "input": {"channels": 1, "height": 28, "width": 28},
                 "metadata": {"arch": "bnn", "method": "baseline", "seed": 1, "epochs": 0, "command": "by hand",
                              "created": "2026-01-01T00:00:00Z"},
                 "layers": [
                   {"type": "flatten"},
                   {"type": "dense", "in": 784, "out": 10, "binaryWeights": true, "realInput": true%s,
                    "weightBits": "%s"}
                 ]}
                """.formatted(denseExtra, bits);
    }

    Promise.Outcome refusedModel(String name, String json, String kind, String... places) {
        Path f = dir.resolve(name);
        FuzzFiles.write(f, json);
        String[] all = new String[places.length + 1];
        all[0] = f.toString();
        System.arraycopy(places, 0, all, 1, places.length);
        return Promise.refused(SURFACE, kind, eval(f), all);
    }

    @Test
    void theMinimalModelIsValid() {
        Path f = dir.resolve("minimal.json");
        FuzzFiles.write(f, minimal(""));
        Promise.succeeded(SURFACE, "valid model", eval(f));
    }

    @Test
    void strictJsonNamesTheFileAndThePath() {
        String ok = minimal("");
        refusedModel("dup-top.json", ok.replace("\"version\": 1,", "\"version\": 1, \"version\": 2,"), "duplicate key",
                "$.version", "Duplicate field", "expected each field once");
        refusedModel("dup-layer.json", ok.replace("\"in\": 784,", "\"in\": 784, \"in\": 784,"), "duplicate key",
                "$.layers[1].in", "Duplicate field");
        refusedModel("dup-meta.json", ok.replace("\"seed\": 1,", "\"seed\": 1, \"seed\": 1,"), "duplicate key",
                "$.metadata.seed");
        refusedModel("trailing.json", ok + "{}", "trailing content", "content after the model object",
                "expected nothing after");
        refusedModel("trailing-word.json", ok + " x", "trailing content", "$");
        refusedModel("nan-seed.json", ok.replace("\"seed\": 1", "\"seed\": NaN"), "non-finite number",
                "$.metadata.seed", "NaN", "expected an integer");
        refusedModel("inf-in.json", ok.replace("\"in\": 784", "\"in\": Infinity"), "non-finite number",
                "$.layers[1].in: Infinity: expected a positive integer");
        refusedModel("nan-acc.json", ok.replace("\"epochs\": 0,", "\"epochs\": 0, \"testAccuracy\": NaN,"),
                "non-finite number", "$.metadata.testAccuracy", "NaN", "expected a finite number");
        refusedModel("nan-hyper.json", ok.replace("\"epochs\": 0,", "\"epochs\": 0, \"hyperparameters\": {\"lr\": -Infinity},"),
                "non-finite number", "$.metadata.hyperparameters.lr", "-Infinity", "expected a finite number");
        refusedModel("syntax.json", ok.replace("\"out\": 10,", "\"out\": 10,,"), "syntax", "$.layers[1]", "not valid JSON");
        refusedModel("array-root.json", "[" + ok + "]", "wrong type", "$", "expected a JSON model object");
        refusedModel("empty.json", "", "empty file", "$", "empty file");
        refusedModel("blank.json", "  \n ", "empty file", "$", "empty file");
        refusedModel("deep.json", "{\"format\": " + "[".repeat(5000) + "]".repeat(5000) + "}", "nesting", "not valid JSON");
    }

    @Test
    void shapesThatDoNotChainAreRefusedWithPathValueAndExpectation() {
        String ok = minimal("");
        refusedModel("classes-3.json", ok.replace("\"out\": 10", "\"out\": 3").replace(
                Base64.getEncoder().encodeToString(new byte[980]), Base64.getEncoder().encodeToString(new byte[294])),
                "fewer classes", "$.layers[1].out", "3 class scores", "expected 10");
        refusedModel("classes-12.json", ok.replace("\"out\": 10", "\"out\": 12").replace(
                Base64.getEncoder().encodeToString(new byte[980]), Base64.getEncoder().encodeToString(new byte[1176])),
                "more classes", "$.layers[1].out", "12 class scores", "expected 10");
        refusedModel("dense-in.json", ok.replace("\"in\": 784", "\"in\": 780").replace(
                Base64.getEncoder().encodeToString(new byte[980]), Base64.getEncoder().encodeToString(new byte[975])),
                "shape mismatch", "$.layers[1] (dense)", "in = 780", "784");
        refusedModel("bits-short.json", ok.replace(Base64.getEncoder().encodeToString(new byte[980]),
                Base64.getEncoder().encodeToString(new byte[97])), "weight length", "$.layers[1].weightBits",
                "holds 97 bytes", "expected 980 bytes for 7840 weights");
        refusedModel("real-short.json", ok.replace("\"binaryWeights\": true", "\"binaryWeights\": false")
                        .replaceAll("\"weightBits\": \"[^\"]*\"", "\"weights\": [1, 2, 3]"), "weight length",
                "$.layers[1].weights", "3 numbers", "expected 7840 numbers");
        refusedModel("input-14.json", ok.replace("\"height\": 28", "\"height\": 14").replace("\"in\": 784", "\"in\": 392")
                        .replace(Base64.getEncoder().encodeToString(new byte[980]), Base64.getEncoder().encodeToString(new byte[490])),
                "input shape", "$.input", "1x14x28", "expected 1x28x28");
        refusedModel("no-layers.json", ok.replaceAll("(?s)\"layers\": \\[.*\\]", "\"layers\": []"), "empty layers",
                "$.layers", "expected at least one layer");
        refusedModel("image-out.json", ok.replaceAll("(?s)\"layers\": \\[.*\\]", "\"layers\": [{\"type\": \"relu\"}]"),
                "not a vector", "$.layers", "1x28x28", "expected a vector of class scores");
        refusedModel("huge-dense.json", ok.replace("\"in\": 784, \"out\": 10", "\"in\": 784, \"out\": 1000000000"),
                "huge declared size", "$.layers[1]", "784000000000 weights", "expected at most 2147483639 weights");
        refusedModel("huge-dense-data.json", ok.replace("\"out\": 10", "\"out\": 2000000"), "huge declared size",
                "$.layers[1].weightBits", "holds 980 bytes", "expected 196000000 bytes");
        refusedModel("huge-input.json", ok.replace("\"channels\": 1", "\"channels\": 100000").replace(
                "\"in\": 784", "\"in\": 78400000"), "huge declared size", "$.layers[1].weightBits", "expected 98000000 bytes");
        refusedModel("huge-input-2.json", ok.replace("\"height\": 28, \"width\": 28", "\"height\": 2147483647, \"width\": 2147483647"),
                "huge declared size", "$.input", "1x2147483647x2147483647", "at most 67108864 values per image");
        refusedModel("huge-int.json", ok.replace("\"out\": 10", "\"out\": 99999999999999999999"), "huge integer",
                "$.layers[1].out", "99999999999999999999", "expected a positive integer");
        // a 1 x 1 convolution of 131072 channels: its weights are all present, its output map is too large
        String conv = ok.replace("{\"type\": \"flatten\"},", "{\"type\": \"conv\", \"in\": 1, \"out\": 131072, \"k\": 1,"
                + " \"binaryWeights\": true, \"realInput\": true, \"weightBits\": \""
                + Base64.getEncoder().encodeToString(new byte[131072 / 8]) + "\"}, {\"type\": \"flatten\"},");
        refusedModel("huge-map.json", conv, "huge declared size", "$.layers[0] (conv)", "131072x28x28",
                "at most 67108864 values per image");
        String sep = ok.replace("{\"type\": \"flatten\"},", "{\"type\": \"sepconv\", \"in\": 1, \"mid\": 100000,"
                + " \"out\": 10000, \"k\": 3, \"pad\": 1, \"binaryWeights\": true, \"realInput\": true, \"between\": \"none\","
                + " \"vertical\": {\"weightBits\": \"AA==\"}, \"horizontal\": {\"weightBits\": \"AA==\"}}, {\"type\": \"flatten\"},");
        refusedModel("huge-sep.json", sep, "huge declared size", "$.layers[0].horizontal", "3000000000 weights",
                "expected at most 2147483639 weights");
        refusedModel("bn-short.json", ok.replace("\"realInput\": true", "\"realInput\": true, \"bias\": [1, 2]"),
                "array length", "$.layers[1].bias", "2 numbers", "expected 10 numbers");
        refusedModel("bn-var.json", ok.replace("{\"type\": \"flatten\"},", "{\"type\": \"batchnorm\", \"channels\": 1, \"eps\": 1e-5,"
                        + " \"gamma\": [1], \"beta\": [0], \"mean\": [0], \"var\": [-1]}, {\"type\": \"flatten\"},"),
                "negative variance", "$.layers[0].var[0]", "-1.0", "expected a variance >= 0");
        refusedModel("bn-eps.json", ok.replace("{\"type\": \"flatten\"},", "{\"type\": \"batchnorm\", \"channels\": 1, \"eps\": NaN,"
                        + " \"gamma\": [1], \"beta\": [0], \"mean\": [0], \"var\": [1]}, {\"type\": \"flatten\"},"),
                "non-finite number", "$.layers[0].eps", "NaN", "expected a finite number");
        refusedModel("type.json", ok.replace("\"type\": \"flatten\"", "\"type\": \"softmax\""), "unknown layer",
                "$.layers[0].type", "\"softmax\"", "expected one of conv");
        refusedModel("version.json", ok.replace("\"version\": 1", "\"version\": 2"), "version", "$.version", "2", "expected 1");
        refusedModel("format.json", ok.replace("memspice-bnn", "onnx"), "format", "$.format", "\"onnx\"", "expected \"memspice-bnn\"");
        refusedModel("unknown.json", ok.replace("\"version\": 1,", "\"version\": 1, \"classes\": 10,"), "unknown field",
                "$.classes", "unknown field");
    }

    @Test
    void unusualLayerOrdersRunOrAreRefusedNamingTheFileOnBothPaths() {
        String ok = minimal("");
        String bn10 = "{\"type\": \"batchnorm\", \"channels\": 10, \"eps\": 1e-5, \"gamma\": [1,1,1,1,1,1,1,1,1,-1],"
                + " \"beta\": [0,0,0,0,0,0,0,0,0,0], \"mean\": [0,0,0,0,0,0,0,0,0,0], \"var\": [1,1,1,1,1,1,1,1,1,1]}";
        String[] tails = {"{\"type\": \"sign\"}", bn10, "{\"type\": \"relu\"}", "{\"type\": \"flatten\"}",
                "{\"type\": \"maxpool\", \"k\": 1}", bn10 + ", {\"type\": \"sign\"}",
                "{\"type\": \"sign\"}, {\"type\": \"sign\"}", bn10 + ", {\"type\": \"relu\"}, {\"type\": \"maxpool\", \"k\": 1}"};
        String[] heads = {"{\"type\": \"sign\"}, ", "{\"type\": \"relu\"}, ", "{\"type\": \"maxpool\", \"k\": 1}, ",
                "{\"type\": \"flatten\"}, "};
        int n = 0;
        for (String tail : tails) {
            Path f = dir.resolve("tail-" + n++ + ".json");
            FuzzFiles.write(f, ok.replaceFirst("\"\\s*}\\s*\\]\\s*}\\s*$", "\"}, " + tail + "]}\n"));
            for (String path : new String[] {"float", "bitpacked"}) {
                Promise.kept(SURFACE, "layer order", eval(f, "--path", path), f.toString());
            }
        }
        for (String head : heads) {
            Path f = dir.resolve("head-" + n++ + ".json");
            FuzzFiles.write(f, ok.replace("{\"type\": \"flatten\"},", head + "{\"type\": \"flatten\"},"));
            for (String path : new String[] {"float", "bitpacked"}) {
                Promise.kept(SURFACE, "layer order", eval(f, "--path", path), f.toString());
            }
        }
    }

    @Test
    void filesThatAreNotModelFilesAreRefusedNamingThem() throws Exception {
        Path missing = dir.resolve("absent.json");
        Promise.refused(SURFACE, "missing file", eval(missing), missing.toString(), "no such model file");
        Path folder = dir.resolve("folder.json");
        Files.createDirectories(folder);
        Promise.refused(SURFACE, "folder", eval(folder), folder.toString(), "is a folder", "expected a model file");
        Path bin = dir.resolve("binary.json");
        byte[] b = new byte[300];
        new SplittableRandom(5).nextBytes(b);
        b[0] = (byte) 0xff;
        Files.write(bin, b);
        Promise.refused(SURFACE, "random bytes", eval(bin), bin.toString());
        Path gz = dir.resolve("model.json.gz");
        Files.write(gz, FuzzFiles.gzip(minimal("").getBytes(StandardCharsets.UTF_8)));
        Promise.refused(SURFACE, "random bytes", eval(gz), gz.toString());
        Path idx = dir.resolve("idx.json");
        Files.copy(data.resolve("t10k-labels-idx1-ubyte.gz"), idx);
        Promise.refused(SURFACE, "random bytes", eval(idx), idx.toString());
    }

    @Test
    void aModelWithoutTenClassScoresIsRefusedByEveryCommandThatClassifies() throws Exception {
        Path f = dir.resolve("three-classes.json");
        Files.writeString(f, minimal("").replace("\"out\": 10", "\"out\": 3").replace(
                Base64.getEncoder().encodeToString(new byte[980]), Base64.getEncoder().encodeToString(new byte[294])));
        String m = f.toString();
        String[][] commands = {
                {"infer", "--model", m, "--limit", "3"},
                {"power", "--model", m, "--images", "3"},
                {"sweep", "--model", m, "--images", "3", "--trials", "1", "--csv", dir.resolve("s.csv").toString()},
                {"run", "--models", m, "--images", "3", "--out", dir.resolve("run").toString()},
                {"compile", "--model", m, "--out", dir.resolve("c").toString()},
                {"bench", "infer", "--model", m, "--images", "3"},
                {"bench", "inference", "--model", m, "--images", "3"},
        };
        for (String[] c : commands) {
            Promise.refused("model file", "class count, " + c[0] + (c[0].equals("bench") ? " " + c[1] : ""),
                    Promise.run(60, c), f.toString(), "$.layers[1].out", "3 class scores", "expected 10");
        }
    }
}
