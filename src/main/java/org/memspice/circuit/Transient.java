package org.memspice.circuit;

import org.memspice.SimulationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Transient analysis of dQ(x)/dt + F(x) = 0: trapezoidal rule or BDF2 with a backward-Euler step at the start and
 * after every source breakpoint, local truncation error control from divided differences of the solution
 * (the "LTE" step control of SPICE2, Nagel, UCB/ERL M520, 1975, sec. 4.3), memristor states integrated
 * as unknowns. Without {@code uic} the start is the DC operating point; with it, node voltages start at
 * zero and memristor states at their initial values.
 */
public final class Transient {
    private final MnaSystem sys;
    private final Newton newton;
    private final OperatingPoint op;
    private double reltol = 1e-3;
    private double maxStep = 0;
    private boolean uic;
    private int maxIterations = 50;
    private Integration integration = Integration.TRAPEZOIDAL;

    /** The integration formula after the first (backward Euler) step. */
    public enum Integration {
        /** Trapezoidal rule (SPICE's default), error constant 1/12. */
        TRAPEZOIDAL,
        /** Variable-step BDF2 (SPICE's "gear" of order 2), L-stable, error constant 2/9. */
        GEAR2
    }

    /** Chooses trapezoidal (default) or BDF2 integration. */
    public Transient integration(Integration method) {
        this.integration = method;
        return this;
    }

    /** Newton iteration limit per time step (default 50). */
    public Transient maxIterations(int n) {
        this.maxIterations = n;
        return this;
    }

    public Transient(Circuit circuit) {
        this(new MnaSystem(circuit));
    }

    public Transient(MnaSystem sys) {
        this.sys = sys;
        this.newton = new Newton(sys);
        this.op = new OperatingPoint(sys);
    }

    /** Relative tolerance of the truncation-error control (default 1e-3, as SPICE). */
    public Transient reltol(double r) {
        this.reltol = r;
        return this;
    }

    /** Largest time step; 0 (default) means min(tstep, tstop / 50) as ngspice. */
    public Transient maxStep(double h) {
        this.maxStep = h;
        return this;
    }

    private java.util.Map<Integer, Double> initialVoltages = java.util.Map.of();

    /**
     * SPICE's .ic: node number to volts. With uic the transient starts from them; without, the operating point that
     * starts it holds the nodes at them (as ngspice), and the transient then runs free.
     */
    public Transient initialVoltages(java.util.Map<Integer, Double> v) {
        this.initialVoltages = java.util.Map.copyOf(v);
        return this;
    }

    /** Skip the operating point: start from zero voltages and the memristors' initial states. */
    public Transient uic(boolean uic) {
        this.uic = uic;
        return this;
    }

    /** Runs from 0 to tstop; tstep is the output step hint (bounds the step as in ngspice). */
    public TransientResult run(double tstep, double tstop) {
        return run(tstep, tstop, null);
    }

    /**
     * Runs from 0 to tstop, handing every accepted time point (t = 0 included) to {@code observer} as it is
     * computed. With an observer the result keeps no solutions (its size is 0), so memory stays flat
     * however long the run; without one every point is kept.
     */
    /** Most time steps a transient may need at its largest step: more is refused before it starts. */
    public static final long MAX_STEPS = 100_000_000L;
    /** Most periods of one periodic source over a transient. */
    public static final long MAX_PERIODS = 1_000_000L;

    public TransientResult run(double tstep, double tstop, java.util.function.Consumer<Solution> observer) {
        if (!(tstop > 0) || !(tstep > 0)) {
            throw new IllegalArgumentException("transient needs tstep > 0 and tstop > 0");
        }
        int n = sys.size;
        double hmax = maxStep > 0 ? maxStep : Math.min(tstep, tstop / 50);
        double hmin = tstop * 1e-14;
        double[] x = uic ? sys.uicStart(initialVoltages) : op.holdNodes(initialVoltages).solve().unknowns();

        // the work is bounded before the first step (and before a pulse train's corners are listed)
        if (!(tstop / hmax <= MAX_STEPS)) {
            throw new org.memspice.InputException(String.format(java.util.Locale.ROOT, ".tran: TSTOP %.4g s with a"
                    + " largest step of %.4g s (TSTEP, TMAX or TSTOP/50) needs at least %.3g time steps; expected at most"
                    + " %.0e (a larger TSTEP or TMAX, or a shorter TSTOP)", tstop, hmax, tstop / hmax, (double) MAX_STEPS));
        }
        for (Element e : sys.elements) {
            double p = e.periods(tstop);
            if (!(p <= MAX_PERIODS)) {
                throw new org.memspice.InputException(String.format(java.util.Locale.ROOT, "%s: %.3g periods of its"
                        + " source over .tran TSTOP %.4g s, each needing several time steps; expected at most %.0e (a"
                        + " shorter TSTOP or a slower source)", e.name(), p, tstop, (double) MAX_PERIODS));
            }
        }
        TreeSet<Double> breaks = new TreeSet<>();
        for (Element e : sys.elements) for (double b : e.breakpoints(0, tstop)) breaks.add(b);
        breaks.add(tstop);

        newton.reltol = 1e-6;
        newton.maxIterations = maxIterations;
        newton.ld.dc = false;
        newton.ld.sourceScale = 1;
        newton.gmin = 0;
        double[] qPrev = new double[n], qdotPrev = new double[n], xdotPrev = new double[n], qPrev2 = new double[n];
        boolean gear = integration == Integration.GEAR2;
        double[] beta = new double[n];
        newton.beta = beta;
        newton.ld.time = 0;
        newton.evaluateOnly(x);
        System.arraycopy(newton.ld.q, 0, qPrev, 0, n);

        // the switches of behavioral expressions (comparisons, corners): held in the regions of the last accepted
        // point through every step, so each step integrates one smooth branch; where one changes within a step, the
        // step is cut to land on it (an event), and the integration restarts there as after a source corner
        int ns = sys.switchOps.length;
        Switches acc = new Switches(ns), trial = new Switches(ns);
        double[] modes = new double[ns];
        Point at = new Point(sys);
        if (ns > 0) {
            at.x = x;
            at.time = 0;
            sys.switches(at, acc);
            System.arraycopy(acc.region, 0, modes, 0, ns);
            newton.ld.modes = modes;
        }
        double eventTol = 0, hDetect = 0;
        int aims = 0, reholds = 0;
        boolean aiming = false;

        // history of accepted points for the error estimate: times th[0..3], solutions xh[0..3] (0 = newest)
        double[] th = new double[4];
        double[][] xh = new double[4][];
        xh[0] = x.clone();
        int history = 1;

        List<double[]> xs = new ArrayList<>(), xdots = new ArrayList<>();
        double[] times = new double[64];
        int count = 0;
        if (observer != null) {
            observer.accept(new Solution(sys, x, null, 0));
        } else {
            xs.add(x.clone());
            xdots.add(new double[n]);
            times[count++] = 0;
        }

        double t = 0;
        double h = Math.min(hmax, tstep) * 1e-2;
        boolean restart = true;
        double[] xNew = new double[n], x1 = new double[n], xa = new double[n];
        int rejected = 0, steps = 0, events = 0;
        while (t < tstop * (1 - 1e-12)) {
            Double nb = breaks.higher(t * (1 + 1e-12) + hmin);
            double tb = nb == null ? tstop : nb;
            h = Math.min(h, hmax);
            if (t + h > tb - hmin || !aiming && t + 1.5 * h > tb && t + h < tb) {
                h = (t + h > tb - hmin) ? tb - t : 0.5 * (tb - t);
            }
            if (restart && !aiming) {
                // the first step after the start or a source corner has no history to estimate its error from:
                // a backward-Euler step of h is checked against two of h/2 (step doubling), and h shrinks until
                // their difference is within tolerance; the normal path then takes the first half step
                h = Math.min(h, 0.1 * (tb - t));
                int tries = 0;
                while (true) {
                    double ratio = eulerDoubling(t, h, xh[0], qPrev, beta, x1, xa);
                    if (ratio <= 1 || h <= hmin * 16 || ++tries > 60) {
                        break;
                    }
                    h *= Math.max(0.1, 0.9 / Math.sqrt(ratio));
                    rejected++;
                }
                h *= 0.5;
                if (h < hmin) {
                    h = Math.min(hmin * 2, tb - t);
                }
            }
            boolean euler = restart || history < 2;
            // BDF2 on a variable step: q'_n = [(1+2w)/(1+w) q_n - (1+w) q_n-1 + w^2/(1+w) q_n-2] / h, w = h/h_prev
            double w = euler || !gear ? 0 : h / (th[0] - th[1]);
            double alpha = euler ? 1 / h : gear ? (1 + 2 * w) / ((1 + w) * h) : 2 / h;
            double c1 = -(1 + w) / h, c2 = w * w / ((1 + w) * h);
            for (int i = 0; i < n; i++) {
                beta[i] = euler ? -qPrev[i] / h
                        : gear ? c1 * qPrev[i] + c2 * qPrev2[i]
                        : -alpha * qPrev[i] - qdotPrev[i];
            }
            newton.alpha = alpha;
            newton.ld.time = t + h;
            // predictor: linear extrapolation from the last two points
            if (history >= 2 && !restart) {
                double r = h / (th[0] - th[1]);
                for (int i = 0; i < n; i++) xNew[i] = xh[0][i] + r * (xh[0][i] - xh[1][i]);
                sys.boundStates(xNew);
            } else {
                System.arraycopy(xh[0], 0, xNew, 0, n);
            }
            if (!newton.solve(xNew)) {
                h /= 8;
                rejected++;
                restart = true;
                aiming = false;
                if (h < hmin) {
                    int k = newton.worstUnknown;
                    throw new SimulationException(String.format(
                            "transient: time step too small at t = %.6g s: Newton failed after %d iterations at %s "
                                    + "(weighted residual %.3g)", t, newton.iterations,
                            k >= 0 ? sys.unknownName(k) : "unknown", newton.worstResidual));
                }
                continue;
            }
            // switches that left their held region within the step
            boolean event = false;
            if (ns > 0) {
                at.x = xNew;
                at.time = t + h;
                at.modes = modes;
                sys.switches(at, trial);
                double first = Double.NaN;
                boolean rehold = false, restartHere = false;
                if (eventTol == 0) eventTol = Math.max(EVENT_TOLERANCE * h, 4 * hmin);
                for (int i = 0; i < ns; i++) {
                    if (trial.region[i] == modes[i] || trial.onBoundary(i) && acc.onBoundary(i)) continue;
                    double cross = Formula.crossing(sys.switchOps[i], modes[i], acc.in, trial.in, 3 * i);
                    if (!(cross >= 0)) continue;
                    if (cross * h <= eventTol) {
                        // it left at the start: the step ran on the wrong branch; hold the new region and redo it
                        rehold = true;
                        restartHere |= !acc.onBoundary(i);
                    } else if (!(cross >= first)) {
                        first = cross;
                    }
                }
                if (rehold && reholds < 2) {
                    for (int i = 0; i < ns; i++) {
                        if (trial.region[i] != modes[i]) {
                            double cross = Formula.crossing(sys.switchOps[i], modes[i], acc.in, trial.in, 3 * i);
                            if (cross * h <= eventTol) modes[i] = trial.region[i];
                        }
                    }
                    reholds++;
                    rejected++;
                    if (restartHere) {
                        restart = true;
                        history = 1;
                    }
                    continue;
                }
                if (first == first) {
                    if ((1 - first) * h > eventTol && aims < MAX_AIMS && first * h > 4 * hmin) {
                        // land just past the first crossing (the held branch continues smoothly past it)
                        if (aims == 0) hDetect = h;
                        h = first * h + 0.5 * eventTol;
                        aims++;
                        aiming = true;
                        rejected++;
                        continue;
                    }
                    event = true;
                }
            }
            // truncation error estimate
            double ratio = 0;
            int order = euler ? 1 : 2;
            if (history >= order + 1) {
                double tn = t + h;
                for (int i = 0; i < n; i++) {
                    if (!sys.differential[i]) continue;   // a source's branch current: algebraic
                    double lte;
                    if (order == 1) {
                        double d2 = dd2(tn, xNew[i], th[0], xh[0][i], th[1], xh[1][i]);
                        lte = h * h * Math.abs(d2);              // h^2/2 * |x''|, x'' = 2 DD2
                    } else {
                        double d3 = dd3(tn, xNew[i], th[0], xh[0][i], th[1], xh[1][i], th[2], xh[2][i]);
                        // trapezoidal h^3/12 |x'''|, BDF2 (2/9) h^3 |x'''|, with x''' = 6 DD3
                        lte = (gear ? 4.0 / 3.0 : 0.5) * h * h * h * Math.abs(d3);
                    }
                    double tol = reltol * Math.max(Math.abs(xNew[i]), Math.abs(xh[0][i])) + sys.abstol[i] * 1e3;
                    ratio = Math.max(ratio, lte / tol);
                }
                if (history < 3 && order == 2) ratio = 0;
            }
            double grow = ratio == 0 ? 2 : Math.min(2, 0.9 * Math.pow(ratio, -1.0 / (order + 1)));
            if (ratio > 1 && h > hmin * 16) {
                h *= Math.max(0.25, grow);
                rejected++;
                aiming = false;
                continue;
            }
            // accept
            steps++;
            double[] xdot = new double[n];
            for (int i = 0; i < n; i++) {
                double qn = newton.ld.q[i];
                double qd = alpha * qn + beta[i];
                qdotPrev[i] = qd;
                qPrev2[i] = qPrev[i];
                qPrev[i] = qn;
                xdot[i] = euler ? (xNew[i] - xh[0][i]) / h
                        : gear ? alpha * xNew[i] + c1 * xh[0][i] + c2 * xh[1][i]
                        : alpha * (xNew[i] - xh[0][i]) - xdotPrev[i];
            }
            System.arraycopy(xdot, 0, xdotPrev, 0, n);
            t = Math.abs(t + h - tb) <= hmin ? tb : t + h;
            double[] oldest = xh[3];
            for (int k = 3; k > 0; k--) {
                xh[k] = xh[k - 1];
                th[k] = th[k - 1];
            }
            xh[0] = oldest == null ? xNew.clone() : copyInto(oldest, xNew);
            th[0] = t;
            history = Math.min(4, history + 1);
            restart = false;
            if (breaks.contains(t) && t < tstop) {
                restart = true;
                history = 1;
            }
            if (ns > 0) {
                // the switches take the regions their inputs give at the new point; a change restarts the integration
                boolean changed = false;
                for (int i = 0; i < ns && !changed; i++) {
                    changed = trial.region[i] != modes[i] && !(trial.onBoundary(i) && acc.onBoundary(i));
                }
                boolean moved = false;
                for (int i = 0; i < ns && !moved; i++) moved = trial.region[i] != modes[i];
                if (moved) {
                    at.x = xNew;
                    at.time = t;
                    at.modes = null;
                    sys.switches(at, acc);
                    System.arraycopy(acc.region, 0, modes, 0, ns);
                } else {
                    acc.copyFrom(trial);
                }
                if ((changed || event) && t < tstop) {
                    restart = true;
                    history = 1;
                    if (event) h = Math.max(h, hDetect);
                    events++;
                }
                eventTol = 0;
                aims = 0;
                reholds = 0;
                aiming = false;
            }
            if (count == times.length) times = Arrays.copyOf(times, count * 2);
            if (observer != null) {
                observer.accept(new Solution(sys, xNew, xdot, t));
            } else {
                times[count++] = t;
                xs.add(xNew.clone());
                xdots.add(xdot);
            }
            h = restart ? Math.min(h * grow, hmax) * 0.1 : h * grow;
        }
        return new TransientResult(sys, Arrays.copyOf(times, count), xs, xdots, steps, rejected);
    }

    /** An event is landed within this share of the step that found it. */
    static final double EVENT_TOLERANCE = 1e-6;
    /** Most attempts to land one event before the step is taken as it is. */
    private static final int MAX_AIMS = 12;

    /**
     * The error of a backward-Euler step of {@code h} from (t, x0, q0), estimated by step doubling: the full step
     * and two half steps are solved, and the largest |x(h) - x(h/2, h/2)| over the tolerance is returned (its
     * leading error term is twice that of the two half steps). Infinity when Newton fails on any of them.
     */
    private double eulerDoubling(double t, double h, double[] x0, double[] q0, double[] beta, double[] x1, double[] xa) {
        int n = sys.size;
        System.arraycopy(x0, 0, x1, 0, n);
        if (!eulerStep(x1, q0, t + h, h, beta)) {
            return Double.POSITIVE_INFINITY;
        }
        System.arraycopy(x0, 0, xa, 0, n);
        if (!eulerStep(xa, q0, t + h / 2, h / 2, beta)) {
            return Double.POSITIVE_INFINITY;
        }
        double[] qa = newton.ld.q.clone();
        if (!eulerStep(xa, qa, t + h, h / 2, beta)) {
            return Double.POSITIVE_INFINITY;
        }
        double ratio = 0;
        for (int i = 0; i < n; i++) {
            if (!sys.differential[i]) continue;
            double tol = reltol * Math.max(Math.abs(xa[i]), Math.abs(x0[i])) + sys.abstol[i] * 1e3;
            ratio = Math.max(ratio, Math.abs(x1[i] - xa[i]) / tol);
        }
        return ratio;
    }

    /** Solves one backward-Euler step of {@code h} ending at {@code tNew} from charges q0; x holds the guess. */
    private boolean eulerStep(double[] x, double[] q0, double tNew, double h, double[] beta) {
        for (int i = 0; i < q0.length; i++) {
            beta[i] = -q0[i] / h;
        }
        newton.alpha = 1 / h;
        newton.ld.time = tNew;
        return newton.solve(x);
    }

    private static double[] copyInto(double[] dst, double[] src) {
        System.arraycopy(src, 0, dst, 0, src.length);
        return dst;
    }

    private static double dd2(double t0, double x0, double t1, double x1, double t2, double x2) {
        double d01 = (x0 - x1) / (t0 - t1), d12 = (x1 - x2) / (t1 - t2);
        return (d01 - d12) / (t0 - t2);
    }

    private static double dd3(double t0, double x0, double t1, double x1, double t2, double x2, double t3, double x3) {
        return (dd2(t0, x0, t1, x1, t2, x2) - dd2(t1, x1, t2, x2, t3, x3)) / (t0 - t3);
    }
}
