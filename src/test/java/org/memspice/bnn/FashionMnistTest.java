package org.memspice.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

class FashionMnistTest {
    @TempDir
    Path dir;

    static byte[] idx(int ndim, int[] dims, byte[] data) {
        return org.memspice.fuzz.FuzzFiles.idx(ndim, dims, data);
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void readsPlainAndGzipIdxTheSame() throws IOException {
        byte[] pixels = new byte[3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20);
        }
        pixels[5] = (byte) 255;
        Files.write(dir.resolve("i"), idx(3, new int[] {3, 2, 2}, pixels));
        Files.write(dir.resolve("l"), idx(1, new int[] {3}, new byte[] {7, 0, 9}));
        Files.write(dir.resolve("i.gz"), gzip(idx(3, new int[] {3, 2, 2}, pixels)));
        Files.write(dir.resolve("l.gz"), gzip(idx(1, new int[] {3}, new byte[] {7, 0, 9})));
        ImageSet plain = FashionMnist.read(dir.resolve("i"), dir.resolve("l"));
        ImageSet gz = FashionMnist.read(dir.resolve("i.gz"), dir.resolve("l.gz"));
        assertEquals(3, plain.size());
        assertEquals(2, plain.rows());
        assertArrayEquals(plain.pixels(), gz.pixels());
        assertEquals(9, gz.label(2));
        float[] img1 = plain.image(1);
        assertEquals(80 / 255f, img1[0]);
        assertEquals(1f, img1[1]);
    }

    private String error(byte[] images, byte[] labels) throws IOException {
        Files.write(dir.resolve("bad-images"), images);
        Files.write(dir.resolve("bad-labels"), labels);
        InputException e = assertThrows(InputException.class,
                () -> FashionMnist.read(dir.resolve("bad-images"), dir.resolve("bad-labels")));
        return e.getMessage();
    }

    @Test
    void corruptFilesAreRejectedNamingFileAndProblem() throws IOException {
        byte[] labels = idx(1, new int[] {2}, new byte[] {1, 2});
        byte[] good = idx(3, new int[] {2, 2, 2}, new byte[8]);
        String m = error(Arrays.copyOf(good, good.length - 3), labels);
        assertTrue(m.contains("bad-images") && m.contains("truncated IDX data") && m.contains("declares 8"), m);
        m = error(Arrays.copyOf(good, 10), labels);
        assertTrue(m.contains("bad-images") && m.contains("truncated IDX header"), m);
        byte[] wrongMagic = good.clone();
        wrongMagic[3] = 1;
        m = error(wrongMagic, labels);
        assertTrue(m.contains("bad-images") && m.contains("magic number 0x00000801") && m.contains("0x00000803"), m);
        m = error(good, idx(3, new int[] {2, 1, 1}, new byte[2]));
        assertTrue(m.contains("bad-labels") && m.contains("magic"), m);
        m = error(good, idx(1, new int[] {3}, new byte[3]));
        assertTrue(m.contains("2 images") && m.contains("3 labels"), m);
        m = error(good, idx(1, new int[] {2}, new byte[] {1, 10}));
        assertTrue(m.contains("label 1 is 10"), m);
        byte[] extra = Arrays.copyOf(good, good.length + 2);
        m = error(extra, labels);
        assertTrue(m.contains("2 unexpected bytes"), m);
        byte[] gz = gzip(good);
        m = error(Arrays.copyOf(gz, gz.length - 12), labels);
        assertTrue(m.contains("bad-images") && m.contains("gzip"), m);
        m = error(new byte[] {0, 0}, labels);
        assertTrue(m.contains("truncated IDX file"), m);
    }

    @Test
    void gzipIsInflatedNoFurtherThanTheHeaderDeclares() throws IOException {
        // the IDX file, then 64 gzip members of 1 MiB of zeros each (a file of some 70 kB)
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.writeBytes(gzip(idx(3, new int[] {2, 2, 2}, new byte[8])));
        byte[] zeros = gzip(new byte[1 << 20]);
        for (int i = 0; i < 64; i++) {
            bomb.writeBytes(zeros);
        }
        String m = error(bomb.toByteArray(), idx(1, new int[] {2}, new byte[] {1, 2}));
        assertTrue(m.contains("bad-images: unexpected bytes after the 8 data bytes the IDX header declares (2 x 2 x 2)"), m);
        // a declared size beyond the limit is refused from the header alone
        m = error(gzip(idx(3, new int[] {1 << 20, 1 << 10, 1 << 10}, new byte[0])), idx(1, new int[] {2}, new byte[2]));
        assertTrue(m.contains("bad-images: IDX header declares 1048576 x 1024 x 1024 = more than " + IdxFile.MAX_DATA_BYTES
                + " data bytes: expected at most " + IdxFile.MAX_DATA_BYTES), m);
        // within the limit, a short stream is truncated data, not a large allocation
        m = error(gzip(idx(3, new int[] {1000, 1000, 1000}, new byte[5])), idx(1, new int[] {2}, new byte[2]));
        assertTrue(m.contains("truncated IDX data: header declares 1000000000 bytes (1000 x 1000 x 1000), file holds 5"), m);
    }

    @Test
    void aFolderMissingOneFileNamesIt() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(3, new int[] {1, 28, 28}, new byte[784])));
        InputException e = assertThrows(InputException.class, () -> FashionMnist.trainingSet(dir));
        assertTrue(e.getMessage().contains("--data " + dir + ": Fashion-MNIST training set not found: no "
                + "train-labels-idx1-ubyte[.gz];"), e.getMessage());
        Path file = dir.resolve("train-images-idx3-ubyte.gz");
        e = assertThrows(InputException.class, () -> FashionMnist.trainingSet(file));
        assertTrue(e.getMessage().contains("--data " + file + ": is a file; expected a folder"), e.getMessage());
    }

    @Test
    void missingTrainingSetNamesEveryPlaceLooked() {
        InputException e = assertThrows(InputException.class, () -> FashionMnist.load(null, dir.resolve("nope").toString(),
                false, "no-such-train-images", "no-such-train-labels", "training"));
        assertTrue(e.getMessage().contains("--data DIR") && e.getMessage().contains("FASHION_MNIST_DIR")
                && e.getMessage().contains("/usr/share/datasets/fashion-mnist") && e.getMessage().contains("nope"),
                e.getMessage());
        e = assertThrows(InputException.class, () -> FashionMnist.trainingSet(dir));
        assertTrue(e.getMessage().contains("--data " + dir) && e.getMessage().contains("train-images-idx3-ubyte"),
                e.getMessage());
    }

    @Test
    void shippedTestSetIsTheFashionMnistTestSet() {
        ImageSet test = FashionMnist.testSet(null);
        assertEquals(10000, test.size());
        assertEquals(28, test.rows());
        assertEquals(28, test.cols());
        int[] perClass = new int[10];
        for (int i = 0; i < test.size(); i++) {
            perClass[test.label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(1000, perClass[c], "class " + c);  // the published test set is balanced
        }
        // first test label of Fashion-MNIST is 9 (ankle boot), the second 2 (pullover)
        assertEquals(9, test.label(0));
        assertEquals(2, test.label(1));
    }
}
