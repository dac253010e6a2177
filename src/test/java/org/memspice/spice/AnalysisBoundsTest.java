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
}
