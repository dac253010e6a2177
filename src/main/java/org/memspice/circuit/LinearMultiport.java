package org.memspice.circuit;

import org.memspice.signal.SpiceNumber;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear multiport: port r is node p_r against ground, and the currents into the ports are
 * {@code i = Y v + j}, with Y the port admittance matrix (siemens) and j the offset currents (amperes, the
 * port currents at zero port voltages). A linear network reduced exactly to its terminals, such as a crossbar
 * array in read mode reduced to its word-line inputs and sense outputs, is one such element, so nonlinear
 * periphery (comparators, memristive loads) can be solved around it. Its last terminal is ground, where the
 * sum of the port currents returns, so the terminal currents sum to zero as for every element.
 *
 * <p>In a netlist it is one G source per non-zero admittance and one I source per non-zero offset, port to
 * ground.
 */
public final class LinearMultiport extends Element {
    private final double[] admittance;
    private final double[] offset;
    private final int k;

    LinearMultiport(String name, int[] ports, double[] admittance, double[] offset) {
        super(name, withGround(ports));
        this.k = ports.length;
        this.admittance = admittance;
        this.offset = offset;
    }

    private static int[] withGround(int[] ports) {
        return java.util.Arrays.copyOf(ports, ports.length + 1);
    }

    /** Number of ports (the terminals but the last, ground). */
    public int ports() {
        return k;
    }

    /** Y(r, c): current into port r per volt on port c, siemens. */
    public double admittance(int r, int c) {
        return admittance[r * k + c];
    }

    /** Current into port r at zero port voltages, amperes. */
    public double offset(int r) {
        return offset[r];
    }

    @Override
    public PowerCategory category() {
        return PowerCategory.RESISTORS;
    }

    @Override
    public char spiceLetter() {
        return 'g';
    }

    /** One G card per non-zero Y(r, c) ({@code g<name>_r_c}), one I card per non-zero offset ({@code i<name>_r}). */
    @Override
    public SpiceCard spiceCard() {
        List<SpiceCard.Part> parts = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                double y = admittance[r * k + c];
                if (y != 0) {
                    parts.add(new SpiceCard.Part("_" + r + "_" + c, SpiceCard.primitive('g',
                            new int[] {nodes[r], 0, nodes[c], 0}, SpiceNumber.format(y))));
                }
            }
            if (offset[r] != 0) {
                parts.add(new SpiceCard.Part("_" + r, SpiceCard.primitive('i',
                        new int[] {nodes[r], 0}, "DC " + SpiceNumber.format(offset[r]))));
            }
        }
        return SpiceCard.several('g', "linear multiport " + name() + ", " + k + " ports", parts);
    }

    /**
     * Ports conduct to each other where both cross entries are non-zero; a port reaches ground when it has a
     * self-admittance and its row does not sum to zero.
     */
    @Override
    void dcPaths(Topology t) {
        for (int r = 0; r < k; r++) {
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += admittance[r * k + c];
                if (c != r && admittance[r * k + c] != 0 && admittance[c * k + r] != 0) {
                    t.conducts(nodes[r], nodes[c]);
                }
            }
            if (admittance[r * k + r] != 0 && sum != 0) {
                t.grounds(nodes[r]);
            }
        }
    }

    /** Entries: every non-zero Y(r, c), row-major, at (port r, port c). */
    @Override
    void declare(Declaration d) {
        int entry = 0;
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                if (admittance[r * k + c] != 0) {
                    d.entry(entry++, row(nodes[r]), row(nodes[c]));
                }
            }
        }
    }

    @Override
    void load(Load ld) {
        int entry = 0;
        for (int r = 0; r < k; r++) {
            int rr = row(nodes[r]);
            ld.addF(rr, offset[r]);
            for (int c = 0; c < k; c++) {
                double y = admittance[r * k + c];
                if (y != 0) {
                    ld.addF(rr, y * ld.v(nodes[c]));
                    ld.addJf(entry++, y);
                }
            }
        }
    }

    @Override
    void terminalCurrents(Point p, double[] out) {
        double back = 0;
        for (int r = 0; r < k; r++) {
            double i = offset[r];
            for (int c = 0; c < k; c++) {
                i += admittance[r * k + c] * p.v(nodes[c]);
            }
            out[r] = i;
            back -= i;
        }
        out[k] = back;
    }
}
