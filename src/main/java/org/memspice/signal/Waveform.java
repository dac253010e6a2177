package org.memspice.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * An independent source's value against time, written as in SPICE: {@code DC 0.2}, {@code SIN(0 1.2 1)},
 * {@code PULSE(0 1 0 1n 1n 100n 200n)}, {@code PWL(0 0 1m 1)}. One parser serves the netlist reader and the
 * command line. Semantics follow ngspice-39's source documentation; where ngspice takes a default from the
 * analysis (a PULSE's rise time is TSTEP when omitted), memspice needs the value written (see {@link #parse}).
 */
public sealed interface Waveform permits Waveform.Dc, Waveform.Sin, Waveform.Pulse, Waveform.Pwl {

    /** Value at time t (seconds); t below zero gives the value at zero. */
    double value(double t);

    /** The DC (t = 0) value, used by operating-point analyses. */
    default double dcValue() {
        return value(0.0);
    }

    /**
     * Times in (t0, t1] where the waveform or its slope jumps (pulse corners, PWL points). A transient
     * integrator must step onto each of them.
     */
    double[] breakpoints(double t0, double t1);

    /** SPICE text that {@link #parse} reads back to an equal waveform. */
    String toSpice();

    /**
     * Periods of a periodic waveform in [0, t1] (a sine's cycles after its delay, a pulse train's pulses), 0 for the
     * others: each needs its own time steps, so a transient can bound its work before it starts.
     */
    default double periods(double t1) {
        if (this instanceof Sin s) {
            return Math.max(0, t1 - s.td()) * s.freq();
        }
        if (this instanceof Pulse p && Double.isFinite(p.per())) {
            double n = Math.max(0, t1 - p.td()) / p.per();
            return p.np() > 0 ? Math.min(n, p.np()) : n;
        }
        return 0;
    }

    record Dc(double v) implements Waveform {
        public double value(double t) { return v; }
        public double[] breakpoints(double t0, double t1) { return new double[0]; }
        public String toSpice() { return "DC " + SpiceNumber.format(v); }
    }

    /** SIN(VO VA FREQ [TD [THETA [PHASE]]]); PHASE in degrees, as in ngspice. */
    record Sin(double vo, double va, double freq, double td, double theta, double phaseDeg) implements Waveform {
        public Sin {
            if (!(freq > 0)) throw new SpiceSyntaxException("SIN frequency must be > 0, got " + freq);
            if (td < 0) throw new SpiceSyntaxException("SIN delay must be >= 0, got " + td);
        }
        public double value(double t) {
            double phase = Math.toRadians(phaseDeg);
            if (t <= td) return vo + va * Math.sin(phase);
            double tt = t - td;
            return vo + va * Math.exp(-tt * theta) * Math.sin(2 * Math.PI * freq * tt + phase);
        }
        public double[] breakpoints(double t0, double t1) {
            return td > t0 && td <= t1 ? new double[] {td} : new double[0];
        }
        public String toSpice() {
            return "SIN(" + join(vo, va, freq, td, theta, phaseDeg) + ")";
        }
    }

    /** PULSE(V1 V2 TD TR TF PW PER [NP]); NP = 0 means unlimited. */
    record Pulse(double v1, double v2, double td, double tr, double tf, double pw, double per, int np)
            implements Waveform {
        public Pulse {
            if (td < 0 || tr < 0 || tf < 0 || pw < 0)
                throw new SpiceSyntaxException("PULSE TD, TR, TF and PW must be >= 0");
            if (!(per > 0)) throw new SpiceSyntaxException("PULSE period must be > 0, got " + per);
            if (per < tr + pw + tf)
                throw new SpiceSyntaxException("PULSE period " + per + " is shorter than TR+PW+TF = " + (tr + pw + tf));
            if (np < 0) throw new SpiceSyntaxException("PULSE NP must be >= 0, got " + np);
        }
        public double value(double t) {
            if (t <= td) return v1;
            double tt = t - td;
            long k = Double.isInfinite(per) ? 0 : (long) Math.floor(tt / per);
            if (np > 0 && k >= np) return v1;
            double u = k == 0 ? tt : tt - k * per;
            if (u < tr) return v1 + (v2 - v1) * (tr == 0 ? 1 : u / tr);
            if (u <= tr + pw) return v2;
            if (u < tr + pw + tf) return v2 + (v1 - v2) * ((u - tr - pw) / tf);
            return v1;
        }
        public double[] breakpoints(double t0, double t1) {
            TreeSet<Double> out = new TreeSet<>();
            double[] corners = {0, tr, tr + pw, tr + pw + tf};
            boolean single = Double.isInfinite(per);
            long kmax = single ? 1 : np > 0 ? np : Long.MAX_VALUE;
            long kStart = single ? 0 : Math.max(0, (long) Math.floor((t0 - td) / per) - 1);
            for (long k = kStart; k < kmax; k++) {
                double base = k == 0 ? td : td + k * per;
                if (base > t1) break;
                for (double c : corners) {
                    double b = base + c;
                    if (b > t0 && b <= t1) out.add(b);
                }
            }
            return toArray(out);
        }
        public String toSpice() {
            if (Double.isInfinite(pw)) return "PULSE(" + join(v1, v2, td, tr, tf) + ")";
            if (Double.isInfinite(per)) return "PULSE(" + join(v1, v2, td, tr, tf, pw) + ")";
            return "PULSE(" + join(v1, v2, td, tr, tf, pw, per) + (np > 0 ? " " + np : "") + ")";
        }
    }

    /**
     * PWL(T1 V1 T2 V2 ...): linear between points, constant before the first and after the last. A time point
     * given twice is a step there, as in ngspice: the value at that time is the first point's, just after it the
     * second's ({@link #repeatedTime()} says where, for the reader's warning); decreasing times are an error.
     */
    record Pwl(double[] t, double[] v) implements Waveform {
        public Pwl {
            if (t.length == 0 || t.length != v.length)
                throw new SpiceSyntaxException("PWL needs time/value pairs, got " + (t.length + v.length) + " numbers");
            for (int i = 1; i < t.length; i++) {
                if (t[i] < t[i - 1])
                    throw new SpiceSyntaxException("PWL times must not decrease: " + t[i - 1] + " then " + t[i]);
            }
            t = t.clone();
            v = v.clone();
        }
        /** The first time given twice (a step), or NaN if every time increases. */
        public double repeatedTime() {
            for (int i = 1; i < t.length; i++) {
                if (t[i] == t[i - 1]) return t[i];
            }
            return Double.NaN;
        }
        public double value(double time) {
            int n = t.length;
            if (time <= t[0]) return v[0];
            if (time > t[n - 1]) return v[n - 1];
            // t[lo] < time <= t[hi]: at a repeated time the segment that ends there (the step's first value)
            int lo = 0, hi = n - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (t[mid] < time) lo = mid; else hi = mid;
            }
            return v[lo] + (v[hi] - v[lo]) * (time - t[lo]) / (t[hi] - t[lo]);
        }
        public double[] breakpoints(double t0, double t1) {
            List<Double> out = new ArrayList<>();
            for (double b : t) if (b > t0 && b <= t1) out.add(b);
            return toArray(out);
        }
        public String toSpice() {
            StringBuilder sb = new StringBuilder("PWL(");
            for (int i = 0; i < t.length; i++) {
                if (i > 0) sb.append(' ');
                sb.append(SpiceNumber.format(t[i])).append(' ').append(SpiceNumber.format(v[i]));
            }
            return sb.append(')').toString();
        }
        @Override public boolean equals(Object o) {
            return o instanceof Pwl p && java.util.Arrays.equals(t, p.t) && java.util.Arrays.equals(v, p.v);
        }
        @Override public int hashCode() {
            return 31 * java.util.Arrays.hashCode(t) + java.util.Arrays.hashCode(v);
        }
    }

    /**
     * Parses a source specification: {@code 0.2}, {@code DC 0.2}, {@code SIN(VO VA FREQ [TD [THETA [PHASE]]])},
     * {@code PULSE(V1 V2 [TD [TR [TF [PW [PER [NP]]]]]])}, {@code PWL(T1 V1 ...)}; parentheses are optional and
     * commas count as spaces. Omitted PULSE TD/TR/TF are 0 (ngspice would use TSTEP for TR/TF), an omitted PW
     * or PER means a single step that stays at V2.
     */
    static Waveform parse(String text) {
        if (text == null || text.isBlank()) throw new SpiceSyntaxException("empty source specification");
        String s = text.trim().replace(',', ' ');
        String[] head = s.split("[\\s(]+", 2);
        String kind = head[0].toUpperCase(Locale.ROOT);
        if (SpiceNumber.isNumber(head[0]) && (head.length == 1 || head[1].isBlank())) {
            return new Dc(SpiceNumber.parse(head[0]));
        }
        String body = head.length > 1 ? head[1].trim() : "";
        if (body.endsWith(")")) body = body.substring(0, body.length() - 1);
        if (body.contains("(") || body.contains(")"))
            throw new SpiceSyntaxException("unbalanced parentheses in source '" + text + "'");
        double[] a = numbers(body, text);
        switch (kind) {
            case "DC":
                need(a, 1, 1, text, "DC <value>");
                return new Dc(a[0]);
            case "SIN":
                need(a, 3, 6, text, "SIN(VO VA FREQ [TD [THETA [PHASE]]])");
                return new Sin(a[0], a[1], a[2], arg(a, 3), arg(a, 4), arg(a, 5));
            case "PULSE": {
                need(a, 2, 8, text, "PULSE(V1 V2 [TD [TR [TF [PW [PER [NP]]]]]])");
                double tr = arg(a, 3), tf = arg(a, 4);
                double pw = a.length > 5 ? a[5] : Double.POSITIVE_INFINITY;
                double per = a.length > 6 ? a[6] : Double.POSITIVE_INFINITY;
                if (a.length > 7 && (a[7] != Math.rint(a[7])))
                    throw new SpiceSyntaxException("PULSE NP must be a whole number, got " + a[7] + " in '" + text + "'");
                return new Pulse(a[0], a[1], arg(a, 2), tr, tf, pw, per, a.length > 7 ? (int) a[7] : 0);
            }
            case "PWL": {
                if (a.length < 2 || a.length % 2 != 0)
                    throw new SpiceSyntaxException("PWL needs an even number (>= 2) of values T1 V1 T2 V2 ..., got "
                            + a.length + " in '" + text + "'");
                double[] t = new double[a.length / 2], v = new double[a.length / 2];
                for (int i = 0; i < t.length; i++) { t[i] = a[2 * i]; v[i] = a[2 * i + 1]; }
                return new Pwl(t, v);
            }
            default:
                throw new SpiceSyntaxException("unknown source '" + head[0] + "' in '" + text
                        + "' (expected a number, DC, SIN, PULSE or PWL)");
        }
    }

    private static double[] numbers(String body, String whole) {
        if (body.isBlank()) return new double[0];
        String[] parts = body.trim().split("\\s+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = SpiceNumber.parse(parts[i]);
            } catch (SpiceSyntaxException e) {
                throw new SpiceSyntaxException(e.getMessage() + " in source '" + whole + "'");
            }
        }
        return out;
    }

    private static void need(double[] a, int min, int max, String text, String form) {
        if (a.length < min || a.length > max)
            throw new SpiceSyntaxException("'" + text + "' has " + a.length + " values; expected " + form);
    }

    private static double arg(double[] a, int i) {
        return i < a.length ? a[i] : 0.0;
    }

    private static String join(double... xs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(SpiceNumber.format(xs[i]));
        }
        return sb.toString();
    }

    private static double[] toArray(java.util.Collection<Double> c) {
        double[] out = new double[c.size()];
        int i = 0;
        for (double d : c) out[i++] = d;
        return out;
    }
}
