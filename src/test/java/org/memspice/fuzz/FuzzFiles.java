package org.memspice.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Small inputs the fuzz classes write and mutate: IDX files, data folders, model-file text. */
public final class FuzzFiles {
    private FuzzFiles() {
    }

    static final String TEST_IMAGES = "t10k-images-idx3-ubyte", TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte", TRAIN_LABELS = "train-labels-idx1-ubyte";

    /** An IDX file of unsigned bytes, written byte by byte from the format description (independent of the reader). */
    public static byte[] idx(int ndim, int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(8);
        out.write(ndim);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] images(int n, int rows, int cols, long seed) {
        byte[] p = new byte[n * rows * cols];
        new SplittableRandom(seed).nextBytes(p);
        return idx(3, new int[] {n, rows, cols}, p);
    }

    static byte[] labels(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) r.nextInt(10);
        }
        return idx(1, new int[] {n}, l);
    }

    static void write(Path f, byte[] b) {
        try {
            Files.createDirectories(f.toAbsolutePath().getParent());
            Files.write(f, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path f, String s) {
        write(f, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A data folder of {@code n} random 28 x 28 images with labels, training and test set, gzip. */
    static Path dataFolder(Path dir, int n) {
        write(dir.resolve(TEST_IMAGES + ".gz"), gzip(images(n, 28, 28, 1)));
        write(dir.resolve(TEST_LABELS + ".gz"), gzip(labels(n, 2)));
        write(dir.resolve(TRAIN_IMAGES + ".gz"), gzip(images(n, 28, 28, 3)));
        write(dir.resolve(TRAIN_LABELS + ".gz"), gzip(labels(n, 4)));
        return dir;
    }

    // ------------------------------------------------------------------ JSON mutations

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Replacement values, written raw into the text: non-finite tokens, extremes, wrong types. */
    static final String[] TOKENS = {"NaN", "Infinity", "-Infinity", "-1", "0", "1e308", "-1e308", "1e39",
            "99999999999999999999", "2147483648", "2147483647", "-2147483648", "0.5", "\"word\"", "\"\"", "true", "null",
            "[]", "{}", "[1, 2]", "{\"a\": 1}", "1e-320"};

    /** A place in the tree: an object's field or an array's element. */
    record Slot(JsonNode parent, String field, int index) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode v) {
            if (field != null) {
                ((ObjectNode) parent).set(field, v);
            } else {
                ((ArrayNode) parent).set(index, v);
            }
        }
    }

    static void slots(JsonNode n, List<Slot> out) {
        if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                out.add(new Slot(n, f, -1));
                slots(n.get(f), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                out.add(new Slot(n, null, i));
                slots(n.get(i), out);
            }
        }
    }

    static String text(JsonNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One seeded mutation of model JSON; {@code what[0]} says which. */
    static byte[] mutate(String json, SplittableRandom r, String[] what) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Slot> all = new ArrayList<>();
        slots(root, all);
        List<Slot> fields = new ArrayList<>(), arrays = new ArrayList<>(), numbers = new ArrayList<>();
        for (Slot s : all) {
            if (s.field() != null) fields.add(s);
            if (s.get().isArray() && s.get().size() > 0) arrays.add(s);
            if (s.get().isNumber()) numbers.add(s);
        }
        int op = r.nextInt(9);
        switch (op) {
            case 0, 1 -> {
                // a number (op 0) or any value (op 1) replaced by a raw token
                List<Slot> from = op == 0 ? numbers : all;
                Slot s = from.get(r.nextInt(from.size()));
                String tok = TOKENS[r.nextInt(TOKENS.length)];
                s.set(TextNode.valueOf("@@MUT@@"));
                what[0] = "value " + s.field() + "[" + s.index() + "] -> " + tok;
                return text(root).replace("\"@@MUT@@\"", tok).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                Slot s = fields.get(r.nextInt(fields.size()));
                ((ObjectNode) s.parent()).remove(s.field());
                what[0] = "deleted " + s.field();
                return text(root).getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                // the field written twice in the raw text (last value different when it is a number)
                Slot s = fields.get(r.nextInt(fields.size()));
                ObjectNode p = (ObjectNode) s.parent();
                JsonNode v = s.get();
                p.set("@@DUP@@", v.isNumber() ? JSON.getNodeFactory().numberNode(v.asDouble() + 1) : v);
                what[0] = "duplicated " + s.field();
                return text(root).replace("\"@@DUP@@\"", "\"" + s.field() + "\"").getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> {
                Slot s = fields.get(r.nextInt(fields.size()));
                ObjectNode p = (ObjectNode) s.parent();
                JsonNode v = p.remove(s.field());
                String name = r.nextBoolean() ? s.field() + "s" : s.field().toUpperCase();
                p.set(name, v);
                what[0] = "renamed " + s.field() + " -> " + name;
                return text(root).getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                Slot s = arrays.get(r.nextInt(arrays.size()));
                ArrayNode a = (ArrayNode) s.get();
                if (r.nextBoolean()) {
                    a.remove(a.size() - 1);
                    what[0] = "shortened " + s.field();
                } else {
                    a.add(a.get(r.nextInt(a.size())).deepCopy());
                    what[0] = "lengthened " + s.field();
                }
                return text(root).getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> {
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                int at = r.nextInt(b.length);
                what[0] = "truncated at " + at;
                return java.util.Arrays.copyOf(b, at);
            }
            case 7 -> {
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                int k = 1 + r.nextInt(4);
                for (int i = 0; i < k; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                what[0] = "random bytes (" + k + ")";
                return b;
            }
            default -> {
                // an integer field scaled up (declared sizes far beyond the data present)
                List<Slot> ints = new ArrayList<>();
                for (Slot s : numbers) {
                    if (s.get().isIntegralNumber() && s.field() != null) ints.add(s);
                }
                Slot s = ints.get(r.nextInt(ints.size()));
                long v = s.get().asLong() * (long) Math.pow(10, 1 + r.nextInt(9));
                s.set(JSON.getNodeFactory().numberNode(v));
                what[0] = "scaled " + s.field() + " to " + v;
                return text(root).getBytes(StandardCharsets.UTF_8);
            }
        }
    }
}
