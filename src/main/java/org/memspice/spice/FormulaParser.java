package org.memspice.spice;

import org.memspice.circuit.Formula;
import org.memspice.circuit.Formula.Call;
import org.memspice.circuit.Formula.Const;
import org.memspice.circuit.Formula.Node;
import org.memspice.circuit.Formula.Op;
import org.memspice.signal.SpiceNumber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses ngspice's behavioral expression language into a {@link Formula} tree: numbers with SPICE suffixes,
 * {@code V(a)}, {@code V(a,b)}, {@code I(vname)}, {@code time}, parameters, {@code pi}, {@code e}, arithmetic,
 * {@code ^} and {@code **}, comparisons, {@code && || !}, {@code c ? a : b} and ngspice's functions. Precedence
 * and associativity are ngspice's (its inpptree grammar): from lowest, {@code ?:} (right), {@code ||},
 * {@code &&}, {@code == !=}, {@code < <= > >=}, {@code + -}, {@code * /}, unary {@code - + !}, then {@code ^}
 * (left, binding tighter than unary minus: {@code -2^2} is -4, {@code 2^3^2} is 64).
 */
public final class FormulaParser {
    /** What names in an expression stand for. */
    public interface Resolver {
        /** {@code V(a)} (b null) or {@code V(a,b)}; null when a node is unknown. */
        Node voltage(String a, String b);

        /** {@code I(name)} of a voltage source or another element with a branch current; null when unknown. */
        Node current(String element);

        /** A parameter's value or expression; null when undefined. */
        Node parameter(String name);

        /** A user function ({@code .func}) applied to {@code args}; null when there is none of that name. */
        default Node function(String name, List<Node> args) {
            return null;
        }
    }

    private static final Map<String, Op> FUNCTIONS = new HashMap<>();

    static {
        for (Op op : Op.values()) {
            if (Character.isLetter(op.name.charAt(0))) {
                FUNCTIONS.put(op.name, op);
            }
        }
        FUNCTIONS.put("log", Op.LN);              // ngspice's behavioral log is the natural logarithm
        FUNCTIONS.put("ternary_fcn", Op.IF);
    }

    private final String text;
    private final Resolver resolver;
    private int pos;

    private FormulaParser(String text, Resolver resolver) {
        this.text = text;
        this.resolver = resolver;
    }

    /**
     * The tree of {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong and where in the expression
     */
    public static Node parse(String text, Resolver resolver) {
        FormulaParser p = new FormulaParser(text, resolver);
        Node n = p.ternary();
        p.skip();
        if (p.pos != text.length()) {
            throw p.error("unexpected '" + text.substring(p.pos) + "'");
        }
        return n;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at column " + (pos + 1) + " of '" + text + "'");
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private boolean eat(String s) {
        skip();
        if (text.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    private boolean peek(String s) {
        skip();
        return text.startsWith(s, pos);
    }

    private static Node call(Op op, Node... args) {
        return new Call(op, List.of(args));
    }

    private Node ternary() {
        Node c = or();
        if (eat("?")) {
            Node a = ternary();
            if (!eat(":")) {
                throw error("expected ':' of '?'");
            }
            Node b = ternary();
            return call(Op.IF, c, a, b);
        }
        return c;
    }

    private Node or() {
        Node n = and();
        while (eat("||")) n = call(Op.OR, n, and());
        return n;
    }

    private Node and() {
        Node n = equality();
        while (eat("&&")) n = call(Op.AND, n, equality());
        return n;
    }

    private Node equality() {
        Node n = relation();
        while (true) {
            if (eat("==")) n = call(Op.EQ, n, relation());
            else if (eat("!=") || eat("<>")) n = call(Op.NE, n, relation());
            else return n;
        }
    }

    private Node relation() {
        Node n = sum();
        while (true) {
            if (eat("<=")) n = call(Op.LE, n, sum());
            else if (eat(">=")) n = call(Op.GE, n, sum());
            else if (peek("<") && !peek("<>") && eat("<")) n = call(Op.LT, n, sum());
            else if (eat(">")) n = call(Op.GT, n, sum());
            else return n;
        }
    }

    private Node sum() {
        Node n = product();
        while (true) {
            if (eat("+")) n = call(Op.ADD, n, product());
            else if (eat("-")) n = call(Op.SUB, n, product());
            else return n;
        }
    }

    private Node product() {
        Node n = unary();
        while (true) {
            if (eat("*")) n = call(Op.MUL, n, unary());
            else if (eat("/")) n = call(Op.DIV, n, unary());
            else return n;
        }
    }

    private Node unary() {
        if (eat("-")) return negate(unary());
        if (eat("+")) return unary();
        if (peek("!") && !peek("!=") && eat("!")) return call(Op.NOT, unary());
        return powerTail(primary());
    }

    private static Node negate(Node n) {
        return n instanceof Const c ? new Const(-c.value()) : call(Op.NEG, n);
    }

    private Node powerTail(Node base) {
        Node n = base;
        while (true) {
            if (eat("**") || eat("^")) n = call(Op.POW, n, powerOperand());
            else return n;
        }
    }

    /** The right operand of ^: a primary, or a signed or negated one (2^-1 is 2^(-1)). */
    private Node powerOperand() {
        if (eat("-")) return negate(powerOperand());
        if (eat("+")) return powerOperand();
        if (peek("!") && !peek("!=") && eat("!")) return call(Op.NOT, powerOperand());
        return primary();
    }

    private Node primary() {
        skip();
        if (pos >= text.length()) {
            throw error("expression ends where a value is expected");
        }
        char c = text.charAt(pos);
        if (c == '(' || c == '{') {
            // braces inside an expression group as parentheses do (ngspice's parameter braces in a B source)
            pos++;
            Node n = ternary();
            String close = c == '(' ? ")" : "}";
            if (!eat(close)) {
                throw error("expected '" + close + "'");
            }
            return n;
        }
        if (Character.isDigit(c) || c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || text.charAt(pos) == '.' || text.charAt(pos) == '$')) {
                pos++;
            }
            String name = text.substring(start, pos).toLowerCase(Locale.ROOT);
            if (peek("(")) {
                return application(name, start);
            }
            return name(name, start);
        }
        throw error("unexpected '" + c + "'");
    }

    private Node number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) pos++;
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int save = pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) pos++;
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            } else {
                pos = save;
            }
        }
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) pos++;   // a suffix: k, meg, u, ...
        String token = text.substring(start, pos);
        try {
            return new Const(SpiceNumber.parse(token));
        } catch (RuntimeException e) {
            pos = start;
            throw error("'" + token + "' is not a number");
        }
    }

    private Node name(String name, int start) {
        Node p = resolver.parameter(name);
        if (p != null) {
            return p;
        }
        switch (name) {
            case "time":
                return new Formula.Time();
            case "pi":
                return new Const(Math.PI);
            case "e":
                return new Const(Math.E);
            case "temper":
                return new Const(27);
            case "hertz":
                return new Const(0);
            default:
                pos = start;
                throw error("unknown name '" + name + "'");
        }
    }

    private Node application(String name, int start) {
        if (name.equals("v") || name.equals("i")) {
            eat("(");
            int open = pos, close = text.indexOf(')', pos);
            if (close < 0) {
                throw error("expected ')' after " + name.toUpperCase(Locale.ROOT) + "(");
            }
            String[] parts = text.substring(open, close).split(",", -1);
            for (int i = 0; i < parts.length; i++) parts[i] = parts[i].trim().toLowerCase(Locale.ROOT);
            pos = close + 1;
            Node n;
            if (name.equals("v")) {
                if (parts.length > 2 || parts[0].isEmpty() || parts.length == 2 && parts[1].isEmpty()) {
                    pos = start;
                    throw error("expected V(node) or V(node,node)");
                }
                n = resolver.voltage(parts[0], parts.length == 2 ? parts[1] : null);
                if (n == null) {
                    pos = start;
                    throw error("no node '" + (parts.length == 2 && resolver.voltage(parts[0], null) != null
                            ? parts[1] : parts[0]) + "' in the circuit");
                }
            } else {
                if (parts.length != 1 || parts[0].isEmpty()) {
                    pos = start;
                    throw error("expected I(source)");
                }
                n = resolver.current(parts[0]);
                if (n == null) {
                    pos = start;
                    throw error("no voltage source or branch '" + parts[0] + "' for I()");
                }
            }
            return n;
        }
        eat("(");
        List<Node> args = new ArrayList<>();
        if (!eat(")")) {
            do {
                args.add(ternary());
            } while (eat(","));
            if (!eat(")")) {
                throw error("expected ')' or ',' in the arguments of " + name);
            }
        }
        Node user = resolver.function(name, args);
        if (user != null) {
            return user;
        }
        Op op = FUNCTIONS.get(name);
        if (op == null) {
            pos = start;
            throw error("unknown function '" + name + "'");
        }
        if (op.arity != args.size()) {
            pos = start;
            throw error(name + "() takes " + op.arity + " argument" + (op.arity == 1 ? "" : "s") + ", got "
                    + args.size());
        }
        return new Call(op, args);
    }
}
