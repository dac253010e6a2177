package org.memspice.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of a valid JSON card: a value replaced by NaN, Infinity, -1, 0, 1e308, 1e-308, a huge integer
 * or a word; a field deleted, duplicated, renamed or given the wrong type; the text truncated; random bytes;
 * an empty file. Each mutation writes a new file and says what it did (its kind).
 */
final class JsonMutations {
    static final String[] KINDS = {"number", "number", "number", "delete", "duplicate", "rename", "wrong type",
            "truncate", "random bytes", "empty"};
    private static final String[] NUMBERS = {"NaN", "Infinity", "-Infinity", "-1", "0", "1e308", "-1e308", "1e-308",
            "99999999999999999999", "2147483648", "\"word\"", "\"NaN\"", "\"1e999\"", "\"-5k\"", "1.5"};
    private static final String[] WRONG = {"[1, 2]", "{\"a\": 1}", "\"text\"", "true", "null", "[]", "{}"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "@@MUTATED@@";

    /** A mutation written to a file. */
    record Mutant(Path file, String kind, String what) {}

    private JsonMutations() {
    }

    /** One seeded mutation of {@code source}, written to {@code target}. */
    static Mutant mutate(Path source, Path target, SplittableRandom rnd) {
        String kind = KINDS[rnd.nextInt(KINDS.length)];
        return mutate(source, target, rnd, kind);
    }

    static Mutant mutate(Path source, Path target, SplittableRandom rnd, String kind) {
        try {
            String text = Files.readString(source);
            ObjectNode root = (ObjectNode) JSON.readTree(text);
            String out;
            String what;
            switch (kind) {
                case "number" -> {
                    List<String[]> leaves = new ArrayList<>();
                    leaves(root, "$", leaves, true);
                    String path = leaves.get(rnd.nextInt(leaves.size()))[0];
                    String value = NUMBERS[rnd.nextInt(NUMBERS.length)];
                    out = replaced(root, path, value);
                    what = path + " = " + value;
                }
                case "wrong type" -> {
                    List<String[]> leaves = new ArrayList<>();
                    leaves(root, "$", leaves, false);
                    String path = leaves.get(rnd.nextInt(leaves.size()))[0];
                    String value = WRONG[rnd.nextInt(WRONG.length)];
                    out = replaced(root, path, value);
                    what = path + " = " + value;
                }
                case "delete" -> {
                    String f = field(root, rnd);
                    root.remove(f);
                    out = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
                    what = "deleted " + f;
                }
                case "duplicate" -> {
                    String f = field(root, rnd);
                    out = text.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"" + f + "\": "
                            + root.get(f).toString() + ","));
                    what = "duplicated " + f;
                }
                case "rename" -> {
                    String f = field(root, rnd);
                    JsonNode v = root.remove(f);
                    String to = rnd.nextBoolean() ? f.toUpperCase(java.util.Locale.ROOT) : f + "_";
                    root.set(to, v);
                    out = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
                    what = "renamed " + f + " to " + to;
                }
                case "truncate" -> {
                    int at = rnd.nextInt(Math.max(1, text.length() - 1));
                    out = text.substring(0, at);
                    what = "truncated at " + at;
                }
                case "random bytes" -> {
                    byte[] b = text.getBytes(StandardCharsets.UTF_8);
                    int n = 1 + rnd.nextInt(8);
                    for (int k = 0; k < n; k++) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                    Files.write(target, b);
                    return new Mutant(target, kind, n + " random bytes");
                }
                case "empty" -> {
                    out = "";
                    what = "empty file";
                }
                default -> throw new IllegalArgumentException(kind);
            }
            Files.writeString(target, out);
            return new Mutant(target, kind, what);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String field(ObjectNode root, SplittableRandom rnd) {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        return names.get(rnd.nextInt(names.size()));
    }

    /** Paths of the leaves (numbers and strings; with {@code numbersOnly} the numbers and numeric strings). */
    private static void leaves(JsonNode node, String path, List<String[]> out, boolean numbersOnly) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                leaves(node.get(f), path + "." + f, out, numbersOnly);
            }
        } else if (node.isArray()) {
            // a matrix: a few of its elements, not all of them
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), path + "[" + i + "]", out, numbersOnly);
            }
        } else if (!numbersOnly || node.isNumber() || (node.isTextual() && node.asText().matches("[-0-9.].*"))) {
            out.add(new String[] {path});
        }
    }

    /** The tree with the value at {@code path} replaced by the raw JSON text {@code raw}. */
    private static String replaced(ObjectNode root, String path, String raw) throws IOException {
        ObjectNode copy = root.deepCopy();
        JsonNode parent = copy;
        String[] parts = path.substring(2).split("(?=[.\\[])");
        // walk to the parent of the leaf
        List<String> steps = new ArrayList<>();
        for (String p : parts) {
            steps.add(p.startsWith(".") ? p.substring(1) : p);
        }
        for (int k = 0; k < steps.size() - 1; k++) {
            parent = step(parent, steps.get(k));
        }
        String last = steps.get(steps.size() - 1);
        if (last.startsWith("[")) {
            ((ArrayNode) parent).set(Integer.parseInt(last.substring(1, last.length() - 1)), TextNode.valueOf(MARK));
        } else {
            ((ObjectNode) parent).set(last, TextNode.valueOf(MARK));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(copy).replace("\"" + MARK + "\"", raw);
    }

    private static JsonNode step(JsonNode node, String s) {
        return s.startsWith("[") ? node.get(Integer.parseInt(s.substring(1, s.length() - 1))) : node.get(s);
    }
}
