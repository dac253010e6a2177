package org.memspice.crossbar;

import org.memspice.InputException;

/**
 * A physical array: its design, the device conductances of every physical column, the resistive network,
 * and which physical columns make each output.
 *
 * <p>Double column: output j is the pair of adjacent physical columns (2j, 2j+1) = (G+, G-), so both columns
 * of a pair see nearly the same word-line drop; the output is I(2j) - I(2j+1). Single column: output j is
 * one physical column and the constant-term reference column (fixed resistors at 1/Gbar on the same word
 * lines, with its own bit line of the same segment resistance, sensed like every column) sits at physical
 * index {@link ArrayDesign#referenceColumn()}; the output is I(j) - I(ref).
 *
 * <p>{@link #programmed} maps weights to the ideal Gon/Goff; {@link #withConductances} keeps that column
 * mapping and the stored weights but replaces the device values (programming error, faults, drift).
 */
public final class CrossbarArray {
    private final ArrayDesign design;
    private final int[] weights;
    private final int physicalColumns;
    private final double[] conductances;
    private final int[] plusColumn;
    private final int[] minusColumn;
    private final int referenceColumn;
    private final CrossbarNetwork network;

    private CrossbarArray(ArrayDesign design, int[] weights, double[] conductances) {
        this.design = design;
        this.weights = weights;
        int n = design.columns();
        physicalColumns = design.physicalColumns();
        referenceColumn = design.referenceColumn();
        plusColumn = new int[n];
        minusColumn = new int[n];
        for (int j = 0; j < n; j++) {
            switch (design.scheme()) {
                case CONDUCTANCES -> {
                    plusColumn[j] = j;
                    minusColumn[j] = -1;
                }
                case DOUBLE_COLUMN -> {
                    plusColumn[j] = 2 * j;
                    minusColumn[j] = 2 * j + 1;
                }
                case SINGLE_COLUMN -> {
                    plusColumn[j] = j < referenceColumn ? j : j + 1;
                    minusColumn[j] = referenceColumn;
                }
            }
        }
        if (conductances.length != design.rows() * physicalColumns) {
            throw new IllegalArgumentException("conductances: " + conductances.length + " values for a " + design.rows()
                    + "x" + physicalColumns + " physical array");
        }
        this.conductances = conductances;
        network = new CrossbarNetwork(design.rows(), physicalColumns, conductances, design.wordLineSegment(),
                design.bitLineSegment(), design.driverResistance(), design.sensing().inputResistance());
    }

    /** An array of given device conductances (scheme CONDUCTANCES), rows x columns, row-major. */
    public static CrossbarArray ofConductances(ArrayDesign design, double[] conductances) {
        if (design.scheme() != ArrayScheme.CONDUCTANCES) {
            throw new IllegalArgumentException("ofConductances needs scheme conductances, not " + design.scheme());
        }
        return new CrossbarArray(design, null, conductances.clone());
    }

    /**
     * Weights in {-1,+1} (rows x outputs, row-major) programmed to their ideal conductances: double column
     * w = +1 -> (Gon, Goff), w = -1 -> (Goff, Gon); single column Gon for +1, Goff for -1, and the reference
     * column at Gbar.
     */
    public static CrossbarArray programmed(ArrayDesign design, int[] weights) {
        if (design.scheme() == ArrayScheme.CONDUCTANCES) {
            throw new IllegalArgumentException("programmed needs a weight scheme");
        }
        int m = design.rows();
        int n = design.columns();
        if (weights.length != m * n) {
            throw new IllegalArgumentException("weights: " + weights.length + " values for " + m + "x" + n);
        }
        if (!(design.gOn() > design.gOff() && design.gOff() > 0)) {
            throw new InputException("gOn " + design.gOn() + " S, gOff " + design.gOff() + " S: expected gOn > gOff > 0");
        }
        int p = design.physicalColumns();
        double[] g = new double[m * p];
        int ref = design.referenceColumn();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int w = weights[i * n + j];
                if (w != 1 && w != -1) {
                    throw new IllegalArgumentException("weight (" + i + "," + j + ") = " + w + ", expected -1 or +1");
                }
                boolean pos = w > 0;
                if (design.scheme() == ArrayScheme.DOUBLE_COLUMN) {
                    g[i * p + 2 * j] = pos ? design.gOn() : design.gOff();
                    g[i * p + 2 * j + 1] = pos ? design.gOff() : design.gOn();
                } else {
                    g[i * p + (j < ref ? j : j + 1)] = pos ? design.gOn() : design.gOff();
                }
            }
            if (ref >= 0) {
                g[i * p + ref] = design.gBar();
            }
        }
        return new CrossbarArray(design, weights.clone(), g);
    }

    /**
     * The same array (design, stored weights, column mapping) with other physical conductances, rows x
     * physical columns, row-major. The reference column's values are taken as given too.
     */
    public CrossbarArray withConductances(double[] physical) {
        return new CrossbarArray(design, weights, physical.clone());
    }

    public ArrayDesign design() {
        return design;
    }

    public CrossbarNetwork network() {
        return network;
    }

    public int rows() {
        return design.rows();
    }

    public int physicalColumns() {
        return physicalColumns;
    }

    public int outputs() {
        return design.columns();
    }

    /** The stored weights (rows x outputs, row-major), or null for a plain conductance array. */
    public int[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** Device conductances, rows x physical columns, row-major (a copy). */
    public double[] conductances() {
        return conductances.clone();
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
        double[] v = new double[design.rows()];
        for (int i = 0; i < v.length; i++) {
            v[i] = design.encoding().voltage(x[i], design.readVoltage());
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
        return currentPerUnitDot(design);
    }

    /** {@link #currentPerUnitDot()} of a design. */
    public static double currentPerUnitDot(ArrayDesign design) {
        double dG = design.gOn() - design.gOff();
        return switch (design.scheme()) {
            case DOUBLE_COLUMN -> design.readVoltage() * dG;
            case SINGLE_COLUMN -> design.readVoltage() * dG / 2;
            default -> Double.NaN;
        };
    }

    /**
     * Estimate of s_j = sum_i w_ij x_i from an output current: bipolar inputs give I/(Vr*k); unipolar inputs
     * a_i = (x_i+1)/2 give sum w*a = I/(Vr*k), and s = 2*sum(w*a) - sum(w).
     */
    public double dotEstimate(double outputCurrent, int j) {
        double u = outputCurrent / currentPerUnitDot();
        if (design.encoding() == InputEncoding.BIPOLAR) {
            return u;
        }
        int sumW = 0;
        int n = design.columns();
        for (int i = 0; i < design.rows(); i++) {
            sumW += weights[i * n + j];
        }
        return 2 * u - sumW;
    }
}
