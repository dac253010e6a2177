package org.memspice.compile;

import org.memspice.SimulationException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread pools of compilation, inference, verification and sweeps, and the one way their results are collected.
 */
public final class Workers {
    private Workers() {}

    /** A fixed pool of daemon threads named {@code name}. */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The job's result; its runtime exceptions pass through, anything else names {@code what} failed. */
    public static <T> T await(Future<T> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulationException(what + " interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new SimulationException(what + " failed: " + e.getCause());
        }
    }
}
