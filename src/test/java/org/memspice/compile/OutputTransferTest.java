package org.memspice.compile;

import org.junit.jupiter.api.Test;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The output transfers (trims folded in, only the sparser sign's rows added, position-class sums) give the same
 * output currents and decisions as summing every tile's sensed column currents read by read; and the TIAs' Rf*I^2
 * from the layer's full drive second moment equals its sum over every read's sensed currents.
 */
class OutputTransferTest {

    @Test
    void outputTransfersEqualSensedCurrentsReadByRead() {
        ImageSet test = FashionMnist.testSet(null);
        BnnModel m = Architecture.BSSC.random(new int[] {5, 10, 12}, 8, 21, 0.1);
        for (ArrayScheme scheme : new ArrayScheme[] {ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN}) {
            CompileCard card = Cards.card(scheme, 20, 12, 3, 20).withCalibration(24, 2);
            CompiledNetwork net = Compiler.compile(m, "random", card, 2, null);
            assertTrue(net.layers().stream().anyMatch(l -> l.outputTransfers && l.rowTiles() > 1 && l.colTiles() > 1));
            CircuitInference fast = new CircuitInference(net);
            CircuitInference sensed = new CircuitInference(net, Tile::ports);
            Tally tally = new Tally(net);
            double[] tia = new double[net.layers().size()];
            double[] tiaRef = new double[net.layers().size()];
            for (int img = 0; img < 6; img++) {
                int a = fast.classify(test, img * 101, tally);
                tally.images++;
                int b = sensed.classify(test, img * 101, null);
                assertEquals(b, a);
                for (CompiledLayer c : net.layers()) {
                    for (int p = 0; p < c.positions; p++) {
                        double[] x = fast.outputCurrents(c.index, p);
                        double[] y = sensed.outputCurrents(c.index, p);
                        double[] v = fast.driveVoltages(c.index, p);
                        for (int j = 0; j < c.cols; j++) {
                            assertEquals(y[j], x[j], 1e-12 * c.unitCurrent * c.rows, c.source.name() + " output " + j);
                        }
                        // the sensed columns' currents of this read, row tiles summed
                        for (int k = 0; k < c.colTiles(); k++) {
                            CrossbarArray arr = c.tiles[0][k].array();
                            double[] group = new double[arr.physicalColumns()];
                            for (int r = 0; r < c.rowTiles(); r++) {
                                c.tiles[r][k].ports().accumulateColumnCurrents(v, c.rowStart[r], group);
                            }
                            for (int q = 0; q < group.length; q++) {
                                double e = c.feedbackResistance * group[q] * group[q];
                                if (q == arr.referenceColumn()) {
                                    tiaRef[c.index] += e;
                                } else {
                                    tia[c.index] += e;
                                }
                            }
                        }
                    }
                }
            }
            fast.finish();
            EnergyAccount.Breakdown e = EnergyAccount.compute(net, tally);
            double pulse = net.card().pulseWidth();
            double staticData = 0;
            double staticRef = 0;
            double sumData = 0;
            double sumRef = 0;
            for (CompiledLayer c : net.layers()) {
                long reads = (long) tally.images * c.positions;
                for (int k = 0; k < c.colTiles(); k++) {
                    boolean single = c.tiles[0][k].array().referenceColumn() >= 0;
                    staticData += reads * (c.physicalColumns(k) - (single ? 1 : 0)) * Cards.PERIPHERY.tiaStaticPower();
                    staticRef += reads * (single ? 1 : 0) * Cards.PERIPHERY.tiaStaticPower();
                }
                sumData += tia[c.index];
                sumRef += tiaRef[c.index];
            }
            double perImage = pulse / tally.images;
            assertEquals((sumData + staticData) * perImage, e.details().get("data_tias"), 1e-9 * e.details().get("data_tias"));
            assertEquals((sumRef + staticRef) * perImage, e.details().get("constant_term_tias"),
                    1e-9 * Math.max(1e-30, e.details().get("constant_term_tias")));
        }
    }
}
