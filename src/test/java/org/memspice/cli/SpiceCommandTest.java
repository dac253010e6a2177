package org.memspice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SpiceCommandTest {

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void opJsonHasExactlyNodeVoltagesAndSourceCurrents(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("div.cir");
        Files.writeString(f, "divider\nV1 IN 0 DC 3\nR1 in Mid 2k\nR2 mid 0 1k\n.op\n.end\n");
        Run r = run("spice", "run", f.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(List.of("op", "solver"), fields(root));
        assertTrue(root.get("solver").get("method").asText().startsWith("direct"), r.out());
        assertEquals(List.of("v", "i"), fields(root.get("op")));
        assertEquals(List.of("in", "mid"), fields(root.get("op").get("v")));
        assertEquals(1.0, root.get("op").get("v").get("mid").asDouble(), 1e-15);
        assertEquals(-1e-3, root.get("op").get("i").get("v1").asDouble(), 1e-18);
    }

    @Test
    void solverIsChosenByFlagOrOptionAndReported(@TempDir Path dir) throws Exception {
        // a 40-resistor ladder: v(n_k) = 4 (40 - k) / 40
        StringBuilder sb = new StringBuilder("ladder\nV1 n0 0 DC 4\n");
        for (int k = 0; k < 40; k++) sb.append("R").append(k).append(" n").append(k).append(k == 39 ? " 0" : " n" + (k + 1)).append(" 1k\n");
        Path f = dir.resolve("ladder.cir");
        Files.writeString(f, sb + ".op\n.end\n");
        Run r = run("spice", "run", f.toString(), "--json", "--solver", "iterative");
        assertEquals(0, r.status(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode solver = root.get("solver");
        assertTrue(solver.get("method").asText().startsWith("conjugate gradients"), r.out());
        assertTrue(solver.get("iterations").asInt() >= 1);
        assertTrue(solver.get("residual").asDouble() <= 1e-12);
        for (int k = 0; k < 40; k++) assertEquals(4.0 * (40 - k) / 40, root.get("op").get("v").get("n" + k).asDouble(), 1e-12);
        assertEquals(-4.0 / 40e3, root.get("op").get("i").get("v1").asDouble(), 1e-16);

        Path g = dir.resolve("ladder-options.cir");
        Files.writeString(g, sb + ".options solver=iterative cgtol=1e-14\n.op\n.end\n");
        r = run("spice", "run", g.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        solver = new ObjectMapper().readTree(r.out()).get("solver");
        assertTrue(solver.get("method").asText().startsWith("conjugate gradients"), r.out());
        assertTrue(solver.get("residual").asDouble() <= 1e-14, r.out());
        // the flag wins over the option
        r = run("spice", "run", g.toString(), "--json", "--solver", "direct");
        assertTrue(new ObjectMapper().readTree(r.out()).get("solver").get("method").asText().startsWith("direct"), r.out());

        r = run("spice", "run", f.toString(), "--solver", "fast");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--solver fast") && r.err().contains("auto, direct or iterative"), r.err());
    }

    @Test
    void powerOptionReportsElementPowerThatBalances(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("div.cir");
        Files.writeString(f, "divider\nV1 in 0 DC 3\nR1 in mid 2k\nR2 mid 0 1k\n.op\n.end\n");
        Run r = run("spice", "run", f.toString(), "--json", "--power");
        assertEquals(0, r.status(), r.err());
        JsonNode p = new ObjectMapper().readTree(r.out()).get("power");
        assertEquals(2.0 * 2.0 / 2e3, p.get("elements").get("r1").asDouble(), 1e-15);
        assertEquals(1.0 / 1e3, p.get("elements").get("r2").asDouble(), 1e-15);
        assertEquals(-3.0 * 1e-3, p.get("elements").get("v1").asDouble(), 1e-15);
        assertEquals(3e-3, p.get("categories").get("resistors").asDouble(), 1e-15);
        assertEquals(0.0, p.get("total").asDouble() / p.get("delivered").asDouble(), 1e-12);
    }

    @Test
    void tranWritesCsvWithNgspiceVectorNames(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("rc.cir");
        Files.writeString(f, "rc\nV1 in 0 PULSE(0 1 0 1n 1n 1 2)\nR1 in out 1k\nC1 out 0 1n\n.tran 0.1u 5u\n.print tran v(out) i(v1)\n.end\n");
        Path csv = dir.resolve("rc.csv");
        Run r = run("spice", "run", f.toString(), "--csv", csv.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("time,v(out),i(v1)", lines.get(0));
        String[] last = lines.get(lines.size() - 1).split(",");
        assertEquals(5e-6, Double.parseDouble(last[0]), 1e-18);
        assertEquals(1 - Math.exp(-(5e-6 - 1e-9 / 2) / 1e-6), Double.parseDouble(last[1]), 2e-3);
    }

    @Test
    void badNetlistExitsTwoAndSingularCircuitExitsThree(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.cir");
        Files.writeString(bad, "bad\nV1 a 0 1\nQ1 a b c npn\n.op\n");
        Run r = run("spice", "run", bad.toString());
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains(bad + ":3:") && r.err().contains("Q1"), r.err());

        Path floating = dir.resolve("floating.cir");
        Files.writeString(floating, "floating\nV1 a 0 1\nR1 a 0 1k\nC1 a x 1n\nR2 x y 1k\n.op\n");
        r = run("spice", "run", floating.toString());
        assertEquals(Main.EXIT_SIMULATION, r.status());
        assertTrue(r.err().contains("x") && r.err().contains("DC path"), r.err());

        r = run("spice", "run", dir.resolve("missing.cir").toString());
        assertEquals(Main.EXIT_INPUT, r.status());
        assertTrue(r.err().contains("missing.cir") && r.err().contains("does not exist"), r.err());
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }
}
