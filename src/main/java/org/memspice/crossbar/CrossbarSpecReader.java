package org.memspice.crossbar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.memspice.InputException;
import org.memspice.device.DeviceCard;
import org.memspice.device.MemristorModel;
import org.memspice.signal.SpiceNumber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Reads a crossbar spec (JSON). Every error names the file, the JSON path, the value and what was expected.
 * Numbers may be JSON numbers or strings with SPICE suffixes ("10k", "100n"). Paths to cards are relative
 * to the spec's folder. The format is described in docs/crossbar.md.
 */
public final class CrossbarSpecReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("name", "description", "rows", "columns", "scheme", "weights",
            "conductances", "resistances", "states", "deviceCard", "gOn", "gOff", "wires", "driverResistance",
            "sensing", "readVoltage", "encoding", "inputs", "periphery", "pulseWidth", "referenceColumn");

    private final Path file;

    private CrossbarSpecReader(Path file) {
        this.file = file;
    }

    public static CrossbarSpec read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read crossbar spec: " + e.getMessage().split("\n")[0]);
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": expected a JSON object (a crossbar spec)");
        }
        return new CrossbarSpecReader(file).parse(root);
    }

    private CrossbarSpec parse(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KNOWN.contains(f)) {
                throw error("$." + f, "unknown field", "one of " + new java.util.TreeSet<>(KNOWN));
            }
        }
        String name = root.has("name") ? root.get("name").asText() : file.getFileName().toString();
        int m = positiveInt(root, "rows");
        int n = positiveInt(root, "columns");
        String schemeText = text(root, "scheme", "conductances");
        ArrayScheme scheme = ArrayScheme.fromLabel(schemeText);
        if (scheme == null) {
            throw error("$.scheme", "'" + schemeText + "'", "double-column, single-column or conductances");
        }
        double gOn = Double.NaN;
        double gOff = Double.NaN;
        MemristorModel model = root.has("deviceCard") ? deviceModel(root.get("deviceCard")) : null;
        if (root.has("gOn") || root.has("gOff")) {
            gOn = positive(root, "gOn", "$.gOn");
            gOff = positive(root, "gOff", "$.gOff");
        } else if (model != null) {
            // the card's bounds: the lower and upper state give the two extreme port resistances
            double r0 = model.resistance(model.xMin());
            double r1 = model.resistance(model.xMax());
            gOn = 1 / Math.min(r0, r1);
            gOff = 1 / Math.max(r0, r1);
        }
        double[] conductances = null;
        int[] weights = null;
        if (scheme == ArrayScheme.CONDUCTANCES) {
            conductances = deviceConductances(root, m, n, model);
        } else {
            if (Double.isNaN(gOn)) {
                throw error("$", "no gOn/gOff and no deviceCard", "gOn and gOff (siemens) or a deviceCard (devices/*.json)");
            }
            if (!(gOn > gOff)) {
                throw error("$.gOn", gOn + " S with gOff " + gOff + " S", "gOn > gOff");
            }
            weights = weights(root, m, n);
        }
        JsonNode wires = root.get("wires");
        double rw = 0;
        double rb = 0;
        if (wires != null) {
            rw = nonNegative(wires, "wordLineSegmentResistance", "$.wires.wordLineSegmentResistance", 0);
            rb = nonNegative(wires, "bitLineSegmentResistance", "$.wires.bitLineSegmentResistance", 0);
        }
        double rd = nonNegative(root, "driverResistance", "$.driverResistance", 0);
        Sensing sensing = sensing(root.get("sensing"));
        double vr = positive(root, "readVoltage", "$.readVoltage");
        String encText = text(root, "encoding", "bipolar");
        InputEncoding enc;
        try {
            enc = InputEncoding.valueOf(encText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error("$.encoding", "'" + encText + "'", "bipolar or unipolar");
        }
        List<double[]> inputs = inputs(root.get("inputs"), m);
        PeripheryCard periphery = root.has("periphery") ? periphery(root.get("periphery")) : PeripheryCard.none();
        double pulse = root.has("pulseWidth") ? positive(root, "pulseWidth", "$.pulseWidth") : 10e-9;
        int ref = -1;
        if (scheme == ArrayScheme.SINGLE_COLUMN) {
            String pos = text(root, "referenceColumn", "middle");
            ref = switch (pos) {
                case "near" -> 0;
                case "middle" -> n / 2;
                case "far" -> n;
                default -> throw error("$.referenceColumn", "'" + pos + "'",
                        "near (next to the drivers), middle or far");
            };
        }
        CrossbarSpec spec = new CrossbarSpec(name, m, n, scheme, conductances, weights, gOn, gOff, rw, rb, rd, sensing,
                vr, enc, inputs, periphery, pulse, ref);
        try {
            new CrossbarArray(spec);
        } catch (InputException e) {
            throw new InputException(file + ": " + e.getMessage());
        }
        return spec;
    }

    private double[] deviceConductances(JsonNode root, int m, int n, MemristorModel model) {
        int given = (root.has("conductances") ? 1 : 0) + (root.has("resistances") ? 1 : 0) + (root.has("states") ? 1 : 0);
        if (given != 1) {
            throw error("$", given == 0 ? "no device values" : "more than one of conductances/resistances/states",
                    "exactly one of conductances, resistances, or states with a deviceCard (scheme conductances)");
        }
        double[] g = new double[m * n];
        if (root.has("states")) {
            if (model == null) {
                throw error("$.states", "states without a deviceCard", "a deviceCard (devices/*.json) for the states");
            }
            double[] x = matrix(root.get("states"), "$.states", m, n);
            for (int k = 0; k < g.length; k++) {
                if (!(x[k] >= model.xMin() && x[k] <= model.xMax())) {
                    throw error("$.states[" + k / n + "][" + k % n + "]", String.valueOf(x[k]),
                            "a state in the card's range [" + model.xMin() + ", " + model.xMax() + "]");
                }
                // read mode: each device is its port resistance R(x) at its state (ohmic port v = R(x)*i)
                g[k] = 1 / model.resistance(x[k]);
            }
            return g;
        }
        boolean isR = root.has("resistances");
        String field = isR ? "resistances" : "conductances";
        JsonNode node = root.get(field);
        if (node.isObject()) {
            return randomConductances(node, "$." + field, m, n, isR);
        }
        double[] v = matrix(node, "$." + field, m, n);
        for (int k = 0; k < g.length; k++) {
            if (!(v[k] > 0) || Double.isInfinite(v[k])) {
                throw error("$." + field + "[" + k / n + "][" + k % n + "]", String.valueOf(v[k]),
                        "a finite positive " + (isR ? "resistance (ohm)" : "conductance (S)"));
            }
            g[k] = isR ? 1 / v[k] : v[k];
        }
        return g;
    }

    /** {"random": {"seed": 1, "min": 1e-6, "max": 1e-4}}: uniform values, seeded. */
    private double[] randomConductances(JsonNode node, String path, int m, int n, boolean isR) {
        JsonNode r = node.get("random");
        if (r == null || !r.isObject()) {
            throw error(path, node.toString(), "a matrix or {\"random\": {\"seed\": N, \"min\": x, \"max\": y}}");
        }
        long seed = longValue(r, "seed", path + ".random.seed");
        double lo = positive(r, "min", path + ".random.min");
        double hi = positive(r, "max", path + ".random.max");
        if (!(hi >= lo)) {
            throw error(path + ".random.max", String.valueOf(hi), "max >= min " + lo);
        }
        Random rnd = new Random(seed);
        double[] g = new double[m * n];
        for (int k = 0; k < g.length; k++) {
            double v = lo + (hi - lo) * rnd.nextDouble();
            g[k] = isR ? 1 / v : v;
        }
        return g;
    }

    private int[] weights(JsonNode root, int m, int n) {
        JsonNode node = root.get("weights");
        if (node == null) {
            throw error("$.weights", "missing", "a rows x columns matrix of -1/+1 or {\"random\": {\"seed\": N}}");
        }
        int[] w = new int[m * n];
        if (node.isObject()) {
            JsonNode r = node.get("random");
            if (r == null) {
                throw error("$.weights", node.toString(), "a matrix or {\"random\": {\"seed\": N}}");
            }
            Random rnd = new Random(longValue(r, "seed", "$.weights.random.seed"));
            for (int k = 0; k < w.length; k++) {
                w[k] = rnd.nextBoolean() ? 1 : -1;
            }
            return w;
        }
        double[] v = matrix(node, "$.weights", m, n);
        for (int k = 0; k < w.length; k++) {
            if (v[k] != 1 && v[k] != -1) {
                throw error("$.weights[" + k / n + "][" + k % n + "]", String.valueOf(v[k]), "-1 or +1");
            }
            w[k] = (int) v[k];
        }
        return w;
    }

    private List<double[]> inputs(JsonNode node, int m) {
        List<double[]> list = new ArrayList<>();
        if (node == null) {
            throw error("$.inputs", "missing", "a list of input vectors of length rows, or {\"random\": {\"seed\": N, \"count\": K}}");
        }
        if (node.isObject()) {
            JsonNode r = node.get("random");
            if (r == null) {
                throw error("$.inputs", node.toString(), "a list of vectors or {\"random\": {\"seed\": N, \"count\": K}}");
            }
            Random rnd = new Random(longValue(r, "seed", "$.inputs.random.seed"));
            int count = positiveInt(r, "count");
            for (int t = 0; t < count; t++) {
                double[] x = new double[m];
                for (int i = 0; i < m; i++) {
                    x[i] = rnd.nextBoolean() ? 1 : -1;
                }
                list.add(x);
            }
            return list;
        }
        if (!node.isArray() || node.size() == 0) {
            throw error("$.inputs", node.toString().length() > 60 ? node.getNodeType().toString() : node.toString(),
                    "a non-empty list of input vectors");
        }
        for (int t = 0; t < node.size(); t++) {
            String p = "$.inputs[" + t + "]";
            JsonNode row = node.get(t);
            if (!row.isArray() || row.size() != m) {
                throw error(p, row.isArray() ? row.size() + " values" : row.toString(), "a vector of " + m + " values");
            }
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = number(row.get(i), p + "[" + i + "]");
                if (!(x[i] >= -1 && x[i] <= 1)) {
                    throw error(p + "[" + i + "]", String.valueOf(x[i]), "a logical input in [-1, 1]");
                }
            }
            list.add(x);
        }
        return list;
    }

    private Sensing sensing(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw error("$.sensing", node == null ? "missing" : node.toString(),
                    "{\"type\": \"tia\", \"feedbackResistance\": R[, \"openLoopGain\": A]} or {\"type\": \"resistor\", \"resistance\": R}");
        }
        String type = text(node, "type", "");
        switch (type) {
            case "tia" -> {
                double rf = positive(node, "feedbackResistance", "$.sensing.feedbackResistance");
                if (!node.has("openLoopGain")) {
                    return Sensing.idealTia(rf);
                }
                return Sensing.tia(rf, positive(node, "openLoopGain", "$.sensing.openLoopGain"));
            }
            case "resistor" -> {
                return Sensing.resistor(positive(node, "resistance", "$.sensing.resistance"));
            }
            default -> throw error("$.sensing.type", "'" + type + "'", "tia or resistor");
        }
    }

    /** The device card's model, from the spec's "deviceCard" path (relative to the spec's folder). */
    private MemristorModel deviceModel(JsonNode node) {
        Path card = file.toAbsolutePath().getParent().resolve(node.asText());
        try {
            return DeviceCard.load(card).toModel();
        } catch (InputException e) {
            throw new InputException(file + ": $.deviceCard: " + e.getMessage());
        }
    }

    private PeripheryCard periphery(JsonNode node) {
        Path card = file.toAbsolutePath().getParent().resolve(node.asText());
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(card));
        } catch (IOException e) {
            throw new InputException(file + ": $.periphery: cannot read '" + node.asText() + "' (" + card + "): "
                    + e.getMessage().split("\n")[0]);
        }
        CrossbarSpecReader r = new CrossbarSpecReader(card);
        return new PeripheryCard(root.has("name") ? root.get("name").asText() : card.getFileName().toString(),
                root.has("source") ? root.get("source").asText() : "",
                r.nonNegative(root, "tiaStaticPower", "$.tiaStaticPower", Double.NaN),
                r.nonNegative(root, "subtractorStaticPower", "$.subtractorStaticPower", Double.NaN),
                r.nonNegative(root, "comparatorStaticPower", "$.comparatorStaticPower", Double.NaN),
                r.nonNegative(root, "driverStaticPower", "$.driverStaticPower", Double.NaN));
    }

    private double[] matrix(JsonNode node, String path, int m, int n) {
        if (!node.isArray() || node.size() != m) {
            throw error(path, node.isArray() ? node.size() + " rows" : node.getNodeType().toString(),
                    "a matrix of " + m + " rows x " + n + " columns");
        }
        double[] v = new double[m * n];
        for (int i = 0; i < m; i++) {
            JsonNode row = node.get(i);
            if (!row.isArray() || row.size() != n) {
                throw error(path + "[" + i + "]", row.isArray() ? row.size() + " values" : row.getNodeType().toString(),
                        n + " values (columns)");
            }
            for (int j = 0; j < n; j++) {
                v[i * n + j] = number(row.get(j), path + "[" + i + "][" + j + "]");
            }
        }
        return v;
    }

    private double number(JsonNode v, String path) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return SpiceNumber.parse(v.asText());
            } catch (RuntimeException e) {
                throw error(path, "'" + v.asText() + "'", "a number (e.g. 2.5, 10k, 100n)");
            }
        }
        throw error(path, v.toString(), "a number (e.g. 2.5, 10k, 100n)");
    }

    private double positive(JsonNode node, String field, String path) {
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

    private double nonNegative(JsonNode node, String field, String path, double dflt) {
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

    private int positiveInt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw error("$." + field, v == null ? "missing" : v.toString(), "a positive integer");
        }
        return v.asInt();
    }

    private long longValue(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw error(path, v == null ? "missing" : v.toString(), "an integer seed");
        }
        return v.asLong();
    }

    private String text(JsonNode node, String field, String dflt) {
        JsonNode v = node.get(field);
        return v == null ? dflt : v.asText();
    }

    private InputException error(String path, String value, String expected) {
        return new InputException(file + ": " + path + ": " + value + ": expected " + expected);
    }
}
