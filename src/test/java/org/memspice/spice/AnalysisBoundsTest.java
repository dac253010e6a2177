package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.memspice.InputException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Analyses whose work cannot finish are refused before they start, naming the line or the source. */
class AnalysisBoundsTest {
    static String refused(String deck) throws Exception {
        Path f = Files.createTempFile("bounds", ".cir");
        try {
            Files.writeString(f, deck);
            InputException e = assertThrows(InputException.class, () -> {
                Netlist nl = NetlistReader.read(f);
                for (Analysis a : nl.analyses()) {
                    if (a instanceof Analysis.Tran t) {
                        SpiceRun.tran(nl, t);
                    }
                }
            });
            return e.getMessage();
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void aDcSweepOfTooManyPointsIsRefusedAtItsLine() throws Exception {
        String m = refused("dc\nV1 in 0 DC 1\nR1 in 0 1k\n.dc V1 0 1 1e-15\n.end\n");
        assertTrue(m.contains(":4:") && m.contains("points") && m.contains("at most"), m);
        m = refused("dc\nV1 in 0 DC 1\nR1 in 0 1k\n.dc V1 0 1 0\n.end\n");
        assertTrue(m.contains("nonzero"), m);
    }

    @Test
    void aTransientOfTooManyStepsOrSourcePeriodsIsRefusedBeforeItsFirstStep() throws Exception {
        String m = refused("rc\nV1 in 0 SIN(0 1 1k)\nR1 in out 1k\nC1 out 0 1n\n.tran 1n 1\n.end\n");
        assertTrue(m.contains(".tran") && m.contains("time steps"), m);
        m = refused("rc\nV1 in 0 SIN(0 1 1e30)\nR1 in out 1k\nC1 out 0 1n\n.tran 1m 1\n.end\n");
        assertTrue(m.toLowerCase().contains("v1") && m.contains("periods"), m);
        m = refused("rc\nI1 0 out PULSE(0 1m 0 1p 1p 1p 1n)\nR1 out 0 1k\n.tran 1m 1\n.end\n");
        assertTrue(m.toLowerCase().contains("i1") && m.contains("periods"), m);
    }

    @Test
    void aTransientStepShorterThanMemspiceResolvesIsRefusedAtItsLineWithTheSmallestStepAccepted() throws Exception {
        String m = refused("rc\nV1 in 0 SIN(0 1 1k)\nR1 in out 1k\nC1 out 0 1n\n.tran 1e-300 1e-299\n.end\n");
        assertTrue(m.contains(":5: .tran TSTEP 1e-300") && m.contains("at least 1.0e-18 s"), m);
        m = refused("rc\nV1 in 0 DC 1\nR1 in out 1k\nC1 out 0 1n\n.tran 1u 1m 0 1e-300\n.end\n");
        assertTrue(m.contains(":5: .tran TMAX 1e-300") && m.contains("at least 1.000e-11 s"), m);
        m = refused("rc\nV1 in 0 DC 1\nR1 in out 1k\nC1 out 0 1n\n.tran 1n 1\n.end\n");
        assertTrue(m.contains(":5: .tran TSTEP 1n") && m.contains("at most 100000000"), m);
    }

    @Test
    void aTransientWhosePointsDoNotFitTheHeapIsRefusedBeforeItStarts() throws Exception {
        String m = refused("rc\nV1 in 0 DC 1\nR1 in out 1k\nC1 out 0 1n\n.tran 1n 0.1\n.end\n");
        assertTrue(m.contains(":5: .tran keeps at least 1.00e+08 points") && m.contains("-Xmx16g"), m);
    }

    @Test
    void optionsOutOfRangeAreRefusedAtTheirLine() throws Exception {
        for (String o : new String[] {"reltol=0", "abstol=-1", "vntol=0", "gmin=0", "itl1=0", "itl4=-1", "itl4=2.5",
                "method=euler", "solver=magic"}) {
            String m = refused("rc\nV1 in 0 DC 1\nR1 in out 1k\n.options " + o + "\n.op\n.end\n");
            assertTrue(m.contains(":4: .options " + o + ": expected"), m);
        }
    }

    @Test
    void aSubcircuitTreeBeyondTheElementLimitIsRefusedBeforeItIsFlattened() throws Exception {
        StringBuilder sb = new StringBuilder("t\n.subckt s0 a b\nR1 a b 1k\n.ends\n");
        for (int k = 1; k < 12; k++) {
            sb.append(".subckt s").append(k).append(" a b\n");
            for (int j = 0; j < 10; j++) sb.append("X").append(j).append(" a b s").append(k - 1).append('\n');
            sb.append(".ends\n");
        }
        String m = refused(sb.append("V1 in 0 1\nX1 in 0 s11\n.op\n.end\n").toString());
        assertTrue(m.contains("x1: an instance of subcircuit 's11' flattens into 100000000000 elements"), m);
    }

    @Test
    void filesThatMayNeverEndOrAreTooLargeAreRefusedBeforeTheyAreRead() throws Exception {
        String m = refused("t\n.include /dev/zero\n.op\n.end\n");
        assertTrue(m.contains(":2: netlist file '/dev/zero' is not a regular file"), m);
        Path big = Files.createTempFile("bounds", ".inc");
        try {
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
                f.setLength(NetlistReader.MAX_BYTES + 1);
            }
            m = refused("t\n.include " + big + "\n.op\n.end\n");
            assertTrue(m.contains(":2: netlist file") && m.contains("expected at most 1073741824 (1 GiB"), m);
        } finally {
            Files.deleteIfExists(big);
        }
        assertThrows(InputException.class, () -> NetlistReader.checkSize(NetlistReader.MAX_BYTES + 1, "x"));
    }
}
