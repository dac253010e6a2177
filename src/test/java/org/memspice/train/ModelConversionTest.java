package org.memspice.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memspice.InputException;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.LayerSpec;
import org.memspice.bnn.ModelFile;
import org.memspice.bnn.Shape;
import org.memspice.bnn.TrainingMetadata;
import org.nd4j.linalg.api.buffer.DataType;

/** A training network is the architecture's layers, one for one, and converts to and from a model exactly. */
class ModelConversionTest {
    static final TrainingMetadata META = new TrainingMetadata("x", "baseline", 1, 0, null, "test", "2026-01-01T00:00:00Z", null);

    static List<LayerSpec> specs(BnnModel m) {
        List<LayerSpec> s = new ArrayList<>();
        for (org.memspice.bnn.Layer l : m.layers()) s.add(l.spec());
        return s;
    }

    @Test
    void trainingNetworksAreTheArchitecturesLayersAndRoundTripExactly() {
        List<Architecture.Layout> layouts = List.of(Architecture.Layout.standard(3, 4, 5),
                new Architecture.Layout(new int[] {3, 4}, 1, 6, true), new Architecture.Layout(new int[] {2, 3}, 1, 4, false));
        for (Architecture arch : Architecture.values()) {
            for (Architecture.Layout layout : layouts) {
                Network net = Network.build(arch, layout, 0.1, SignActivation.Estimator.HTANH, DataType.FLOAT, 5);
                BnnModel m = ModelConversion.toModel(net, new Shape(1, 28, 28), META);
                assertEquals(arch.layers(layout), specs(m), arch + " " + layout);
                // back to a training network and again to a model: the same file, bit for bit
                BnnModel again = ModelConversion.toModel(ModelConversion.toNetwork(m, DataType.FLOAT, "m"), m.input(), META);
                assertEquals(ModelFile.toJson(m), ModelFile.toJson(again), arch + " " + layout);
                // a binary network's logit scale stays in training
                int last = net.layers.size() - 1;
                if (arch.binary()) {
                    assertNull(net.layers.get(last).toLayer(m.outputShape()));
                    assertEquals(m.layers().size() + 1, net.layers.size());
                } else {
                    assertEquals(m.layers().size(), net.layers.size());
                }
            }
        }
    }

    @Test
    void aStridedConvolutionHasNoTrainableFormAndTheErrorNamesIt() {
        BnnModel m = new BnnModel(new Shape(1, 6, 6), List.of(org.memspice.bnn.Conv.square(1, 2, 3, 1, 2, false, true,
                new float[18], null), new org.memspice.bnn.Flatten(), new org.memspice.bnn.Dense(18, 3, false, true, new float[54],
                null)), META);
        InputException e = assertThrows(InputException.class, () -> ModelConversion.toNetwork(m, DataType.FLOAT, "models/t.json"));
        assertEquals("models/t.json: layers[0] (conv): stride 2x2, training supports stride 1 only", e.getMessage());
    }

    @Test
    void convertedWeightsKeepTheirPositions() {
        // a model with random parameters through a training network and back: every weight where it was
        BnnModel m = Architecture.BSSC.random(new int[] {3, 5}, 7, 9, 0.1);
        BnnModel back = ModelConversion.toModel(ModelConversion.toNetwork(m, DataType.FLOAT, "m"), m.input(), m.metadata());
        assertEquals(ModelFile.toJson(m), ModelFile.toJson(back));
        BnnModel fp = Architecture.FP.random(new int[] {3, 5}, 7, 9, 0);
        org.memspice.bnn.Dense d = (org.memspice.bnn.Dense) fp.layers().get(fp.layers().size() - 1);
        org.memspice.bnn.Dense d2 = (org.memspice.bnn.Dense) ModelConversion.toModel(
                ModelConversion.toNetwork(fp, DataType.FLOAT, "fp"), fp.input(), fp.metadata()).layers().get(fp.layers().size() - 1);
        assertArrayEquals(d.weights(), d2.weights());
        assertArrayEquals(d.bias(), d2.bias());
    }
}
