package org.memspice.crossbar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Element;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Resistor;
import org.memspice.circuit.Solution;
import org.memspice.circuit.Vcvs;
import org.memspice.circuit.VoltageSource;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The array built as a general {@link Circuit} ({@link CrossbarCircuit}) and solved by the general MNA engine
 * against the fast crossbar solvers on the same array: node voltages, column currents and the power of every
 * role.
 */
class CrossbarCircuitTest {

    /** The solver tests' arrays, and both weight schemes with both kinds of TIA. */
    static Stream<Arguments> arrays() {
        return Stream.concat(CrossbarSolverTest.arrays(), Stream.of(
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 6, 5, 2.0, 1.5, 10.0, Sensing.idealTia(10e3)),
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 5, 3, 1.0, 2.0, 5.0, Sensing.tia(10e3, 1e4)),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 4, 4, 0.0, 0.0, 0.0, Sensing.idealTia(10e3))));
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void fastSolversAgreeWithTheGeneralMnaEngine(ArrayScheme scheme, int m, int n, double rw, double rb, double rd,
                                                 Sensing sensing) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 31, rw, rb, rd, sensing, InputEncoding.UNIPOLAR, 1);
        CrossbarArray array = spec.array();
        ReadAnalysis analysis = new ReadAnalysis(array, 1e-13);
        ReadSolution fast = analysis.read(spec.inputs().get(0));
        ReadSolution direct = analysis.readDirect(spec.inputs().get(0));
        CrossbarCircuit netlist = new CrossbarCircuit(array, fast.sourceVoltages(), "crossbar");
        Solution ref = new OperatingPoint(netlist.circuit()).solve();
        int pc = array.physicalColumns();
        double iScale = 0;
        double[] refCol = new double[pc];
        for (int j = 0; j < pc; j++) {
            // from the sensing elements by name, independently of CrossbarCircuit.columnCurrents
            refCol[j] = sensing.kind() == Sensing.Kind.RESISTOR ? ref.voltage("s" + j) / sensing.senseResistance()
                    : sensing.idealVirtualGround() ? ref.current("vs" + j)
                    : (ref.voltage("s" + j) - ref.voltage("o" + j)) / sensing.feedbackResistance();
            iScale = Math.max(iScale, Math.abs(refCol[j]));
        }
        double[] general = netlist.nodeVoltages(ref);
        double[] generalCol = netlist.columnCurrents(ref);
        for (int j = 0; j < pc; j++) {
            assertEquals(refCol[j], generalCol[j], 1e-12 * iScale, "column " + j);
        }
        for (ReadSolution s : new ReadSolution[] {fast, direct}) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < pc; j++) {
                    int k = i * pc + j;
                    assertEquals(ref.voltage(netlist.wordLineNode(i, j)), s.nodeVoltages()[k], 1e-9 * spec.design().readVoltage());
                    assertEquals(ref.voltage(netlist.bitLineNode(i, j)), s.nodeVoltages()[m * pc + k], 1e-9 * spec.design().readVoltage());
                }
            }
            for (int k = 0; k < general.length; k++) {
                assertEquals(general[k], s.nodeVoltages()[k], 1e-9 * spec.design().readVoltage(), "node " + k);
            }
            for (int j = 0; j < pc; j++) {
                assertEquals(refCol[j], s.columnCurrents()[j], 1e-9 * iScale, "column " + j);
            }
            // source power: ngspice sign, i(vin) is negative when the source delivers
            double delivered = 0;
            for (int i = 0; i < m; i++) {
                delivered -= s.sourceVoltages()[i] * ref.current("vin" + i);
            }
            assertEquals(delivered, s.power().sources(), 1e-9 * Math.abs(delivered));
        }
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void fastPowerBreakdownEqualsTheGeneralEnginesElementByElement(ArrayScheme scheme, int m, int n, double rw,
                                                                   double rb, double rd, Sensing sensing) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 43, rw, rb, rd, sensing, InputEncoding.BIPOLAR, 1);
        CrossbarArray array = spec.array();
        ReadSolution fast = new ReadAnalysis(array, 1e-14).read(spec.inputs().get(0));
        CrossbarCircuit netlist = new CrossbarCircuit(array, fast.sourceVoltages());
        Solution ref = new OperatingPoint(netlist.circuit()).solve();
        PowerBreakdown a = fast.power();
        PowerBreakdown b = netlist.power(ref);
        double scale = a.sources();
        assertTrue(scale > 0);
        assertEquals(b.devices(), a.devices(), 1e-9 * scale, "devices");
        assertEquals(b.wordLineWires(), a.wordLineWires(), 1e-9 * scale, "word-line wires");
        assertEquals(b.bitLineWires(), a.bitLineWires(), 1e-9 * scale, "bit-line wires");
        assertEquals(b.drivers(), a.drivers(), 1e-9 * scale, "drivers");
        assertEquals(b.senseInputs(), a.senseInputs(), 1e-9 * scale, "sense inputs");
        assertEquals(b.constantTermArray(), a.constantTermArray(), 1e-9 * scale, "constant-term array");
        assertEquals(b.sources(), a.sources(), 1e-9 * scale, "sources");
        double periphery = a.total() - a.circuit();
        assertEquals(b.constantTermPeriphery(), a.constantTermPeriphery(), 1e-9 * periphery, "constant-term periphery");
        assertEquals(b.sensePeriphery(), a.sensePeriphery(), 1e-9 * periphery, "sense periphery");
        assertEquals(b.comparators(), a.comparators(), 0, "comparators");
        assertEquals(b.inputDrivers(), a.inputDrivers(), 0, "input drivers");
        // power balance on both paths, and Tellegen's theorem over the general engine's elements
        assertTrue(a.balanceError() < 1e-9, "fast balance " + a.balanceError());
        assertTrue(b.balanceError() < 1e-9, "general balance " + b.balanceError());
        assertEquals(0, ref.totalPower(), 1e-9 * ref.deliveredPower());
        if (array.referenceColumn() < 0) {
            assertEquals(0, a.constantTermArray(), 0);
        } else {
            assertTrue(a.constantTermArray() > 0);
        }
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void everyElementHasTheRoleItsNameAndPlaceSay(ArrayScheme scheme, int m, int n, double rw, double rb, double rd,
                                                  Sensing sensing) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 3, rw, rb, rd, sensing, InputEncoding.BIPOLAR, 1);
        CrossbarArray array = spec.array();
        CrossbarCircuit netlist = new CrossbarCircuit(array, array.sourceVoltages(spec.inputs().get(0)));
        Circuit c = netlist.circuit();
        int pc = array.physicalColumns();
        int ref = array.referenceColumn();
        Map<CrossbarCircuit.Role, Integer> count = new EnumMap<>(CrossbarCircuit.Role.class);
        for (int k = 0; k < c.elements().size(); k++) {
            Element e = c.elements().get(k);
            CrossbarCircuit.Role role = netlist.role(k);
            count.merge(role, 1, Integer::sum);
            String name = e.name();
            String column = name.contains("_") ? name.substring(name.indexOf('_') + 1) : "";
            CrossbarCircuit.Role expected;
            if (name.startsWith("vin")) {
                expected = CrossbarCircuit.Role.SOURCE;
            } else if (name.startsWith("rd")) {
                expected = CrossbarCircuit.Role.DRIVER;
            } else if (name.startsWith("rw")) {
                expected = CrossbarCircuit.Role.WORD_LINE_WIRE;
            } else if (name.startsWith("rg")) {
                expected = column.equals(String.valueOf(ref)) ? CrossbarCircuit.Role.REFERENCE_DEVICE
                        : CrossbarCircuit.Role.DEVICE;
            } else if (name.startsWith("rb")) {
                expected = column.equals(String.valueOf(ref)) ? CrossbarCircuit.Role.REFERENCE_BIT_LINE
                        : CrossbarCircuit.Role.BIT_LINE_WIRE;
            } else {
                expected = CrossbarCircuit.Role.SENSE;
            }
            assertEquals(expected, role, name);
            assertTrue(e instanceof Resistor || e instanceof VoltageSource || e instanceof Vcvs, name);
        }
        // one device per crossing, one source per word line, one sense stage per bit line
        int devices = count.getOrDefault(CrossbarCircuit.Role.DEVICE, 0)
                + count.getOrDefault(CrossbarCircuit.Role.REFERENCE_DEVICE, 0);
        assertEquals(m * pc, devices);
        assertEquals(ref >= 0 ? m : 0, count.getOrDefault(CrossbarCircuit.Role.REFERENCE_DEVICE, 0));
        assertEquals(m, count.get(CrossbarCircuit.Role.SOURCE));
        assertEquals(rw > 0 ? m * pc : 0, count.getOrDefault(CrossbarCircuit.Role.WORD_LINE_WIRE, 0));
        assertEquals(rd > 0 ? m : 0, count.getOrDefault(CrossbarCircuit.Role.DRIVER, 0));
        assertEquals(rb > 0 ? m * pc : 0, count.getOrDefault(CrossbarCircuit.Role.BIT_LINE_WIRE, 0)
                + count.getOrDefault(CrossbarCircuit.Role.REFERENCE_BIT_LINE, 0));
        boolean finiteGain = sensing.kind() == Sensing.Kind.TIA && !sensing.idealVirtualGround();
        assertEquals((finiteGain ? 2 : 1) * pc, count.get(CrossbarCircuit.Role.SENSE));
    }

    @Test
    void aSolutionOfAnotherCircuitIsRejected() {
        CrossbarSpec spec = Fixtures.weights(ArrayScheme.DOUBLE_COLUMN, 3, 2, 1, 1, 1, 1, Sensing.idealTia(1e4),
                InputEncoding.BIPOLAR, 1);
        CrossbarArray array = spec.array();
        double[] v = array.sourceVoltages(spec.inputs().get(0));
        CrossbarCircuit a = new CrossbarCircuit(array, v);
        Solution other = new OperatingPoint(new CrossbarCircuit(array, v).circuit()).solve();
        assertThrows(IllegalArgumentException.class, () -> a.power(other));
        assertThrows(IllegalArgumentException.class, () -> new CrossbarCircuit(array, new double[2]));
    }
}
