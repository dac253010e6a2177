package org.memspice.bnn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.memspice.InputException;

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
 * Unknown fields are errors (a misspelt field would otherwise be silently ignored).
 */
public final class ModelFile {
    public static final String FORMAT = "memspice-bnn";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {}

    // ------------------------------------------------------------------ reading

    /** Reads a model file; any problem is an InputException naming the file, the JSON field and what was expected. */
    public static BnnModel read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such model file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses model JSON; {@code source} names it in messages. */
    public static BnnModel parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InputException(source + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()));
        }
        Node r = new Node(source, "", root);
        r.requireObject();
        r.allowOnly("format", "version", "input", "metadata", "layers");
        String format = r.string("format");
        if (!FORMAT.equals(format)) {
            throw r.child("format").error("is \"" + format + "\", expected \"" + FORMAT + "\"");
        }
        int version = r.integer("version");
        if (version != VERSION) {
            throw r.child("version").error("is " + version + ", expected " + VERSION + " (the version this memspice reads)");
        }
        Node in = r.child("input");
        in.requireObject();
        in.allowOnly("channels", "height", "width");
        Shape input;
        try {
            input = new Shape(in.positive("channels"), in.positive("height"), in.positive("width"));
        } catch (IllegalArgumentException e) {
            throw in.error(e.getMessage());
        }
        TrainingMetadata meta = metadata(r.child("metadata"));
        Node ls = r.child("layers");
        if (!ls.node.isArray()) {
            throw ls.error("expected an array of layers");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < ls.node.size(); i++) {
            layers.add(layer(ls.element(i)));
        }
        try {
            return new BnnModel(input, layers, meta);
        } catch (IllegalArgumentException e) {
            throw new InputException(source + ": " + e.getMessage());
        }
    }

    private static TrainingMetadata metadata(Node m) {
        m.requireObject();
        m.allowOnly("arch", "method", "seed", "epochs", "testAccuracy", "command", "created", "hyperparameters");
        Double acc = null;
        if (m.has("testAccuracy") && !m.node.get("testAccuracy").isNull()) {
            acc = m.number("testAccuracy");
            if (acc < 0 || acc > 1) {
                throw m.child("testAccuracy").error("is " + acc + ", expected a fraction in [0, 1]");
            }
        }
        Map<String, Object> hyper = new LinkedHashMap<>();
        if (m.has("hyperparameters")) {
            Node h = m.child("hyperparameters");
            h.requireObject();
            Iterator<Map.Entry<String, JsonNode>> it = h.node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isNumber()) {
                    hyper.put(e.getKey(), v.numberValue());
                } else if (v.isTextual()) {
                    hyper.put(e.getKey(), v.textValue());
                } else if (v.isBoolean()) {
                    hyper.put(e.getKey(), v.booleanValue());
                } else {
                    throw h.child(e.getKey()).error("expected a number, string or boolean");
                }
            }
        }
        int epochs = m.integer("epochs");
        if (epochs < 0) {
            throw m.child("epochs").error("is " + epochs + ", expected >= 0");
        }
        return new TrainingMetadata(m.string("arch"), m.string("method"), m.longInteger("seed"), epochs, acc,
                m.string("command"), m.string("created"), hyper);
    }

    private static Layer layer(Node n) {
        n.requireObject();
        String type = n.string("type");
        try {
            switch (type) {
                case "conv" -> {
                    n.allowOnly("type", "in", "out", "k", "pad", "stride", "binaryWeights", "realInput", "weightBits",
                            "weights", "bias");
                    int in = n.positive("in"), out = n.positive("out"), k = n.positive("k");
                    boolean binary = n.bool("binaryWeights");
                    float[] w = n.weights(binary, out * in * k * k);
                    float[] b = n.optionalFloats("bias", out);
                    return Conv.square(in, out, k, n.optionalInt("pad", 0), n.optionalInt("stride", 1), binary,
                            n.optionalBool("realInput", false), w, b);
                }
                case "sepconv" -> {
                    n.allowOnly("type", "in", "mid", "out", "k", "pad", "stride", "binaryWeights", "realInput", "between",
                            "midNorm", "vertical", "horizontal");
                    int in = n.positive("in"), out = n.positive("out"), k = n.positive("k");
                    int mid = n.has("mid") ? n.positive("mid") : in;
                    boolean binary = n.bool("binaryWeights");
                    String between = n.string("between");
                    BatchNorm midNorm;
                    if (between.equals("batchnorm-sign")) {
                        midNorm = batchNorm(n.child("midNorm"), false);
                    } else if (between.equals("none")) {
                        if (n.has("midNorm")) {
                            throw n.child("midNorm").error("given but between is \"none\"");
                        }
                        midNorm = null;
                    } else {
                        throw n.child("between").error("is \"" + between + "\", expected \"batchnorm-sign\" or \"none\"");
                    }
                    Node v = n.child("vertical"), h = n.child("horizontal");
                    v.requireObject();
                    h.requireObject();
                    v.allowOnly("weightBits", "weights", "bias");
                    h.allowOnly("weightBits", "weights", "bias");
                    return new SeparableConv(in, mid, out, k, n.optionalInt("pad", 0), n.optionalInt("stride", 1), binary,
                            n.optionalBool("realInput", false), v.weights(binary, mid * in * k), v.optionalFloats("bias", mid),
                            midNorm, h.weights(binary, out * mid * k), h.optionalFloats("bias", out));
                }
                case "batchnorm" -> {
                    return batchNorm(n, true);
                }
                case "sign" -> {
                    n.allowOnly("type");
                    return new Sign();
                }
                case "relu" -> {
                    n.allowOnly("type");
                    return new Relu();
                }
                case "flatten" -> {
                    n.allowOnly("type");
                    return new Flatten();
                }
                case "maxpool" -> {
                    n.allowOnly("type", "k");
                    return new MaxPool(n.positive("k"));
                }
                case "dense" -> {
                    n.allowOnly("type", "in", "out", "binaryWeights", "realInput", "weightBits", "weights", "bias");
                    int in = n.positive("in"), out = n.positive("out");
                    boolean binary = n.bool("binaryWeights");
                    return new Dense(in, out, binary, n.optionalBool("realInput", false), n.weights(binary, in * out),
                            n.optionalFloats("bias", out));
                }
                default -> throw n.child("type").error("is \"" + type
                        + "\", expected one of conv, sepconv, batchnorm, sign, relu, maxpool, flatten, dense");
            }
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static BatchNorm batchNorm(Node n, boolean withType) {
        n.requireObject();
        if (withType) {
            n.allowOnly("type", "channels", "eps", "gamma", "beta", "mean", "var");
        } else {
            n.allowOnly("channels", "eps", "gamma", "beta", "mean", "var");
        }
        int c = n.positive("channels");
        double eps = n.number("eps");
        float[] var = n.floats("var", c);
        for (int i = 0; i < c; i++) {
            if (var[i] < 0) {
                throw n.child("var").error("[" + i + "] is " + var[i] + ", expected a variance >= 0");
            }
        }
        try {
            return new BatchNorm(c, eps, n.floats("gamma", c), n.floats("beta", c), n.floats("mean", c), var);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    /** A JSON node with its path, for messages like "models/x.json: layers[3].gamma: ...". */
    private static final class Node {
        final String source;
        final String path;
        final JsonNode node;

        Node(String source, String path, JsonNode node) {
            this.source = source;
            this.path = path;
            this.node = node;
        }

        InputException error(String what) {
            return new InputException(source + ": " + (path.isEmpty() ? "top level" : path) + ": " + what);
        }

        void requireObject() {
            if (node == null || !node.isObject()) {
                throw error("expected a JSON object" + (node == null ? ", missing" : ", found " + node.getNodeType()));
            }
        }

        boolean has(String field) {
            return node.has(field);
        }

        Node child(String field) {
            JsonNode c = node.get(field);
            Node n = new Node(source, path.isEmpty() ? field : path + "." + field, c);
            if (c == null) {
                throw n.error("missing");
            }
            return n;
        }

        Node element(int i) {
            return new Node(source, path + "[" + i + "]", node.get(i));
        }

        void allowOnly(String... fields) {
            Iterator<String> it = node.fieldNames();
            outer:
            while (it.hasNext()) {
                String f = it.next();
                for (String a : fields) {
                    if (a.equals(f)) {
                        continue outer;
                    }
                }
                throw new InputException(source + ": " + (path.isEmpty() ? "" : path + ".") + f
                        + ": unknown field, expected one of " + String.join(", ", fields));
            }
        }

        String string(String field) {
            Node c = child(field);
            if (!c.node.isTextual()) {
                throw c.error("is " + c.node + ", expected a string");
            }
            return c.node.textValue();
        }

        boolean bool(String field) {
            Node c = child(field);
            if (!c.node.isBoolean()) {
                throw c.error("is " + c.node + ", expected true or false");
            }
            return c.node.booleanValue();
        }

        boolean optionalBool(String field, boolean def) {
            return has(field) ? bool(field) : def;
        }

        double number(String field) {
            Node c = child(field);
            if (!c.node.isNumber() || !Double.isFinite(c.node.doubleValue())) {
                throw c.error("is " + c.node + ", expected a finite number");
            }
            return c.node.doubleValue();
        }

        long longInteger(String field) {
            Node c = child(field);
            if (!c.node.isIntegralNumber() || !c.node.canConvertToLong()) {
                throw c.error("is " + c.node + ", expected an integer");
            }
            return c.node.longValue();
        }

        int integer(String field) {
            Node c = child(field);
            if (!c.node.isIntegralNumber() || !c.node.canConvertToInt()) {
                throw c.error("is " + c.node + ", expected an integer");
            }
            return c.node.intValue();
        }

        int positive(String field) {
            int v = integer(field);
            if (v < 1) {
                throw child(field).error("is " + v + ", expected an integer >= 1");
            }
            return v;
        }

        int optionalInt(String field, int def) {
            if (!has(field)) {
                return def;
            }
            int v = integer(field);
            if (v < 0) {
                throw child(field).error("is " + v + ", expected an integer >= 0");
            }
            return v;
        }

        float[] floats(String field, int expected) {
            Node c = child(field);
            if (!c.node.isArray()) {
                throw c.error("is " + abbreviate(c.node) + ", expected an array of " + expected + " numbers");
            }
            if (c.node.size() != expected) {
                throw c.error("has " + c.node.size() + " numbers, expected " + expected);
            }
            float[] v = new float[expected];
            for (int i = 0; i < expected; i++) {
                JsonNode e = c.node.get(i);
                double d = e.isNumber() ? e.doubleValue() : Double.NaN;
                if (!e.isNumber() || !Float.isFinite((float) d)) {
                    throw c.error("[" + i + "] is " + e + ", expected a finite number");
                }
                v[i] = (float) d;
            }
            return v;
        }

        float[] optionalFloats(String field, int expected) {
            return has(field) && !node.get(field).isNull() ? floats(field, expected) : null;
        }

        float[] weights(boolean binary, int count) {
            if (binary) {
                if (has("weights")) {
                    throw child("weights").error("given for binary weights, expected weightBits (base64 sign bits)");
                }
                Node c = child("weightBits");
                if (!c.node.isTextual()) {
                    throw c.error("is " + abbreviate(c.node) + ", expected a base64 string of sign bits");
                }
                try {
                    return SignBits.decode(c.node.textValue(), count);
                } catch (IllegalArgumentException e) {
                    throw c.error(e.getMessage());
                }
            }
            if (has("weightBits")) {
                throw child("weightBits").error("given for real weights (binaryWeights is false), expected weights");
            }
            return floats("weights", count);
        }

        private static String abbreviate(JsonNode n) {
            String s = n.toString();
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
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
