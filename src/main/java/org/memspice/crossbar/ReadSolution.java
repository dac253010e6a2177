package org.memspice.crossbar;

/**
 * One solved read: node voltages, the currents into every sense node, the outputs and the power.
 * Built from the node voltages alone, so it serves every solver.
 */
public final class ReadSolution {
    private final CrossbarArray array;
    private final double[] sourceVoltages;
    private final double[] nodeVoltages;
    private final double[] columnCurrents;
    private final double[] sourceCurrents;
    private final double[] outputCurrents;
    private final PowerBreakdown power;
    private final int iterations;
    private final double relativeResidual;

    public ReadSolution(CrossbarArray array, double[] sourceVoltages, double[] nodeVoltages, int iterations,
                        double relativeResidual) {
        this.array = array;
        this.sourceVoltages = sourceVoltages;
        this.nodeVoltages = nodeVoltages;
        this.iterations = iterations;
        this.relativeResidual = relativeResidual;
        CrossbarNetwork net = array.network();
        int m = net.rows;
        int n = net.cols;
        int mn = m * n;
        double[] u = nodeVoltages;
        columnCurrents = new double[n];
        sourceCurrents = new double[m];
        int ref = array.referenceColumn();
        double pDev = 0, pRef = 0, pWl = 0, pBl = 0, pDrv = 0, pSense = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                double dv = u[k] - u[mn + k];
                double p = net.g[k] * dv * dv;
                if (j == ref) {
                    pRef += p;
                } else {
                    pDev += p;
                }
            }
        }
        // word lines
        for (int i = 0; i < m; i++) {
            if (net.wordLinesFixed) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    int k = i * n + j;
                    s += net.g[k] * (u[k] - u[mn + k]);
                }
                sourceCurrents[i] = s;
            } else {
                double is = net.gDrive * (sourceVoltages[i] - u[i * n]);
                sourceCurrents[i] = is;
                pWl += is * is * net.wordLineSegment;
                pDrv += is * is * net.driverResistance;
                for (int j = 1; j < n; j++) {
                    double dv = u[i * n + j - 1] - u[i * n + j];
                    pWl += net.gw * dv * dv;
                }
            }
        }
        // bit lines; the column currents from the device currents (CrossbarNetwork.columnCurrents)
        net.columnCurrents(u, columnCurrents);
        for (int j = 0; j < n; j++) {
            double pLine = 0;
            double ic = columnCurrents[j];
            if (!net.bitLinesFixed) {
                for (int i = 1; i < m; i++) {
                    double dv = u[mn + (i - 1) * n + j] - u[mn + i * n + j];
                    pLine += net.gb * dv * dv;
                }
                pLine += ic * ic * net.bitLineSegment;
                pSense += ic * ic * net.senseResistance;
            }
            if (j == ref) {
                pRef += pLine;
            } else {
                pBl += pLine;
            }
        }
        double pSrc = 0;
        for (int i = 0; i < m; i++) {
            pSrc += sourceVoltages[i] * sourceCurrents[i];
        }
        int outs = array.outputs();
        outputCurrents = new double[outs];
        for (int j = 0; j < outs; j++) {
            outputCurrents[j] = array.outputCurrent(columnCurrents, j);
        }
        // periphery
        ArrayDesign design = array.design();
        PeripheryCard card = design.periphery();
        Sensing sensing = design.sensing();
        double tiaData = 0, tiaRef = 0;
        if (sensing.kind() == Sensing.Kind.TIA) {
            for (int j = 0; j < n; j++) {
                double ic = columnCurrents[j];
                double p = card.tiaStaticPower() + sensing.feedbackResistance() * ic * ic;
                if (j == ref) {
                    tiaRef += p;
                } else {
                    tiaData += p;
                }
            }
        }
        boolean subtracts = design.scheme() != ArrayScheme.CONDUCTANCES;
        double sub = subtracts ? outs * card.subtractorStaticPower() : 0;
        power = new PowerBreakdown(pDev, pWl, pBl, pDrv, pSense, pRef, tiaRef, tiaData + sub,
                outs * card.comparatorStaticPower(), m * card.driverStaticPower(), pSrc);
    }

    public CrossbarArray array() {
        return array;
    }

    public double[] sourceVoltages() {
        return sourceVoltages;
    }

    /** Word-line node voltages then bit-line node voltages, row-major (length 2*M*Nphys). */
    public double[] nodeVoltages() {
        return nodeVoltages;
    }

    /** Current into each physical column's sense node, amperes. */
    public double[] columnCurrents() {
        return columnCurrents;
    }

    /** Current drawn from each word-line source, amperes. */
    public double[] sourceCurrents() {
        return sourceCurrents;
    }

    /** Output currents after the differential/constant-term subtraction, amperes. */
    public double[] outputCurrents() {
        return outputCurrents;
    }

    /** Sense-stage output voltages of the outputs (after subtraction), volts. */
    public double[] outputVoltages() {
        double[] v = new double[outputCurrents.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = array.design().sensing().outputVoltage(outputCurrents[j]);
        }
        return v;
    }

    /** Estimated dot products sum_i w_ij x_i (weight schemes only). */
    public double[] dotEstimates() {
        double[] d = new double[outputCurrents.length];
        for (int j = 0; j < d.length; j++) {
            d[j] = array.dotEstimate(outputCurrents[j], j);
        }
        return d;
    }

    public PowerBreakdown power() {
        return power;
    }

    /** Energy of one read lasting {@code pulseWidth} seconds, joules. */
    public double energyPerRead(double pulseWidth) {
        return power.total() * pulseWidth;
    }

    public int iterations() {
        return iterations;
    }

    public double relativeResidual() {
        return relativeResidual;
    }
}
