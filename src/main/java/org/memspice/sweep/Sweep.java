package org.memspice.sweep;

import org.memspice.compile.Workers;
import org.memspice.crossbar.ArrayScheme;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A device-variability sweep: for every grid point, scheme and trial, a chip programmed with sampled devices
 * classifies the images through the circuit. The trials are independent and each is a pure function of its key and
 * the shared inputs, so an engine may run them in any order, on any number of threads or machines.
 */
public final class Sweep {
    /** Runs trials and hands each result to the sink as soon as it is done (the sink is called from one thread at a time). */
    public interface Engine {
        void run(SweepInputs inputs, List<TrialKey> keys, Consumer<TrialResult> sink);
    }

    private Sweep() {}

    /** Every trial of the sweep, point after point (so a stopped sweep leaves whole points), schemes, then trials. */
    public static List<TrialKey> keys(SweepGrid grid, List<ArrayScheme> schemes, int trials) {
        List<TrialKey> keys = new ArrayList<>();
        for (int p = 0; p < grid.size(); p++) {
            for (ArrayScheme s : schemes) {
                for (int t = 0; t < trials; t++) {
                    keys.add(new TrialKey(p, s, t));
                }
            }
        }
        return keys;
    }

    /** The keys not among {@code finished}. */
    public static List<TrialKey> pending(List<TrialKey> keys, List<TrialResult> finished) {
        Set<TrialKey> done = new HashSet<>();
        for (TrialResult r : finished) {
            done.add(r.key());
        }
        List<TrialKey> out = new ArrayList<>();
        for (TrialKey k : keys) {
            if (!done.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The embedded engine: a pool of {@code threads} threads, one trial per thread at a time. */
    public static Engine local(int threads) {
        return (inputs, keys, sink) -> {
            if (keys.isEmpty()) {
                return;
            }
            SweepContext context = SweepContext.of(inputs);
            int workers = Math.max(1, Math.min(threads, keys.size()));
            ExecutorService pool = Workers.pool(workers, "sweep");
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            Object lock = new Object();
            try {
                for (int w = 0; w < workers; w++) {
                    futures.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < keys.size(); i = next.getAndIncrement()) {
                            TrialResult r = context.run(keys.get(i));
                            synchronized (lock) {
                                sink.accept(r);
                            }
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    try {
                        Workers.await(f, "sweep trial");
                    } catch (RuntimeException e) {
                        next.set(keys.size());   // the other workers stop after their trial in flight
                        throw e;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        };
    }
}
