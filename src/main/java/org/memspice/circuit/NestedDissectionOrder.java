package org.memspice.circuit;

import java.util.Arrays;

/**
 * Fill-reducing symmetric order of a sparse structure (pattern of A + A') by automatic nested dissection
 * with level-structure separators (George and Liu, "Computer Solution of Large Sparse Positive Definite
 * Systems", 1981, ch. 8): in each part, a breadth-first level structure from a pseudo-peripheral vertex,
 * the middle level as separator (trimmed to the vertices that touch the far side), halves first and the
 * separator last. Unknowns with a structurally zero diagonal (branch currents of voltage sources) are then
 * moved just after their last neighbour, so that static pivots on the diagonal exist.
 */
final class NestedDissectionOrder {
    private static final int LEAF = 32;

    private final int[] ptr;
    private final int[] adj;
    private final int[] part;      // current part id of each vertex (-1 once ordered)
    private final int[] level;
    private final int[] queue;
    private final int[] order;
    private int parts;

    private NestedDissectionOrder(int n, int[] ptr, int[] adj) {
        this.ptr = ptr;
        this.adj = adj;
        part = new int[n];
        level = new int[n];
        queue = new int[n];
        order = new int[n];
    }

    /** order[k] = the original index placed at position k. */
    static int[] order(int n, int[] colPtr, int[] rowIdx) {
        int[] deg = new int[n];
        boolean[] hasDiag = new boolean[n];
        for (int c = 0; c < n; c++) {
            for (int k = colPtr[c]; k < colPtr[c + 1]; k++) {
                int r = rowIdx[k];
                if (r != c) {
                    deg[r]++;
                    deg[c]++;
                } else {
                    hasDiag[c] = true;
                }
            }
        }
        int[] ptr = new int[n + 1];
        for (int i = 0; i < n; i++) ptr[i + 1] = ptr[i] + deg[i];
        int[] adj = new int[ptr[n]];
        int[] fill = Arrays.copyOf(ptr, n);
        for (int c = 0; c < n; c++) {
            for (int k = colPtr[c]; k < colPtr[c + 1]; k++) {
                int r = rowIdx[k];
                if (r != c) {
                    adj[fill[r]++] = c;
                    adj[fill[c]++] = r;
                }
            }
        }
        NestedDissectionOrder nd = new NestedDissectionOrder(n, ptr, adj);
        int[] order = nd.dissectAll(n);
        return zeroDiagonalsLast(order, hasDiag, ptr, adj);
    }

    private int[] dissectAll(int n) {
        // explicit stack of (part id, start, end) ranges of the output to fill; a part's vertices are those
        // with part[v] == id, listed in members[start..end)
        int[] members = new int[n];
        for (int i = 0; i < n; i++) members[i] = i;
        Arrays.fill(part, 0);
        parts = 1;
        int[] stack = new int[3 * 64];
        int sp = 0;
        stack[sp++] = 0;
        stack[sp++] = 0;
        stack[sp++] = n;
        int[] scratch = new int[n];
        while (sp > 0) {
            int end = stack[--sp], start = stack[--sp], id = stack[--sp];
            int size = end - start;
            if (size <= LEAF) {
                System.arraycopy(members, start, order, start, size);
                for (int k = start; k < end; k++) part[members[k]] = -1;
                continue;
            }
            // level structure of the component of members[start] inside this part
            int root = peripheral(members[start], id);
            int count = bfs(root, id);
            if (count < size) {
                // several components: split off this one, order both separately
                int a = start, b = end;
                int idA = parts++, idB = parts++;
                for (int k = 0; k < count; k++) part[queue[k]] = idA;
                int w = start;
                for (int k = start; k < end; k++) {
                    int v = members[k];
                    if (part[v] == idA) scratch[w++] = v;
                }
                int split = w;
                for (int k = start; k < end; k++) {
                    int v = members[k];
                    if (part[v] != idA) {
                        part[v] = idB;
                        scratch[w++] = v;
                    }
                }
                System.arraycopy(scratch, start, members, start, size);
                stack = push(stack, sp, idA, a, split);
                sp += 3;
                stack = push(stack, sp, idB, split, b);
                sp += 3;
                continue;
            }
            int depth = level[queue[count - 1]];
            if (depth < 2) {
                System.arraycopy(members, start, order, start, size);
                for (int k = start; k < end; k++) part[members[k]] = -1;
                continue;
            }
            int mid = depth / 2;
            int idA = parts++, idB = parts++;
            // vertices below mid -> A, above -> B, at mid -> separator unless no neighbour above (then A)
            int nA = 0, nB = 0, nS = 0;
            for (int k = 0; k < count; k++) {
                int v = queue[k];
                int l = level[v];
                if (l < mid) part[v] = idA;
                else if (l > mid) part[v] = idB;
            }
            for (int k = 0; k < count; k++) {
                int v = queue[k];
                if (level[v] != mid) continue;
                boolean touchesB = false;
                for (int p = ptr[v]; p < ptr[v + 1]; p++) {
                    if (part[adj[p]] == idB) {
                        touchesB = true;
                        break;
                    }
                }
                part[v] = touchesB ? -2 : idA;
            }
            int w = start;
            for (int k = 0; k < count; k++) if (part[queue[k]] == idA) { scratch[w++] = queue[k]; nA++; }
            for (int k = 0; k < count; k++) if (part[queue[k]] == idB) { scratch[w++] = queue[k]; nB++; }
            for (int k = 0; k < count; k++) if (part[queue[k]] == -2) { scratch[w++] = queue[k]; nS++; }
            System.arraycopy(scratch, start, members, start, size);
            // separator occupies the end of the range
            for (int k = start + nA + nB; k < end; k++) {
                order[k] = members[k];
                part[members[k]] = -1;
            }
            stack = push(stack, sp, idA, start, start + nA);
            sp += 3;
            stack = push(stack, sp, idB, start + nA, start + nA + nB);
            sp += 3;
        }
        return order;
    }

    private static int[] push(int[] stack, int sp, int id, int start, int end) {
        if (sp + 3 > stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
        stack[sp] = id;
        stack[sp + 1] = start;
        stack[sp + 2] = end;
        return stack;
    }

    /** Breadth-first levels from root inside part id; fills queue, returns the number reached. */
    private int bfs(int root, int id) {
        int head = 0, tail = 0;
        queue[tail++] = root;
        level[root] = 0;
        int mark = -3 - id;           // temporary mark distinct from every part id and -1, -2
        part[root] = mark;
        while (head < tail) {
            int v = queue[head++];
            for (int p = ptr[v]; p < ptr[v + 1]; p++) {
                int u = adj[p];
                if (part[u] == id) {
                    part[u] = mark;
                    level[u] = level[v] + 1;
                    queue[tail++] = u;
                }
            }
        }
        for (int k = 0; k < tail; k++) part[queue[k]] = id;
        return tail;
    }

    /** A pseudo-peripheral vertex of start's component inside part id (George and Liu, 4.3). */
    private int peripheral(int start, int id) {
        int root = start;
        int lastDepth = -1;
        for (int round = 0; round < 5; round++) {
            int count = bfs(root, id);
            int depth = level[queue[count - 1]];
            if (depth <= lastDepth) break;
            lastDepth = depth;
            int best = queue[count - 1];
            for (int k = count - 1; k >= 0 && level[queue[k]] == depth; k--) {
                int v = queue[k];
                if (ptr[v + 1] - ptr[v] < ptr[best + 1] - ptr[best]) best = v;
            }
            root = best;
        }
        return root;
    }

    /** Moves every vertex without a diagonal entry to just after its last-ordered neighbour. */
    private static int[] zeroDiagonalsLast(int[] order, boolean[] hasDiag, int[] ptr, int[] adj) {
        int n = order.length;
        int[] pos = new int[n];
        for (int k = 0; k < n; k++) pos[order[k]] = k;
        long[] packed = new long[n];
        for (int k = 0; k < n; k++) {
            int v = order[k];
            long key = 2L * k;
            if (!hasDiag[v]) {
                int last = -1;
                for (int p = ptr[v]; p < ptr[v + 1]; p++) if (hasDiag[adj[p]]) last = Math.max(last, pos[adj[p]]);
                if (last >= 0) key = 2L * last + 1;
            }
            packed[k] = (key << 32) | k;   // sort by key, ties by position
        }
        Arrays.sort(packed);
        int[] out = new int[n];
        for (int k = 0; k < n; k++) out[k] = order[(int) packed[k]];
        return out;
    }
}
