package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memspice.SimulationException;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarFactorization;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.PeripheryCard;
import org.memspice.crossbar.PortReduction;
import org.memspice.crossbar.ReferencePlacement;
import org.memspice.crossbar.Sensing;
import org.memspice.signal.SpiceNumber;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ngspice's reads of small arrays, one process per batch, give the port reduction's column currents and source
 * power for every kind of sensing. These tests run ngspice and fail (they do not skip) when it is missing.
 */
class NgspiceReadSolverTest {
    private static final int BATCH = 5;

    @TempDir
    Path dir;

    static Stream<Arguments> arrays() {
        return Stream.of(
                Arguments.of("6x5 double column, ideal TIA", array(ArrayScheme.DOUBLE_COLUMN, 6, 5, 2.5, 2.5, 10.0,
                        Sensing.idealTia(1e4), 1)),
                Arguments.of("7x4 single column, ideal TIA", array(ArrayScheme.SINGLE_COLUMN, 7, 4, 1.0, 3.0, 0.0,
                        Sensing.idealTia(1e4), 2)),
                Arguments.of("5x6 conductances, sense resistor", array(ArrayScheme.CONDUCTANCES, 5, 6, 1.0, 2.0, 5.0,
                        Sensing.resistor(100), 3)),
                Arguments.of("6x4 single column, finite-gain TIA", array(ArrayScheme.SINGLE_COLUMN, 6, 4, 0.5, 0.5,
                        5.0, Sensing.tia(1e4, 1e3), 4)));
    }

    /**
     * A small array with non-round conductances: programmed weights scattered log-normally, or uniform random
     * conductances.
     */
    static CrossbarArray array(ArrayScheme scheme, int m, int n, double rw, double rb, double rd, Sensing sensing,
                               long seed) {
        Random rnd = new Random(seed);
        PeripheryCard card = new PeripheryCard("test", "test values", 1e-4, 5e-5, 2e-5, 1e-5);
        boolean weights = scheme != ArrayScheme.CONDUCTANCES;
        ArrayDesign design = new ArrayDesign(m, n, scheme, weights ? 1e-4 : Double.NaN, weights ? 1e-6 : Double.NaN,
                rw, rb, rd, sensing, 0.2, InputEncoding.BIPOLAR, card,
                scheme == ArrayScheme.SINGLE_COLUMN ? ReferencePlacement.MIDDLE : null);
        if (!weights) {
            double[] g = new double[m * n];
            for (int k = 0; k < g.length; k++) {
                g[k] = 1e-6 + rnd.nextDouble() * 1e-4;
            }
            return CrossbarArray.ofConductances(design, g);
        }
        int[] w = new int[m * n];
        for (int k = 0; k < w.length; k++) {
            w[k] = rnd.nextBoolean() ? 1 : -1;
        }
        CrossbarArray a = CrossbarArray.programmed(design, w);
        double[] g = a.conductances();
        for (int k = 0; k < g.length; k++) {
            g[k] *= Math.exp(0.2 * rnd.nextGaussian());
        }
        return a.withConductances(g);
    }

    /**
     * A batch of reads: bipolar reads at +-0.2 V (so that some sources keep their voltage from one read to the
     * next), one read equal to the one before, and one of arbitrary voltages.
     */
    static double[] reads(int m, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[BATCH * m];
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < m; i++) {
                v[b * m + i] = b == 2 ? v[m + i] : b == 4 ? 0.4 * rnd.nextDouble() - 0.2 : rnd.nextBoolean() ? 0.2 : -0.2;
            }
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrays")
    void aBatchGivesThePortReductionsCurrentsAndPower(String name, CrossbarArray array) {
        int m = array.rows();
        int p = array.physicalColumns();
        double[] volts = reads(m, 11);
        PortReduction reference = new PortReduction(new CrossbarFactorization(array));
        double[] expected = new double[BATCH * p];
        reference.columnCurrents(volts, BATCH, expected);
        NgspiceReadSolver solver = new NgspiceReadSolver(array);
        NgspiceReadSolver.Reads reads = solver.read(volts, BATCH);
        double[] got = new double[BATCH * p];
        solver.columnCurrents(volts, BATCH, got);
        assertArrayEquals(reads.columnCurrents(), got, 0.0, "read and columnCurrents run the same deck");

        double scale = 0;
        for (double c : expected) scale = Math.max(scale, Math.abs(c));
        assertTrue(scale > 1e-6, "currents of a read at 0.2 V: " + scale);
        for (int k = 0; k < BATCH * p; k++) {
            assertEquals(expected[k], got[k], 1e-10 * scale, name + ": read " + k / p + ", column " + k % p);
        }
        double[] power = new double[BATCH];
        double powerScale = 0;
        for (int b = 0; b < BATCH; b++) {
            power[b] = reference.sourcePower(Arrays.copyOfRange(volts, b * m, (b + 1) * m));
            powerScale = Math.max(powerScale, Math.abs(power[b]));
        }
        assertTrue(powerScale > 0);
        for (int b = 0; b < BATCH; b++) {
            assertEquals(power[b], reads.sourcePowers()[b], 1e-10 * powerScale, name + ": source power of read " + b);
            assertTrue(reads.sourcePowers()[b] > 0, "the sources deliver power into a passive array");
        }
    }

    @Test
    void theDeckAltersOnlyTheSourcesThatChangeAndWritesRoundTripNumbers() {
        CrossbarArray array = array(ArrayScheme.DOUBLE_COLUMN, 6, 5, 2.5, 2.5, 10.0, Sensing.idealTia(1e4), 1);
        int m = array.rows();
        double[] volts = reads(m, 11);
        String deck = new NgspiceReadSolver(array).deck(volts, BATCH);
        List<String> lines = deck.lines().toList();
        int changes = 0;
        for (int b = 1; b < BATCH; b++) {
            for (int i = 0; i < m; i++) {
                if (volts[b * m + i] != volts[(b - 1) * m + i]) {
                    changes++;
                    String alter = "alter vin" + i + " dc = " + SpiceNumber.format(volts[b * m + i]);
                    assertTrue(lines.contains(alter), alter);
                }
            }
        }
        assertEquals(changes, lines.stream().filter(l -> l.startsWith("alter ")).count());
        assertEquals(BATCH, lines.stream().filter(l -> l.equals("op")).count());
        assertEquals(BATCH, lines.stream().filter(l -> l.startsWith("wrdata " + NgspiceReadSolver.DATA)).count());
        assertTrue(lines.contains("set numdgt=16"));
        assertTrue(lines.contains("set appendwrite"));
        // every number of the deck reads back to the double it was written from
        for (int i = 0; i < m; i++) {
            String src = "vin" + i + " in" + i + " 0 DC ";
            String line = lines.stream().filter(l -> l.startsWith(src)).findFirst().orElseThrow();
            assertEquals(volts[i], SpiceNumber.parse(line.substring(src.length())), 0.0);
        }
        double g = array.conductances()[array.physicalColumns() + 7];
        String cell = lines.stream().filter(l -> l.startsWith("rg1_7 ")).findFirst().orElseThrow();
        assertEquals(1 / g, SpiceNumber.parse(cell.split(" ")[3]), 0.0);
    }

    @Test
    void aBatchOfOneIsTheSingleRead() {
        CrossbarArray array = array(ArrayScheme.SINGLE_COLUMN, 7, 4, 1.0, 3.0, 0.0, Sensing.idealTia(1e4), 2);
        int p = array.physicalColumns();
        double[] v = Arrays.copyOfRange(reads(array.rows(), 5), 4 * array.rows(), 5 * array.rows());
        NgspiceReadSolver solver = new NgspiceReadSolver(array);
        double[] single = new double[p];
        solver.columnCurrents(v, single);
        double[] batch = new double[p];
        solver.columnCurrents(v, 1, batch);
        assertArrayEquals(single, batch, 0.0);
        assertEquals(solver.read(v, 1).sourcePowers()[0], solver.sourcePower(v), 0.0);
    }

    @Test
    void theFolderIsDeletedUnlessKept() {
        CrossbarArray array = array(ArrayScheme.CONDUCTANCES, 5, 6, 1.0, 2.0, 5.0, Sensing.resistor(100), 3);
        double[] v = Arrays.copyOf(reads(array.rows(), 7), array.rows());
        NgspiceReadSolver deleting = new NgspiceReadSolver(array, new NgspiceProcess(), false);
        deleting.sourcePower(v);
        assertFalse(Files.exists(deleting.lastFolder()), "temporary folder left behind: " + deleting.lastFolder());
        NgspiceReadSolver keeping = new NgspiceReadSolver(array, new NgspiceProcess(), true);
        keeping.sourcePower(v);
        Path kept = keeping.lastFolder();
        try {
            assertTrue(Files.isRegularFile(kept.resolve(NgspiceReadSolver.DECK)));
            assertTrue(Files.isRegularFile(kept.resolve(NgspiceReadSolver.DECK + ".log")));
            assertTrue(Files.isRegularFile(kept.resolve(NgspiceReadSolver.DATA)));
        } finally {
            for (String f : List.of(NgspiceReadSolver.DECK, NgspiceReadSolver.DECK + ".log", NgspiceReadSolver.DATA)) {
                kept.resolve(f).toFile().delete();
            }
            kept.toFile().delete();
        }
    }

    @Test
    void aMissingExecutableIsASimulationExceptionNamingIt() {
        CrossbarArray array = array(ArrayScheme.DOUBLE_COLUMN, 3, 2, 1.0, 1.0, 1.0, Sensing.idealTia(1e4), 6);
        String bad = dir.resolve("no-such-ngspice").toString();
        NgspiceReadSolver solver = new NgspiceReadSolver(array, new NgspiceProcess(bad, Duration.ofSeconds(10)), false);
        SimulationException e = assertThrows(SimulationException.class,
                () -> solver.columnCurrents(new double[] {0.2, -0.2, 0.2}, new double[4]));
        assertTrue(e.getMessage().contains(bad), e.getMessage());
        assertTrue(e.getMessage().contains("install it with: sudo apt-get install -y ngspice"), e.getMessage());
        assertTrue(e.getMessage().contains(NgspiceReadSolver.DECK), e.getMessage());
        assertFalse(Files.exists(solver.lastFolder()));
    }

    @Test
    void anExecutableThatWritesNothingIsASimulationExceptionNamingIt() throws Exception {
        Path fake = script("fake-ngspice", "#!/bin/sh\necho \"this is not ngspice\"\nexit 1\n");
        CrossbarArray array = array(ArrayScheme.DOUBLE_COLUMN, 3, 2, 1.0, 1.0, 1.0, Sensing.idealTia(1e4), 6);
        NgspiceReadSolver solver = new NgspiceReadSolver(array, new NgspiceProcess(fake.toString(),
                Duration.ofSeconds(10)), false);
        SimulationException e = assertThrows(SimulationException.class,
                () -> solver.sourcePower(new double[] {0.2, -0.2, 0.2}));
        assertTrue(e.getMessage().contains(fake.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrote no " + NgspiceReadSolver.DATA), e.getMessage());
        assertTrue(e.getMessage().contains("this is not ngspice"), e.getMessage());
    }

    @Test
    void aRunPastItsTimeoutIsStopped() throws Exception {
        Path slow = script("slow-ngspice", "#!/bin/sh\nexec sleep 30\n");
        Files.writeString(dir.resolve("deck.cir"), "nothing\n.end\n");
        NgspiceProcess process = new NgspiceProcess(slow.toString(), Duration.ofMillis(300));
        long t0 = System.nanoTime();
        SimulationException e = assertThrows(SimulationException.class, () -> process.run(dir, "deck.cir", "out"));
        assertTrue((System.nanoTime() - t0) * 1e-9 < 10, "the process was not stopped at its timeout");
        assertTrue(e.getMessage().contains("did not finish within 0.300 s"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("deck.cir").toString()), e.getMessage());
    }

    @Test
    void anErrorInTheLogFailsTheRunEvenWithItsOutputWritten() throws Exception {
        Files.writeString(dir.resolve("deck.cir"), """
                error in the control block
                v1 a 0 DC 1
                r1 a 0 2
                .control
                op
                alter vnope dc = 1
                wrdata out.data v(a)
                .endc
                .end
                """);
        SimulationException e = assertThrows(SimulationException.class,
                () -> new NgspiceProcess().run(dir, "deck.cir", "out.data"));
        assertTrue(Files.exists(dir.resolve("out.data")), "ngspice went on after the error");
        assertTrue(e.getMessage().contains("vnope"), e.getMessage());
        assertTrue(e.getMessage().contains("deck.cir"), e.getMessage());
        // and a good deck passes though ngspice -b exits with status 1 after a control block without quit
        Files.writeString(dir.resolve("good.cir"), """
                a good deck
                v1 a 0 DC 1
                r1 a 0 2
                .control
                op
                wrdata good.data i(v1)
                .endc
                .end
                """);
        new NgspiceProcess().run(dir, "good.cir", "good.data");
        String[] f = Files.readString(dir.resolve("good.data")).trim().split("\\s+");
        assertEquals(-0.5, Double.parseDouble(f[f.length - 1]), 1e-8);
    }

    @Test
    void errorLinesAreRecognised() {
        List<String> log = List.of("Note: No compatibility mode selected!", "Circuit: x",
                "Doing analysis at TEMP = 27.000000 and TNOM = 27.000000", "No. of Data Rows : 1",
                "Error: no such vector v(zz)", "Warning: singular matrix:  check node a",
                "Note: Transient op finished successfully", "ERROR: fatal error in ngspice, exit(1)",
                "Warning: Dynamic gmin stepping failed", "op simulation(s) aborted");
        assertEquals(List.of("Error: no such vector v(zz)", "Warning: singular matrix:  check node a",
                "ERROR: fatal error in ngspice, exit(1)", "Warning: Dynamic gmin stepping failed",
                "op simulation(s) aborted"), NgspiceProcess.errorLines(log));
    }

    private Path script(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        assertTrue(f.toFile().setExecutable(true));
        return f;
    }
}
