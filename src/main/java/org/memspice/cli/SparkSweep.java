package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.sweep.Sweep;

/** The Spark engine of {@code memspice sweep} (until Spark is on the class path: a clear refusal). */
final class SparkSweep {
    private SparkSweep() {}

    static Sweep.Engine engine(String master, int threads) {
        throw new InputException("--engine spark: not available in this build");
    }
}
