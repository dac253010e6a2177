package org.memspice.device;

import java.util.Locale;

/** Port law of the TEAM family, with u = (x - x_on)/(x_off - x_on) in [0, 1] (Kvatinsky 2013, eqs. 6-7). */
public enum IvCurve {
    /** R = Ron + (Roff - Ron) u. */
    LINEAR,
    /** R = Ron exp(lambda u), lambda = ln(Roff/Ron). */
    EXPONENTIAL;

    /** The name a card gives the port law ({@code linear}, {@code exponential}). */
    public String cardName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The port law a card names (any case), or null. */
    public static IvCurve fromCardName(String name) {
        for (IvCurve k : values()) {
            if (k.cardName().equals(name.toLowerCase(Locale.ROOT))) return k;
        }
        return null;
    }

    @Override
    public String toString() {
        return cardName();
    }
}
