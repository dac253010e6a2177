package org.memspice.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.memspice.InputException;
import org.memspice.json.JsonFields;
import org.memspice.signal.SpiceNumber;
import org.memspice.signal.SpiceSyntaxException;
import org.memspice.signal.Waveform;

/**
 * A device card: model family, window, port law, parameters (the papers' symbols in snake case, SI units, x0 in
 * the model's own variable), the source it comes from and its demonstration drive. Loaded from JSON
 * ({@code devices/*.json}) through {@link JsonFields}, strictly (duplicate keys, trailing content, unknown fields
 * and non-finite numbers are errors), and every error names the file, the JSON path, the value found and what
 * was expected, e.g. {@code devices/x.json: $.parameters.k_on: 10.0: expected < 0 (...)}. The families and
 * windows, with their parameters and checks, are {@link ModelKind} and {@link WindowKind}.
 *
 * <pre>
 * { "model": "hp", "window": "joglekar", "source": "Biolek et al. 2009, Fig. 5a",
 *   "parameters": { "ron": 100, "roff": 16000, "d": 1e-8, "mu_v": 1e-14, "p": 10, "x0": 0.1 },
 *   "drive": { "source": "SIN(0 1.2 1)", "tstop": 2, "rseries": 0 } }
 * </pre>
 */
public final class DeviceCard {

    /** Card names of the model families. */
    public static final List<String> MODELS = ModelKind.cardNames();

    private static final Set<String> TOP_FIELDS = Set.of("model", "window", "iv", "source", "parameters", "drive");
    private static final Set<String> DRIVE_FIELDS = Set.of("source", "tstop", "rseries");

    private final String name;
    private final String file;
    private final JsonFields fields;
    private final ModelKind model;
    private final WindowKind window;
    private final IvCurve iv;
    private final String source;
    private final LinkedHashMap<String, Double> parameters;
    private final String drive;
    private final double tstop;
    private final double rseries;

    private DeviceCard(String name, String file, JsonFields fields, ModelKind model, WindowKind window, IvCurve iv,
                       String source, LinkedHashMap<String, Double> parameters, String drive, double tstop,
                       double rseries) {
        this.name = name;
        this.file = file;
        this.fields = fields;
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
    /** The model family. */
    public ModelKind model() { return model; }
    /** The window. */
    public WindowKind window() { return window; }
    /** The port law of TEAM/VTEAM, null for HP. */
    public IvCurve iv() { return iv; }
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

    /** Parameters this model/window combination needs, in canonical order: the family's, the window's, x0. */
    public static List<String> requiredParameters(ModelKind model, WindowKind window) {
        List<String> out = new ArrayList<>(model.parameters());
        out.addAll(window.parameters());
        out.add("x0");
        return out;
    }

    /** Most bytes of a device card file (the shipped cards are about 1 kB). */
    public static final int MAX_CARD_BYTES = 1 << 20;

    /** Reads and validates a card file. */
    public static DeviceCard load(Path path) {
        JsonFields f = new JsonFields(path);
        JsonNode root = f.readObject("device card", MAX_CARD_BYTES);
        String base = path.getFileName().toString();
        String name = base.endsWith(".json") ? base.substring(0, base.length() - 5) : base;
        return fromJson(root, name, f);
    }

    /** Builds a card from a parsed JSON tree ({@code origin} names where it came from in messages). */
    public static DeviceCard fromJson(JsonNode root, String name, String origin) {
        JsonFields f = new JsonFields(origin);
        if (root == null || !root.isObject()) throw f.error("$", String.valueOf(root), "a JSON object (a device card)");
        return fromJson(root, name, f);
    }

    private static DeviceCard fromJson(JsonNode root, String name, JsonFields f) {
        f.checkKnown(root, "$", TOP_FIELDS);
        String modelName = f.text(root, "model", "$.model");
        ModelKind model = ModelKind.fromCardName(modelName);
        if (model == null) throw f.error("$.model", "'" + modelName + "'", "one of " + MODELS);
        String windowName = f.text(root, "window", "$.window");
        WindowKind window = WindowKind.fromCardName(windowName);
        if (window == null || !model.windows().contains(window)) {
            throw f.error("$.window", "'" + windowName + "'", "one of " + model.windows() + " (the windows of model "
                    + model + ")");
        }
        String ivName = f.text(root, "iv", "$.iv", null);
        IvCurve iv = null;
        if (!model.hasIvCurve()) {
            if (ivName != null) throw f.error("$.iv", "'" + ivName + "'", "no iv: it applies to team and vteam only, not " + model);
        } else if (ivName == null) {
            throw f.error("$.iv", "missing", "linear or exponential (the port law of model " + model + ")");
        } else if ((iv = IvCurve.fromCardName(ivName)) == null) {
            throw f.error("$.iv", "'" + ivName + "'", "linear or exponential");
        }
        String source = f.text(root, "source", "$.source");
        JsonNode params = f.object(root.get("parameters"), "$.parameters");
        LinkedHashMap<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), f.number(e.getValue(), "$.parameters." + e.getKey()));
        }
        JsonNode driveNode = root.get("drive");
        if (driveNode == null || !driveNode.isObject()) {
            throw f.error("$.drive", driveNode == null ? "missing" : driveNode.toString(),
                    "an object such as {\"source\": \"SIN(0 1.2 1)\", \"tstop\": 2}");
        }
        f.checkKnown(driveNode, "$.drive", DRIVE_FIELDS);
        String drive = f.text(driveNode, "source", "$.drive.source");
        double tstop = f.number(driveNode, "tstop", "$.drive.tstop");
        JsonNode rs = driveNode.get("rseries");
        double rseries = rs == null ? 0 : f.number(rs, "$.drive.rseries");
        return new DeviceCard(name, f.origin(), f, model, window, iv, source, values, drive, tstop, rseries).validated();
    }

    /**
     * A copy with {@code NAME=VALUE} overrides applied ({@code --set}): any parameter (SPICE numbers accepted),
     * {@code window}, {@code iv}, and the drive fields {@code tstop}, {@code rseries}. Validated like a file.
     */
    public DeviceCard withOverrides(List<String> assignments) {
        if (assignments == null || assignments.isEmpty()) return this;
        WindowKind w = window;
        IvCurve curve = iv;
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
                case "window" -> {
                    w = WindowKind.fromCardName(value);
                    if (w == null || !model.windows().contains(w))
                        throw new InputException("--set window=" + value + ": not a window of model " + model
                                + "; expected one of " + model.windows());
                }
                case "iv" -> {
                    if (!model.hasIvCurve())
                        throw new InputException("--set iv=" + value + ": model " + model + " has no port law to choose");
                    curve = IvCurve.fromCardName(value);
                    if (curve == null)
                        throw new InputException("--set iv=" + value + ": expected linear or exponential");
                }
                case "model" -> throw new InputException("--set model=...: the model family cannot be changed; use another card");
                default -> numeric.add(new String[] {key, value});
            }
        }
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
            if (!Double.isFinite(v))
                throw new InputException("--set " + kv[0] + "=" + kv[1] + ": expected a finite number");
            values.put(kv[0], v);
        }
        values.keySet().retainAll(required);
        String where = file + " with --set " + String.join(" ", assignments);
        return new DeviceCard(name, where, new JsonFields(where), model, w, curve, source, values, drive, ts, rs)
                .validated();
    }

    private DeviceCard validated() {
        List<String> required = requiredParameters(model, window);
        for (String k : parameters.keySet()) {
            if (!required.contains(k))
                throw fields.error("$.parameters." + k, "unknown field", "one of " + required + " (model " + model
                        + " with window " + window + ")");
        }
        LinkedHashMap<String, Double> ordered = new LinkedHashMap<>();
        for (String k : required) {
            Double v = parameters.get(k);
            if (v == null)
                throw fields.error("$.parameters." + k, "missing", "a number (model " + model + " with window "
                        + window + " needs " + required + ")");
            ordered.put(k, v);
        }
        parameters.clear();
        parameters.putAll(ordered);
        positive("ron");
        greater("roff", "ron");
        if (!Double.isFinite(get("roff") / get("ron"))) {
            throw fields.error("$.parameters.roff", String.valueOf(get("roff")), "a ratio roff/ron that is a finite"
                    + " double (ron = " + get("ron") + ")");
        }
        model.check(this);
        window.check(this);
        if (!(tstop > 0)) throw fields.error("$.drive.tstop", String.valueOf(tstop), "> 0 s");
        if (!(rseries >= 0)) throw fields.error("$.drive.rseries", String.valueOf(rseries), ">= 0 ohm");
        try {
            Waveform.parse(drive);
        } catch (SpiceSyntaxException e) {
            throw fields.error("$.drive.source", "'" + drive + "'", "a SPICE source such as SIN(0 1.2 1) ("
                    + e.getMessage() + ")");
        }
        return this;
    }

    /** The model this card describes. */
    public MemristorModel toModel() {
        return model.build(this, window.build(this));
    }

    /** Card as JSON (the same schema it was read from). */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", model.cardName());
        root.put("window", window.cardName());
        if (iv != null) root.put("iv", iv.cardName());
        root.put("source", source);
        ObjectNode p = root.putObject("parameters");
        parameters.forEach(p::put);
        ObjectNode d = root.putObject("drive");
        d.put("source", drive);
        d.put("tstop", tstop);
        if (rseries != 0) d.put("rseries", rseries);
        return root;
    }

    /** An error at {@code $.parameters.<k>} naming the value found and what was expected. */
    InputException fieldError(String k, double value, String expected) {
        return fields.error("$.parameters." + k, String.valueOf(value), expected);
    }

    /**
     * The parameters that set the state rate in one direction (towards OFF or ON; the HP family has one
     * coefficient for both) with their values, e.g. {@code k_off = 5.0E-4, alpha_off = 3.0, v_off = 0.02}: named
     * in the message of a rate that overflows.
     */
    public String rateParameters(boolean towardsOff) {
        List<String> names = new ArrayList<>();
        if (model == ModelKind.HP) {
            names.addAll(List.of("mu_v", "d", "ron"));
        } else {
            String side = towardsOff ? "off" : "on";
            names.addAll(List.of("k_" + side, "alpha_" + side, (model == ModelKind.TEAM ? "i_" : "v_") + side));
        }
        names.addAll(window.parameters());
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(n).append(" = ").append(parameters.get(n));
        }
        return sb.toString();
    }

    /**
     * The reason a state rate {@code rate} (or its derivative) is not finite at port voltage v and state x: the
     * card, the direction and the parameters of that direction, for a SimulationException.
     */
    public String rateOverflow(String element, double rate, double v, double x, boolean towardsOff) {
        return String.format(Locale.ROOT, "%s (%s): the state rate dx/dt or its derivative is %s at v = %.6g V,"
                + " x = %.6g: its parameters %s take it beyond the double range; expected parameters for which the"
                + " rate stays finite", element, file, rate, v, x, rateParameters(towardsOff));
    }

    void positive(String k) {
        double v = get(k);
        if (!(v > 0)) throw fields.error("$.parameters." + k, String.valueOf(v), "> 0");
    }

    void negative(String k) {
        double v = get(k);
        if (!(v < 0)) throw fields.error("$.parameters." + k, String.valueOf(v),
                "< 0 (in the TEAM family the ON rate and threshold are negative)");
    }

    void atLeast(String k, double min) {
        double v = get(k);
        if (!(v >= min)) throw fields.error("$.parameters." + k, String.valueOf(v), ">= " + min);
    }

    void greater(String k, String than) {
        double v = get(k), w = get(than);
        if (!(v > w)) throw fields.error("$.parameters." + k, String.valueOf(v), "greater than " + than + " = " + w);
    }

    void within(String k, double lo, double hi, String why) {
        double v = get(k);
        if (!(v >= lo && v <= hi)) throw fields.error("$.parameters." + k, String.valueOf(v),
                "within [" + lo + ", " + hi + "] (" + why + ")");
    }

    /** All cards in a folder, sorted by name. */
    public static List<DeviceCard> loadAll(Path folder) {
        return loadAll(folder, "device card folder");
    }

    /**
     * All cards in a folder given by {@code option} (named in the messages), sorted by name; a folder without
     * cards is an error.
     */
    public static List<DeviceCard> loadAll(Path folder, String option) {
        if (!Files.exists(folder)) throw new InputException(option + " " + folder + ": no such folder; expected a"
                + " folder of device cards (*.json)");
        if (!Files.isDirectory(folder)) throw new InputException(option + " " + folder + ": is a file; expected a"
                + " folder of device cards (*.json)");
        List<Path> files;
        try (var s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && !Files.isDirectory(p)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new InputException(option + " " + folder + ": cannot list: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new InputException(option + " " + folder + ": no device cards (*.json) in " + folder
                    + "; expected at least one");
        }
        List<DeviceCard> out = new ArrayList<>();
        for (Path p : files) out.add(load(p));
        return out;
    }

}
