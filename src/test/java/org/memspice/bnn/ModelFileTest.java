package org.memspice.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

class ModelFileTest {
    @TempDir
    Path dir;

    static final int[] SMALL = {4, 6, 8};

    @Test
    void roundTripKeepsEveryParameter() {
        for (Architecture arch : Architecture.values()) {
            BnnModel m = arch.random(SMALL, 12, 5, 0.1);
            Path f = dir.resolve(arch + ".json");
            ModelFile.write(m, f);
            BnnModel r = ModelFile.read(f);
            assertEquals(m.layerTypes(), r.layerTypes());
            assertEquals(m.metadata(), r.metadata());
            for (int i = 0; i < m.layers().size(); i++) {
                Layer a = m.layers().get(i), b = r.layers().get(i);
                if (a instanceof Conv ca) {
                    assertArrayEquals(ca.weights(), ((Conv) b).weights());
                    assertArrayEquals(ca.bias(), ((Conv) b).bias());
                } else if (a instanceof Dense da) {
                    assertArrayEquals(da.weights(), ((Dense) b).weights());
                } else if (a instanceof SeparableConv sa) {
                    SeparableConv sb = (SeparableConv) b;
                    assertArrayEquals(sa.vertical().weights(), sb.vertical().weights());
                    assertArrayEquals(sa.horizontal().weights(), sb.horizontal().weights());
                    assertArrayEquals(sa.midNorm().gamma(), sb.midNorm().gamma());
                } else if (a instanceof BatchNorm na) {
                    BatchNorm nb = (BatchNorm) b;
                    assertArrayEquals(na.gamma(), nb.gamma());
                    assertArrayEquals(na.beta(), nb.beta());
                    assertArrayEquals(na.mean(), nb.mean());
                    assertArrayEquals(na.var(), nb.var());
                    assertEquals(na.eps(), nb.eps());
                }
            }
        }
    }

    @Test
    void signBitsFollowTheDocumentedOrder() {
        // weights +1,-1,-1,+1,+1,+1,-1,-1, +1 -> byte0 bits (LSB first) 1,0,0,1,1,1,0,0 = 0b00111001 = 0x39; byte1 = 0x01
        float[] w = {1, -1, -1, 1, 1, 1, -1, -1, 1};
        assertEquals(java.util.Base64.getEncoder().encodeToString(new byte[] {0x39, 0x01}), SignBits.encode(w));
        assertArrayEquals(w, SignBits.decode("OQE=", 9));
        assertThrows(IllegalArgumentException.class, () -> SignBits.decode("OQM=", 9)); // padding bit set
        assertThrows(IllegalArgumentException.class, () -> SignBits.decode("OQ==", 9)); // one byte short
    }

    static final String GOOD = """
            {"format": "memspice-bnn", "version": 1,
             "input": {"channels": 1, "height": 2, "width": 2},
             "metadata": {"arch": "bnn", "method": "baseline", "seed": 1, "epochs": 0, "command": "by hand",
                          "created": "2026-01-01T00:00:00Z"},
             "layers": [
               {"type": "flatten"},
               {"type": "dense", "in": 4, "out": 3, "binaryWeights": true, "realInput": true, "weightBits": "OQE="},
               {"type": "batchnorm", "channels": 3, "eps": 1e-5, "gamma": [1, -1, 0], "beta": [0, 0, 1],
                "mean": [0, 1, 2], "var": [1, 1, 1]},
               {"type": "sign"},
               {"type": "dense", "in": 3, "out": 2, "binaryWeights": true, "weightBits": "Cg=="}
             ]}
            """;

    private static String errorOf(String json) {
        return assertThrows(InputException.class, () -> ModelFile.parse(json, "models/x.json")).getMessage();
    }

    @Test
    void handWrittenFileLoadsAndComputesByHand() {
        BnnModel m = ModelFile.parse(GOOD, "models/x.json");
        assertEquals(2, m.classes());
        // dense weights [out][in]: bits of 0x39,0x01 -> o0: +1 -1 -1 +1, o1: +1 +1 -1 -1, o2: +1 -1 -1 -1
        float[] x = {0.5f, 0.25f, 1f, 0f};
        float[] logits = new FloatInference(m).scores(x);
        // s = (0.5-0.25-1+0, 0.5+0.25-1-0, 0.5-0.25-1-0) = (-0.75, -0.25, -0.75)
        // BN: 1*(-0.75) -> -1; -1*(-0.25-1) = 1.25 -> +1; gamma 0, beta 1 -> +1
        // last dense bits 0x0A = 0b1010 -> o0: -1 +1 -1, o1: +1 -1 -1 (w bits 3..5: 1,0,0)
        assertArrayEquals(new float[] {1 + 1 - 1, -1 - 1 - 1}, logits);
    }

    @Test
    void malformedFilesNameTheFieldAndTheExpectation() {
        String m = errorOf("{\"format\": ");
        assertTrue(m.startsWith("models/x.json: $.format: not valid JSON (line 1, column 12)"), m);
        m = errorOf(GOOD.replace("\"memspice-bnn\"", "\"keras\""));
        assertTrue(m.contains("models/x.json: $.format: \"keras\": expected \"memspice-bnn\""), m);
        m = errorOf(GOOD.replace("\"version\": 1", "\"version\": 7"));
        assertTrue(m.contains("$.version: 7: expected 1"), m);
        m = errorOf(GOOD.replace("\"gamma\": [1, -1, 0]", "\"gamma\": [1, -1]"));
        assertTrue(m.contains("$.layers[2].gamma: 2 numbers: expected 3 numbers"), m);
        m = errorOf(GOOD.replace("\"var\": [1, 1, 1]", "\"var\": [1, \"x\", 1]"));
        assertTrue(m.contains("$.layers[2].var[1]: \"x\": expected a finite number"), m);
        m = errorOf(GOOD.replace("\"var\": [1, 1, 1]", "\"var\": [1, -2, 1]"));
        assertTrue(m.contains("$.layers[2].var[1]: -2.0: expected a variance >= 0"), m);
        m = errorOf(GOOD.replace("\"weightBits\": \"OQE=\"", "\"weightBits\": \"OQ==\""));
        assertTrue(m.contains("$.layers[1].weightBits: holds 1 bytes") && m.contains("expected 2 bytes for 12 weights"), m);
        m = errorOf(GOOD.replace("\"weightBits\": \"OQE=\"", "\"weightBits\": \"!!\""));
        assertTrue(m.contains("$.layers[1].weightBits: not valid base64"), m);
        m = errorOf(GOOD.replace("\"weightBits\": \"OQE=\"", "\"weights\": [1,2,3,4,5,6,7,8,9,10,11,12]"));
        assertTrue(m.contains("$.layers[1].weights: given for binary weights: expected weightBits"), m);
        m = errorOf(GOOD.replace("{\"type\": \"sign\"}", "{\"type\": \"tanh\"}"));
        assertTrue(m.contains("$.layers[3].type: \"tanh\": expected one of conv"), m);
        m = errorOf(GOOD.replace("\"in\": 3, \"out\": 2", "\"in\": 5, \"out\": 2"));
        assertTrue(m.contains("layers[4]"), m);
        m = errorOf(GOOD.replace("{\"type\": \"sign\"},", ""));
        assertTrue(m.contains("layers[3] (dense): realInput is false but its input is not binary"), m);
        m = errorOf(GOOD.replace("\"seed\": 1", "\"seed\": \"one\""));
        assertTrue(m.contains("$.metadata.seed: \"one\": expected an integer"), m);
        m = errorOf(GOOD.replace("\"epochs\": 0,", ""));
        assertTrue(m.contains("$.metadata.epochs: missing"), m);
        m = errorOf(GOOD.replace("\"eps\": 1e-5", "\"epsilon\": 1e-5"));
        assertTrue(m.contains("$.layers[2].epsilon: unknown field"), m);
        m = errorOf(GOOD.replace("\"channels\": 1, \"height\": 2", "\"channels\": 0, \"height\": 2"));
        assertTrue(m.contains("$.input.channels: 0: expected a positive integer"), m);
        m = errorOf(GOOD.replace("\"layers\": [", "\"layers\": {\"a\": [").replace("]}\n", "]}}\n"));
        assertTrue(m.contains("$.layers: {\"a\":[{\"type\":\"flatten\"}") && m.contains(": expected an array of layers"), m);
    }

    @Test
    void readingIsStrictWithOneErrorFormat() {
        // file: JSON path: value found: what was expected
        String m = errorOf(GOOD.replace("\"version\": 1,", "\"version\": 1, \"version\": 1,"));
        assertTrue(m.startsWith("models/x.json: $.version: Duplicate field 'version' (line 1, column ")
                && m.endsWith(": expected each field once per object"), m);
        m = errorOf(GOOD.replace("\"eps\": 1e-5", "\"eps\": 1e-5, \"eps\": 2e-5"));
        assertTrue(m.startsWith("models/x.json: $.layers[2].eps: Duplicate field 'eps'"), m);
        m = errorOf(GOOD + "{}");
        assertTrue(m.startsWith("models/x.json: $: content after the model object (line ") && m.endsWith("expected nothing after its closing brace"), m);
        m = errorOf(GOOD.replace("\"var\": [1, 1, 1]", "\"var\": [1, NaN, 1]"));
        assertTrue(m.contains("models/x.json: $.layers[2].var[1]: NaN: expected a finite number"), m);
        m = errorOf(GOOD.replace("\"var\": [1, 1, 1]", "\"var\": [1, 1, nan]"));
        assertTrue(m.startsWith("models/x.json: $.layers[2].var[2]: not valid JSON"), m);
        m = errorOf("");
        assertTrue(m.equals("models/x.json: $: empty file: expected a JSON model object"), m);
        m = errorOf("[1]");
        assertTrue(m.equals("models/x.json: $: [1]: expected a JSON model object"), m);
        m = errorOf(GOOD.replace("\"mean\": [0, 1, 2]", "\"mean\": [0, 1e39, 2]"));
        assertTrue(m.contains("models/x.json: $.layers[2].mean[1]: 1.0E39: expected a finite number"), m);
        m = errorOf(GOOD.replace("\"eps\": 1e-5", "\"eps\": -1"));
        assertTrue(m.contains("models/x.json: $.layers[2].eps: -1.0: expected a finite number >= 0"), m);
        m = errorOf(GOOD.replace("\"eps\": 1e-5", "\"eps\": \"small\""));
        assertTrue(m.contains("$.layers[2].eps: \"small\": expected a finite number"), m);
        m = errorOf(GOOD.replace("\"format\": \"memspice-bnn\", ", ""));
        assertTrue(m.contains("models/x.json: $.format: missing: expected a string"), m);
        m = errorOf(GOOD.replace("\"format\"", "\"shape\": 1, \"format\""));
        assertTrue(m.contains("models/x.json: $.shape: unknown field: expected one of [format, input, layers, metadata, version]"), m);
        m = errorOf(GOOD.replace("\"created\": \"2026-01-01T00:00:00Z\"",
                "\"created\": \"2026-01-01T00:00:00Z\", \"hyperparameters\": {\"lr\": [1]}"));
        assertTrue(m.contains("$.metadata.hyperparameters.lr: [1]: expected a number, string or boolean"), m);
        m = errorOf(GOOD.replace("\"epochs\": 0", "\"epochs\": -1"));
        assertTrue(m.contains("$.metadata.epochs: -1: expected an integer >= 0"), m);
        m = errorOf(GOOD.replace("\"epochs\": 0", "\"epochs\": 0, \"testAccuracy\": 1.5"));
        assertTrue(m.contains("$.metadata.testAccuracy: 1.5: expected a fraction in [0, 1]"), m);
        m = errorOf(GOOD.replace("\"binaryWeights\": true, \"realInput\": true", "\"binaryWeights\": \"yes\", \"realInput\": true"));
        assertTrue(m.contains("$.layers[1].binaryWeights: \"yes\": expected true or false"), m);
        m = errorOf(GOOD.replace("\"weightBits\": \"OQE=\"", "\"weightBits\": \"ORE=\""));
        assertTrue(m.contains("$.layers[1].weightBits: has non-zero padding bits after weight 12: expected unused bits"), m);
        m = errorOf(GOOD.replace("\"binaryWeights\": true, \"realInput\": true, \"weightBits\": \"OQE=\"",
                "\"binaryWeights\": false, \"weightBits\": \"OQE=\""));
        assertTrue(m.contains("$.layers[1].weightBits: given for real weights (binaryWeights is false): expected weights"), m);
        m = errorOf(GOOD.replace("{\"type\": \"flatten\"}", "{\"type\": \"flatten\", \"k\": 2}"));
        assertTrue(m.contains("$.layers[0].k: unknown field: expected one of [type]"), m);
        m = errorOf(GOOD.replace("{\"type\": \"flatten\"}", "[]"));
        assertTrue(m.contains("$.layers[0]: []: expected a layer object"), m);
        m = errorOf(GOOD.replace("\"input\": {\"channels\": 1, \"height\": 2, \"width\": 2}", "\"input\": 3"));
        assertTrue(m.contains("$.input: 3: expected an object"), m);
    }

    @Test
    void layerDefinitionsTheLayersRejectNameTheirPath() {
        String conv = """
                {"format": "memspice-bnn", "version": 1, "input": {"channels": 1, "height": 4, "width": 4},
                 "metadata": {"arch": "bnn", "method": "baseline", "seed": 1, "epochs": 0, "command": "by hand",
                              "created": "2026-01-01T00:00:00Z"},
                 "layers": [{"type": "conv", "in": 1, "out": 1, "k": 3, "pad": 3, "binaryWeights": true,
                             "realInput": true, "weightBits": "AA=="}, {"type": "flatten"},
                            {"type": "dense", "in": 16, "out": 2, "binaryWeights": true, "realInput": true, "weightBits": "AAAAAA=="}]}
                """;
        String m = errorOf(conv);
        assertTrue(m.contains("models/x.json: $.layers[0] (conv): pad 3,3 for a 3x3 kernel: expected 0 <= pad < k"), m);
        m = errorOf(conv.replace("\"pad\": 3", "\"pad\": -1"));
        assertTrue(m.contains("$.layers[0].pad: -1: expected an integer >= 0"), m);
        String sep = conv.replace("{\"type\": \"conv\", \"in\": 1, \"out\": 1, \"k\": 3, \"pad\": 3,",
                "{\"type\": \"sepconv\", \"in\": 1, \"out\": 1, \"k\": 3, \"pad\": 1, \"between\": \"sign\","
                + " \"vertical\": {\"weightBits\": \"AA==\"}, \"horizontal\": {\"weightBits\": \"AA==\"},")
                .replaceFirst(", \"weightBits\": \"AA==\"}, \\{\"type\": \"flatten", "}, {\"type\": \"flatten");
        m = errorOf(sep);
        assertTrue(m.contains("$.layers[0].between: \"sign\": expected \"batchnorm-sign\" or \"none\""), m);
        m = errorOf(sep.replace("\"between\": \"sign\"", "\"between\": \"none\", \"midNorm\": {}"));
        assertTrue(m.contains("$.layers[0].midNorm: given: expected no midNorm when between is \"none\""), m);
        m = errorOf(sep.replace("\"between\": \"sign\"", "\"between\": \"none\"").replace("\"vertical\": {", "\"vertical\": {\"w\": 1, "));
        assertTrue(m.contains("$.layers[0].vertical.w: unknown field"), m);
        // a valid separable layer of 1 channel: reads and classifies
        BnnModel ok = ModelFile.parse(sep.replace("\"between\": \"sign\"", "\"between\": \"none\""), "models/x.json");
        assertEquals(List.of("sepconv", "flatten", "dense"), ok.layerTypes());
    }

    private static long convWeights(BnnModel m) {
        long n = 0;
        for (Layer l : m.layers()) {
            if (l instanceof Conv || l instanceof SeparableConv) {
                n += l.weightCount();
            }
        }
        return n;
    }

    @Test
    void separableBlocksHaveAThirdFewerWeightsAtEqualWidthsAndHalfWhenWidthDoubles() {
        // blocks after the first: 3x3 conv 9*in*out, separable 3*in*in + 3*in*out
        long first = 9 * 16;
        BnnModel bnn = Architecture.BNN.random(new int[] {16, 16, 16}, 8, 1, 0);
        BnnModel bssc = Architecture.BSSC.random(new int[] {16, 16, 16}, 8, 1, 0);
        assertEquals(first + 2 * 9 * 16 * 16, convWeights(bnn));
        assertEquals(first + 2 * 6 * 16 * 16, convWeights(bssc));
        assertEquals(1.0 / 3, 1 - (convWeights(bssc) - first) / (double) (convWeights(bnn) - first), 1e-12);
        BnnModel bnn2 = Architecture.BNN.random(new int[] {16, 32}, 8, 1, 0);
        BnnModel bssc2 = Architecture.BSSC.random(new int[] {16, 32}, 8, 1, 0);
        assertEquals(0.5, 1 - (convWeights(bssc2) - first) / (double) (convWeights(bnn2) - first), 1e-12);
    }

    @Test
    void declaredSizesAreBoundedBeforeAnythingIsAllocated() {
        // out x in beyond the longest array: refused from the declared sizes, before the weights are decoded
        String m = errorOf(GOOD.replace("\"in\": 4, \"out\": 3", "\"in\": 4, \"out\": 2000000000"));
        assertTrue(m.contains("models/x.json: $.layers[1]: out x in = 2000000000 x 4 = 8000000000 weights: expected at most "
                + ModelFile.MAX_WEIGHTS + " weights in one layer"), m);
        // an input map beyond the activation limit (and whose size would overflow an int)
        m = errorOf(GOOD.replace("\"height\": 2, \"width\": 2", "\"height\": 65536, \"width\": 65536"));
        assertTrue(m.contains("models/x.json: $.input: input 1x65536x65536 = 4294967296 values per image: expected at most "
                + ModelFile.MAX_ACTIVATION + " values per image"), m);
    }

    @Test
    void aFolderOrAMissingFileIsRefusedNamingIt() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("m.json"));
        InputException e = assertThrows(InputException.class, () -> ModelFile.read(dir.resolve("m.json")));
        assertEquals(dir.resolve("m.json") + ": is a folder; expected a model file (models/NAME.json)", e.getMessage());
        e = assertThrows(InputException.class, () -> ModelFile.read(dir.resolve("none.json")));
        assertEquals(dir.resolve("none.json") + ": no such model file", e.getMessage());
        // a device never ends: refused before a byte is read, not read until the heap runs out
        e = assertThrows(InputException.class, () -> ModelFile.read(Path.of("/dev/zero")));
        assertTrue(e.getMessage().contains("/dev/zero") && e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void modelFromFloatArraysChecksShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BnnModel(new Shape(1, 4, 4),
                List.of(Conv.square(2, 3, 3, 1, 1, true, true, new float[54], null)), null));
        assertTrue(e.getMessage().contains("layers[0] (conv): conv has in = 2 channels but its input is 1x4x4"), e.getMessage());
    }
}
