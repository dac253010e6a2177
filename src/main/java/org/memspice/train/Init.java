package org.memspice.train;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded parameter initialisation (He/Glorot-style uniform ranges). */
final class Init {
    private Init() {
    }

    static INDArray uniform(long[] shape, double limit, DataType dt, Random rng) {
        long len = 1;
        for (long s : shape) len *= s;
        double[] v = new double[(int) len];
        for (int i = 0; i < v.length; i++) v[i] = (2 * rng.nextDouble() - 1) * limit;
        return Nd4j.create(v, shape, 'c').castTo(dt);
    }
}
