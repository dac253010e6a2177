package org.memspice.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every model shipped in models/ loads, and each binary one gives the same results on both inference paths. */
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
            if (m.metadata().testAccuracy() != null) {
                // the recorded accuracy is on all 10 000 images; 500 of them are a sample: within 5 points
                assertEquals(m.metadata().testAccuracy(), a.accuracy(), 0.05, f + " recorded test accuracy");
            }
        }
    }
}
