package org.memspice.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.memspice.fuzz.FuzzFiles.TEST_IMAGES;
import static org.memspice.fuzz.FuzzFiles.TEST_LABELS;
import static org.memspice.fuzz.FuzzFiles.TRAIN_IMAGES;
import static org.memspice.fuzz.FuzzFiles.TRAIN_LABELS;

/**
 * The IDX data folder: seeded mutations of small IDX files (header fields, lengths, labels, gzip streams) read by
 * eval, and a hand-written case for every known way a data folder can be wrong, including gzip bombs: each ends in
 * exit 0 with finite output or exit 2 naming the file and what was expected; nothing inflates without bound.
 */
class DataFuzzTest {
    static final String SURFACE = "IDX data";
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void model() {
        model = dir.resolve("minimal.json");
        FuzzFiles.write(model, ModelFileFuzzTest.minimal(""));
    }

    static Promise.Outcome eval(Path data, String... more) {
        String[] args = {"eval", "--model", model.toString(), "--data", data.toString(), "--limit", "1", "--threads", "1"};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return Promise.run(20, all);
    }

    static Path folder(String name, byte[] images, byte[] labels, boolean gz) {
        Path d = dir.resolve(name);
        String ext = gz ? ".gz" : "";
        if (images != null) FuzzFiles.write(d.resolve(TEST_IMAGES + ext), gz ? FuzzFiles.gzip(images) : images);
        if (labels != null) FuzzFiles.write(d.resolve(TEST_LABELS + ext), gz ? FuzzFiles.gzip(labels) : labels);
        return d;
    }

    static final int[] DIMS = {0, 1, 2, 11, 12, 13, 27, 28, 29, 255, 65535, 1 << 24, Integer.MAX_VALUE, -1, Integer.MIN_VALUE};

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    @Test
    void seededMutationsOfIdxFilesAreReadOrRefusedNamingTheFile() {
        SplittableRandom r = new SplittableRandom(7_2026L);
        for (int i = 0; i < 40; i++) {
            byte[] images = FuzzFiles.images(12, 28, 28, i), labels = FuzzFiles.labels(12, i + 100);
            boolean onImages = r.nextBoolean(), gz = r.nextInt(3) > 0;
            byte[] b = onImages ? images : labels;
            int header = onImages ? 16 : 8;
            String kind;
            int op = r.nextInt(8);
            switch (op) {
                case 0 -> {
                    b[r.nextInt(header)] = (byte) r.nextInt(256);
                    kind = "header byte";
                }
                case 1 -> {
                    putInt(b, 4 + 4 * r.nextInt((header - 4) / 4), DIMS[r.nextInt(DIMS.length)]);
                    kind = "dimension";
                }
                case 2 -> {
                    b = Arrays.copyOf(b, r.nextInt(b.length));
                    kind = "truncated";
                }
                case 3 -> {
                    b = Arrays.copyOf(b, b.length + 1 + r.nextInt(100));
                    kind = "extra bytes";
                }
                case 4 -> {
                    if (!onImages) {
                        b[header + r.nextInt(b.length - header)] = (byte) r.nextInt(256);
                    } else {
                        b[header + r.nextInt(b.length - header)] = (byte) 255;
                    }
                    kind = "data byte";
                }
                case 5 -> {
                    for (int k = 0; k < 3; k++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    kind = "random bytes";
                }
                default -> kind = "gzip stream";
            }
            if (onImages) images = b;
            else labels = b;
            Path d;
            if (op >= 6) {
                // damage the compressed stream itself
                Path fd = folder("mut-" + i, images, labels, true);
                Path f = fd.resolve((onImages ? TEST_IMAGES : TEST_LABELS) + ".gz");
                byte[] z = FuzzFiles.gzip(b);
                if (op == 6) {
                    z = Arrays.copyOf(z, r.nextInt(z.length));
                } else {
                    for (int k = 0; k < 2; k++) z[r.nextInt(z.length)] = (byte) r.nextInt(256);
                }
                FuzzFiles.write(f, z);
                d = fd;
            } else {
                d = folder("mut-" + i, images, labels, gz);
            }
            Promise.kept(SURFACE, "mutation: " + kind, eval(d, "--json"), d.toString());
        }
    }

    @Test
    void aValidFolderIsRead() {
        Promise.succeeded(SURFACE, "valid folder",
                eval(folder("valid", FuzzFiles.images(5, 28, 28, 1), FuzzFiles.labels(5, 2), true), "--json"));
        Promise.succeeded(SURFACE, "valid folder",
                eval(folder("valid-plain", FuzzFiles.images(5, 28, 28, 1), FuzzFiles.labels(5, 2), false)));
    }

    /** A gzip file of many members: the first the IDX file, the rest {@code members} MiB of zeros each. */
    static byte[] bomb(byte[] idx, int members) {
        byte[] zeros = FuzzFiles.gzip(new byte[1 << 20]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(FuzzFiles.gzip(idx));
        for (int i = 0; i < members; i++) out.writeBytes(zeros);
        return out.toByteArray();
    }

    @Test
    void gzipBombsInflateNoFurtherThanTheHeaderDeclares() throws Exception {
        // 1 MiB that inflates to 1 GiB + the 12 images
        Path d = folder("bomb", null, FuzzFiles.labels(12, 1), true);
        Path f = d.resolve(TEST_IMAGES + ".gz");
        Files.write(f, bomb(FuzzFiles.images(12, 28, 28, 1), 1024));
        Promise.refused(SURFACE, "gzip bomb", eval(d), f.toString(), "unexpected bytes after the 9408 data bytes",
                "12 x 28 x 28");
        // a header declaring the size of the training set, zeros beyond it
        byte[] head = FuzzFiles.idx(3, new int[] {60000, 28, 28}, new byte[0]);
        Files.write(f, bomb(head, 200));
        Promise.refused(SURFACE, "gzip bomb", eval(d), f.toString(), "unexpected bytes after the 47040000 data bytes");
        // a header declaring more than the limit: refused before anything is inflated
        Files.write(f, FuzzFiles.gzip(FuzzFiles.idx(3, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE},
                new byte[10])));
        Promise.refused(SURFACE, "declared size", eval(d), f.toString(), "2147483647 x 2147483647 x 2147483647",
                "expected at most 1073741824");
        Files.write(f, FuzzFiles.gzip(FuzzFiles.idx(3, new int[] {100000, 1000, 100}, new byte[10])));
        Promise.refused(SURFACE, "declared size", eval(d), f.toString(), "100000 x 1000 x 100", "expected at most");
        // within the limit, a short stream: nothing like the declared size is allocated
        Files.write(f, FuzzFiles.gzip(FuzzFiles.idx(3, new int[] {1000, 1000, 1000}, new byte[10])));
        Promise.refused(SURFACE, "declared size", eval(d), f.toString(), "truncated IDX data",
                "declares 1000000000 bytes", "holds 10");
        Path p = folder("plain-huge", FuzzFiles.idx(3, new int[] {1000, 1000, 1000}, new byte[10]), FuzzFiles.labels(12, 1), false);
        Promise.refused(SURFACE, "declared size", eval(p), p.resolve(TEST_IMAGES).toString(), "truncated IDX data",
                "declares 1000000000 bytes");
    }

    @Test
    void damagedFilesAreRefusedNamingTheFileAndTheExpectation() throws Exception {
        byte[] images = FuzzFiles.images(12, 28, 28, 1), labels = FuzzFiles.labels(12, 2);
        for (boolean gz : new boolean[] {false, true}) {
            String ext = gz ? ".gz" : "";
            Path d = folder("trunc" + gz, Arrays.copyOf(images, images.length - 5), labels, gz);
            Promise.refused(SURFACE, "truncated file", eval(d), d.resolve(TEST_IMAGES + ext).toString(),
                    "truncated IDX data", "declares 9408 bytes (12 x 28 x 28)", "holds 9403");
            d = folder("trunc-header" + gz, Arrays.copyOf(images, 9), labels, gz);
            Promise.refused(SURFACE, "truncated file", eval(d), d.resolve(TEST_IMAGES + ext).toString(),
                    "truncated IDX header", "expected at least 16");
            d = folder("empty" + gz, new byte[0], labels, gz);
            Promise.refused(SURFACE, "empty file", eval(d), d.resolve(TEST_IMAGES + ext).toString(), "truncated IDX file",
                    "0 bytes");
            byte[] magic = images.clone();
            magic[2] = 0x0d;
            d = folder("magic" + gz, magic, labels, gz);
            Promise.refused(SURFACE, "wrong magic", eval(d), d.resolve(TEST_IMAGES + ext).toString(),
                    "bad IDX magic number 0x00000d03", "expected 0x00000803");
            d = folder("magic-labels" + gz, images, images, gz);
            Promise.refused(SURFACE, "wrong magic", eval(d), d.resolve(TEST_LABELS + ext).toString(),
                    "bad IDX magic number 0x00000803", "expected 0x00000801");
            d = folder("long" + gz, Arrays.copyOf(images, images.length + 784), labels, gz);
            Promise.refused(SURFACE, "dimensions vs length", eval(d), d.resolve(TEST_IMAGES + ext).toString(),
                    "unexpected bytes after the 9408 data bytes");
            byte[] dims = images.clone();
            putInt(dims, 4, 11);
            d = folder("dims" + gz, dims, labels, gz);
            Promise.refused(SURFACE, "dimensions vs length", eval(d), d.resolve(TEST_IMAGES + ext).toString(),
                    "unexpected bytes after the 8624 data bytes");
            d = folder("counts" + gz, FuzzFiles.images(11, 28, 28, 1), labels, gz);
            Promise.refused(SURFACE, "counts disagree", eval(d), d.resolve(TEST_IMAGES + ext).toString(),
                    d.resolve(TEST_LABELS + ext).toString(), "11 images", "12 labels", "expected the same count");
            byte[] bad = labels.clone();
            bad[8 + 3] = 10;
            d = folder("label10" + gz, images, bad, gz);
            Promise.refused(SURFACE, "label out of range", eval(d), d.resolve(TEST_LABELS + ext).toString(), "label 3 is 10",
                    "expected 0..9");
            bad[8 + 3] = (byte) 255;
            d = folder("label255" + gz, images, bad, gz);
            Promise.refused(SURFACE, "label out of range", eval(d), d.resolve(TEST_LABELS + ext).toString(),
                    "label 3 is 255", "expected 0..9");
            byte[] zero = images.clone();
            putInt(zero, 8, 0);
            d = folder("zero-dim" + gz, zero, labels, gz);
            Promise.refused(SURFACE, "dimension", eval(d), d.resolve(TEST_IMAGES + ext).toString(), "dimension 1 is 0",
                    "expected a positive size");
            byte[] neg = images.clone();
            putInt(neg, 4, -5);
            d = folder("neg-dim" + gz, neg, labels, gz);
            Promise.refused(SURFACE, "dimension", eval(d), d.resolve(TEST_IMAGES + ext).toString(), "dimension 0 is -5");
        }
        Path d = folder("not-gzip", images, labels, false);
        Path gzName = d.resolve(TEST_IMAGES + ".gz");
        byte[] z = FuzzFiles.gzip(images);
        Files.delete(d.resolve(TEST_IMAGES));
        Files.write(gzName, Arrays.copyOf(z, z.length - 20));
        Promise.refused(SURFACE, "truncated gzip", eval(d), gzName.toString(), "gzip");
        z[12] ^= 0x55;
        Files.write(gzName, z);
        Promise.kept(SURFACE, "corrupt gzip", eval(d), gzName.toString());
    }

    @Test
    void foldersThatLackFilesAreRefusedNamingWhatIsMissing() throws Exception {
        Path empty = dir.resolve("empty-folder");
        Files.createDirectories(empty);
        Promise.refused(SURFACE, "empty folder", eval(empty), "--data " + empty, "no " + TEST_IMAGES + "[.gz] and "
                + TEST_LABELS + "[.gz]");
        Path onlyImages = folder("only-images", FuzzFiles.images(3, 28, 28, 1), null, true);
        Promise.refused(SURFACE, "missing file", eval(onlyImages), "--data " + onlyImages, "no " + TEST_LABELS + "[.gz];");
        Path onlyLabels = folder("only-labels", null, FuzzFiles.labels(3, 1), false);
        Promise.refused(SURFACE, "missing file", eval(onlyLabels), "--data " + onlyLabels, "no " + TEST_IMAGES + "[.gz];");
        Path onlyTrain = dir.resolve("only-train");
        FuzzFiles.write(onlyTrain.resolve(TRAIN_IMAGES + ".gz"), FuzzFiles.gzip(FuzzFiles.images(3, 28, 28, 1)));
        FuzzFiles.write(onlyTrain.resolve(TRAIN_LABELS + ".gz"), FuzzFiles.gzip(FuzzFiles.labels(3, 1)));
        Promise.refused(SURFACE, "missing file", eval(onlyTrain), "--data " + onlyTrain, "test set not found");
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Promise.refused(SURFACE, "file for folder", eval(file), "--data " + file, "is a file", "expected a folder");
        Path none = dir.resolve("no-such-folder");
        Promise.refused(SURFACE, "missing folder", eval(none), "--data " + none, "no such directory");
        Path folders = dir.resolve("folders");
        Files.createDirectories(folders.resolve(TEST_IMAGES));
        Files.createDirectories(folders.resolve(TEST_LABELS + ".gz"));
        Promise.refused(SURFACE, "folder for file", eval(folders), "--data " + folders, "not found");
    }

    @Test
    void imagesOfAnotherSizeAreRefusedForTheModelAndForTraining() {
        Path small = folder("small-images", FuzzFiles.images(6, 2, 2, 1), FuzzFiles.labels(6, 1), true);
        Promise.refused(SURFACE, "image size", eval(small), model.toString(), "$.input", "1x28x28", "expected 1x2x2",
                small.resolve(TEST_IMAGES + ".gz").toString());
        FuzzFiles.write(small.resolve(TRAIN_IMAGES + ".gz"), FuzzFiles.gzip(FuzzFiles.images(6, 2, 2, 1)));
        FuzzFiles.write(small.resolve(TRAIN_LABELS + ".gz"), FuzzFiles.gzip(FuzzFiles.labels(6, 1)));
        Path out = dir.resolve("small-out").resolve("m.json");
        Promise.refused(SURFACE, "image size", Promise.run(30, "train", "--arch", "bnn", "--widths", "2,2,2", "--epochs", "1",
                "--batch", "2", "--no-progress", "--out", out.toString(), "--data", small.toString()),
                small.resolve(TRAIN_IMAGES + ".gz").toString(), "images of 2x2 pixels", "expected 28x28");
        Promise.refused(SURFACE, "image size", Promise.run(30, "bench", "train", "--widths", "2,2,2", "--batch", "2",
                "--steps", "1", "--images", "4", "--data", small.toString()),
                small.resolve(TRAIN_IMAGES + ".gz").toString(), "expected 28x28");
    }
}
