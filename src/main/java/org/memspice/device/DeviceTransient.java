package org.memspice.device;

import org.memspice.InputException;
import org.memspice.SimulationException;
import org.memspice.signal.Waveform;

/**
 * Transient of one memristor driven by a source through an optional series resistance. The port is ohmic,
 * so the device voltage is explicit in the state: {@code v = Vs(t) R(x) / (R(x) + Rs)}, and the whole
 * problem is the scalar state equation dx/dt = stateRate(v(t, x), x), integrated by {@link TrBdf2} with
 * events at the thresholds (v_on/v_off for VTEAM, i_on/i_off for TEAM) and at zero current (HP family,
 * where the Biolek window switches branch). The uniform output grid is sampled from the cubic Hermite
 * dense output of the accepted steps.
 */
public final class DeviceTransient {

    /** Default relative tolerance on the state. */
    public static final double DEFAULT_RTOL = 1e-6;
    /** Most time steps a run may need (a few seconds of integration): more is refused before it starts. */
    public static final long MAX_STEPS = 50_000_000L;
    /** Most output points a run may sample. */
    public static final int MAX_POINTS = 10_000_000;
    /** Most steps (accepted and rejected) a run takes per step its largest step needs. */
    public static final long STEP_FACTOR = 20;
    /** Steps a run may take whatever its drive (about half a second of integration). */
    public static final long MIN_STEP_BUDGET = 1_000_000;
    /** Default absolute tolerance on the state, as a fraction of the state range. */
    public static final double DEFAULT_ATOL = 1e-9;

    private final MemristorModel model;
    private final DeviceCard card;
    private final Waveform drive;
    private final double rseries;
    private double rtol = DEFAULT_RTOL;
    private double atol = DEFAULT_ATOL;

    public DeviceTransient(MemristorModel model, Waveform drive, double rseries) {
        this(model, null, drive, rseries);
    }

    /** The card's model; a state rate that overflows is a SimulationException naming the card and its parameters. */
    public DeviceTransient(DeviceCard card, Waveform drive, double rseries) {
        this(card.toModel(), card, drive, rseries);
    }

    private DeviceTransient(MemristorModel model, DeviceCard card, Waveform drive, double rseries) {
        if (!(rseries >= 0) || Double.isInfinite(rseries))
            throw new InputException("series resistance is " + rseries + "; expected a finite value >= 0 ohm");
        this.model = model;
        this.card = card;
        this.drive = drive;
        this.rseries = rseries;
    }

    /** Tolerances: rtol relative, atol as a fraction of the state range (x_max - x_min). */
    public DeviceTransient tolerances(double rtol, double atol) {
        if (!(rtol > 0 && rtol < 1)) throw new InputException("--rtol is " + rtol + "; expected 0 < rtol < 1");
        if (!(atol > 0 && atol < 1)) throw new InputException("--atol is " + atol + "; expected 0 < atol < 1 (fraction of the state range)");
        this.rtol = rtol;
        this.atol = atol;
        return this;
    }

    /** Runs from 0 to tstop and samples {@code points} uniform points (0 and tstop included). */
    public DeviceTrace run(double tstop, int points) {
        if (!(tstop > 0) || Double.isInfinite(tstop)) throw new InputException("--tstop is " + tstop + "; expected > 0 s");
        if (points < 2) throw new InputException("--points is " + points + "; expected >= 2");
        if (points > MAX_POINTS) {
            throw new InputException("--points is " + points + "; expected at most " + MAX_POINTS);
        }
        double[] t = new double[points];
        double[] x = new double[points];
        for (int k = 0; k < points; k++) t[k] = tstop * ((double) k / (points - 1));
        t[points - 1] = tstop;
        x[0] = model.initialState();
        double hmax = tstop / 50;
        if (drive instanceof Waveform.Sin s) hmax = Math.min(hmax, 1 / (25 * s.freq()));
        if (drive instanceof Waveform.Pulse p && Double.isFinite(p.per())) hmax = Math.min(hmax, p.per() / 10);
        // the work is known before any step: refuse what cannot finish (before the breakpoints are listed)
        double steps = tstop / hmax;
        if (!(steps <= MAX_STEPS)) {
            throw new InputException(String.format(java.util.Locale.ROOT, "drive %s over --tstop %s s: at least %.3g"
                    + " time steps (%s); expected at most %d: a shorter --tstop or a slower drive", drive.toSpice(),
                    org.memspice.signal.SpiceNumber.format(tstop), steps, drive instanceof Waveform.Sin
                            ? "25 per period of the sine" : "10 per period of the pulse train", MAX_STEPS));
        }
        double range = model.xMax() - model.xMin();
        // a device far faster than its drive takes tiny steps without end: the run may take at most
        // STEP_FACTOR times the steps its largest step needs (and at least MIN_STEP_BUDGET)
        TrBdf2 solver = new TrBdf2(rtol, atol * range, hmax, model.xMin(), model.xMax())
                .maxAttempts(Math.max(MIN_STEP_BUDGET, STEP_FACTOR * (long) Math.ceil(steps)));
        System sys = new System();
        int[] next = {1};
        TrBdf2.Stats stats = solver.integrate(sys, 0, model.initialState(), tstop, drive.breakpoints(0, tstop),
                (t0, x0, f0, t1, x1, f1) -> {
                    int k = next[0];
                    while (k < points && t[k] <= t1) {
                        double xv = TrBdf2.hermite(t0, x0, f0, t1, x1, f1, t[k]);
                        x[k] = Math.min(model.xMax(), Math.max(model.xMin(), xv));
                        k++;
                    }
                    next[0] = k;
                });
        for (int k = next[0]; k < points; k++) x[k] = x[Math.max(0, next[0] - 1)];
        double[] v = new double[points];
        double[] i = new double[points];
        for (int k = 0; k < points; k++) {
            double vs = drive.value(t[k]);
            double r = model.resistance(x[k]);
            i[k] = vs / (r + rseries);
            v[k] = i[k] * r;
        }
        return new DeviceTrace(t, v, i, x, stats.accepted, stats.rejected, stats.events, stats.newtonIterations);
    }

    /** The scalar system seen by the integrator. */
    private final class System implements TrBdf2.System {
        private final int events;
        private final double cOn;
        private final double cOff;
        private final boolean current;

        System() {
            if (model instanceof ThresholdMemristor tm) {
                events = 2;
                cOn = tm.onThreshold();
                cOff = tm.offThreshold();
                current = tm.currentControlled();
            } else {
                events = 1;
                cOn = 0;
                cOff = 0;
                current = true;
            }
        }

        private double voltage(double t, double x) {
            double vs = drive.value(t);
            double r = model.resistance(x);
            return rseries == 0 ? vs : vs * r / (r + rseries);
        }

        @Override
        public double rate(double t, double x) {
            double v = voltage(t, x);
            return finite(model.stateRate(v, x), v, x);
        }

        /** A rate that is not finite stops the run, naming the device and the parameters that make it so. */
        private double finite(double rate, double v, double x) {
            if (Double.isFinite(rate) || Double.isNaN(x) || Double.isNaN(v)) return rate;
            String name = card == null ? "the device" : "device " + card.name();
            throw new SimulationException(card == null ? String.format(java.util.Locale.ROOT, "%s: the state rate"
                    + " dx/dt or its derivative is %s at v = %.6g V, x = %.6g: the model's parameters take it beyond"
                    + " the double range", name, rate, v, x) : card.rateOverflow(name, rate, v, x, v > 0));
        }

        @Override
        public double rateDx(double t, double x) {
            double vs = drive.value(t);
            double r = model.resistance(x);
            double v = rseries == 0 ? vs : vs * r / (r + rseries);
            double dvdx = rseries == 0 ? 0 : vs * rseries * model.resistanceDerivative(x) / ((r + rseries) * (r + rseries));
            return finite(model.stateRateDv(v, x) * dvdx + model.stateRateDx(v, x), v, x);
        }

        @Override
        public int eventCount() {
            return events;
        }

        @Override
        public double event(int k, double t, double x) {
            double v = voltage(t, x);
            double c = current ? v / model.resistance(x) : v;
            if (events == 1) return c;
            return k == 0 ? c - cOff : c - cOn;
        }
    }
}
