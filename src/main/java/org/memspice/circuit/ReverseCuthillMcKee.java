package org.memspice.circuit;

import java.util.Arrays;

/**
 * Fill-reducing symmetric ordering of the MNA structure (pattern of A + A'), computed once per structure
 * and reused by every refactorization: reverse Cuthill-McKee from a pseudo-peripheral start in each
 * connected component (George and Liu, "Computer Solution of Large Sparse Positive Definite Systems",
 * 1981, ch. 4). It bounds the LU profile by the bandwidth, which is small for the ladder and grid
 * structures of circuits.
 */
final class ReverseCuthillMcKee {
    private ReverseCuthillMcKee() {}

    /** order[k] = the original index placed at position k. */
    static int[] order(int n, int[] colPtr, int[] rowIdx) {
        // adjacency of A + A' without the diagonal, in CSR form
        int[] deg = new int[n];
        for (int c = 0; c < n; c++) {
            for (int k = colPtr[c]; k < colPtr[c + 1]; k++) {
                int r = rowIdx[k];
                if (r != c) {
                    deg[r]++;
                    deg[c]++;
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
        int[] order = new int[n];
        int[] level = new int[n];
        boolean[] seen = new boolean[n];
        int[] mark = new int[n + 1];
        int count = 0;
        for (int s = 0; s < n; s++) {
            if (seen[s]) continue;
            int start = peripheral(s, ptr, adj, deg, level, mark);
            // breadth-first search visiting neighbours in increasing degree
            int head = count;
            order[count++] = start;
            seen[start] = true;
            while (head < count) {
                int v = order[head++];
                int from = count;
                for (int k = ptr[v]; k < ptr[v + 1]; k++) {
                    int w = adj[k];
                    if (!seen[w]) {
                        seen[w] = true;
                        order[count++] = w;
                    }
                }
                sortByDegree(order, from, count, deg);
            }
        }
        // reverse
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A pseudo-peripheral node of s's component: repeated BFS to the farthest, lowest-degree node. */
    private static int peripheral(int s, int[] ptr, int[] adj, int[] deg, int[] level, int[] mark) {
        int start = s;
        int lastDepth = -1;
        int[] queue = new int[16];
        for (int round = 0; round < 4; round++) {
            int stamp = ++mark[mark.length - 1];
            int head = 0, tail = 0;
            queue[tail++] = start;
            mark[start] = stamp;
            level[start] = 0;
            int depth = 0;
            while (head < tail) {
                int v = queue[head++];
                depth = level[v];
                for (int k = ptr[v]; k < ptr[v + 1]; k++) {
                    int w = adj[k];
                    if (mark[w] != stamp) {
                        mark[w] = stamp;
                        level[w] = level[v] + 1;
                        if (tail == queue.length) queue = Arrays.copyOf(queue, tail * 2);
                        queue[tail++] = w;
                    }
                }
            }
            if (depth <= lastDepth) break;
            lastDepth = depth;
            int best = -1;
            for (int i = tail - 1; i >= 0 && level[queue[i]] == depth; i--) {
                if (best < 0 || deg[queue[i]] < deg[best]) best = queue[i];
            }
            start = best;
        }
        return start;
    }

    private static void sortByDegree(int[] a, int from, int to, int[] deg) {
        for (int i = from + 1; i < to; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= from && deg[a[j]] > deg[v]) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
}
