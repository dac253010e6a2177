package org.memspice.compile;

/** Balanced splitting of n rows or columns into pieces of at most {@code max}: sizes differ by at most one. */
final class Split {
    private Split() {}

    /** Start offsets of the pieces, with n appended: pieces = result.length - 1. */
    static int[] starts(int n, int max) {
        int pieces = (int) (((long) n + max - 1) / max);   // long: a tile of up to 2^31 - 1 rows
        int[] s = new int[pieces + 1];
        int base = n / pieces;
        int extra = n % pieces;
        for (int k = 0; k < pieces; k++) {
            s[k + 1] = s[k] + base + (k < extra ? 1 : 0);
        }
        return s;
    }
}
