package org.memspice.train;

import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FloatInference;
import org.memspice.bnn.ImageSet;

/**
 * Compares the training network's ND4J forward pass with the model file's reference float inference
 * (org.memspice.bnn) on the same images: the accuracy a model file records is the reference one.
 */
public record Agreement(int n, int referenceCorrect, int trainingCorrect, int mismatches) {

    public double referenceAccuracy() {
        return (double) referenceCorrect / n;
    }

    public double trainingAccuracy() {
        return (double) trainingCorrect / n;
    }

    public static Agreement measure(Network net, BnnModel model, ImageSet set) {
        FloatInference ref = new FloatInference(model);
        int b = 500, refOk = 0, netOk = 0, diff = 0;
        for (int s = 0; s < set.size(); s += b) {
            int m = Math.min(b, set.size() - s);
            int[] pred = Trainer.argmax(net.forward(Trainer.batch(set, Trainer.range(s, m)), false));
            for (int i = 0; i < m; i++) {
                int r = ref.predict(set.image(s + i));
                int y = set.label(s + i);
                if (r == y) refOk++;
                if (pred[i] == y) netOk++;
                if (r != pred[i]) diff++;
            }
        }
        return new Agreement(set.size(), refOk, netOk, diff);
    }
}
