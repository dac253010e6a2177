package org.memspice.crossbar;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.ejml.ops.DConvertMatrixStruct;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Independent reference for tests: textbook modified nodal analysis of an element list (every resistor,
 * source and VCVS stamped on its own, voltage sources as branch-current unknowns), solved by EJML's sparse
 * LU without any knowledge of the crossbar structure.
 */
final class ElementListMna {
    final Map<String, Integer> nodes = new HashMap<>();
    final Map<String, Integer> branches = new HashMap<>();
    final double[] solution;
    final List<NetlistElement> elements;

    ElementListMna(List<NetlistElement> elements) {
        this.elements = elements;
        for (NetlistElement e : elements) {
            node(e.n1());
            node(e.n2());
        }
        int nn = nodes.size();
        int nb = 0;
        for (NetlistElement e : elements) {
            if (e.type() != 'R') {
                branches.put(e.name(), nn + nb++);
            }
        }
        int size = nn + nb;
        Map<Long, Double> a = new HashMap<>();
        double[] rhs = new double[size];
        for (NetlistElement e : elements) {
            int p = idx(e.n1());
            int q = idx(e.n2());
            switch (e.type()) {
                case 'R' -> {
                    double g = 1 / e.value();
                    add(a, p, p, g);
                    add(a, q, q, g);
                    add(a, p, q, -g);
                    add(a, q, p, -g);
                }
                case 'V' -> {
                    int k = branches.get(e.name());
                    add(a, p, k, 1);
                    add(a, q, k, -1);
                    add(a, k, p, 1);
                    add(a, k, q, -1);
                    rhs[k] = e.value();
                }
                case 'E' -> {
                    int k = branches.get(e.name());
                    add(a, p, k, 1);
                    add(a, q, k, -1);
                    add(a, k, p, 1);
                    add(a, k, q, -1);
                    add(a, k, idx(e.c1()), -e.value());
                    add(a, k, idx(e.c2()), e.value());
                }
                default -> throw new IllegalStateException();
            }
        }
        DMatrixSparseTriplet triplet = new DMatrixSparseTriplet(size, size, a.size());
        for (Map.Entry<Long, Double> e : a.entrySet()) {
            triplet.addItem((int) (e.getKey() / size), (int) (e.getKey() % size), e.getValue());
        }
        this.size = size;
        DMatrixSparseCSC csc = DConvertMatrixStruct.convert(triplet, (DMatrixSparseCSC) null);
        LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> lu = LinearSolverFactory_DSCC.lu(FillReducing.NONE);
        if (!lu.setA(csc)) {
            throw new IllegalStateException("reference LU failed");
        }
        DMatrixRMaj b = new DMatrixRMaj(size, 1);
        System.arraycopy(rhs, 0, b.data, 0, size);
        DMatrixRMaj x = new DMatrixRMaj(size, 1);
        lu.solve(b, x);
        solution = x.data;
    }

    private void node(String name) {
        if (!name.equals("0")) {
            nodes.putIfAbsent(name, nodes.size());
        }
    }

    private int idx(String name) {
        return name.equals("0") ? -1 : nodes.get(name);
    }

    private int size;

    private void add(Map<Long, Double> a, int r, int c, double v) {
        if (r >= 0 && c >= 0) {
            a.merge((long) r * (nodes.size() + branches.size()) + c, v, Double::sum);
        }
    }

    double voltage(String node) {
        return node.equals("0") ? 0 : solution[nodes.get(node)];
    }

    /** Branch current of a V or E element, flowing into its first node through the element. */
    double branchCurrent(String name) {
        return solution[branches.get(name)];
    }

    /** Current into the sense node s<j> from the bit line, from the sensing elements alone. */
    double columnCurrent(int j, Sensing sensing) {
        if (sensing.kind() == Sensing.Kind.RESISTOR) {
            return voltage("s" + j) / sensing.senseResistance();
        }
        if (sensing.idealVirtualGround()) {
            return branchCurrent("vs" + j);
        }
        return (voltage("s" + j) - voltage("o" + j)) / sensing.feedbackResistance();
    }
}
