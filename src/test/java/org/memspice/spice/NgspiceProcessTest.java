package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.SimulationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one place that starts ngspice: a missing executable, a netlist ngspice rejects and a raw-file run. These
 * tests run ngspice and fail (they do not skip) when it is missing.
 */
class NgspiceProcessTest {
    @TempDir
    Path dir;

    @Test
    void aBadExecutablePathNamesItTheDeckAndTheInstallHint() throws Exception {
        Files.writeString(dir.resolve("deck.cir"), "divider\nv1 a 0 DC 1\nr1 a 0 1k\n.op\n.end\n");
        String bad = dir.resolve("bin/ngspice-that-is-not-there").toString();
        SimulationException e = assertThrows(SimulationException.class,
                () -> new NgspiceProcess(bad, Duration.ofSeconds(10)).runWritingRaw(dir, "deck.cir", "deck.raw"));
        assertTrue(e.getMessage().contains("cannot start ngspice '" + bad + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("deck.cir").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("sudo apt-get install -y ngspice"), e.getMessage());
    }

    @Test
    void aRejectedNetlistQuotesNgspicesErrorLinesAndTheOffendingLine() throws Exception {
        Files.writeString(dir.resolve("bad.cir"), "a netlist ngspice rejects\nv1 a 0 DC 1\nr1 a b 1k\n"
                + "zz1 b 0 3\n.op\n.end\n");
        SimulationException e = assertThrows(SimulationException.class,
                () -> new NgspiceProcess().runWritingRaw(dir, "bad.cir", "bad.raw"));
        String m = e.getMessage();
        assertTrue(m.startsWith("ngspice '"), m);
        assertTrue(m.contains(dir.resolve("bad.cir").toString()), m);
        assertTrue(m.contains("Error on line 4"), "ngspice's own error line: " + m);
        assertTrue(m.contains("zz1 b 0 3"), "the line ngspice rejected: " + m);
        assertTrue(m.contains("circuit not parsed"), m);
    }

    @Test
    void aDeckThatDoesNotExistIsNamed() {
        SimulationException e = assertThrows(SimulationException.class,
                () -> new NgspiceProcess().run(dir, "missing.cir"));
        assertTrue(e.getMessage().contains(dir.resolve("missing.cir").toString()), e.getMessage());
    }

    @Test
    void aRawRunWritesTheOperatingPointAndTimesTheProcess() throws Exception {
        // 2 V over 1 kohm + 3 kohm: v(mid) = 1.5 V, i(v1) = -0.5 mA (into the source's positive terminal)
        Files.writeString(dir.resolve("div.cir"), "divider\nv1 in 0 DC 2\nr1 in mid 1k\nr2 mid 0 3k\n.op\n.end\n");
        NgspiceProcess.Run run = new NgspiceProcess().runWritingRaw(dir, "div.cir", "div.raw");
        assertTrue(run.seconds() > 0 && run.seconds() < 120, "seconds " + run.seconds());
        assertTrue(run.log().contains("divider"), run.log());
        RawFile.Plot op = RawFile.read(dir.resolve("div.raw")).first();
        assertEquals("Operating Point", op.name());
        assertEquals(1.5, op.voltage("mid")[0], 1e-12);
        assertEquals(-5e-4, op.current("v1")[0], 1e-15);
    }

    @Test
    void aRawFileLeftByAnEarlierRunDoesNotPassForThisOne() throws Exception {
        // a netlist without an analysis: ngspice runs and writes no raw file
        Files.writeString(dir.resolve("none.cir"), "no analysis\nv1 a 0 DC 1\nr1 a 0 1k\n.end\n");
        Files.writeString(dir.resolve("none.raw"), "left from an earlier run");
        SimulationException e = assertThrows(SimulationException.class,
                () -> new NgspiceProcess().runWritingRaw(dir, "none.cir", "none.raw"));
        assertTrue(e.getMessage().contains("wrote no none.raw"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("none.cir").toString()), e.getMessage());
    }
}
