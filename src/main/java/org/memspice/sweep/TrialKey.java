package org.memspice.sweep;

import org.memspice.crossbar.ArrayScheme;

/** One Monte Carlo trial of a sweep: grid point, array scheme and trial number (one programmed chip). */
public record TrialKey(int point, ArrayScheme scheme, int trial) implements java.io.Serializable {}
