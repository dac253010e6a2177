package org.memspice.crossbar;

/**
 * A spec built into a physical array: the device conductances column by column, the network, and which
 * physical columns make each output.
 *
 * <p>Double column: output j is the pair of adjacent physical columns (2j, 2j+1) = (G+, G-), so both columns
 * of a pair see nearly the same word-line drop; the output is I(2j) - I(2j+1). Single column: output j is
 * one physical column and the constant-term reference column (fixed resistors at 1/Gbar on the same word
 * lines, with its own bit line of the same segment resistance, sensed like every column) sits at physical
 * index {@code referenceColumn}; the output is I(j) - I(ref).
 */
public final class CrossbarArray {
    private final CrossbarSpec spec;
    private final int physicalColumns;
    private final double[] conductances;
    private final int[] plusColumn;
    private final int[] minusColumn;
    private final int referenceColumn;
    private final CrossbarNetwork network;

    public CrossbarArray(CrossbarSpec spec) {
        this.spec = spec;
        int m = spec.rows();
        int n = spec.columns();
        plusColumn = new int[n];
        minusColumn = new int[n];
        switch (spec.scheme()) {
            case CONDUCTANCES -> {
                physicalColumns = n;
                conductances = spec.conductances().clone();
                referenceColumn = -1;
                for (int j = 0; j < n; j++) {
                    plusColumn[j] = j;
                    minusColumn[j] = -1;
                }
            }
            case DOUBLE_COLUMN -> {
                physicalColumns = 2 * n;
                referenceColumn = -1;
                conductances = new double[m * physicalColumns];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        boolean pos = spec.weights()[i * n + j] > 0;
                        conductances[i * physicalColumns + 2 * j] = pos ? spec.gOn() : spec.gOff();
                        conductances[i * physicalColumns + 2 * j + 1] = pos ? spec.gOff() : spec.gOn();
                    }
                }
                for (int j = 0; j < n; j++) {
                    plusColumn[j] = 2 * j;
                    minusColumn[j] = 2 * j + 1;
                }
            }
            case SINGLE_COLUMN -> {
                physicalColumns = n + 1;
                referenceColumn = spec.referenceColumn();
                conductances = new double[m * physicalColumns];
                double gBar = spec.gBar();
                for (int j = 0; j < n; j++) {
                    plusColumn[j] = j < referenceColumn ? j : j + 1;
                    minusColumn[j] = referenceColumn;
                }
                for (int i = 0; i < m; i++) {
                    conductances[i * physicalColumns + referenceColumn] = gBar;
                    for (int j = 0; j < n; j++) {
                        boolean pos = spec.weights()[i * n + j] > 0;
                        conductances[i * physicalColumns + plusColumn[j]] = pos ? spec.gOn() : spec.gOff();
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        network = new CrossbarNetwork(m, physicalColumns, conductances, spec.wordLineSegment(),
                spec.bitLineSegment(), spec.driverResistance(), spec.sensing().inputResistance());
    }

    public CrossbarSpec spec() {
        return spec;
    }

    public CrossbarNetwork network() {
        return network;
    }

    public int physicalColumns() {
        return physicalColumns;
    }

    public int outputs() {
        return spec.columns();
    }

    public int plusColumn(int j) {
        return plusColumn[j];
    }

    /** Physical column subtracted from output j, or -1. */
    public int minusColumn(int j) {
        return minusColumn[j];
    }

    /** Physical index of the constant-term reference column, or -1. */
    public int referenceColumn() {
        return referenceColumn;
    }

    /** Word-line source voltages for logical input x. */
    public double[] sourceVoltages(double[] x) {
        double[] v = new double[spec.rows()];
        for (int i = 0; i < v.length; i++) {
            v[i] = spec.encoding().voltage(x[i], spec.readVoltage());
        }
        return v;
    }

    /** Output current of output j from physical column currents. */
    public double outputCurrent(double[] columnCurrents, int j) {
        double c = columnCurrents[plusColumn[j]];
        return minusColumn[j] < 0 ? c : c - columnCurrents[minusColumn[j]];
    }

    /**
     * Current per unit of dot product: Vr*dG (double column), Vr*dG/2 (single column); NaN for plain
     * conductance arrays.
     */
    public double currentPerUnitDot() {
        double dG = spec.gOn() - spec.gOff();
        return switch (spec.scheme()) {
            case DOUBLE_COLUMN -> spec.readVoltage() * dG;
            case SINGLE_COLUMN -> spec.readVoltage() * dG / 2;
            default -> Double.NaN;
        };
    }

    /**
     * Estimate of s_j = sum_i w_ij x_i from an output current: bipolar inputs give I/(Vr*k); unipolar inputs
     * a_i = (x_i+1)/2 give sum w*a = I/(Vr*k), and s = 2*sum(w*a) - sum(w).
     */
    public double dotEstimate(double outputCurrent, int j) {
        double u = outputCurrent / currentPerUnitDot();
        if (spec.encoding() == InputEncoding.BIPOLAR) {
            return u;
        }
        int sumW = 0;
        for (int i = 0; i < spec.rows(); i++) {
            sumW += spec.weights()[i * spec.columns() + j];
        }
        return 2 * u - sumW;
    }
}
