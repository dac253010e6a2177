package org.memspice.spice;

import org.memspice.signal.SpiceNumber;

import java.util.Locale;
import java.util.function.Function;

/**
 * Evaluates the arithmetic of {@code .param} and {@code {...}} values: numbers with SPICE suffixes,
 * parameter names, + - * / and ^ (or **, right-associative), unary minus, parentheses, and the functions
 * of ngspice's numparam (sqrt, exp, ln/log, log10, abs, sin, cos, tan, atan, sinh, cosh, tanh, min, max,
 * pow, pwr, floor, ceil, int). Recursive descent over the grammar expr := term (('+'|'-') term)*.
 */
final class Expression {
    private final String text;
    private final Function<String, Double> lookup;
    private int pos;
    private int depth;

    /** Deepest nesting of parentheses, signs and powers an expression may have. */
    static final int MAX_DEPTH = 200;

    private Expression(String text, Function<String, Double> lookup) {
        this.text = text.toLowerCase(Locale.ROOT);
        this.lookup = lookup;
    }

    /**
     * Value of {@code text}; {@code lookup} gives a parameter's value or null if undefined.
     *
     * @throws IllegalArgumentException with a message saying what is wrong where
     */
    static double evaluate(String text, Function<String, Double> lookup) {
        Expression e = new Expression(text, lookup);
        double v = e.sum();
        e.skip();
        if (e.pos != e.text.length()) {
            throw new IllegalArgumentException("unexpected '" + e.text.substring(e.pos) + "' in expression '" + text + "'");
        }
        if (!Double.isFinite(v)) throw new IllegalArgumentException("expression '" + text + "' is not finite (" + v + ")");
        return v;
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private boolean eat(char c) {
        skip();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private double sum() {
        double v = product();
        while (true) {
            if (eat('+')) v += product();
            else if (eat('-')) v -= product();
            else return v;
        }
    }

    private double product() {
        double v = unary();
        while (true) {
            skip();
            if (text.startsWith("**", pos)) return v;
            if (eat('*')) v *= unary();
            else if (eat('/')) v /= unary();
            else return v;
        }
    }

    private double unary() {
        if (++depth > MAX_DEPTH) {
            throw new IllegalArgumentException("expression '" + abbreviated() + "' nests parentheses, signs or powers"
                    + " deeper than " + MAX_DEPTH + "; expected at most " + MAX_DEPTH + " levels");
        }
        try {
            if (eat('-')) return -unary();
            if (eat('+')) return unary();
            return power();
        } finally {
            depth--;
        }
    }

    private String abbreviated() {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private double power() {
        double base = atom();
        skip();
        if (text.startsWith("**", pos)) {
            pos += 2;
            return Math.pow(base, unary());
        }
        if (eat('^')) return Math.pow(base, unary());
        return base;
    }

    private double atom() {
        skip();
        if (pos >= text.length()) throw new IllegalArgumentException("expression '" + text + "' ends early");
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            double v = sum();
            if (!eat(')')) throw new IllegalArgumentException("missing ')' in expression '" + text + "'");
            return v;
        }
        if (Character.isDigit(c) || c == '.') return number();
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
            String name = text.substring(start, pos);
            if (eat('(')) return function(name);
            Double v = lookup.apply(name);
            if (v == null) throw new IllegalArgumentException("undefined parameter '" + name + "' in expression '" + text + "'");
            return v;
        }
        throw new IllegalArgumentException("unexpected '" + c + "' in expression '" + text + "'");
    }

    private double number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) pos++;
        if (pos < text.length() && text.charAt(pos) == 'e') {
            int p = pos + 1;
            if (p < text.length() && (text.charAt(p) == '+' || text.charAt(p) == '-')) p++;
            if (p < text.length() && Character.isDigit(text.charAt(p))) {
                pos = p;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            }
        }
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) pos++;
        return SpiceNumber.parse(text.substring(start, pos));
    }

    private double function(String name) {
        double[] args = new double[3];
        int n = 0;
        if (!eat(')')) {
            do {
                if (n == args.length) throw new IllegalArgumentException("too many arguments to " + name + "()");
                args[n++] = sum();
            } while (eat(','));
            if (!eat(')')) throw new IllegalArgumentException("missing ')' after arguments of " + name + "()");
        }
        double a = args[0], b = args[1];
        int want = switch (name) {
            case "min", "max", "pow", "pwr", "atan2" -> 2;
            default -> 1;
        };
        if (n != want) throw new IllegalArgumentException(name + "() takes " + want + " argument(s), got " + n);
        return switch (name) {
            case "sqrt" -> Math.sqrt(a);
            case "exp" -> Math.exp(a);
            case "ln", "log" -> Math.log(a);
            case "log10" -> Math.log10(a);
            case "abs" -> Math.abs(a);
            case "sin" -> Math.sin(a);
            case "cos" -> Math.cos(a);
            case "tan" -> Math.tan(a);
            case "atan" -> Math.atan(a);
            case "sinh" -> Math.sinh(a);
            case "cosh" -> Math.cosh(a);
            case "tanh" -> Math.tanh(a);
            case "floor" -> Math.floor(a);
            case "ceil" -> Math.ceil(a);
            case "int" -> (double) (long) a;
            case "min" -> Math.min(a, b);
            case "max" -> Math.max(a, b);
            case "pow" -> Math.pow(a, b);
            case "pwr" -> Math.signum(a) * Math.pow(Math.abs(a), b);
            case "atan2" -> Math.atan2(a, b);
            default -> throw new IllegalArgumentException("unknown function '" + name + "()'");
        };
    }
}
