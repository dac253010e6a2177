package org.memspice.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every model shipped in models/ loads, each binary one gives the same results on both inference paths, and each
 * reaches exactly the accuracy recorded beside it on the full shipped test set.
 */
class ShippedModelsTest {

    static List<Path> shipped() throws IOException {
        Path dir = Path.of("models");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void shippedBinaryModelsAgreeOnBothPaths() throws IOException {
        List<Path> files = shipped();
        assertFalse(files.isEmpty(), "models/ ships no binary model");
        ImageSet test = FashionMnist.testSet(null);
        for (Path f : files) {
            BnnModel m = ModelFile.read(f);
            if (!m.isBinary()) {
                continue;
            }
            FloatInference fi = new FloatInference(m);
            PackedInference pi = new PackedInference(m);
            for (int i = 0; i < 3; i++) {
                float[] x = test.image(i * 3331);
                List<float[]> ref = fi.activations(x);
                for (PackedInference.LayerOutput o : pi.trace(x)) {
                    assertArrayEquals(ref.get(o.layer()), o.values(), f + " layer " + o.layer());
                }
            }
            Evaluation.Result a = Evaluation.run(() -> new FloatInference(m), test, 500, 2, null);
            Evaluation.Result b = Evaluation.run(() -> new PackedInference(m), test, 500, 2, null);
            assertArrayEquals(a.predictions(), b.predictions(), f.toString());
        }
    }

    /**
     * The accuracy recorded beside each shipped model (measured by the train command on the 10 000 test images
     * with the float path) is what the software model gives on the shipped test set now, exactly: the same count
     * of correct predictions, to the recorded precision. Binary models are classified by the bit-packed path,
     * whose predictions equal the float path's (above, and InferenceAgreementTest).
     */
    @Test
    void shippedModelsReachExactlyTheirRecordedAccuracy() throws IOException {
        List<Path> files = shipped();
        assertFalse(files.isEmpty(), "models/ ships no model");
        ImageSet test = FashionMnist.testSet(null);
        assertEquals(10_000, test.size(), "the shipped test set");
        int checked = 0;
        for (Path f : files) {
            BnnModel m = ModelFile.read(f);
            Double recorded = m.metadata().testAccuracy();
            if (recorded == null) {
                continue;
            }
            Evaluation.Result r = Evaluation.run(() -> m.isBinary() ? new PackedInference(m) : new FloatInference(m), test, 0,
                    2, null);
            assertEquals(10_000, r.n());
            // the recorded accuracy is correct / 10000 written as a double: compare counts
            assertEquals(Math.round(recorded * r.n()), r.correct(), f + ": recorded test accuracy " + recorded
                    + ", now " + r.accuracy());
            assertEquals(recorded, r.accuracy(), 0.0, f.toString());
            checked++;
        }
        assertTrue(checked > 0, "no shipped model records its accuracy");
    }
}
