package org.memspice.spice;

import org.memspice.InputException;
import org.memspice.circuit.Behavioral;
import org.memspice.circuit.Formula;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the cards of behavioral elements: {@code B name n+ n- I=expr | V=expr}, {@code E name n+ n- value=expr}
 * (or {@code vol=}), {@code G name n+ n- value=expr} (or {@code cur=}), the expression bare, in braces or in single
 * quotes. Node voltages and branch currents in the expression become the variables of a {@link Formula}; node
 * names follow the subcircuit the card is in, parameters are replaced by their values.
 */
final class BehavioralCards {
    private BehavioralCards() {
    }

    /** The B card. */
    static void b(NetlistReader.Card card) {
        NetlistReader.Line line = card.line();
        String[] head = line.text().strip().split("\\s+", 4);
        if (head.length < 4) {
            throw line.error("expected B name n+ n- I=expression or V=expression, got '" + line.raw() + "'");
        }
        String rest = head[3].strip();
        int eq = rest.indexOf('=');
        String key = eq < 0 ? "" : rest.substring(0, eq).strip();
        Behavioral.Kind kind = switch (key) {
            case "i" -> Behavioral.Kind.CURRENT;
            case "v" -> Behavioral.Kind.VOLTAGE;
            default -> throw line.error(card.name() + ": expected I=expression or V=expression after the nodes, got '"
                    + rest + "'");
        };
        build(card, head[1], head[2], kind, rest.substring(eq + 1));
    }

    /**
     * An E or G card in its value form ({@code value=}, {@code vol=} for E, {@code cur=} for G); false when the
     * card is the linear controlled source.
     */
    static boolean valueForm(NetlistReader.Card card, Behavioral.Kind kind) {
        NetlistReader.Line line = card.line();
        String[] head = line.text().strip().split("\\s+", 4);
        if (head.length < 4) {
            return false;
        }
        String rest = head[3].strip();
        int eq = rest.indexOf('=');
        if (eq < 0) {
            return false;
        }
        String key = rest.substring(0, eq).strip();
        String own = kind == Behavioral.Kind.VOLTAGE ? "vol" : "cur";
        if (!key.equals("value") && !key.equals(own)) {
            return false;
        }
        build(card, head[1], head[2], kind, rest.substring(eq + 1));
        return true;
    }

    private static void build(NetlistReader.Card card, String plus, String minus, Behavioral.Kind kind, String exprText) {
        NetlistReader.Line line = card.line();
        String text = unwrap(exprText.strip());
        if (text.isEmpty()) {
            throw line.error(card.name() + ": the expression is empty");
        }
        List<Integer> nodes = new ArrayList<>();
        List<String> branches = new ArrayList<>();
        FormulaParser.Resolver resolver = new FormulaParser.Resolver() {
            private Formula.Node variable(int node, String branch) {
                for (int m = 0; m < nodes.size(); m++) {
                    if (branch == null ? branches.get(m) == null && nodes.get(m) == node : branch.equals(branches.get(m))) {
                        return new Formula.Var(m);
                    }
                }
                nodes.add(node);
                branches.add(branch);
                return new Formula.Var(nodes.size() - 1);
            }

            private Formula.Node voltage(String n) {
                String name = card.node(n);
                if (name.equals("0")) {
                    return new Formula.Const(0);
                }
                return variable(card.circuit().node(name), null);
            }

            @Override
            public Formula.Node voltage(String a, String b) {
                Formula.Node va = voltage(a);
                return b == null ? va : new Formula.Call(Formula.Op.SUB, List.of(va, voltage(b)));
            }

            @Override
            public Formula.Node current(String element) {
                return variable(0, card.elementName(element));
            }

            @Override
            public Formula.Node parameter(String name) {
                Double v = card.scope().get(name);
                return v == null ? null : new Formula.Const(v);
            }

            @Override
            public Formula.Node function(String name, List<Formula.Node> args) {
                return call(card, this, name, args, 0);
            }
        };
        Formula.Node root;
        try {
            root = FormulaParser.parse(text, resolver);
        } catch (IllegalArgumentException e) {
            throw line.error(card.name() + ": " + e.getMessage());
        }
        int[] sense = new int[nodes.size()];
        for (int m = 0; m < sense.length; m++) sense[m] = nodes.get(m);
        try {
            card.circuit().behavioral(card.full(), card.circuit().node(card.node(plus)),
                    card.circuit().node(card.node(minus)), kind, new Formula(root, sense.length), text, sense,
                    branches.toArray(new String[0]));
        } catch (InputException e) {
            throw line.error(e.getMessage());
        }
    }

    /**
     * A resistor whose value is an expression of node voltages, branch currents or time ({@code R1 a b r={V(x)}}):
     * a behavioral current V(a,b)/R; false when the value is a constant (the linear resistor).
     */
    static boolean expressionResistor(NetlistReader.Card card, int valueToken) {
        if (card.tok().size() != valueToken + 1) {
            return false;
        }
        String t = card.tok().get(valueToken);
        if (!(t.startsWith("{") || t.startsWith("'")) || !t.matches("(?s).*\\b(v|i)\\s*\\(.*|.*\\btime\\b.*")) {
            return false;
        }
        String a = card.tok().get(1), b = card.tok().get(2);
        build(card, a, b, Behavioral.Kind.CURRENT, "v(" + a + "," + b + ")/(" + unwrap(t) + ")");
        return true;
    }

    /** Most nested calls of user functions (a recursive .func ends here). */
    static final int MAX_CALL_DEPTH = 64;

    /**
     * A user function's body with its parameters bound to {@code args}: parsed with the card's names for everything
     * else (nodes, currents, parameters, other functions); null when {@code name} is no user function.
     */
    static Formula.Node call(NetlistReader.Card card, FormulaParser.Resolver outer, String name, List<Formula.Node> args,
                             int depth) {
        NetlistReader.Func f = card.function(name);
        if (f == null) {
            return null;
        }
        if (args.size() != f.params().size()) {
            throw new IllegalArgumentException(name + "() takes " + f.params().size() + " argument"
                    + (f.params().size() == 1 ? "" : "s") + " (.func at " + f.line().file() + ":" + f.line().number()
                    + "), got " + args.size());
        }
        if (depth >= MAX_CALL_DEPTH) {
            throw new IllegalArgumentException(name + "(): user functions call each other more than " + MAX_CALL_DEPTH
                    + " deep (a recursive .func?)");
        }
        FormulaParser.Resolver inner = new FormulaParser.Resolver() {
            @Override
            public Formula.Node voltage(String a, String b) {
                return outer.voltage(a, b);
            }

            @Override
            public Formula.Node current(String element) {
                return outer.current(element);
            }

            @Override
            public Formula.Node parameter(String p) {
                int k = f.params().indexOf(p);
                return k >= 0 ? args.get(k) : outer.parameter(p);
            }

            @Override
            public Formula.Node function(String n, List<Formula.Node> a) {
                return call(card, this, n, a, depth + 1);
            }
        };
        try {
            return FormulaParser.parse(f.body(), inner);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(name + "()") || e.getMessage().contains("in .func")) throw e;
            throw new IllegalArgumentException(e.getMessage() + " in .func " + name + " (" + f.line().file() + ":"
                    + f.line().number() + ")");
        }
    }

    /** The expression inside {braces} or 'quotes', or as it is. */
    static String unwrap(String t) {
        if (t.length() >= 2 && (t.charAt(0) == '{' && t.charAt(t.length() - 1) == '}'
                || t.charAt(0) == '\'' && t.charAt(t.length() - 1) == '\'')) {
            return t.substring(1, t.length() - 1).strip();
        }
        return t;
    }
}
