package org.memspice.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.memspice.InputException;
import org.memspice.SimulationException;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.ImageSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One training run: baseline (cross-entropy with straight-through estimators), Hinton distillation, and
 * distillation plus an adversary that tells the teacher's outputs from the student's: a GAN discriminator
 * (KDG) or a WGAN-GP critic (KDWG, and KDSNG for BSSC-Net). Seeded throughout: the epoch-e shuffle and the
 * penalty's interpolation draws come from generators seeded with (seed, e), so a run resumed from a
 * checkpoint continues exactly as an uninterrupted run would.
 */
public final class Trainer {
    /** Metrics of one epoch. */
    public record EpochResult(int epoch, double taskLoss, double advLoss, double criticLoss, double penalty,
                              double trainAccuracy, double testAccuracy, double seconds) {
    }

    public final TrainOptions o;
    public final Network student;
    public final Adam opt;
    public final Critic critic;
    public final Adam criticOpt;
    private final ImageSet train, test;
    private float[] teacherLogits;
    /** The frozen teacher, kept when augmented batches need its logits computed per step. */
    private Network teacherNet;
    private int epochsDone;
    private double wallSeconds;
    private final List<EpochResult> history = new ArrayList<>();
    private final DataType dt = DataType.FLOAT;

    public Trainer(TrainOptions o, ImageSet train, ImageSet test) {
        this.o = o;
        this.train = o.trainLimit() > 0 ? train.head(o.trainLimit()) : train;
        this.test = o.testLimit() > 0 ? test.head(o.testLimit()) : test;
        int[] w = o.widths();
        this.student = Network.build(o.arch(), Architecture.Layout.standard(w), o.bnMomentum(), o.ste(), dt, o.seed());
        this.opt = new Adam(student.params(), 0.9, 0.999, 1e-8);
        if (o.method().adversarial()) {
            critic = new Critic(10, o.criticHidden(), dt, new Random(o.seed() ^ 0x5DEECE66DL));
            criticOpt = new Adam(critic.params(), o.criticBeta1(), o.criticBeta2(), 1e-8);
        } else {
            critic = null;
            criticOpt = null;
        }
    }

    public List<EpochResult> history() {
        return List.copyOf(history);
    }

    public int epochsDone() {
        return epochsDone;
    }

    /** Computes the frozen teacher's logits for every training image once (evaluation mode). */
    public void loadTeacher(BnnModel teacherModel, String source, PrintStream log) {
        Network t = ModelConversion.toNetwork(teacherModel, dt, source);
        if (o.augment()) {
            // augmented batches differ every step: their logits are computed per step in step()
            teacherNet = t;
        } else {
            int n = train.size();
            teacherLogits = new float[n * 10];
            int b = 500;
            for (int s = 0; s < n; s += b) {
                int m = Math.min(b, n - s);
                INDArray z = t.forward(batch(train, range(s, m)), false);
                System.arraycopy(Raw.floats(z), 0, teacherLogits, s * 10, m * 10);
            }
        }
        double acc = accuracy(t, test);
        log.printf("teacher %s: test accuracy %.4f (ND4J forward, %d images)%n", source, acc, test.size());
    }

    static int[] range(int s, int m) {
        int[] r = new int[m];
        for (int i = 0; i < m; i++) r[i] = s + i;
        return r;
    }

    static INDArray batch(ImageSet set, int[] idx) {
        return batch(set, idx, null);
    }

    /**
     * A batch [N, H, W, 1]; with {@code aug} each image is flipped left-right with probability 1/2 and shifted
     * by dx, dy uniform in {-2..2} (zero fill), draws taken in image order.
     */
    static INDArray batch(ImageSet set, int[] idx, Random aug) {
        int h = set.rows(), w = set.cols(), px = set.pixelCount();
        float[] x = new float[idx.length * px];
        set.copyBatch(idx, x);
        if (aug != null) {
            float[] img = new float[px];
            for (int b = 0; b < idx.length; b++) {
                boolean flip = aug.nextBoolean();
                int dx = aug.nextInt(5) - 2, dy = aug.nextInt(5) - 2;
                System.arraycopy(x, b * px, img, 0, px);
                for (int y = 0; y < h; y++) {
                    for (int c = 0; c < w; c++) {
                        int sy = y - dy, sx = c - dx;
                        if (flip) sx = w - 1 - sx;
                        x[b * px + y * w + c] = sy >= 0 && sy < h && sx >= 0 && sx < w ? img[sy * w + sx] : 0f;
                    }
                }
            }
        }
        return Raw.wrap(x, new long[] {idx.length, h, w, 1});
    }

    /** Test-set accuracy of a network in evaluation mode (running BN statistics). */
    public static double accuracy(Network net, ImageSet set) {
        int correct = 0, b = 500;
        for (int s = 0; s < set.size(); s += b) {
            int m = Math.min(b, set.size() - s);
            int[] pred = argmax(net.forward(batch(set, range(s, m)), false));
            for (int i = 0; i < m; i++) if (pred[i] == set.label(s + i)) correct++;
        }
        return (double) correct / set.size();
    }

    /** Index of the largest score per row, lowest index on ties (the model file's rule). */
    public static int[] argmax(INDArray z) {
        double[] v = Raw.of(z);
        int k = (int) z.size(1), n = (int) z.size(0);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (v[i * k + j] > v[i * k + best]) best = j;
            r[i] = best;
        }
        return r;
    }


    /** Runs the remaining epochs; after each, appends a CSV row and writes the checkpoint. */
    public void run(Path csv, Path checkpoint, PrintStream log, boolean progress) throws IOException {
        runEpochs(o.epochs(), csv, checkpoint, log, progress);
    }

    /** Runs epochs up to (and including) {@code last} of the planned {@code o.epochs()} (an interruptible run). */
    public void runEpochs(int last, Path csv, Path checkpoint, PrintStream log, boolean progress) throws IOException {
        if (o.method().distills() && teacherLogits == null && teacherNet == null) {
            throw new InputException("--method " + o.method().name().toLowerCase() + " needs --teacher FILE");
        }
        if (epochsDone == 0 || !Files.exists(csv)) {
            Files.writeString(csv, "epoch,task_loss,adv_loss,critic_loss,gradient_penalty,train_accuracy,test_accuracy,epoch_seconds,wall_seconds\n");
        }
        int n = train.size();
        int steps = n / o.batch();
        if (steps == 0) throw new InputException("--batch " + o.batch() + " is larger than the " + n + " training images");
        long total = (long) steps * o.epochs();
        for (int e = epochsDone; e < Math.min(last, o.epochs()); e++) {
            long t0 = System.nanoTime();
            int[] perm = permutation(n, new Random(o.seed() * 1_000_003L + e));
            Random draws = new Random(o.seed() * 7_919L + e + 17);
            Random aug = o.augment() ? new Random(o.seed() * 31_337L + e + 5) : null;
            double task = 0, adv = 0, crit = 0, pen = 0;
            int correct = 0;
            ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("epoch " + (e + 1) + "/" + o.epochs())
                    .setInitialMax(steps).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(5000)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).continuousUpdate().build() : null;
            try {
                for (int s = 0; s < steps; s++) {
                    int[] idx = new int[o.batch()];
                    System.arraycopy(perm, s * o.batch(), idx, 0, o.batch());
                    int[] y = new int[idx.length];
                    for (int i = 0; i < y.length; i++) y[i] = train.label(idx[i]);
                    long t = (long) e * steps + s;
                    StepResult r = step(batch(train, idx, aug), y, idx, draws, TrainOptions.cosine(o.lr(), 0, t, total),
                            TrainOptions.cosine(o.alpha(), o.alphaEnd(), t, total),
                            TrainOptions.cosine(o.advWeight(), o.advWeightEnd(), t, total));
                    task += r.task;
                    adv += r.adv;
                    crit += r.critic;
                    pen += r.penalty;
                    correct += r.correct;
                    if (bar != null) {
                        bar.step();
                        bar.setExtraMessage(String.format(" loss %.3f", task / (s + 1)));
                    }
                }
            } finally {
                if (bar != null) bar.close();
            }
            diverged(e + 1, steps, task, adv, crit, pen);
            double testAcc = accuracy(student, test);
            double sec = (System.nanoTime() - t0) / 1e9;
            wallSeconds += sec;
            EpochResult er = new EpochResult(e + 1, task / steps, adv / steps, crit / steps, pen / steps,
                    (double) correct / (steps * o.batch()), testAcc, sec);
            history.add(er);
            epochsDone = e + 1;
            Files.writeString(csv, String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.4f,%.4f,%.1f,%.1f%n",
                    er.epoch(), er.taskLoss(), er.advLoss(), er.criticLoss(), er.penalty(), er.trainAccuracy(),
                    er.testAccuracy(), er.seconds(), wallSeconds), java.nio.file.StandardOpenOption.APPEND);
            log.printf(java.util.Locale.ROOT, "epoch %d/%d: task loss %.4f, adv %.4f, critic %.4f, penalty %.4f, "
                            + "train acc %.4f, test acc %.4f, %.1f s%n", er.epoch(), o.epochs(), er.taskLoss(), er.advLoss(),
                    er.criticLoss(), er.penalty(), er.trainAccuracy(), er.testAccuracy(), sec);
            if (checkpoint != null) Checkpoint.write(this, checkpoint);
        }
    }

    /**
     * Stops a run whose losses or parameters are no longer finite numbers (a learning rate or weight far too large):
     * nothing non-finite is written to the metrics, the checkpoint or a model file.
     */
    private void diverged(int epoch, int steps, double task, double adv, double crit, double pen) {
        String what = null;
        if (!Double.isFinite(task) || !Double.isFinite(adv) || !Double.isFinite(crit) || !Double.isFinite(pen)) {
            what = String.format(java.util.Locale.ROOT, "mean losses task %s, adversarial %s, critic %s, penalty %s",
                    task / steps, adv / steps, crit / steps, pen / steps);
        } else {
            List<INDArray> all = new ArrayList<>();
            for (Param p : student.params()) all.add(p.value);
            all.addAll(student.state());
            if (critic != null) for (Param p : critic.params()) all.add(p.value);
            for (INDArray a : all) {
                if (!Double.isFinite(a.sumNumber().doubleValue())) {
                    what = "parameters or batch-norm statistics are no longer finite";
                    break;
                }
            }
        }
        if (what != null) {
            throw new SimulationException("training diverged in epoch " + epoch + " (" + what + ") with --lr " + o.lr()
                    + (o.method().adversarial() ? ", --adv-weight " + o.advWeight() + ", --lambda " + o.lambda()
                    + ", --critic-lr " + o.criticLr() : "") + "; expected smaller rates or weights");
        }
    }

    /**
     * Times {@code steps} training steps (after {@code warmup} untimed ones) on consecutive batches of the
     * training set; returns images per second. Changes the network: for benchmarks only.
     */
    public double trainingThroughput(int warmup, int steps) {
        Random draws = new Random(o.seed());
        int nb = train.size() / o.batch();
        long t0 = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) t0 = System.nanoTime();
            int[] idx = range((s % nb) * o.batch(), o.batch());
            int[] y = new int[idx.length];
            for (int i = 0; i < y.length; i++) y[i] = train.label(idx[i]);
            step(batch(train, idx), y, idx, draws, o.lr(), o.alpha(), o.advWeight());
        }
        return (double) steps * o.batch() / ((System.nanoTime() - t0) / 1e9);
    }

    /** Evaluation-mode forward passes per second over the test set, in batches of {@code batch}. */
    public double inferenceThroughput(int batch, int images) {
        int n = Math.min(images, test.size());
        student.forward(batch(test, range(0, Math.min(batch, n))), false);
        long t0 = System.nanoTime();
        for (int s = 0; s < n; s += batch) student.forward(batch(test, range(s, Math.min(batch, n - s))), false);
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    static int[] permutation(int n, Random rng) {
        int[] p = range(0, n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private record StepResult(double task, double adv, double critic, double penalty, int correct) {
    }

    private INDArray discInput(INDArray z) {
        return o.discInput() == TrainOptions.DiscInput.SOFTMAX ? Losses.softmax(z, o.temperature()) : z.dup();
    }

    /**
     * The memory of one training step's intermediate tensors (activations, gradients, temporaries): sized by the
     * first step, then reused, so that a step allocates no native buffers. Without it, allocating (and zeroing)
     * fresh native buffers and releasing them took about 40 % of a step's time (docs/training.md). Nothing made
     * inside a step outlives it: parameters, gradients, moments and batch-norm statistics are updated in place,
     * and the buffers layers keep from step to step are allocated outside the workspace.
     */
    static final WorkspaceConfiguration STEP_MEMORY = WorkspaceConfiguration.builder().initialSize(0)
            .overallocationLimit(0.2).policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();
    static final String STEP_WORKSPACE = "memspice-train-step";

    private StepResult step(INDArray x, int[] y, int[] idx, Random draws, double lr, double alpha, double advWeight) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_MEMORY, STEP_WORKSPACE)) {
            return stepInWorkspace(x, y, idx, draws, lr, alpha, advWeight);
        }
    }

    private StepResult stepInWorkspace(INDArray x, int[] y, int[] idx, Random draws, double lr, double alpha,
                                       double advWeight) {
        INDArray zs = student.forward(x, true);
        int b = y.length;
        int correct = 0;
        int[] pred = argmax(zs);
        for (int i = 0; i < b; i++) if (pred[i] == y[i]) correct++;
        INDArray zt = null;
        if (o.method().distills() && teacherNet != null) {
            // [N, 10] whatever the teacher's last layer (a dense layer, or a convolution giving N x 1 x 1 x 10)
            zt = teacherNet.forward(x, false).reshape(b, 10);
        } else if (o.method().distills()) {
            float[] t = new float[b * 10];
            for (int i = 0; i < b; i++) System.arraycopy(teacherLogits, idx[i] * 10, t, i * 10, 10);
            zt = Raw.wrap(t, new long[] {b, 10});
        }
        Losses.Value task = o.method().distills()
                ? Losses.distillation(zs, zt, y, o.temperature(), alpha)
                : Losses.crossEntropy(zs, y);
        INDArray grad = task.grad();
        double advLoss = 0, criticLoss = 0, penalty = 0;
        if (o.method().adversarial()) {
            INDArray fs = discInput(zs), ft = discInput(zt);
            boolean w = o.method().wasserstein();
            for (int k = 0; k < o.criticSteps(); k++) {
                double[] eps = new double[b];
                if (w) for (int i = 0; i < b; i++) eps[i] = draws.nextDouble();
                critic.zeroGrad();
                double[] parts = criticLoss(critic, fs, ft, w, Raw.wrap(eps, new long[] {b, 1}, dt), o.lambda());
                criticLoss = parts[0];
                penalty = parts[1];
                criticOpt.update(o.criticLr());
            }
            Losses.Value g = generatorTerm(critic, zs, w, o.discInput() == TrainOptions.DiscInput.SOFTMAX, o.temperature());
            advLoss = g.loss();
            grad = grad.add(g.grad().muli(advWeight));
        }
        student.backward(grad);
        opt.update(lr);
        return new StepResult(task.loss(), advLoss, criticLoss, penalty, correct);
    }

    /**
     * The adversary's loss on student features fs and teacher features ft; adds its gradient to the adversary's
     * parameter gradients. WGAN-GP: E[D(fs)] - E[D(ft)] + lambda E[(||grad D(x_hat)|| - 1)^2] with
     * x_hat = e ft + (1 - e) fs (e given per row). GAN: -E[log sigmoid(D(ft))] - E[log(1 - sigmoid(D(fs)))].
     * Returns {loss, penalty}.
     */
    public static double[] criticLoss(Critic critic, INDArray fs, INDArray ft, boolean wasserstein, INDArray e, double lambda) {
        long b = fs.size(0);
        Critic.Pass ps = critic.forward(fs), pt = critic.forward(ft);
        if (wasserstein) {
            INDArray ones = Nd4j.ones(fs.dataType(), b, 1);
            critic.backward(ps, ones.div(b));
            critic.backward(pt, ones.div(-b));
            INDArray xHat = ft.mulColumnVector(e).addi(fs.mulColumnVector(e.rsub(1)));
            double pen = critic.gradientPenalty(xHat, lambda);
            return new double[] {ps.out().meanNumber().doubleValue() - pt.out().meanNumber().doubleValue() + pen, pen};
        }
        INDArray sigS = Transforms.sigmoid(ps.out(), true), sigT = Transforms.sigmoid(pt.out(), true);
        critic.backward(ps, sigS.div(b));
        critic.backward(pt, sigT.rsub(1).divi(-b));
        return new double[] {softplus(pt.out().neg()) + softplus(ps.out()), 0};
    }

    /**
     * The student's adversarial term and its gradient with respect to the student logits z: WGAN -E[D(f(z))],
     * GAN (non-saturating) -E[log sigmoid(D(f(z)))], with f(z) = softmax(z/T) or f(z) = z.
     */
    public static Losses.Value generatorTerm(Critic critic, INDArray z, boolean wasserstein, boolean softmax, double t) {
        long b = z.size(0);
        INDArray fs = softmax ? Losses.softmax(z, t) : z.dup();
        INDArray gIn = critic.inputGradient(fs);
        Critic.Pass ps = critic.forward(fs);
        double loss;
        INDArray gf;
        if (wasserstein) {
            loss = -ps.out().meanNumber().doubleValue();
            gf = gIn.muli(-1.0 / b);
        } else {
            loss = softplus(ps.out().neg());
            gf = gIn.mulColumnVector(Transforms.sigmoid(ps.out().neg(), true).muli(-1.0 / b));
        }
        return new Losses.Value(loss, softmax ? Losses.softmaxBackward(fs, gf, t) : gf);
    }

    /** mean of log(1 + exp(v)), computed stably. */
    static double softplus(INDArray v) {
        double[] a = Raw.of(v);
        double s = 0;
        for (double x : a) s += x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
        return s / a.length;
    }

    void restore(int epochs, double wall, List<EpochResult> hist) {
        epochsDone = epochs;
        wallSeconds = wall;
        history.clear();
        history.addAll(hist);
    }

    double wallSeconds() {
        return wallSeconds;
    }

    public ImageSet testSet() {
        return test;
    }
}
