package org.memspice.crossbar;

/** How logical weights become columns of devices. */
public enum ArrayScheme {
    /** Given conductances, one column per output, no weight mapping. */
    CONDUCTANCES("conductances"),
    /** A differential pair of columns per output: w=+1 -> (Gon, Goff), w=-1 -> (Goff, Gon). */
    DOUBLE_COLUMN("double-column"),
    /** One column per output, G = Gbar + (dG/2)*w, plus a constant-term reference column subtracted at sensing. */
    SINGLE_COLUMN("single-column");

    private final String label;

    ArrayScheme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ArrayScheme fromLabel(String s) {
        for (ArrayScheme a : values()) {
            if (a.label.equalsIgnoreCase(s)) {
                return a;
            }
        }
        return null;
    }
}
