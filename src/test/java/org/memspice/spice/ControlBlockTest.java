package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A control block read as a batch run reads it, its outputs written as ngspice writes them, against ngspice. */
class ControlBlockTest {
    static final String DECK = """
            control block RC
            .csparam stime=2m
            .param rr=1k
            .global vdd
            Vdd vdd 0 DC 1
            X1 out rc
            .subckt rc o
            R1 vdd o {rr}
            C1 o 0 1u
            .ends
            .control
            let deltime = stime/100
            tran $&deltime $&stime uic
            wrdata rc.txt v(out)
            set wr_singlescale
            set wr_vecnames
            wrdata rc2.txt v(out) i(vdd)
            set filetype=ascii
            write rc.raw v(out)
            .endc
            .end
            """;

    static List<double[]> rows(Path f, int skip) throws Exception {
        List<double[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(f);
        for (String l : lines.subList(skip, lines.size())) {
            if (l.isBlank()) continue;
            String[] t = l.trim().split("\\s+");
            double[] r = new double[t.length];
            for (int k = 0; k < t.length; k++) r[k] = Double.parseDouble(t[k]);
            out.add(r);
        }
        return out;
    }

    /** Runs memspice's reading of DECK in {@code dir} the way spice run does, writing the block's outputs there. */
    static void memspice(Path dir) throws Exception {
        Path f = dir.resolve("cb.cir");
        Files.writeString(f, DECK.replace("rc.txt", dir.resolve("rc.txt").toString())
                .replace("rc2.txt", dir.resolve("rc2.txt").toString()).replace("rc.raw", dir.resolve("rc.raw").toString()));
        Netlist nl = NetlistReader.read(f);
        assertEquals(1, nl.analyses().size());
        Analysis.Tran t = (Analysis.Tran) nl.analyses().get(0);
        assertEquals(2e-5, t.tstep(), 1e-18);
        assertEquals(2e-3, t.tstop(), 1e-15);
        assertTrue(t.uic());
        List<Object> results = List.of(SpiceRun.tran(nl, t));
        ControlOutputs.write(nl.outputs(), results, nl.title(), new PrintWriter(new StringWriter()),
                (png, title, scale, x, ys) -> { }, dir, "cb");
    }

    @Test
    void letSubstitutionGlobalsAndWrdataAgreeWithNgspice(@TempDir Path dir) throws Exception {
        Path mine = Files.createDirectories(dir.resolve("memspice")), theirs = Files.createDirectories(dir.resolve("ng"));
        memspice(mine);
        Files.writeString(theirs.resolve("cb.cir"), DECK);
        new NgspiceProcess().run(theirs, "cb.cir", "rc.txt");
        // wrdata: pairs of (time, value) per vector; with wr_singlescale and wr_vecnames one time column and names
        List<double[]> m = rows(mine.resolve("rc.txt"), 0), n = rows(theirs.resolve("rc.txt"), 0);
        assertEquals(2, m.get(0).length);
        assertEquals(2, n.get(0).length);
        double[] mt = m.stream().mapToDouble(r -> r[0]).toArray(), mv = m.stream().mapToDouble(r -> r[1]).toArray();
        double worst = 0;
        for (double[] r : n) worst = Math.max(worst, Math.abs(Ngspice.interpolate(mt, mv, r[0]) - r[1]));
        assertTrue(worst < 1e-3 * 0.86, "v(out) differs from ngspice's by " + worst);
        assertEquals(Files.readAllLines(theirs.resolve("rc2.txt")).get(0).trim().split("\\s+").length,
                Files.readAllLines(mine.resolve("rc2.txt")).get(0).trim().split("\\s+").length);
        assertEquals("time v(out) i(vdd)", String.join(" ", Files.readAllLines(mine.resolve("rc2.txt")).get(0).trim()
                .split("\\s+")));
        // the ASCII raw file reads back (the same reader that reads ngspice's) with the values wrdata wrote
        RawFile.Plot p = RawFile.read(mine.resolve("rc.raw")).first();
        assertEquals(m.size(), p.points());
        assertEquals(mv[mv.length - 1], p.vector("v(out)")[p.points() - 1], 1e-8);   // wrdata keeps 9 digits
        // RC charging through 1 kohm into 1 uF from 1 V: 1 - exp(-t/1ms) at the end (2 ms)
        assertEquals(1 - Math.exp(-2), mv[mv.length - 1], 1e-3);
    }

    static String refused(String control) throws Exception {
        Path f = Files.createTempFile("cb", ".cir");
        try {
            Files.writeString(f, "cb\nV1 a 0 1\nR1 a 0 1k\n.tran 1u 1m\n.control\n" + control + "\n.endc\n.end\n");
            return assertThrows(InputException.class, () -> NetlistReader.read(f)).getMessage();
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void whatABatchRunCannotDoIsRefusedAtItsLine() throws Exception {
        assertTrue(refused("meas tran x max v(a)").contains(":6: control command 'meas' is not supported"));
        assertTrue(refused("frobnicate").contains(":6: unknown control command 'frobnicate'"));
        assertTrue(refused("tran $&nothing 1m").contains(":6: $&nothing: no let variable"));
        assertTrue(refused("let x = v(a) * 2").contains("let x"));
        assertTrue(refused("wrdata out.txt v(a)").contains(":6: wrdata: no analysis has run"));
        assertTrue(refused("run\nwrdata").contains(":7: wrdata needs a file name"));
        assertTrue(refused("let = 3").contains("expected 'let name = expression'"));
    }

    @Test
    void runStartsTheCardsAnalysesAndPassedCommandsWarn() throws Exception {
        Path f = Files.createTempFile("cb", ".cir");
        try {
            Files.writeString(f, "cb\nV1 a 0 1\nR1 a 0 1k\n.op\n.tran 1u 1m\n.control\necho hello\nop\nrun\n.endc\n.end\n");
            Netlist nl = NetlistReader.read(f);
            assertEquals(3, nl.analyses().size());
            assertTrue(nl.analyses().get(0) instanceof Analysis.Op);
            assertTrue(nl.analyses().get(2) instanceof Analysis.Tran);
            assertTrue(nl.warnings().stream().anyMatch(w -> w.contains(":7: control command 'echo'")), nl.warnings().toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void outputLinesMemspiceCannotMapArePassedOverWithAWarning() throws Exception {
        Path f = Files.createTempFile("cb", ".cir");
        try {
            Files.writeString(f, "cb\nV1 a 0 1\nR1 a 0 1k\n.control\ntran 1u 1m\nplot i(v1) vs v(a)\nplot tran2.v(a)\n"
                    + "print -i(v1)\nplot v(a)\n.endc\n.end\n");
            Netlist nl = NetlistReader.read(f);
            assertEquals(1, nl.outputs().size());
            for (int line : new int[] {6, 7, 8}) {
                assertTrue(nl.warnings().stream().anyMatch(w -> w.contains(":" + line + ": ") && w.contains("skipped")),
                        nl.warnings().toString());
            }
            // a vector the results do not have: the line is passed over after the analysis, not the run
            List<String> done = ControlOutputs.write(List.of(new ControlBlock.Output("print", null, List.of("v(zz)"), 0,
                    "x:1", java.util.Map.of())), List.of(SpiceRun.tran(nl, (Analysis.Tran) nl.analyses().get(0))), "t",
                    new PrintWriter(new StringWriter()), (png, title, scale, x, ys) -> { }, f.getParent(), "cb");
            assertTrue(done.get(0).contains("no vector 'v(zz)'") && done.get(0).contains("skipped"), done.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void aPlotOfAnOperatingPointIsNamedAsHavingNothingToPlotAgainst() throws Exception {
        Path f = Files.createTempFile("cb", ".cir");
        try {
            Files.writeString(f, "cb\nV1 a 0 1\nR1 a 0 1k\n.control\nop\nplot v(a)\n.endc\n.end\n");
            Netlist nl = NetlistReader.read(f);
            List<Object> results = List.of(SpiceRun.op(nl));
            InputException e = assertThrows(InputException.class, () -> ControlOutputs.write(nl.outputs(), results, "t",
                    new PrintWriter(new StringWriter()), (png, title, scale, x, ys) -> { }, f.getParent(), "cb"));
            assertTrue(e.getMessage().contains(":6: plot after an operating point"), e.getMessage());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void hardcopyCommaJoinedVectorsAndUndeclaredInstanceParametersArePassedOverWithAWarning() throws Exception {
        // lines found in public ngspice memristor decks: a PostScript hardcopy, vectors joined by commas (ngspice's
        // complex-number operator), an instance parameter its subcircuit does not declare (ngspice ignores it)
        Path f = Files.createTempFile("cb", ".cir");
        try {
            Files.writeString(f, "cb\nV1 a 0 1\nX1 a b div rr=2k toff=3\n.subckt div p m PARAMS: rr=1k\nR1 p m {rr}\n"
                    + "R2 m 0 1k\n.ends\n.control\ntran 1u 1m\nhardcopy mem.ps v(a) v(b)\nplot v(a), v(b)\n"
                    + "print v(b)\n.endc\n.end\n");
            Netlist nl = NetlistReader.read(f);
            assertEquals(1, nl.outputs().size());
            assertTrue(nl.warnings().stream().anyMatch(w -> w.contains(":10: hardcopy skipped")), nl.warnings().toString());
            assertTrue(nl.warnings().stream().anyMatch(w -> w.contains(":11: plot skipped") && w.contains("comma")),
                    nl.warnings().toString());
            assertTrue(nl.warnings().stream().anyMatch(w -> w.contains(":3: x1: subcircuit 'div' has no parameter 'toff'")),
                    nl.warnings().toString());
            // the declared parameter is used: v(b) = 1 V * 1k / (2k + 1k)
            assertEquals(1.0 / 3, SpiceRun.op(nl).v().get("b"), 1e-12);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
