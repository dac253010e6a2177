package org.memspice.bnn;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.memspice.InputException;

/**
 * An IDX file of unsigned bytes (the MNIST / Fashion-MNIST container), gzip-compressed or plain.
 * Layout (LeCun et al., "The MNIST database", yann.lecun.com/exdb/mnist): a big-endian magic number
 * {@code 0x00 0x00 0x08 ndim}, then {@code ndim} big-endian 32-bit dimensions, then the data, row-major.
 * Reading checks the magic number, the number of dimensions the caller expects, and that exactly
 * product(dims) data bytes follow; anything else is an {@link InputException} naming the file.
 *
 * <p>Nothing is read or inflated beyond what the header declares: the header is read first, the declared size
 * is checked against {@link #MAX_DATA_BYTES} and the heap before the data array is allocated, a plain file's
 * length must be header + data exactly, and a gzip stream is inflated only up to the declared size (plus one byte
 * to tell that more follows), so a small .gz that would inflate to gigabytes is refused after reading a few bytes.
 */
public final class IdxFile {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The largest data section read: 1 GiB (the Fashion-MNIST training images are 47 MB). */
    public static final long MAX_DATA_BYTES = 1L << 30;

    private final Path file;
    private final int[] dims;
    private final byte[] data;

    private IdxFile(Path file, int[] dims, byte[] data) {
        this.file = file;
        this.dims = dims;
        this.data = data;
    }

    /** Reads {@code file} (gzip detected by its magic bytes 1f 8b) and checks it has {@code expectedDims} dimensions. */
    public static IdxFile read(Path file, int expectedDims) {
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": is a folder; expected an IDX file");
        }
        if (!Files.exists(file)) {
            throw new InputException(file + ": no such file");
        }
        long fileSize;
        boolean gzip;
        try (InputStream probe = Files.newInputStream(file)) {
            fileSize = Files.size(file);
            gzip = probe.read() == 0x1f && probe.read() == 0x8b;
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16)
                     : new BufferedInputStream(raw, 1 << 16)) {
            return read(file, in, expectedDims, gzip ? -1 : fileSize);
        } catch (EOFException e) {
            throw new InputException(file + ": truncated gzip stream (unexpected end of file)");
        } catch (ZipException e) {
            throw new InputException(file + ": corrupt gzip stream: " + e.getMessage());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Reads the IDX content of {@code in}; {@code plainSize} is the file length of a plain file, -1 for gzip. */
    private static IdxFile read(Path file, InputStream in, int expectedDims, long plainSize) throws IOException {
        byte[] magic = new byte[4];
        int got = readFully(in, magic);
        if (got < 4) {
            throw new InputException(file + ": truncated IDX file: " + got + " bytes, the header alone needs "
                    + (4 + 4 * expectedDims));
        }
        int type = magic[2] & 0xff;
        int ndim = magic[3] & 0xff;
        if (magic[0] != 0 || magic[1] != 0 || type != UNSIGNED_BYTE || ndim != expectedDims) {
            throw new InputException(String.format(
                    "%s: bad IDX magic number 0x%02x%02x%02x%02x, expected 0x000008%02x (unsigned bytes, %d dimensions)",
                    file, magic[0] & 0xff, magic[1] & 0xff, type, ndim, expectedDims, expectedDims));
        }
        int header = 4 + 4 * ndim;
        byte[] h = new byte[4 * ndim];
        got = readFully(in, h);
        if (got < h.length) {
            throw new InputException(file + ": truncated IDX header: " + (4 + got) + " bytes, expected at least " + header);
        }
        int[] dims = new int[ndim];
        long count = 1;
        for (int d = 0; d < ndim; d++) {
            int p = 4 * d;
            dims[d] = ((h[p] & 0xff) << 24) | ((h[p + 1] & 0xff) << 16) | ((h[p + 2] & 0xff) << 8) | (h[p + 3] & 0xff);
            if (dims[d] <= 0) {
                throw new InputException(file + ": IDX dimension " + d + " is " + dims[d] + ", expected a positive size");
            }
            // at most 3 factors below 2^31 each: stop before the product can overflow
            count = count > MAX_DATA_BYTES ? count : count * dims[d];
        }
        if (count > MAX_DATA_BYTES) {
            throw new InputException(file + ": IDX header declares " + dimensions(dims) + " = " + (count > MAX_DATA_BYTES
                    ? "more than " + MAX_DATA_BYTES : String.valueOf(count)) + " data bytes: expected at most "
                    + MAX_DATA_BYTES + " (1 GiB)");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (count > heap / 4) {
            throw new InputException(file + ": IDX header declares " + count + " data bytes (" + dimensions(dims)
                    + "): reading them needs about " + 2 * count / (1 << 20) + " MiB of heap, at most " + heap / (1 << 20)
                    + " MiB is available; give Java more, e.g. MEMSPICE_JAVA_OPTS=-Xmx16g ./memspice ...");
        }
        if (plainSize >= 0) {
            long have = plainSize - header;
            if (have < count) {
                throw new InputException(file + ": truncated IDX data: header declares " + count + " bytes ("
                        + dimensions(dims) + "), file holds " + have);
            }
            if (have > count) {
                throw new InputException(file + ": " + (have - count) + " unexpected bytes after the " + count
                        + " data bytes the IDX header declares (" + dimensions(dims) + ")");
            }
        }
        // a gzip stream's data is collected as it inflates: a short stream declaring much allocates little
        byte[] data = new byte[(int) (plainSize >= 0 ? count : Math.min(count, 1 << 20))];
        got = readFully(in, data);
        while (got == data.length && data.length < count) {
            data = java.util.Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
            got += readFully(in, data, got);
        }
        if (got < count) {
            throw new InputException(file + ": truncated IDX data: header declares " + count + " bytes ("
                    + dimensions(dims) + "), file holds " + got);
        }
        if (in.read() >= 0) {
            throw new InputException(file + ": unexpected bytes after the " + count + " data bytes the IDX header declares ("
                    + dimensions(dims) + ")");
        }
        return new IdxFile(file, dims, data);
    }

    private static String dimensions(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int d : dims) {
            sb.append(sb.length() == 0 ? "" : " x ").append(d);
        }
        return sb.toString();
    }

    /** Reads until {@code b} is full or the stream ends; the number of bytes read. */
    private static int readFully(InputStream in, byte[] b) throws IOException {
        return readFully(in, b, 0);
    }

    /** Reads into {@code b} from {@code from} until it is full or the stream ends; the number of bytes read. */
    private static int readFully(InputStream in, byte[] b, int from) throws IOException {
        int n = from;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n - from;
    }

    public Path file() {
        return file;
    }

    /** Dimension sizes, outermost first. */
    public int[] dims() {
        return dims.clone();
    }

    public int dim(int d) {
        return dims[d];
    }

    /** The data bytes, row-major (unsigned: use {@code b & 0xff}). Not copied. */
    public byte[] data() {
        return data;
    }
}
