package org.memspice.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.memspice.bnn.Architecture;

/**
 * Every setting of a training run. Defaults are documented in the command's help and the README.
 *
 * @param widths channels of the three convolution stages
 * @param temperature distillation temperature T; also the temperature of the softmax the adversary sees
 * @param alpha weight of the distillation term (1 - alpha on the label cross-entropy)
 * @param alphaEnd distillation weight at the end of the schedule: alpha follows the learning rate's cosine from
 *     {@code alpha} to {@code alphaEnd} (equal to alpha: constant)
 * @param advWeight weight of the adversarial (generator) term in the student loss
 * @param advWeightEnd adversarial weight at the end of the schedule, on the same cosine
 * @param lambda gradient-penalty weight (WGAN-GP)
 * @param criticSteps adversary updates per student step
 * @param discInput what the adversary sees: softmax(z/T) or the raw logits
 * @param trainLimit use only the first N training images (0: all)
 * @param testLimit evaluate on the first N test images each epoch (0: all)
 * @param augment random horizontal flips and shifts of up to 2 pixels of every training image
 */
public record TrainOptions(Architecture arch, Method method, int[] widths, int epochs, long seed, int batch, double lr,
        double temperature, double alpha, double alphaEnd, double advWeight, double advWeightEnd, double lambda, int criticSteps, int criticHidden,
        double criticLr, double criticBeta1, double criticBeta2, SignActivation.Estimator ste, double bnMomentum,
        DiscInput discInput, int trainLimit, int testLimit, Path teacher, boolean augment) {

    /** Training method. */
    public enum Method { BASELINE, KD, KDG, KDWG, KDSNG;
        public boolean distills() {
            return this != BASELINE;
        }

        public boolean adversarial() {
            return this == KDG || this == KDWG || this == KDSNG;
        }

        public boolean wasserstein() {
            return this == KDWG || this == KDSNG;
        }
    }

    /**
     * A value on the cosine schedule at {@code step} of {@code total}: {@code start} at step 0, {@code end} at the
     * last step, (start + end) / 2 half-way (Loshchilov and Hutter, "SGDR", ICLR 2017, without restarts).
     */
    public static double cosine(double start, double end, long step, long total) {
        return end + (start - end) * 0.5 * (1 + Math.cos(Math.PI * step / total));
    }

    /** Input of the discriminator / critic. */
    public enum DiscInput { SOFTMAX, LOGITS }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("widths", widths[0] + "," + widths[1] + "," + widths[2]);
        m.put("batch", batch);
        m.put("lr", lr);
        m.put("lrSchedule", "cosine");
        m.put("optimizer", "adam(0.9,0.999)");
        m.put("ste", ste.name().toLowerCase());
        m.put("bnMomentum", bnMomentum);
        if (method.distills()) {
            m.put("temperature", temperature);
            m.put("alpha", alpha);
            if (alphaEnd != alpha) m.put("alphaEnd", alphaEnd);
            m.put("teacher", String.valueOf(teacher));
        }
        if (method.adversarial()) {
            m.put("advWeight", advWeight);
            if (advWeightEnd != advWeight) m.put("advWeightEnd", advWeightEnd);
            m.put("criticSteps", criticSteps);
            m.put("criticHidden", criticHidden);
            m.put("criticLr", criticLr);
            m.put("criticBeta1", criticBeta1);
            m.put("criticBeta2", criticBeta2);
            m.put("discInput", discInput.name().toLowerCase());
            if (method.wasserstein()) m.put("lambda", lambda);
        }
        if (augment) m.put("augment", "flip+shift2");
        if (trainLimit > 0) m.put("trainLimit", trainLimit);
        return m;
    }
}
