package org.memspice.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.memspice.bnn.Architecture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks (central differences, double precision, small shapes) of every hand-written
 * backward pass and loss gradient. For the binary parts the straight-through estimators are checked against
 * the surrogate functions they differentiate (hard tanh, ApproxSign; identity of the latent weight).
 */
class GradientCheckTest {
    @org.junit.jupiter.api.BeforeAll
    static void oneThread() {
        Nd4jRuntime.threads(1);
    }

    static final DataType D = DataType.DOUBLE;
    static final double H = 1e-6;

    static INDArray rand(Random r, long... shape) {
        return Init.uniform(shape, 1.0, D, r);
    }

    /** Largest relative error between an analytic gradient and central differences of f over x's entries. */
    static double check(INDArray x, INDArray analytic, Supplier<Double> f) {
        double worst = 0;
        double scale = Math.max(1e-3, analytic.amaxNumber().doubleValue());
        for (long i = 0; i < x.length(); i++) {
            double v = x.getDouble(i);
            x.putScalar(i, v + H);
            double fp = f.get();
            x.putScalar(i, v - H);
            double fm = f.get();
            x.putScalar(i, v);
            double num = (fp - fm) / (2 * H);
            double err = Math.abs(num - analytic.getDouble(i)) / scale;
            worst = Math.max(worst, err);
        }
        return worst;
    }

    /** L = sum(R * layer(x)) so that dL/dout = R. */
    static void checkLayer(Layer layer, INDArray x, Random r, double tol) {
        INDArray y0 = layer.forward(x, true);
        INDArray rw = rand(r, y0.shape());
        INDArray dx = layer.backward(rw.dup());
        Supplier<Double> f = () -> layer.forward(x, true).mul(rw).sumNumber().doubleValue();
        assertTrue(check(x, dx, f) < tol, layer.getClass().getSimpleName() + " dL/dx");
        for (Param p : layer.params()) {
            layer.forward(x, true);
            layer.backward(rw.dup());
            INDArray g = p.grad.dup();
            if (p.binary) continue; // checked through the straight-through tests below
            assertTrue(check(p.value, g, f) < tol, layer.getClass().getSimpleName() + " dL/d" + p.name);
        }
    }

    @Test
    void realConvolutionsIncludingSeparableStages() {
        Random r = new Random(1);
        checkLayer(new Conv2d("c", 2, 3, 3, 3, 1, 1, false, true, D, r), rand(r, 2, 5, 4, 2), r, 1e-6);
        checkLayer(new Conv2d("v", 3, 2, 3, 1, 0, 0, false, false, D, r), rand(r, 2, 5, 5, 3), r, 1e-6);
        checkLayer(new Conv2d("h", 3, 4, 1, 3, 0, 0, false, false, D, r), rand(r, 2, 4, 5, 3), r, 1e-6);
    }

    /**
     * Float training steps reuse the patch-matrix buffers (and the backward pass overwrites them): over three
     * consecutive steps with different inputs and output gradients, the float layer's output, input gradient
     * and weight gradient equal a double-precision twin's, which allocates fresh arrays every time.
     */
    @Test
    void floatConvolutionWithReusedBuffersMatchesFreshDoublePrecision() {
        Random r = new Random(7);
        for (int[] g : new int[][] {{3, 3, 1, 1}, {3, 1, 1, 0}, {1, 3, 0, 1}}) {
            Conv2d f = new Conv2d("f", 3, 4, g[0], g[1], g[2], g[3], true, false, DataType.FLOAT, r);
            Conv2d d = new Conv2d("d", 3, 4, g[0], g[1], g[2], g[3], true, false, D, r);
            d.weight.value.assign(f.weight.value.castTo(D));
            for (int step = 0; step < 3; step++) {
                INDArray x = rand(r, 2, 6, 5, 3);
                INDArray yf = f.forward(x.castTo(DataType.FLOAT), true), yd = d.forward(x, true);
                assertEquals(0, yf.castTo(D).sub(yd).amaxNumber().doubleValue(), 1e-5, "forward, step " + step);
                INDArray go = rand(r, yd.shape());
                INDArray dxf = f.backward(go.castTo(DataType.FLOAT)), dxd = d.backward(go);
                assertEquals(0, dxf.castTo(D).sub(dxd).amaxNumber().doubleValue(), 1e-5, "dL/dx, step " + step);
                assertEquals(0, f.weight.grad.castTo(D).sub(d.weight.grad).amaxNumber().doubleValue(), 1e-4,
                        "dL/dW, step " + step);
            }
            // an evaluation-mode pass of another batch size in between leaves the training buffers intact
            f.forward(rand(r, 3, 6, 5, 3).castTo(DataType.FLOAT), false);
            INDArray x = rand(r, 2, 6, 5, 3);
            assertEquals(0, f.forward(x.castTo(DataType.FLOAT), true).castTo(D).sub(d.forward(x, true))
                    .amaxNumber().doubleValue(), 1e-5, "forward after an evaluation pass");
        }
    }

    @Test
    void binaryConvolutionPassesTheSignGradientStraightThrough() {
        Random r = new Random(2);
        Conv2d bin = new Conv2d("b", 2, 3, 3, 3, 0, 0, true, false, D, r);
        Conv2d real = new Conv2d("r", 2, 3, 3, 3, 0, 0, false, false, D, r);
        real.weight.value.assign(Binarize.sign(bin.weight.value));
        INDArray x = rand(r, 2, 5, 5, 2);
        // forward uses sign(W): equals the real layer holding sign(W)
        assertEquals(0, bin.forward(x, true).sub(real.forward(x, true)).amaxNumber().doubleValue(), 1e-12);
        INDArray g = rand(r, 2, 3, 3, 3);
        INDArray dxB = bin.backward(g.dup()), dxR = real.backward(g.dup());
        assertEquals(0, dxB.sub(dxR).amaxNumber().doubleValue(), 1e-12);
        // dL/dW_latent = dL/dsign(W), which central differences give for the real layer
        assertEquals(0, bin.weight.grad.sub(real.weight.grad).amaxNumber().doubleValue(), 1e-12);
        checkLayer(real, x, r, 1e-6);
        checkLayer(bin, x, r, 1e-6); // dL/dx is exact: the layer is linear in x
    }

    @Test
    void denseRealAndBinary() {
        Random r = new Random(3);
        checkLayer(new Dense("d", 12, 5, false, true, D, r), rand(r, 3, 2, 2, 3), r, 1e-6);
        Dense bin = new Dense("b", 6, 4, true, false, D, r);
        Dense real = new Dense("r", 6, 4, false, false, D, r);
        real.weight.value.assign(Binarize.sign(bin.weight.value));
        INDArray x = rand(r, 3, 6);
        INDArray g = rand(r, 3, 4);
        bin.forward(x, true);
        real.forward(x, true);
        assertEquals(0, bin.backward(g.dup()).sub(real.backward(g.dup())).amaxNumber().doubleValue(), 1e-12);
        assertEquals(0, bin.weight.grad.sub(real.weight.grad).amaxNumber().doubleValue(), 1e-12);
        checkLayer(real, x, r, 1e-6);
    }

    @Test
    void batchNormInTrainingMode() {
        Random r = new Random(4);
        BatchNorm bn = new BatchNorm("bn", 3, 1e-5, 0.1, D);
        bn.gamma.value.assign(rand(r, 1, 3).addi(1.5));
        bn.beta.value.assign(rand(r, 1, 3));
        checkLayer(bn, rand(r, 4, 2, 2, 3), r, 1e-5);
        checkLayer(new BatchNorm("bn2", 4, 1e-5, 0.1, D), rand(r, 6, 4), r, 1e-5);
    }

    @Test
    void batchNormRunningStatisticsAreMeanAndUnbiasedVariance() {
        BatchNorm bn = new BatchNorm("bn", 1, 1e-5, 1.0, D);
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 6}, new long[] {4, 1}, 'c');
        bn.forward(x, true);
        assertEquals(3.0, bn.runningMean.getDouble(0), 1e-12);
        assertEquals((4 + 1 + 0 + 9) / 3.0, bn.runningVar.getDouble(0), 1e-12);
        // evaluation: gamma (x - mean) / sqrt(var + eps) + beta
        assertEquals((6 - 3) / Math.sqrt(14 / 3.0 + 1e-5), bn.forward(x, false).getDouble(3), 1e-12);
    }

    static double hardTanh(double x) {
        return Math.max(-1, Math.min(1, x));
    }

    static double approxSign(double x) {
        if (x < -1) return -1;
        if (x < 0) return 2 * x + x * x;
        if (x < 1) return 2 * x - x * x;
        return 1;
    }

    @Test
    void signEstimatorsAreTheDerivativesOfTheirSurrogates() {
        Random r = new Random(5);
        for (SignActivation.Estimator est : SignActivation.Estimator.values()) {
            SignActivation s = new SignActivation(est);
            INDArray x = rand(r, 3, 4, 4, 2).muli(1.8);
            INDArray y = s.forward(x, true);
            for (long i = 0; i < x.length(); i++) assertEquals(x.getDouble(i) >= 0 ? 1.0 : -1.0, y.getDouble(i));
            INDArray g = rand(r, x.shape());
            INDArray dx = s.backward(g.dup());
            Supplier<Double> f = () -> {
                double sum = 0;
                for (long i = 0; i < x.length(); i++) {
                    double v = x.getDouble(i);
                    sum += g.getDouble(i) * (est == SignActivation.Estimator.HTANH ? hardTanh(v) : approxSign(v));
                }
                return sum;
            };
            assertTrue(check(x, dx, f) < 1e-6, est.name());
        }
        assertEquals(1.0, new SignActivation(SignActivation.Estimator.HTANH).forward(Nd4j.zeros(D, 1, 1), false).getDouble(0));
    }

    @Test
    void maxPoolReluAndLogitScale() {
        Random r = new Random(6);
        checkLayer(new MaxPool(2), rand(r, 2, 5, 4, 3), r, 1e-6);
        checkLayer(new Relu(), rand(r, 2, 3, 3, 2), r, 1e-6);
        checkLayer(new LogitScale("s", 0.3, D), rand(r, 4, 10), r, 1e-6);
    }

    @Test
    void wholeNetworksBackPropagate() {
        Random r = new Random(7);
        Network fp = Network.build(Architecture.FP, Architecture.Layout.standard(2, 3, 4), 0.1, SignActivation.Estimator.HTANH, D, 7);
        INDArray x = rand(r, 4, 28, 28, 1).addi(1).divi(2);
        int[] y = {1, 4, 2, 9};
        Supplier<Double> f = () -> Losses.crossEntropy(fp.forward(x, true), y).loss();
        fp.backward(Losses.crossEntropy(fp.forward(x, true), y).grad());
        // spot-check the first convolution's weights and the classifier bias through the whole chain
        Param w1 = fp.params().get(0), bias = fp.params().get(fp.params().size() - 1);
        INDArray g1 = w1.grad.dup(), gb = bias.grad.dup();
        assertTrue(check(w1.value, g1, f) < 1e-4, "conv1 weights through the network");
        assertTrue(check(bias.value, gb, f) < 1e-5, "classifier bias through the network");
    }

    @Test
    void crossEntropyAndDistillation() {
        Random r = new Random(8);
        INDArray z = rand(r, 5, 10).muli(3);
        INDArray zt = rand(r, 5, 10).muli(3);
        int[] y = {0, 3, 9, 3, 7};
        assertTrue(check(z, Losses.crossEntropy(z, y).grad(), () -> Losses.crossEntropy(z, y).loss()) < 1e-6);
        for (double t : new double[] {1, 4}) {
            for (double a : new double[] {0, 0.5, 1}) {
                Losses.Value v = Losses.distillation(z, zt, y, t, a);
                assertTrue(check(z, v.grad(), () -> Losses.distillation(z, zt, y, t, a).loss()) < 1e-6, "T=" + t + " a=" + a);
            }
        }
        // KL part is zero when the student equals the teacher: loss = (1 - a) CE
        assertEquals(0.5 * Losses.crossEntropy(zt, y).loss(), Losses.distillation(zt, zt, y, 4, 0.5).loss(), 1e-12);
    }

    @Test
    void criticBackwardAndInputGradient() {
        Random r = new Random(9);
        Critic c = new Critic(10, 7, D, r);
        INDArray x = rand(r, 6, 10);
        INDArray rw = rand(r, 6, 1);
        c.zeroGrad();
        INDArray dx = c.backward(c.forward(x), rw);
        Supplier<Double> f = () -> c.forward(x).out().mul(rw).sumNumber().doubleValue();
        assertTrue(check(x, dx, f) < 1e-6);
        for (Param p : c.params()) {
            INDArray g = p.grad.dup();
            assertTrue(check(p.value, g, f) < 1e-6, p.name);
        }
        // dD/dx per row
        INDArray gin = c.inputGradient(x);
        Supplier<Double> d0 = () -> c.forward(x).out().sumNumber().doubleValue();
        assertTrue(check(x, gin, d0) < 1e-6);
    }

    @Test
    void gradientPenaltyGradientWithRespectToCriticWeights() {
        Random r = new Random(10);
        Critic c = new Critic(10, 8, D, r);
        INDArray x = rand(r, 5, 10);
        c.zeroGrad();
        double pen = c.gradientPenalty(x, 10);
        // the penalty's value from the input gradient computed by central differences of D
        INDArray gin = Nd4j.zeros(D, 5, 10);
        for (int n = 0; n < 5; n++) {
            for (int i = 0; i < 10; i++) {
                double v = x.getDouble(n, i);
                x.putScalar(n, i, v + H);
                double fp = c.forward(x).out().getDouble(n, 0);
                x.putScalar(n, i, v - H);
                double fm = c.forward(x).out().getDouble(n, 0);
                x.putScalar(n, i, v);
                gin.putScalar(n, i, (fp - fm) / (2 * H));
            }
        }
        double ref = 0;
        for (int n = 0; n < 5; n++) {
            double norm = gin.getRow(n).norm2Number().doubleValue();
            ref += 10 * (norm - 1) * (norm - 1) / 5;
        }
        assertEquals(ref, pen, 1e-6 * Math.max(1, ref));
        for (Param p : c.params()) {
            INDArray g = p.grad.dup();
            Supplier<Double> f = () -> {
                INDArray[] saved = new INDArray[6];
                int k = 0;
                for (Param q : c.params()) saved[k++] = q.grad.dup();
                double v = c.gradientPenalty(x, 10);
                k = 0;
                for (Param q : c.params()) q.grad.assign(saved[k++]);
                return v;
            };
            assertTrue(check(p.value, g, f) < 1e-6, "penalty d/d" + p.name);
        }
    }

    @Test
    void criticLossesWithRespectToCriticWeights() {
        Random r = new Random(11);
        for (boolean w : new boolean[] {true, false}) {
            Critic c = new Critic(10, 6, D, r);
            INDArray fs = Losses.softmax(rand(r, 4, 10).muli(3), 2), ft = Losses.softmax(rand(r, 4, 10).muli(3), 2);
            INDArray e = rand(r, 4, 1).addi(1).divi(2);
            c.zeroGrad();
            Trainer.criticLoss(c, fs, ft, w, e, 10);
            for (Param p : c.params()) {
                INDArray g = p.grad.dup();
                Supplier<Double> f = () -> {
                    INDArray[] saved = new INDArray[6];
                    int k = 0;
                    for (Param q : c.params()) saved[k++] = q.grad.dup();
                    double v = Trainer.criticLoss(c, fs, ft, w, e, 10)[0];
                    k = 0;
                    for (Param q : c.params()) q.grad.assign(saved[k++]);
                    return v;
                };
                assertTrue(check(p.value, g, f) < 1e-6, (w ? "WGAN-GP" : "GAN") + " d/d" + p.name);
            }
        }
    }

    @Test
    void generatorTermsWithRespectToStudentLogits() {
        Random r = new Random(12);
        Critic c = new Critic(10, 6, D, r);
        INDArray z = rand(r, 4, 10).muli(3);
        for (boolean w : new boolean[] {true, false}) {
            for (boolean soft : new boolean[] {true, false}) {
                Losses.Value v = Trainer.generatorTerm(c, z, w, soft, 4);
                double err = check(z, v.grad(), () -> Trainer.generatorTerm(c, z, w, soft, 4).loss());
                assertTrue(err < 1e-6, "wasserstein=" + w + " softmax=" + soft);
            }
        }
    }
}
