package org.memspice.compile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;
import org.memspice.crossbar.ArrayScheme;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compile card reader: the shipped card, the tile and swing fields, and errors that name the field. */
class CompileCardReaderTest {
    @TempDir
    Path dir;

    private Path card(String replace, String with) throws Exception {
        String text = Files.readString(Path.of("circuits", "compile-rram-128.json")).replace(replace, with)
                .replace("\"periphery-65nm.json\"", "\"" + Path.of("circuits", "periphery-65nm.json").toAbsolutePath() + "\"");
        Path f = dir.resolve("card.json");
        Files.writeString(f, text);
        return f;
    }

    private String error(String replace, String with) throws Exception {
        Path f = card(replace, with);
        InputException e = assertThrows(InputException.class, () -> CompileCardReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsTheShippedCard() {
        CompileCard c = CompileCardReader.read(Path.of("circuits", "compile-rram-128.json"));
        assertEquals(ArrayScheme.DOUBLE_COLUMN, c.scheme());
        assertEquals(128, c.tileRows());
        assertEquals(128, c.tileColumns());
        assertEquals(64, c.outputsPerTile());
        assertEquals(127, c.withScheme(ArrayScheme.SINGLE_COLUMN).outputsPerTile());
        assertEquals(1.0, c.outputSwing());
        assertEquals(10e-6, c.design().gOn(), 1e-18);
        assertEquals(8, c.dacBits());
        assertEquals(0, c.calibrationVectors());
        assertTrue(c.design().periphery().adcFigureOfMerit() > 0);
    }

    @Test
    void tileAsTextAndACardWithCalibration() throws Exception {
        CompileCard c = CompileCardReader.read(card("{\"rows\": 128, \"columns\": 128}", "\"64x32\"")
                .resolveSibling("card.json"));
        assertEquals(64, c.tileRows());
        assertEquals(32, c.tileColumns());
        CompileCard cal = CompileCardReader.read(card("\"enabled\": false", "\"enabled\": true"));
        assertEquals(64, cal.calibrationVectors());
    }

    @Test
    void setReplacesAnyFieldAndItsErrorsNameTheOverride() {
        Path shipped = Path.of("circuits", "compile-rram-128.json");
        CompileCard c = CompileCardReader.read(shipped, java.util.List.of("dacBits=6", "wires.bitLineSegmentResistance=2.5",
                "readVoltage=100m", "scheme=single-column", "calibration.enabled=true"));
        assertEquals(6, c.dacBits());
        assertEquals(2.5, c.design().bitLineSegment());
        assertEquals(1.0, c.design().wordLineSegment());
        assertEquals(0.1, c.design().readVoltage(), 1e-15);
        assertEquals(ArrayScheme.SINGLE_COLUMN, c.scheme());
        assertEquals(64, c.calibrationVectors());
        InputException e = assertThrows(InputException.class, () -> CompileCardReader.read(shipped,
                java.util.List.of("readVoltage=-1")));
        assertTrue(e.getMessage().contains("$.readVoltage: -1.0: expected a finite positive number (the card with --set"
                + " readVoltage=-1)"), e.getMessage());
        e = assertThrows(InputException.class, () -> CompileCardReader.read(shipped, java.util.List.of("readVoltage")));
        assertTrue(e.getMessage().startsWith("--set readVoltage: expected FIELD=VALUE"), e.getMessage());
    }

    @Test
    void errorsNameTheFieldTheValueAndWhatWasExpected() throws Exception {
        assertTrue(error("\"dacBits\": 8", "\"dacBits\": 0").contains("$.dacBits: 0: expected an integer from 1 to 16"));
        assertTrue(error("{\"rows\": 128, \"columns\": 128}", "\"128by128\"").contains("$.tile: '128by128'"));
        assertTrue(error("\"columns\": 128}", "\"columns\": 1}").contains("$.tile.columns: 1: expected at least 2"));
        assertTrue(error("\"cellArea\": 1.69e-14", "\"cellArea\": -1").contains("$.cellArea: -1.0: expected a finite positive"));
        assertTrue(error("\"outputSwing\": 1", "\"outputSwing\": 1, \"feedbackResistance\": \"10k\"")
                .contains("$.sensing: feedbackResistance and outputSwing"));
        assertTrue(error("\"scheme\": \"double-column\"", "\"scheme\": \"conductances\"")
                .contains("$.scheme: 'conductances': expected double-column or single-column"));
        assertTrue(error("\"seed\": 1}", "\"seed\": 1, \"iterations\": 3}").contains("$.calibration.iterations: unknown field"));
        assertTrue(error("\"gOn\": \"10u\",", "\"gOn\": \"10u\", \"deviceCard\": \"x.json\",")
                .contains("gOn/gOff and a deviceCard"));
        assertTrue(error("\"pulseWidth\": \"10n\"", "\"pulseWidth\": \"10n\", \"pulseWidth\": \"20n\"")
                .contains("Duplicate field 'pulseWidth'"));
    }

    @Test
    void overridesAreStrictJsonAndNamedByField() throws Exception {
        Path f = card("x-none", "x-none");
        String nan = assertThrows(InputException.class, () -> CompileCardReader.read(f,
                java.util.List.of("readVoltage=NaN"))).getMessage();
        assertTrue(nan.contains("$.readVoltage: NaN: expected a finite number") && nan.contains("--set readVoltage=NaN"),
                nan);
        String trailing = assertThrows(InputException.class, () -> CompileCardReader.read(f,
                java.util.List.of("readVoltage=1 2"))).getMessage();
        assertTrue(trailing.startsWith("--set readVoltage=1 2: '1 2': expected one JSON value"), trailing);
        String dup = assertThrows(InputException.class, () -> CompileCardReader.read(f,
                java.util.List.of("wires={\"bitLineSegmentResistance\": 1, \"bitLineSegmentResistance\": 2}")))
                .getMessage();
        assertTrue(dup.startsWith("--set wires=") && dup.contains("Duplicate field"), dup);
        assertEquals("single-column", CompileCardReader.read(f, java.util.List.of("scheme=single-column")).scheme()
                .label());
    }

    @Test
    void aPulseOrSwingThatWouldOverflowTheEnergiesAndAFloatingWordLineAreNamed() throws Exception {
        assertTrue(error("\"pulseWidth\": \"10n\"", "\"pulseWidth\": 1e308")
                .contains("$.pulseWidth: 1.0E308: expected a read pulse of at most 1.0 s"));
        assertTrue(error("\"outputSwing\": 1", "\"outputSwing\": 1e308").contains("$.sensing.outputSwing"));
        assertTrue(error("\"wordLineSegmentResistance\": 1", "\"wordLineSegmentResistance\": 0")
                .contains("floating node"));
    }

    @Test
    void tilesUpToTheLargestIntSplitWithoutOverflow() {
        assertEquals(2, Split.starts(100, Integer.MAX_VALUE).length);
        assertEquals(100, Split.starts(100, Integer.MAX_VALUE)[1]);
        assertEquals(4, Split.starts(Integer.MAX_VALUE, Integer.MAX_VALUE / 2).length);
    }
}
