package org.memspice.spice;

import org.memspice.InputException;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Element;
import org.memspice.circuit.Memristor;

import java.io.IOException;

/** Memristors in netlists: the device layer's subcircuit definitions and instance lines. */
final class MemristorCards {
    private MemristorCards() {}

    static void definitions(Circuit c, Appendable out) throws IOException {
        for (Element e : c.elements()) {
            if (e instanceof Memristor m) {
                throw new InputException("memristor " + m.name() + ": writing memristors needs the device layer's subcircuits");
            }
        }
    }

    static String instance(String name, String p, String n, Memristor m) {
        throw new InputException("memristor " + m.name() + ": writing memristors needs the device layer's subcircuits");
    }
}
