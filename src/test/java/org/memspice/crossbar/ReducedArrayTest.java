package org.memspice.crossbar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Comparator;
import org.memspice.circuit.LinearMultiport;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An array reduced to its ports ({@link PortReduction}) as one linear multiport in the general engine, with a
 * resistive load on every column, against the full array circuit ({@link CrossbarCircuit}) in the same engine.
 */
class ReducedArrayTest {

    static Stream<Arguments> arrays() {
        return Stream.of(
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 6, 4, 2.0, 1.0, 10.0, Sensing.idealTia(1e4)),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 7, 5, 1.0, 3.0, 5.0, Sensing.tia(1e4, 1e3)),
                Arguments.of(ArrayScheme.CONDUCTANCES, 5, 6, 4.0, 2.0, 1.0, Sensing.resistor(100)),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 4, 3, 0.0, 0.0, 0.0, Sensing.idealTia(1e4)));
    }

    /** The reduced array driven by the sources of {@code v}, a load resistor on every column node. */
    private static Circuit reducedWithLoads(CrossbarArray array, double[] v, double load) {
        Circuit c = new Circuit("reduced array");
        int m = array.rows();
        int p = array.physicalColumns();
        String[] in = new String[m];
        String[] out = new String[p];
        for (int i = 0; i < m; i++) {
            in[i] = "in" + i;
            c.voltageSource("vin" + i, in[i], "0", v[i]);
        }
        for (int j = 0; j < p; j++) {
            out[j] = "out" + j;
            c.resistor("rl" + j, out[j], "0", load);
        }
        CrossbarCircuit.reduced(c, "xarray", new PortReduction(new CrossbarFactorization(array)), in, out);
        return c;
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void reducedArrayWithLoadsGivesTheFullCircuitsCurrentsAndPower(ArrayScheme scheme, int m, int n, double rw,
                                                                   double rb, double rd, Sensing sensing) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 23, rw, rb, rd, sensing, InputEncoding.BIPOLAR, 2);
        CrossbarArray array = spec.array();
        for (double[] x : spec.inputs()) {
            double[] v = array.sourceVoltages(x);
            CrossbarCircuit full = new CrossbarCircuit(array, v);
            Solution fs = new OperatingPoint(full.circuit()).solve();
            double[] column = full.columnCurrents(fs);
            double load = 1e3;
            Solution rs = new OperatingPoint(reducedWithLoads(array, v, load)).solve();
            int p = array.physicalColumns();
            double scale = 0;
            for (double c : column) {
                scale = Math.max(scale, Math.abs(c));
            }
            for (int j = 0; j < p; j++) {
                assertEquals(column[j], rs.voltage("out" + j) / load, 1e-9 * scale, "column " + j);
            }
            double delivered = 0;
            for (int i = 0; i < m; i++) {
                assertEquals(fs.current("vin" + i), rs.current("vin" + i), 1e-9 * scale * p, "source " + i);
                delivered -= v[i] * fs.current("vin" + i);
            }
            // the multiport absorbs what the sources deliver less what it hands to the loads
            double loads = 0;
            for (int j = 0; j < p; j++) {
                loads += rs.power("rl" + j);
            }
            assertEquals(delivered - loads, rs.power("xarray"), 1e-9 * delivered);
            assertEquals(0, rs.totalPower(), 1e-9 * rs.deliveredPower());
        }
    }

    @Test
    void comparatorsAroundAReducedDoubleColumnArrayDecideTheSignOfEveryOutput() {
        CrossbarSpec spec = Fixtures.weights(ArrayScheme.DOUBLE_COLUMN, 9, 5, 8, 2.5, 2.5, 10, Sensing.idealTia(1e4),
                InputEncoding.BIPOLAR, 3);
        CrossbarArray array = spec.array();
        ReadAnalysis fast = new ReadAnalysis(array, 1e-13);
        double load = 1e3;
        Comparator.Params params = Comparator.Params.defaults();
        for (double[] x : spec.inputs()) {
            double[] v = array.sourceVoltages(x);
            Circuit c = reducedWithLoads(array, v, load);
            for (int j = 0; j < array.outputs(); j++) {
                c.comparator("cmp" + j, "out" + (2 * j), "out" + (2 * j + 1), "bit" + j, params);
            }
            Solution s = new OperatingPoint(c).solve();
            ReadSolution read = fast.read(x);
            LinearMultiport xarray = (LinearMultiport) c.element("xarray");
            double[] ports = s.terminalCurrents(xarray);
            int decided = 0;
            for (int j = 0; j < array.outputs(); j++) {
                // the array delivers the fast solver's column currents whatever the comparators load
                double ic = read.columnCurrents()[2 * j];
                assertEquals(ic, -ports[array.rows() + 2 * j], 1e-9 * Math.abs(ic) + 1e-18);
                double out = read.outputCurrents()[j];
                double half = 0.5 * (params.vHigh() - params.vLow());
                if (Math.abs(out) * load * params.gain() / half > 5) {
                    double bit = s.voltage("bit" + j);
                    assertEquals(out > 0 ? params.vHigh() : params.vLow(), bit, 0.01 * half, "output " + j);
                    decided++;
                }
            }
            assertTrue(decided > 0);
        }
    }
}
