package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The three network shapes, for 28 x 28 x 1 inputs and 10 classes. Stage widths c1, c2, c3:
 * <pre>
 * fp  : conv3x3(1->c1) BN ReLU pool2 | conv3x3(c1->c2) BN ReLU pool2 | conv3x3(c2->c3) BN ReLU pool2 | dense(+bias)
 * bnn : conv3x3(1->c1) BN sign pool2 | conv3x3(c1->c2) BN sign pool2 | conv3x3(c2->c3) BN sign pool2 | dense -> argmax
 * bssc: as bnn, with conv2 and conv3 replaced by conv3x1(ci->ci, pad 1x0) BN sign conv1x3(ci->co, pad 0x1)
 * </pre>
 * Every convolution keeps the size (pad 1, zero padding: on a crossbar a padded input is a row left at 0 V,
 * in the bit-packed inference a masked bit). Spatial sizes 28 -> 14 -> 7 -> 3; the classifier head sees
 * 9*c3 inputs. Binary weights: 9 c1 + 9 c1 c2 + 9 c2 c3 + 90 c3 for bnn; BSSC-Net replaces 9 ci co by
 * 3 ci (ci + co) in stages 2 and 3.
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
        l.add(new Dense("fc", 9 * c3, 10, bin, !bin, dt, rng));
        if (bin) l.add(new LogitScale("fc", 1.0 / Math.sqrt(9.0 * c3), dt));
        return new Network(l);
    }

    private void addStage(List<Layer> l, String name, int cin, int cout, double mom, SignActivation.Estimator ste,
                          DataType dt, Random rng, String bn) {
        if (this == BSSC) {
            l.add(new Conv2d(name + "a", cin, cin, 3, 1, 1, 0, true, false, dt, rng));
            l.add(new BatchNorm(bn + "a", cin, BN_EPS, mom, dt));
            l.add(activation(ste));
            l.add(new Conv2d(name + "b", cin, cout, 1, 3, 0, 1, true, false, dt, rng));
        } else {
            l.add(new Conv2d(name, cin, cout, 3, 3, 1, 1, this != FP, false, dt, rng));
        }
        l.add(new BatchNorm(bn, cout, BN_EPS, mom, dt));
        l.add(activation(ste));
    }

    private Layer activation(SignActivation.Estimator ste) {
        return this == FP ? new Relu() : new SignActivation(ste);
    }
}
