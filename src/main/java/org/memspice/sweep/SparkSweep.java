package org.memspice.sweep;

import java.util.List;
import java.util.function.Consumer;

/**
 * The Apache Spark engine of a sweep: every trial a Spark task. The inputs (model text, card, images, grid, seed) are
 * broadcast once; each executor JVM builds its {@link SweepContext} (the nominal networks compiled once) and runs its
 * trials against it; results stream back to the caller as tasks end. A trial is a pure function of its key, so the
 * results are those of the local engine to the last bit.
 */
public final class SparkSweep implements Sweep.Engine {
    private final String master;
    private final int threads;

    /**
     * @param master null for local mode on {@code threads} threads (or the master spark-submit configured), else a
     *        Spark master URL such as spark://host:7077
     */
    public SparkSweep(String master, int threads) {
        this.master = master;
        this.threads = threads;
    }

    @Override
    public void run(SweepInputs inputs, List<TrialKey> keys, Consumer<TrialResult> sink) {
        SparkEngine.run(master, threads, "memspice sweep", inputs, keys, new Trials(), sink);
    }

    /** A trial on an executor: its context built once per JVM from the broadcast inputs. */
    static final class Trials implements SparkEngine.ContextTask<SweepInputs, SweepContext, TrialKey, TrialResult> {
        @Override
        public SweepContext context(SweepInputs shared) {
            return SweepContext.of(shared);
        }

        @Override
        public TrialResult run(SweepContext context, TrialKey key) {
            return context.run(key);
        }
    }
}
