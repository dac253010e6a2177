package org.memspice.device;

/**
 * A memristor compact model, stateless: it holds parameters only, and the state x lives in the caller's
 * primitive arrays, so one model object serves one device or a whole array.
 *
 * <p>Every model here has an ohmic port, {@code v = R(x) * i}, and a state equation
 * {@code dx/dt = f(v, x)} (current-controlled models evaluate i = v / R(x) themselves). The state is in the
 * model's own variable: x = w/D in [0, 1] for the HP family, metres in [x_on, x_off] for TEAM and VTEAM.
 * Thresholds and windows are branches, never 0/1 factors; at a bound the outward rate is exactly zero.
 */
public interface MemristorModel extends java.io.Serializable {

    /** Lower state bound. */
    double xMin();

    /** Upper state bound. */
    double xMax();

    /** Initial state x0 from the card. */
    double initialState();

    /** Port resistance R(x), ohm. */
    double resistance(double x);

    /** dR/dx at x. */
    double resistanceDerivative(double x);

    /** dx/dt for port voltage v at state x (state units per second). */
    double stateRate(double v, double x);

    /** Partial derivative of {@link #stateRate} with respect to v. */
    double stateRateDv(double v, double x);

    /** Partial derivative of {@link #stateRate} with respect to x. */
    double stateRateDx(double v, double x);
}
