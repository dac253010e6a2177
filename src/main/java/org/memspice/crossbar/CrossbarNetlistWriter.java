package org.memspice.crossbar;

import org.memspice.signal.SpiceNumber;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a crossbar element list as an ngspice netlist with one operating point analysis, without the
 * general circuit layer (the command line exports through the SPICE package's writer; this one serves the
 * crossbar package's own ngspice checks).
 */
public final class CrossbarNetlistWriter {
    private CrossbarNetlistWriter() {}

    public static void write(CrossbarNetlist netlist, String title, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(64 * netlist.elements().size() + 1024);
        sb.append("* ").append(title.replace('\n', ' ')).append('\n');
        for (String line : netlist.descriptionComments()) {
            sb.append(line).append('\n');
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
