package org.memspice.device;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.memspice.InputException;
import org.memspice.signal.SpiceNumber;
import org.memspice.signal.SpiceSyntaxException;
import org.memspice.signal.Waveform;

/**
 * A device card: model, window, port law, parameters (the papers' symbols in snake case, SI units, x0 in the
 * model's own variable), the source it comes from and its demonstration drive. Loaded from JSON
 * ({@code devices/*.json}) and validated; every error names the file and the field.
 *
 * <pre>
 * { "model": "hp", "window": "joglekar", "source": "Biolek et al. 2009, Fig. 5a",
 *   "parameters": { "ron": 100, "roff": 16000, "d": 1e-8, "mu_v": 1e-14, "p": 10, "x0": 0.1 },
 *   "drive": { "source": "SIN(0 1.2 1)", "tstop": 2, "rseries": 0 } }
 * </pre>
 */
public final class DeviceCard {

    /** Model families. */
    public static final List<String> MODELS = List.of("hp", "team", "vteam");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final Set<String> TOP_FIELDS = Set.of("model", "window", "iv", "source", "parameters", "drive");
    private static final Set<String> DRIVE_FIELDS = Set.of("source", "tstop", "rseries");

    private final String name;
    private final String file;
    private final String model;
    private final String window;
    private final String iv;
    private final String source;
    private final LinkedHashMap<String, Double> parameters;
    private final String drive;
    private final double tstop;
    private final double rseries;

    private DeviceCard(String name, String file, String model, String window, String iv, String source,
                       LinkedHashMap<String, Double> parameters, String drive, double tstop, double rseries) {
        this.name = name;
        this.file = file;
        this.model = model;
        this.window = window;
        this.iv = iv;
        this.source = source;
        this.parameters = parameters;
        this.drive = drive;
        this.tstop = tstop;
        this.rseries = rseries;
    }

    /** Card name: the file name without {@code .json}. */
    public String name() { return name; }
    /** Where the card was read from (used in error messages). */
    public String file() { return file; }
    /** hp, team or vteam. */
    public String model() { return model; }
    /** Window name. */
    public String window() { return window; }
    /** linear or exponential for TEAM/VTEAM, null for HP. */
    public String iv() { return iv; }
    /** Citation of the parameter set. */
    public String source() { return source; }
    /** Parameters in canonical order, SI units. */
    public Map<String, Double> parameters() { return java.util.Collections.unmodifiableMap(parameters); }
    /** Demonstration drive, SPICE source text. */
    public String driveText() { return drive; }
    /** Demonstration stop time, s. */
    public double tstop() { return tstop; }
    /** Demonstration series resistance, ohm (0 = none). */
    public double rseries() { return rseries; }

    /** A parameter's value; throws if the card has no such parameter. */
    public double get(String parameter) {
        Double v = parameters.get(parameter);
        if (v == null) throw new IllegalArgumentException("card " + name + " has no parameter " + parameter);
        return v;
    }

    /** The demonstration drive parsed. */
    public Waveform driveWaveform() {
        return Waveform.parse(drive);
    }

    /** Parameters this model/window combination needs, in canonical order. */
    public static List<String> requiredParameters(String model, String window) {
        List<String> out = new ArrayList<>();
        switch (model) {
            case "hp" -> out.addAll(List.of("ron", "roff", "d", "mu_v"));
            case "team" -> out.addAll(List.of("ron", "roff", "x_on", "x_off", "k_on", "k_off", "alpha_on",
                    "alpha_off", "i_on", "i_off"));
            case "vteam" -> out.addAll(List.of("ron", "roff", "x_on", "x_off", "k_on", "k_off", "alpha_on",
                    "alpha_off", "v_on", "v_off"));
            default -> throw new IllegalArgumentException(model);
        }
        switch (window) {
            case "joglekar", "biolek" -> out.add("p");
            case "prodromakis" -> out.addAll(List.of("p", "j"));
            case "kvatinsky" -> out.addAll(List.of("a_on", "a_off", "w_c"));
            default -> { }
        }
        out.add("x0");
        return out;
    }

    /** Windows allowed for a model family. */
    public static List<String> windows(String model) {
        return model.equals("hp")
                ? List.of("none", "strukov", "joglekar", "biolek", "prodromakis")
                : List.of("none", "kvatinsky", "biolek", "joglekar", "prodromakis");
    }

    /** Reads and validates a card file. */
    public static DeviceCard load(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) throw new InputException(file + ": no such device card file");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(path));
        } catch (JsonProcessingException e) {
            throw new InputException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        String base = path.getFileName().toString();
        String name = base.endsWith(".json") ? base.substring(0, base.length() - 5) : base;
        return fromJson(root, name, file);
    }

    /** Builds a card from a parsed JSON tree (file names the origin in messages). */
    public static DeviceCard fromJson(JsonNode root, String name, String file) {
        if (root == null || !root.isObject()) throw new InputException(file + ": expected a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_FIELDS.contains(f))
                throw new InputException(file + ": unknown field '" + f + "' (expected one of " + sorted(TOP_FIELDS) + ")");
        }
        String model = text(root, "model", file, true).toLowerCase(Locale.ROOT);
        if (!MODELS.contains(model))
            throw new InputException(file + ": field 'model' is '" + model + "'; expected one of " + MODELS);
        String window = text(root, "window", file, true).toLowerCase(Locale.ROOT);
        String iv = text(root, "iv", file, false);
        String source = text(root, "source", file, true);
        JsonNode params = root.get("parameters");
        if (params == null || !params.isObject())
            throw new InputException(file + ": field 'parameters' is missing or not an object");
        LinkedHashMap<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), number(e.getValue(), "parameters." + e.getKey(), file));
        }
        JsonNode driveNode = root.get("drive");
        if (driveNode == null || !driveNode.isObject())
            throw new InputException(file + ": field 'drive' is missing or not an object "
                    + "(expected {\"source\": \"SIN(0 1.2 1)\", \"tstop\": 2})");
        for (Iterator<String> it = driveNode.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!DRIVE_FIELDS.contains(f))
                throw new InputException(file + ": unknown field 'drive." + f + "' (expected one of " + sorted(DRIVE_FIELDS) + ")");
        }
        String drive = text(driveNode, "source", file, true);
        JsonNode ts = driveNode.get("tstop");
        if (ts == null) throw new InputException(file + ": missing field 'drive.tstop' (stop time of the demonstration, s)");
        double tstop = number(ts, "drive.tstop", file);
        JsonNode rs = driveNode.get("rseries");
        double rseries = rs == null ? 0 : number(rs, "drive.rseries", file);
        DeviceCard card = new DeviceCard(name, file, model, window, iv == null ? null : iv.toLowerCase(Locale.ROOT),
                source, values, drive, tstop, rseries);
        return card.validated();
    }

    /**
     * A copy with {@code NAME=VALUE} overrides applied ({@code --set}): any parameter (SPICE numbers accepted),
     * {@code window}, {@code iv}, and the drive fields {@code tstop}, {@code rseries}. Validated like a file.
     */
    public DeviceCard withOverrides(List<String> assignments) {
        if (assignments == null || assignments.isEmpty()) return this;
        String w = window;
        String curve = iv;
        double ts = tstop;
        double rs = rseries;
        LinkedHashMap<String, Double> values = new LinkedHashMap<>(parameters);
        List<String[]> numeric = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0 || eq == a.length() - 1)
                throw new InputException("--set '" + a + "': expected NAME=VALUE, e.g. --set p=2");
            String key = a.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = a.substring(eq + 1).trim();
            switch (key) {
                case "window" -> w = value.toLowerCase(Locale.ROOT);
                case "iv" -> curve = value.toLowerCase(Locale.ROOT);
                case "model" -> throw new InputException("--set model=...: the model family cannot be changed; use another card");
                default -> numeric.add(new String[] {key, value});
            }
        }
        if (!windows(model).contains(w))
            throw new InputException("--set window=" + w + ": not a window of model " + model + "; expected one of " + windows(model));
        List<String> required = requiredParameters(model, w);
        for (String[] kv : numeric) {
            double v;
            try {
                v = SpiceNumber.parse(kv[1]);
            } catch (SpiceSyntaxException e) {
                throw new InputException("--set " + kv[0] + "=" + kv[1] + ": " + e.getMessage());
            }
            if (kv[0].equals("tstop")) { ts = v; continue; }
            if (kv[0].equals("rseries")) { rs = v; continue; }
            if (!required.contains(kv[0]))
                throw new InputException("--set " + kv[0] + "=" + kv[1] + ": '" + kv[0] + "' is not a parameter of model "
                        + model + " with window " + w + "; expected one of " + required + ", window, iv, tstop, rseries");
            values.put(kv[0], v);
        }
        values.keySet().retainAll(required);
        String where = file + " with --set " + String.join(" ", assignments);
        return new DeviceCard(name, where, model, w, curve, source, values, drive, ts, rs).validated();
    }

    private DeviceCard validated() {
        if (!windows(model).contains(window))
            throw new InputException(file + ": field 'window' is '" + window + "'; model " + model
                    + " accepts " + windows(model));
        if (model.equals("hp")) {
            if (iv != null) throw new InputException(file + ": field 'iv' applies to team and vteam only, not hp");
        } else if (iv == null) {
            throw new InputException(file + ": missing field 'iv' (linear or exponential)");
        } else if (!iv.equals("linear") && !iv.equals("exponential")) {
            throw new InputException(file + ": field 'iv' is '" + iv + "'; expected linear or exponential");
        }
        List<String> required = requiredParameters(model, window);
        for (String k : parameters.keySet()) {
            if (!required.contains(k))
                throw new InputException(file + ": unknown field 'parameters." + k + "' for model " + model
                        + " with window " + window + " (expected " + required + ")");
        }
        LinkedHashMap<String, Double> ordered = new LinkedHashMap<>();
        for (String k : required) {
            Double v = parameters.get(k);
            if (v == null)
                throw new InputException(file + ": missing field 'parameters." + k + "' (model " + model
                        + " with window " + window + " needs " + required + ")");
            ordered.put(k, v);
        }
        parameters.clear();
        parameters.putAll(ordered);
        positive("ron");
        greater("roff", "ron");
        if (model.equals("hp")) {
            positive("d");
            positive("mu_v");
            within("x0", 0, 1, "the HP state x = w/D lies in [0, 1]");
        } else {
            greater("x_off", "x_on");
            positive("k_off");
            negative("k_on");
            atLeast("alpha_on", 1);
            atLeast("alpha_off", 1);
            if (model.equals("team")) {
                negative("i_on");
                positive("i_off");
            } else {
                negative("v_on");
                positive("v_off");
            }
            within("x0", get("x_on"), get("x_off"), "x0 is in metres between x_on and x_off");
        }
        switch (window) {
            case "joglekar", "biolek" -> atLeast("p", 0.5);
            case "prodromakis" -> { positive("p"); positive("j"); }
            case "kvatinsky" -> positive("w_c");
            default -> { }
        }
        if (!(tstop > 0)) throw new InputException(file + ": field 'drive.tstop' is " + tstop + "; expected > 0 s");
        if (!(rseries >= 0)) throw new InputException(file + ": field 'drive.rseries' is " + rseries + "; expected >= 0 ohm");
        try {
            Waveform.parse(drive);
        } catch (SpiceSyntaxException e) {
            throw new InputException(file + ": field 'drive.source': " + e.getMessage());
        }
        return this;
    }

    /** The model this card describes. */
    public MemristorModel toModel() {
        Window w = switch (window) {
            case "none" -> Window.NONE;
            case "strukov" -> new StrukovWindow();
            case "joglekar" -> new JoglekarWindow(get("p"));
            case "biolek" -> new BiolekWindow(get("p"));
            case "prodromakis" -> new ProdromakisWindow(get("p"), get("j"));
            case "kvatinsky" -> new KvatinskyWindow(get("x_on"), get("x_off"), get("a_on"), get("a_off"), get("w_c"));
            default -> throw new IllegalStateException(window);
        };
        if (model.equals("hp")) return new LinearIonDrift(get("ron"), get("roff"), get("d"), get("mu_v"), get("x0"), w);
        IvCurve curve = iv.equals("linear") ? IvCurve.LINEAR : IvCurve.EXPONENTIAL;
        if (model.equals("team"))
            return new Team(get("ron"), get("roff"), get("x_on"), get("x_off"), get("k_on"), get("k_off"),
                    get("alpha_on"), get("alpha_off"), get("i_on"), get("i_off"), get("x0"), w, curve);
        return new Vteam(get("ron"), get("roff"), get("x_on"), get("x_off"), get("k_on"), get("k_off"),
                get("alpha_on"), get("alpha_off"), get("v_on"), get("v_off"), get("x0"), w, curve);
    }

    /** Card as JSON (the same schema it was read from). */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("window", window);
        if (iv != null) root.put("iv", iv);
        root.put("source", source);
        ObjectNode p = root.putObject("parameters");
        parameters.forEach(p::put);
        ObjectNode d = root.putObject("drive");
        d.put("source", drive);
        d.put("tstop", tstop);
        if (rseries != 0) d.put("rseries", rseries);
        return root;
    }

    private void positive(String k) {
        double v = get(k);
        if (!(v > 0)) throw new InputException(file + ": field 'parameters." + k + "' is " + v + "; expected > 0");
    }

    private void negative(String k) {
        double v = get(k);
        if (!(v < 0)) throw new InputException(file + ": field 'parameters." + k + "' is " + v
                + "; expected < 0 (in the TEAM family the ON rate and threshold are negative)");
    }

    private void atLeast(String k, double min) {
        double v = get(k);
        if (!(v >= min)) throw new InputException(file + ": field 'parameters." + k + "' is " + v + "; expected >= " + min);
    }

    private void greater(String k, String than) {
        double v = get(k), w = get(than);
        if (!(v > w)) throw new InputException(file + ": field 'parameters." + k + "' is " + v
                + "; expected greater than " + than + " = " + w);
    }

    private void within(String k, double lo, double hi, String why) {
        double v = get(k);
        if (!(v >= lo && v <= hi)) throw new InputException(file + ": field 'parameters." + k + "' is " + v
                + "; expected within [" + lo + ", " + hi + "] (" + why + ")");
    }

    private static String text(JsonNode node, String field, String file, boolean required) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            if (required) throw new InputException(file + ": missing field '" + field + "'");
            return null;
        }
        if (!n.isTextual()) throw new InputException(file + ": field '" + field + "' must be a string, got " + n);
        return n.asText();
    }

    private static double number(JsonNode n, String field, String file) {
        double v;
        if (n.isNumber()) {
            v = n.asDouble();
        } else if (n.isTextual()) {
            try {
                v = SpiceNumber.parse(n.asText());
            } catch (SpiceSyntaxException e) {
                throw new InputException(file + ": field '" + field + "': " + e.getMessage());
            }
        } else {
            throw new InputException(file + ": field '" + field + "' must be a number, got " + n);
        }
        if (!Double.isFinite(v)) throw new InputException(file + ": field '" + field + "' is " + v + "; expected a finite number");
        return v;
    }

    private static String sorted(Set<String> s) {
        return new java.util.TreeSet<>(s).toString();
    }

    /** All cards in a folder, sorted by name. */
    public static List<DeviceCard> loadAll(Path folder) {
        if (!Files.isDirectory(folder)) throw new InputException(folder + ": no such device card folder");
        List<Path> files;
        try (var s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new InputException(folder + ": cannot list: " + e.getMessage());
        }
        List<DeviceCard> out = new ArrayList<>();
        for (Path p : files) out.add(load(p));
        return out;
    }

}
