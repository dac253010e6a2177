package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.signal.SpiceNumber;
import org.memspice.signal.Waveform;

import java.util.Locale;

/**
 * Option values read by the commands themselves (not by picocli's converters), so that a value out of range or
 * not a number is refused with the option, the value found and what was expected:
 * {@code --points 1e308: expected a whole number from 2 to 10000000}.
 */
final class OptionValues {
    private OptionValues() {
    }

    /** A whole number in [min, max]; SPICE forms such as 1k or 1e3 are accepted when whole. */
    static long count(String option, String text, long min, long max) {
        String expected = String.format(Locale.ROOT, "expected a whole number from %d, at most %d", min, max);
        double v;
        try {
            v = SpiceNumber.parse(text);
        } catch (InputException e) {
            throw new InputException(option + " " + text + ": " + expected);
        }
        if (!(v >= min && v <= max) || v != Math.rint(v)) throw new InputException(option + " " + text + ": " + expected);
        return (long) v;
    }

    /** A finite number (SPICE suffixes accepted). */
    static double number(String option, String text) {
        try {
            return SpiceNumber.parse(text);
        } catch (InputException e) {
            throw new InputException(option + " " + text + ": " + e.getMessage());
        }
    }

    /** A finite number > 0 in {@code unit}. */
    static double positive(String option, String text, String unit) {
        double v = number(option, text);
        if (!(v > 0)) throw new InputException(option + " " + text + ": expected a finite number > 0 " + unit);
        return v;
    }

    /** A finite number >= 0 in {@code unit}. */
    static double nonNegative(String option, String text, String unit) {
        double v = number(option, text);
        if (!(v >= 0)) throw new InputException(option + " " + text + ": expected a finite number >= 0 " + unit);
        return v;
    }

    /** A number strictly between 0 and 1. */
    static double fraction(String option, String text) {
        double v = number(option, text);
        if (!(v > 0 && v < 1)) throw new InputException(option + " " + text + ": expected a number > 0 and < 1");
        return v;
    }

    /** A SPICE source given by {@code option}. */
    static Waveform drive(String option, String text) {
        try {
            return Waveform.parse(text);
        } catch (InputException e) {
            String m = e.getMessage();
            throw new InputException(option + " '" + text + "': " + m + (m.contains("expected") ? "" : ": expected a SPICE"
                    + " source such as SIN(0 1.2 1), PULSE(0 1 0 1n 1n 1u 2u), PWL(0 0 1m 1) or DC 0.5"));
        }
    }
}
