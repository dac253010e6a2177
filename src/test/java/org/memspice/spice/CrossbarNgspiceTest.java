package org.memspice.spice;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.crossbar.CrossbarSpec;
import org.memspice.crossbar.Fixtures;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.ReadAnalysis;
import org.memspice.crossbar.ReadSolution;
import org.memspice.crossbar.Sensing;

import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
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
            writeNetlist(array, s, w);
        }
        new NgspiceProcess().runWritingRaw(dir, "x.cir", "x.raw");
        NgspiceComparison c = new NgspiceComparison(s, raw);
        assertEquals(2 * m * array.physicalColumns(), c.nodesCompared());
        assertTrue(c.nodeVoltageError() < 1e-6, "node voltages " + c.nodeVoltageError());
        assertTrue(c.columnCurrentError() < 1e-6, "column currents " + c.columnCurrentError());
        assertTrue(c.outputCurrentError() < 1e-6, "outputs " + c.outputCurrentError());
    }

    /**
     * ngspice's default raw format is binary: the comparison reads it too and finds the same differences as in
     * the ASCII file (whose 16 digits round ngspice's doubles).
     */
    @org.junit.jupiter.api.Test
    void aBinaryRawFileComparesAsTheAsciiOne() throws Exception {
        CrossbarSpec spec = Fixtures.weights(ArrayScheme.DOUBLE_COLUMN, 6, 4, 17, 2.5, 2.5, 10.0,
                Sensing.tia(1e4, 1e5), InputEncoding.BIPOLAR, 1);
        CrossbarArray array = spec.array();
        ReadSolution s = new ReadAnalysis(array, 1e-14).read(spec.inputs().get(0));
        StringWriter text = new StringWriter();
        writeNetlist(array, s, text);
        Files.writeString(dir.resolve("ascii.cir"), text.toString());
        // the same netlist, its operating point written by a control block in binary
        Files.writeString(dir.resolve("binary.cir"), text.toString().replaceAll("(?m)^\\.op\\s*$", "")
                .replaceAll("(?m)^\\.end\\s*$", ".control\nset filetype=binary\nop\nwrite binary.raw\n.endc\n.end"));
        new NgspiceProcess().runWritingRaw(dir, "ascii.cir", "ascii.raw");
        new NgspiceProcess().run(dir, "binary.cir", "binary.raw");
        assertTrue(Files.readString(dir.resolve("binary.raw"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("Binary:"), "ngspice wrote a binary raw file");
        NgspiceComparison ascii = new NgspiceComparison(s, dir.resolve("ascii.raw"));
        NgspiceComparison binary = new NgspiceComparison(s, dir.resolve("binary.raw"));
        assertEquals(ascii.nodesCompared(), binary.nodesCompared());
        assertTrue(binary.nodeVoltageError() < 1e-6 && binary.columnCurrentError() < 1e-6
                && binary.outputCurrentError() < 1e-6, binary.nodeVoltageError() + " " + binary.columnCurrentError());
        assertEquals(ascii.nodeVoltageError(), binary.nodeVoltageError(), 1e-14);
        assertEquals(ascii.columnCurrentError(), binary.columnCurrentError(), 1e-14);
    }

    private static void writeNetlist(CrossbarArray array, ReadSolution s, java.io.Writer w) throws java.io.IOException {
        CrossbarCircuit netlist = new CrossbarCircuit(array, s.sourceVoltages(), "test");
        java.util.List<String> tail = new java.util.ArrayList<>(netlist.descriptionComments());
        tail.add(".op");
        NetlistWriter.write(netlist.circuit(), tail, w);
    }
}
