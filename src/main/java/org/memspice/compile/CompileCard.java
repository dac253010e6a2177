package org.memspice.compile;

import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.device.MemristorModel;

/**
 * The technology a network is compiled onto, from a compile card in circuits/ (JSON, SI units): the array
 * design shared by every tile (scheme, devices, wires, drivers, sensing, read voltage, encoding, periphery
 * card, reference-column placement), the largest array (tile) in rows x physical columns, the input DAC
 * resolution, the cell area, the read pulse width and the calibration step.
 *
 * @param design the array design at the size of a full tile (logical columns for the scheme)
 * @param tileRows word lines of the largest array
 * @param tileColumns physical bit lines of the largest array
 * @param outputSwing when positive, each layer's TIA feedback resistance is chosen so that the largest
 *        column current the layer can produce maps to this many volts; when 0 the design's fixed Rf is used
 * @param dacBits resolution of the DACs that drive real inputs (pixels)
 * @param cellArea area of one crossbar cell, square metres
 * @param pulseWidth read pulse width, seconds
 * @param calibrationVectors known input vectors per column for calibration (0: no calibration)
 * @param calibrationSeed seed of the calibration vectors
 * @param device the device card's model when the card names one, else null
 * @param deviceCard the device card's path as written in the card (or on the command line), else null
 * @param tileOrigin where the tile size was given, for messages: {@code "--tile"} or {@code "FILE: $.tile"}
 */
public record CompileCard(String name, String source, ArrayDesign design, int tileRows, int tileColumns,
                          double outputSwing, int dacBits, double cellArea, double pulseWidth, int calibrationVectors,
                          long calibrationSeed, MemristorModel device, String deviceCard, String tileOrigin)
        implements java.io.Serializable {

    /** Logical output columns that fit one tile in {@code scheme}. */
    public int outputsPerTile() {
        return outputsPerTile(design.scheme(), tileColumns);
    }

    static int outputsPerTile(ArrayScheme scheme, int physicalColumns) {
        return scheme == ArrayScheme.DOUBLE_COLUMN ? physicalColumns / 2 : physicalColumns - 1;
    }

    public ArrayScheme scheme() {
        return design.scheme();
    }

    public boolean calibrate() {
        return calibrationVectors > 0;
    }

    /** The same card in another scheme (the tile's physical size stays). */
    public CompileCard withScheme(ArrayScheme scheme) {
        ArrayDesign d = design.withScheme(scheme).withSize(tileRows, outputsPerTile(scheme, tileColumns));
        return new CompileCard(name, source, d, tileRows, tileColumns, outputSwing, dacBits, cellArea, pulseWidth,
                calibrationVectors, calibrationSeed, device, deviceCard, tileOrigin);
    }

    /** The same card with another tile size (rows x physical columns), given at {@code origin}. */
    public CompileCard withTile(int rows, int columns, String origin) {
        ArrayDesign d = design.withSize(rows, outputsPerTile(design.scheme(), columns));
        return new CompileCard(name, source, d, rows, columns, outputSwing, dacBits, cellArea, pulseWidth,
                calibrationVectors, calibrationSeed, device, deviceCard, origin);
    }

    /** The same card with another design (driver, sensing ...) at the same tile size. */
    public CompileCard withDesign(ArrayDesign d) {
        return new CompileCard(name, source, d, tileRows, tileColumns, outputSwing, dacBits, cellArea, pulseWidth,
                calibrationVectors, calibrationSeed, device, deviceCard, tileOrigin);
    }

    /** The same card with other wire segment resistances. */
    public CompileCard withWires(double wordLine, double bitLine) {
        return new CompileCard(name, source, design.withWires(wordLine, bitLine), tileRows, tileColumns, outputSwing,
                dacBits, cellArea, pulseWidth, calibrationVectors, calibrationSeed, device, deviceCard, tileOrigin);
    }

    /** The same card with other devices (gOn, gOff) and device card. */
    public CompileCard withDevices(double gOn, double gOff, MemristorModel model, String card) {
        return new CompileCard(name, source, design.withDevices(gOn, gOff).withCellDevice(null), tileRows, tileColumns, outputSwing,
                dacBits, cellArea, pulseWidth, calibrationVectors, calibrationSeed, model, card, tileOrigin);
    }

    /** The same card with calibration on ({@code vectors} > 0) or off. */
    public CompileCard withCalibration(int vectors, long seed) {
        return new CompileCard(name, source, design, tileRows, tileColumns, outputSwing, dacBits, cellArea, pulseWidth,
                vectors, seed, device, deviceCard, tileOrigin);
    }
}
