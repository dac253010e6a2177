package org.memspice.crossbar;

/**
 * Static power of the sensing periphery, per instance, from a card in circuits/ (watts). The periphery is
 * modelled by its supply power while a read is active: a TIA per sensed column (plus the power its output
 * delivers into the feedback resistor, Rf*I^2, taken from the solved current), a subtraction or difference
 * amplifier per output, a comparator per output, and an input driver/DAC per word line.
 */
public record PeripheryCard(String name, String source, double tiaStaticPower, double subtractorStaticPower,
                            double comparatorStaticPower, double driverStaticPower) {

    /** No periphery power (circuit-only reports). */
    public static PeripheryCard none() {
        return new PeripheryCard("none", "no periphery power", 0, 0, 0, 0);
    }
}
