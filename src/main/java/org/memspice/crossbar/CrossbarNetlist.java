package org.memspice.crossbar;

import java.util.ArrayList;
import java.util.List;

/**
 * The array as an element list (R, V, E only), for SPICE export and for independent nodal assembly.
 *
 * <p>Node names: {@code in<i>} source, {@code d<i>} driver output, {@code w<i>_<j>} word-line node at cell
 * (i,j), {@code b<i>_<j>} bit-line node, {@code s<j>} sense node, {@code o<j>} TIA output. A line with zero
 * segment resistance (allowed only with an ideal end) has its cells on the end node itself. An ideal
 * virtual ground is a 0 V source {@code vs<j>} from s<j> to ground, whose current is the column current;
 * a TIA of finite gain A is Rf from s<j> to o<j> and {@code e<j>} o<j> = -A*v(s<j>); a sense resistor is
 * {@code rs<j>} from s<j> to ground.
 */
public final class CrossbarNetlist {
    private final CrossbarArray array;
    private final List<NetlistElement> elements = new ArrayList<>();

    public CrossbarNetlist(CrossbarArray array, double[] sourceVoltages) {
        this.array = array;
        CrossbarNetwork net = array.network();
        ArrayDesign design = array.design();
        int m = net.rows;
        int n = net.cols;
        int ref = array.referenceColumn();
        for (int i = 0; i < m; i++) {
            elements.add(NetlistElement.source("vin" + i, "in" + i, "0", sourceVoltages[i], NetlistElement.Role.SOURCE));
            if (!net.wordLinesFixed) {
                String prev = "in" + i;
                if (net.driverResistance > 0) {
                    elements.add(NetlistElement.resistor("rd" + i, prev, "d" + i, net.driverResistance,
                            NetlistElement.Role.DRIVER));
                    prev = "d" + i;
                }
                for (int j = 0; j < n; j++) {
                    elements.add(NetlistElement.resistor("rw" + i + "_" + j, prev, wordLineNode(i, j),
                            net.wordLineSegment, NetlistElement.Role.WORD_LINE));
                    prev = wordLineNode(i, j);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                elements.add(NetlistElement.resistor("rg" + i + "_" + j, wordLineNode(i, j), bitLineNode(i, j),
                        1 / net.g[i * n + j], j == ref ? NetlistElement.Role.REFERENCE : NetlistElement.Role.DEVICE));
            }
        }
        Sensing sensing = design.sensing();
        for (int j = 0; j < n; j++) {
            NetlistElement.Role lineRole = j == ref ? NetlistElement.Role.REFERENCE_BIT_LINE : NetlistElement.Role.BIT_LINE;
            if (!net.bitLinesFixed) {
                for (int i = 0; i < m; i++) {
                    String next = i == m - 1 ? "s" + j : bitLineNode(i + 1, j);
                    elements.add(NetlistElement.resistor("rb" + i + "_" + j, bitLineNode(i, j), next,
                            net.bitLineSegment, lineRole));
                }
            }
            if (sensing.kind() == Sensing.Kind.RESISTOR) {
                elements.add(NetlistElement.resistor("rs" + j, "s" + j, "0", sensing.senseResistance(),
                        NetlistElement.Role.SENSE));
            } else if (sensing.idealVirtualGround()) {
                elements.add(NetlistElement.source("vs" + j, "s" + j, "0", 0, NetlistElement.Role.SENSE));
            } else {
                elements.add(NetlistElement.resistor("rf" + j, "s" + j, "o" + j, sensing.feedbackResistance(),
                        NetlistElement.Role.SENSE));
                elements.add(NetlistElement.vcvs("e" + j, "o" + j, "0", "0", "s" + j, sensing.openLoopGain()));
            }
        }
    }

    /** The element list as a general circuit (for the MNA engine and the SPICE writer). */
    public org.memspice.circuit.Circuit toCircuit(String title) {
        org.memspice.circuit.Circuit c = new org.memspice.circuit.Circuit(title);
        for (NetlistElement e : elements) {
            switch (e.type()) {
                case 'R' -> c.resistor(e.name(), e.n1(), e.n2(), e.value());
                case 'V' -> c.voltageSource(e.name(), e.n1(), e.n2(), e.value());
                case 'E' -> c.vcvs(e.name(), e.n1(), e.n2(), e.c1(), e.c2(), e.value());
                default -> throw new IllegalStateException("element type " + e.type());
            }
        }
        return c;
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

    public CrossbarArray array() {
        return array;
    }

    public List<NetlistElement> elements() {
        return elements;
    }

    /** Name of word-line node (i,j). */
    public String wordLineNode(int i, int j) {
        return array.network().wordLinesFixed ? "in" + i : "w" + i + "_" + j;
    }

    /** Name of bit-line node (i,j). */
    public String bitLineNode(int i, int j) {
        return array.network().bitLinesFixed ? "s" + j : "b" + i + "_" + j;
    }
}
