package org.memspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;
import org.memspice.cli.Main;

class DeviceCardTest {
    static final Path DEVICES = Path.of("devices");

    @TempDir
    Path tmp;

    @Test
    void shippedCardsLoadWithThePublishedParameters() {
        List<DeviceCard> cards = DeviceCard.loadAll(DEVICES);
        List<String> names = cards.stream().map(DeviceCard::name).toList();
        assertTrue(names.containsAll(List.of("hp-nowindow", "hp-joglekar", "hp-biolek", "hp-prodromakis", "vteam", "team")), names.toString());
        for (String n : List.of("hp-nowindow", "hp-joglekar", "hp-biolek", "hp-prodromakis")) {
            DeviceCard c = DeviceCard.load(DEVICES.resolve(n + ".json"));
            assertEquals(100, c.get("ron"));
            assertEquals(16e3, c.get("roff"));
            assertEquals(10e-9, c.get("d"));
            assertEquals(1e-14, c.get("mu_v"));
            if (!n.equals("hp-nowindow")) assertEquals(10, c.get("p"));
            assertEquals("SIN(0 1.2 1)", c.driveText());
        }
        DeviceCard vt = DeviceCard.load(DEVICES.resolve("vteam.json"));
        assertEquals(-10, vt.get("k_on"));
        assertEquals(5e-4, vt.get("k_off"));
        assertEquals(-0.2, vt.get("v_on"));
        assertEquals(0.02, vt.get("v_off"));
        assertTrue(vt.toModel() instanceof Vteam);
        DeviceCard team = DeviceCard.load(DEVICES.resolve("team.json"));
        assertEquals(115e-6, team.get("i_off"), 1e-18);
        assertEquals(-8.9e-6, team.get("i_on"), 1e-18);
        assertTrue(team.toModel() instanceof Team);
    }

    private Path card(String json) throws IOException {
        Path p = tmp.resolve("card.json");
        Files.writeString(p, json);
        return p;
    }

    private static final String GOOD = """
            { "model": "vteam", "window": "none", "iv": "linear", "source": "test",
              "parameters": { "ron": 50, "roff": 1000, "x_on": 0, "x_off": 3e-9, "k_on": -10, "k_off": 5e-4,
                              "alpha_on": 3, "alpha_off": 1, "v_on": -0.2, "v_off": 0.02, "x0": 1.5e-9 },
              "drive": { "source": "SIN(0 1 50meg)", "tstop": 6e-8 } }
            """;

    private void fails(String json, String... mustContain) throws IOException {
        Path p = card(json);
        InputException e = assertThrows(InputException.class, () -> DeviceCard.load(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String s : mustContain) assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
    }

    @Test
    void badCardsAreRejectedNamingFileAndField() throws IOException {
        DeviceCard.load(card(GOOD));
        fails(GOOD.replace("\"source\": \"test\",", "\"source\": \"test\", \"colour\": 1,"), "colour");
        fails(GOOD.replace("\"x0\": 1.5e-9", "\"x0\": 1.5e-9, \"q\": 2"), "parameters.q");
        fails(GOOD.replace("\"k_off\": 5e-4,", ""), "parameters.k_off", "missing");
        fails(GOOD.replace("\"roff\": 1000", "\"roff\": 50"), "parameters.roff", "ron");
        fails(GOOD.replace("\"v_on\": -0.2", "\"v_on\": 0.1"), "parameters.v_on", "< 0");
        fails(GOOD.replace("\"k_on\": -10", "\"k_on\": 10"), "parameters.k_on");
        fails(GOOD.replace("\"x0\": 1.5e-9", "\"x0\": 4e-9"), "parameters.x0");
        fails(GOOD.replace("\"x_off\": 3e-9", "\"x_off\": -1e-9"), "parameters.x_off");
        fails(GOOD.replace("\"ron\": 50", "\"ron\": NaN"), "parameters.ron", "NaN");
        fails(GOOD.replace("\"roff\": 1000", "\"roff\": Infinity"), "parameters.roff");
        fails(GOOD.replace("\"window\": \"none\"", "\"window\": \"strukov\""), "window");
        fails(GOOD.replace("\"iv\": \"linear\",", ""), "iv");
        fails(GOOD.replace("SIN(0 1 50meg)", "SINE(0 1)"), "drive.source");
        fails(GOOD.replace("\"tstop\": 6e-8", "\"tstop\": -1"), "drive.tstop");
        fails(GOOD.replace("\"model\": \"vteam\"", "\"model\": \"yakopcic\""), "model");
        fails("{ \"model\": ", "JSON");
        String hp = """
                { "model": "hp", "window": "joglekar", "source": "t",
                  "parameters": { "ron": 100, "roff": 16000, "d": 1e-8, "mu_v": 1e-14, "p": 10, "x0": 1.2 },
                  "drive": { "source": "SIN(0 1.2 1)", "tstop": 2 } }
                """;
        fails(hp, "parameters.x0", "[0.0, 1.0]");
        fails(hp.replace("\"p\": 10", "\"p\": 0.2").replace("1.2 }", "0.5 }"), "parameters.p");
    }

    @Test
    void overridesAreAppliedAndValidated() throws IOException {
        DeviceCard c = DeviceCard.load(card(GOOD));
        DeviceCard o = c.withOverrides(List.of("v_off=50m", "x0=1n"));
        assertEquals(0.05, o.get("v_off"), 1e-15);
        assertEquals(1e-9, o.get("x0"), 1e-24);
        DeviceCard w = c.withOverrides(List.of("window=biolek", "p=2"));
        assertEquals("biolek", w.window());
        assertTrue(((Vteam) w.toModel()).window() instanceof BiolekWindow);
        assertThrows(InputException.class, () -> c.withOverrides(List.of("window=biolek")), "p is then missing");
        InputException e = assertThrows(InputException.class, () -> c.withOverrides(List.of("v_on=0.3")));
        assertTrue(e.getMessage().contains("v_on"), e.getMessage());
        e = assertThrows(InputException.class, () -> c.withOverrides(List.of("i_on=-1u")));
        assertTrue(e.getMessage().contains("i_on"), e.getMessage());
        e = assertThrows(InputException.class, () -> c.withOverrides(List.of("ron=abc")));
        assertTrue(e.getMessage().contains("ron=abc"), e.getMessage());
        assertThrows(InputException.class, () -> c.withOverrides(List.of("ron")));
        assertThrows(InputException.class, () -> c.withOverrides(List.of("ron=nan")));
    }

    @Test
    void commandLineExitsWithTwoOnBadCardsAndOptions() throws IOException {
        Path bad = card(GOOD.replace("\"k_on\": -10", "\"k_on\": 10"));
        assertEquals(Main.EXIT_INPUT, Main.execute("device", "sim", "--card", bad.toString()));
        Path good = tmp.resolve("good.json");
        Files.writeString(good, GOOD);
        assertEquals(Main.EXIT_INPUT, Main.execute("device", "sim", "--card", good.toString(), "--set", "alpha_on=0"));
        assertEquals(Main.EXIT_INPUT, Main.execute("device", "sim", "--card", good.toString(), "--drive", "SIN(0 1)"));
        assertEquals(Main.EXIT_INPUT, Main.execute("device", "sim", "--card", good.toString(), "--tstop", "-1"));
        assertEquals(Main.EXIT_INPUT, Main.execute("device", "spice", "--card", tmp.resolve("missing.json").toString()));
    }
}
