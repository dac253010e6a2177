package org.memspice.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;
import org.memspice.crossbar.ArrayScheme;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resumable results file: what a rerun skips, what a killed run leaves, what another sweep's file gets. */
class SweepFileTest {
    @TempDir
    Path dir;

    static SweepInputs inputs(long seed) {
        return Fixtures.inputs(List.of("sigma=0:0.2:0.1"), Variation.NONE, 20, seed);
    }

    static TrialResult result(int point, int trial) {
        return new TrialResult(point, ArrayScheme.SINGLE_COLUMN, trial, 20, 17 - trial, 18, 1.234567890123e-7 + point
                * 1e-21, 0.5, 1.5);
    }

    @Test
    void aRerunReadsBackEveryFinishedTrialToTheLastBit() {
        Path f = dir.resolve("s.csv");
        SweepInputs in = inputs(1);
        try (SweepFile file = SweepFile.open(f, in)) {
            assertTrue(file.finished().isEmpty());
            file.append(result(0, 0));
            file.append(result(2, 1));
        }
        try (SweepFile file = SweepFile.open(f, in)) {
            List<TrialResult> back = file.finished();
            assertEquals(2, back.size());
            assertEquals(result(2, 1).key(), back.get(1).key());
            assertEquals(Double.doubleToLongBits(result(2, 1).energyPerImage()),
                    Double.doubleToLongBits(back.get(1).energyPerImage()));
            assertEquals(result(2, 1).correct(), back.get(1).correct());
            List<TrialKey> keys = Sweep.keys(in.grid(), List.of(ArrayScheme.SINGLE_COLUMN), 2);
            List<TrialKey> pending = Sweep.pending(keys, back);
            assertEquals(4, pending.size());
            assertTrue(!pending.contains(result(0, 0).key()) && !pending.contains(result(2, 1).key()));
        }
    }

    @Test
    void aLineCutShortByAKilledRunIsDroppedAndRerun() throws Exception {
        Path f = dir.resolve("s.csv");
        SweepInputs in = inputs(1);
        try (SweepFile file = SweepFile.open(f, in)) {
            file.append(result(0, 0));
        }
        Files.writeString(f, Files.readString(f) + "single-column,1,0.0,20,1", java.nio.file.StandardOpenOption.WRITE);
        try (SweepFile file = SweepFile.open(f, in)) {
            assertEquals(1, file.finished().size());
            file.append(result(0, 1));
        }
        try (SweepFile file = SweepFile.open(f, in)) {
            assertEquals(2, file.finished().size());
        }
    }

    @Test
    void anotherSweepsFileIsRefusedAndLeftAsItIs() throws Exception {
        Path f = dir.resolve("s.csv");
        try (SweepFile file = SweepFile.open(f, inputs(1))) {
            file.append(result(1, 0));
        }
        byte[] before = Files.readAllBytes(f);
        InputException e = assertThrows(InputException.class, () -> SweepFile.open(f, inputs(2)));
        assertTrue(e.getMessage().contains("another sweep") && e.getMessage().contains("seed=1")
                && e.getMessage().contains("--csv"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        Path other = dir.resolve("notes.csv");
        Files.writeString(other, "a,b\n1,2\n3,4\n");
        InputException e2 = assertThrows(InputException.class, () -> SweepFile.open(other, inputs(1)));
        assertTrue(e2.getMessage().contains("not a memspice sweep results file"), e2.getMessage());
        assertEquals("a,b\n1,2\n3,4\n", Files.readString(other));
    }

    @Test
    void aDamagedLineIsNamedByItsNumber() throws Exception {
        Path f = dir.resolve("s.csv");
        try (SweepFile file = SweepFile.open(f, inputs(1))) {
            file.append(result(1, 0));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.set(2, lines.get(2).replace(",20,", ",x,"));
        Files.write(f, lines);
        InputException e = assertThrows(InputException.class, () -> SweepFile.open(f, inputs(1)));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void anOutputPathUnderARegularFileIsRefused() throws Exception {
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");
        InputException e = assertThrows(InputException.class, () -> SweepFile.open(file.resolve("s.csv"), inputs(1)));
        assertTrue(e.getMessage().contains("--csv") && e.getMessage().contains("not a folder"), e.getMessage());
    }
}
