package org.memspice.crossbar;

import org.memspice.circuit.Circuit;
import org.memspice.circuit.Element;
import org.memspice.circuit.LinearMultiport;
import org.memspice.circuit.Solution;

import java.util.ArrayList;
import java.util.List;

/**
 * A crossbar array in read mode as a general {@link Circuit} (resistors, DC voltage sources and, for a
 * transimpedance amplifier of finite gain, a VCVS), every element tagged with its {@link Role} in the array.
 * The general engine solves it as it solves any circuit, the SPICE writer exports it, and
 * {@link #power(Solution)} splits the solved circuit's power by role into the same {@link PowerBreakdown}
 * the fast solvers report.
 *
 * <p>Node names: {@code in<i>} source, {@code d<i>} driver output, {@code w<i>_<j>} word-line node at cell
 * (i,j), {@code b<i>_<j>} bit-line node, {@code s<j>} sense node, {@code o<j>} TIA output. A line with zero
 * segment resistance (allowed only with an ideal end) has its cells on the end node itself. An ideal
 * virtual ground is a 0 V source {@code vs<j>} from s<j> to ground, whose current is the column current;
 * a TIA of finite gain A is Rf from s<j> to o<j> and {@code e<j>} o<j> = -A*v(s<j>); a sense resistor is
 * {@code rs<j>} from s<j> to ground. Sources are {@code vin<i>}, drivers {@code rd<i>}, word-line segments
 * {@code rw<i>_<j>} (the one before cell (i,j)), devices {@code rg<i>_<j>}, bit-line segments
 * {@code rb<i>_<j>} (the one after cell (i,j)).
 */
public final class CrossbarCircuit {

    /** What an element is in the array, for the power split and readers of the netlist. */
    public enum Role {
        /** Word-line source vin<i>. */
        SOURCE,
        /** Driver output resistance rd<i>. */
        DRIVER,
        /** Word-line wire segment. */
        WORD_LINE_WIRE,
        /** Bit-line wire segment of a weight (data) column. */
        BIT_LINE_WIRE,
        /** Weight device. */
        DEVICE,
        /** Constant-term reference resistor (1/Gbar) of the single-column scheme. */
        REFERENCE_DEVICE,
        /** Bit-line wire segment of the reference column. */
        REFERENCE_BIT_LINE,
        /** Sensing at the bottom of a bit line: sense resistor, virtual-ground source, TIA feedback and gain. */
        SENSE
    }

    private final CrossbarArray array;
    private final Circuit circuit;
    private final Role[] roles;
    /** Per physical column: the element the column current enters at the sense node (terminal 0). */
    private final Element[] senseElements;
    /** Circuit node numbers of word-line then bit-line node (i,j), in the fast solvers' order. */
    private final int[] nodeNumbers;

    /** The array driven by {@code sourceVoltages} (one per word line), titled after its design. */
    public CrossbarCircuit(CrossbarArray array, double[] sourceVoltages) {
        this(array, sourceVoltages, "memspice crossbar " + array.rows() + "x" + array.design().columns() + " "
                + array.design().scheme().label());
    }

    public CrossbarCircuit(CrossbarArray array, double[] sourceVoltages, String title) {
        CrossbarNetwork net = array.network();
        int m = net.rows;
        int n = net.cols;
        if (sourceVoltages.length != m) {
            throw new IllegalArgumentException("source voltages: " + sourceVoltages.length + " values for " + m
                    + " word lines");
        }
        this.array = array;
        int elements = 2 * m + 3 * m * n + 2 * n;
        this.circuit = new Circuit(title, 2 * m + 2 * m * n + 2 * n, elements);
        List<Role> tags = new ArrayList<>(elements);
        int ref = array.referenceColumn();
        for (int i = 0; i < m; i++) {
            tags.add(Role.SOURCE);
            circuit.voltageSource("vin" + i, "in" + i, "0", sourceVoltages[i]);
            if (!net.wordLinesFixed) {
                String prev = "in" + i;
                if (net.driverResistance > 0) {
                    tags.add(Role.DRIVER);
                    circuit.resistor("rd" + i, prev, "d" + i, net.driverResistance);
                    prev = "d" + i;
                }
                for (int j = 0; j < n; j++) {
                    tags.add(Role.WORD_LINE_WIRE);
                    circuit.resistor("rw" + i + "_" + j, prev, wordLineNode(i, j), net.wordLineSegment);
                    prev = wordLineNode(i, j);
                }
            }
        }
        CellDevice cell = array.design().cellDevice();
        double[] states = cell == null ? null : states(array);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                Role role = j == ref ? Role.REFERENCE_DEVICE : Role.DEVICE;
                if (cell == null) {
                    tags.add(role);
                    circuit.resistor("rg" + i + "_" + j, wordLineNode(i, j), bitLineNode(i, j), 1 / net.g[i * n + j]);
                } else {
                    int before = circuit.elements().size();
                    cell.place(circuit, cellName(i, j), wordLineNode(i, j), bitLineNode(i, j), states[i * n + j]);
                    for (int k = before; k < circuit.elements().size(); k++) tags.add(role);
                }
            }
        }
        Sensing sensing = array.design().sensing();
        senseElements = new Element[n];
        for (int j = 0; j < n; j++) {
            Role line = j == ref ? Role.REFERENCE_BIT_LINE : Role.BIT_LINE_WIRE;
            if (!net.bitLinesFixed) {
                for (int i = 0; i < m; i++) {
                    tags.add(line);
                    circuit.resistor("rb" + i + "_" + j, bitLineNode(i, j), i == m - 1 ? "s" + j : bitLineNode(i + 1, j),
                            net.bitLineSegment);
                }
            }
            tags.add(Role.SENSE);
            if (sensing.kind() == Sensing.Kind.RESISTOR) {
                senseElements[j] = circuit.resistor("rs" + j, "s" + j, "0", sensing.senseResistance());
            } else if (sensing.idealVirtualGround()) {
                senseElements[j] = circuit.voltageSource("vs" + j, "s" + j, "0", 0);
            } else {
                senseElements[j] = circuit.resistor("rf" + j, "s" + j, "o" + j, sensing.feedbackResistance());
                tags.add(Role.SENSE);
                circuit.vcvs("e" + j, "o" + j, "0", "0", "s" + j, sensing.openLoopGain());
            }
        }
        roles = tags.toArray(new Role[0]);
        int mn = m * n;
        nodeNumbers = new int[2 * mn];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                nodeNumbers[i * n + j] = circuit.findNode(wordLineNode(i, j));
                nodeNumbers[mn + i * n + j] = circuit.findNode(bitLineNode(i, j));
            }
        }
    }

    public CrossbarArray array() {
        return array;
    }

    /**
     * Name of the device of cell (i,j) when the design places a {@link CellDevice} there ({@code xg<i>_<j>}, its
     * internal nodes {@code xg<i>_<j>.<node>}); a linear cell is resistor {@code rg<i>_<j>}.
     */
    public static String cellName(int i, int j) {
        return "xg" + i + "_" + j;
    }

    /**
     * The state of every cell's {@link CellDevice} (row-major over the physical columns): the state whose chord
     * conductance at the design's read voltage is the cell's programmed conductance.
     */
    public static double[] states(CrossbarArray array) {
        CellDevice cell = array.design().cellDevice();
        double[] g = array.network().g;
        double vr = array.design().readVoltage();
        double[] x = new double[g.length];
        for (int k = 0; k < g.length; k++) {
            x[k] = cell.state(g[k], vr);
        }
        return x;
    }

    public Circuit circuit() {
        return circuit;
    }

    /** Role of element number {@code k} of {@link #circuit()}'s element list. */
    public Role role(int k) {
        return roles[k];
    }

    /** Name of word-line node (i,j). */
    public String wordLineNode(int i, int j) {
        return array.network().wordLinesFixed ? "in" + i : "w" + i + "_" + j;
    }

    /** Name of bit-line node (i,j). */
    public String bitLineNode(int i, int j) {
        return array.network().bitLinesFixed ? "s" + j : "b" + i + "_" + j;
    }

    /** Word-line then bit-line node voltages of a solution of this circuit, row-major (the fast solvers' order). */
    public double[] nodeVoltages(Solution s) {
        check(s);
        double[] u = new double[nodeNumbers.length];
        for (int k = 0; k < u.length; k++) {
            u[k] = s.voltage(nodeNumbers[k]);
        }
        return u;
    }

    /** Current into each physical column's sense node from its bit line, from a solution of this circuit. */
    public double[] columnCurrents(Solution s) {
        check(s);
        double[] c = new double[senseElements.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = s.terminalCurrents(senseElements[j])[0];
        }
        return c;
    }

    /** The power of a solution of this circuit by role, with the periphery of the array's card. */
    public PowerBreakdown power(Solution s) {
        check(s);
        double[] byRole = new double[Role.values().length];
        List<Element> elements = circuit.elements();
        for (int k = 0; k < roles.length; k++) {
            byRole[roles[k].ordinal()] += s.power(elements.get(k));
        }
        return PowerBreakdown.of(array, byRole, columnCurrents(s));
    }

    private void check(Solution s) {
        if (s.circuit() != circuit) {
            throw new IllegalArgumentException("solution of circuit '" + s.circuit().title()
                    + "', not of this crossbar's circuit");
        }
    }

    /**
     * Adds an array reduced exactly to its ports to circuit {@code c} as one {@link LinearMultiport}: the ports
     * are {@code inputNodes} (one per word line; the array draws {@code Y v} from them, v their voltages) then
     * {@code columnNodes} (one per physical column; the array delivers the column current {@code T v} into
     * them). The column currents are those of the sensing the reduction was made with (virtual ground, finite
     * gain or sense resistor) and do not depend on the column nodes' voltages, so the periphery around the
     * multiport (a load, a TIA stage, comparators) reads exactly what it would read at the full array.
     */
    public static LinearMultiport reduced(Circuit c, String name, PortReduction ports, String[] inputNodes,
                                          String[] columnNodes) {
        int m = ports.inputs();
        int p = ports.array().physicalColumns();
        if (inputNodes.length != m || columnNodes.length != p) {
            throw new IllegalArgumentException("reduced array " + name + ": " + inputNodes.length + " input and "
                    + columnNodes.length + " column nodes for " + m + " word lines and " + p + " physical columns");
        }
        int k = m + p;
        double[] y = new double[k * k];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < m; i++) {
                y[r * k + i] = ports.admittance(r, i);
            }
        }
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < m; i++) {
                y[(m + j) * k + i] = -ports.transfer(j, i);
            }
        }
        String[] nodes = new String[k];
        System.arraycopy(inputNodes, 0, nodes, 0, m);
        System.arraycopy(columnNodes, 0, nodes, m, p);
        return c.multiport(name, nodes, y, new double[k]);
    }

    /** Comment lines describing the array (scheme, ends, output mapping) for netlist files. */
    public List<String> descriptionComments() {
        ArrayDesign spec = array.design();
        List<String> lines = new ArrayList<>();
        lines.add("* memspice crossbar " + spec.rows() + "x" + spec.columns() + " " + spec.scheme().label() + ", "
                + array.physicalColumns() + " physical columns");
        lines.add("* word lines driven at column 0 (vin<i>, rd<i>), bit lines sensed after row " + (spec.rows() - 1)
                + " at s<j>");
        for (int j = 0; j < array.outputs(); j++) {
            int minus = array.minusColumn(j);
            lines.add("* output " + j + " = column " + array.plusColumn(j) + (minus >= 0 ? " - column " + minus : ""));
        }
        if (array.referenceColumn() >= 0) {
            lines.add("* column " + array.referenceColumn()
                    + " is the constant-term reference column (fixed resistors at 1/Gbar)");
        }
        return lines;
    }
}
