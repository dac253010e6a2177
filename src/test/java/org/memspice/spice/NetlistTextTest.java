package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.crossbar.CrossbarSpec;
import org.memspice.crossbar.Fixtures;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.Sensing;
import org.memspice.device.DeviceCard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text from names, files and specs is written into a netlist as one line: it never starts a control line. */
class NetlistTextTest {
    static final String EVIL = "x\r.control\nshell echo pwned\u2028.endc\f";

    static void noControlLines(String deck) {
        for (String line : deck.split("\n", -1)) {
            String t = line.trim().toLowerCase(java.util.Locale.ROOT);
            assertFalse(t.startsWith(".control") || t.startsWith("shell") || t.startsWith(".endc"), line);
            assertFalse(line.contains("\r") || line.contains("\f") || line.contains("\u2028"), line);
        }
    }

    @Test
    void oneLineReplacesEveryLineBreakingCharacter() {
        assertEquals("x .control shell echo pwned .endc ", NetlistWriter.oneLine(EVIL));
        assertEquals("a\tb", NetlistWriter.oneLine("a\tb"));
    }

    @Test
    void aTitleAndAnalysisLinesFromUserTextStayOneLineEach() {
        CrossbarSpec s = Fixtures.weights(ArrayScheme.DOUBLE_COLUMN, 4, 2, 1, 1, 1, 10, Sensing.idealTia(1e4),
                InputEncoding.BIPOLAR, 1);
        CrossbarCircuit c = new CrossbarCircuit(s.array(), s.array().sourceVoltages(s.stimulus().inputs().get(0)), EVIL);
        String deck = NetlistWriter.write(c.circuit(), List.of(".op", "* layer " + EVIL));
        noControlLines(deck);
        assertTrue(deck.contains(".op\n"));
    }

    @Test
    void aDeviceCardFileNameCannotInjectLines() throws Exception {
        Path dir = Files.createTempDirectory("cards");
        Path card = dir.resolve("hp" + "\n.control\nshell echo x\n.endc" + ".json");
        Files.copy(Path.of("devices", "hp-joglekar.json"), card);
        try {
            noControlLines(MemristorSubcircuit.definition(DeviceCard.load(card)));
        } finally {
            Files.delete(card);
            Files.delete(dir);
        }
    }
}
