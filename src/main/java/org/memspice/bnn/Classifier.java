package org.memspice.bnn;

/** Something that classifies one image (CHW floats in [0, 1]). Instances hold work buffers: one per thread. */
public interface Classifier {
    /** The predicted class: the index of the largest score, the lowest index on ties. */
    int predict(float[] image);

    /** The index of the largest value, the lowest index on ties. */
    static int argmax(float[] scores, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
