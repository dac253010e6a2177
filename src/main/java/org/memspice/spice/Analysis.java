package org.memspice.spice;

/** An analysis requested by a netlist; {@code where} is the card's {@code file:line}, for messages. */
public sealed interface Analysis {

    /** {@code .op}. */
    record Op() implements Analysis {}

    /** {@code .dc SRC START STOP STEP}. */
    record Dc(String source, double start, double stop, double step, String where) implements Analysis {
        public Dc(String source, double start, double stop, double step) {
            this(source, start, stop, step, ".dc");
        }
    }

    /** {@code .tran TSTEP TSTOP [TSTART [TMAX]] [UIC]}. */
    record Tran(double tstep, double tstop, double tstart, double tmax, boolean uic, String where) implements Analysis {
        public Tran(double tstep, double tstop, double tstart, double tmax, boolean uic) {
            this(tstep, tstop, tstart, tmax, uic, ".tran");
        }
    }
}
