package org.memspice.train;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The adversary of KDG / KDWG / KDSNG: an MLP d -> h -> h -> 1 with leaky-ReLU(0.2), no batch norm and a
 * linear output (a logit for the GAN discriminator, a score for the WGAN critic). Its gradient penalty
 * (Gulrajani et al., "Improved training of Wasserstein GANs", NIPS 2017) needs dD/dx differentiated again
 * with respect to the weights; this is written out by hand below (leaky ReLU has zero second derivative
 * almost everywhere, so only the weight paths contribute).
 */
public final class Critic {
    static final double SLOPE = 0.2;
    public final int inputs, hidden;
    public final Param w1, b1, w2, b2, w3, b3;

    public Critic(int inputs, int hidden, DataType dt, Random rng) {
        this.inputs = inputs;
        this.hidden = hidden;
        w1 = new Param("critic.w1", Init.uniform(new long[] {inputs, hidden}, Math.sqrt(6.0 / inputs), dt, rng), false);
        b1 = new Param("critic.b1", Nd4j.zeros(dt, 1, hidden), false);
        w2 = new Param("critic.w2", Init.uniform(new long[] {hidden, hidden}, Math.sqrt(6.0 / hidden), dt, rng), false);
        b2 = new Param("critic.b2", Nd4j.zeros(dt, 1, hidden), false);
        w3 = new Param("critic.w3", Init.uniform(new long[] {hidden, 1}, Math.sqrt(6.0 / hidden), dt, rng), false);
        b3 = new Param("critic.b3", Nd4j.zeros(dt, 1, 1), false);
    }

    public List<Param> params() {
        return List.of(w1, b1, w2, b2, w3, b3);
    }

    /** Activations of one forward pass. */
    public record Pass(INDArray x, INDArray h1, INDArray a1, INDArray h2, INDArray a2, INDArray out) {
    }

    static INDArray leaky(INDArray h) {
        INDArray pos = h.gt(0).castTo(h.dataType());
        return h.mul(pos.mul(1 - SLOPE).addi(SLOPE));
    }

    static INDArray leakySlope(INDArray h) {
        return h.gt(0).castTo(h.dataType()).muli(1 - SLOPE).addi(SLOPE);
    }

    public Pass forward(INDArray x) {
        INDArray h1 = x.mmul(w1.value).addiRowVector(b1.value);
        INDArray a1 = leaky(h1);
        INDArray h2 = a1.mmul(w2.value).addiRowVector(b2.value);
        INDArray a2 = leaky(h2);
        INDArray out = a2.mmul(w3.value).addiRowVector(b3.value);
        return new Pass(x, h1, a1, h2, a2, out);
    }

    /** Adds dL/dparams for dL/dout = gOut [N, 1] to the parameter gradients; returns dL/dx. */
    public INDArray backward(Pass p, INDArray gOut) {
        w3.grad.addi(p.a2().transpose().mmul(gOut));
        b3.grad.addi(gOut.sum(true, 0));
        INDArray g2 = gOut.mmul(w3.value.transpose()).muli(leakySlope(p.h2()));
        w2.grad.addi(p.a1().transpose().mmul(g2));
        b2.grad.addi(g2.sum(true, 0));
        INDArray g1 = g2.mmul(w2.value.transpose()).muli(leakySlope(p.h1()));
        w1.grad.addi(p.x().transpose().mmul(g1));
        b1.grad.addi(g1.sum(true, 0));
        return g1.mmul(w1.value.transpose());
    }

    /** dD/dx for every row of x (no parameter gradients touched). */
    public INDArray inputGradient(INDArray x) {
        Pass p = forward(x);
        INDArray v2 = leakySlope(p.h2()).muliRowVector(w3.value.transpose());
        INDArray v1 = v2.mmul(w2.value.transpose()).muli(leakySlope(p.h1()));
        return v1.mmul(w1.value.transpose());
    }

    public void zeroGrad() {
        for (Param q : params()) q.grad.assign(0);
    }

    /**
     * Gradient penalty lambda * mean_n (||dD/dx(x_n)||_2 - 1)^2; adds its gradient with respect to the
     * critic's weights to the parameter gradients and returns the penalty.
     */
    public double gradientPenalty(INDArray xHat, double lambda) {
        long n = xHat.size(0);
        Pass p = forward(xHat);
        INDArray s1 = leakySlope(p.h1()), s2 = leakySlope(p.h2());
        INDArray v2 = s2.mulRowVector(w3.value.transpose());          // [N,H]
        INDArray v1 = v2.mmul(w2.value.transpose()).muli(s1);         // [N,H]
        INDArray g = v1.mmul(w1.value.transpose());                   // [N,d]
        INDArray norm = Transforms.sqrt(g.mul(g).sum(true, 1), false); // [N,1]
        INDArray dev = norm.sub(1);
        double pen = lambda * dev.mul(dev).sumNumber().doubleValue() / n;
        INDArray coef = dev.div(Transforms.max(norm, 1e-12, true)).muli(2 * lambda / n);
        INDArray gg = g.mulColumnVector(coef);                        // dP/dg
        w1.grad.addi(gg.transpose().mmul(v1));
        INDArray du1 = gg.mmul(w1.value).muli(s1);                    // dP/d(v2 W2^T)
        w2.grad.addi(du1.transpose().mmul(v2));
        INDArray dv2 = du1.mmul(w2.value);
        w3.grad.addi(dv2.mul(s2).sum(true, 0).transpose());
        return pen;
    }
}
