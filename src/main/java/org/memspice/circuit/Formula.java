package org.memspice.circuit;

import java.util.ArrayList;
import java.util.List;

/**
 * A behavioral expression of circuit variables (node voltages, branch currents) and time, compiled to a postfix
 * tape and evaluated with its exact gradient by forward-mode automatic differentiation: every operation carries
 * the value and its partial derivatives with respect to the expression's variables, so Newton gets the true
 * Jacobian of a B source, a value-defined E or G, or an expression-valued resistor, never a finite difference.
 *
 * <p>Values follow ngspice's behavioral sources: {@code a^b} and {@code pow(a,b)} are |a|^b, {@code pwr(a,b)} is
 * sign(a) |a|^b, {@code u(0)} is 1/2, comparisons and logical operators give 0 or 1 with zero derivative,
 * {@code c ? a : b} and {@code min}/{@code max} take the value and the derivative of the branch they select. A
 * value outside a function's domain (sqrt or ln of a negative number, division by zero) is not finite, and the
 * element that evaluates it reports where.
 */
public final class Formula {
    /** A node of the expression tree. */
    public sealed interface Node permits Const, Var, Time, Call {
    }

    /** A number. */
    public record Const(double value) implements Node {
    }

    /** The {@code index}-th variable of the expression (a node voltage, a branch current). */
    public record Var(int index) implements Node {
    }

    /** The simulation time. */
    public record Time() implements Node {
    }

    /** An operation on its arguments. */
    public record Call(Op op, List<Node> args) implements Node {
        public Call {
            if (op.arity != args.size()) {
                throw new IllegalArgumentException(op.name + " takes " + op.arity + " argument"
                        + (op.arity == 1 ? "" : "s") + ", got " + args.size());
            }
            args = List.copyOf(args);
        }
    }

    /** The operations, with the names the parser knows them by and their argument counts. */
    public enum Op {
        NEG("-", 1), ADD("+", 2), SUB("-", 2), MUL("*", 2), DIV("/", 2), POW("pow", 2), PWR("pwr", 2),
        EQ("==", 2), NE("!=", 2), LT("<", 2), LE("<=", 2), GT(">", 2), GE(">=", 2), AND("&&", 2), OR("||", 2),
        NOT("!", 1), IF("?:", 3),
        ABS("abs", 1), SQRT("sqrt", 1), EXP("exp", 1), LN("ln", 1), LOG10("log10", 1),
        SIN("sin", 1), COS("cos", 1), TAN("tan", 1), ASIN("asin", 1), ACOS("acos", 1), ATAN("atan", 1),
        SINH("sinh", 1), COSH("cosh", 1), TANH("tanh", 1), ASINH("asinh", 1), ACOSH("acosh", 1), ATANH("atanh", 1),
        MIN("min", 2), MAX("max", 2), SGN("sgn", 1), U("u", 1), U2("u2", 1), URAMP("uramp", 1),
        LIMIT("limit", 3), FLOOR("floor", 1), CEIL("ceil", 1), INT("int", 1), NINT("nint", 1),
        EQ0("eq0", 1), NE0("ne0", 1), GT0("gt0", 1), LT0("lt0", 1), GE0("ge0", 1), LE0("le0", 1);

        /** The name in an expression. */
        public final String name;
        /** The number of arguments. */
        public final int arity;

        Op(String name, int arity) {
            this.name = name;
            this.arity = arity;
        }
    }

    private static final int CONST = -1, VAR = -2, TIME = -3;

    private final int variables;
    private final int[] code;        // opcodes: an Op ordinal, or CONST/VAR/TIME followed by an operand
    private final double[] consts;
    private final int depth;
    private final Node root;
    private final Op[] switchOps;

    /** The stacks one evaluation works on: one per thread (a formula is shared by every thread that loads it). */
    public static final class Work {
        final double[] val;
        final double[] grad;
        final double[] mag;
        /** Per switch (see {@link #switchOps()}): its region, its inputs (three each), margin and magnitude. */
        final double[] region;
        final double[] in;
        final double[] margin;
        final double[] inMag;
        /** Regions to hold the switches in (from {@link #forcedAt} on), or null: each takes the one its inputs give. */
        double[] forced;
        int forcedAt;

        private Work(int depth, int variables, int switches) {
            val = new double[depth];
            grad = new double[depth * Math.max(variables, 1)];
            mag = new double[depth];
            region = new double[switches];
            in = new double[3 * switches];
            margin = new double[switches];
            inMag = new double[switches];
        }

        /** Holds the switches in the regions {@code regions[at..]} for the next evaluations (null: free). */
        public void hold(double[] regions, int at) {
            forced = regions;
            forcedAt = at;
        }

        /** The region switch j took at the last evaluation (what its inputs give, held or not). */
        public double region(int j) {
            return region[j];
        }

        /** The distance of switch j's inputs from its nearest boundary at the last evaluation. */
        public double margin(int j) {
            return margin[j];
        }

        /** The magnitude of switch j's inputs at the last evaluation (its margin's rounding is ~1e-16 of this). */
        public double inputMagnitude(int j) {
            return inMag[j];
        }

        /** Input k (0..2) of switch j at the last evaluation. */
        public double input(int j, int k) {
            return in[3 * j + k];
        }

        /**
         * The magnitude of the terms the last evaluation combined (|value| when nothing cancelled): its rounding
         * error is a few units of the last place of this, not of the value (a difference of two 1e12 terms that
         * should be 0 comes out as 1e-4).
         */
        public double magnitude() {
            return mag[0];
        }
    }

    /** Compiles {@code root}, an expression of {@code variables} variables. */
    public Formula(Node root, int variables) {
        this.root = root;
        this.variables = variables;
        List<Integer> ops = new ArrayList<>();
        List<Double> cs = new ArrayList<>();
        int[] maxDepth = {0};
        emit(root, ops, cs, 0, maxDepth);
        code = ops.stream().mapToInt(Integer::intValue).toArray();
        consts = cs.stream().mapToDouble(Double::doubleValue).toArray();
        depth = maxDepth[0];
        List<Op> sw = new ArrayList<>();
        for (int pc = 0; pc < code.length; pc++) {
            if (code[pc] == CONST || code[pc] == VAR) {
                pc++;
            } else if (code[pc] >= 0 && SWITCH[code[pc]]) {
                sw.add(OPS[code[pc]]);
            }
        }
        switchOps = sw.toArray(new Op[0]);
    }

    /** Stacks for {@link #evaluate(double[], double, double[], Work)}. */
    public Work newWork() {
        return new Work(depth, variables, switchOps.length);
    }

    /**
     * The switches of the expression, in the order of evaluation: every comparison ({@code < <= > >=}, {@code gt0}
     * ...) and every function with a corner or a step ({@code abs sgn u u2 uramp min max limit floor ceil int nint}).
     * Each has regions (a comparison: its value 0 or 1; {@code abs}: the sign of its argument, ...) within which the
     * expression is smooth; a transient holds them through a step and finds where they change
     * ({@link #region}, {@link #crossing}). Equality tests, {@code && || !} and {@code ?:} follow the switches they
     * are built on and are not switches themselves.
     */
    public Op[] switchOps() {
        return switchOps.clone();
    }

    /** The number of switches ({@link #switchOps()}). */
    public int switchCount() {
        return switchOps.length;
    }

    private static final boolean[] SWITCH = new boolean[Op.values().length];

    static {
        for (Op o : new Op[]{Op.LT, Op.LE, Op.GT, Op.GE, Op.GT0, Op.LT0, Op.GE0, Op.LE0, Op.ABS, Op.SGN, Op.U, Op.U2,
                Op.URAMP, Op.MIN, Op.MAX, Op.LIMIT, Op.FLOOR, Op.CEIL, Op.INT, Op.NINT}) {
            SWITCH[o.ordinal()] = true;
        }
    }

    /** The region switch op takes at inputs (a, b, c) (unused inputs are ignored). */
    public static double region(Op op, double a, double b, double c) {
        return switch (op) {
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case GT0 -> a > 0 ? 1 : 0;
            case LT0 -> a < 0 ? 1 : 0;
            case GE0 -> a >= 0 ? 1 : 0;
            case LE0 -> a <= 0 ? 1 : 0;
            case ABS, SGN, U, URAMP -> a > 0 ? 1 : a < 0 ? -1 : 0;
            case U2 -> a <= 0 ? 0 : a <= 1 ? 1 : 2;
            case MIN -> a - b < 0 ? 1 : 0;
            case MAX -> a - b > 0 ? 1 : 0;
            case LIMIT -> a < b ? 0 : a > c ? 2 : 1;
            case FLOOR -> Math.floor(a);
            case CEIL -> Math.ceil(a);
            case INT -> a < 0 ? Math.ceil(a) : Math.floor(a);
            case NINT -> Math.rint(a);
            default -> throw new IllegalArgumentException(op.name + " is not a switch");
        };
    }

    /** How far inputs (a, b, c) are from switch op's nearest boundary, in the inputs' units. */
    static double margin(Op op, double a, double b, double c) {
        return switch (op) {
            case LT, LE, GT, GE, MIN, MAX -> Math.abs(a - b);
            case U2 -> Math.min(Math.abs(a), Math.abs(a - 1));
            case LIMIT -> Math.min(Math.abs(a - b), Math.abs(a - c));
            case FLOOR, CEIL, INT -> Math.abs(a - Math.rint(a));
            case NINT -> Math.abs(a - Math.floor(a) - 0.5);
            default -> Math.abs(a);
        };
    }

    /**
     * Where along the straight line from inputs {@code from[at..at+2]} to {@code to[at..at+2]} switch op first leaves
     * {@code region}: the fraction in [0, 1] (0 when it is outside at the start), to double precision, or NaN when it
     * is still in it at the end.
     */
    public static double crossing(Op op, double region, double[] from, double[] to, int at) {
        if (region(op, to[at], to[at + 1], to[at + 2]) == region) {
            return Double.NaN;
        }
        if (region(op, from[at], from[at + 1], from[at + 2]) != region) {
            return 0;
        }
        double lo = 0, hi = 1;
        for (int k = 0; k < 64 && hi - lo > 1e-17; k++) {
            double m = 0.5 * (lo + hi);
            double a = from[at] + m * (to[at] - from[at]), b = from[at + 1] + m * (to[at + 1] - from[at + 1]),
                    c = from[at + 2] + m * (to[at + 2] - from[at + 2]);
            if (region(op, a, b, c) == region) {
                lo = m;
            } else {
                hi = m;
            }
        }
        return hi;
    }

    private static void record(Work w, int j, Op op, double a, double b, double c, double mag) {
        w.region[j] = region(op, a, b, c);
        w.in[3 * j] = a;
        w.in[3 * j + 1] = b;
        w.in[3 * j + 2] = c;
        w.margin[j] = margin(op, a, b, c);
        w.inMag[j] = mag;
    }

    /** The expression tree. */
    public Node root() {
        return root;
    }

    /** The number of variables. */
    public int variables() {
        return variables;
    }

    /** True when the value depends on time. */
    public boolean dependsOnTime() {
        for (int pc = 0; pc < code.length; pc++) {
            if (code[pc] == TIME) {
                return true;
            }
            if (code[pc] == CONST || code[pc] == VAR) {
                pc++;
            }
        }
        return false;
    }

    private static int emit(Node n, List<Integer> ops, List<Double> cs, int sp, int[] maxDepth) {
        if (n instanceof Const c) {
            ops.add(CONST);
            ops.add(cs.size());
            cs.add(c.value());
        } else if (n instanceof Var v) {
            ops.add(VAR);
            ops.add(v.index());
        } else if (n instanceof Time) {
            ops.add(TIME);
        } else {
            Call c = (Call) n;
            int s = sp;
            for (Node a : c.args()) {
                emit(a, ops, cs, s, maxDepth);
                s++;
            }
            ops.add(c.op().ordinal());
        }
        maxDepth[0] = Math.max(maxDepth[0], sp + 1);
        return sp + 1;
    }

    /**
     * The value at {@code x} (the variables) and {@code time}; {@code gradient} (length {@link #variables()}, or
     * null) receives the partial derivatives.
     */
    public double evaluate(double[] x, double time, double[] gradient) {
        return evaluate(x, time, gradient, newWork());
    }

    /** As {@link #evaluate(double[], double, double[])}, on the caller's stacks (no allocation). */
    public double evaluate(double[] x, double time, double[] gradient, Work work) {
        final int k = variables;
        final double[] v = work.val, g = work.grad, mg = work.mag;
        final double[] held = work.forced;
        final int heldAt = work.forcedAt;
        int sp = 0, sw = 0;
        final Op[] all = OPS;
        for (int pc = 0; pc < code.length; pc++) {
            int c = code[pc];
            if (c < 0) {
                int o = sp * k;
                for (int m = 0; m < k; m++) g[o + m] = 0;
                if (c == CONST) {
                    v[sp] = consts[code[++pc]];
                } else if (c == VAR) {
                    int i = code[++pc];
                    v[sp] = x[i];
                    g[o + i] = 1;
                } else {
                    v[sp] = time;
                }
                mg[sp] = Math.abs(v[sp]);
                sp++;
                continue;
            }
            Op op = all[c];
            if (op.arity == 1) {
                int a = sp - 1, o = a * k;
                double x0 = v[a], d;   // d: the derivative of the function at x0 (NaN: zero gradient)
                double r;
                switch (op) {
                    case NEG -> { r = -x0; d = -1; }
                    case NOT, EQ0 -> { r = x0 == 0 ? 1 : 0; d = 0; }
                    case NE0 -> { r = x0 != 0 ? 1 : 0; d = 0; }
                    case GT0 -> { r = x0 > 0 ? 1 : 0; d = 0; }
                    case LT0 -> { r = x0 < 0 ? 1 : 0; d = 0; }
                    case GE0 -> { r = x0 >= 0 ? 1 : 0; d = 0; }
                    case LE0 -> { r = x0 <= 0 ? 1 : 0; d = 0; }
                    case ABS -> { r = Math.abs(x0); d = Math.signum(x0); }
                    case SQRT -> { r = Math.sqrt(x0); d = 0.5 / r; }
                    case EXP -> { r = Math.exp(x0); d = r; }
                    case LN -> { r = x0 < 0 ? Double.NaN : Math.log(x0); d = 1 / x0; }
                    case LOG10 -> { r = x0 < 0 ? Double.NaN : Math.log10(x0); d = 1 / (x0 * Math.log(10)); }
                    case SIN -> { r = Math.sin(x0); d = Math.cos(x0); }
                    case COS -> { r = Math.cos(x0); d = -Math.sin(x0); }
                    case TAN -> { r = Math.tan(x0); double cs = Math.cos(x0); d = 1 / (cs * cs); }
                    case ASIN -> { r = Math.asin(x0); d = 1 / Math.sqrt(1 - x0 * x0); }
                    case ACOS -> { r = Math.acos(x0); d = -1 / Math.sqrt(1 - x0 * x0); }
                    case ATAN -> { r = Math.atan(x0); d = 1 / (1 + x0 * x0); }
                    case SINH -> { r = Math.sinh(x0); d = Math.cosh(x0); }
                    case COSH -> { r = Math.cosh(x0); d = Math.sinh(x0); }
                    case TANH -> { r = Math.tanh(x0); d = 1 - r * r; }
                    case ASINH -> { r = Math.log(x0 + Math.sqrt(x0 * x0 + 1)); d = 1 / Math.sqrt(x0 * x0 + 1); }
                    case ACOSH -> { r = Math.log(x0 + Math.sqrt(x0 * x0 - 1)); d = 1 / Math.sqrt(x0 * x0 - 1); }
                    case ATANH -> { r = 0.5 * Math.log((1 + x0) / (1 - x0)); d = 1 / (1 - x0 * x0); }
                    case SGN -> { r = Math.signum(x0); d = 0; }
                    case U -> { r = x0 > 0 ? 1 : x0 < 0 ? 0 : 0.5; d = 0; }
                    case U2 -> { r = x0 <= 0 ? 0 : Math.min(x0, 1); d = x0 > 0 && x0 <= 1 ? 1 : 0; }
                    case URAMP -> { r = x0 > 0 ? x0 : 0; d = x0 > 0 ? 1 : x0 < 0 ? 0 : 0.5; }
                    case FLOOR -> { r = Math.floor(x0); d = 0; }
                    case CEIL -> { r = Math.ceil(x0); d = 0; }
                    case INT -> { r = x0 < 0 ? Math.ceil(x0) : Math.floor(x0); d = 0; }
                    case NINT -> { r = Math.rint(x0); d = 0; }
                    default -> throw new IllegalStateException(op.name());
                }
                if (SWITCH[c]) {
                    record(work, sw, op, x0, 0, 0, mg[a]);
                    if (held != null) {
                        // held in a region: the branch of that region, continued past its boundary
                        double reg = held[heldAt + sw];
                        switch (op) {
                            case ABS -> { if (reg != 0) { r = reg * x0; d = reg; } }
                            case URAMP -> { if (reg != 0) { r = reg > 0 ? x0 : 0; d = reg > 0 ? 1 : 0; } }
                            case U -> { r = reg > 0 ? 1 : reg < 0 ? 0 : 0.5; d = 0; }
                            case U2 -> { r = reg == 0 ? 0 : reg == 1 ? x0 : 1; d = reg == 1 ? 1 : 0; }
                            default -> { r = reg; d = 0; }
                        }
                    }
                    sw++;
                }
                v[a] = r;
                mg[a] = Math.abs(r) + (d == 0 || mg[a] == 0 || !Double.isFinite(d) ? 0 : Math.abs(d) * mg[a]);
                if (!(mg[a] < Double.POSITIVE_INFINITY)) {
                    mg[a] = Math.abs(r);
                }
                if (d == 0) {
                    for (int m = 0; m < k; m++) g[o + m] = 0;
                } else {
                    for (int m = 0; m < k; m++) if (g[o + m] != 0) g[o + m] *= d;
                }
                continue;
            }
            if (op.arity == 2) {
                int a = sp - 2, b = sp - 1, oa = a * k, ob = b * k;
                double x0 = v[a], y0 = v[b], r;
                double powMag = 0;
                switch (op) {
                    case ADD -> {
                        r = x0 + y0;
                        for (int m = 0; m < k; m++) g[oa + m] += g[ob + m];
                    }
                    case SUB -> {
                        r = x0 - y0;
                        for (int m = 0; m < k; m++) g[oa + m] -= g[ob + m];
                    }
                    case MUL -> {
                        r = x0 * y0;
                        for (int m = 0; m < k; m++) g[oa + m] = g[oa + m] * y0 + x0 * g[ob + m];
                    }
                    case DIV -> {
                        r = x0 / y0;
                        for (int m = 0; m < k; m++) g[oa + m] = (g[oa + m] - r * g[ob + m]) / y0;
                    }
                    case POW, PWR -> {
                        double ax = Math.abs(x0);
                        double p = Math.pow(ax, y0);
                        double s = op == Op.PWR && x0 < 0 ? -1 : 1;
                        r = s * p;
                        // d|x|^y = y |x|^(y-1) sgn(x) dx + |x|^y ln|x| dy
                        double dx = y0 == 0 ? 0 : y0 * Math.pow(ax, y0 - 1) * (op == Op.PWR ? 1 : Math.signum(x0));
                        double dy = p == 0 ? 0 : s * p * Math.log(ax);
                        for (int m = 0; m < k; m++) {
                            double gx = g[oa + m], gy = g[ob + m];
                            g[oa + m] = (gx == 0 ? 0 : dx * gx) + (gy == 0 ? 0 : dy * gy);
                        }
                        powMag = Math.abs(r) + (mg[a] == 0 ? 0 : Math.abs(dx) * mg[a]) + (mg[b] == 0 ? 0 : Math.abs(dy) * mg[b]);
                    }
                    case MIN, MAX -> {
                        boolean first = op == Op.MIN ? x0 - y0 < 0 : x0 - y0 > 0;
                        record(work, sw, op, x0, y0, 0, Math.max(mg[a], mg[b]));
                        if (held != null) first = held[heldAt + sw] == 1;
                        sw++;
                        r = first ? x0 : y0;
                        if (!first) System.arraycopy(g, ob, g, oa, k);
                    }
                    default -> {
                        r = switch (op) {
                            case EQ -> x0 == y0 ? 1 : 0;
                            case NE -> x0 != y0 ? 1 : 0;
                            case LT -> x0 < y0 ? 1 : 0;
                            case LE -> x0 <= y0 ? 1 : 0;
                            case GT -> x0 > y0 ? 1 : 0;
                            case GE -> x0 >= y0 ? 1 : 0;
                            case AND -> x0 != 0 && y0 != 0 ? 1 : 0;
                            case OR -> x0 != 0 || y0 != 0 ? 1 : 0;
                            default -> throw new IllegalStateException(op.name());
                        };
                        if (SWITCH[c]) {
                            record(work, sw, op, x0, y0, 0, Math.max(mg[a], mg[b]));
                            if (held != null) r = held[heldAt + sw];
                            sw++;
                        }
                        for (int m = 0; m < k; m++) g[oa + m] = 0;
                    }
                }
                mg[a] = switch (op) {
                    case ADD, SUB -> mg[a] + mg[b];
                    case MUL -> mg[a] * mg[b];
                    case DIV -> (mg[a] + Math.abs(r) * mg[b]) / Math.abs(y0);
                    case MIN, MAX -> Math.max(mg[a], mg[b]);
                    case POW, PWR -> powMag;
                    default -> Math.abs(r);
                };
                if (!(mg[a] < Double.POSITIVE_INFINITY)) {
                    mg[a] = Math.abs(r);   // no bound from a term that overflowed: the value's own size
                }
                v[a] = r;
                sp--;
                continue;
            }
            // three arguments: c ? a : b, limit(x, lo, hi)
            int p0 = sp - 3, o0 = p0 * k;
            int pick;
            if (op == Op.IF) {
                pick = v[p0] != 0 ? p0 + 1 : p0 + 2;
            } else {
                double x0 = v[p0], lo = v[p0 + 1], hi = v[p0 + 2];
                record(work, sw, op, x0, lo, hi, Math.max(mg[p0], Math.max(mg[p0 + 1], mg[p0 + 2])));
                double reg = held != null ? held[heldAt + sw] : region(op, x0, lo, hi);
                sw++;
                pick = reg == 0 ? p0 + 1 : reg == 2 ? p0 + 2 : p0;
            }
            // either branch may be taken when the condition is decided by rounding: the larger magnitude
            double m = op == Op.IF ? Math.max(mg[p0 + 1], mg[p0 + 2]) : Math.max(mg[p0], Math.max(mg[p0 + 1], mg[p0 + 2]));
            if (pick != p0) {
                v[p0] = v[pick];
                System.arraycopy(g, pick * k, g, o0, k);
            }
            mg[p0] = m;
            sp -= 2;
        }
        if (gradient != null) {
            System.arraycopy(g, 0, gradient, 0, k);
        }
        return v[0];
    }

    private static final Op[] OPS = Op.values();
}
