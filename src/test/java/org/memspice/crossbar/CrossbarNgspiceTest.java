package org.memspice.crossbar;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memspice.spice.NetlistWriter;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exported netlists run by ngspice give the same node voltages and currents (fails when ngspice is missing). */
class CrossbarNgspiceTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 6, 4, 2.5, 2.5, 10.0, Sensing.idealTia(1e4)),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 7, 5, 10.0, 0.1, 0.0, Sensing.tia(1e4, 1e5)),
                Arguments.of(ArrayScheme.CONDUCTANCES, 5, 6, 1.0, 3.0, 20.0, Sensing.resistor(100)),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 4, 4, 0.0, 1.0, 0.0, Sensing.idealTia(1e4)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void exportedNetlistAgreesWithNgspice(ArrayScheme scheme, int m, int n, double rw, double rb, double rd,
                                          Sensing sensing) throws Exception {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 17, rw, rb, rd, sensing, InputEncoding.BIPOLAR, 1);
        CrossbarArray array = spec.array();
        ReadSolution s = new ReadAnalysis(array, 1e-14).read(spec.inputs().get(0));
        Path cir = dir.resolve("x.cir");
        Path raw = dir.resolve("x.raw");
        try (Writer w = Files.newBufferedWriter(cir)) {
            CrossbarCircuit netlist = new CrossbarCircuit(array, s.sourceVoltages(), "test");
            java.util.List<String> tail = new java.util.ArrayList<>(netlist.descriptionComments());
            tail.add(".op");
            NetlistWriter.write(netlist.circuit(), tail, w);
        }
        ProcessBuilder pb = new ProcessBuilder("ngspice", "-b", "-r", raw.toString(), cir.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        pb.environment().put("SPICE_ASCIIRAWFILE", "1");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ngspice timed out");
        assertEquals(0, p.exitValue(), "ngspice failed: " + Files.readString(dir.resolve("log")));
        NgspiceComparison c = new NgspiceComparison(s, raw);
        assertEquals(2 * m * array.physicalColumns(), c.nodesCompared());
        assertTrue(c.nodeVoltageError() < 1e-6, "node voltages " + c.nodeVoltageError());
        assertTrue(c.columnCurrentError() < 1e-6, "column currents " + c.columnCurrentError());
        assertTrue(c.outputCurrentError() < 1e-6, "outputs " + c.outputCurrentError());
    }
}
