package org.memspice.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.memspice.InputException;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarSpecReader;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.PeripheryCard;
import org.memspice.crossbar.Sensing;
import org.memspice.device.MemristorModel;
import org.memspice.json.JsonFields;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a compile card (JSON). The array-design fields are those of a crossbar spec and are read by the same
 * code ({@link CrossbarSpecReader#design}); the card adds the tile size, the DAC resolution, the cell area,
 * the read pulse width, the calibration step, and lets the TIA gain follow an output swing. Every error names
 * the file, the JSON path, the value and what was expected. The format is described in docs/compiler.md.
 */
public final class CompileCardReader {
    private static final Set<String> KNOWN;

    static {
        Set<String> k = new HashSet<>(CrossbarSpecReader.DESIGN_FIELDS);
        k.addAll(Set.of("name", "description", "tile", "dacBits", "cellArea", "pulseWidth", "calibration"));
        KNOWN = Set.copyOf(k);
    }

    /** Longest read pulse, s: energies are power x pulse x reads and must stay finite. */
    public static final double MAX_PULSE_WIDTH = 1;
    /** Largest TIA output swing, V. */
    public static final double MAX_OUTPUT_SWING = 1e3;

    private CompileCardReader() {}

    public static CompileCard read(Path file) {
        return read(file, java.util.List.of());
    }

    /**
     * Reads the card with fields replaced first: each of {@code sets} is {@code FIELD=VALUE}, FIELD a dotted path
     * ({@code readVoltage}, {@code wires.bitLineSegmentResistance}, {@code calibration.enabled}), VALUE a JSON
     * value or else a string ("10k", "single-column"). The replaced card is checked like the file.
     */
    public static CompileCard read(Path file, java.util.List<String> sets) {
        JsonFields f = new JsonFields(file);
        JsonNode root = f.readObject("compile card");
        for (String set : sets) {
            override((ObjectNode) root, set);
        }
        try {
            return parse(f, file, root);
        } catch (InputException e) {
            if (sets.isEmpty()) {
                throw e;
            }
            throw new InputException(e.getMessage() + " (the card with --set " + String.join(" --set ", sets) + ")");
        }
    }

    private static void override(ObjectNode root, String set) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new InputException("--set " + set + ": expected FIELD=VALUE, e.g. readVoltage=0.1 or"
                    + " wires.bitLineSegmentResistance=2");
        }
        String[] path = set.substring(0, eq).trim().split("\\.");
        String text = set.substring(eq + 1).trim();
        JsonNode value = value(set, text);
        for (String p : path) {
            if (p.isEmpty()) {
                throw new InputException("--set " + set + ": '" + set.substring(0, eq).trim() + "' has an empty field"
                        + " name; expected FIELD or FIELD.SUBFIELD, e.g. wires.bitLineSegmentResistance");
            }
        }
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode next = node.get(path[i]);
            if (next == null) {
                next = node.putObject(path[i]);
            } else if (!next.isObject()) {
                throw new InputException("--set " + set + ": '" + path[i] + "' is " + next + ", not an object with fields");
            }
            node = (ObjectNode) next;
        }
        node.set(path[path.length - 1], value);
    }

    /** Strict like the card file: duplicate keys and trailing text refused, NaN read so the field can name it. */
    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper
            .builder()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /**
     * The VALUE of {@code --set FIELD=VALUE}: a JSON value (number, NaN, object, array, string in quotes, true,
     * false, null), or else the text as a string ("10k", "single-column"). A value that starts like JSON but is
     * not (a duplicate key, text after the value) is refused naming the option.
     */
    private static JsonNode value(String set, String text) {
        try {
            JsonNode v = STRICT.readTree(text);
            if (v != null && !v.isMissingNode()) {
                return v;
            }
        } catch (java.io.IOException e) {
            String t = text.trim();
            if (t.startsWith("{") || t.startsWith("[") || t.startsWith("\"")
                    || (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-') && t.contains(" "))
                    || e.getMessage().contains("Duplicate field")) {
                throw new InputException("--set " + set + ": '" + text + "': expected one JSON value or a word (e.g. 0.1,"
                        + " 10k, {\"type\": \"tia\", \"outputSwing\": 1}): " + e.getMessage().split("\n")[0]);
            }
        }
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
    }

    private static CompileCard parse(JsonFields f, Path file, JsonNode root) {
        f.checkKnown(root, "$", KNOWN);
        String name = f.text(root, "name", "$.name", file.getFileName().toString().replaceFirst("\\.json$", ""));
        String description = f.text(root, "description", "$.description", "");
        ArrayScheme scheme = CrossbarSpecReader.scheme(f, root, "double-column");
        if (scheme == ArrayScheme.CONDUCTANCES) {
            throw f.error("$.scheme", "'conductances'", "double-column or single-column (the compiler maps weights)");
        }
        int[] tile = tile(f, root.get("tile"));
        // the TIA gain may follow an output swing instead of a fixed feedback resistance
        JsonNode sensing = root.get("sensing");
        double swing = 0;
        JsonNode designRoot = root;
        if (sensing != null && sensing.isObject() && sensing.has("outputSwing")) {
            if (sensing.has("feedbackResistance")) {
                throw f.error("$.sensing", "feedbackResistance and outputSwing",
                        "one of them: a fixed feedback resistance, or an output swing that sets it per layer");
            }
            swing = f.positive(sensing, "outputSwing", "$.sensing.outputSwing");
            if (swing > MAX_OUTPUT_SWING) {
                throw f.error("$.sensing.outputSwing", String.valueOf(swing), "at most " + MAX_OUTPUT_SWING + " V");
            }
            ObjectNode copy = ((ObjectNode) root).deepCopy();
            ObjectNode s = ((ObjectNode) sensing).deepCopy();
            s.remove("outputSwing");
            s.put("feedbackResistance", 1.0);   // placeholder: the compiler sets Rf per layer
            copy.set("sensing", s);
            designRoot = copy;
        }
        // a card with both gOn/gOff and a deviceCard is refused by design(), before the device card is read
        MemristorModel model = root.has("deviceCard") && !root.has("gOn") && !root.has("gOff") ? CrossbarSpecReader.deviceModel(f, root.get("deviceCard")) : null;
        ArrayDesign design = CrossbarSpecReader.design(f, designRoot, tile[0],
                CompileCard.outputsPerTile(scheme, tile[1]), scheme, model);
        check(f, design);
        try {
            // the rules of the resistive network (floating lines, ...), on one cell with the card's design
            org.memspice.crossbar.CrossbarArray.programmed(design.withSize(1, 1), new int[] {1});
        } catch (InputException e) {
            throw new InputException(f.origin() + ": " + e.getMessage());
        }
        int dacBits = 8;
        if (root.has("dacBits")) {
            JsonNode v = root.get("dacBits");
            if (!v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 16) {
                throw f.error("$.dacBits", v.toString(), "an integer from 1 to 16");
            }
            dacBits = v.asInt();
        }
        double cellArea = f.positive(root, "cellArea", "$.cellArea");
        double pulse = root.has("pulseWidth") ? f.positive(root, "pulseWidth", "$.pulseWidth") : 10e-9;
        if (pulse > MAX_PULSE_WIDTH) {
            throw f.error("$.pulseWidth", String.valueOf(pulse), "a read pulse of at most " + MAX_PULSE_WIDTH + " s");
        }
        int vectors = 0;
        long seed = 1;
        JsonNode cal = root.get("calibration");
        if (cal != null) {
            if (!cal.isObject()) {
                throw f.error("$.calibration", cal.toString(), "{\"enabled\": true|false, \"vectors\": N, \"seed\": S}");
            }
            f.checkKnown(cal, "$.calibration", Set.of("enabled", "vectors", "seed"));
            boolean on = f.bool(cal, "enabled", "$.calibration.enabled", false);
            int n = cal.has("vectors") ? f.positiveInt(cal, "vectors", "$.calibration.vectors") : Calibration.DEFAULT_VECTORS;
            seed = cal.has("seed") ? f.longValue(cal, "seed", "$.calibration.seed") : 1;
            vectors = on ? n : 0;
        }
        String deviceCard = root.has("deviceCard") ? root.get("deviceCard").asText() : null;
        return new CompileCard(name, description.isEmpty() ? file.toString() : description, design, tile[0], tile[1],
                swing, dacBits, cellArea, pulse, vectors, seed, model, deviceCard, file + ": $.tile");
    }

    /** "128x128", or {"rows": 128, "columns": 128}; default 128 x 128. */
    private static int[] tile(JsonFields f, JsonNode node) {
        if (node == null) {
            return new int[] {128, 128};
        }
        if (node.isTextual()) {
            try {
                return parseTile(node.asText());
            } catch (InputException e) {
                throw f.error("$.tile", "'" + node.asText() + "'", "ROWSxCOLUMNS, e.g. 128x128 (rows >= 1, columns >= 2)");
            }
        }
        if (!node.isObject()) {
            throw f.error("$.tile", node.toString(), "{\"rows\": R, \"columns\": C} or \"RxC\"");
        }
        f.checkKnown(node, "$.tile", Set.of("rows", "columns"));
        int r = f.positiveInt(node, "rows", "$.tile.rows");
        int c = f.positiveInt(node, "columns", "$.tile.columns");
        if (c < 2) {
            throw f.error("$.tile.columns", String.valueOf(c), "at least 2 physical columns (one differential pair,"
                    + " or one data column and the reference column)");
        }
        return new int[] {r, c};
    }

    /** Parses "RxC" (rows x physical columns). */
    public static int[] parseTile(String text) {
        String[] p = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int r = Integer.parseInt(p[0].trim());
                int c = Integer.parseInt(p[1].trim());
                if (r >= 1 && c >= 2) {
                    return new int[] {r, c};
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InputException("tile '" + text + "': expected ROWSxCOLUMNS, e.g. 128x128 (rows >= 1, physical columns >= 2)");
    }

    /** What the compiler needs of a design beyond what a crossbar spec needs. */
    static void check(JsonFields f, ArrayDesign d) {
        Sensing s = d.sensing();
        if (!s.idealVirtualGround()) {
            throw f.error("$.sensing", s.kind() == Sensing.Kind.RESISTOR ? "a sense resistor" : "a TIA of finite gain "
                    + s.openLoopGain(), "an ideal TIA (type tia without openLoopGain): the row tiles of a layer sum their"
                    + " currents at one virtual-ground input per column, which a sense resistor or a finite-gain TIA"
                    + " would couple");
        }
        if (d.encoding() != InputEncoding.BIPOLAR) {
            throw f.error("$.encoding", "'" + d.encoding().name().toLowerCase(java.util.Locale.ROOT) + "'",
                    "bipolar: binary activations drive +/-Vr so that zero padding is 0 V; unipolar 0/Vr inputs would"
                    + " need a comparator reference per border position");
        }
        PeripheryCard p = d.periphery();
        if (Double.isNaN(p.dacStaticPower()) || Double.isNaN(p.adcFigureOfMerit())) {
            throw f.error("$.periphery", "'" + p.name() + "' without " + (Double.isNaN(p.dacStaticPower())
                    ? "dacStaticPower" : "adcFigureOfMerit"), "a periphery card with dacStaticPower (the first layer's"
                    + " input DACs) and adcFigureOfMerit (the output layer's ADCs)");
        }
    }
}
