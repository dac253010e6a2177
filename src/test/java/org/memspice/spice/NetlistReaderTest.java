package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;
import org.memspice.circuit.Comparator;
import org.memspice.circuit.Element;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Resistor;
import org.memspice.circuit.Solution;
import org.memspice.circuit.VoltageSource;
import org.memspice.signal.Waveform;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class NetlistReaderTest {

    @Test
    void readsParametersExpressionsCommentsContinuationsAndCase(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("parts.inc"), "* included file\nR3 MID 0 {2*Rbase}\n");
        String text = """
                Divider with everything
                * a comment line
                .PARAM rbase=1k vdd = 2.5 half='vdd/2'
                .param gain = {2**2 + sqrt(16) - 2^3 + max(1, 3)}
                Vdd IN 0 DC {vdd}   ; inline comment
                R1 in mid
                + {rbase * (1 + 1)}  $ continued value
                .include parts.inc
                E1 out 0 mid 0 gain
                RL out 0 1MEG
                Vs s 0 PULSE(0 {half} 1n 1n 1n 10n 20n)
                Rs s 0 1k
                .options reltol=1e-4 klu
                .control
                run
                .endc
                .op
                .end
                ignored after end
                """;
        Path f = dir.resolve("top.cir");
        Files.writeString(f, text);
        Netlist nl = NetlistReader.read(f);
        assertEquals("Divider with everything", nl.title());
        Solution s = new OperatingPoint(nl.circuit()).solve();
        // R1 = 2k, R3 = 2k: mid = vdd / 2
        assertEquals(1.25, s.voltage("MID"), 1e-12);
        assertEquals(3 * 1.25, s.voltage("out"), 1e-12);   // gain = 4 + 4 - 8 + 3 = 3
        assertEquals(1e6, ((Resistor) nl.circuit().element("rl")).resistance(), 0);
        VoltageSource vs = (VoltageSource) nl.circuit().element("VS");
        assertEquals(new Waveform.Pulse(0, 1.25, 1e-9, 1e-9, 1e-9, 10e-9, 20e-9, 0), vs.waveform());
        assertEquals("1e-4", nl.options().get("reltol"));
        assertEquals(1e-4, nl.option("reltol", 0), 0);
        // the control block's run starts the netlist's .op
        assertEquals(1, nl.analyses().size());
        assertTrue(nl.analyses().get(0) instanceof Analysis.Op);
    }

    @Test
    void flattensSubcircuitsWithParametersAndNgspiceNames() {
        String text = """
                subcircuits
                .subckt divider top bot mid params: r=1k ratio=1
                Ra top mid {r}
                Rb mid inner {r*ratio}
                Rc inner bot 1e-3
                Vsense inner2 bot 0
                Rd inner inner2 1e12
                .ends divider
                .subckt pair a b
                X1 a 0 m divider r=2k
                X2 b 0 m divider params: r=500 ratio=3
                .ends
                V1 in 0 1
                V2 in2 0 2
                Xp in in2 pair
                .dc v1 0 1 0.5
                .tran 1n 10n uic
                .print tran v(in) v(xp.m) i(v1)
                .end
                """;
        Netlist nl = NetlistReader.parse(text, "sub.cir");
        assertNotNull(nl.circuit().element("r.xp.x1.ra"));
        assertNotNull(nl.circuit().element("v.xp.x2.vsense"));
        assertTrue(nl.circuit().findNode("xp.m") > 0);
        assertTrue(nl.circuit().findNode("xp.x2.inner") > 0);
        assertEquals(1500.0, ((Resistor) nl.circuit().element("r.xp.x2.rb")).resistance(), 0);
        Solution s = new OperatingPoint(nl.circuit()).solve();
        // node m joins 1 V through 2k || (2k+...) and 2 V through 500 with 1500 to ground: superposition by nodal law
        double g1 = 1 / 2e3, g2 = 1 / 500.0, gd1 = 1 / (2e3 + 1e-3), gd2 = 1 / (1500 + 1e-3);
        double vm = (g1 * 1 + g2 * 2) / (g1 + g2 + gd1 + gd2);
        assertEquals(vm, s.voltage("xp.m"), 1e-9);
        assertEquals(2, nl.analyses().size());
        assertEquals(java.util.List.of("v(in)", "v(xp.m)", "i(v1)"), nl.vectors());
        Analysis.Tran tr = (Analysis.Tran) nl.analyses().get(1);
        assertTrue(tr.uic());
        assertEquals(10e-9, tr.tstop(), 1e-24);
    }

    @Test
    void readsTheComparatorSubcircuitAsANativeElement() {
        String text = """
                sense amplifier
                .subckt memspice_comparator in ref out params: gain=1000 vlow=0 vhigh=1 rin=1e9 rout=100
                Rin in 0 {rin}
                .ends memspice_comparator
                V1 a 0 0.6
                V2 r 0 0.5
                XS1 a r o memspice_comparator params: gain=10 vhigh=1.2
                RL o 0 1k
                .op
                """;
        Netlist nl = NetlistReader.parse(text, "sa.cir");
        Element e = nl.circuit().element("xs1");
        assertInstanceOf(Comparator.class, e);
        assertEquals(10, ((Comparator) e).params().gain());
        assertEquals(1.2, ((Comparator) e).params().vHigh());
        assertEquals(100, ((Comparator) e).params().rout());
    }

    private static String error(String body) {
        InputException e = assertThrows(InputException.class, () -> NetlistReader.parse("title\n" + body, "bad.cir"));
        return e.getMessage();
    }

    @Test
    void errorsNameFileLineAndWhatWasExpected() {
        String m = error("V1 a 0 1\nD1 a 0 dmod\n");
        assertTrue(m.startsWith("bad.cir:3:") && m.contains("D1") && m.contains("supported"), m);
        m = error("R1 a 0 1kx2\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains("1kx2"), m);
        m = error("R1 a 0 {undefinedp * 2}\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains("undefinedp"), m);
        m = error("R1 a 0\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains("R name n1 n2 value"), m);
        m = error(".ac dec 10 1 1k\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains(".ac"), m);
        m = error("\n\nX1 a b nosuch\n");
        assertTrue(m.startsWith("bad.cir:4:") && m.contains("nosuch"), m);
        m = error(".subckt s a b\nR1 a b 1\n.ends\nX1 a s\n");
        assertTrue(m.startsWith("bad.cir:5:") && m.contains("ports"), m);
        m = error("+ 1k\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains("continuation"), m);
        m = error(".include /nonexistent/dir/x.inc\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains("/nonexistent/dir/x.inc"), m);
        m = error("R1 a 0 -5\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains("-5"), m);
        m = error(".tran 1n\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains("TSTOP"), m);
        m = error("V1 a 0 SIN(0 1)\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains("SIN"), m);
        m = error("R1 a 0 1k\nR1 a 0 2k\n");
        assertTrue(m.startsWith("bad.cir:3:") && m.contains("duplicate"), m);
        m = error(".subckt s a b\nR1 a b 1\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains(".ends"), m);
        m = error("XC a r o memspice_comparator params: gain=-1\n");
        assertTrue(m.startsWith("bad.cir:2:") && m.contains("gain"), m);
    }
}
