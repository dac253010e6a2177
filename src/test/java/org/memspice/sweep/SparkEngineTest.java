package org.memspice.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.memspice.InputException;
import org.memspice.SimulationException;
import org.memspice.sweep.SparkSelfCheck.Card;
import org.memspice.sweep.SparkSelfCheck.Trial;

/** The Spark engine in local mode against a plain loop in this JVM; bad and unreachable masters. */
class SparkEngineTest {

    @Test
    void localModeGivesThePlainLoopsResultsBitForBitEachKeyOnceOneContextPerJvm() {
        Card card = SparkSelfCheck.card();
        List<Long> keys = SparkSelfCheck.keys(20);
        Thread caller = Thread.currentThread();
        List<Trial> results = new ArrayList<>();
        int builtBefore = SparkSelfCheck.columnsBuilt();

        SparkEngine.run("local[2]", 2, "spark-engine-test", card, keys, SparkSelfCheck.TASK, t -> {
            assertSame(caller, Thread.currentThread(), "the sink runs on the calling thread");
            results.add(t);
        });

        // local mode: one executor, this JVM, so the broadcast card became one column however many tasks ran
        assertEquals(1, SparkSelfCheck.columnsBuilt() - builtBefore);
        assertEquals(0, SparkEngine.contextsHeld(), "the run's context is released when it ends");
        Map<Long, Trial> byKey = new TreeMap<>();
        for (Trial t : results) {
            assertTrue(byKey.put(t.key(), t) == null, "key " + t.key() + " came back twice");
        }
        assertEquals(keys, new ArrayList<>(byKey.keySet()));
        for (Trial expected : SparkSelfCheck.loop(card, keys)) {
            Trial got = byKey.get(expected.key());
            assertEquals(Double.doubleToRawLongBits(expected.current()), Double.doubleToRawLongBits(got.current()),
                    "current of trial " + expected.key());
            assertEquals(Double.doubleToRawLongBits(expected.minConductance()),
                    Double.doubleToRawLongBits(got.minConductance()), "minimum conductance of trial " + expected.key());
        }
        assertEquals(SparkSelfCheck.checksum(SparkSelfCheck.loop(card, keys)), SparkSelfCheck.checksum(results));
    }

    @Test
    void aPlainTaskRunsAndATasksOwnSimulationFailureComesBackAsItIs() {
        double[] shared = {1.5, -2.25, 1e-300};
        List<Double> results = new ArrayList<>();
        SparkEngine.run(null, 2, "spark-engine-test", shared, List.of(0, 1, 2), (double[] s, Integer k) -> s[k] / 3,
                results::add);
        results.sort(null);
        assertEquals(List.of(-2.25 / 3, 1e-300 / 3, 1.5 / 3), results);

        SimulationException e = assertThrows(SimulationException.class, () -> SparkEngine.run(null, 2,
                "spark-engine-test", shared, List.of(0, 1, 2), (double[] s, Integer k) -> {
                    if (k == 1) {
                        throw new SimulationException("trial 1: no convergence at node 7");
                    }
                    return s[k];
                }, r -> { }));
        assertEquals("trial 1: no convergence at node 7", e.getMessage());

        SimulationException other = assertThrows(SimulationException.class, () -> SparkEngine.run(null, 2,
                "spark-engine-test", shared, List.of(0, 1, 2), (double[] s, Integer k) -> s[k + 1], r -> { }));
        assertTrue(other.getMessage().startsWith("Spark job failed: "), other.getMessage());
        assertTrue(other.getMessage().contains("ArrayIndexOutOfBoundsException"), other.getMessage());
        assertFalse(other.getMessage().contains("\n"), "one line, no stack trace: " + other.getMessage());

        ArrayList<Object> notSerializable = new ArrayList<>(List.of(new Object()));
        SimulationException broadcast = assertThrows(SimulationException.class, () -> SparkEngine.run(null, 2,
                "spark-engine-test", notSerializable, List.of(0), (ArrayList<Object> s, Integer k) -> k, r -> { }));
        assertTrue(broadcast.getMessage().contains("java.lang.Object"), broadcast.getMessage());
    }

    @Test
    void aMasterThatAcceptsNoConnectionIsAnInputErrorNamingTheOption() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free now, and closed below
        }
        String url = "spark://127.0.0.1:" + port;
        InputException e = assertThrows(InputException.class, () -> SparkEngine.run(url, 2, "spark-engine-test",
                SparkSelfCheck.card(), SparkSelfCheck.keys(2), SparkSelfCheck.TASK, t -> { }));
        assertTrue(e.getMessage().startsWith("--master " + url + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("reachable Spark master, e.g. spark://host:7077"), e.getMessage());
        assertTrue(e.getMessage().contains("omit --master for local mode"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yarn", "spark:/127.0.0.1:7077", "spark://127.0.0.1", "spark://127.0.0.1:99999",
            "spark://:7077", "local[two]", "127.0.0.1:7077"})
    void aMalformedMasterIsAnInputErrorNamingTheOption(String master) {
        InputException e = assertThrows(InputException.class, () -> SparkEngine.run(master, 2, "spark-engine-test",
                SparkSelfCheck.card(), SparkSelfCheck.keys(2), SparkSelfCheck.TASK, t -> { }));
        assertTrue(e.getMessage().startsWith("--master " + master + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("spark://host:7077"), e.getMessage());
    }
}
