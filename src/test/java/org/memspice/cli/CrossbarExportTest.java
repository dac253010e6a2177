package org.memspice.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarNetlist;
import org.memspice.crossbar.CrossbarSpec;
import org.memspice.crossbar.CrossbarSpecReader;
import org.memspice.crossbar.NgspiceComparison;
import org.memspice.crossbar.ReadAnalysis;
import org.memspice.crossbar.ReadSolution;
import org.memspice.spice.NetlistReader;
import org.memspice.spice.SpiceRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
            CrossbarArray array = new CrossbarArray(spec);
            ReadSolution s = new ReadAnalysis(array, 1e-14).read(spec.inputs().get(1));

            Path raw = dir.resolve(name + ".raw");
            ProcessBuilder pb = new ProcessBuilder("ngspice", "-b", "-r", raw.toString(), cir.toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
            pb.environment().put("SPICE_ASCIIRAWFILE", "1");
            Process p = pb.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log")));
            NgspiceComparison c = new NgspiceComparison(s, raw);
            assertTrue(c.nodeVoltageError() < 1e-6 && c.columnCurrentError() < 1e-6 && c.outputCurrentError() < 1e-6,
                    name + ": " + c.nodeVoltageError() + " " + c.columnCurrentError());

            SpiceRun.Op op = SpiceRun.op(NetlistReader.read(cir));
            CrossbarNetlist netlist = new CrossbarNetlist(array, s.sourceVoltages());
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
}
