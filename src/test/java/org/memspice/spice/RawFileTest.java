package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw files that ngspice writes for a divider with a capacitor (1 V, 1 kohm over 3 kohm, 1 uF at the middle
 * node), read back against the closed forms: operating point v(mid) = 3/4 V and i(v1) = -1/4 mA, DC sweep
 * v(mid) = 3/4 V1, and the charging from 0 V, v(mid) = 3/4 (1 - exp(-t/tau)) with tau = (1k || 3k) 1 uF =
 * 750 us. ngspice writes op, dc and tran into one file (set appendwrite), ASCII and binary. These tests run
 * ngspice and fail (they do not skip) when it is missing.
 */
class RawFileTest {
    private static final double TAU = 750e-6;

    @TempDir
    Path dir;

    private RawFile written(String filetype) throws Exception {
        Files.writeString(dir.resolve("rc.cir"), """
                divider with a capacitor
                v1 in 0 DC 1
                r1 in mid 1k
                r2 mid 0 3k
                c1 mid 0 1u IC=0
                .control
                set filetype=%s
                op
                write rc.raw
                set appendwrite
                dc v1 0 2 0.5
                write rc.raw
                tran 2u 3m 0 2u uic
                write rc.raw v(mid) i(v1)
                .endc
                .end
                """.formatted(filetype));
        new NgspiceProcess().run(dir, "rc.cir", "rc.raw");
        return RawFile.read(dir.resolve("rc.raw"));
    }

    @Test
    void operatingPointDcSweepAndTransientMatchTheClosedForms() throws Exception {
        for (String type : List.of("ascii", "binary")) {
            RawFile raw = written(type);
            assertEquals(3, raw.plots().size(), type);

            RawFile.Plot op = raw.plots().get(0);
            assertEquals("Operating Point", op.name());
            assertEquals("divider with a capacitor", op.title());
            assertEquals(1, op.points());
            assertEquals(0.75, op.value("v(mid)"), 1e-12, type);
            assertEquals(0.75, op.voltage("mid")[0], 1e-12, type);
            assertEquals(1.0, op.value("V(IN)"), 1e-12, "names are matched whatever their case");
            assertEquals(-2.5e-4, op.current("v1")[0], 1e-15, type);
            assertEquals("current", op.type("i(v1)"));

            RawFile.Plot dc = raw.plots().get(1);
            assertEquals("DC transfer characteristic", dc.name());
            assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2}, dc.scale(), 1e-12);
            for (int k = 0; k < dc.points(); k++) {
                double v = dc.scale()[k];
                assertEquals(0.75 * v, dc.voltage("mid")[k], 1e-12, type + " dc point " + k);
                assertEquals(-v / 4000, dc.current("v1")[k], 1e-15, type + " dc point " + k);
            }

            RawFile.Plot tran = raw.plots().get(2);
            assertEquals("Transient Analysis", tran.name());
            assertEquals(List.of("time", "v(mid)", "i(v1)"), tran.vectorNames());
            double[] t = tran.scale();
            double[] v = tran.voltage("mid");
            assertEquals(3e-3, t[t.length - 1], 1e-12);
            assertTrue(t.length > 100, "points " + t.length);
            for (int k = 0; k < t.length; k++) {
                double exact = 0.75 * (1 - Math.exp(-t[k] / TAU));
                assertEquals(exact, v[k], 1e-5, type + " at t = " + t[k]);
                // the source current follows from the resistor r1: i(v1) = -(1 - v(mid)) / 1k
                assertEquals(-(1 - v[k]) / 1e3, tran.current("v1")[k], 1e-12, type + " at t = " + t[k]);
            }
        }
    }

    @Test
    void asciiAndBinaryGiveTheSameNumbers() throws Exception {
        RawFile ascii = written("ascii");
        RawFile binary = written("binary");
        for (int p = 0; p < 3; p++) {
            RawFile.Plot a = ascii.plots().get(p);
            RawFile.Plot b = binary.plots().get(p);
            assertEquals(a.vectorNames(), b.vectorNames());
            for (String name : a.vectorNames()) {
                double[] x = a.vector(name);
                double[] y = b.vector(name);
                assertEquals(x.length, y.length);
                for (int k = 0; k < x.length; k++) {
                    // ASCII keeps 16 significant digits
                    assertEquals(y[k], x[k], 1e-15 * Math.abs(y[k]), a.name() + " " + name + "[" + k + "]");
                }
            }
        }
    }

    @Test
    void aMissingVectorNamesTheFilePlotAndVector() throws Exception {
        RawFile.Plot op = written("ascii").first();
        InputException e = assertThrows(InputException.class, () -> op.vector("v(nowhere)"));
        assertTrue(e.getMessage().contains(dir.resolve("rc.raw").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Operating Point"), e.getMessage());
        assertTrue(e.getMessage().contains("v(nowhere)"), e.getMessage());
        assertTrue(e.getMessage().contains("v(mid)"), "lists what the plot has: " + e.getMessage());
        assertFalse(op.has("v(nowhere)"));
        e = assertThrows(InputException.class, () -> op.current("r9"));
        assertTrue(e.getMessage().contains("i(r9)") && e.getMessage().contains("r9#branch"), e.getMessage());
    }

    @Test
    void malformedFilesAreRejectedNamingFileAndLine() throws Exception {
        String header = """
                Title: t
                Date: today
                Plotname: Operating Point
                Flags: real
                No. Variables: 2
                No. Points: 1
                Variables:
                \t0\tv(a)\tvoltage
                \t1\ti(v1)\tcurrent
                """;
        Path good = dir.resolve("good.raw");
        Files.writeString(good, header + "Values:\n 0\t1.5e+00\n\t-2.0e-03\n");
        RawFile.Plot op = RawFile.read(good).first();
        assertEquals(1.5, op.value("v(a)"));
        assertEquals(-2e-3, op.current("v1")[0]);

        fails("short.raw", header + "Values:\n 0\t1.5e+00\n", "ends in point 0 of 1");
        fails("nan.raw", header + "Values:\n 0\t1.5e+00\n\tabc\n", "line 12", "'abc' is not a number");
        fails("binary.raw", header + "Binary:\n\0\0\0", "3 bytes of binary values, expected 16");
        fails("complex.raw", header.replace("Flags: real", "Flags: complex") + "Values:\n",
                "line 4", "complex", "only real plots");
        fails("order.raw", "Title: t\nVariables:\n", "line 2", "Variables: before No. Variables:");
        fails("empty.raw", "\n\n", "empty");
        fails("cut.raw", "Title: t\nPlotname: Operating Point\n", "ends inside the header");
        InputException e = assertThrows(InputException.class, () -> RawFile.read(dir.resolve("none.raw")));
        assertTrue(e.getMessage().contains("none.raw") && e.getMessage().contains("no such"), e.getMessage());
    }

    private void fails(String name, String text, String... expected) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        InputException e = assertThrows(InputException.class, () -> RawFile.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
        }
    }
}
