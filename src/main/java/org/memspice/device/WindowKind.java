package org.memspice.device;

import java.util.List;
import java.util.Locale;

/**
 * The window functions a device card names ({@code "window"}), each with its card name, its parameters, the
 * checks of their values and the window it builds. A new window is one more constant here (and its expression
 * in the spice layer's subcircuit).
 */
public enum WindowKind {
    /** No window: the state moves freely between its bounds. */
    NONE("none", List.of()) {
        @Override
        Window build(DeviceCard c) {
            return Window.NONE;
        }
    },
    /** x (1 - x) (Strukov et al. 2008). */
    STRUKOV("strukov", List.of()) {
        @Override
        Window build(DeviceCard c) {
            return new StrukovWindow();
        }
    },
    /** 1 - (2x - 1)^(2p) (Joglekar and Wolf 2009). */
    JOGLEKAR("joglekar", List.of("p")) {
        @Override
        void check(DeviceCard c) {
            c.atLeast("p", 0.5);
        }

        @Override
        Window build(DeviceCard c) {
            return new JoglekarWindow(c.get("p"));
        }
    },
    /** 1 - (x - stp(-i))^(2p) (Biolek et al. 2009). */
    BIOLEK("biolek", List.of("p")) {
        @Override
        void check(DeviceCard c) {
            c.atLeast("p", 0.5);
        }

        @Override
        Window build(DeviceCard c) {
            return new BiolekWindow(c.get("p"));
        }
    },
    /** j (1 - ((x - 0.5)^2 + 0.75)^p) (Prodromakis et al. 2011). */
    PRODROMAKIS("prodromakis", List.of("p", "j")) {
        @Override
        void check(DeviceCard c) {
            c.positive("p");
            c.positive("j");
        }

        @Override
        Window build(DeviceCard c) {
            return new ProdromakisWindow(c.get("p"), c.get("j"));
        }
    },
    /** exp(-exp(...)) at each bound (Kvatinsky et al. 2013), in the model's metres. */
    KVATINSKY("kvatinsky", List.of("a_on", "a_off", "w_c")) {
        @Override
        void check(DeviceCard c) {
            c.positive("w_c");
        }

        @Override
        Window build(DeviceCard c) {
            return new KvatinskyWindow(c.get("x_on"), c.get("x_off"), c.get("a_on"), c.get("a_off"), c.get("w_c"));
        }
    };

    private final String cardName;
    private final List<String> parameters;

    WindowKind(String cardName, List<String> parameters) {
        this.cardName = cardName;
        this.parameters = parameters;
    }

    /** The name a card gives the window ({@code none}, {@code joglekar}, ...). */
    public String cardName() {
        return cardName;
    }

    /** The window's parameters in canonical order. */
    public List<String> parameters() {
        return parameters;
    }

    /** Checks the window's parameter values (none to check by default). */
    void check(DeviceCard card) {
    }

    /** The window of a checked card. */
    abstract Window build(DeviceCard card);

    /** The window a card names (any case), or null. */
    public static WindowKind fromCardName(String name) {
        for (WindowKind k : values()) {
            if (k.cardName.equals(name.toLowerCase(Locale.ROOT))) return k;
        }
        return null;
    }

    @Override
    public String toString() {
        return cardName;
    }
}
