package org.memspice.compile;

import org.junit.jupiter.api.Test;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarFactorization;
import org.memspice.crossbar.PowerBreakdown;
import org.memspice.crossbar.ReadSolution;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The per-category array energy from the drive second moments (one solve per eigenvector) equals the sum over
 * every tile read of the power of a full nodal solve of that read, element by element.
 */
class EnergyAccountTest {

    @Test
    void secondMomentEnergyEqualsTheSumOfFullSolvesOfEveryRead() {
        ImageSet test = FashionMnist.testSet(null);
        for (ArrayScheme scheme : new ArrayScheme[] {ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN}) {
            BnnModel m = Architecture.BSSC.random(new int[] {3, 6, 6}, 8, 5, 0.1);
            CompiledNetwork net = Compiler.compile(m, "random", Cards.card(scheme, 12, 10, 2.5, 20), 1, null);
            Map<Tile, CrossbarFactorization> factors = new HashMap<>();
            double[] sum = new double[7];
            CircuitInference inference = new CircuitInference(net);
            inference.observe((tile, volts, offset) -> {
                CrossbarArray a = tile.array();
                CrossbarFactorization f = factors.computeIfAbsent(tile, t -> new CrossbarFactorization(a));
                double[] v = java.util.Arrays.copyOfRange(volts, offset, offset + tile.rows());
                double[] x = new double[a.network().size()];
                f.solve(v, x);
                PowerBreakdown p = new ReadSolution(a, v, x, 0, 0).power();
                sum[0] += p.devices();
                sum[1] += p.wordLineWires();
                sum[2] += p.bitLineWires();
                sum[3] += p.drivers();
                sum[4] += p.constantTermArray();
                sum[5] += p.sources();
                sum[6] += p.senseInputs();
            });
            Tally tally = new Tally(net);
            int images = 3;
            for (int i = 0; i < images; i++) {
                inference.classify(test, i * 17, tally);
                tally.images++;
            }
            inference.finish();
            EnergyAccount.Breakdown e = EnergyAccount.compute(net, tally);
            double perImage = net.card().pulseWidth() / images;
            Map<String, Double> d = e.details();
            String[] keys = {"array_devices", "word_line_wires", "bit_line_wires", "driver_resistance",
                    "constant_term_array", "word_line_sources", "sense_inputs"};
            for (int k = 0; k < keys.length; k++) {
                double expected = sum[k] * perImage;
                assertEquals(expected, d.get(keys[k]), 1e-9 * Math.abs(sum[5] * perImage) + 1e-30,
                        scheme + " " + keys[k]);
            }
            assertEquals(d.get("word_line_sources"), d.get("word_line_sources_from_admittance"),
                    1e-9 * d.get("word_line_sources"));
            if (scheme == ArrayScheme.DOUBLE_COLUMN) {
                assertEquals(0.0, d.get("constant_term_array"));
            }
        }
    }
}
