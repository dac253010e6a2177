package org.memspice.crossbar;

/**
 * Power of one read, watts. The circuit part (devices, wires, drivers, sense inputs, the constant-term
 * reference column) is summed element by element from the solved node voltages and balances the power the
 * word-line sources deliver; the periphery part comes from the periphery card.
 *
 * @param devices weight devices (the reference column excluded)
 * @param wordLineWires word-line segments
 * @param bitLineWires bit-line segments of the weight columns
 * @param drivers driver output resistances
 * @param senseInputs power into the sense nodes (sense resistors; a TIA input of finite gain)
 * @param constantTermArray reference-column resistors and their bit-line segments
 * @param constantTermPeriphery the reference column's TIA (static and feedback)
 * @param sensePeriphery TIAs of the weight columns (static and feedback), difference/subtraction stages
 * @param comparators one per output
 * @param inputDrivers static power of the word-line drivers/DACs
 * @param sources power delivered by the word-line sources
 */
public record PowerBreakdown(double devices, double wordLineWires, double bitLineWires, double drivers,
                             double senseInputs, double constantTermArray, double constantTermPeriphery,
                             double sensePeriphery, double comparators, double inputDrivers, double sources) {

    /** Power dissipated in the array circuit (must equal {@link #sources}). */
    public double circuit() {
        return devices + wordLineWires + bitLineWires + drivers + senseInputs + constantTermArray;
    }

    /** Everything: array circuit and periphery. */
    public double total() {
        return circuit() + constantTermPeriphery + sensePeriphery + comparators + inputDrivers;
    }

    /** |sources - circuit| / sources (0 when nothing is driven). */
    public double balanceError() {
        return sources == 0 ? Math.abs(circuit()) : Math.abs(sources - circuit()) / Math.abs(sources);
    }
}
