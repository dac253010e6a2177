package org.memspice.circuit;

import java.util.Arrays;

/**
 * The symbolic structure of the MNA Jacobian: elements declare (row, column) entries and keep the
 * handle; {@link #compile} sorts them into compressed-column order once, and afterwards a handle maps
 * to its slot in the value array, so every numeric load writes straight into the matrix storage.
 */
public final class MatrixPattern {
    private final int size;
    private int count;
    private long[] keys = new long[1024];
    private int[] slot;
    private int[] colPtr;
    private int[] rowIdx;

    MatrixPattern(int size) {
        this.size = size;
    }

    /** Declares entry (row, col); returns a handle, or -1 if either index is ground (negative). */
    int add(int row, int col) {
        if (row < 0 || col < 0) return -1;
        if (count == keys.length) keys = Arrays.copyOf(keys, count * 2);
        keys[count] = ((long) col << 32) | row;
        return count++;
    }

    /** Builds the compressed-column structure; each handle gets its slot. */
    void compile() {
        long[] sorted = Arrays.copyOf(keys, count);
        Arrays.sort(sorted);
        int unique = 0;
        for (int k = 0; k < sorted.length; k++) {
            if (k == 0 || sorted[k] != sorted[k - 1]) sorted[unique++] = sorted[k];
        }
        rowIdx = new int[unique];
        colPtr = new int[size + 1];
        for (int k = 0; k < unique; k++) {
            int col = (int) (sorted[k] >>> 32);
            rowIdx[k] = (int) sorted[k];
            colPtr[col + 1]++;
        }
        for (int c = 0; c < size; c++) colPtr[c + 1] += colPtr[c];
        slot = new int[count];
        for (int h = 0; h < count; h++) slot[h] = Arrays.binarySearch(sorted, 0, unique, keys[h]);
        keys = null;
    }

    int size() {
        return size;
    }

    int nonZeros() {
        return rowIdx.length;
    }

    int[] columnPointers() {
        return colPtr;
    }

    int[] rowIndices() {
        return rowIdx;
    }

    /** Slot in the value array of a handle (handles of -1 are not passed here). */
    int slot(int handle) {
        return slot[handle];
    }

    /** Slot of entry (row, col), or -1 if it is not in the structure. */
    int find(int row, int col) {
        int lo = colPtr[col], hi = colPtr[col + 1];
        int k = Arrays.binarySearch(rowIdx, lo, hi, row);
        return k >= 0 ? k : -1;
    }
}
