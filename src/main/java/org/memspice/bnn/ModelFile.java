package org.memspice.bnn;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.memspice.InputException;
import org.memspice.json.JsonFields;

/**
 * Reads and writes model files ({@code models/*.json}). The format (version 1), described in full in
 * docs/model-format.md:
 *
 * <pre>
 * {
 *   "format": "memspice-bnn",            required, exactly this
 *   "version": 1,                        required
 *   "input": {"channels": 1, "height": 28, "width": 28},
 *   "metadata": {"arch": "bnn", "method": "kdwg", "seed": 1, "epochs": 20, "testAccuracy": 0.905,
 *                "command": "memspice train ...", "created": "2026-11-26T05:00:00Z",
 *                "hyperparameters": {"lr": 0.001, ...}},
 *   "layers": [ layer, ... ]             in order, input to output
 * }
 * layer (field "type" first):
 *   conv      in, out, k, pad (0), stride (1), binaryWeights, realInput (false),
 *             weightBits (binary) or weights (real), bias (optional)           weights [out][in][k][k]
 *   sepconv   in, mid (= in), out, k, pad (0), stride (1), binaryWeights, realInput (false),
 *             between: "batchnorm-sign" | "none", midNorm (a batchnorm object without "type", when
 *             between is batchnorm-sign), vertical, horizontal: {weightBits or weights, bias (optional)}
 *             vertical [mid][in][k][1], horizontal [out][mid][1][k]
 *   batchnorm channels, eps, gamma, beta, mean, var
 *   sign, relu, flatten                  no fields
 *   maxpool   k                          stride k, no padding
 *   dense     in, out, binaryWeights, realInput (false), weightBits or weights, bias (optional)   [out][in]
 * </pre>
 * weightBits: {@link SignBits} (base64, bit n of the flat weight order is bit n%8 of byte n/8, 1 = +1).
 * Real numbers are JSON numbers, written as the shortest decimal that reads back to the same float.
 * Reading is strict: unknown fields (a misspelt field would otherwise be silently ignored), duplicate keys,
 * trailing content and non-finite numbers are errors.
 */
public final class ModelFile {
    public static final String FORMAT = "memspice-bnn";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {}

    // ------------------------------------------------------------------ reading

    /**
     * Reads a model file. Reading is strict ({@link JsonFields}: duplicate keys, trailing content, unknown fields
     * and non-finite numbers are errors) and any problem is an InputException naming the file, the JSON path, the
     * value found and what was expected, e.g. {@code models/x.json: $.layers[2].gamma: 2 numbers: expected 3 numbers}.
     */
    public static BnnModel read(Path file) {
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": is a folder; expected a model file (models/NAME.json)");
        }
        if (!Files.exists(file)) {
            throw new InputException(file + ": no such model file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read model: " + e.getMessage());
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (size > MAX_FILE_BYTES) {
            throw new InputException(file + ": " + size + " bytes: expected a model file of at most " + MAX_FILE_BYTES
                    + " bytes (" + (MAX_FILE_BYTES >> 20) + " MiB)");
        }
        if (size > heap / HEAP_PER_FILE_BYTE) {
            throw new InputException(file + ": " + size + " bytes: reading it needs about " + size * HEAP_PER_FILE_BYTE / (1 << 20)
                    + " MiB of heap, at most " + heap / (1 << 20) + " MiB is available; give Java more, e.g."
                    + " MEMSPICE_JAVA_OPTS=-Xmx16g ./memspice ...");
        }
        // a regular file read up to its limit (a device or a pipe never ends), then decoded strictly
        byte[] data = JsonFields.readBounded(file, "model", MAX_FILE_BYTES);
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(data)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputException(file + ": not UTF-8 text: expected a JSON model file");
        }
        return parse(new JsonFields(file), tree(text, file.toString()));
    }

    /** Parses model JSON; {@code source} names it in messages. */
    public static BnnModel parse(String json, String source) {
        return parse(new JsonFields(Path.of(source)), tree(json, source));
    }

    /** The largest model file read (the shipped models are below 100 kB). */
    public static final long MAX_FILE_BYTES = 1L << 30;
    /** Heap needed per byte of model file while it is parsed (text, tree of nodes, arrays). */
    private static final long HEAP_PER_FILE_BYTE = 8;
    /** The largest activation map (values per image) a layer of a model may produce. */
    public static final long MAX_ACTIVATION = 1L << 26;
    /** The largest weight count of one layer (the longest Java array). */
    public static final long MAX_WEIGHTS = Integer.MAX_VALUE - 8;

    private static JsonNode tree(String text, String source) {
        JsonNode root;
        try {
            root = JsonFields.mapper().readTree(text);   // with the JSON path of a syntax error below
        } catch (JsonProcessingException e) {
            String path = "$";
            if (e.getProcessor() instanceof JsonParser p) {
                path = jsonPath(p.getParsingContext());
            }
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            String msg = String.valueOf(e.getOriginalMessage()).split("\n")[0];
            int marker = msg.indexOf(" (start marker at");
            if (marker > 0) {
                msg = msg.substring(0, marker);   // the line and column follow in our own words
            }
            if (msg.startsWith("Duplicate field")) {
                throw new InputException(source + ": " + path + ": " + msg + where + ": expected each field once per object");
            }
            if (msg.startsWith("Trailing token")) {
                throw new InputException(source + ": $: content after the model object" + where
                        + ": expected nothing after its closing brace");
            }
            throw new InputException(source + ": " + path + ": not valid JSON" + where + ": " + msg);
        }
        if (root == null || root.isMissingNode()) {
            throw new InputException(source + ": $: empty file: expected a JSON model object");
        }
        if (!root.isObject()) {
            throw new InputException(source + ": $: " + abbreviate(root) + ": expected a JSON model object");
        }
        return root;
    }

    /** {@code $.layers[2].gamma} for the parser's position. */
    static String jsonPath(JsonStreamContext c) {
        List<String> parts = new ArrayList<>();
        for (; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.add("." + c.getCurrentName());
            }
        }
        StringBuilder sb = new StringBuilder("$");
        for (int i = parts.size() - 1; i >= 0; i--) {
            sb.append(parts.get(i));
        }
        return sb.toString();
    }

    private static BnnModel parse(JsonFields f, JsonNode root) {
        Reader r = new Reader(f);
        f.checkKnown(root, "$", Set.of("format", "version", "input", "metadata", "layers"));
        String format = r.text(root, "format", "$.format");
        if (!FORMAT.equals(format)) {
            throw f.error("$.format", quoted(format), quoted(FORMAT));
        }
        int version = r.integer(root, "version", "$.version", Integer.MIN_VALUE, null);
        if (version != VERSION) {
            throw f.error("$.version", String.valueOf(version), VERSION + " (the version this memspice reads)");
        }
        JsonNode in = r.object(root, "input", "$.input");
        f.checkKnown(in, "$.input", Set.of("channels", "height", "width"));
        Shape input = new Shape(r.positiveInt(in, "channels", "$.input.channels"),
                r.positiveInt(in, "height", "$.input.height"), r.positiveInt(in, "width", "$.input.width"));
        TrainingMetadata meta = metadata(r, r.object(root, "metadata", "$.metadata"));
        JsonNode ls = root.get("layers");
        if (ls == null || !ls.isArray()) {
            throw f.error("$.layers", ls == null ? "missing" : abbreviate(ls), "an array of layers");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
            layers.add(layer(r, ls.get(i), "$.layers[" + i + "]"));
        }
        // every activation map is bounded before a layer computes the size of its input (which could overflow)
        Shape shape = input;
        activationFits(f, "$.input", "input ", shape);
        for (int i = 0; i < layers.size(); i++) {
            try {
                shape = layers.get(i).outputShape(shape);
            } catch (IllegalArgumentException e) {
                break;   // BnnModel says what does not chain
            }
            activationFits(f, "$.layers[" + i + "] (" + layers.get(i).type() + ")", "output ", shape);
        }
        try {
            return new BnnModel(input, layers, meta);
        } catch (IllegalArgumentException e) {
            // "layers[i] (type): what is wrong" or "layers: ..."
            throw new InputException(f.origin() + ": $." + e.getMessage());
        }
    }

    private static void activationFits(JsonFields f, String where, String what, Shape s) {
        long values = (long) s.channels() * s.height() * s.width();
        if (values > MAX_ACTIVATION) {
            throw f.error(where, what + s + " = " + values + " values per image", "at most " + MAX_ACTIVATION
                    + " values per image");
        }
    }

    /** A layer's declared weight count, checked before anything is allocated for it. */
    private static void weightsFit(JsonFields f, String path, long count, String how) {
        if (count > MAX_WEIGHTS) {
            throw f.error(path, how + " = " + count + " weights", "at most " + MAX_WEIGHTS + " weights in one layer");
        }
    }

    private static TrainingMetadata metadata(Reader r, JsonNode m) {
        JsonFields f = r.f;
        f.checkKnown(m, "$.metadata", Set.of("arch", "method", "seed", "epochs", "testAccuracy", "command", "created",
                "hyperparameters"));
        Double acc = null;
        JsonNode a = m.get("testAccuracy");
        if (a != null && !a.isNull()) {
            acc = r.finite(a, "$.metadata.testAccuracy");
            if (acc < 0 || acc > 1) {
                throw f.error("$.metadata.testAccuracy", String.valueOf(acc), "a fraction in [0, 1]");
            }
        }
        Map<String, Object> hyper = new LinkedHashMap<>();
        if (m.has("hyperparameters")) {
            JsonNode h = r.object(m, "hyperparameters", "$.metadata.hyperparameters");
            Iterator<Map.Entry<String, JsonNode>> it = h.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                String path = "$.metadata.hyperparameters." + e.getKey();
                if (v.isNumber()) {
                    r.finite(v, path);
                    hyper.put(e.getKey(), v.numberValue());
                } else if (v.isTextual()) {
                    hyper.put(e.getKey(), v.textValue());
                } else if (v.isBoolean()) {
                    hyper.put(e.getKey(), v.booleanValue());
                } else {
                    throw f.error(path, abbreviate(v), "a number, string or boolean");
                }
            }
        }
        String arch = r.text(m, "arch", "$.metadata.arch"), method = r.text(m, "method", "$.metadata.method");
        JsonNode seed = m.get("seed");
        if (seed == null || !seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw f.error("$.metadata.seed", seed == null ? "missing" : seed.toString(), "an integer");
        }
        int epochs = r.integer(m, "epochs", "$.metadata.epochs", 0, null);
        return new TrainingMetadata(arch, method, seed.longValue(), epochs, acc, r.text(m, "command", "$.metadata.command"),
                r.text(m, "created", "$.metadata.created"), hyper);
    }

    private static final Set<String> CONV_FIELDS = Set.of("type", "in", "out", "k", "pad", "stride", "binaryWeights",
            "realInput", "weightBits", "weights", "bias");
    private static final Set<String> SEPCONV_FIELDS = Set.of("type", "in", "mid", "out", "k", "pad", "stride",
            "binaryWeights", "realInput", "between", "midNorm", "vertical", "horizontal");
    private static final Set<String> STAGE_FIELDS = Set.of("weightBits", "weights", "bias");
    private static final Set<String> NORM_FIELDS = Set.of("channels", "eps", "gamma", "beta", "mean", "var");
    private static final Set<String> DENSE_FIELDS = Set.of("type", "in", "out", "binaryWeights", "realInput",
            "weightBits", "weights", "bias");
    private static final String TYPES = "one of conv, sepconv, batchnorm, sign, relu, maxpool, flatten, dense";

    private static Layer layer(Reader r, JsonNode n, String path) {
        JsonFields f = r.f;
        if (n == null || !n.isObject()) {
            throw f.error(path, n == null ? "missing" : abbreviate(n), "a layer object");
        }
        String type = r.text(n, "type", path + ".type");
        try {
            switch (type) {
                case "conv" -> {
                    f.checkKnown(n, path, CONV_FIELDS);
                    int in = r.positiveInt(n, "in", path + ".in"), out = r.positiveInt(n, "out", path + ".out");
                    int k = r.positiveInt(n, "k", path + ".k");
                    weightsFit(f, path, (long) out * in * k * k, "out x in x k x k = " + out + " x " + in + " x " + k + " x " + k);
                    Conv.Spec s = Conv.Spec.square(in, out, k, r.integer(n, "pad", path + ".pad", 0, 0),
                            r.integer(n, "stride", path + ".stride", 1, 1), r.bool(n, "binaryWeights", path + ".binaryWeights"),
                            f.bool(n, "realInput", path + ".realInput", false), n.has("bias") && !n.get("bias").isNull());
                    return new Conv(s, r.weights(n, path, s.binaryWeights(), s.weightCount()),
                            r.optionalFloats(n, "bias", path, s.out()));
                }
                case "sepconv" -> {
                    f.checkKnown(n, path, SEPCONV_FIELDS);
                    int in = r.positiveInt(n, "in", path + ".in"), out = r.positiveInt(n, "out", path + ".out");
                    int k = r.positiveInt(n, "k", path + ".k");
                    int mid = n.has("mid") ? r.positiveInt(n, "mid", path + ".mid") : in;
                    weightsFit(f, path + ".vertical", (long) mid * in * k, "mid x in x k = " + mid + " x " + in + " x " + k);
                    weightsFit(f, path + ".horizontal", (long) out * mid * k, "out x mid x k = " + out + " x " + mid + " x " + k);
                    boolean binary = r.bool(n, "binaryWeights", path + ".binaryWeights");
                    String between = r.text(n, "between", path + ".between");
                    BatchNorm midNorm;
                    if (between.equals("batchnorm-sign")) {
                        midNorm = batchNorm(r, r.object(n, "midNorm", path + ".midNorm"), path + ".midNorm", false);
                    } else if (between.equals("none")) {
                        if (n.has("midNorm")) {
                            throw f.error(path + ".midNorm", "given", "no midNorm when between is \"none\"");
                        }
                        midNorm = null;
                    } else {
                        throw f.error(path + ".between", quoted(between), "\"batchnorm-sign\" or \"none\"");
                    }
                    JsonNode v = r.object(n, "vertical", path + ".vertical"), h = r.object(n, "horizontal", path + ".horizontal");
                    f.checkKnown(v, path + ".vertical", STAGE_FIELDS);
                    f.checkKnown(h, path + ".horizontal", STAGE_FIELDS);
                    SeparableConv.Spec s = SeparableConv.Spec.of(in, mid, out, k, r.integer(n, "pad", path + ".pad", 0, 0),
                            r.integer(n, "stride", path + ".stride", 1, 1), binary, f.bool(n, "realInput", path + ".realInput", false),
                            midNorm == null ? null : midNorm.spec(), v.has("bias") && !v.get("bias").isNull(),
                            h.has("bias") && !h.get("bias").isNull());
                    return new SeparableConv(s, r.weights(v, path + ".vertical", binary, s.vertical().weightCount()),
                            r.optionalFloats(v, "bias", path + ".vertical", mid), midNorm,
                            r.weights(h, path + ".horizontal", binary, s.horizontal().weightCount()),
                            r.optionalFloats(h, "bias", path + ".horizontal", out));
                }
                case "batchnorm" -> {
                    return batchNorm(r, n, path, true);
                }
                case "sign", "relu", "flatten" -> {
                    f.checkKnown(n, path, Set.of("type"));
                    return type.equals("sign") ? new Sign() : type.equals("relu") ? new Relu() : new Flatten();
                }
                case "maxpool" -> {
                    f.checkKnown(n, path, Set.of("type", "k"));
                    return new MaxPool(r.positiveInt(n, "k", path + ".k"));
                }
                case "dense" -> {
                    f.checkKnown(n, path, DENSE_FIELDS);
                    int in = r.positiveInt(n, "in", path + ".in"), out = r.positiveInt(n, "out", path + ".out");
                    weightsFit(f, path, (long) out * in, "out x in = " + out + " x " + in);
                    Dense.Spec s = new Dense.Spec(in, out,
                            r.bool(n, "binaryWeights", path + ".binaryWeights"), f.bool(n, "realInput", path + ".realInput", false),
                            n.has("bias") && !n.get("bias").isNull());
                    return new Dense(s, r.weights(n, path, s.binaryWeights(), s.in() * s.out()),
                            r.optionalFloats(n, "bias", path, s.out()));
                }
                default -> throw f.error(path + ".type", quoted(type), TYPES);
            }
        } catch (IllegalArgumentException e) {
            // a definition the layer itself rejects (e.g. a pad as large as the kernel): "what, expected what"
            String m = e.getMessage();
            int x = m.lastIndexOf(", expected ");
            throw x < 0 ? f.error(path + " (" + type + ")", m, "a consistent " + type + " layer")
                    : f.error(path + " (" + type + ")", m.substring(0, x), m.substring(x + ", expected ".length()));
        }
    }

    private static BatchNorm batchNorm(Reader r, JsonNode n, String path, boolean withType) {
        JsonFields f = r.f;
        if (withType) {
            f.checkKnown(n, path, Set.of("type", "channels", "eps", "gamma", "beta", "mean", "var"));
        } else {
            f.checkKnown(n, path, NORM_FIELDS);
        }
        int c = r.positiveInt(n, "channels", path + ".channels");
        JsonNode epsNode = n.get("eps");
        if (epsNode == null) {
            throw f.error(path + ".eps", "missing", "a finite number >= 0");
        }
        double eps = r.finite(epsNode, path + ".eps");
        if (eps < 0) {
            throw f.error(path + ".eps", String.valueOf(eps), "a finite number >= 0");
        }
        float[] gamma = r.floats(n, "gamma", path, c), beta = r.floats(n, "beta", path, c), mean = r.floats(n, "mean", path, c);
        float[] var = r.floats(n, "var", path, c);
        for (int i = 0; i < c; i++) {
            if (var[i] < 0) {
                throw f.error(path + ".var[" + i + "]", String.valueOf(var[i]), "a variance >= 0");
            }
        }
        return new BatchNorm(new BatchNorm.Spec(c, eps), gamma, beta, mean, var);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    private static String abbreviate(JsonNode n) {
        if (n.isNumber() && !Double.isFinite(n.doubleValue())) {
            return String.valueOf(n.doubleValue());   // NaN, Infinity, -Infinity (a JSON tree would quote them)
        }
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** The model file's own field kinds (JSON numbers only, arrays of floats, sign bits) on top of {@link JsonFields}. */
    private record Reader(JsonFields f) {
        JsonNode object(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v == null || !v.isObject()) {
                throw f.error(path, v == null ? "missing" : abbreviate(v), "an object");
            }
            return v;
        }

        String text(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v == null || !v.isTextual()) {
                throw f.error(path, v == null ? "missing" : abbreviate(v), "a string");
            }
            return v.textValue();
        }

        boolean bool(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v == null || !v.isBoolean()) {
                throw f.error(path, v == null ? "missing" : abbreviate(v), "true or false");
            }
            return v.booleanValue();
        }

        /** A required integer >= 1 ({@link JsonFields#positiveInt}, NaN and Infinity shown unquoted). */
        int positiveInt(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v != null && v.isNumber() && !Double.isFinite(v.doubleValue())) {
                throw f.error(path, abbreviate(v), "a positive integer");
            }
            return f.positiveInt(node, field, path);
        }

        /** An integer >= min; {@code dflt} when absent, or required when dflt is null. */
        int integer(JsonNode node, String field, String path, int min, Integer dflt) {
            JsonNode v = node.get(field);
            if (v == null && dflt != null) {
                return dflt;
            }
            String expected = min == Integer.MIN_VALUE ? "an integer" : "an integer >= " + min;
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
                throw f.error(path, v == null ? "missing" : abbreviate(v), expected);
            }
            return v.intValue();
        }

        /** A JSON number that is finite. */
        double finite(JsonNode v, String path) {
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw f.error(path, abbreviate(v), "a finite number");
            }
            return v.doubleValue();
        }

        float[] floats(JsonNode node, String field, String path, int expected) {
            JsonNode a = node.get(field);
            String p = path + "." + field;
            if (a == null || !a.isArray()) {
                throw f.error(p, a == null ? "missing" : abbreviate(a), "an array of " + expected + " numbers");
            }
            if (a.size() != expected) {
                throw f.error(p, a.size() + " numbers", expected + " numbers");
            }
            float[] v = new float[expected];
            for (int i = 0; i < expected; i++) {
                JsonNode e = a.get(i);
                if (!e.isNumber() || !Float.isFinite((float) e.doubleValue())) {
                    throw f.error(p + "[" + i + "]", abbreviate(e), "a finite number");
                }
                v[i] = (float) e.doubleValue();
            }
            return v;
        }

        float[] optionalFloats(JsonNode node, String field, String path, int expected) {
            return node.has(field) && !node.get(field).isNull() ? floats(node, field, path, expected) : null;
        }

        /** The weights of a layer at {@code path}: sign bits when binary, an array of numbers otherwise. */
        float[] weights(JsonNode node, String path, boolean binary, int count) {
            if (binary) {
                if (node.has("weights")) {
                    throw f.error(path + ".weights", "given for binary weights", "weightBits (base64 sign bits) instead");
                }
                JsonNode bits = node.get("weightBits");
                String p = path + ".weightBits";
                if (bits == null || !bits.isTextual()) {
                    throw f.error(p, bits == null ? "missing" : abbreviate(bits), "a base64 string of sign bits");
                }
                try {
                    return SignBits.decode(bits.textValue(), count);
                } catch (SignBits.Malformed e) {
                    throw f.error(p, e.found(), e.expected());
                }
            }
            if (node.has("weightBits")) {
                throw f.error(path + ".weightBits", "given for real weights (binaryWeights is false)", "weights instead");
            }
            return floats(node, "weights", path, count);
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes {@code model} to {@code file} (creating parent directories). */
    public static void write(BnnModel model, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, toJson(model));
        } catch (IOException e) {
            throw new InputException(file + ": cannot write model file: " + e.getMessage());
        }
    }

    /** The model as model-file JSON text. */
    public static String toJson(BnnModel model) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode in = root.putObject("input");
        in.put("channels", model.input().channels());
        in.put("height", model.input().height());
        in.put("width", model.input().width());
        TrainingMetadata m = model.metadata();
        if (m == null) {
            throw new IllegalArgumentException("a model file needs training metadata (arch, method, seed, epochs, command)");
        }
        ObjectNode meta = root.putObject("metadata");
        meta.put("arch", m.arch());
        meta.put("method", m.method());
        meta.put("seed", m.seed());
        meta.put("epochs", m.epochs());
        if (m.testAccuracy() != null) {
            meta.put("testAccuracy", m.testAccuracy());
        }
        meta.put("command", m.command());
        meta.put("created", m.created());
        meta.set("hyperparameters", MAPPER.valueToTree(m.hyperparameters()));
        ArrayNode layers = root.putArray("layers");
        for (Layer l : model.layers()) {
            ObjectNode o = layers.addObject();
            o.put("type", l.type());
            if (l instanceof Conv c) {
                if (c.kh() != c.kw() || c.padH() != c.padW() || c.strideH() != c.strideW()) {
                    throw new IllegalArgumentException("model files hold square convolutions only, got "
                            + c.kh() + "x" + c.kw());
                }
                o.put("in", c.in());
                o.put("out", c.out());
                o.put("k", c.kh());
                o.put("pad", c.padH());
                o.put("stride", c.strideH());
                o.put("binaryWeights", c.binaryWeights());
                o.put("realInput", c.realInput());
                putWeights(o, c.binaryWeights(), c.weightsView(), c.bias());
            } else if (l instanceof SeparableConv s) {
                o.put("in", s.in());
                o.put("mid", s.mid());
                o.put("out", s.out());
                o.put("k", s.k());
                o.put("pad", s.pad());
                o.put("stride", s.stride());
                o.put("binaryWeights", s.binaryWeights());
                o.put("realInput", s.realInput());
                o.put("between", s.midNorm() == null ? "none" : "batchnorm-sign");
                if (s.midNorm() != null) {
                    putBatchNorm(o.putObject("midNorm"), s.midNorm());
                }
                putWeights(o.putObject("vertical"), s.binaryWeights(), s.vertical().weightsView(), s.vertical().bias());
                putWeights(o.putObject("horizontal"), s.binaryWeights(), s.horizontal().weightsView(),
                        s.horizontal().bias());
            } else if (l instanceof BatchNorm b) {
                putBatchNorm(o, b);
            } else if (l instanceof MaxPool p) {
                o.put("k", p.k());
            } else if (l instanceof Dense d) {
                o.put("in", d.in());
                o.put("out", d.out());
                o.put("binaryWeights", d.binaryWeights());
                o.put("realInput", d.realInput());
                putWeights(o, d.binaryWeights(), d.weightsView(), d.bias());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise model", e);
        }
    }

    private static void putWeights(ObjectNode o, boolean binary, float[] w, float[] bias) {
        if (binary) {
            o.put("weightBits", SignBits.encode(w));
        } else {
            putFloats(o.putArray("weights"), w);
        }
        if (bias != null) {
            putFloats(o.putArray("bias"), bias);
        }
    }

    private static void putBatchNorm(ObjectNode o, BatchNorm b) {
        o.put("channels", b.channels());
        o.put("eps", b.eps());
        putFloats(o.putArray("gamma"), b.gamma());
        putFloats(o.putArray("beta"), b.beta());
        putFloats(o.putArray("mean"), b.mean());
        putFloats(o.putArray("var"), b.var());
    }

    private static void putFloats(ArrayNode a, float[] v) {
        for (float x : v) {
            a.add(x);
        }
    }
}
