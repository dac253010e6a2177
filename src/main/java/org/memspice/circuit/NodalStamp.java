package org.memspice.circuit;

import java.util.Arrays;

/**
 * The DC conductance-only form of a circuit as its elements stamp it ({@link Element#stampNodal}), gathered
 * into primitive arrays: conductances between nodes, currents injected between nodes, and voltage-defined
 * branches (v(plus) - v(minus) = w, with the element's first extra unknown as branch current).
 */
final class NodalStamp extends Point {
    int conductances;
    int[] ga, gb;
    double[] g;
    int injections;
    int[] ia, ib;
    double[] i;
    int branches;
    int[] vp, vm, vbranch;
    double[] vw;

    NodalStamp(MnaSystem sys, double time, double[] sourceValues) {
        super(sys);
        this.time = time;
        this.sourceValues = sourceValues;
        int e = Math.max(4, sys.elements.length);
        ga = new int[e];
        gb = new int[e];
        g = new double[e];
        ia = new int[4];
        ib = new int[4];
        i = new double[4];
        vp = new int[4];
        vm = new int[4];
        vbranch = new int[4];
        vw = new double[4];
    }

    /** A conductance g (siemens, positive) between nodes a and b. */
    void conductance(int a, int b, double g) {
        if (conductances == ga.length) {
            ga = Arrays.copyOf(ga, 2 * conductances);
            gb = Arrays.copyOf(gb, 2 * conductances);
            this.g = Arrays.copyOf(this.g, 2 * conductances);
        }
        ga[conductances] = a;
        gb[conductances] = b;
        this.g[conductances++] = g;
    }

    /** A current (ampere) flowing from node a through the element to node b. */
    void current(int a, int b, double current) {
        if (injections == ia.length) {
            ia = Arrays.copyOf(ia, 2 * injections);
            ib = Arrays.copyOf(ib, 2 * injections);
            i = Arrays.copyOf(i, 2 * injections);
        }
        ia[injections] = a;
        ib[injections] = b;
        i[injections++] = current;
    }

    /** v(plus) - v(minus) = w, the element's first extra unknown being the current into plus. */
    void voltage(int plus, int minus, double w) {
        if (branches == vp.length) {
            vp = Arrays.copyOf(vp, 2 * branches);
            vm = Arrays.copyOf(vm, 2 * branches);
            vbranch = Arrays.copyOf(vbranch, 2 * branches);
            vw = Arrays.copyOf(vw, 2 * branches);
        }
        vp[branches] = plus;
        vm[branches] = minus;
        vbranch[branches] = extra;
        vw[branches++] = w;
    }
}
