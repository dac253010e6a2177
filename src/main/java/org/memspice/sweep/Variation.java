package org.memspice.sweep;

import org.memspice.InputException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The device and wire non-idealities of one sweep point; they compose (see {@link ChipProgramming} for the order).
 *
 * @param spread device-to-device spread: with {@link Distribution#LOGNORMAL} the resistance of each programmed device
 *        is R0 exp(sigma z) (the conductance G0 exp(-sigma z), median G0), with {@link Distribution#NORMAL} the
 *        conductance is G0 (1 + sigma z), truncated to positive values; z standard normal per device
 * @param distribution the distribution of {@code spread} and {@code cycle}
 * @param cycle cycle-to-cycle programming error: a second, independent factor of the same distribution, drawn
 *        afresh at every programming of the array (every trial programs the chip once)
 * @param read read noise: each read draws each device's conductance as G (1 + read z), the stored state unchanged
 * @param stuckOn fraction of devices stuck at ON (Ron, i.e. Gon), whatever they were programmed to
 * @param stuckOff fraction of devices stuck at OFF (Roff, i.e. Goff)
 * @param levels finite conductance levels: 0 for a continuum, else n >= 2 evenly spaced levels from Goff to Gon; a
 *        programmed device lands on the level nearest to its drawn conductance (write-verify to the device's
 *        resolution); binary weights sit on the end levels, so levels act on the spread, not on the targets
 * @param wire wire-resistance spread: each tile's word- and bit-line segment resistances are R exp(wire z) with z
 *        standard normal per tile (one draw per tile: the lines of one array share their metal)
 */
public record Variation(double spread, Distribution distribution, double cycle, double read, double stuckOn,
                        double stuckOff, int levels, double wire) implements java.io.Serializable {

    /** The distribution of the programming spreads. */
    public enum Distribution { LOGNORMAL, NORMAL }

    /** No variation: every device at its nominal conductance. */
    public static final Variation NONE = new Variation(0, Distribution.LOGNORMAL, 0, 0, 0, 0, 0, 0);

    /** The parameter names a sweep can vary, with what each means (for --help and messages). */
    public static final Map<String, String> PARAMETERS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sigma", "device-to-device spread (log-normal sigma of the resistance by default)");
        m.put("c2c", "cycle-to-cycle programming error, a second factor of the same distribution");
        m.put("read", "read noise, relative standard deviation of each device's conductance per read");
        m.put("stuck-on", "fraction of devices stuck at ON (Gon)");
        m.put("stuck-off", "fraction of devices stuck at OFF (Goff)");
        m.put("stuck", "fraction of devices stuck, half at ON and half at OFF");
        m.put("levels", "conductance levels from Goff to Gon (0: a continuum)");
        m.put("wire", "log-normal sigma of each tile's wire segment resistance");
        PARAMETERS = java.util.Collections.unmodifiableMap(m);
    }

    public Variation {
        check("sigma", spread, 0, Double.MAX_VALUE);
        check("c2c", cycle, 0, Double.MAX_VALUE);
        check("read", read, 0, Double.MAX_VALUE);
        check("stuck-on", stuckOn, 0, 1);
        check("stuck-off", stuckOff, 0, 1);
        check("wire", wire, 0, Double.MAX_VALUE);
        if (stuckOn + stuckOff > 1) {
            throw new InputException("stuck-on " + stuckOn + " + stuck-off " + stuckOff + " = " + (stuckOn + stuckOff)
                    + ": expected at most 1 (a fraction of the devices)");
        }
        if (levels < 0 || levels == 1) {
            throw new InputException("levels " + levels + ": expected 0 (a continuum) or at least 2");
        }
        if (distribution == Distribution.NORMAL && (spread > 0.5 || cycle > 0.5)) {
            throw new InputException("sigma " + spread + ", c2c " + cycle + " with the normal distribution: expected at"
                    + " most 0.5 (a relative spread; beyond it most draws would be truncated at zero conductance; use"
                    + " the log-normal distribution)");
        }
    }

    private static void check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi) || Double.isInfinite(v)) {
            throw new InputException(name + " " + v + ": expected a finite value in [" + fmt(lo) + ", "
                    + (hi == Double.MAX_VALUE ? "inf)" : fmt(hi) + "]"));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** This variation with parameter {@code name} set to {@code value} ({@link #PARAMETERS}). */
    public Variation with(String name, double value) {
        return switch (name) {
            case "sigma" -> new Variation(value, distribution, cycle, read, stuckOn, stuckOff, levels, wire);
            case "c2c" -> new Variation(spread, distribution, value, read, stuckOn, stuckOff, levels, wire);
            case "read" -> new Variation(spread, distribution, cycle, value, stuckOn, stuckOff, levels, wire);
            case "stuck-on" -> new Variation(spread, distribution, cycle, read, value, stuckOff, levels, wire);
            case "stuck-off" -> new Variation(spread, distribution, cycle, read, stuckOn, value, levels, wire);
            case "stuck" -> new Variation(spread, distribution, cycle, read, value / 2, value / 2, levels, wire);
            case "levels" -> {
                if (value != Math.rint(value) || Math.abs(value) > 1 << 20) {
                    throw new InputException("levels " + value + ": expected a whole number (0, or at least 2)");
                }
                yield new Variation(spread, distribution, cycle, read, stuckOn, stuckOff, (int) value, wire);
            }
            case "wire" -> new Variation(spread, distribution, cycle, read, stuckOn, stuckOff, levels, value);
            default -> throw new InputException("'" + name + "' is not a variation parameter; expected one of "
                    + String.join(", ", PARAMETERS.keySet()));
        };
    }

    /** This variation with another distribution of the programming spreads. */
    public Variation withDistribution(Distribution d) {
        return new Variation(spread, d, cycle, read, stuckOn, stuckOff, levels, wire);
    }

    /** The value of parameter {@code name}. */
    public double get(String name) {
        return switch (name) {
            case "sigma" -> spread;
            case "c2c" -> cycle;
            case "read" -> read;
            case "stuck-on" -> stuckOn;
            case "stuck-off" -> stuckOff;
            case "stuck" -> stuckOn + stuckOff;
            case "levels" -> levels;
            case "wire" -> wire;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** True when the programmed arrays differ from the nominal ones. */
    public boolean programsDevices() {
        return spread > 0 || cycle > 0 || stuckOn > 0 || stuckOff > 0 || levels > 0 || wire > 0;
    }

    /** A short description, e.g. {@code sigma=0.1 lognormal, stuck-on=0.01}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (String name : PARAMETERS.keySet()) {
            if (name.equals("stuck")) {
                continue;
            }
            double v = get(name);
            if (v != 0) {
                b.append(b.length() == 0 ? "" : ", ").append(name).append('=').append(String.format(Locale.ROOT, "%.6g", v));
            }
        }
        if (spread > 0 || cycle > 0) {
            b.append(" (").append(distribution.name().toLowerCase(Locale.ROOT)).append(')');
        }
        return b.length() == 0 ? "nominal" : b.toString();
    }
}
