package org.memspice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.ModelFile;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memspice compile and infer from the command line: outputs, and every bad input named with exit status 2. */
class CompileCommandTest {
    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void smallModel() throws Exception {
        BnnModel m = Architecture.BNN.random(new int[] {4, 8, 8}, 16, 3, 0.1);
        model = dir.resolve("small.json");
        ModelFile.write(m, model);
    }

    private Path card(String replace, String with) throws Exception {
        String text = Files.readString(Path.of("circuits", "compile-rram-128.json")).replace(replace, with)
                .replace("\"periphery-65nm.json\"", "\"" + Path.of("circuits", "periphery-65nm.json").toAbsolutePath() + "\"");
        Path f = dir.resolve("card.json");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void compileWritesTheManifestAndOneNetlistPerTile() throws Exception {
        Path out = dir.resolve("out");
        EvalCommandTest.Run r = EvalCommandTest.run("compile", "--model", model.toString(), "--tile", "32x32",
                "--scheme", "single", "--out", out.toString(), "--image", "5");
        assertEquals(0, r.status(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("single-column", m.get("scheme").asText());
        int tiles = m.get("totals").get("tiles").asInt();
        assertEquals(tiles, m.get("tiles").size());
        try (var files = Files.list(out.resolve("netlists"))) {
            assertEquals(tiles, files.filter(p -> p.toString().endsWith(".cir")).count());
        }
        for (JsonNode l : m.get("layers")) {
            if (l.has("comparators")) {
                for (JsonNode c : l.get("comparators")) {
                    assertTrue(c.get("margin_v").asDouble() > 0, l.get("name") + " column " + c.get("column"));
                }
            } else {
                assertTrue(l.get("adc_bits").asInt() >= 1);
            }
        }
        assertTrue(r.out().contains("single-column"), r.out());
    }

    @Test
    void verifyNgspiceComparesColumnGroupsWithNgspice() {
        // needs ngspice: fails (does not skip) without it
        EvalCommandTest.Run r = EvalCommandTest.run("compile", "--model", model.toString(), "--tile", "16x16",
                "--no-netlists", "--out", dir.resolve("v").toString(), "--verify-ngspice", "3", "--image", "2");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("ngspice check of 3 column groups"), r.out());
        for (String line : r.out().split("\n")) {
            if (line.contains("identical decisions")) {
                String[] f = line.replaceAll(".*outputs (\\d+), identical decisions (\\d+).*", "$1 $2").split(" ");
                assertEquals(f[0], f[1], line);
            }
        }
    }

    @Test
    void inferReportsTheJsonFieldsForBothSchemes() throws Exception {
        EvalCommandTest.Run r = EvalCommandTest.run("infer", "--model", model.toString(), "--tile", "32x32",
                "--scheme", "both", "--limit", "20", "--threads", "2", "--json", "--wire-r", "0");
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out()).get("results");
        assertEquals(2, j.size());
        for (JsonNode s : j) {
            for (String f : new String[] {"software_accuracy", "circuit_accuracy", "agreement", "energy_per_image_j",
                    "power_w", "breakdown", "layers", "scheme"}) {
                assertTrue(s.has(f), f);
            }
            // ideal wires: the circuit decides as the software model on every image
            assertEquals(1.0, s.get("agreement").asDouble());
            for (JsonNode l : s.get("layers")) {
                assertEquals(0, l.get("flipped_fraction").asDouble(), 0.0);
                assertTrue(l.has("min_margin_v"));
            }
            assertTrue(s.get("energy_per_image_j").asDouble() > 0);
        }
    }

    private void assertBad(String expected, String... args) {
        EvalCommandTest.Run r = EvalCommandTest.run(args);
        assertEquals(Main.EXIT_INPUT, r.status(), r.err() + r.out());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "stack trace: " + r.err());
    }

    @Test
    void badInputIsNamedWithExitStatusTwo() throws Exception {
        String m = model.toString();
        assertBad("teacher-fp.json: a full-precision model", "infer", "--model", "models/teacher-fp.json", "--limit", "1");
        assertBad("--tile 2x128: 2 rows cannot hold one kernel row of layers[0] conv (3 taps)", "compile", "--model", m,
                "--tile", "2x128", "--no-netlists");
        assertBad("--tile 128x1", "compile", "--model", m, "--tile", "128x1", "--no-netlists");
        assertBad("card.json: $.gOn: 1.0E-7 S with gOff 1.0E-7 S: expected gOn > gOff", "compile", "--model", m,
                "--card", card("\"gOn\": \"10u\"", "\"gOn\": \"100n\"").toString(), "--no-netlists");
        assertBad("card.json: $.wires.wordLineSegmentResistance: -1.0: expected a finite number >= 0", "compile",
                "--model", m, "--card", card("\"wordLineSegmentResistance\": 1", "\"wordLineSegmentResistance\": -1")
                        .toString(), "--no-netlists");
        assertBad("card.json: $.driverResistance: 'NaN': expected a number", "compile", "--model", m, "--card",
                card("\"driverResistance\": 10", "\"driverResistance\": \"NaN\"").toString(), "--no-netlists");
        assertBad("--wire-r -1: expected a finite resistance >= 0 ohm", "compile", "--model", m, "--wire-r", "-1",
                "--no-netlists");
        assertBad("--wire-r 'NaN': expected a resistance in ohm", "compile", "--model", m, "--wire-r", "NaN", "--no-netlists");
        assertBad("--image 10000: expected 0..9999", "compile", "--model", m, "--image", "10000", "--out",
                dir.resolve("o").toString());
        assertBad("--limit 10001: the test set", "infer", "--model", m, "--limit", "10001");
        assertBad("devices/vteam.json: a read at 0.2 V", "compile", "--model", m, "--device", "devices/vteam.json",
                "--no-netlists");
        // a subcircuit device whose threshold (1.5 V) a 2 V read of 10 us crosses: 5.3e-3 of its range per read
        Files.writeString(dir.resolve("sinh.cir"), """
                sinh memristor
                .subckt sinhmem p n xs params: a=2e-4 b=3 k=1e3 vt=1.5
                Bport p n I={a*V(xs)*sinh(b*V(p,n))}
                Bstate 0 xs I={abs(V(p,n)) > vt ? k*(V(p,n) - sgn(V(p,n))*vt) : 0}
                Cs xs 0 1
                Rs xs 0 1e12
                .ends
                .end
                """);
        String device = "\"deviceNetlist\": \"" + dir.resolve("sinh.cir") + "\", \"deviceStateNode\": \"xs\","
                + " \"deviceStateRange\": [0.05, 1]";
        assertBad("sinhmem in " + dir.resolve("sinh.cir") + ": a read at 2.0 V for 1.0E-5 s moves a stored device's state",
                "compile", "--model", m, "--no-netlists", "--card", card("\"gOn\": \"10u\",\n  \"gOff\": \"100n\"",
                        device).toString(), "--set", "readVoltage=2", "--set", "pulseWidth=1e-5");
        assertBad("--solver general with --limit 2", "infer", "--model", m, "--limit", "2", "--solver", "general",
                "--card", card("\"gOn\": \"10u\",\n  \"gOff\": \"100n\"", device).toString(), "--tile", "8x8");
        assertBad("$.encoding: 'unipolar': expected bipolar", "compile", "--model", m, "--card",
                card("\"encoding\": \"bipolar\"", "\"encoding\": \"unipolar\"").toString(), "--no-netlists");
        assertBad("$.sensing: a TIA of finite gain", "compile", "--model", m, "--card",
                card("\"outputSwing\": 1", "\"feedbackResistance\": \"10k\", \"openLoopGain\": 1000").toString(),
                "--no-netlists");
        assertBad("'triple' is not a scheme", "infer", "--model", m, "--scheme", "triple");
        assertBad("--position 784: expected 0..783", "compile", "--model", m, "--position", "784", "--out",
                dir.resolve("o2").toString());
        assertBad("--scheme both: compile writes one scheme at a time", "compile", "--model", m, "--scheme", "both");
        assertBad("--verify-ngspice 0: expected a number of column groups >= 1", "compile", "--model", m, "--no-netlists",
                "--verify-ngspice", "0", "--out", dir.resolve("o3").toString());
        assertBad("--limit 0: expected a number of images >= 1", "infer", "--model", m, "--limit", "0");
        assertBad("--threads 0: expected >= 1", "infer", "--model", m, "--threads", "0");
        assertBad("--images 'some': expected a number of test images or all", "run", "--images", "some");
        assertBad("--images 0: expected 1..10000", "run", "--images", "0");
        assertBad("--images 0: expected 1..10000", "bench", "infer", "--images", "0");
        assertBad("--device: " + dir.resolve("none.json") + ": no such device card file", "compile", "--model", m,
                "--device", dir.resolve("none.json").toString(), "--no-netlists");
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file");
        assertBad("--out " + blocker.resolve("o"), "compile", "--model", m, "--no-netlists", "--tile", "64x64", "--out",
                blocker.resolve("o").toString());
        assertBad("--predictions " + blocker.resolve("p.csv") + ": " + blocker + " is a file", "infer", "--model", m, "--limit", "2",
                "--predictions", blocker.resolve("p.csv").toString());
        assertBad("card.json: $.tile: 128: expected {\"rows\": R, \"columns\": C} or \"RxC\"", "compile", "--model", m,
                "--no-netlists", "--card", card("{\"rows\": 128, \"columns\": 128}", "128").toString());
        assertBad("card.json: $.calibration.enabled: \"yes\": expected true or false", "compile", "--model", m,
                "--no-netlists", "--card", card("\"enabled\": false", "\"enabled\": \"yes\"").toString());
        Path periphery = dir.resolve("periphery.json");
        Files.writeString(periphery, "{\"tiaStaticPower\": \"50u\", \"subtractorStaticPower\": \"50u\","
                + " \"comparatorStaticPower\": \"10u\", \"driverStaticPower\": \"3.9u\"}");
        assertBad("card.json: $.periphery: 'periphery.json' without dacStaticPower: expected a periphery card with"
                + " dacStaticPower", "compile", "--model", m, "--no-netlists", "--card",
                card("\"periphery-65nm.json\"", "\"" + periphery + "\"").toString());
    }
}
