package org.memspice.crossbar;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.ejml.ops.DConvertMatrixStruct;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Element;
import org.memspice.circuit.Resistor;
import org.memspice.circuit.Vcvs;
import org.memspice.circuit.VoltageSource;

import java.util.HashMap;
import java.util.Map;

/**
 * Independent reference for tests: textbook modified nodal analysis of a circuit's element list (every
 * resistor, source and VCVS stamped on its own from its value and node names, voltage sources as
 * branch-current unknowns), solved by EJML's sparse LU without any knowledge of the crossbar structure or
 * of the general engine's assembly.
 */
final class ElementListMna {
    final Map<String, Integer> nodes = new HashMap<>();
    final Map<String, Integer> branches = new HashMap<>();
    final double[] solution;
    final Circuit circuit;

    ElementListMna(Circuit circuit) {
        this.circuit = circuit;
        for (Element e : circuit.elements()) {
            node(name(e, 0));
            node(name(e, 1));
        }
        int nn = nodes.size();
        int nb = 0;
        for (Element e : circuit.elements()) {
            if (!(e instanceof Resistor)) {
                branches.put(e.name(), nn + nb++);
            }
        }
        int size = nn + nb;
        Map<Long, Double> a = new HashMap<>();
        double[] rhs = new double[size];
        for (Element e : circuit.elements()) {
            int p = idx(name(e, 0));
            int q = idx(name(e, 1));
            if (e instanceof Resistor r) {
                double g = 1 / r.resistance();
                add(a, p, p, g);
                add(a, q, q, g);
                add(a, p, q, -g);
                add(a, q, p, -g);
            } else if (e instanceof VoltageSource v) {
                int k = branches.get(e.name());
                add(a, p, k, 1);
                add(a, q, k, -1);
                add(a, k, p, 1);
                add(a, k, q, -1);
                rhs[k] = v.waveform().value(0);
            } else if (e instanceof Vcvs x) {
                int k = branches.get(e.name());
                add(a, p, k, 1);
                add(a, q, k, -1);
                add(a, k, p, 1);
                add(a, k, q, -1);
                add(a, k, idx(name(e, 2)), -x.gain());
                add(a, k, idx(name(e, 3)), x.gain());
            } else {
                throw new IllegalStateException("element " + e);
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

    private String name(Element e, int terminal) {
        return circuit.nodeName(e.node(terminal));
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
