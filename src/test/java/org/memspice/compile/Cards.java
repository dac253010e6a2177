package org.memspice.compile;

import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.PeripheryCard;
import org.memspice.crossbar.ReferencePlacement;
import org.memspice.crossbar.Sensing;

/** Compile cards for tests, built in code. */
public final class Cards {
    private Cards() {}

    public static final PeripheryCard PERIPHERY = new PeripheryCard("test", "test values", 50e-6, 40e-6, 10e-6, 4e-6, 30e-6,
            6e-15);

    /** A card with 100 uS / 1 uS devices, Vr 0.2 V, the given wires and tile, 10 ns reads, ideal TIAs of 10 kohm. */
    public static CompileCard card(ArrayScheme scheme, int tileRows, int tileColumns, double wire, double driver) {
        int outputs = CompileCard.outputsPerTile(scheme, tileColumns);
        ArrayDesign d = new ArrayDesign(tileRows, outputs, scheme, 1e-4, 1e-6, wire, wire, driver, Sensing.idealTia(1e4),
                0.2, InputEncoding.BIPOLAR, PERIPHERY, scheme == ArrayScheme.SINGLE_COLUMN ? ReferencePlacement.MIDDLE : null);
        return new CompileCard("test-" + scheme.label(), "test card", d, tileRows, tileColumns, 0, 8, 1.69e-14, 10e-9,
                0, 1, null, null, "test tile");
    }
}
