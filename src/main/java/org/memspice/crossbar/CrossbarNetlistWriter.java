package org.memspice.crossbar;

import org.memspice.signal.SpiceNumber;

import java.io.IOException;
import java.io.Writer;

/** Writes a crossbar element list as an ngspice netlist with one operating point analysis. */
public final class CrossbarNetlistWriter {
    private CrossbarNetlistWriter() {}

    public static void write(CrossbarNetlist netlist, String title, Writer out) throws IOException {
        CrossbarArray array = netlist.array();
        CrossbarSpec spec = array.spec();
        StringBuilder sb = new StringBuilder(64 * netlist.elements().size() + 1024);
        sb.append("* ").append(title.replace('\n', ' ')).append('\n');
        sb.append("* memspice crossbar ").append(spec.rows()).append('x').append(spec.columns()).append(' ')
                .append(spec.scheme().label()).append(", ").append(array.physicalColumns())
                .append(" physical columns\n");
        sb.append("* word lines driven at column 0 (vin<i>, rd<i>), bit lines sensed after row ")
                .append(spec.rows() - 1).append(" at s<j>\n");
        for (int j = 0; j < array.outputs(); j++) {
            int minus = array.minusColumn(j);
            sb.append("* output ").append(j).append(" = column ").append(array.plusColumn(j));
            if (minus >= 0) {
                sb.append(" - column ").append(minus);
            }
            sb.append('\n');
        }
        if (array.referenceColumn() >= 0) {
            sb.append("* column ").append(array.referenceColumn())
                    .append(" is the constant-term reference column (fixed resistors at 1/Gbar)\n");
        }
        for (NetlistElement e : netlist.elements()) {
            sb.append(e.name().startsWith(String.valueOf(Character.toLowerCase(e.type()))) ? "" : e.type())
                    .append(e.name()).append(' ').append(e.n1()).append(' ').append(e.n2()).append(' ');
            switch (e.type()) {
                case 'R' -> sb.append(SpiceNumber.format(e.value()));
                case 'V' -> sb.append("DC ").append(SpiceNumber.format(e.value()));
                case 'E' -> sb.append(e.c1()).append(' ').append(e.c2()).append(' ').append(SpiceNumber.format(e.value()));
                default -> throw new IllegalStateException("element type " + e.type());
            }
            sb.append('\n');
        }
        sb.append(".op\n.end\n");
        out.write(sb.toString());
    }
}
