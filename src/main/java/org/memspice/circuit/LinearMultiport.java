package org.memspice.circuit;

/**
 * A linear multiport: port r is node p_r against ground, and the currents into the ports are
 * {@code i = Y v + j}, with Y the port admittance matrix (siemens) and j the offset currents (amperes, the
 * port currents at zero port voltages). A linear network reduced exactly to its terminals, such as a crossbar
 * array in read mode reduced to its word-line inputs and sense outputs, is one such element, so nonlinear
 * periphery (comparators, memristive loads) can be solved around it. Its last terminal is ground, where the
 * sum of the port currents returns, so the terminal currents sum to zero as for every element.
 */
public final class LinearMultiport extends Element {
    private final double[] admittance;
    private final double[] offset;
    /** Jacobian handle of every non-zero entry of Y, row-major (-1 where zero or at ground). */
    private int[] handles;

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
    void declare(MatrixPattern p) {
        handles = new int[k * k];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                handles[r * k + c] = admittance[r * k + c] == 0 ? -1 : p.add(row(nodes[r]), row(nodes[c]));
            }
        }
    }

    @Override
    void load(Load ld) {
        for (int r = 0; r < k; r++) {
            int rr = row(nodes[r]);
            if (rr < 0) {
                continue;
            }
            ld.addF(rr, offset[r]);
            for (int c = 0; c < k; c++) {
                double y = admittance[r * k + c];
                if (y != 0) {
                    ld.addF(rr, y * ld.v(nodes[c]));
                    ld.addJf(handles[r * k + c], y);
                }
            }
        }
    }

    @Override
    void terminalCurrents(double[] x, double[] xdot, double time, double[] out) {
        double back = 0;
        for (int r = 0; r < k; r++) {
            double i = offset[r];
            for (int c = 0; c < k; c++) {
                i += admittance[r * k + c] * v(x, nodes[c]);
            }
            out[r] = i;
            back -= i;
        }
        out[k] = back;
    }
}
