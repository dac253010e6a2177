package org.memspice.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.memspice.InputException;
import org.memspice.signal.SpiceNumber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reading of one JSON card (device cards, crossbar specs, periphery and compile cards): duplicate keys,
 * trailing content, unknown fields and non-finite numbers ({@code NaN}, {@code Infinity}, named at their field)
 * are errors, numbers may be JSON numbers or strings with SPICE suffixes ("10k", "100n"), and every error names
 * the file, the JSON path, the value found and what was expected, e.g.
 * {@code circuits/x.json: $.wires.bitLineSegmentResistance: -1.0: expected a finite number >= 0}.
 */
public final class JsonFields {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // NaN and Infinity are read, then refused by number() naming their field
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final Path file;
    private final String origin;

    public JsonFields(Path file) {
        this.file = file;
        this.origin = file.toString();
    }

    /**
     * Fields of a JSON tree that was not read from a file (a card rebuilt from a netlist instance, a card with
     * command-line overrides); {@code origin} says where it came from in every message.
     */
    public JsonFields(String origin) {
        this.file = null;
        this.origin = origin;
    }

    /** The file read, or null for a tree that did not come from a file. */
    public Path file() {
        return file;
    }

    /** What messages name: the file, or where the tree came from. */
    public String origin() {
        return origin;
    }

    /** Most bytes of a JSON card file read by {@link #readObject(String)} (a 1024 x 1024 matrix of numbers is ~20 MB). */
    public static final long MAX_CARD_BYTES = 256L << 20;

    /** Reads {@code file} as one JSON object of at most {@link #MAX_CARD_BYTES} bytes. */
    public JsonNode readObject(String what) {
        return readObject(what, MAX_CARD_BYTES);
    }

    /**
     * Reads {@code file} as one JSON object: a regular file (not a folder, a device or a named pipe that may never
     * end) of at most {@code maxBytes} bytes, refused naming the file otherwise.
     */
    public JsonNode readObject(String what, long maxBytes) {
        return parseObject(new String(readBounded(file, what, maxBytes), java.nio.charset.StandardCharsets.UTF_8), what);
    }

    /**
     * The bytes of {@code file}: a regular file (not a folder, a device or a named pipe that may never end) of at
     * most {@code maxBytes} bytes, refused naming the file otherwise; {@code what} names the file's kind.
     */
    public static byte[] readBounded(Path file, String what, long maxBytes) {
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": is a folder; expected a " + what + " file (JSON)");
        }
        if (!Files.exists(file)) {
            throw new InputException(file + ": no such " + what + " file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": not a regular file (a device or a named pipe); expected a " + what
                    + " file (JSON)");
        }
        byte[] data;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such " + what + " file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read " + what + ": " + e.getMessage());
        }
        if (data.length > maxBytes) {
            throw new InputException(file + ": more than " + maxBytes + " bytes; expected a " + what + " of at most "
                    + maxBytes + " bytes");
        }
        return data;
    }

    /** The strict reader every memspice JSON file goes through (the settings above). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses {@code text} (the content of {@code file}) as one JSON object. */
    public JsonNode parseObject(String text, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new InputException(file + ": not valid JSON" + where + ": " + msg.split("\n")[0]);
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": expected a JSON object (a " + what + ")");
        }
        return root;
    }

    /** Rejects any field of {@code node} (at JSON path {@code path}) not in {@code known}. */
    public void checkKnown(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw error(path + "." + f, "unknown field", "one of " + new TreeSet<>(known));
            }
        }
    }

    /** Rejects {@code node} unless it is a JSON object. */
    public JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw error(path, node == null ? "missing" : node.toString(), "an object");
        }
        return node;
    }

    /** A finite number: a JSON number or a string with a SPICE suffix. */
    public double number(JsonNode v, String path) {
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = SpiceNumber.parse(v.asText());
            } catch (RuntimeException e) {
                throw error(path, "'" + v.asText() + "'", "a number (e.g. 2.5, 10k, 100n)");
            }
        } else {
            throw error(path, v.toString(), "a number (e.g. 2.5, 10k, 100n)");
        }
        if (!Double.isFinite(d)) {
            throw error(path, v.isTextual() ? "'" + v.asText() + "'" : String.valueOf(d), "a finite number");
        }
        return d;
    }

    /** A required finite number. */
    public double number(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw error(path, "missing", "a number");
        }
        return number(v, path);
    }

    /** A required finite positive number. */
    public double positive(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw error(path, "missing", "a positive number");
        }
        double d = number(v, path);
        if (!(d > 0) || Double.isInfinite(d)) {
            throw error(path, String.valueOf(d), "a finite positive number");
        }
        return d;
    }

    /** A finite number >= 0, or {@code dflt} when absent (a NaN default makes the field required). */
    public double nonNegative(JsonNode node, String field, String path, double dflt) {
        JsonNode v = node.get(field);
        if (v == null) {
            if (Double.isNaN(dflt)) {
                throw error(path, "missing", "a number >= 0");
            }
            return dflt;
        }
        double d = number(v, path);
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw error(path, String.valueOf(d), "a finite number >= 0");
        }
        return d;
    }

    /** A required integer >= 1. */
    public int positiveInt(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw error(path, v == null ? "missing" : v.toString(), "a positive integer");
        }
        return v.asInt();
    }

    /** A required integer (a seed). */
    public long longValue(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(path, v == null ? "missing" : v.toString(), "an integer seed");
        }
        return v.asLong();
    }

    /** A required string field. */
    public String text(JsonNode node, String field, String path) {
        String s = text(node, field, path, null);
        if (s == null) {
            throw error(path, "missing", "a string");
        }
        return s;
    }

    /** A string field, or {@code dflt} when absent. */
    public String text(JsonNode node, String field, String path, String dflt) {
        JsonNode v = node.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw error(path, v.toString(), "a string");
        }
        return v.asText();
    }

    /** A boolean field, or {@code dflt} when absent. */
    public boolean bool(JsonNode node, String field, String path, boolean dflt) {
        JsonNode v = node.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw error(path, v.toString(), "true or false");
        }
        return v.asBoolean();
    }

    /** A path given in the card, relative to the card's folder. */
    public Path relative(String path) {
        if (file == null) {
            throw new IllegalStateException(origin + " was not read from a file; no folder to resolve " + path + " in");
        }
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(path) : parent.resolve(path);
    }

    public InputException error(String path, String value, String expected) {
        return new InputException(origin + ": " + path + ": " + value + ": expected " + expected);
    }
}
