package org.memspice.crossbar;

/**
 * The design of one crossbar array in read mode, apart from what is stored in it and how it is driven: its
 * logical size (word lines x outputs), the weight scheme, the two device conductances of the weight schemes,
 * the wires, the drivers, the sensing, the read voltage and input encoding, the periphery card and, for the
 * single-column scheme, where the constant-term reference column sits.
 *
 * @param rows word lines (logical inputs)
 * @param columns logical outputs
 * @param gOn conductance of a device storing +1 (weight schemes; NaN for plain conductance arrays)
 * @param gOff conductance of a device storing -1
 * @param wordLineSegment resistance of one word-line segment (one cell pitch), ohm
 * @param bitLineSegment resistance of one bit-line segment, ohm
 * @param driverResistance output resistance of each word-line driver, ohm
 * @param reference placement of the constant-term reference column (single-column scheme), else null
 * @param cellDevice the device circuit the general engine places in each cell (a behavioral subcircuit), or null
 *                   when the cells are linear conductances (gOn/gOff or a device card's ohmic port)
 */
public record ArrayDesign(int rows, int columns, ArrayScheme scheme, double gOn, double gOff, double wordLineSegment,
                          double bitLineSegment, double driverResistance, Sensing sensing, double readVoltage,
                          InputEncoding encoding, PeripheryCard periphery, ReferencePlacement reference,
                          CellDevice cellDevice)
        implements java.io.Serializable {

    /** A design whose cells are linear conductances. */
    public ArrayDesign(int rows, int columns, ArrayScheme scheme, double gOn, double gOff, double wordLineSegment,
                       double bitLineSegment, double driverResistance, Sensing sensing, double readVoltage,
                       InputEncoding encoding, PeripheryCard periphery, ReferencePlacement reference) {
        this(rows, columns, scheme, gOn, gOff, wordLineSegment, bitLineSegment, driverResistance, sensing, readVoltage,
                encoding, periphery, reference, null);
    }

    /** A copy whose cells hold {@code device} (null: linear conductances). */
    public ArrayDesign withCellDevice(CellDevice device) {
        return new ArrayDesign(rows, columns, scheme, gOn, gOff, wordLineSegment, bitLineSegment, driverResistance,
                sensing, readVoltage, encoding, periphery, reference, device);
    }

    /** Mean conductance Gbar = (Gon + Goff)/2. */
    public double gBar() {
        return 0.5 * (gOn + gOff);
    }

    /** Physical bit lines: 2N (double column), N + 1 (single column), N (conductances). */
    public int physicalColumns() {
        return switch (scheme) {
            case DOUBLE_COLUMN -> 2 * columns;
            case SINGLE_COLUMN -> columns + 1;
            case CONDUCTANCES -> columns;
        };
    }

    /** Physical index of the constant-term reference column, or -1 when there is none. */
    public int referenceColumn() {
        return scheme == ArrayScheme.SINGLE_COLUMN ? reference.physicalIndex(columns) : -1;
    }

    /** The same design at another logical size. */
    public ArrayDesign withSize(int newRows, int newColumns) {
        return new ArrayDesign(newRows, newColumns, scheme, gOn, gOff, wordLineSegment, bitLineSegment,
                driverResistance, sensing, readVoltage, encoding, periphery, reference, cellDevice);
    }

    /** A copy with other wire resistances. */
    public ArrayDesign withWires(double wordLine, double bitLine) {
        return new ArrayDesign(rows, columns, scheme, gOn, gOff, wordLine, bitLine, driverResistance, sensing,
                readVoltage, encoding, periphery, reference, cellDevice);
    }

    /** A copy with other sensing and driver resistance. */
    public ArrayDesign withPeriphery(double driver, Sensing sense) {
        return new ArrayDesign(rows, columns, scheme, gOn, gOff, wordLineSegment, bitLineSegment, driver, sense,
                readVoltage, encoding, periphery, reference, cellDevice);
    }

    /** A copy with another weight scheme (the reference column in the middle for single column). */
    public ArrayDesign withScheme(ArrayScheme newScheme) {
        ReferencePlacement ref = newScheme == ArrayScheme.SINGLE_COLUMN
                ? (reference == null ? ReferencePlacement.MIDDLE : reference) : reference;
        return new ArrayDesign(rows, columns, newScheme, gOn, gOff, wordLineSegment, bitLineSegment, driverResistance,
                sensing, readVoltage, encoding, periphery, ref, cellDevice);
    }

    /** A copy with other device conductances. */
    public ArrayDesign withDevices(double newGOn, double newGOff) {
        return new ArrayDesign(rows, columns, scheme, newGOn, newGOff, wordLineSegment, bitLineSegment,
                driverResistance, sensing, readVoltage, encoding, periphery, reference, cellDevice);
    }
}
