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

    /** Largest static power of one periphery instance, W (a 65 nm read path draws microwatts). */
    public static final double MAX_STATIC_POWER = 1;
    /** Largest ADC figure of merit, J per conversion step (ISAAC's is 6.1 fJ). */
    public static final double MAX_ADC_FIGURE_OF_MERIT = 1e-9;

    /** Reads a periphery card; the DAC and ADC figures are optional (NaN when absent). */
    public static PeripheryCard read(JsonFields f, JsonNode root) {
        f.checkKnown(root, "$", FIELDS);
        String file = f.file().getFileName().toString();
        return new PeripheryCard(f.text(root, "name", "$.name", file), f.text(root, "source", "$.source", ""),
                power(f, root, "tiaStaticPower"), power(f, root, "subtractorStaticPower"),
                power(f, root, "comparatorStaticPower"), power(f, root, "driverStaticPower"),
                root.has("dacStaticPower") ? power(f, root, "dacStaticPower") : Double.NaN,
                root.has("adcFigureOfMerit") ? bounded(f, root, "adcFigureOfMerit", MAX_ADC_FIGURE_OF_MERIT, "J per"
                        + " conversion step") : Double.NaN);
    }

    private static double power(JsonFields f, JsonNode root, String field) {
        return bounded(f, root, field, MAX_STATIC_POWER, "W per instance");
    }

    /** A required number in [0, max]: larger figures would overflow the energies they are multiplied into. */
    private static double bounded(JsonFields f, JsonNode root, String field, double max, String unit) {
        double v = f.nonNegative(root, field, "$." + field, Double.NaN);
        if (v > max) {
            throw f.error("$." + field, String.valueOf(v), "a number from 0 to " + max + " " + unit);
        }
        return v;
    }
}
