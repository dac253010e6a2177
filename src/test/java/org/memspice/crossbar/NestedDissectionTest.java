package org.memspice.crossbar;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NestedDissectionTest {
    @Test
    void orderIsAPermutationOfAllNodes() {
        int[] perm = CrossbarFactorization.nestedDissection(13, 29);
        boolean[] seen = new boolean[perm.length];
        for (int p : perm) {
            assertTrue(!seen[p], "node " + p + " twice");
            seen[p] = true;
        }
        assertEquals(2 * 13 * 29, perm.length);
    }

    @Test
    void nestedDissectionFillIsWellBelowTheNaturalOrdersFill() {
        int n = 96;
        double[] g = new double[n * n];
        java.util.Arrays.fill(g, 1e-5);
        CrossbarNetwork net = new CrossbarNetwork(n, n, g, 1, 1, 1, 0);
        long nd = CrossbarFactorization.Structure.of(net).factorNonzeros();
        int[] identity = new int[2 * n * n];
        for (int k = 0; k < identity.length; k++) {
            identity[k] = k;
        }
        long natural = CrossbarFactorization.Structure.of(net, identity).factorNonzeros();
        long mn = (long) n * n;
        assertTrue(nd * 2 < natural, "nested dissection nnz(L) " + nd + " vs natural order " + natural);
        // George's bound for a k x k grid graph is O(k^2 log k); here 2*MN nodes, generous constant
        assertTrue(nd < 40 * 2 * mn * (Math.log(2 * mn) / Math.log(2)), "nnz(L) " + nd);
    }
}
