package org.memspice.crossbar;

/** How a logical input x in [-1, 1] becomes a word-line voltage. */
public enum InputEncoding {
    /** V = x * Vr: +/-Vr for binary inputs (needs a negative supply). */
    BIPOLAR,
    /** V = (x + 1)/2 * Vr: 0 or Vr for binary inputs. */
    UNIPOLAR;

    public double voltage(double x, double readVoltage) {
        return this == BIPOLAR ? x * readVoltage : 0.5 * (x + 1) * readVoltage;
    }
}
