package org.memspice.bnn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Classifies a set of images and counts the correct predictions, on several threads (one classifier each). */
public final class Evaluation {
    private Evaluation() {}

    /**
     * @param accuracy correct / n
     * @param predictions the predicted class of each of the n images
     * @param seconds wall-clock time of the classification
     */
    public record Result(double accuracy, int n, int correct, int[] predictions, double seconds) {
        public double imagesPerSecond() {
            return n / seconds;
        }
    }

    /** Classifies the first {@code limit} images of {@code set} (all if limit <= 0) with {@code threads} threads. */
    public static Result run(Supplier<Classifier> classifiers, ImageSet set, int limit, int threads,
            java.util.function.IntConsumer progress) {
        int n = limit <= 0 ? set.size() : Math.min(limit, set.size());
        int[] predictions = new int[n];
        int t = Math.max(1, Math.min(threads, n));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int chunk = 100;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(t);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                futures.add(pool.submit(() -> {
                    Classifier c = classifiers.get();
                    float[] image = new float[set.pixelCount()];
                    int from;
                    while ((from = next.getAndAdd(chunk)) < n) {
                        int to = Math.min(n, from + chunk);
                        for (int i = from; i < to; i++) {
                            set.copyImage(i, image, 0);
                            predictions[i] = c.predict(image);
                        }
                        if (progress != null) {
                            progress.accept(done.addAndGet(to - from));
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (predictions[i] == set.label(i)) {
                correct++;
            }
        }
        return new Result((double) correct / n, n, correct, predictions, seconds);
    }
}
