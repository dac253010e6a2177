package org.memspice.bnn;

/**
 * Grey images with class labels, as read from IDX files: {@code size()} images of {@code rows x cols}
 * unsigned-byte pixels stored image after image, row-major. Pixel values reach the network as
 * {@code p / 255f} in [0, 1] (no mean/std normalisation: the first layer's batch norm does that), which
 * is also the input voltage scale of a crossbar's first layer (a DAC driving {@code x * Vread}).
 *
 * @param source where the images came from (shown in messages)
 */
public record ImageSet(String source, int rows, int cols, byte[] pixels, byte[] labels)
        implements java.io.Serializable {
    public static final int CLASSES = 10;

    public ImageSet {
        if (pixels.length != (long) labels.length * rows * cols) {
            throw new IllegalArgumentException("pixels " + pixels.length + " != " + labels.length + " x " + rows + " x " + cols);
        }
    }

    public int size() {
        return labels.length;
    }

    /** Pixels per image. */
    public int pixelCount() {
        return rows * cols;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Copies image {@code i} scaled to [0, 1] into {@code dst[offset ..]} (row-major, one channel). */
    public void copyImage(int i, float[] dst, int offset) {
        int n = rows * cols;
        int base = i * n;
        for (int p = 0; p < n; p++) {
            dst[offset + p] = (pixels[base + p] & 0xff) / 255f;
        }
    }

    /** Image {@code i} scaled to [0, 1]. */
    public float[] image(int i) {
        float[] x = new float[rows * cols];
        copyImage(i, x, 0);
        return x;
    }

    /** A mini-batch: images {@code indices[b]} one after another in {@code dst} (length >= indices.length * pixelCount()). */
    public void copyBatch(int[] indices, float[] dst) {
        int n = rows * cols;
        for (int b = 0; b < indices.length; b++) {
            copyImage(indices[b], dst, b * n);
        }
    }

    /** The first {@code n} images (all if n >= size()). */
    public ImageSet head(int n) {
        if (n >= size()) {
            return this;
        }
        byte[] p = java.util.Arrays.copyOf(pixels, n * rows * cols);
        byte[] l = java.util.Arrays.copyOf(labels, n);
        return new ImageSet(source + " (first " + n + ")", rows, cols, p, l);
    }
}
