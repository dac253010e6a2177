package org.memspice.sweep;

import org.memspice.InputException;
import org.memspice.signal.SpiceNumber;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The points of a sweep: one axis per varied parameter, each {@code NAME=FROM:TO:STEP} (FROM, FROM+STEP, ... up
 * to TO inclusive), {@code NAME=V1,V2,...} or {@code NAME=V}; the points are every combination, the first axis
 * outermost. Each point is the base variation with the axes' values set.
 */
public record SweepGrid(Variation base, List<Axis> axes) implements java.io.Serializable {
    /** Largest number of points a grid may have. */
    public static final int MAX_POINTS = 10_000;

    /** One varied parameter and its values, in order. */
    public record Axis(String name, double[] values) implements java.io.Serializable {}

    public SweepGrid {
        axes = List.copyOf(axes);
        long n = 1;
        for (Axis a : axes) {
            n *= a.values().length;
            if (n > MAX_POINTS) {
                throw new InputException("--vary: the grid has more than " + MAX_POINTS + " points; expected at most "
                        + MAX_POINTS + " (fewer values per parameter)");
            }
        }
        for (int p = 0; p < n; p++) {
            point(base, axes, p);   // every point a valid variation, named by its --vary on failure
        }
    }

    /** Parses the {@code --vary} options (none: one point, the base variation). */
    public static SweepGrid parse(Variation base, List<String> vary) {
        List<Axis> axes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String v : vary) {
            Axis a = axis(v);
            if (!names.add(a.name())) {
                throw new InputException("--vary " + v + ": " + a.name() + " is varied twice; expected each parameter once");
            }
            axes.add(a);
        }
        return new SweepGrid(base, axes);
    }

    private static Axis axis(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new InputException("--vary '" + text + "': expected NAME=FROM:TO:STEP, NAME=V1,V2,... or NAME=V,"
                    + " e.g. sigma=0:0.3:0.05 (NAME one of " + String.join(", ", Variation.PARAMETERS.keySet()) + ")");
        }
        String name = text.substring(0, eq).trim();
        String spec = text.substring(eq + 1).trim();
        if (!Variation.PARAMETERS.containsKey(name)) {
            throw new InputException("--vary " + text + ": '" + name + "' is not a variation parameter; expected one of "
                    + String.join(", ", Variation.PARAMETERS.keySet()));
        }
        double[] values;
        if (spec.contains(":")) {
            String[] p = spec.split(":", -1);
            if (p.length != 3) {
                throw new InputException("--vary " + text + ": expected FROM:TO:STEP (three numbers), e.g. " + name
                        + "=0:0.3:0.05");
            }
            BigDecimal from = number(text, p[0]);
            BigDecimal to = number(text, p[1]);
            BigDecimal step = number(text, p[2]);
            if (step.signum() <= 0) {
                throw new InputException("--vary " + text + ": STEP " + p[2] + "; expected a positive step");
            }
            if (from.compareTo(to) > 0) {
                throw new InputException("--vary " + text + ": FROM " + p[0] + " is above TO " + p[1]
                        + ", so the grid has no points; expected FROM <= TO");
            }
            BigDecimal count = to.subtract(from).divide(step, java.math.MathContext.DECIMAL64);
            if (count.compareTo(BigDecimal.valueOf(MAX_POINTS)) >= 0) {
                throw new InputException("--vary " + text + ": " + count.toBigInteger().add(java.math.BigInteger.ONE)
                        + " values; expected at most " + MAX_POINTS);
            }
            int n = count.intValue() + 1;
            values = new double[n];
            for (int k = 0; k < n; k++) {
                values[k] = from.add(step.multiply(BigDecimal.valueOf(k))).doubleValue();
            }
        } else {
            String[] p = spec.split(",", -1);
            values = new double[p.length];
            for (int k = 0; k < p.length; k++) {
                values[k] = number(text, p[k]).doubleValue();
            }
        }
        return new Axis(name, values);
    }

    private static BigDecimal number(String option, String s) {
        String t = s.trim();
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            // SPICE suffixes (1m, 10u ...)
        }
        double v;
        try {
            v = SpiceNumber.parse(t);
        } catch (RuntimeException e) {
            throw new InputException("--vary " + option + ": '" + s + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new InputException("--vary " + option + ": '" + s + "' is not a finite number");
        }
        return new BigDecimal(v);
    }

    /** Number of points. */
    public int size() {
        int n = 1;
        for (Axis a : axes) {
            n *= a.values().length;
        }
        return n;
    }

    /** The variation at point {@code p}. */
    public Variation point(int p) {
        return point(base, axes, p);
    }

    /** Point p's value on every axis, in axis order. */
    public double[] values(int p) {
        return values(axes, p);
    }

    /** Point p's value on every axis: the last axis varies fastest. */
    private static double[] values(List<Axis> axes, int p) {
        double[] v = new double[axes.size()];
        int rest = p;
        for (int a = axes.size() - 1; a >= 0; a--) {
            double[] vs = axes.get(a).values();
            v[a] = vs[rest % vs.length];
            rest /= vs.length;
        }
        return v;
    }

    private static Variation point(Variation base, List<Axis> axes, int p) {
        Variation v = base;
        double[] vals = values(axes, p);
        for (int a = 0; a < axes.size(); a++) {
            try {
                v = v.with(axes.get(a).name(), vals[a]);
            } catch (InputException e) {
                throw new InputException("--vary " + axes.get(a).name() + ": " + e.getMessage());
            }
        }
        return v;
    }
}
