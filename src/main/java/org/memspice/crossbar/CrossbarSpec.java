package org.memspice.crossbar;

import java.util.List;

/**
 * A crossbar read-mode experiment, as read from a spec file: the logical array (inputs x outputs), how
 * weights or conductances are placed, wires, drivers, sensing, read voltage, encoding, input vectors and
 * the periphery card. Arrays are row-major (input i, output j at i*columns + j).
 *
 * @param conductances per-device conductances (scheme CONDUCTANCES), else null
 * @param weights weights in {-1,+1} (double-column / single-column schemes), else null
 * @param referenceColumn physical column index of the constant-term reference column (single-column)
 * @param inputs logical input vectors, each of length rows, values in [-1, 1]
 */
public record CrossbarSpec(String name, int rows, int columns, ArrayScheme scheme, double[] conductances,
                           int[] weights, double gOn, double gOff, double wordLineSegment, double bitLineSegment,
                           double driverResistance, Sensing sensing, double readVoltage, InputEncoding encoding,
                           List<double[]> inputs, PeripheryCard periphery, double pulseWidth, int referenceColumn) {

    /** Mean conductance Gbar = (Gon + Goff)/2. */
    public double gBar() {
        return 0.5 * (gOn + gOff);
    }

    /** A copy with other wire resistances. */
    public CrossbarSpec withWires(double wordLine, double bitLine) {
        return new CrossbarSpec(name, rows, columns, scheme, conductances, weights, gOn, gOff, wordLine, bitLine,
                driverResistance, sensing, readVoltage, encoding, inputs, periphery, pulseWidth, referenceColumn);
    }

    /** A copy with other sensing and driver resistance. */
    public CrossbarSpec withPeriphery(double driver, Sensing sense) {
        return new CrossbarSpec(name, rows, columns, scheme, conductances, weights, gOn, gOff, wordLineSegment,
                bitLineSegment, driver, sense, readVoltage, encoding, inputs, periphery, pulseWidth, referenceColumn);
    }

    /** A copy with other input vectors. */
    public CrossbarSpec withInputs(List<double[]> newInputs) {
        return new CrossbarSpec(name, rows, columns, scheme, conductances, weights, gOn, gOff, wordLineSegment,
                bitLineSegment, driverResistance, sensing, readVoltage, encoding, newInputs, periphery, pulseWidth,
                referenceColumn);
    }
}
