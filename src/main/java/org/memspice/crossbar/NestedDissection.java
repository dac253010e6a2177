package org.memspice.crossbar;

/**
 * Fill-reducing elimination order for the crossbar graph by geometric nested dissection on the grid of
 * cells (George, "Nested dissection of a regular finite element mesh", SIAM J. Numer. Anal. 10(2), 1973).
 * A line of cells (both of their nodes) separates the array: a column of cells cuts every word line and
 * holds its own bit line, a row of cells cuts every bit line. Halves are ordered first, separators last.
 */
final class NestedDissection {
    private static final int LEAF_CELLS = 16;

    private NestedDissection() {}

    /** perm[newIndex] = node index (word-line node i*N+j, bit-line node M*N+i*N+j). */
    static int[] order(int rows, int cols) {
        int[] perm = new int[2 * rows * cols];
        int[] next = {0};
        dissect(rows, cols, 0, rows, 0, cols, perm, next);
        return perm;
    }

    private static void dissect(int m, int n, int r0, int r1, int c0, int c1, int[] perm, int[] next) {
        int h = r1 - r0;
        int w = c1 - c0;
        if (h <= 0 || w <= 0) {
            return;
        }
        if (h * w <= LEAF_CELLS || (h <= 2 && w <= 2)) {
            for (int i = r0; i < r1; i++) {
                for (int j = c0; j < c1; j++) {
                    emit(m, n, i, j, perm, next);
                }
            }
            return;
        }
        if (w >= h) {
            int mid = c0 + w / 2;
            dissect(m, n, r0, r1, c0, mid, perm, next);
            dissect(m, n, r0, r1, mid + 1, c1, perm, next);
            for (int i = r0; i < r1; i++) {
                emit(m, n, i, mid, perm, next);
            }
        } else {
            int mid = r0 + h / 2;
            dissect(m, n, r0, mid, c0, c1, perm, next);
            dissect(m, n, mid + 1, r1, c0, c1, perm, next);
            for (int j = c0; j < c1; j++) {
                emit(m, n, mid, j, perm, next);
            }
        }
    }

    private static void emit(int m, int n, int i, int j, int[] perm, int[] next) {
        int k = i * n + j;
        perm[next[0]++] = k;
        perm[next[0]++] = m * n + k;
    }
}
