package org.memspice.bnn;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.memspice.InputException;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017, arXiv:1708.07747; MIT licence, Zalando Research): 60 000
 * training and 10 000 test images of 28 x 28 pixels in 10 classes, read from IDX files, gzip or plain.
 *
 * <p>Where the files are found:
 * <ul>
 * <li>training set: the directory given with {@code --data DIR}; else the environment variable
 *     {@value #ENV}; else {@value #SYSTEM_DIR} (Debian package {@code dataset-fashion-mnist});</li>
 * <li>test set: the same rule when a directory is given explicitly; otherwise the copy shipped in
 *     {@code data/fashion-mnist/} of the project (looked up from the working directory and from the
 *     directory holding memspice.jar), then {@value #ENV} and {@value #SYSTEM_DIR}.</li>
 * </ul>
 * In each directory the file {@code NAME} or {@code NAME.gz} is read (plain first).
 */
public final class FashionMnist {
    public static final String ENV = "FASHION_MNIST_DIR";
    public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";
    public static final String SHIPPED_DIR = "data/fashion-mnist";
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final int SIDE = 28;

    private FashionMnist() {}

    /** The 60 000 training images, from {@code dataDir} (may be null), else {@value #ENV}, else {@value #SYSTEM_DIR}. */
    public static ImageSet trainingSet(Path dataDir) {
        return load(dataDir, System.getenv(ENV), false, TRAIN_IMAGES, TRAIN_LABELS, "training");
    }

    /** The 10 000 test images: from {@code dataDir} when given, else the shipped copy, else {@value #ENV}, {@value #SYSTEM_DIR}. */
    public static ImageSet testSet(Path dataDir) {
        return load(dataDir, System.getenv(ENV), true, TEST_IMAGES, TEST_LABELS, "test");
    }

    static ImageSet load(Path dataDir, String envDir, boolean shippedFirst, String imagesName, String labelsName, String what) {
        if (dataDir != null) {
            if (Files.isRegularFile(dataDir)) {
                throw new InputException("--data " + dataDir + ": is a file; expected a folder holding the Fashion-MNIST "
                        + "IDX files");
            }
            if (!Files.isDirectory(dataDir)) {
                throw new InputException("--data " + dataDir + ": no such directory");
            }
            Path images = find(dataDir, imagesName);
            Path labels = find(dataDir, labelsName);
            if (images == null || labels == null) {
                String missing = images == null && labels == null ? imagesName + "[.gz] and " + labelsName + "[.gz]"
                        : (images == null ? imagesName : labelsName) + "[.gz]";
                throw new InputException("--data " + dataDir + ": Fashion-MNIST " + what + " set not found: no " + missing
                        + "; expected " + imagesName + "[.gz] and " + labelsName + "[.gz] in that directory");
            }
            return read(images, labels);
        }
        List<Path> candidates = new ArrayList<>();
        if (shippedFirst) {
            candidates.addAll(shippedDirectories());
        }
        if (envDir != null && !envDir.isBlank()) {
            candidates.add(Path.of(envDir));
        }
        candidates.add(Path.of(SYSTEM_DIR));
        for (Path dir : candidates) {
            Path images = find(dir, imagesName);
            Path labels = find(dir, labelsName);
            if (images != null && labels != null) {
                return read(images, labels);
            }
        }
        throw new InputException("Fashion-MNIST " + what + " set (" + imagesName + "[.gz], " + labelsName
                + "[.gz]) not found: give its directory with --data DIR, or set the environment variable " + ENV
                + (envDir == null || envDir.isBlank() ? " (not set)" : " (now " + envDir + ")")
                + ", or install it in " + SYSTEM_DIR + " (Debian package dataset-fashion-mnist)"
                + (shippedFirst ? "; the project's own copy in " + SHIPPED_DIR + "/ was not found either" : ""));
    }

    private static List<Path> shippedDirectories() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of(SHIPPED_DIR));
        try {
            Path code = Path.of(FashionMnist.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // memspice.jar or target/classes sits in target/, one level below the project
            Path project = code.getParent() == null ? null : code.getParent().getParent();
            if (project != null) {
                dirs.add(project.resolve(SHIPPED_DIR));
            }
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            // no code location: the working directory is the only candidate
        }
        return dirs;
    }

    private static Path find(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** Reads an images file (IDX, 3 dimensions) and its labels file (IDX, 1 dimension) and checks they match. */
    public static ImageSet read(Path imagesFile, Path labelsFile) {
        IdxFile images = IdxFile.read(imagesFile, 3);
        IdxFile labels = IdxFile.read(labelsFile, 1);
        if (images.dim(0) != labels.dim(0)) {
            throw new InputException(imagesFile + " holds " + images.dim(0) + " images but " + labelsFile + " holds "
                    + labels.dim(0) + " labels; expected the same count");
        }
        byte[] l = labels.data();
        for (int i = 0; i < l.length; i++) {
            if ((l[i] & 0xff) >= ImageSet.CLASSES) {
                throw new InputException(labelsFile + ": label " + i + " is " + (l[i] & 0xff) + ", expected 0..9");
            }
        }
        return new ImageSet(imagesFile.toString(), images.dim(1), images.dim(2), images.data(), l);
    }

    /** Checks that {@code set} holds images of {@value #SIDE} x {@value #SIDE} pixels (what the networks take). */
    public static void checkSide(ImageSet set) {
        if (set.rows() != SIDE || set.cols() != SIDE) {
            throw new InputException(set.source() + ": images of " + set.rows() + "x" + set.cols() + " pixels: expected "
                    + SIDE + "x" + SIDE + " (Fashion-MNIST)");
        }
    }

    /**
     * Checks that {@code model} (read from {@code file}) classifies the images of {@code set}: it takes 1 x rows x
     * cols inputs and gives one score per class ({@value ImageSet#CLASSES}); otherwise an InputException naming the
     * file and the JSON path.
     */
    public static void checkModel(BnnModel model, Object file, ImageSet set) {
        Shape in = model.input();
        if (in.channels() != 1 || in.height() != set.rows() || in.width() != set.cols()) {
            throw new InputException(file + ": $.input: " + in + ": expected 1x" + set.rows() + "x" + set.cols()
                    + " (the images of " + set.source() + ")");
        }
        if (model.classes() != ImageSet.CLASSES) {
            int last = model.layers().size() - 1;
            String path = "$.layers[" + last + "]";
            for (int i = last; i >= 0; i--) {
                Layer l = model.layers().get(i);
                if (l instanceof Dense || l instanceof Conv || l instanceof SeparableConv) {
                    path = "$.layers[" + i + "].out";
                    break;
                }
            }
            throw new InputException(file + ": " + path + ": " + model.outputShape().channels() + " class scores: expected "
                    + ImageSet.CLASSES + " (one per Fashion-MNIST class)");
        }
    }
}
