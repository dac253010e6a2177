package org.memspice.device;

/**
 * Biolek, Biolek and Biolkova, Radioengineering 18(2):210 (2009): f = 1 - (x - stp(-i))^(2p) for the HP
 * family. Written for the direction of motion it is f = 1 - u^(2p) moving towards u = 1 and
 * f = 1 - (1 - u)^(2p) moving towards u = 0: the window vanishes at the bound being approached and is 1 at
 * the bound being left, so the state never locks. In TEAM/VTEAM (u towards 1 is OFF) this is the mirrored
 * form the reference requires.
 */
public final class BiolekWindow implements Window {
    private final double p;

    public BiolekWindow(double p) {
        this.p = p;
    }

    public double value(double u, boolean up) {
        u = Window.clamp01(u);
        return 1 - Window.powAbs(up ? u : 1 - u, 2 * p);
    }
    public double derivative(double u, boolean up) {
        if (u < 0 || u > 1) return 0;
        return up ? -Window.powAbsDerivative(u, 2 * p) : Window.powAbsDerivative(1 - u, 2 * p);
    }
    public String name() { return "biolek"; }
}
