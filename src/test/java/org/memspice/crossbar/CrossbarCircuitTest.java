package org.memspice.crossbar;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fast crossbar solvers against the general MNA engine on the same array built as a Circuit. */
class CrossbarCircuitTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> arrays() {
        return CrossbarSolverTest.arrays();
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
        CrossbarNetlist netlist = new CrossbarNetlist(array, fast.sourceVoltages());
        Solution ref = new OperatingPoint(netlist.toCircuit("crossbar")).solve();
        int pc = array.physicalColumns();
        double iScale = 0;
        double[] refCol = new double[pc];
        for (int j = 0; j < pc; j++) {
            refCol[j] = sensing.kind() == Sensing.Kind.RESISTOR ? ref.voltage("s" + j) / sensing.senseResistance()
                    : sensing.idealVirtualGround() ? ref.current("vs" + j)
                    : (ref.voltage("s" + j) - ref.voltage("o" + j)) / sensing.feedbackResistance();
            iScale = Math.max(iScale, Math.abs(refCol[j]));
        }
        for (ReadSolution s : new ReadSolution[] {fast, direct}) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < pc; j++) {
                    int k = i * pc + j;
                    assertEquals(ref.voltage(netlist.wordLineNode(i, j)), s.nodeVoltages()[k], 1e-9 * spec.design().readVoltage());
                    assertEquals(ref.voltage(netlist.bitLineNode(i, j)), s.nodeVoltages()[m * pc + k], 1e-9 * spec.design().readVoltage());
                }
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
}
