package org.memspice.signal;

import java.util.Locale;

/**
 * Numbers as a SPICE user types them: {@code 1.5k}, {@code 10meg}, {@code 2.2u}, {@code 1e-9}, {@code 100ohm}.
 * Scale suffixes follow SPICE3/ngspice: t g meg k mil m u n p f (case-insensitive); letters after the suffix
 * are a unit and are ignored, as ngspice ignores them ({@code 10nF}, {@code 5kohm}).
 */
public final class SpiceNumber {
    private SpiceNumber() {}

    /** Parses one number; throws {@link SpiceSyntaxException} naming the text and what was expected. */
    public static double parse(String text) {
        if (text == null) throw new SpiceSyntaxException("expected a number, got nothing");
        String s = text.trim();
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digitsStart = i;
        boolean digits = false;
        while (i < n && Character.isDigit(s.charAt(i))) { i++; digits = true; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) { i++; digits = true; }
        }
        if (!digits || i == digitsStart && !digits) throw notANumber(text);
        // exponent: e or E followed by an optional sign and at least one digit
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) j++;
            int expDigits = j;
            while (j < n && Character.isDigit(s.charAt(j))) j++;
            if (j > expDigits) i = j;
        }
        java.math.BigDecimal mantissa;
        try {
            mantissa = new java.math.BigDecimal(s.substring(0, i).replace("+", ""));
        } catch (NumberFormatException e) {
            throw notANumber(text);
        }
        String rest = s.substring(i).toLowerCase(Locale.ROOT);
        // decimal scaling keeps "200n" exactly equal to 200e-9 (a double product would not)
        int power = 0;
        boolean mil = false;
        int used = 0;
        if (rest.startsWith("meg")) { power = 6; used = 3; }
        else if (rest.startsWith("mil")) { mil = true; used = 3; }
        else if (!rest.isEmpty()) {
            switch (rest.charAt(0)) {
                case 't': power = 12; used = 1; break;
                case 'g': power = 9; used = 1; break;
                case 'k': power = 3; used = 1; break;
                case 'm': power = -3; used = 1; break;
                case 'u': power = -6; used = 1; break;
                case 'n': power = -9; used = 1; break;
                case 'p': power = -12; used = 1; break;
                case 'f': power = -15; used = 1; break;
                default: used = 0;
            }
        }
        String unit = rest.substring(used);
        for (int k = 0; k < unit.length(); k++) {
            if (!Character.isLetter(unit.charAt(k))) throw notANumber(text);
        }
        double v = mil ? mantissa.doubleValue() * 25.4e-6 : mantissa.scaleByPowerOfTen(power).doubleValue();
        if (!Double.isFinite(v)) throw new SpiceSyntaxException("'" + text + "' is not a finite number");
        return v;
    }

    /** True when {@link #parse} would accept the text. */
    public static boolean isNumber(String text) {
        try {
            parse(text);
            return true;
        } catch (SpiceSyntaxException e) {
            return false;
        }
    }

    /** Shortest text that parses back to exactly the same double (for netlists). */
    public static String format(double v) {
        return Double.toString(v).replace("E", "e");
    }

    private static SpiceSyntaxException notANumber(String text) {
        return new SpiceSyntaxException("'" + text + "' is not a number (expected e.g. 1.5, 2e-3, 10k, 4.7meg, 100n)");
    }
}
