package org.memspice.circuit;

/** How element power is grouped in reports. */
public enum PowerCategory {
    /** Memristive devices. */
    MEMRISTORS,
    /** Resistors (wires, drivers' series resistance, loads). */
    RESISTORS,
    /** Capacitors and the other energy-storage elements (zero average power in periodic steady state). */
    CAPACITORS,
    /** Independent voltage and current sources (negative when delivering). */
    SOURCES,
    /** Controlled sources, comparators and sense amplifiers. */
    PERIPHERY
}
