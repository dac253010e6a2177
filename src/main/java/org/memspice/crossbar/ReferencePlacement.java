package org.memspice.crossbar;

import java.util.Locale;

/** Where the constant-term reference column of a single-column array sits among its data columns. */
public enum ReferencePlacement {
    /** Next to the drivers (physical column 0). */
    NEAR,
    /** In the middle (after data column N/2 - 1): it sees the average word-line drop. */
    MIDDLE,
    /** At the open end of the word lines (physical column N). */
    FAR;

    /** Physical index of the reference column in an array of {@code outputs} data columns. */
    public int physicalIndex(int outputs) {
        return switch (this) {
            case NEAR -> 0;
            case MIDDLE -> outputs / 2;
            case FAR -> outputs;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The placement named {@code s} (near, middle, far), or null. */
    public static ReferencePlacement fromLabel(String s) {
        for (ReferencePlacement p : values()) {
            if (p.label().equalsIgnoreCase(s)) {
                return p;
            }
        }
        return null;
    }
}
