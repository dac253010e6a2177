package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The three network shapes, for 28 x 28 x 1 inputs and 10 classes. Stage widths c1, c2, c3:
 * <pre>
 * fp  : conv3x3(1->c1, pad 1) BN ReLU pool2 | conv3x3(c1->c2) BN ReLU pool2 | conv3x3(c2->c3) BN ReLU pool2 | dense(+bias)
 * bnn : conv3x3(1->c1, pad 1) BN sign pool2 | conv3x3(c1->c2) BN sign pool2 | conv3x3(c2->c3) BN sign pool2 | dense -> argmax
 * bssc: as bnn, with conv2 and conv3 replaced by conv3x1(ci->ci) BN sign conv1x3(ci->co)
 * </pre>
 * Spatial sizes 28 -> 14 -> 12 -> 6 -> 4 -> 2; the classifier head sees 2*2*c3 inputs. Layers after the
 * first have no padding, so every binary layer sees only +-1 inputs.
 */
public enum Architecture {
    FP, BNN, BSSC;

    public static final double BN_EPS = 1e-5;

    public Network build(int c1, int c2, int c3, double bnMomentum, SignActivation.Estimator ste, DataType dt, long seed) {
        Random rng = new Random(seed);
        boolean bin = this != FP;
        List<Layer> l = new ArrayList<>();
        l.add(new Conv2d("conv1", 1, c1, 3, 3, 1, 1, bin, false, dt, rng));
        l.add(new BatchNorm("bn1", c1, BN_EPS, bnMomentum, dt));
        l.add(activation(ste));
        l.add(new MaxPool(2));
        addStage(l, "conv2", c1, c2, bnMomentum, ste, dt, rng, "bn2");
        l.add(new MaxPool(2));
        addStage(l, "conv3", c2, c3, bnMomentum, ste, dt, rng, "bn3");
        l.add(new MaxPool(2));
        l.add(new Dense("fc", 4 * c3, 10, bin, !bin, dt, rng));
        if (bin) l.add(new LogitScale("fc", 1.0 / Math.sqrt(4.0 * c3), dt));
        return new Network(l);
    }

    private void addStage(List<Layer> l, String name, int cin, int cout, double mom, SignActivation.Estimator ste,
                          DataType dt, Random rng, String bn) {
        if (this == BSSC) {
            l.add(new Conv2d(name + "a", cin, cin, 3, 1, 0, 0, true, false, dt, rng));
            l.add(new BatchNorm(bn + "a", cin, BN_EPS, mom, dt));
            l.add(activation(ste));
            l.add(new Conv2d(name + "b", cin, cout, 1, 3, 0, 0, true, false, dt, rng));
        } else {
            l.add(new Conv2d(name, cin, cout, 3, 3, 0, 0, this != FP, false, dt, rng));
        }
        l.add(new BatchNorm(bn, cout, BN_EPS, mom, dt));
        l.add(activation(ste));
    }

    private Layer activation(SignActivation.Estimator ste) {
        return this == FP ? new Relu() : new SignActivation(ste);
    }
}
