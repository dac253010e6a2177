package org.memspice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossbarCommandTest {
    @TempDir
    Path dir;

    private static String run(int expected, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o));
        System.setErr(new PrintStream(e));
        int code;
        try {
            code = Main.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(expected, code, e.toString());
        return expected == 0 ? o.toString() : e.toString();
    }

    @Test
    void solvePrintsJsonWhoseOutputsMatchTheDotProductsAndWritesTheIrDropMap() throws Exception {
        Path png = dir.resolve("map.png");
        Path csv = dir.resolve("out.csv");
        String json = run(0, "crossbar", "solve", "--spec", "circuits/crossbar-8x8-single.json", "--json",
                "--plot", png.toString(), "--csv", csv.toString());
        java.util.List<String> rows = java.nio.file.Files.readAllLines(csv);
        assertEquals(1 + 2 * 8, rows.size());
        assertTrue(rows.get(0).startsWith("input,output,current_A,sense_output_V,dot_estimate,ideal_dot"));
        JsonNode r = new ObjectMapper().readTree(json);
        assertEquals(9, r.get("physicalColumns").asInt());
        for (JsonNode read : r.get("reads")) {
            assertTrue(read.get("power").get("balanceError").asDouble() < 1e-9);
            for (int j = 0; j < 8; j++) {
                // 2.5-ohm wires move the estimate by a few percent of a unit at 8x8, never by half a unit
                assertEquals(read.get("idealDot").get(j).asDouble(), read.get("dotEstimates").get(j).asDouble(), 0.5);
                String[] f = rows.get(1 + read.get("input").asInt() * 8 + j).split(",");
                assertEquals(read.get("outputCurrents").get(j).asDouble(), Double.parseDouble(f[2]));
            }
        }
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 2 * 9 * 8 && img.getHeight() > 8 * 8);
    }

    @Test
    void ldlAndCgGiveTheSameOutputs() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode cg = m.readTree(run(0, "crossbar", "solve", "--spec", "circuits/crossbar-8x8-double.json", "--json"));
        JsonNode ldl = m.readTree(run(0, "crossbar", "solve", "--spec", "circuits/crossbar-8x8-double.json", "--json",
                "--solver", "ldl"));
        for (int t = 0; t < 2; t++) {
            for (int j = 0; j < 8; j++) {
                double a = cg.get("reads").get(t).get("outputCurrents").get(j).asDouble();
                double b = ldl.get("reads").get(t).get("outputCurrents").get(j).asDouble();
                assertEquals(a, b, 1e-12 * 1e-4);
            }
        }
    }

    @Test
    void aSpecOfSubcircuitCellsIsSolvedByTheGeneralEngineAndExportedWithItsInstances() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode general = m.readTree(run(0, "crossbar", "solve", "--spec", "circuits/crossbar-4x4-biolek-netlist.json", "--json"));
        assertEquals("general", general.get("solver").asText());
        // the same states through the hp-biolek card (ohmic port R(x)), solved by the fast solver
        JsonNode card = m.readTree(run(0, "crossbar", "solve", "--spec", "circuits/crossbar-4x4-states.json", "--json"));
        for (int t = 0; t < 2; t++) {
            JsonNode a = general.get("reads").get(t);
            JsonNode b = card.get("reads").get(t);
            for (int j = 0; j < 4; j++) {
                double want = b.get("outputCurrents").get(j).asDouble();
                assertEquals(want, a.get("outputCurrents").get(j).asDouble(), 1e-9 * Math.abs(want));
            }
            assertEquals(b.get("power").get("devices").asDouble(), a.get("power").get("devices").asDouble(),
                    1e-9 * b.get("power").get("devices").asDouble());
            assertTrue(a.get("power").get("balanceError").asDouble() < 1e-9);
        }
        Path cir = dir.resolve("x.cir");
        run(0, "crossbar", "export", "--spec", "circuits/crossbar-4x4-biolek-netlist.json", "--out", cir.toString());
        String text = java.nio.file.Files.readString(cir);
        assertTrue(text.contains(".SUBCKT memristor Plus Minus") && text.contains("xg3_3 w3_3 b3_3 memristor")
                && text.contains("vxg3_3_state xg3_3.x 0 0.65") && !text.contains("\nV1 "), text);
    }

    @Test
    void badOptionsExitWithStatusTwoAndSayWhy() {
        assertTrue(run(2, "crossbar", "export", "--spec", "circuits/crossbar-8x8-double.json", "--out",
                dir.resolve("x.cir").toString(), "--input", "5").contains("--input 5: expected 0..1"));
        assertTrue(run(2, "crossbar", "solve", "--spec", "circuits/none.json").contains("circuits/none.json"));
        assertTrue(run(2, "crossbar", "solve", "--spec", "circuits/crossbar-8x8-double.json", "--tolerance", "2")
                .contains("--tolerance 2.0: expected a value in (0, 1)"));
    }
}
