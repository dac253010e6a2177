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
    /** Computed on first use from the voltage arrays held (not copied): many reads need only the currents. */
    private PowerBreakdown power;
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
                sourceCurrents[i] = net.gDrive * (sourceVoltages[i] - u[i * n]);
            }
        }
        // bit lines; the column currents from the device currents (CrossbarNetwork.columnCurrents)
        net.columnCurrents(u, columnCurrents);
        int outs = array.outputs();
        outputCurrents = new double[outs];
        for (int j = 0; j < outs; j++) {
            outputCurrents[j] = array.outputCurrent(columnCurrents, j);
        }
    }

    /**
     * A read solved by the general engine, whose cells may be nonlinear devices: the currents and the power come
     * from its circuit's solution, not from the array's linear conductances.
     */
    public ReadSolution(CrossbarArray array, double[] sourceVoltages, double[] nodeVoltages, double[] columnCurrents,
                        double[] sourceCurrents, PowerBreakdown power, int iterations, double relativeResidual) {
        this.array = array;
        this.sourceVoltages = sourceVoltages;
        this.nodeVoltages = nodeVoltages;
        this.columnCurrents = columnCurrents;
        this.sourceCurrents = sourceCurrents;
        this.power = power;
        this.iterations = iterations;
        this.relativeResidual = relativeResidual;
        outputCurrents = new double[array.outputs()];
        for (int j = 0; j < outputCurrents.length; j++) {
            outputCurrents[j] = array.outputCurrent(columnCurrents, j);
        }
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

    /** Power of this read by role and periphery ({@link PowerBreakdown#of(CrossbarArray, double[], double[], double[])}). */
    public PowerBreakdown power() {
        PowerBreakdown p = power;
        if (p == null) {
            p = PowerBreakdown.of(array, sourceVoltages, nodeVoltages, columnCurrents);
            power = p;
        }
        return p;
    }

    /** Energy of one read lasting {@code pulseWidth} seconds, joules. */
    public double energyPerRead(double pulseWidth) {
        return power().total() * pulseWidth;
    }

    public int iterations() {
        return iterations;
    }

    public double relativeResidual() {
        return relativeResidual;
    }
}
