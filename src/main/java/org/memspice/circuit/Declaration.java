package org.memspice.circuit;

/**
 * Where an element declares its Jacobian entries: rows and columns are unknown indices (a node row, or one of
 * the element's extra unknowns, {@link #extra}); each entry gets the next number from 0, which the element
 * then loads by ({@link Load#addJf}, {@link Load#addJq}). Entries in a ground row or column are accepted and
 * dropped.
 */
final class Declaration {
    private final MatrixPattern pattern;
    private int[] handles;
    private int count;
    private int start;
    private int firstExtra;
    private Element element;
    private int[] resolved;

    /** What the element resolved against the system ({@link Element#resolve}), or null. */
    int[] resolved() {
        return resolved;
    }

    Declaration(MatrixPattern pattern, int elements) {
        this.pattern = pattern;
        this.handles = new int[Math.max(16, 4 * elements)];
    }

    /** Starts the declarations of an element whose extra unknowns begin at {@code extra}. */
    void begin(Element e, int extra, int[] resolved) {
        element = e;
        firstExtra = extra;
        this.resolved = resolved;
        start = count;
    }

    /** Index of the element's extra unknown j. */
    int extra(int j) {
        return firstExtra + j;
    }

    /** Declares entry number {@code entry} of the element at (row, col); entries come in order 0, 1, 2, ... */
    void entry(int entry, int row, int col) {
        if (entry != count - start) {
            throw new IllegalStateException(element + " declares entry " + entry + " where " + (count - start) + " is next");
        }
        if (count == handles.length) handles = java.util.Arrays.copyOf(handles, count * 2);
        handles[count++] = pattern.add(row, col);
    }

    /** Number of entries declared so far (by all elements). */
    int count() {
        return count;
    }

    /** The pattern's handle of every entry, in declaration order (-1 for ground entries). */
    int[] handles() {
        return handles;
    }
}
