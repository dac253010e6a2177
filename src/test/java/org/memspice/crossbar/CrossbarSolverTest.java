package org.memspice.crossbar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Element;
import org.memspice.circuit.Resistor;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossbarSolverTest {

    static Stream<Arguments> arrays() {
        return Stream.of(
                Arguments.of(ArrayScheme.CONDUCTANCES, 7, 5, 2.0, 3.0, 50.0, Sensing.idealTia(10e3)),
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 6, 4, 10.0, 0.1, 0.0, Sensing.idealTia(10e3)),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 8, 6, 1.0, 1.0, 20.0, Sensing.tia(10e3, 1e5)),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, 5, 5, 0.5, 4.0, 10.0, Sensing.resistor(100)),
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, 5, 3, 0.0, 2.0, 0.0, Sensing.resistor(50)),
                Arguments.of(ArrayScheme.CONDUCTANCES, 4, 9, 3.0, 0.0, 5.0, Sensing.idealTia(1e3)));
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void fastSolversAgreeWithIndependentLuOfTheElementList(ArrayScheme scheme, int m, int n, double rw, double rb,
                                                            double rd, Sensing sensing) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 11, rw, rb, rd, sensing, InputEncoding.BIPOLAR, 1);
        CrossbarArray array = spec.array();
        ReadAnalysis analysis = new ReadAnalysis(array, 1e-13);
        double[] x = spec.inputs().get(0);
        ReadSolution cg = analysis.read(x);
        ReadSolution ldl = analysis.readDirect(x);
        CrossbarCircuit netlist = new CrossbarCircuit(array, cg.sourceVoltages());
        ElementListMna ref = new ElementListMna(netlist.circuit());
        int pc = array.physicalColumns();
        double vScale = spec.design().readVoltage();
        for (ReadSolution s : new ReadSolution[] {cg, ldl}) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < pc; j++) {
                    int k = i * pc + j;
                    assertEquals(ref.voltage(netlist.wordLineNode(i, j)), s.nodeVoltages()[k], 1e-9 * vScale);
                    assertEquals(ref.voltage(netlist.bitLineNode(i, j)), s.nodeVoltages()[m * pc + k], 1e-9 * vScale);
                }
            }
            double iScale = 0;
            for (int j = 0; j < pc; j++) {
                iScale = Math.max(iScale, Math.abs(ref.columnCurrent(j, sensing)));
            }
            for (int j = 0; j < pc; j++) {
                assertEquals(ref.columnCurrent(j, sensing), s.columnCurrents()[j], 1e-9 * iScale, "column " + j);
            }
            for (int i = 0; i < m; i++) {
                assertEquals(-ref.branchCurrent("vin" + i), s.sourceCurrents()[i], 1e-9 * iScale * pc, "source " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void kirchhoffCurrentLawHoldsAtEveryNode(ArrayScheme scheme, int m, int n, double rw, double rb, double rd,
                                             Sensing sensing) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 5, rw, rb, rd, sensing, InputEncoding.UNIPOLAR, 1);
        CrossbarArray array = spec.array();
        ReadSolution s = new ReadAnalysis(array, 1e-14).read(spec.inputs().get(0));
        CrossbarCircuit netlist = new CrossbarCircuit(array, s.sourceVoltages());
        // node voltages by name from the fast solution, then sum resistor currents at every node
        java.util.Map<String, Double> v = new java.util.HashMap<>();
        int pc = array.physicalColumns();
        for (int i = 0; i < m; i++) {
            v.put("in" + i, s.sourceVoltages()[i]);
            for (int j = 0; j < pc; j++) {
                v.put(netlist.wordLineNode(i, j), s.nodeVoltages()[i * pc + j]);
                v.put(netlist.bitLineNode(i, j), s.nodeVoltages()[m * pc + i * pc + j]);
            }
        }
        for (int i = 0; i < m; i++) {
            if (!v.containsKey("d" + i)) {
                // driver output node: between rd and the first segment, from the source current
                v.put("d" + i, s.sourceVoltages()[i] - s.sourceCurrents()[i] * rd);
            }
        }
        for (int j = 0; j < pc; j++) {
            v.putIfAbsent("s" + j, s.columnCurrents()[j] * sensing.inputResistance());
        }
        java.util.Map<String, Double> sum = new java.util.HashMap<>();
        java.util.Map<String, Double> scale = new java.util.HashMap<>();
        Circuit circuit = netlist.circuit();
        for (int k = 0; k < circuit.elements().size(); k++) {
            if (!(circuit.elements().get(k) instanceof Resistor e) || netlist.role(k) == CrossbarCircuit.Role.SENSE) {
                continue;
            }
            String n1 = circuit.nodeName(e.node(0));
            String n2 = circuit.nodeName(e.node(1));
            double i = (v.get(n1) - v.get(n2)) / e.resistance();
            sum.merge(n1, -i, Double::sum);
            sum.merge(n2, i, Double::sum);
            scale.merge(n1, Math.abs(i), Double::sum);
            scale.merge(n2, Math.abs(i), Double::sum);
        }
        int checked = 0;
        for (String node : sum.keySet()) {
            if (node.startsWith("w") || node.startsWith("b")) {
                assertEquals(0, sum.get(node), 1e-9 * scale.get(node) + 1e-18, "KCL at " + node);
                checked++;
            }
        }
        // the currents arriving at each sense node are the column currents
        for (int j = 0; j < pc && !netlist.bitLineNode(0, j).startsWith("s"); j++) {
            assertEquals(s.columnCurrents()[j], sum.get("s" + j), 1e-9 * Math.abs(s.columnCurrents()[j]) + 1e-18);
        }
        assertTrue(checked > 0 || (rw == 0 && rb == 0));
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void powerBalances(ArrayScheme scheme, int m, int n, double rw, double rb, double rd, Sensing sensing) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 9, rw, rb, rd, sensing, InputEncoding.BIPOLAR, 1);
        CrossbarArray array = spec.array();
        ReadSolution s = new ReadAnalysis(array, 1e-14).read(spec.inputs().get(0));
        PowerBreakdown p = s.power();
        assertTrue(p.sources() > 0);
        assertTrue(p.balanceError() < 1e-9, "balance error " + p.balanceError());
        // and the independent element-by-element sum over the LU reference
        CrossbarCircuit netlist = new CrossbarCircuit(array, s.sourceVoltages());
        Circuit circuit = netlist.circuit();
        ElementListMna ref = new ElementListMna(circuit);
        double dissipated = 0;
        for (Element e : circuit.elements()) {
            if (e instanceof Resistor r && !e.name().startsWith("rf")) {
                double dv = ref.voltage(circuit.nodeName(r.node(0))) - ref.voltage(circuit.nodeName(r.node(1)));
                dissipated += dv * dv / r.resistance();
            }
        }
        if (!sensing.idealVirtualGround() && sensing.kind() == Sensing.Kind.TIA) {
            for (int j = 0; j < array.physicalColumns(); j++) {
                dissipated += ref.voltage("s" + j) * ref.columnCurrent(j, sensing);
            }
        }
        assertEquals(dissipated, p.circuit(), 1e-9 * dissipated);
    }

    @Test
    void zeroWireResistanceGivesExactlyTheIdealProduct() {
        CrossbarSpec spec = Fixtures.weights(ArrayScheme.CONDUCTANCES, 9, 7, 3, 0, 0, 0, Sensing.idealTia(1e4),
                InputEncoding.BIPOLAR, 3);
        CrossbarArray array = spec.array();
        ReadAnalysis analysis = new ReadAnalysis(array, 1e-12);
        for (double[] x : spec.inputs()) {
            for (ReadSolution s : new ReadSolution[] {analysis.read(x), analysis.readDirect(x)}) {
                for (int j = 0; j < 7; j++) {
                    double ideal = 0;
                    for (int i = 0; i < 9; i++) {
                        ideal += spec.conductances()[i * 7 + j] * x[i] * spec.design().readVoltage();
                    }
                    assertEquals(ideal, s.outputCurrents()[j], Math.ulp(Math.abs(ideal)) * 16);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void bothSchemesGiveOutputsProportionalToTheSignedDotProduct(ArrayScheme scheme, InputEncoding enc) {
        int m = 12, n = 5;
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 21, 0, 0, 0, Sensing.idealTia(1e4), enc, 4);
        CrossbarArray array = spec.array();
        ReadAnalysis analysis = new ReadAnalysis(array, 1e-12);
        double dG = spec.design().gOn() - spec.design().gOff();
        for (double[] x : spec.inputs()) {
            ReadSolution s = analysis.read(x);
            for (int j = 0; j < n; j++) {
                int dot = 0, dotA = 0, sumW = 0;
                for (int i = 0; i < m; i++) {
                    int w = spec.weights()[i * n + j];
                    dot += w * (int) x[i];
                    dotA += x[i] > 0 ? w : 0;
                    sumW += w;
                }
                // closed forms: I+ - I- = Vr*dG*s (double); I - Iref = Vr*(dG/2)*s (single); unipolar uses a=(x+1)/2
                double k = scheme == ArrayScheme.DOUBLE_COLUMN ? dG : dG / 2;
                double expected = spec.design().readVoltage() * k * (enc == InputEncoding.BIPOLAR ? dot : dotA);
                assertEquals(expected, s.outputCurrents()[j], 1e-12 * spec.design().readVoltage() * dG * m);
                assertEquals(dot, s.dotEstimates()[j], 1e-9);
                assertEquals(2 * dotA - sumW, dot);
            }
        }
    }

    static Stream<Arguments> schemes() {
        return Stream.of(Arguments.of(ArrayScheme.DOUBLE_COLUMN, InputEncoding.BIPOLAR),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, InputEncoding.BIPOLAR),
                Arguments.of(ArrayScheme.DOUBLE_COLUMN, InputEncoding.UNIPOLAR),
                Arguments.of(ArrayScheme.SINGLE_COLUMN, InputEncoding.UNIPOLAR));
    }

    @ParameterizedTest
    @MethodSource("arrays")
    void portReductionReproducesFullSolves(ArrayScheme scheme, int m, int n, double rw, double rb, double rd,
                                           Sensing sensing) {
        CrossbarSpec spec = Fixtures.weights(scheme, m, n, 4, rw, rb, rd, sensing, InputEncoding.UNIPOLAR, 5);
        CrossbarArray array = spec.array();
        ReadAnalysis analysis = new ReadAnalysis(array, 1e-14);
        PortReduction ports = new PortReduction(analysis.factorization());
        double[] batch = new double[5 * m];
        for (int b = 0; b < 5; b++) {
            System.arraycopy(array.sourceVoltages(spec.inputs().get(b)), 0, batch, b * m, m);
        }
        double[] out = ports.batchOutputCurrents(batch, 5);
        for (int b = 0; b < 5; b++) {
            ReadSolution s = analysis.read(spec.inputs().get(b));
            double scale = 0;
            for (double c : s.columnCurrents()) {
                scale = Math.max(scale, Math.abs(c));
            }
            for (int j = 0; j < array.outputs(); j++) {
                assertEquals(s.outputCurrents()[j], out[b * array.outputs() + j], 1e-9 * scale);
            }
            assertEquals(s.power().sources(), ports.sourcePower(s.sourceVoltages()), 1e-9 * s.power().sources());
        }
        // reciprocity: the input admittance of a passive network is symmetric
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                assertEquals(ports.admittance(r, c), ports.admittance(c, r), 1e-12 * Math.abs(ports.admittance(r, r)));
            }
        }
    }

    @Test
    void conjugateGradientsConvergeInFewIterationsUnderStrongIrDrop() {
        CrossbarSpec spec = Fixtures.weights(ArrayScheme.DOUBLE_COLUMN, 64, 32, 8, 10, 10, 100,
                Sensing.idealTia(1e4), InputEncoding.BIPOLAR, 1);
        CrossbarArray array = spec.array();
        ReadAnalysis analysis = new ReadAnalysis(array, 1e-10);
        ReadSolution s = analysis.read(spec.inputs().get(0));
        assertTrue(s.relativeResidual() <= 1e-10);
        assertTrue(s.iterations() <= 60, "iterations " + s.iterations());
        ReadSolution d = analysis.readDirect(spec.inputs().get(0));
        assertTrue(d.relativeResidual() < 1e-12, "LDL residual " + d.relativeResidual());
    }
}
