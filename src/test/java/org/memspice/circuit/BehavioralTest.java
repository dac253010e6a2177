package org.memspice.circuit;

import org.junit.jupiter.api.Test;
import org.memspice.InputException;
import org.memspice.SimulationException;
import org.memspice.signal.Waveform;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behavioral sources against closed forms, Kirchhoff's laws and power balance. */
class BehavioralTest {
    private static Formula.Node v(int m) {
        return new Formula.Var(m);
    }

    private static Formula.Node call(Formula.Op op, Formula.Node... a) {
        return new Formula.Call(op, List.of(a));
    }

    private static Formula.Node c(double x) {
        return new Formula.Const(x);
    }

    @Test
    void aCubicCurrentSourceSettlesWhereKirchhoffSays() {
        // 2 V through 1 kohm into I = 1 mA * V(a)^3: (2 - a)/1k = 1m a^3, so a^3 + a - 2 = 0, a = 1 exactly
        Circuit ck = new Circuit("cubic");
        ck.voltageSource("V1", "in", "0", 2.0);
        ck.resistor("R1", "in", "a", 1e3);
        int a = ck.node("a");
        ck.behavioral("B1", a, 0, Behavioral.Kind.CURRENT, new Formula(call(Formula.Op.MUL, c(1e-3),
                call(Formula.Op.POW, v(0), c(3))), 1), "1m*V(a)^3", new int[] {a}, new String[] {null});
        Solution s = new OperatingPoint(ck).solve();
        assertEquals(1.0, s.voltage("a"), 1e-9);
        assertEquals(1e-3, s.current("B1"), 1e-12);
        assertEquals(0, s.totalPower() / s.deliveredPower(), 1e-9);
    }

    @Test
    void aVoltageSourceOfABranchCurrentAndTimeFollowsIt() {
        // V(o) = 1k * I(V1) * (1 + time): a current-controlled voltage source that grows with time
        Circuit ck = new Circuit("ccvs");
        ck.voltageSource("V1", "in", "0", Waveform.parse("SIN(0 1 1k)"));
        ck.resistor("R1", "in", "0", 2e3);
        int o = ck.node("o");
        ck.behavioral("B1", o, 0, Behavioral.Kind.VOLTAGE, new Formula(call(Formula.Op.MUL,
                call(Formula.Op.MUL, c(1e3), v(0)), call(Formula.Op.ADD, c(1), new Formula.Time())), 1),
                "1k*I(V1)*(1+time)", new int[] {0}, new String[] {"V1"});
        ck.resistor("R2", "o", "0", 1e3);
        TransientResult r = new Transient(ck).reltol(1e-6).run(1e-5, 2e-3);
        for (int k = 0; k < r.size(); k++) {
            double t = r.time(k);
            double vin = Math.sin(2 * Math.PI * 1e3 * t);
            // I(V1) flows into the + terminal through the source: -vin / 2k
            assertEquals(1e3 * (-vin / 2e3) * (1 + t), r.at(k).voltage("o"), 1e-9, "t = " + t);
        }
    }

    @Test
    void aValueOutsideTheDomainNamesTheSourceAndTheVariables() {
        Circuit ck = new Circuit("sqrt");
        ck.voltageSource("V1", "a", "0", -1.0);
        int a = ck.node("a");
        ck.resistor("R1", "o", "0", 1e3);
        ck.behavioral("B1", ck.node("o"), 0, Behavioral.Kind.CURRENT, new Formula(call(Formula.Op.SQRT, v(0)), 1),
                "sqrt(V(a))", new int[] {a}, new String[] {null});
        SimulationException e = assertThrows(SimulationException.class, () -> new OperatingPoint(ck).solve());
        assertTrue(e.getMessage().contains("B1") && e.getMessage().contains("sqrt(V(a))")
                && e.getMessage().contains("V(a) = -1"), e.getMessage());
    }

    @Test
    void aBranchCurrentOfNothingIsRefusedNamingIt() {
        Circuit ck = new Circuit("bad");
        ck.resistor("R1", "o", "0", 1e3);
        ck.behavioral("B1", ck.node("o"), 0, Behavioral.Kind.CURRENT, new Formula(v(0), 1), "I(R1)",
                new int[] {0}, new String[] {"R1"});
        InputException e = assertThrows(InputException.class, () -> new OperatingPoint(ck).solve());
        assertTrue(e.getMessage().contains("I(R1)") && e.getMessage().contains("no branch current"), e.getMessage());
    }
}
