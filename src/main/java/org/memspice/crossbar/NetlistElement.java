package org.memspice.crossbar;

/**
 * One element of a crossbar's element list in SPICE terms: a resistor (R), an independent DC voltage source
 * (V) or a voltage-controlled voltage source (E, controlled by nodes c1 - c2). Node "0" is ground.
 */
public record NetlistElement(char type, String name, String n1, String n2, String c1, String c2, double value,
                             Role role) {

    /** What an element is in the array, for power reports and readers of the netlist. */
    public enum Role { SOURCE, DRIVER, WORD_LINE, BIT_LINE, DEVICE, REFERENCE, REFERENCE_BIT_LINE, SENSE }

    public static NetlistElement resistor(String name, String n1, String n2, double ohms, Role role) {
        return new NetlistElement('R', name, n1, n2, null, null, ohms, role);
    }

    public static NetlistElement source(String name, String n1, String n2, double volts, Role role) {
        return new NetlistElement('V', name, n1, n2, null, null, volts, role);
    }

    public static NetlistElement vcvs(String name, String n1, String n2, String c1, String c2, double gain) {
        return new NetlistElement('E', name, n1, n2, c1, c2, gain, Role.SENSE);
    }
}
