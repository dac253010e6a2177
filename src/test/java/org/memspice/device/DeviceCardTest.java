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

    /** The one card error format: file, JSON path, value found, what was expected. */
    private void failsWith(String json, String expected) throws IOException {
        Path p = card(json);
        InputException e = assertThrows(InputException.class, () -> DeviceCard.load(p));
        assertEquals(p + ": " + expected, e.getMessage());
    }

    @Test
    void cardsAreReadStrictlyWithOneErrorFormat() throws IOException {
        failsWith(GOOD.replace("\"source\": \"test\",", "\"source\": \"test\", \"source\": \"again\","),
                // column 81: just past the repeated key (it starts at column 73)
                "not valid JSON (line 1, column 81): Duplicate field 'source'");
        Path trailing = card(GOOD + " {}");
        InputException e = assertThrows(InputException.class, () -> DeviceCard.load(trailing));
        assertTrue(e.getMessage().startsWith(trailing + ": not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("Trailing token"), e.getMessage());
        failsWith(GOOD.replace("\"ron\": 50", "\"ron\": NaN"), "$.parameters.ron: NaN: expected a finite number");
        failsWith(GOOD.replace("\"roff\": 1000", "\"roff\": -Infinity"),
                "$.parameters.roff: -Infinity: expected a finite number");
        failsWith(GOOD.replace("\"tstop\": 6e-8", "\"tstop\": NaN"), "$.drive.tstop: NaN: expected a finite number");
        failsWith(GOOD.replace("\"tstop\": 6e-8", "\"tstop\": 6e-8, \"points\": 3"),
                "$.drive.points: unknown field: expected one of [rseries, source, tstop]");
        failsWith(GOOD.replace("\"colour\"", "").replace("\"source\": \"test\",", "\"source\": \"test\", \"colour\": 1,"),
                "$.colour: unknown field: expected one of [drive, iv, model, parameters, source, window]");
        failsWith(GOOD.replace("\"model\": \"vteam\"", "\"model\": 3"), "$.model: 3: expected a string");
        failsWith(GOOD.replace("\"model\": \"vteam\"", "\"model\": \"yakopcic\""),
                "$.model: 'yakopcic': expected one of [hp, team, vteam]");
        failsWith(GOOD.replace("\"window\": \"none\"", "\"window\": \"strukov\""),
                "$.window: 'strukov': expected one of [none, kvatinsky, biolek, joglekar, prodromakis] (the windows of model vteam)");
        failsWith(GOOD.replace("\"iv\": \"linear\"", "\"iv\": \"cubic\""), "$.iv: 'cubic': expected linear or exponential");
        failsWith(GOOD.replace("\"k_on\": -10", "\"k_on\": \"ten\""),
                "$.parameters.k_on: 'ten': expected a number (e.g. 2.5, 10k, 100n)");
        failsWith(GOOD.replace("\"k_on\": -10", "\"k_on\": 10"),
                "$.parameters.k_on: 10.0: expected < 0 (in the TEAM family the ON rate and threshold are negative)");
        failsWith(GOOD.replace("\"tstop\": 6e-8", "\"tstop\": 6e-8, \"rseries\": -1"), "$.drive.rseries: -1.0: expected >= 0 ohm");
        failsWith("{ \"model\": \"hp\", \"window\": \"none\", \"source\": \"t\", \"parameters\": [1], \"drive\": {} }",
                "$.parameters: [1]: expected an object");
        failsWith("[1, 2]", "expected a JSON object (a device card)");
        // SPICE suffixes are numbers too
        DeviceCard c = DeviceCard.load(card(GOOD.replace("\"ron\": 50", "\"ron\": \"50\"").replace("\"x_off\": 3e-9", "\"x_off\": \"3n\"")));
        assertEquals(50, c.get("ron"));
        assertEquals(3e-9, c.get("x_off"), 1e-24);
    }

    @Test
    void everyFamilyAndWindowBuildsItsOwnModelAndWindow() {
        DeviceCard hp = DeviceCard.load(DEVICES.resolve("hp-nowindow.json"));
        DeviceCard vt = DeviceCard.load(DEVICES.resolve("vteam.json"));
        DeviceCard team = DeviceCard.load(DEVICES.resolve("team.json"));
        assertEquals(ModelKind.HP, hp.model());
        assertEquals(ModelKind.VTEAM, vt.model());
        assertEquals(ModelKind.TEAM, team.model());
        assertEquals(null, hp.iv());
        for (ModelKind m : ModelKind.values()) {
            assertEquals(m, ModelKind.fromCardName(m.cardName().toUpperCase(java.util.Locale.ROOT)));
            DeviceCard base = m == ModelKind.HP ? hp : m == ModelKind.TEAM ? team : vt;
            for (WindowKind w : m.windows()) {
                List<String> set = new java.util.ArrayList<>(List.of("window=" + w.cardName()));
                switch (w) {
                    case JOGLEKAR, BIOLEK -> set.add("p=2");
                    case PRODROMAKIS -> set.addAll(List.of("p=2", "j=1"));
                    case KVATINSKY -> set.addAll(List.of("a_on=0.3n", "a_off=2.7n", "w_c=0.1n"));
                    default -> { }
                }
                DeviceCard c = base.withOverrides(set);
                assertEquals(w, c.window());
                assertEquals(DeviceCard.requiredParameters(m, w), List.copyOf(c.parameters().keySet()));
                MemristorModel model = c.toModel();
                Class<?> family = m == ModelKind.HP ? LinearIonDrift.class : m == ModelKind.TEAM ? Team.class : Vteam.class;
                assertTrue(family.isInstance(model), m + " built " + model.getClass());
                Window built = model instanceof LinearIonDrift l ? l.window() : ((ThresholdMemristor) model).window();
                Class<?> kind = switch (w) {
                    case NONE -> Window.NONE.getClass();
                    case STRUKOV -> StrukovWindow.class;
                    case JOGLEKAR -> JoglekarWindow.class;
                    case BIOLEK -> BiolekWindow.class;
                    case PRODROMAKIS -> ProdromakisWindow.class;
                    case KVATINSKY -> KvatinskyWindow.class;
                };
                assertTrue(kind.isInstance(built), m + " with " + w + " built " + built.getClass());
            }
        }
        // the same card read back from its own JSON
        assertEquals(vt.parameters(), DeviceCard.fromJson(vt.toJson(), "vteam", "round trip").parameters());
        InputException e = assertThrows(InputException.class, () -> DeviceCard.fromJson(
                hp.toJson().put("window", "kvatinsky"), "x1", "instance x1 of memspice_hp_kvatinsky"));
        assertTrue(e.getMessage().startsWith("instance x1 of memspice_hp_kvatinsky: $.window: 'kvatinsky': expected one of"),
                e.getMessage());
    }

    @Test
    void overridesAreAppliedAndValidated() throws IOException {
        DeviceCard c = DeviceCard.load(card(GOOD));
        DeviceCard o = c.withOverrides(List.of("v_off=50m", "x0=1n"));
        assertEquals(0.05, o.get("v_off"), 1e-15);
        assertEquals(1e-9, o.get("x0"), 1e-24);
        DeviceCard w = c.withOverrides(List.of("window=biolek", "p=2"));
        assertEquals("biolek", w.window().cardName());
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

    @Test
    void aDriftCoefficientThatOverflowsIsRefusedAtTheParameter() {
        DeviceCard hp = DeviceCard.load(DEVICES.resolve("hp-joglekar.json"));
        InputException e = assertThrows(InputException.class, () -> hp.withOverrides(List.of("d=1e-300")));
        assertTrue(e.getMessage().contains("$.parameters.d: 1.0E-300: expected"), e.getMessage());
        e = assertThrows(InputException.class, () -> hp.withOverrides(List.of("mu_v=1e300")));
        assertTrue(e.getMessage().contains("$.parameters.mu_v: 1.0E300: expected"), e.getMessage());
        e = assertThrows(InputException.class, () -> hp.withOverrides(List.of("ron=1e-300", "roff=1e300")));
        assertTrue(e.getMessage().contains("$.parameters.roff: 1.0E300"), e.getMessage());
    }

    @Test
    void aStateRateThatOverflowsStopsTheRunNamingTheCardAndItsParameters() {
        DeviceCard vt = DeviceCard.load(DEVICES.resolve("vteam.json")).withOverrides(List.of("alpha_off=1e300"));
        org.memspice.SimulationException e = assertThrows(org.memspice.SimulationException.class,
                () -> new DeviceTransient(vt, vt.driveWaveform(), 0).run(vt.tstop(), 11));
        assertTrue(e.getMessage().contains("device vteam") && e.getMessage().contains("alpha_off = 1.0E300"),
                e.getMessage());
    }

    @Test
    void aFolderWithoutCardsOrACardThatIsNotARegularFileIsRefused() throws IOException {
        InputException e = assertThrows(InputException.class, () -> DeviceCard.loadAll(tmp, "--devices"));
        assertTrue(e.getMessage().contains("--devices " + tmp + ": no device cards (*.json)"), e.getMessage());
        e = assertThrows(InputException.class, () -> DeviceCard.load(Path.of("/dev/zero")));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        Path big = tmp.resolve("big.json");
        Files.write(big, new byte[DeviceCard.MAX_CARD_BYTES + 1]);
        e = assertThrows(InputException.class, () -> DeviceCard.load(big));
        assertTrue(e.getMessage().contains("at most 1048576 bytes"), e.getMessage());
    }
}
