package org.memspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCommandsTest {
    @TempDir
    Path tmp;

    private String stdout(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(0, Main.execute(args), String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test
    void helpOfEveryDeviceCommandHasAnExample() {
        for (String[] cmd : List.of(new String[] {"run", "--help"}, new String[] {"device", "demo", "--help"}, new String[] {"device", "sim", "--help"},
                new String[] {"device", "spice", "--help"}, new String[] {"bench", "device", "--help"})) {
            String out = stdout(cmd);
            assertTrue(out.contains("Example"), String.join(" ", cmd) + ":\n" + out);
        }
    }

    @Test
    void demoWritesPlotsAndCsvForEveryCard() throws Exception {
        Path out = tmp.resolve("out");
        String json = stdout("device", "demo", "--out", out.toString(), "--points", "201", "--json");
        for (String card : List.of("hp-nowindow", "hp-joglekar", "hp-biolek", "hp-prodromakis", "vteam", "team")) {
            assertTrue(json.contains("\"card\" : \"" + card + "\""), json);
            Path png = out.resolve(card + "-iv.png");
            assertTrue(Files.size(png) > 1000, png + " missing or empty");
            List<String> csv = Files.readAllLines(out.resolve(card + ".csv"));
            assertEquals("t,v,i,x", csv.get(0));
            assertEquals(202, csv.size());
        }
    }

    @Test
    void simCsvIsOnTheUniformGridAndSpiceHasTheSubcircuit() throws Exception {
        Path csv = tmp.resolve("d.csv");
        String json = stdout("device", "sim", "--card", "devices/hp-biolek.json", "--set", "p=2", "--drive", "SIN(0 1 2)",
                "--tstop", "500m", "--points", "11", "--rseries", "1k", "--csv", csv.toString(), "--json");
        assertTrue(json.contains("\"final_state\""), json);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(12, lines.size());
        for (int k = 1; k <= 11; k++) {
            String[] f = lines.get(k).split(",");
            assertEquals(0.05 * (k - 1), Double.parseDouble(f[0]), 1e-12);
            double v = Double.parseDouble(f[1]), i = Double.parseDouble(f[2]);
            // the source splits over 1 kohm and the device
            assertEquals(Math.sin(2 * Math.PI * 2 * 0.05 * (k - 1)), v + 1000 * i, 1e-12);
        }
        String sub = stdout("device", "spice", "--card", "devices/hp-biolek.json", "--set", "p=2");
        assertTrue(sub.contains(".subckt memspice_hp_biolek p n params: ron=100.0 roff=16000.0 d=1.0e-8 mu_v=1.0e-14 p=2.0 x0=0.1"), sub);
        assertTrue(sub.contains(".ends memspice_hp_biolek"), sub);
    }
}
