package org.memspice.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Classification and distillation losses on logits [N, K]; each returns the batch-mean loss and dL/dlogits. */
public final class Losses {
    private Losses() {
    }

    /** A loss value with its gradient with respect to the input it was computed from. */
    public record Value(double loss, INDArray grad) {
    }

    /** Row-wise softmax of z / t. */
    public static INDArray softmax(INDArray z, double t) {
        INDArray s = z.div(t);
        s.subiColumnVector(s.max(true, 1));
        Transforms.exp(s, false);
        return s.diviColumnVector(s.sum(true, 1));
    }

    static INDArray logSoftmax(INDArray z, double t) {
        INDArray s = z.div(t);
        s.subiColumnVector(s.max(true, 1));
        INDArray lse = Transforms.log(Transforms.exp(s, true).sum(true, 1), false);
        return s.subiColumnVector(lse);
    }

    static INDArray oneHot(int[] labels, int k, INDArray like) {
        INDArray y = Nd4j.zeros(like.dataType(), labels.length, k);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1.0);
        return y;
    }

    /** Softmax cross-entropy with integer labels. */
    public static Value crossEntropy(INDArray z, int[] labels) {
        long n = z.size(0);
        INDArray y = oneHot(labels, (int) z.size(1), z);
        double loss = -logSoftmax(z, 1).mul(y).sumNumber().doubleValue() / n;
        return new Value(loss, softmax(z, 1).subi(y).divi(n));
    }

    /**
     * Hinton distillation: (1 - a) CE(y, softmax(z_s)) + a T^2 KL(softmax(z_t/T) || softmax(z_s/T))
     * (Hinton, Vinyals, Dean, "Distilling the knowledge in a neural network", 2015).
     */
    public static Value distillation(INDArray zs, INDArray zt, int[] labels, double t, double a) {
        long n = zs.size(0);
        Value ce = crossEntropy(zs, labels);
        INDArray pt = softmax(zt, t);
        INDArray logPt = logSoftmax(zt, t);
        INDArray logPs = logSoftmax(zs, t);
        double kl = pt.mul(logPt.sub(logPs)).sumNumber().doubleValue() / n;
        INDArray g = ce.grad().mul(1 - a).addi(softmax(zs, t).subi(pt).muli(a * t / n));
        return new Value((1 - a) * ce.loss() + a * t * t * kl, g);
    }

    /** Back-propagates dL/dp through p = softmax(z / t): dL/dz = p (dL/dp - <dL/dp, p>) / t. */
    public static INDArray softmaxBackward(INDArray p, INDArray gp, double t) {
        INDArray dot = gp.mul(p).sum(true, 1);
        return gp.subColumnVector(dot).muli(p).divi(t);
    }
}
