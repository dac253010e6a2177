package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.crossbar.CrossbarFactorization;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.PeripheryCard;
import org.memspice.crossbar.PortReduction;
import org.memspice.crossbar.ReferencePlacement;
import org.memspice.crossbar.Sensing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A crossbar reduced to one linear multiport, with loads, written as G and I sources: ngspice and the netlist
 * read back give the column currents of the full array's circuit (fails when ngspice is missing).
 */
class ReducedArrayNetlistTest {
    @TempDir
    Path dir;

    @Test
    void writtenMultiportRunsInNgspiceAndReadsBack() throws Exception {
        int m = 6, n = 3;
        Random rnd = new Random(5);
        int[] w = new int[m * n];
        for (int k = 0; k < w.length; k++) {
            w[k] = rnd.nextBoolean() ? 1 : -1;
        }
        ArrayDesign design = new ArrayDesign(m, n, ArrayScheme.SINGLE_COLUMN, 1e-4, 1e-6, 2.0, 1.0, 10.0,
                Sensing.idealTia(1e4), 0.2, InputEncoding.BIPOLAR, PeripheryCard.none(), ReferencePlacement.MIDDLE);
        CrossbarArray array = CrossbarArray.programmed(design, w);
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = rnd.nextBoolean() ? 1 : -1;
        }
        double[] v = array.sourceVoltages(x);
        int p = array.physicalColumns();
        CrossbarCircuit full = new CrossbarCircuit(array, v);
        double[] column = full.columnCurrents(new OperatingPoint(full.circuit()).solve());

        Circuit c = new Circuit("reduced single-column array with loads");
        String[] in = new String[m];
        String[] out = new String[p];
        for (int i = 0; i < m; i++) {
            in[i] = "in" + i;
            c.voltageSource("vin" + i, in[i], "0", v[i]);
        }
        for (int j = 0; j < p; j++) {
            out[j] = "out" + j;
            c.resistor("rl" + j, out[j], "0", 1e3);
        }
        CrossbarCircuit.reduced(c, "xarray", new PortReduction(new CrossbarFactorization(array)), in, out);
        String text = NetlistWriter.write(c, List.of(".op"));

        Solution back = new OperatingPoint(NetlistReader.parse(text, "reduced.cir").circuit()).solve();
        Map<String, double[]> ng = Ngspice.run(text, "op", dir);
        double scale = 0;
        for (double i : column) {
            scale = Math.max(scale, Math.abs(i));
        }
        for (int j = 0; j < p; j++) {
            assertEquals(column[j], back.voltage(out[j]) / 1e3, 1e-9 * scale, "read back, column " + j);
            assertEquals(column[j], ng.get("v(" + out[j] + ")")[0] / 1e3, 1e-7 * scale, "ngspice, column " + j);
        }
    }
}
