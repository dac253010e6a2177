package org.memspice.crossbar;

/**
 * The sensing at the bottom end of every bit line.
 *
 * <p>A transimpedance amplifier (TIA) holds its inverting input at virtual ground and turns the bit-line
 * current I into Vout = -Rf*I. With a finite open-loop gain A its input node sits at Rf*I/(1+A): seen from
 * the bit line it is exactly a resistance Rf/(1+A) to ground, which is how the array solve stamps it; an
 * infinite gain is an ideal virtual ground. A sense resistor Rs to ground gives V = Rs*I.
 */
public record Sensing(Kind kind, double feedbackResistance, double openLoopGain, double senseResistance)
        implements java.io.Serializable {

    public enum Kind { TIA, RESISTOR }

    public static Sensing idealTia(double feedbackResistance) {
        return new Sensing(Kind.TIA, feedbackResistance, Double.POSITIVE_INFINITY, 0);
    }

    public static Sensing tia(double feedbackResistance, double openLoopGain) {
        return new Sensing(Kind.TIA, feedbackResistance, openLoopGain, 0);
    }

    public static Sensing resistor(double resistance) {
        return new Sensing(Kind.RESISTOR, 0, 0, resistance);
    }

    /** True for a TIA of infinite gain: the sense node is at exactly 0 V. */
    public boolean idealVirtualGround() {
        return kind == Kind.TIA && Double.isInfinite(openLoopGain);
    }

    /** Resistance from the sense node to ground seen by the bit line. */
    public double inputResistance() {
        if (kind == Kind.RESISTOR) {
            return senseResistance;
        }
        return idealVirtualGround() ? 0 : feedbackResistance / (1 + openLoopGain);
    }

    /** Sense-stage output voltage for a bit-line current i (amperes) into the sense node. */
    public double outputVoltage(double i) {
        return kind == Kind.RESISTOR ? senseResistance * i : -feedbackResistance * i;
    }
}
