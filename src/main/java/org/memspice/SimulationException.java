package org.memspice;

/**
 * A simulation that cannot go on: no convergence, a singular circuit, a step size underflow. The message says
 * why (which node or device, which iteration or time, what residual). The command line prints it without a
 * stack trace and exits with status 3.
 */
public class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }

    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
