package org.memspice.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** sign with sign(0) = +1, the convention of the bit-packed inference (bit 1 = +1). */
final class Binarize {
    private Binarize() {
    }

    static INDArray sign(INDArray x) {
        return x.gte(0).castTo(x.dataType()).muli(2).subi(1);
    }
}
