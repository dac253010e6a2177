package org.memspice.crossbar;

import com.fasterxml.jackson.databind.JsonNode;
import org.memspice.json.JsonFields;

import java.util.Set;

/**
 * Power of the sensing periphery, per instance, from a card in circuits/. The analog periphery is modelled
 * by its supply power while a read is active: a TIA per sensed column (plus the power its output delivers
 * into the feedback resistor, Rf*I^2, taken from the solved current), a subtraction or difference amplifier
 * per output, a comparator per output, and an input driver per word line. Compiled networks also use a
 * multi-bit DAC per word line of a layer with real inputs (pixels) and an ADC per output of the last layer,
 * whose energy per conversion follows Walden's figure of merit: E = FOM * 2^bits.
 *
 * @param dacStaticPower power of one multi-bit input DAC while a read is active, W (NaN when the card has none)
 * @param adcFigureOfMerit Walden figure of merit of the ADCs, joules per conversion step (NaN when none)
 */
public record PeripheryCard(String name, String source, double tiaStaticPower, double subtractorStaticPower,
                            double comparatorStaticPower, double driverStaticPower, double dacStaticPower,
                            double adcFigureOfMerit) implements java.io.Serializable {

    /** The card's fields. */
    public static final Set<String> FIELDS = Set.of("name", "source", "tiaStaticPower", "subtractorStaticPower",
            "comparatorStaticPower", "driverStaticPower", "dacStaticPower", "adcFigureOfMerit");

    /** A card with the read-path figures only (no DAC, no ADC). */
    public PeripheryCard(String name, String source, double tiaStaticPower, double subtractorStaticPower,
                         double comparatorStaticPower, double driverStaticPower) {
        this(name, source, tiaStaticPower, subtractorStaticPower, comparatorStaticPower, driverStaticPower, Double.NaN,
                Double.NaN);
    }

    /** No periphery power (circuit-only reports). */
    public static PeripheryCard none() {
        return new PeripheryCard("none", "no periphery power", 0, 0, 0, 0, 0, 0);
    }

    /** Energy of one conversion of a {@code bits}-bit ADC, joules. */
    public double adcEnergy(int bits) {
        return adcFigureOfMerit * Math.pow(2, bits);
    }

    /** Reads a periphery card; the DAC and ADC figures are optional (NaN when absent). */
    public static PeripheryCard read(JsonFields f, JsonNode root) {
        f.checkKnown(root, "$", FIELDS);
        String file = f.file().getFileName().toString();
        return new PeripheryCard(f.text(root, "name", "$.name", file), f.text(root, "source", "$.source", ""),
                f.nonNegative(root, "tiaStaticPower", "$.tiaStaticPower", Double.NaN),
                f.nonNegative(root, "subtractorStaticPower", "$.subtractorStaticPower", Double.NaN),
                f.nonNegative(root, "comparatorStaticPower", "$.comparatorStaticPower", Double.NaN),
                f.nonNegative(root, "driverStaticPower", "$.driverStaticPower", Double.NaN),
                root.has("dacStaticPower") ? f.nonNegative(root, "dacStaticPower", "$.dacStaticPower", Double.NaN) : Double.NaN,
                root.has("adcFigureOfMerit") ? f.nonNegative(root, "adcFigureOfMerit", "$.adcFigureOfMerit", Double.NaN)
                        : Double.NaN);
    }
}
