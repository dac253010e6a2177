package org.memspice.sweep;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.memspice.InputException;
import org.memspice.SimulationException;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * Runs independent, deterministic tasks as Apache Spark tasks: in local mode (threads of this JVM, the default),
 * on a standalone cluster ({@code spark://host:port}) or on whatever master {@code spark-submit} configured.
 *
 * <p>One run is one Spark job. The shared input (the model, the cards, the test images: everything large and
 * read-only) is a Spark broadcast variable: it is serialized once, shipped once to each executor JVM and
 * deserialized there once, however many keys that executor runs. Each key (a trial) is one partition, so one
 * Spark task; a result travels back to the driver as soon as its task finishes and the caller's sink sees it
 * at once, on the calling thread, in completion order. A caller that appends each result to a file therefore
 * loses at most the tasks in flight when the run is killed. Results are Java-serialized, so doubles come back
 * bit for bit as computed.
 *
 * <p>A task whose keys all need one expensive object built from the shared input (compiled tiles, factorized
 * arrays) is a {@link ContextTask}: its context is built once per executor JVM and run, then reused by every key
 * that JVM runs.
 *
 * <p>Spark is a provided dependency: this class runs only with Spark on the classpath (the launcher's
 * {@code --engine spark}, {@code spark-submit}, or the tests); nothing else in memspice loads it.
 */
public final class SparkEngine {

    /** How long a {@code spark://} master is given to accept a TCP connection before the run is refused. */
    static final int MASTER_CONNECT_TIMEOUT_MS = 3000;

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\d+|\\*)(,\\d+)?])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://(.+)");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})");

    /** Per-JVM contexts of {@link ContextTask}s, by the id of the broadcast they were built from. */
    private static final ConcurrentHashMap<Long, Lazy<?>> CONTEXTS = new ConcurrentHashMap<>();

    private SparkEngine() {
    }

    /** One unit of work: pure, deterministic, run on an executor. */
    public interface Task<S extends Serializable, K extends Serializable, R extends Serializable> extends Serializable {
        R run(S shared, K key);
    }

    /**
     * A unit of work that first builds a context from the shared input, once per executor JVM and run (in local
     * mode: once per run), then runs each key against it. The context never leaves the JVM that built it, so it
     * need not be serializable; it must be safe to use from several tasks at once (an executor runs as many tasks
     * concurrently as it has cores), e.g. immutable, or handing out per-thread workspaces.
     */
    public interface ContextTask<S extends Serializable, C, K extends Serializable, R extends Serializable>
            extends Serializable {
        C context(S shared);

        R run(C context, K key);
    }

    /**
     * Runs {@code task} for every key and hands each result to {@code sink} as soon as its task finishes.
     *
     * @param master  null for local mode with {@code threads} threads (or, under {@code spark-submit}, the master it
     *                configured), {@code local}, {@code local[N]}, {@code local[*]} or {@code spark://host:port}
     * @param threads threads in local mode when {@code master} is null
     * @param appName the name the Spark master shows
     * @param shared  the large read-only input, broadcast once to every executor
     * @param keys    one task each, each key exactly once
     * @param sink    called on the calling thread, once per key, in completion order
     * @throws InputException      the master is malformed or a {@code spark://} master does not accept connections
     * @throws SimulationException Spark could not start or the job failed (a task's own InputException or
     *                             SimulationException is rethrown as it is)
     */
    public static <S extends Serializable, K extends Serializable, R extends Serializable> void run(
            String master, int threads, String appName, S shared, List<K> keys, Task<S, K, R> task,
            Consumer<R> sink) {
        if (task == null) {
            throw new IllegalArgumentException("task is null");
        }
        execute(master, threads, appName, shared, keys, new Direct<>(task), sink);
    }

    /** As {@link #run(String, int, String, Serializable, List, Task, Consumer)}, with a per-JVM context. */
    public static <S extends Serializable, C, K extends Serializable, R extends Serializable> void run(
            String master, int threads, String appName, S shared, List<K> keys, ContextTask<S, C, K, R> task,
            Consumer<R> sink) {
        if (task == null) {
            throw new IllegalArgumentException("task is null");
        }
        execute(master, threads, appName, shared, keys, task, sink);
    }

    private static <S extends Serializable, C, K extends Serializable, R extends Serializable> void execute(
            String master, int threads, String appName, S shared, List<K> keys, ContextTask<S, C, K, R> task,
            Consumer<R> sink) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        SparkConf conf = new SparkConf(); // with every spark.* system property, e.g. those spark-submit set
        String resolved = resolveMaster(master, threads, conf);
        if (keys.isEmpty()) {
            return;
        }
        configure(conf, resolved, appName);

        JavaSparkContext jsc;
        try {
            jsc = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new SimulationException("Spark could not start on master " + resolved + ": " + message(e), e);
        }
        Broadcast<S> broadcast = null;
        try {
            try {
                broadcast = jsc.broadcast(shared); // serialized here: fails if the shared input is not serializable
            } catch (Exception e) {
                throw failure(e);
            }
            JavaRDD<K> rdd = jsc.parallelize(keys, keys.size()); // one key per partition: one task per key
            List<Object> partitions = new ArrayList<>(keys.size());
            for (int p = 0; p < rdd.getNumPartitions(); p++) {
                partitions.add(p);
            }
            BlockingQueue<List<R>> done = new LinkedBlockingQueue<>();
            SimpleFutureAction<BoxedUnit> job;
            try {
                job = jsc.sc().submitJob(rdd.rdd(),
                        new Partition<>(broadcast, task),
                        CollectionConverters.asScala(partitions).toSeq(),
                        (index, results) -> {
                            done.add(results); // on Spark's scheduler thread: only hand over
                            return BoxedUnit.UNIT;
                        },
                        () -> BoxedUnit.UNIT);
            } catch (Exception e) { // e.g. Spark's "Task not serializable", a checked exception Scala does not declare
                throw failure(e);
            }
            drain(job, done, sink);
        } finally {
            if (broadcast != null) {
                CONTEXTS.remove(broadcast.id()); // the local-mode executor is this JVM
            }
            jsc.stop();
        }
    }

    /** Hands results to the sink as they arrive until the job is over, then raises the job's failure if any. */
    private static <R> void drain(SimpleFutureAction<BoxedUnit> job, BlockingQueue<List<R>> done, Consumer<R> sink) {
        try {
            while (true) {
                List<R> results = done.poll(100, TimeUnit.MILLISECONDS);
                if (results != null) {
                    results.forEach(sink);
                } else if (job.isCompleted()) {
                    // a task's results are queued before the job completes, so nothing more arrives
                    for (List<R> rest; (rest = done.poll()) != null; ) {
                        rest.forEach(sink);
                    }
                    break;
                }
            }
            job.get();
        } catch (InterruptedException e) {
            job.cancel();
            Thread.currentThread().interrupt();
            throw new SimulationException("Spark job interrupted", e);
        } catch (SparkException e) {
            throw failure(e);
        } catch (RuntimeException | Error e) {
            job.cancel(); // the sink failed: stop the tasks still running
            throw e;
        }
    }

    /** A task's own memspice exception as it is; any other failure as a SimulationException. */
    private static RuntimeException failure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof InputException ie) {
                return ie;
            }
            if (c instanceof SimulationException se) {
                return se;
            }
        }
        return new SimulationException("Spark job failed: " + message(e), e);
    }

    /**
     * The first line of a failure's message (Spark's include the executor's stack trace), with the root cause's
     * where the message does not already name it.
     */
    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = firstLine(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
        String r = root.getMessage() == null ? null : firstLine(root.getMessage());
        return root == e || r == null || m.contains(r) ? m : m + " (" + root.getClass().getName() + ": " + r + ")";
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    /**
     * The master this run uses: an explicit one checked, else the one spark-submit configured (never overridden),
     * else local mode with {@code threads} threads.
     */
    static String resolveMaster(String master, int threads, SparkConf conf) {
        String submitted = conf.contains("spark.master") ? conf.get("spark.master") : null;
        if (master == null) {
            return submitted != null ? submitted : "local[" + threads + "]";
        }
        String m = master.trim();
        if (submitted != null && !submitted.equals(m)) {
            throw new InputException("--master " + master + ": spark-submit already set the master to " + submitted
                    + "; give the master to spark-submit only (omit --master)");
        }
        if (LOCAL.matcher(m).matches()) {
            return m;
        }
        Matcher standalone = STANDALONE.matcher(m);
        if (!standalone.matches()) {
            throw new InputException("--master " + master + ": not a Spark master URL; expected spark://host:port (a "
                    + "reachable standalone Spark master, e.g. spark://host:7077), local, local[N] or local[*], or "
                    + "omit --master for local mode");
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String hostPort : standalone.group(1).split(",", -1)) {
            Matcher hp = HOST_PORT.matcher(hostPort);
            int port = hp.matches() ? Integer.parseInt(hp.group(2)) : 0;
            if (!hp.matches() || port < 1 || port > 65535) {
                throw new InputException("--master " + master + ": '" + hostPort + "' is not host:port; expected a "
                        + "Spark master URL such as spark://host:7077, or omit --master for local mode");
            }
            String host = hp.group(1).startsWith("[") ? hp.group(1).substring(1, hp.group(1).length() - 1) : hp.group(1);
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        for (InetSocketAddress a : addresses) {
            if (accepts(a.getHostString(), a.getPort())) {
                return m;
            }
        }
        throw new InputException("--master " + master + ": no Spark master accepts connections at "
                + standalone.group(1) + " (refused, or no answer within " + MASTER_CONNECT_TIMEOUT_MS / 1000
                + " s); expected a reachable "
                + "Spark master, e.g. spark://host:7077 (start one with Spark's sbin/start-master.sh), or omit --master "
                + "for local mode");
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), MASTER_CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void configure(SparkConf conf, String master, String appName) {
        conf.setIfMissing("spark.app.name", appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        if (master.startsWith("local")) {
            conf.set("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else if (!conf.contains("spark.jars")) {
            String jars = String.join(",", applicationJars());
            if (!jars.isEmpty()) {
                conf.set("spark.jars", jars); // executors load memspice and its libraries from the driver
            }
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    }

    /**
     * The jar this class was loaded from and the entries of its manifest's Class-Path (target/memspice.jar and
     * target/lib/*), for executors on other JVMs; none when running from a classes directory.
     */
    static List<String> applicationJars() {
        List<String> jars = new ArrayList<>();
        File jar;
        try {
            jar = new File(SparkEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return jars;
        }
        if (!jar.isFile()) {
            return jars;
        }
        jars.add(jar.getAbsolutePath());
        try (JarFile file = new JarFile(jar)) {
            String classPath = file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
                for (String entry : classPath.trim().split("\\s+")) {
                    File lib = new File(jar.getParentFile(), entry);
                    if (lib.isFile()) {
                        jars.add(lib.getAbsolutePath());
                    }
                }
            }
        } catch (IOException e) {
            throw new InputException(jar + ": cannot read the jar's manifest: " + e.getMessage(), e);
        }
        return jars;
    }

    /**
     * The per-JVM context of a {@link ContextTask} for one broadcast, built on first use; later callers wait for
     * it. For tasks that build their own caches: the same object for every key this JVM runs in this run.
     */
    @SuppressWarnings("unchecked")
    static <S extends Serializable, C> C context(Broadcast<S> shared, ContextTask<S, C, ?, ?> task) {
        Lazy<C> lazy = (Lazy<C>) CONTEXTS.computeIfAbsent(shared.id(), id -> new Lazy<C>());
        return lazy.get(() -> task.context(shared.value()));
    }

    /** Contexts built in this JVM and not yet released (0 on the driver once a local run is over). */
    static int contextsHeld() {
        return CONTEXTS.size();
    }

    private static final class Lazy<C> {
        private C value;
        private boolean built;

        synchronized C get(Supplier<C> build) {
            if (!built) {
                value = build.get();
                built = true;
            }
            return value;
        }
    }

    /** A plain {@link Task} as a context task whose context is the shared input itself. */
    private record Direct<S extends Serializable, K extends Serializable, R extends Serializable>(Task<S, K, R> task)
            implements ContextTask<S, S, K, R> {
        @Override
        public S context(S shared) {
            return shared;
        }

        @Override
        public R run(S shared, K key) {
            return task.run(shared, key);
        }
    }

    /** What one Spark task runs: the keys of its partition against the per-JVM context. */
    private record Partition<S extends Serializable, C, K extends Serializable, R extends Serializable>(
            Broadcast<S> shared, ContextTask<S, C, K, R> task)
            implements scala.Function1<Iterator<K>, List<R>>, Serializable {
        @Override
        public List<R> apply(Iterator<K> keys) {
            C context = context(shared, task);
            ArrayList<R> results = new ArrayList<>();
            while (keys.hasNext()) {
                results.add(task.run(context, keys.next()));
            }
            return results;
        }
    }
}
