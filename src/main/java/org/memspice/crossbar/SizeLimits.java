package org.memspice.crossbar;

import java.util.Locale;

/**
 * Limits checked before an array is allocated or solved, so that a spec or a card too big for this machine is
 * refused with a message (exit 2) instead of running out of memory or overflowing an index. An array is counted
 * in cells: rows x physical columns (2N for double column, N + 1 for single column, N for conductances). See
 * docs/crossbar.md, "Limits".
 */
public final class SizeLimits {
    /** Most cells of one array: its nodes (two per cell) are indexed by int. Cannot be raised. */
    public static final long MAX_CELLS = 1L << 28;
    /** Heap one cell needs while an array is built and solved (conductances, network, solver vectors). */
    public static final long BYTES_PER_CELL = 320;
    /** Heap one cell needs in every read kept for reporting (its two node voltages). */
    public static final long BYTES_PER_READ_CELL = 16;
    /** Most input vectors of one spec. */
    public static final int MAX_INPUTS = 1_000_000;
    /** How to give Java more heap. */
    public static final String MORE_HEAP = "give Java more heap, e.g. MEMSPICE_JAVA_OPTS=-Xmx16g ./memspice ...";

    private SizeLimits() {
    }

    /** The heap this JVM may use, bytes. */
    public static long heap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Heap an array of {@code cells} cells needs to be built and solved, bytes. */
    public static long arrayBytes(long cells) {
        return cells * BYTES_PER_CELL;
    }

    /**
     * Heap an array of {@code cells} cells needs with its L D L' factor (nested dissection) and the workspace of a
     * port reduction: the factor holds about 5 log2(2 cells) nonzeros per cell (measured: 47 at 64x128, 99 at
     * 1024x1024), and factor, symbolic structure and workspace together took 1.5 to 3.1 kB per cell from 64x64 to
     * 864x384; counted here as 150 log2(2 cells) bytes per cell on top of the array.
     */
    public static long factorBytes(long cells) {
        double log2 = Math.log(2.0 * Math.max(cells, 1)) / Math.log(2);
        return (long) (cells * (BYTES_PER_CELL + 150 * log2));
    }

    /** Bytes as a short text: "12.3 GiB". */
    public static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.3g %s", b, units[u]);
    }

    /**
     * Null when {@code bytes} fit the heap, else the reason: "needs about X of heap; this JVM has Y: give Java
     * more heap, e.g. ...".
     */
    public static String overHeap(double bytes) {
        long heap = heap();
        if (bytes <= heap) {
            return null;
        }
        return "needs about " + bytes(bytes) + " of heap; this JVM has at most " + bytes(heap) + ": " + MORE_HEAP;
    }
}
