package org.memspice.device;

import java.util.List;
import java.util.Locale;

/**
 * The model families a device card names ({@code "model"}), each with its card name, its parameters, the
 * windows it accepts, whether it has a port law ({@code "iv"}), the checks of its parameter values and the
 * model it builds. A new family is one more constant here (and its ngspice subcircuit in the spice layer).
 */
public enum ModelKind {
    /** HP linear ion drift (Strukov et al., Nature 453:80, 2008); state x = w/D in [0, 1]. */
    HP("hp", "HP linear ion drift (Strukov 2008)", List.of("ron", "roff", "d", "mu_v"),
            List.of(WindowKind.NONE, WindowKind.STRUKOV, WindowKind.JOGLEKAR, WindowKind.BIOLEK, WindowKind.PRODROMAKIS)) {
        @Override
        void check(DeviceCard c) {
            c.positive("d");
            c.positive("mu_v");
            c.within("x0", 0, 1, "the HP state x = w/D lies in [0, 1]");
            // the drift coefficient mu_v Ron / D^2 must be a finite, nonzero double
            double d = c.get("d"), d2 = d * d, k = c.get("mu_v") * c.get("ron") / d2;
            if (!(d2 > 0) || !Double.isFinite(d2)) {
                throw c.fieldError("d", d, "a thickness whose square is a finite, nonzero double (mu_v*ron/d^2 = " + k
                        + ")");
            }
            if (!(k > 0) || !Double.isFinite(k)) {
                throw c.fieldError("mu_v", c.get("mu_v"), "a mobility for which the drift coefficient mu_v*ron/d^2 is"
                        + " finite and nonzero (it is " + k + ")");
            }
        }

        @Override
        MemristorModel build(DeviceCard c, Window w) {
            return new LinearIonDrift(c.get("ron"), c.get("roff"), c.get("d"), c.get("mu_v"), c.get("x0"), w);
        }
    },
    /** TEAM, current thresholds (Kvatinsky et al., IEEE TCAS-I 60:211, 2013); state x in metres. */
    TEAM("team", "TEAM (Kvatinsky 2013)", List.of("ron", "roff", "x_on", "x_off", "k_on", "k_off", "alpha_on",
            "alpha_off", "i_on", "i_off"), thresholdWindows()) {
        @Override
        void check(DeviceCard c) {
            checkThresholdFamily(c);
            c.negative("i_on");
            c.positive("i_off");
            c.within("x0", c.get("x_on"), c.get("x_off"), "x0 is in metres between x_on and x_off");
        }

        @Override
        MemristorModel build(DeviceCard c, Window w) {
            return new Team(c.get("ron"), c.get("roff"), c.get("x_on"), c.get("x_off"), c.get("k_on"), c.get("k_off"),
                    c.get("alpha_on"), c.get("alpha_off"), c.get("i_on"), c.get("i_off"), c.get("x0"), w, c.iv());
        }
    },
    /** VTEAM, voltage thresholds (Kvatinsky et al., IEEE TCAS-II 62:786, 2015); state x in metres. */
    VTEAM("vteam", "VTEAM (Kvatinsky 2015)", List.of("ron", "roff", "x_on", "x_off", "k_on", "k_off", "alpha_on",
            "alpha_off", "v_on", "v_off"), thresholdWindows()) {
        @Override
        void check(DeviceCard c) {
            checkThresholdFamily(c);
            c.negative("v_on");
            c.positive("v_off");
            c.within("x0", c.get("x_on"), c.get("x_off"), "x0 is in metres between x_on and x_off");
        }

        @Override
        MemristorModel build(DeviceCard c, Window w) {
            return new Vteam(c.get("ron"), c.get("roff"), c.get("x_on"), c.get("x_off"), c.get("k_on"), c.get("k_off"),
                    c.get("alpha_on"), c.get("alpha_off"), c.get("v_on"), c.get("v_off"), c.get("x0"), w, c.iv());
        }
    };

    /** The windows of the TEAM family (a method: the enum's static fields are not set while its constants are built). */
    private static List<WindowKind> thresholdWindows() {
        return List.of(WindowKind.NONE, WindowKind.KVATINSKY, WindowKind.BIOLEK, WindowKind.JOGLEKAR,
                WindowKind.PRODROMAKIS);
    }

    private final String cardName;
    private final String description;
    private final List<String> parameters;
    private final List<WindowKind> windows;

    ModelKind(String cardName, String description, List<String> parameters, List<WindowKind> windows) {
        this.cardName = cardName;
        this.description = description;
        this.parameters = parameters;
        this.windows = windows;
    }

    /** The name a card gives the family ({@code hp}, {@code team}, {@code vteam}). */
    public String cardName() {
        return cardName;
    }

    /** The family and its source, e.g. {@code HP linear ion drift (Strukov 2008)}. */
    public String description() {
        return description;
    }

    /** The family's own parameters in canonical order (the window's and x0 follow). */
    public List<String> parameters() {
        return parameters;
    }

    /** The windows the family accepts, in the order messages list them. */
    public List<WindowKind> windows() {
        return windows;
    }

    /** True if the card chooses a port law ({@code "iv": "linear"} or {@code "exponential"}): TEAM and VTEAM. */
    public boolean hasIvCurve() {
        return this != HP;
    }

    /** Checks the family's parameter values (the card has every parameter by then). */
    abstract void check(DeviceCard card);

    /** The model of a checked card, with its window built. */
    abstract MemristorModel build(DeviceCard card, Window window);

    private static void checkThresholdFamily(DeviceCard c) {
        c.greater("x_off", "x_on");
        c.positive("k_off");
        c.negative("k_on");
        c.atLeast("alpha_on", 1);
        c.atLeast("alpha_off", 1);
    }

    /** The family a card names (any case), or null. */
    public static ModelKind fromCardName(String name) {
        for (ModelKind k : values()) {
            if (k.cardName.equals(name.toLowerCase(Locale.ROOT))) return k;
        }
        return null;
    }

    /** The card names of every family. */
    public static List<String> cardNames() {
        return java.util.Arrays.stream(values()).map(ModelKind::cardName).toList();
    }

    @Override
    public String toString() {
        return cardName;
    }
}
