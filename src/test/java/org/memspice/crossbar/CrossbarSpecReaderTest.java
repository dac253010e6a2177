package org.memspice.crossbar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;
import org.memspice.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossbarSpecReaderTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            {"rows": 2, "columns": 2, "scheme": "double-column", "weights": [[1, -1], [-1, 1]],
             "gOn": "100u", "gOff": "1u", "wires": {"wordLineSegmentResistance": 1, "bitLineSegmentResistance": 1},
             "driverResistance": 0, "sensing": {"type": "tia", "feedbackResistance": "10k"},
             "readVoltage": 0.2, "encoding": "bipolar", "inputs": [[1, -1]]}
            """;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("spec.json");
        Files.writeString(f, text);
        return f;
    }

    private String error(String text) throws Exception {
        Path f = write(text);
        InputException e = assertThrows(InputException.class, () -> CrossbarSpecReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsAValidSpecWithSpiceSuffixes() throws Exception {
        CrossbarSpec s = CrossbarSpecReader.read(write(GOOD));
        assertEquals(100e-6, s.design().gOn(), 1e-18);
        assertEquals(1e4, s.design().sensing().feedbackResistance());
        assertEquals(-1, s.weights()[1]);
    }

    @Test
    void errorsNameTheJsonPathValueAndExpectation() throws Exception {
        assertTrue(error(GOOD.replace("[[1, -1], [-1, 1]]", "[[1, -1], [-1, 0.5]]"))
                .contains("$.weights[1][1]: 0.5: expected -1 or +1"));
        assertTrue(error(GOOD.replace("\"100u\"", "\"lots\"")).contains("$.gOn: 'lots': expected a number"));
        assertTrue(error(GOOD.replace("[[1, -1]]", "[[1, -1, 1]]")).contains("$.inputs[0]: 3 values: expected a vector of 2 values"));
        assertTrue(error(GOOD.replace("double-column", "triple")).contains("$.scheme: 'triple'"));
        assertTrue(error(GOOD.replace("\"tia\"", "\"opamp\"")).contains("$.sensing.type: 'opamp': expected tia or resistor"));
        assertTrue(error(GOOD.replace("\"rows\": 2", "\"rows\": 0")).contains("$.rows: 0: expected a positive integer"));
        assertTrue(error(GOOD.replace("\"encoding\"", "\"encodng\"")).contains("$.encodng: unknown field"));
        assertTrue(error(GOOD.replace("\"wordLineSegmentResistance\": 1", "\"wordLineSegmentResistance\": 0")
                .replace("\"driverResistance\": 0", "\"driverResistance\": 5")).contains("floating node"));
        assertTrue(error("[1, 2]").contains("expected a JSON object"));
        assertTrue(error(GOOD.replace("\"rows\": 2", "\"rows\": 2, \"rows\": 3")).contains("Duplicate field 'rows'"));
        assertTrue(error(GOOD + "{}").contains("not valid JSON"));
    }

    @Test
    void commandLineReportsBadSpecWithExitStatusTwo() throws Exception {
        Path f = write(GOOD.replace("0.2", "-0.2"));
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err));
        int code;
        try {
            code = Main.execute("crossbar", "solve", "--spec", f.toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(Main.EXIT_INPUT, code);
        assertTrue(err.toString().contains("$.readVoltage: -0.2: expected a finite positive number"), err.toString());
    }

    @Test
    void deviceStatesBecomeTheCardsPortConductances() {
        CrossbarSpec s = CrossbarSpecReader.read(Path.of("circuits", "crossbar-4x4-states.json"));
        // HP linear drift (Strukov 2008): R(x) = Ron*x + Roff*(1-x), card Ron 100, Roff 16k; states row 0: 0.1, 0.9
        assertEquals(1 / (100 * 0.1 + 16000 * 0.9), s.conductances()[0], 1e-15);
        assertEquals(1 / (100 * 0.9 + 16000 * 0.1), s.conductances()[1], 1e-15);
    }

    @Test
    void stateOutsideTheCardsRangeIsRejected() throws Exception {
        Path card = Path.of("devices", "hp-joglekar.json").toAbsolutePath();
        String text = """
                {"rows": 1, "columns": 2, "deviceCard": "%s", "states": [[0.5, 1.5]],
                 "sensing": {"type": "tia", "feedbackResistance": "10k"}, "readVoltage": 0.1, "inputs": [[1]]}
                """.formatted(card);
        assertTrue(error(text).contains("$.states[0][1]: 1.5: expected a state in the card's range [0.0, 1.0]"));
    }

    @Test
    void shippedSpecsLoad() {
        for (String name : new String[] {"crossbar-8x8-double.json", "crossbar-8x8-single.json",
                "crossbar-64x64-single.json", "crossbar-128x128-conductances.json"}) {
            CrossbarSpec s = CrossbarSpecReader.read(Path.of("circuits", name));
            assertTrue(s.design().periphery().tiaStaticPower() > 0, name);
        }
    }

    @Test
    void anArrayBeyondTheCellLimitOrTheHeapIsRefusedBeforeAllocation() throws Exception {
        String random = GOOD.replace("[[1, -1], [-1, 1]]", "{\"random\": {\"seed\": 1}}")
                .replace("[[1, -1]]", "{\"random\": {\"seed\": 1, \"count\": 1}}");
        String huge = error(random.replace("\"rows\": 2", "\"rows\": 1000000").replace("\"columns\": 2",
                "\"columns\": 1000000"));
        assertTrue(huge.contains("$.rows, $.columns: 1000000 x 1000000 (2000000000000 cells")
                && huge.contains("expected at most " + SizeLimits.MAX_CELLS + " cells"), huge);
        // 10000 x 20000 physical cells: about 60 GiB, beyond any test heap
        String heap = error(random.replace("\"rows\": 2", "\"rows\": 10000").replace("\"columns\": 2",
                "\"columns\": 10000"));
        assertTrue(heap.contains("$.rows, $.columns: 10000 x 10000") && heap.contains("of heap")
                && heap.contains("MEMSPICE_JAVA_OPTS=-Xmx"), heap);
        String many = error(random.replace("\"count\": 1", "\"count\": 2000000"));
        assertTrue(many.contains("$.inputs.random.count: 2000000: expected at most 1000000"), many);
        assertEquals(2L * 1024 * 1024, CrossbarSpecReader.cells(1024, 1024, ArrayScheme.DOUBLE_COLUMN));
        assertEquals(1024L * 1025, CrossbarSpecReader.cells(1024, 1024, ArrayScheme.SINGLE_COLUMN));
    }
}
