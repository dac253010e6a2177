package org.memspice.device;

import org.memspice.SimulationException;

/**
 * TR-BDF2 for one stiff scalar state equation dx/dt = g(t, x) with error control, breakpoints, bounds and
 * events. Method and local error estimate: Bank, Coughran, Fichtner, Grosse, Rose and Smith, "Transient
 * simulation of silicon devices and circuits", IEEE TCAD 4(4):436, 1985 (gamma = 2 - sqrt 2, an L-stable
 * one-step pair: a trapezoidal stage to t + gamma h, then BDF2 to t + h); the stiff filtering of the
 * estimate, (1 - gamma/2 h J)^-1, follows Hosea and Shampine, Appl. Numer. Math. 20:21, 1996.
 * Both implicit stages share the Newton iteration matrix 1 - (gamma/2) h dg/dx (analytic Jacobian).
 *
 * <p>Events: a sign change of any switching function s_k(t, x) (thresholds, zero current) within an
 * accepted step is located on the cubic Hermite interpolant (Illinois method) and the step is re-taken to
 * end exactly there, so no step integrates across a kink of g. Bounds: a step that would leave [xMin, xMax]
 * by more than atol is shortened to land on the bound; the state is then clamped (the models give zero
 * outward rate at a bound). Breakpoints of the drive are stepped onto. Every accepted step is passed to a
 * {@link Sink} with the end values and slopes, from which callers sample a cubic Hermite dense output.
 */
public final class TrBdf2 {

    /** The scalar system: rate, its x-derivative and switching functions. */
    public interface System {
        double rate(double t, double x);

        double rateDx(double t, double x);

        int eventCount();

        double event(int k, double t, double x);
    }

    /** Receives every accepted step. */
    public interface Sink {
        void step(double t0, double x0, double f0, double t1, double x1, double f1);
    }

    /** Counters of one run. */
    public static final class Stats {
        public int accepted;
        public int rejected;
        public int newtonIterations;
        public int events;
        public int boundHits;
    }

    /** Most steps in a row that collapse below the shortest resolved step before the integration gives up. */
    static final int MAX_COLLAPSED = 1000;
    /** Most steps (accepted and rejected) one integration takes before it gives up; see {@link #maxAttempts(long)}. */
    private long maxAttempts = Integer.MAX_VALUE;

    /** Sets the most steps (accepted and rejected) one integration may take before it gives up. */
    public TrBdf2 maxAttempts(long n) {
        this.maxAttempts = n;
        return this;
    }
    private static final double GAMMA = 2 - Math.sqrt(2);
    private static final double D = GAMMA / 2;                                  // = (1-g)/(2-g)
    private static final double C1 = 1 / (GAMMA * (2 - GAMMA));
    private static final double LTE = (-3 * GAMMA * GAMMA + 4 * GAMMA - 2) / (12 * (2 - GAMMA));

    private final double rtol;
    private final double atol;
    private final double hmax;
    private final double xMin;
    private final double xMax;

    // results of the last attempted step
    private double xg;
    private double xn;
    private double fg;
    private double fn;
    private double jn;

    /**
     * @param rtol relative tolerance on x
     * @param atol absolute tolerance on x (state units)
     * @param hmax largest step, s
     */
    public TrBdf2(double rtol, double atol, double hmax, double xMin, double xMax) {
        this.rtol = rtol;
        this.atol = atol;
        this.hmax = hmax;
        this.xMin = xMin;
        this.xMax = xMax;
    }

    /** Integrates from (t0, x0) to t1, stepping onto every breakpoint (sorted, in (t0, t1]). */
    public Stats integrate(System sys, double t0, double x0, double t1, double[] breakpoints, Sink sink) {
        Stats stats = new Stats();
        int ne = sys.eventCount();
        int[] sign = new int[ne];
        double[] tEvent = new double[1];
        double t = t0;
        double x = clamp(x0);
        for (int k = 0; k < ne; k++) sign[k] = sgn(sys.event(k, t, x));
        double span = t1 - t0;
        double hmin = span * 1e-15 + Double.MIN_NORMAL;
        double h = Math.min(hmax, span * 1e-6);
        int bp = 0;
        boolean forced = false;
        int firedEvent = -1;
        double hForced = 0;
        int boundRetries = 0;
        int collapsed = 0;
        while (t < t1) {
            if ((long) stats.accepted + stats.rejected >= maxAttempts) {
                throw new SimulationException(String.format(java.util.Locale.ROOT, "%d steps reached only t = %.6g s of"
                        + " %.6g s (x = %.6g, last step %.3g s): the state changes far faster than the drive; expected"
                        + " a run of at most %d steps (a slower device or a shorter stop time)", (long) stats.accepted
                        + stats.rejected, t, t1, x, h, maxAttempts));
            }
            double tStart = Math.nextUp(t);                 // right limit at a breakpoint of the drive
            double f = sys.rate(tStart, x);
            while (bp < breakpoints.length && breakpoints[bp] <= t * (1 + 1e-14) + hmin) bp++;
            double tStop = bp < breakpoints.length ? Math.min(breakpoints[bp], t1) : t1;
            double hTry;
            if (forced) {
                hTry = hForced;
            } else {
                hTry = Math.min(h, hmax);
                if (t + hTry >= tStop - 1e-3 * hTry) hTry = tStop - t;
            }
            if (!(hTry > hmin * 0.5)) {
                // the step has collapsed onto a breakpoint or event time: move on
                if (hTry > 0 && hTry <= hmin) {
                    // a step below the resolution of t still moves it (else the loop would never end), and a
                    // run of such steps is a collapse, not a breakpoint
                    if (++collapsed > MAX_COLLAPSED) {
                        throw new SimulationException("step size collapsed to " + hTry + " s at t = " + t + " s (x = " + x
                                + ") for " + MAX_COLLAPSED + " steps in a row: the state changes faster than " + hmin
                                + " s, the shortest step resolved over " + span + " s");
                    }
                    double tn = t + hTry;
                    t = tn > t ? tn : Math.nextUp(t);
                    forced = false;
                    continue;
                }
                throw new SimulationException("step size collapsed to " + hTry + " s at t = " + t + " s (x = " + x + ")");
            }
            collapsed = 0;
            if (!attempt(sys, t, x, f, hTry, stats)) {
                stats.rejected++;
                forced = false;
                h = hTry / 4;
                if (h < hmin) throw new SimulationException("Newton iteration fails at t = " + t + " s even with step " + hTry + " s");
                continue;
            }
            double scale = atol + rtol * Math.max(Math.abs(x), Math.abs(xn));
            double denom = 1 - D * hTry * jn;
            double err = 2 * LTE * hTry * (f / GAMMA - fg / (GAMMA * (1 - GAMMA)) + fn / (1 - GAMMA));
            if (denom > 1) err /= denom;
            double ratio = Math.abs(err) / scale;
            if (!(ratio <= 1)) {
                stats.rejected++;
                forced = false;
                h = hTry * Math.max(0.1, 0.9 * Math.pow(ratio, -1.0 / 3));
                if (Double.isNaN(ratio)) h = hTry / 4;
                if (h < hmin) throw new SimulationException("step size below " + hmin + " s at t = " + t + " s (x = " + x + ")");
                continue;
            }
            // bound crossed by more than atol: land on the bound instead
            double over = xn > xMax ? xn - xMax : xn < xMin ? xMin - xn : 0;
            if (over > atol && boundRetries < 8) {
                double bound = xn > xMax ? xMax : xMin;
                double frac = (bound - x) / (xn - x);
                boundRetries++;
                stats.rejected++;
                forced = true;
                firedEvent = -1;
                hForced = hTry * Math.min(1, Math.max(1e-3, frac * (1 + 1e-9)));
                h = hTry;
                continue;
            }
            double tn = t + hTry;
            if (xn > xMax || xn < xMin) {
                xn = clamp(xn);                             // fn stays the slope the step integrated (left limit)
                stats.boundHits++;
            }
            // events: earliest sign change within (t, tn]
            if (!forced) {
                double tFirst = Double.POSITIVE_INFINITY;
                int first = -1;
                for (int k = 0; k < ne; k++) {
                    int s = sgn(sys.event(k, tn, xn));
                    if (sign[k] != 0 && s != 0 && s != sign[k]) {
                        if (locate(sys, k, t, x, f, tn, xn, fn, tEvent) && tEvent[0] < tFirst) {
                            tFirst = tEvent[0];
                            first = k;
                        }
                    }
                }
                if (first >= 0 && tFirst - t > hmin && tn - tFirst > hmin) {
                    forced = true;
                    firedEvent = first;
                    hForced = tFirst - t;
                    h = hTry;
                    continue;
                }
            }
            // accept
            sink.step(t, x, f, tn, xn, fn);
            stats.accepted++;
            if (forced && firedEvent >= 0) stats.events++;
            for (int k = 0; k < ne; k++) {
                sign[k] = (forced && k == firedEvent) ? 0 : sgn(sys.event(k, tn, xn));
            }
            if (forced && firedEvent < 0) boundRetries = 0;
            if (!forced) {
                boundRetries = 0;
                h = hTry * Math.min(4, Math.max(0.2, 0.9 * Math.pow(Math.max(ratio, 1e-12), -1.0 / 3)));
            }
            forced = false;
            firedEvent = -1;
            t = tn;
            x = xn;
            if (bp < breakpoints.length && Math.abs(t - breakpoints[bp]) <= 1e-13 * Math.max(Math.abs(t), span)) {
                t = breakpoints[bp];
            }
            if (t1 - t <= 1e-13 * span) t = t1;
        }
        return stats;
    }

    /** One TR-BDF2 step from (t, x) with slope f; results in xg, fg, xn, fn, jn. False if Newton fails. */
    private boolean attempt(System sys, double t, double x, double f, double h, Stats stats) {
        // from inside the bounds the rate is continued beyond a bound by its value just inside, so that the
        // implicit stages have a root past the bound (the overshoot is then cut back onto the bound)
        boolean extend = x > xMin && x < xMax;
        double tg = t + GAMMA * h;
        double rhs = x + D * h * f;
        double y = newton(sys, tg, x + GAMMA * h * f, rhs, h, extend, stats);
        if (Double.isNaN(y)) return false;
        xg = snap(y);
        fg = rate(sys, tg, xg, extend);
        double tn = t + h;
        rhs = x + C1 * (xg - x);                       // = C1 xg + C0 x, as C1 + C0 = 1, exact when xg = x
        y = newton(sys, tn, xg + (1 - GAMMA) * h * fg, rhs, h, extend, stats);
        if (Double.isNaN(y)) return false;
        xn = snap(y);
        fn = rate(sys, tn, xn, extend);
        jn = rateDx(sys, tn, xn, extend);
        return Double.isFinite(fn) && Double.isFinite(fg);
    }

    /** Round-off of the stage combinations must not pull a state off a bound it sits on. */
    private double snap(double y) {
        double tol = 4 * Math.ulp(Math.max(Math.abs(xMax), Math.abs(xMin)));
        if (Math.abs(y - xMax) <= tol) return xMax;
        if (Math.abs(y - xMin) <= tol) return xMin;
        return y;
    }

    private double rate(System sys, double t, double y, boolean extend) {
        if (extend) {
            if (y >= xMax) return sys.rate(t, Math.nextDown(xMax));
            if (y <= xMin) return sys.rate(t, Math.nextUp(xMin));
        }
        return sys.rate(t, y);
    }

    private double rateDx(System sys, double t, double y, boolean extend) {
        if (extend && (y >= xMax || y <= xMin)) return 0;
        return sys.rateDx(t, y);
    }

    /** Solves y - D h g(t, y) = rhs by Newton from y0; NaN when it does not converge. */
    private double newton(System sys, double t, double y0, double rhs, double h, boolean extend, Stats stats) {
        double y = y0;
        double lo = xMin - (xMax - xMin), hi = xMax + (xMax - xMin);
        if (y < lo) y = lo;
        if (y > hi) y = hi;
        for (int it = 0; it < 12; it++) {
            stats.newtonIterations++;
            double g = rate(sys, t, y, extend);
            double r = y - D * h * g - rhs;
            double jac = 1 - D * h * rateDx(sys, t, y, extend);
            if (!(jac > 1e-12) || !Double.isFinite(r)) return Double.NaN;
            double dy = -r / jac;
            y += dy;
            if (y < lo) y = lo;
            if (y > hi) y = hi;
            if (Math.abs(dy) <= 1e-3 * (atol + rtol * Math.abs(y))) return y;
        }
        return Double.NaN;
    }

    /** Root of event k on the Hermite interpolant between the step ends (Illinois method). */
    private static boolean locate(System sys, int k, double t0, double x0, double f0, double t1, double x1,
                                  double f1, double[] out) {
        double a = t0, b = t1;
        double fa = sys.event(k, a, x0), fb = sys.event(k, b, x1);
        if (fa == 0 || fb == 0 || (fa > 0) == (fb > 0)) return false;
        int side = 0;
        for (int it = 0; it < 100; it++) {
            double c = (a * fb - b * fa) / (fb - fa);
            if (!(c > a && c < b)) c = 0.5 * (a + b);
            double fc = sys.event(k, c, hermite(t0, x0, f0, t1, x1, f1, c));
            if (fc == 0 || b - a <= 1e-13 * (t1 - t0) + 4 * Math.ulp(c)) {
                out[0] = c;
                return true;
            }
            if ((fc > 0) == (fb > 0)) {
                b = c;
                fb = fc;
                if (side == -1) fa *= 0.5;
                side = -1;
            } else {
                a = c;
                fa = fc;
                if (side == 1) fb *= 0.5;
                side = 1;
            }
        }
        out[0] = 0.5 * (a + b);
        return true;
    }

    /** Cubic Hermite interpolant through (t0, x0, f0) and (t1, x1, f1), evaluated at t. */
    public static double hermite(double t0, double x0, double f0, double t1, double x1, double f1, double t) {
        double h = t1 - t0;
        double s = (t - t0) / h;
        double s2 = s * s, s3 = s2 * s;
        return x0 + (x1 - x0) * (3 * s2 - 2 * s3) + h * ((s3 - 2 * s2 + s) * f0 + (s3 - s2) * f1);
    }

    private double clamp(double x) {
        return x < xMin ? xMin : x > xMax ? xMax : x;
    }

    private static int sgn(double v) {
        return v > 0 ? 1 : v < 0 ? -1 : 0;
    }
}
