package org.memspice.bnn;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 */
public final class IdxFile {
    private static final int UNSIGNED_BYTE = 0x08;

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
        byte[] raw = readBytes(file);
        if (raw.length < 4) {
            throw new InputException(file + ": truncated IDX file: " + raw.length + " bytes, the header alone needs "
                    + (4 + 4 * expectedDims));
        }
        int type = raw[2] & 0xff;
        int ndim = raw[3] & 0xff;
        if (raw[0] != 0 || raw[1] != 0 || type != UNSIGNED_BYTE || ndim != expectedDims) {
            throw new InputException(String.format(
                    "%s: bad IDX magic number 0x%02x%02x%02x%02x, expected 0x000008%02x (unsigned bytes, %d dimensions)",
                    file, raw[0] & 0xff, raw[1] & 0xff, type, ndim, expectedDims, expectedDims));
        }
        int header = 4 + 4 * ndim;
        if (raw.length < header) {
            throw new InputException(file + ": truncated IDX header: " + raw.length + " bytes, expected at least " + header);
        }
        int[] dims = new int[ndim];
        long count = 1;
        for (int d = 0; d < ndim; d++) {
            int p = 4 + 4 * d;
            dims[d] = ((raw[p] & 0xff) << 24) | ((raw[p + 1] & 0xff) << 16) | ((raw[p + 2] & 0xff) << 8) | (raw[p + 3] & 0xff);
            if (dims[d] <= 0) {
                throw new InputException(file + ": IDX dimension " + d + " is " + dims[d] + ", expected a positive size");
            }
            count *= dims[d];
        }
        long have = raw.length - header;
        if (have < count) {
            throw new InputException(file + ": truncated IDX data: header declares " + count + " bytes, file holds " + have);
        }
        if (have > count) {
            throw new InputException(file + ": " + (have - count) + " unexpected bytes after the " + count
                    + " data bytes the IDX header declares");
        }
        byte[] data = new byte[(int) count];
        System.arraycopy(raw, header, data, 0, data.length);
        return new IdxFile(file, dims, data);
    }

    private static byte[] readBytes(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 1 << 16)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 2);
                in.transferTo(out);
                return out.toByteArray();
            } catch (EOFException e) {
                throw new InputException(file + ": truncated gzip stream (unexpected end of file)");
            } catch (ZipException e) {
                throw new InputException(file + ": corrupt gzip stream: " + e.getMessage());
            } catch (IOException e) {
                throw new InputException(file + ": cannot decompress: " + e.getMessage());
            }
        }
        return raw;
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
