package org.memspice.compile;

import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.PortReduction;

/**
 * One physical array of a compiled layer: the block of the layer's weight matrix it holds (word lines
 * {@code row0 .. row0+rows}, outputs {@code col0 .. col0+cols}), the programmed array, and its exact port
 * reduction (column currents and source power as linear and quadratic maps of the word-line voltages).
 */
public record Tile(int layer, int rowTile, int colTile, int row0, int rows, int col0, int cols, CrossbarArray array,
                   PortReduction ports) {

    /** Devices and reference resistors in the array (rows x physical columns). */
    public int cells() {
        return rows * array.physicalColumns();
    }

    /** Weight devices (the reference column's fixed resistors excluded). */
    public int devices() {
        return rows * (array.physicalColumns() - (array.referenceColumn() >= 0 ? 1 : 0));
    }

    /** A short name, e.g. {@code L2-r1-c0}. */
    public String id() {
        return "L" + layer + "-r" + rowTile + "-c" + colTile;
    }
}
