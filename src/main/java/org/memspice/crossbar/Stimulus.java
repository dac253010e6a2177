package org.memspice.crossbar;

import java.util.List;

/**
 * How an array is driven in an experiment: the logical input vectors (each of length rows, values in
 * [-1, 1]: binary inputs or DAC levels) and the read pulse width that turns power into energy per read.
 */
public record Stimulus(List<double[]> inputs, double pulseWidth) {
    public Stimulus {
        inputs = List.copyOf(inputs);
    }
}
