package org.memspice.spice;

/** An analysis requested by a netlist. */
public sealed interface Analysis {

    /** {@code .op}. */
    record Op() implements Analysis {}

    /** {@code .dc SRC START STOP STEP}. */
    record Dc(String source, double start, double stop, double step) implements Analysis {}

    /** {@code .tran TSTEP TSTOP [TSTART [TMAX]] [UIC]}. */
    record Tran(double tstep, double tstop, double tstart, double tmax, boolean uic) implements Analysis {}
}
