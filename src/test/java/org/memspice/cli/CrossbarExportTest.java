package org.memspice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.crossbar.CrossbarSpec;
import org.memspice.crossbar.CrossbarSpecReader;
import org.memspice.crossbar.ReadAnalysis;
import org.memspice.crossbar.ReadSolution;
import org.memspice.spice.NetlistReader;
import org.memspice.spice.NgspiceComparison;
import org.memspice.spice.NgspiceProcess;
import org.memspice.spice.RawFile;
import org.memspice.spice.SpiceRun;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.memspice.circuit.DcSolver;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;
import org.memspice.spice.Netlist;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `crossbar export` writes a netlist that ngspice and memspice's own SPICE reader both solve to the same answer. */
class CrossbarExportTest {
    @TempDir
    Path dir;

    @Test
    void exportedNetlistRunsInNgspiceAndInSpiceRunWithTheSameSolution() throws Exception {
        for (String name : new String[] {"crossbar-8x8-single.json", "crossbar-8x8-double.json"}) {
            Path specFile = Path.of("circuits", name);
            Path cir = dir.resolve(name + ".cir");
            assertEquals(0, Main.execute("crossbar", "export", "--spec", specFile.toString(), "--out", cir.toString(),
                    "--input", "1"));
            CrossbarSpec spec = CrossbarSpecReader.read(specFile);
            CrossbarArray array = spec.array();
            ReadSolution s = new ReadAnalysis(array, 1e-14).read(spec.inputs().get(1));

            Path raw = dir.resolve(name + ".raw");
            new NgspiceProcess(Duration.ofSeconds(60)).runWritingRaw(dir, cir.getFileName().toString(),
                    raw.getFileName().toString());
            NgspiceComparison c = new NgspiceComparison(s, raw);
            assertTrue(c.nodeVoltageError() < 1e-6 && c.columnCurrentError() < 1e-6 && c.outputCurrentError() < 1e-6,
                    name + ": " + c.nodeVoltageError() + " " + c.columnCurrentError());

            SpiceRun.Op op = SpiceRun.op(NetlistReader.read(cir));
            CrossbarCircuit netlist = new CrossbarCircuit(array, s.sourceVoltages());
            int pc = array.physicalColumns();
            int m = spec.rows();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < pc; j++) {
                    assertEquals(op.v().get(netlist.wordLineNode(i, j)), s.nodeVoltages()[i * pc + j], 1e-9);
                    assertEquals(op.v().get(netlist.bitLineNode(i, j)), s.nodeVoltages()[m * pc + i * pc + j], 1e-9);
                }
            }
            for (int j = 0; j < pc; j++) {
                assertEquals(op.i().get("vs" + j), s.columnCurrents()[j], 1e-9 * 1e-4);
            }
        }
    }

    /**
     * A 16x16 double-column export (1040 free nodes): `spice run` chooses conjugate gradients on its own,
     * agrees with the direct factorization to 1e-9 and with ngspice on every node voltage and sense current.
     */
    @Test
    void exported16x16SolvedIterativelyAgreesWithDirectAndNgspice() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode spec = (ObjectNode) mapper.readTree(Path.of("circuits", "crossbar-8x8-double.json").toFile());
        Random rnd = new Random(16);
        int n = 16;
        spec.put("name", "crossbar-16x16-double");
        spec.put("rows", n);
        spec.put("columns", n);
        ArrayNode w = spec.putArray("weights");
        for (int i = 0; i < n; i++) {
            ArrayNode row = w.addArray();
            for (int j = 0; j < n; j++) row.add(rnd.nextBoolean() ? 1 : -1);
        }
        ArrayNode in = spec.putArray("inputs").addArray();
        for (int i = 0; i < n; i++) in.add(rnd.nextBoolean() ? 1 : -1);
        spec.put("periphery", Path.of("circuits", "periphery-65nm.json").toAbsolutePath().toString());
        Path specFile = dir.resolve("crossbar-16x16-double.json");
        mapper.writeValue(specFile.toFile(), spec);
        Path cir = dir.resolve("cb16.cir");
        assertEquals(0, Main.execute("crossbar", "export", "--spec", specFile.toString(), "--out", cir.toString()));

        Netlist nl = NetlistReader.read(cir);
        OperatingPoint auto = SpiceRun.operatingPoint(nl, null);
        Solution it = auto.solve();
        assertTrue(auto.report().method().startsWith("conjugate gradients"), auto.report().toString());
        Solution direct = SpiceRun.operatingPoint(nl, DcSolver.DIRECT).solve();
        SpiceRun.Op opIt = SpiceRun.op(it), opDirect = SpiceRun.op(direct);
        double vScale = opDirect.v().values().stream().mapToDouble(Math::abs).max().orElseThrow();
        double iScale = opDirect.i().values().stream().mapToDouble(Math::abs).max().orElseThrow();
        for (Map.Entry<String, Double> e : opDirect.v().entrySet()) {
            assertEquals(e.getValue(), opIt.v().get(e.getKey()), 1e-9 * vScale, e.getKey());
        }
        for (Map.Entry<String, Double> e : opDirect.i().entrySet()) {
            assertEquals(e.getValue(), opIt.i().get(e.getKey()), 1e-9 * iScale, e.getKey());
        }

        new NgspiceProcess(Duration.ofSeconds(120)).runWritingRaw(dir, "cb16.cir", "cb16.raw");
        RawFile.Plot ng = RawFile.read(dir.resolve("cb16.raw")).first();
        assertEquals(1, ng.points());
        int compared = 0;
        for (Map.Entry<String, Double> e : opIt.v().entrySet()) {
            // v(node) or node, as ngspice names it; a missing vector fails naming the node
            assertEquals(ng.voltage(e.getKey())[0], e.getValue(), 1e-9 * vScale, e.getKey());
            compared++;
        }
        for (Map.Entry<String, Double> e : opIt.i().entrySet()) {
            // i(source) or source#branch
            assertEquals(ng.current(e.getKey())[0], e.getValue(), 1e-9 * iScale, e.getKey());
        }
        assertEquals(opIt.v().size(), compared);
    }
}
