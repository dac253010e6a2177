package org.memspice.crossbar;

import com.fasterxml.jackson.databind.JsonNode;
import org.memspice.InputException;
import org.memspice.device.DeviceCard;
import org.memspice.device.MemristorModel;
import org.memspice.json.JsonFields;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Reads a crossbar spec (JSON): an array design, its contents and its stimulus. Every error names the file,
 * the JSON path, the value and what was expected. Numbers may be JSON numbers or strings with SPICE suffixes
 * ("10k", "100n"). Paths to cards are relative to the spec's folder. The format is described in
 * docs/crossbar.md. The design fields ({@link #DESIGN_FIELDS}) are read by {@link #design}, which the
 * compile card reader shares.
 */
public final class CrossbarSpecReader {
    /** Fields of an array design (everything but the size, the contents and the stimulus). */
    public static final Set<String> DESIGN_FIELDS;

    static {
        Set<String> d = new HashSet<>(Set.of("scheme", "deviceCard", "gOn", "gOff", "wires", "driverResistance",
                "sensing", "readVoltage", "encoding", "periphery", "referenceColumn"));
        d.addAll(CellDevice.FIELDS);
        DESIGN_FIELDS = Set.copyOf(d);
    }
    private static final Set<String> KNOWN;

    static {
        Set<String> k = new HashSet<>(DESIGN_FIELDS);
        k.addAll(Set.of("name", "description", "rows", "columns", "weights", "conductances", "resistances", "states",
                "inputs", "pulseWidth"));
        KNOWN = Set.copyOf(k);
    }

    private final JsonFields f;

    private CrossbarSpecReader(Path file) {
        this.f = new JsonFields(file);
    }

    public static CrossbarSpec read(Path file) {
        CrossbarSpecReader r = new CrossbarSpecReader(file);
        return r.parse(r.f.readObject("crossbar spec"));
    }

    private CrossbarSpec parse(JsonNode root) {
        f.checkKnown(root, "$", KNOWN);
        String name = root.has("name") ? root.get("name").asText() : f.file().getFileName().toString();
        int m = f.positiveInt(root, "rows", "$.rows");
        int n = f.positiveInt(root, "columns", "$.columns");
        ArrayScheme scheme = scheme(f, root, "conductances");
        checkSize(f, m, n, scheme);
        // a card with both gOn/gOff and a deviceCard is refused by design(), before the device card is read
        MemristorModel model = root.has("deviceCard") && !root.has("gOn") && !root.has("gOff") ? deviceModel(f, root.get("deviceCard")) : null;
        ArrayDesign design = design(f, root, m, n, scheme, model);
        double[] conductances = null;
        int[] weights = null;
        if (scheme == ArrayScheme.CONDUCTANCES) {
            conductances = deviceConductances(root, m, n, model, design);
        } else {
            weights = weights(root, m, n);
        }
        List<double[]> inputs = inputs(root.get("inputs"), m);
        double pulse = root.has("pulseWidth") ? f.positive(root, "pulseWidth", "$.pulseWidth") : 10e-9;
        CrossbarSpec spec = new CrossbarSpec(name, design, weights, conductances, new Stimulus(inputs, pulse));
        try {
            spec.array();
        } catch (InputException e) {
            throw new InputException(f.file() + ": " + e.getMessage());
        }
        return spec;
    }

    /** Physical cells of a rows x columns array in {@code scheme}: rows x (2N, N + 1 or N). */
    public static long cells(int rows, int columns, ArrayScheme scheme) {
        long p = switch (scheme) {
            case DOUBLE_COLUMN -> 2L * columns;
            case SINGLE_COLUMN -> columns + 1L;
            case CONDUCTANCES -> columns;
        };
        return rows * p;
    }

    /**
     * Refuses, before anything is allocated, an array of more cells than {@link SizeLimits#MAX_CELLS} or than the
     * heap can build and solve.
     */
    private static void checkSize(JsonFields f, int m, int n, ArrayScheme scheme) {
        long cells = cells(m, n, scheme);
        String size = m + " x " + n + " (" + cells + " cells, rows x physical columns, " + scheme.label() + ")";
        if (cells > SizeLimits.MAX_CELLS) {
            throw f.error("$.rows, $.columns", size, "at most " + SizeLimits.MAX_CELLS + " cells");
        }
        String heap = SizeLimits.overHeap(SizeLimits.arrayBytes(cells));
        if (heap != null) {
            throw f.error("$.rows, $.columns", size + " " + heap.substring(0, heap.indexOf(':')),
                    "an array that fits the heap (about " + SizeLimits.BYTES_PER_CELL + " bytes per cell); "
                            + SizeLimits.MORE_HEAP);
        }
    }

    /** The scheme field, {@code dflt} when absent. */
    public static ArrayScheme scheme(JsonFields f, JsonNode root, String dflt) {
        String schemeText = f.text(root, "scheme", "$.scheme", dflt);
        ArrayScheme scheme = ArrayScheme.fromLabel(schemeText);
        if (scheme == null) {
            throw f.error("$.scheme", "'" + schemeText + "'", "double-column, single-column or conductances");
        }
        return scheme;
    }

    /**
     * The design fields of {@code root} for an array of {@code rows} x {@code columns} in {@code scheme}:
     * gOn/gOff (or the device card's bounds), wires, driver, sensing, read voltage, encoding, periphery card,
     * reference-column placement.
     *
     * @param model the device card's model when the card has a deviceCard, else null
     */
    public static ArrayDesign design(JsonFields f, JsonNode root, int rows, int columns, ArrayScheme scheme,
                                     MemristorModel model) {
        double gOn = Double.NaN;
        double gOff = Double.NaN;
        CellDevice cell = CellDevice.read(f, root);
        if (cell != null) {
            double v = f.positive(root, "readVoltage", "$.readVoltage");
            double[] g = cell.bounds(v);
            if (!(g[1] > 0) || Double.isInfinite(g[0]) || !(g[0] > g[1])) {
                throw f.error("$.deviceNetlist", cell.label() + " conducts " + g[0] + " S and " + g[1] + " S at its"
                        + " two state bounds at " + v + " V", "two different positive conductances (a device that"
                        + " switches between them: check deviceStateNode and deviceStateRange)");
            }
            gOn = g[0];
            gOff = g[1];
        } else if (root.has("gOn") || root.has("gOff")) {
            if (root.has("deviceCard")) {
                throw f.error("$.gOn", "gOn/gOff and a deviceCard", "either gOn and gOff, or a deviceCard, not both");
            }
            gOn = f.positive(root, "gOn", "$.gOn");
            gOff = f.positive(root, "gOff", "$.gOff");
        } else if (model != null) {
            double[] g = deviceBounds(model);
            gOn = g[0];
            gOff = g[1];
        }
        if (scheme != ArrayScheme.CONDUCTANCES) {
            if (Double.isNaN(gOn)) {
                throw f.error("$", "no gOn/gOff and no deviceCard", "gOn and gOff (siemens), a deviceCard (devices/*.json) or a deviceNetlist");
            }
            if (!(gOn > gOff)) {
                throw f.error(root.has("gOn") ? "$.gOn" : "$.deviceCard", gOn + " S with gOff " + gOff + " S", "gOn > gOff");
            }
        }
        JsonNode wires = root.get("wires");
        double rw = 0;
        double rb = 0;
        if (wires != null) {
            if (!wires.isObject()) {
                throw f.error("$.wires", wires.toString(),
                        "{\"wordLineSegmentResistance\": R, \"bitLineSegmentResistance\": R}");
            }
            f.checkKnown(wires, "$.wires", Set.of("wordLineSegmentResistance", "bitLineSegmentResistance"));
            rw = f.nonNegative(wires, "wordLineSegmentResistance", "$.wires.wordLineSegmentResistance", 0);
            rb = f.nonNegative(wires, "bitLineSegmentResistance", "$.wires.bitLineSegmentResistance", 0);
        }
        double rd = f.nonNegative(root, "driverResistance", "$.driverResistance", 0);
        Sensing sensing = sensing(f, root.get("sensing"));
        double vr = f.positive(root, "readVoltage", "$.readVoltage");
        String encText = f.text(root, "encoding", "$.encoding", "bipolar");
        InputEncoding enc;
        try {
            enc = InputEncoding.valueOf(encText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.error("$.encoding", "'" + encText + "'", "bipolar or unipolar");
        }
        PeripheryCard periphery = root.has("periphery") ? periphery(f, root.get("periphery")) : PeripheryCard.none();
        ReferencePlacement ref = null;
        if (scheme == ArrayScheme.SINGLE_COLUMN || root.has("referenceColumn")) {
            String pos = f.text(root, "referenceColumn", "$.referenceColumn", "middle");
            ref = ReferencePlacement.fromLabel(pos);
            if (ref == null) {
                throw f.error("$.referenceColumn", "'" + pos + "'", "near (next to the drivers), middle or far");
            }
        }
        return new ArrayDesign(rows, columns, scheme, gOn, gOff, rw, rb, rd, sensing, vr, enc, periphery, ref, cell);
    }

    /** {Gon, Goff} of a device card: 1/R at the state bounds, the smaller resistance being on. */
    public static double[] deviceBounds(MemristorModel model) {
        double r0 = model.resistance(model.xMin());
        double r1 = model.resistance(model.xMax());
        return new double[] {1 / Math.min(r0, r1), 1 / Math.max(r0, r1)};
    }

    private double[] deviceConductances(JsonNode root, int m, int n, MemristorModel model, ArrayDesign design) {
        int given = (root.has("conductances") ? 1 : 0) + (root.has("resistances") ? 1 : 0) + (root.has("states") ? 1 : 0);
        if (given != 1) {
            throw f.error("$", given == 0 ? "no device values" : "more than one of conductances/resistances/states",
                    "exactly one of conductances, resistances, or states with a deviceCard (scheme conductances)");
        }
        double[] g = new double[m * n];
        CellDevice cell = design.cellDevice();
        if (root.has("states") && cell != null) {
            double[] x = matrix(root.get("states"), "$.states", m, n);
            double vr = design.readVoltage();
            java.util.Map<Double, Double> known = new java.util.HashMap<>();
            for (int k = 0; k < g.length; k++) {
                if (!(x[k] >= cell.stateMin() && x[k] <= cell.stateMax())) {
                    throw f.error("$.states[" + k / n + "][" + k % n + "]", String.valueOf(x[k]),
                            "a state in the device's range [" + cell.stateMin() + ", " + cell.stateMax() + "]");
                }
                // the fast solvers' view of the cell: its chord conductance at the read voltage
                g[k] = known.computeIfAbsent(x[k], s -> cell.conductance(s, vr));
                if (!(g[k] > 0) || Double.isInfinite(g[k])) {
                    throw f.error("$.states[" + k / n + "][" + k % n + "]", String.valueOf(x[k]), "a state at which "
                            + cell.label() + " conducts (its chord conductance at " + vr + " V is " + g[k] + " S)");
                }
            }
            return g;
        }
        if (root.has("states")) {
            if (model == null) {
                throw f.error("$.states", "states without a deviceCard", "a deviceCard (devices/*.json) or a deviceNetlist for the states");
            }
            double[] x = matrix(root.get("states"), "$.states", m, n);
            for (int k = 0; k < g.length; k++) {
                if (!(x[k] >= model.xMin() && x[k] <= model.xMax())) {
                    throw f.error("$.states[" + k / n + "][" + k % n + "]", String.valueOf(x[k]),
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
                throw f.error("$." + field + "[" + k / n + "][" + k % n + "]", String.valueOf(v[k]),
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
            throw f.error(path, node.toString(), "a matrix or {\"random\": {\"seed\": N, \"min\": x, \"max\": y}}");
        }
        long seed = f.longValue(r, "seed", path + ".random.seed");
        double lo = f.positive(r, "min", path + ".random.min");
        double hi = f.positive(r, "max", path + ".random.max");
        if (!(hi >= lo)) {
            throw f.error(path + ".random.max", String.valueOf(hi), "max >= min " + lo);
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
            throw f.error("$.weights", "missing", "a rows x columns matrix of -1/+1 or {\"random\": {\"seed\": N}}");
        }
        int[] w = new int[m * n];
        if (node.isObject()) {
            JsonNode r = node.get("random");
            if (r == null) {
                throw f.error("$.weights", node.toString(), "a matrix or {\"random\": {\"seed\": N}}");
            }
            Random rnd = new Random(f.longValue(r, "seed", "$.weights.random.seed"));
            for (int k = 0; k < w.length; k++) {
                w[k] = rnd.nextBoolean() ? 1 : -1;
            }
            return w;
        }
        double[] v = matrix(node, "$.weights", m, n);
        for (int k = 0; k < w.length; k++) {
            if (v[k] != 1 && v[k] != -1) {
                throw f.error("$.weights[" + k / n + "][" + k % n + "]", String.valueOf(v[k]), "-1 or +1");
            }
            w[k] = (int) v[k];
        }
        return w;
    }

    private List<double[]> inputs(JsonNode node, int m) {
        List<double[]> list = new ArrayList<>();
        if (node == null) {
            throw f.error("$.inputs", "missing", "a list of input vectors of length rows, or {\"random\": {\"seed\": N, \"count\": K}}");
        }
        if (node.isObject()) {
            JsonNode r = node.get("random");
            if (r == null) {
                throw f.error("$.inputs", node.toString(), "a list of vectors or {\"random\": {\"seed\": N, \"count\": K}}");
            }
            Random rnd = new Random(f.longValue(r, "seed", "$.inputs.random.seed"));
            int count = f.positiveInt(r, "count", "$.inputs.random.count");
            if (count > SizeLimits.MAX_INPUTS) {
                throw f.error("$.inputs.random.count", String.valueOf(count), "at most " + SizeLimits.MAX_INPUTS
                        + " input vectors");
            }
            String heap = SizeLimits.overHeap(8.0 * count * m);
            if (heap != null) {
                throw f.error("$.inputs.random.count", count + " vectors of " + m + " values " + heap.substring(0,
                        heap.indexOf(':')), "inputs that fit the heap; " + SizeLimits.MORE_HEAP);
            }
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
            throw f.error("$.inputs", node.toString().length() > 60 ? node.getNodeType().toString() : node.toString(),
                    "a non-empty list of input vectors");
        }
        for (int t = 0; t < node.size(); t++) {
            String p = "$.inputs[" + t + "]";
            JsonNode row = node.get(t);
            if (!row.isArray() || row.size() != m) {
                throw f.error(p, row.isArray() ? row.size() + " values" : row.toString(), "a vector of " + m + " values");
            }
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = f.number(row.get(i), p + "[" + i + "]");
                if (!(x[i] >= -1 && x[i] <= 1)) {
                    throw f.error(p + "[" + i + "]", String.valueOf(x[i]), "a logical input in [-1, 1]");
                }
            }
            list.add(x);
        }
        return list;
    }

    private static Sensing sensing(JsonFields f, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw f.error("$.sensing", node == null ? "missing" : node.toString(),
                    "{\"type\": \"tia\", \"feedbackResistance\": R[, \"openLoopGain\": A]} or {\"type\": \"resistor\", \"resistance\": R}");
        }
        String type = f.text(node, "type", "$.sensing.type", "");
        switch (type) {
            case "tia" -> {
                f.checkKnown(node, "$.sensing", Set.of("type", "feedbackResistance", "openLoopGain"));
                double rf = f.positive(node, "feedbackResistance", "$.sensing.feedbackResistance");
                if (!node.has("openLoopGain")) {
                    return Sensing.idealTia(rf);
                }
                return Sensing.tia(rf, f.positive(node, "openLoopGain", "$.sensing.openLoopGain"));
            }
            case "resistor" -> {
                f.checkKnown(node, "$.sensing", Set.of("type", "resistance"));
                return Sensing.resistor(f.positive(node, "resistance", "$.sensing.resistance"));
            }
            default -> throw f.error("$.sensing.type", "'" + type + "'", "tia or resistor");
        }
    }

    /** The device card's model, from a card's "deviceCard" path (relative to the card's folder). */
    public static MemristorModel deviceModel(JsonFields f, JsonNode node) {
        if (!node.isTextual()) {
            throw f.error("$.deviceCard", node.toString(), "a path to a device card (devices/*.json)");
        }
        Path card = f.relative(node.asText());
        try {
            return DeviceCard.load(card).toModel();
        } catch (InputException e) {
            throw new InputException(f.file() + ": $.deviceCard: " + e.getMessage());
        }
    }

    /** The periphery card at a path relative to the spec's folder. */
    public static PeripheryCard periphery(JsonFields spec, JsonNode node) {
        if (!node.isTextual()) {
            throw spec.error("$.periphery", node.toString(), "a path to a periphery card (circuits/*.json)");
        }
        Path card = spec.relative(node.asText());
        JsonFields f = new JsonFields(card);
        JsonNode root;
        try {
            root = f.readObject("periphery card");
        } catch (InputException e) {
            throw new InputException(spec.file() + ": $.periphery: " + e.getMessage());
        }
        try {
            return PeripheryCard.read(f, root);
        } catch (InputException e) {
            throw new InputException(spec.origin() + ": $.periphery: " + e.getMessage());
        }
    }

    private double[] matrix(JsonNode node, String path, int m, int n) {
        if (!node.isArray() || node.size() != m) {
            throw f.error(path, node.isArray() ? node.size() + " rows" : node.getNodeType().toString(),
                    "a matrix of " + m + " rows x " + n + " columns");
        }
        double[] v = new double[m * n];
        for (int i = 0; i < m; i++) {
            JsonNode row = node.get(i);
            if (!row.isArray() || row.size() != n) {
                throw f.error(path + "[" + i + "]", row.isArray() ? row.size() + " values" : row.getNodeType().toString(),
                        n + " values (columns)");
            }
            for (int j = 0; j < n; j++) {
                v[i * n + j] = f.number(row.get(j), path + "[" + i + "][" + j + "]");
            }
        }
        return v;
    }
}
