package org.memspice.device;

/** Port law of the TEAM family, with u = (x - x_on)/(x_off - x_on) in [0, 1] (Kvatinsky 2013, eqs. 6-7). */
public enum IvCurve {
    /** R = Ron + (Roff - Ron) u. */
    LINEAR,
    /** R = Ron exp(lambda u), lambda = ln(Roff/Ron). */
    EXPONENTIAL
}
