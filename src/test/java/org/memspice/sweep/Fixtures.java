package org.memspice.sweep;

import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ModelFile;
import org.memspice.compile.Cards;
import org.memspice.compile.CompileCard;
import org.memspice.crossbar.ArrayScheme;

import java.util.List;

/** Small sweeps for tests: a random BNN of widths 4,8,8 on 32x32 tiles with 1 ohm wires and 10 ohm drivers. */
final class Fixtures {
    private Fixtures() {}

    /** The model file's text, made once (a random model's metadata carries the time it was made). */
    static final String MODEL_JSON = ModelFile.toJson(Architecture.BNN.random(new int[] {4, 8, 8}, 16, 12, 0.1));

    static BnnModel model() {
        return ModelFile.parse(MODEL_JSON, "random-bnn");
    }

    static CompileCard card() {
        return Cards.card(ArrayScheme.DOUBLE_COLUMN, 32, 32, 1, 10);
    }

    static SweepInputs inputs(List<String> vary, Variation base, int images, long seed) {
        return new SweepInputs(MODEL_JSON, "random-bnn", card(), FashionMnist.testSet(null).head(images),
                SweepGrid.parse(base, vary), seed);
    }
}
