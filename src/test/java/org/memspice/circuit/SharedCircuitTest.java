package org.memspice.circuit;

import org.junit.jupiter.api.Test;
import org.memspice.InputException;
import org.memspice.signal.Waveform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** One circuit, many analyses: sweeps set source values without touching the circuit, and threads share it. */
class SharedCircuitTest {

    /** V1 -> R1 -> a, I1 into a, R2 from a to ground, a memristor and a capacitor from a to b, R3 from b to ground. */
    private static Circuit circuit() {
        Circuit c = new Circuit("shared");
        c.voltageSource("V1", "in", "0", Waveform.parse("SIN(0 1 1k)"));
        c.resistor("R1", "in", "a", 1e3);
        c.currentSource("I1", "0", "a", 1e-4);
        c.resistor("R2", "a", "0", 2e3);
        c.memristor("M1", "a", "b", new TestHpModel(100, 16e3, 1e4), 0.3);
        c.capacitor("C1", "a", "b", 1e-8);
        c.resistor("R3", "b", "0", 5e3);
        return c;
    }

    private static List<double[]> sweep(Circuit c, String source, double[] values) {
        List<double[]> out = new ArrayList<>();
        for (Solution s : new DcSweep(c).run(source, values)) out.add(s.unknowns());
        return out;
    }

    private static List<double[]> transientRun(Circuit c) {
        List<double[]> out = new ArrayList<>();
        new Transient(c).run(2e-5, 2e-3, s -> out.add(s.unknowns()));
        return out;
    }

    @Test
    void sweepsSetSourceValuesWithoutChangingTheCircuit() {
        Circuit c = new Circuit("divider with injection");
        c.voltageSource("V1", "in", "0", 1.0);
        c.resistor("R1", "in", "a", 1e3);
        c.currentSource("I1", "0", "a", 1e-4);
        c.resistor("R2", "a", "0", 2e3);
        double[] currents = DcSweep.values(-1e-3, 1e-3, 5e-4);
        List<Solution> sols = new DcSweep(c).run("I1", currents);
        double rp = 1e3 * 2e3 / 3e3;
        for (int k = 0; k < currents.length; k++) {
            Solution s = sols.get(k);
            // superposition: v(a) = (V/R1 + I) * R1 || R2
            assertEquals((1.0 / 1e3 + currents[k]) * rp, s.voltage("a"), 1e-15);
            // the source reports the value it was solved with (I1 flows from 0 through the source into a)
            assertEquals(currents[k], s.current("I1"), 0);
            assertEquals(0, s.totalPower() / s.deliveredPower(), 1e-12);
            // per element, in circuit order: V1, R1, I1, R2 (R2 absorbs v(a)^2 / R2, I1 absorbs -v(a) I)
            double[] w = s.elementPowers();
            double va = s.voltage("a");
            assertEquals(va * va / 2e3, w[3], 1e-18);
            assertEquals(-va * currents[k], w[2], 1e-18);
            assertEquals((1 - va) * (1 - va) / 1e3, w[1], 1e-18);
        }
        assertEquals(new Waveform.Dc(1e-4), ((CurrentSource) c.element("I1")).waveform());
        assertEquals((1.0 / 1e3 + 1e-4) * rp, new OperatingPoint(c).solve().voltage("a"), 1e-15);
    }

    @Test
    void anOperatingPointsSourceValuesServeBothSolvers() {
        for (DcSolver solver : DcSolver.values()) {
            Circuit c = new Circuit("divider");
            c.voltageSource("V1", "in", "0", 1.0);
            c.resistor("R1", "in", "a", 1e3);
            c.resistor("R2", "a", "0", 3e3);
            OperatingPoint op = new OperatingPoint(c).solver(solver).sourceValue("V1", 2.0);
            Solution first = op.solve();
            assertEquals(1.5, first.voltage("a"), 1e-14, solver.name());
            assertEquals(-2.0 / 4e3, first.current("V1"), 1e-17, solver.name());
            op.sourceValue("v1", -4.0);
            assertEquals(-3.0, op.solve().voltage("a"), 1e-14, solver.name());
            // a solution keeps the value it was solved with
            assertEquals(-2.0 / 4e3, first.current("V1"), 1e-17, solver.name());
            assertEquals(0.75, op.clearSourceValues().solve().voltage("a"), 1e-14, solver.name());
            assertThrows(InputException.class, () -> op.sourceValue("R1", 1.0));
            assertThrows(InputException.class, () -> op.sourceValue("nosuch", 1.0));
        }
    }

    @Test
    void oneCircuitSolvedFromSeveralThreadsAtOnceGivesTheSingleThreadedResults() throws Exception {
        Circuit c = circuit();
        double[] volts = DcSweep.values(-1, 1, 0.05);
        double[] amps = DcSweep.values(-2e-4, 2e-4, 1e-5);
        List<double[]> sweepV = sweep(c, "V1", volts);
        List<double[]> sweepI = sweep(c, "I1", amps);
        List<double[]> tran = transientRun(c);
        assertTrue(tran.size() > 50, "transient points: " + tran.size());

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 4; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<List<double[]>>> jobs = List.of(
                        () -> { start.await(); return sweep(c, "V1", volts); },
                        () -> { start.await(); return sweep(c, "I1", amps); },
                        () -> { start.await(); return transientRun(c); });
                List<Future<List<double[]>>> futures = new ArrayList<>();
                for (Callable<List<double[]>> j : jobs) futures.add(pool.submit(j));
                start.countDown();
                assertSame(sweepV, futures.get(0).get(), "sweep of V1");
                assertSame(sweepI, futures.get(1).get(), "sweep of I1");
                assertSame(tran, futures.get(2).get(), "transient");
            }
        } finally {
            pool.shutdownNow();
        }
        // and the circuit still holds its own sources
        assertEquals(Waveform.parse("SIN(0 1 1k)"), ((VoltageSource) c.element("V1")).waveform());
    }

    @Test
    void oneSystemServesAnalysesInSeveralThreads() throws Exception {
        Circuit c = circuit();
        MnaSystem sys = new MnaSystem(c);
        double[] volts = DcSweep.values(0, 2, 0.1);
        List<double[]> expected = new ArrayList<>();
        for (Solution s : new DcSweep(sys).run("V1", volts)) expected.add(s.unknowns());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<double[]>>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                futures.add(pool.submit(() -> {
                    List<double[]> out = new ArrayList<>();
                    for (Solution s : new DcSweep(sys).run("V1", volts)) out.add(s.unknowns());
                    return out;
                }));
            }
            for (Future<List<double[]>> f : futures) assertSame(expected, f.get(), "sweep on a shared system");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Bit-for-bit equality of two runs. */
    private static void assertSame(List<double[]> expected, List<double[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of points");
        for (int k = 0; k < expected.size(); k++) assertArrayEquals(expected.get(k), actual.get(k), 0.0, what + " point " + k);
    }
}
