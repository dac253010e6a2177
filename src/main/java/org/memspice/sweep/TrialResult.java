package org.memspice.sweep;

import org.memspice.crossbar.ArrayScheme;

/**
 * What one trial measured: images classified, those classified right, those on which the circuit agrees with the
 * software model, the energy per image, and the time the chip's reprogramming and its inference took.
 */
public record TrialResult(int point, ArrayScheme scheme, int trial, int images, int correct, int agree,
                          double energyPerImage, double reprogramSeconds, double inferSeconds)
        implements java.io.Serializable {

    public TrialKey key() {
        return new TrialKey(point, scheme, trial);
    }

    public double accuracy() {
        return (double) correct / images;
    }

    public double agreement() {
        return (double) agree / images;
    }
}
