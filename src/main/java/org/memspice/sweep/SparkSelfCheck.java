package org.memspice.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.memspice.InputException;
import org.memspice.SimulationException;

/**
 * Checks that a Spark master runs memspice tasks and returns their results unchanged: a small Monte Carlo over a
 * column of devices with seeded conductance variation runs on the master through {@link SparkEngine} and in a
 * plain loop in this JVM, and the two must agree bit for bit, every key exactly once.
 *
 * <pre>java -cp 'target/memspice.jar:target/spark-lib/*' (Spark's --add-opens flags) \
 *     org.memspice.sweep.SparkSelfCheck spark://127.0.0.1:7077 20</pre>
 *
 * Prints one line with the number of keys, the checksum of the Spark results and of the loop's, and whether they
 * match; exits 0 when they do, 1 when they do not, 2 for a bad master, 3 when Spark fails.
 */
public final class SparkSelfCheck {

    private static final AtomicInteger COLUMNS_BUILT = new AtomicInteger();

    private SparkSelfCheck() {
    }

    /** The broadcast input: the seed of the nominal conductances and of every trial's variation. */
    public record Card(long seed, int devices, double gOn, double gOff, double readVolts, double sigma)
            implements Serializable {
    }

    /**
     * One trial's outcome: the column current and the smallest device conductance drawn; and where it ran: the JVM
     * (process id and host) and how many columns that JVM had built by then.
     */
    public record Trial(long key, double current, double minConductance, String jvm, int columnsBuilt)
            implements Serializable {
    }

    private static final String JVM = ProcessHandle.current().pid() + "@" + hostName();

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }

    /**
     * The per-JVM context: the column's nominal conductances, drawn once from the card's seed (the stand-in for an
     * expensive object such as a compiled network's tiles).
     */
    public static final class Column {
        final long seed;
        final double readVolts;
        final double sigma;
        final double[] nominal;

        Column(Card card) {
            COLUMNS_BUILT.incrementAndGet();
            seed = card.seed();
            readVolts = card.readVolts();
            sigma = card.sigma();
            SplittableRandom random = new SplittableRandom(card.seed());
            nominal = new double[card.devices()];
            for (int i = 0; i < nominal.length; i++) {
                nominal[i] = random.nextBoolean() ? card.gOn() : card.gOff();
            }
        }
    }

    /** Trial {@code key}: every device's conductance varied by a seeded uniform factor, the column read once. */
    public static final SparkEngine.ContextTask<Card, Column, Long, Trial> TASK = new SparkEngine.ContextTask<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public Column context(Card card) {
            return new Column(card);
        }

        @Override
        public Trial run(Column column, Long key) {
            return trial(column, key);
        }
    };

    static Trial trial(Column column, long key) {
        SplittableRandom random = new SplittableRandom(column.seed ^ (key * 0x9E3779B97F4A7C15L));
        double current = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double g : column.nominal) {
            double varied = g * (1 + column.sigma * (2 * random.nextDouble() - 1));
            current += column.readVolts * varied;
            min = Math.min(min, varied);
        }
        return new Trial(key, current, min, JVM, COLUMNS_BUILT.get());
    }

    /** How many columns (contexts) this JVM has built. */
    public static int columnsBuilt() {
        return COLUMNS_BUILT.get();
    }

    /** The card of the check. */
    public static Card card() {
        return new Card(20260527L, 4096, 1e-5, 1e-7, 0.2, 0.1);
    }

    /** The keys 0 .. n-1. */
    public static List<Long> keys(int n) {
        List<Long> keys = new ArrayList<>(n);
        for (long k = 0; k < n; k++) {
            keys.add(k);
        }
        return keys;
    }

    /** The trials computed in a plain loop in this JVM, the reference. */
    public static List<Trial> loop(Card card, List<Long> keys) {
        Column column = TASK.context(card);
        List<Trial> trials = new ArrayList<>();
        for (Long key : keys) {
            trials.add(TASK.run(column, key));
        }
        return trials;
    }

    /** A checksum of trials in key order over the exact bits of every double. */
    public static long checksum(List<Trial> trials) {
        List<Trial> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingLong(Trial::key));
        long h = 0xcbf29ce484222325L;
        for (Trial t : sorted) {
            for (long word : new long[] {t.key(), Double.doubleToRawLongBits(t.current()),
                    Double.doubleToRawLongBits(t.minConductance())}) {
                h = (h ^ word) * 0x100000001b3L;
                h ^= h >>> 29;
            }
        }
        return h;
    }

    private static int parseKeys(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[2]";
        int n = args.length > 1 ? parseKeys(args[1]) : 20;
        if (n < 1) {
            System.err.println("error: keys: '" + args[1] + "' is not a positive integer");
            System.exit(2);
        }
        Card card = card();
        List<Long> keys = keys(n);
        List<Trial> spark = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try {
            SparkEngine.run(master, 2, "memspice-spark-self-check", card, keys, TASK, spark::add);
        } catch (InputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (SimulationException e) {
            System.err.println("simulation failed: " + e.getMessage());
            System.exit(3);
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        List<Trial> local = loop(card, keys);
        boolean eachOnce = spark.size() == n
                && spark.stream().map(Trial::key).distinct().count() == n
                && spark.stream().allMatch(t -> t.key() >= 0 && t.key() < n);
        long sparkSum = checksum(spark);
        long loopSum = checksum(local);
        boolean match = eachOnce && sparkSum == loopSum;
        java.util.Map<String, Integer> builtByJvm = new java.util.TreeMap<>();
        for (Trial t : spark) {
            builtByJvm.merge(t.jvm(), t.columnsBuilt(), Math::max);
        }
        System.out.printf("master %s: %d keys, %d results%s in %.1f s; checksum spark %016x, local loop %016x: %s%n",
                master, n, spark.size(), eachOnce ? " (each key once)" : " (NOT each key once)", seconds, sparkSum,
                loopSum, match ? "match (bit-identical)" : "MISMATCH");
        System.out.printf("executor JVMs %s (this driver: %s), columns (per-JVM contexts) built in each: %s%n",
                builtByJvm.keySet(), JVM, builtByJvm.values());
        System.exit(match ? 0 : 1);
    }
}
