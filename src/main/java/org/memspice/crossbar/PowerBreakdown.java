package org.memspice.crossbar;

/**
 * Power of one read, watts. The circuit part (devices, wires, drivers, sense inputs, the constant-term
 * reference column) is the power of the array's elements summed by {@link CrossbarCircuit.Role} and balances
 * the power the word-line sources deliver; the periphery part comes from the periphery card and the column
 * currents. One assembly serves both paths: the fast solvers pass their node voltages
 * ({@link ReadSolution#power()}, primitive arrays, no element objects) and the general engine passes its
 * {@link org.memspice.circuit.Solution} of the array's circuit ({@link CrossbarCircuit#power}).
 *
 * @param devices weight devices (the reference column excluded)
 * @param wordLineWires word-line segments
 * @param bitLineWires bit-line segments of the weight columns
 * @param drivers driver output resistances
 * @param senseInputs power into the sense nodes (sense resistors; a TIA input of finite gain)
 * @param constantTermArray reference-column resistors and their bit-line segments
 * @param constantTermPeriphery the reference column's TIA (static and feedback)
 * @param sensePeriphery TIAs of the weight columns (static and feedback), difference/subtraction stages
 * @param comparators one per output
 * @param inputDrivers static power of the word-line drivers/DACs
 * @param sources power delivered by the word-line sources
 */
public record PowerBreakdown(double devices, double wordLineWires, double bitLineWires, double drivers,
                             double senseInputs, double constantTermArray, double constantTermPeriphery,
                             double sensePeriphery, double comparators, double inputDrivers, double sources) {

    /** Power dissipated in the array circuit (must equal {@link #sources}). */
    public double circuit() {
        return devices + wordLineWires + bitLineWires + drivers + senseInputs + constantTermArray;
    }

    /** Everything: array circuit and periphery. */
    public double total() {
        return circuit() + constantTermPeriphery + sensePeriphery + comparators + inputDrivers;
    }

    /** |sources - circuit| / sources (0 when nothing is driven). */
    public double balanceError() {
        return sources == 0 ? Math.abs(circuit()) : Math.abs(sources - circuit()) / Math.abs(sources);
    }

    /**
     * The breakdown from the absorbed power of the array's elements summed by role ({@code byRole}, indexed by
     * {@link CrossbarCircuit.Role#ordinal()}; the sources' entry is negative when they deliver) and the current
     * into every physical column's sense node.
     */
    static PowerBreakdown of(CrossbarArray array, double[] byRole, double[] columnCurrents) {
        ArrayDesign design = array.design();
        PeripheryCard card = design.periphery();
        Sensing sensing = design.sensing();
        int ref = array.referenceColumn();
        double tiaData = 0, tiaRef = 0;
        if (sensing.kind() == Sensing.Kind.TIA) {
            for (int j = 0; j < columnCurrents.length; j++) {
                double ic = columnCurrents[j];
                double p = card.tiaStaticPower() + sensing.feedbackResistance() * ic * ic;
                if (j == ref) {
                    tiaRef += p;
                } else {
                    tiaData += p;
                }
            }
        }
        int outs = array.outputs();
        double sub = design.scheme() != ArrayScheme.CONDUCTANCES ? outs * card.subtractorStaticPower() : 0;
        return new PowerBreakdown(byRole[DEVICE], byRole[WORD_LINE_WIRE], byRole[BIT_LINE_WIRE], byRole[DRIVER],
                byRole[SENSE], byRole[REFERENCE_DEVICE] + byRole[REFERENCE_BIT_LINE], tiaRef, tiaData + sub,
                outs * card.comparatorStaticPower(), design.rows() * card.driverStaticPower(), -byRole[SOURCE]);
    }

    /**
     * The breakdown of a read solved by a fast solver, from the source voltages and the word-line then
     * bit-line node voltages {@code u} in the network's order: the same element powers as
     * {@link CrossbarCircuit#power}, summed from the structure of the network. {@code columnCurrents} (the
     * solution's current into every sense node) serve the TIA periphery.
     */
    static PowerBreakdown of(CrossbarArray array, double[] sourceVoltages, double[] u, double[] columnCurrents) {
        CrossbarNetwork net = array.network();
        int m = net.rows;
        int n = net.cols;
        int mn = m * n;
        int ref = array.referenceColumn();
        double[] g = net.g;
        double pDev = 0, pRef = 0, pWl = 0, pBl = 0, pRefLine = 0, pDrv = 0, pSense = 0, pSrc = 0;
        for (int i = 0; i < m; i++) {
            int base = i * n;
            double rowCurrent = 0;
            for (int j = 0; j < n; j++) {
                int k = base + j;
                double dv = u[k] - u[mn + k];
                double id = g[k] * dv;
                rowCurrent += id;
                if (j == ref) {
                    pRef += id * dv;
                } else {
                    pDev += id * dv;
                }
            }
            if (net.wordLinesFixed) {
                // the source feeds the devices directly
                pSrc -= sourceVoltages[i] * rowCurrent;
            } else {
                double is = net.gDrive * (sourceVoltages[i] - u[base]);
                pSrc -= sourceVoltages[i] * is;
                pWl += is * is * net.wordLineSegment;
                pDrv += is * is * net.driverResistance;
                for (int j = 1; j < n; j++) {
                    double dv = u[base + j - 1] - u[base + j];
                    pWl += net.gw * dv * dv;
                }
            }
        }
        if (!net.bitLinesFixed) {
            int last = mn + (m - 1) * n;
            for (int j = 0; j < n; j++) {
                double pLine = 0;
                for (int i = 1; i < m; i++) {
                    double dv = u[mn + (i - 1) * n + j] - u[mn + i * n + j];
                    pLine += net.gb * dv * dv;
                }
                // the last segment and the sense input carry the current through the bit line's end
                double ic = net.gEnd * u[last + j];
                pLine += ic * ic * net.bitLineSegment;
                pSense += ic * ic * net.senseResistance;
                if (j == ref) {
                    pRefLine += pLine;
                } else {
                    pBl += pLine;
                }
            }
        }
        double[] byRole = new double[ROLES];
        byRole[SOURCE] = pSrc;
        byRole[DRIVER] = pDrv;
        byRole[WORD_LINE_WIRE] = pWl;
        byRole[BIT_LINE_WIRE] = pBl;
        byRole[DEVICE] = pDev;
        byRole[REFERENCE_DEVICE] = pRef;
        byRole[REFERENCE_BIT_LINE] = pRefLine;
        byRole[SENSE] = pSense;
        return of(array, byRole, columnCurrents);
    }

    private static final int ROLES = CrossbarCircuit.Role.values().length;
    private static final int SOURCE = CrossbarCircuit.Role.SOURCE.ordinal();
    private static final int DRIVER = CrossbarCircuit.Role.DRIVER.ordinal();
    private static final int WORD_LINE_WIRE = CrossbarCircuit.Role.WORD_LINE_WIRE.ordinal();
    private static final int BIT_LINE_WIRE = CrossbarCircuit.Role.BIT_LINE_WIRE.ordinal();
    private static final int DEVICE = CrossbarCircuit.Role.DEVICE.ordinal();
    private static final int REFERENCE_DEVICE = CrossbarCircuit.Role.REFERENCE_DEVICE.ordinal();
    private static final int REFERENCE_BIT_LINE = CrossbarCircuit.Role.REFERENCE_BIT_LINE.ordinal();
    private static final int SENSE = CrossbarCircuit.Role.SENSE.ordinal();
}
