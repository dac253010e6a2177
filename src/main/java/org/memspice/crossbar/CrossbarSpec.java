package org.memspice.crossbar;

import java.util.List;

/**
 * A crossbar read-mode experiment, as read from a spec file: the array's design, what is stored in it
 * (weights in {-1,+1} for the weight schemes, or device conductances), and its stimulus. Matrices are
 * row-major (input i, output j at i*columns + j).
 *
 * @param weights weights in {-1,+1} (double-column / single-column schemes), else null
 * @param conductances per-device conductances (scheme CONDUCTANCES), else null
 */
public record CrossbarSpec(String name, ArrayDesign design, int[] weights, double[] conductances, Stimulus stimulus) {

    public int rows() {
        return design.rows();
    }

    public int columns() {
        return design.columns();
    }

    public ArrayScheme scheme() {
        return design.scheme();
    }

    public List<double[]> inputs() {
        return stimulus.inputs();
    }

    public double pulseWidth() {
        return stimulus.pulseWidth();
    }

    /** The array this spec describes, programmed with its weights or conductances. */
    public CrossbarArray array() {
        return design.scheme() == ArrayScheme.CONDUCTANCES
                ? CrossbarArray.ofConductances(design, conductances)
                : CrossbarArray.programmed(design, weights);
    }

    /** A copy with another design (other wires, sensing, ...), same contents and stimulus. */
    public CrossbarSpec withDesign(ArrayDesign d) {
        return new CrossbarSpec(name, d, weights, conductances, stimulus);
    }

    /** A copy with other input vectors. */
    public CrossbarSpec withInputs(List<double[]> newInputs) {
        return new CrossbarSpec(name, design, weights, conductances, new Stimulus(newInputs, stimulus.pulseWidth()));
    }
}
