package org.memspice.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.ModelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.memspice.fuzz.Promise.kept;
import static org.memspice.fuzz.Promise.refused;
import static org.memspice.fuzz.Promise.run;
import static org.memspice.fuzz.Promise.succeeded;

/**
 * The bad-input promise on the compile surfaces: compile cards mutated at random from the shipped card, --set
 * overrides of every kind, hand-written cards past the limits, and every option of compile, infer, sweep, power,
 * run and the bench commands that compile or classify (a tiny model, few images, one trial).
 */
class CompileFuzzTest {
    static final String CARD = "compile card";
    static final double LIMIT = 30;
    static Path root;
    static Path circuits;
    static Path model;
    static Path card;
    static Path aFile;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void tinyModelAndCard() throws IOException {
        Files.createDirectories(Path.of("target"));
        root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "compile-fuzz");
        circuits = Files.createDirectories(root.resolve("circuits"));
        Files.copy(Path.of("circuits", "periphery-65nm.json"), circuits.resolve("periphery-65nm.json"));
        ObjectNode c = (ObjectNode) JSON.readTree(Path.of("circuits", "compile-rram-128.json").toFile());
        c.set("tile", JSON.readTree("{\"rows\": 32, \"columns\": 32}"));
        card = Files.writeString(circuits.resolve("compile-tiny.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(c));
        model = root.resolve("tiny.json");
        ModelFile.write(Architecture.BNN.random(new int[] {4, 8, 8}, 16, 3, 0.1), model);
        aFile = Files.writeString(root.resolve("a-file"), "not a folder");
    }

    static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }

    static Promise.Outcome go(List<String> a) {
        return run(LIMIT, a.toArray(new String[0]));
    }

    /** {@code base} with {@code extra} added; an option already in {@code base} gets the new value. */
    static List<String> merged(List<String> base, String... extra) {
        List<String> a = new ArrayList<>(base);
        for (int k = 0; k < extra.length; k++) {
            int at = extra[k].startsWith("--") && k + 1 < extra.length && !extra[k + 1].startsWith("--")
                    ? a.indexOf(extra[k]) : -1;
            if (at >= 0 && !extra[k].equals("--set") && !extra[k].equals("--vary") && !extra[k].equals("--fixed")) {
                a.set(at + 1, extra[++k]);
            } else {
                a.add(extra[k]);
            }
        }
        return a;
    }

    static List<String> compile(Path cardFile, String... extra) {
        List<String> a = args("compile", "--model", model.toString(), "--card", cardFile.toString(), "--no-netlists",
                "--out", root.resolve("compiled").toString(), "--threads", "1");
        return merged(a, extra);
    }

    static List<String> infer(String... extra) {
        List<String> a = args("infer", "--model", model.toString(), "--card", card.toString(), "--limit", "5",
                "--threads", "1");
        return merged(a, extra);
    }

    static List<String> sweep(String... extra) {
        List<String> a = args("sweep", "--model", model.toString(), "--card", card.toString(), "--images", "5",
                "--trials", "1", "--threads", "1", "--scheme", "double", "--csv", root.resolve("sweep.csv").toString());
        return merged(a, extra);
    }

    static List<String> power(String... extra) {
        List<String> a = args("power", "--model", model.toString(), "--card", card.toString(), "--images", "5",
                "--threads", "1");
        return merged(a, extra);
    }

    static Path edited(String name, String... fieldValues) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(card.toFile());
        for (int k = 0; k < fieldValues.length; k += 2) {
            n.set(fieldValues[k], JSON.readTree(fieldValues[k + 1]));
        }
        return Files.writeString(circuits.resolve(name), n.toString());
    }

    @Test
    void mutatedCardsKeepThePromise() {
        SplittableRandom rnd = new SplittableRandom(128L);
        for (int k = 0; k < 60; k++) {
            JsonMutations.Mutant m = JsonMutations.mutate(card, circuits.resolve("card-mutant-" + k + ".json"), rnd);
            List<String> a = k % 4 == 0 ? args("infer", "--model", model.toString(), "--card", m.file().toString(),
                    "--limit", "3", "--threads", "1", "--json") : compile(m.file());
            kept(CARD, "generated: " + m.kind(), go(a), m.file().getFileName().toString());
        }
    }

    @Test
    void mutatedModelFilesAreNamedByEveryCommand() {
        SplittableRandom rnd = new SplittableRandom(48L);
        for (int k = 0; k < 12; k++) {
            JsonMutations.Mutant m = JsonMutations.mutate(model, root.resolve("model-mutant-" + k + ".json"), rnd);
            String f = m.file().toString();
            List<String> a = switch (k % 4) {
                case 0 -> merged(infer(), "--model", f);
                case 1 -> merged(power(), "--model", f);
                case 2 -> merged(sweep(), "--model", f);
                default -> compile(card, "--model", f);
            };
            kept("model file", "generated: " + m.kind(), go(a), m.file().getFileName().toString());
        }
    }

    @Test
    void generatedOverridesKeepThePromise() {
        String[] fields = {"readVoltage", "gOn", "gOff", "driverResistance", "wires.wordLineSegmentResistance",
                "wires.bitLineSegmentResistance", "sensing.outputSwing", "dacBits", "cellArea", "pulseWidth",
                "calibration.vectors", "calibration.enabled", "tile.rows", "tile.columns", "scheme", "encoding",
                "referenceColumn", "periphery", "wires", "sensing", "tile", "name"};
        String[] values = {"NaN", "Infinity", "-1", "0", "1e308", "1e-308", "99999999999999999999", "word", "{\"a\": 1}",
                "[1, 2]", "true", "null", "1 2", "{\"a\": 1, \"a\": 2}", "\"10k\"", "1e-18"};
        SplittableRandom rnd = new SplittableRandom(7L);
        for (int k = 0; k < 40; k++) {
            String set = fields[rnd.nextInt(fields.length)] + "=" + values[rnd.nextInt(values.length)];
            List<String> a = k % 3 == 0 ? infer("--set", set, "--json") : compile(card, "--set", set);
            kept("compile options", "generated: --set", go(a), "--set");
        }
    }

    @Test
    void overridesAreNamedByField() {
        refused("compile options", "--set", go(compile(card, "--set", "readVoltage=NaN")), "--set", "$.readVoltage",
                "NaN", "finite");
        refused("compile options", "--set", go(compile(card, "--set", "readVoltage={\"a\": 1}")), "$.readVoltage",
                "expected a number");
        refused("compile options", "--set", go(compile(card, "--set", "readVoltage=1 2")), "--set", "readVoltage",
                "1 2");
        refused("compile options", "--set", go(compile(card, "--set", "wires={\"a\": 1, \"a\": 2}")), "--set", "wires");
        refused("compile options", "--set", go(compile(card, "--set", "dacBits=9.5")), "$.dacBits", "9.5");
        refused("compile options", "--set", go(compile(card, "--set", "readVoltage.x=1")), "--set", "readVoltage");
        refused("compile options", "--set", go(compile(card, "--set", "nothing")), "--set", "nothing");
        refused("compile options", "--set", go(compile(card, "--set", "pulseWidth=1e308")), "$.pulseWidth", "1e308");
        refused("compile options", "--set", go(compile(card, "--set", "sensing.outputSwing=1e308")),
                "$.sensing.outputSwing");
        refused("compile options", "--set", go(compile(card, "--set", "tile.rows=99999999999999999999")), "$.tile.rows");
    }

    @Test
    void extremeCardsEndInAReasonOrFiniteResults() throws IOException {
        String[][] cases = {
                {"wires", "{\"wordLineSegmentResistance\": 1e-18, \"bitLineSegmentResistance\": 1e-18}"},
                {"wires", "{\"wordLineSegmentResistance\": 1e-9, \"bitLineSegmentResistance\": 1e-9}"},
                {"readVoltage", "1e308"},
                {"readVoltage", "1e-308"},
                {"driverResistance", "1e308"},
                {"gOn", "1e308"},
                {"gOff", "1e-308"},
                {"cellArea", "1e308"},
                {"cellArea", "1e-308"},
                {"pulseWidth", "1e-308"},
        };
        int k = 0;
        for (String[] c : cases) {
            Path f = edited("extreme-" + k++ + ".json", c[0], c[1]);
            kept(CARD, "extreme value", go(args("infer", "--model", model.toString(), "--card", f.toString(), "--limit",
                    "3", "--threads", "1", "--json")), f.getFileName().toString());
            kept(CARD, "extreme value", go(args("power", "--model", model.toString(), "--card", f.toString(), "--images",
                    "3", "--threads", "1")), f.getFileName().toString());
        }
        kept(CARD, "extreme value", go(sweep("--vary", "sigma=0,0.1", "--set",
                "wires.bitLineSegmentResistance=1e-18", "--csv", root.resolve("tiny-wires.csv").toString())), "--set");
    }

    @Test
    void missingEmptyAndFolderFilesAreNamed() throws IOException {
        Path none = root.resolve("none.json");
        Path empty = Files.writeString(root.resolve("empty.json"), "");
        for (String cmd : new String[] {"compile", "infer", "sweep", "power"}) {
            List<String> withCard = switch (cmd) {
                case "compile" -> compile(none);
                case "infer" -> args("infer", "--model", model.toString(), "--card", none.toString(), "--limit", "3");
                case "sweep" -> args("sweep", "--model", model.toString(), "--card", none.toString(), "--images", "3",
                        "--trials", "1", "--csv", root.resolve("s.csv").toString());
                default -> args("power", "--model", model.toString(), "--card", none.toString(), "--images", "3");
            };
            refused(cmd + " options", "missing file", go(withCard), "none.json");
            List<String> withModel = new ArrayList<>(withCard);
            withModel.set(withModel.indexOf(none.toString()), card.toString());
            for (Path bad : new Path[] {none, empty, root}) {
                List<String> a = new ArrayList<>(withModel);
                a.set(a.indexOf(model.toString()), bad.toString());
                refused(cmd + " options", bad == none ? "missing file" : bad == empty ? "empty file" : "folder", go(a),
                        bad.toString());
            }
        }
        refused(CARD, "empty file", go(compile(empty)), "empty.json");
        refused(CARD, "folder", go(compile(root)), root.toString());
        refused("run options", "missing file", go(args("run", "--models", none.toString(), "--images", "3",
                "--out", root.resolve("run").toString())), "none.json");
        refused("run options", "missing file", go(args("run", "--models", model.toString(), "--card", none.toString(),
                "--images", "3", "--out", root.resolve("run").toString())), "none.json");
        refused("bench options", "missing file", go(args("bench", "infer", "--model", none.toString(), "--images", "3")),
                "none.json");
        refused("bench options", "missing file", go(args("bench", "inference", "--model", none.toString(), "--images",
                "3")), "none.json");
        refused("bench options", "missing file", go(args("bench", "sweep", "--spec", none.toString(), "--samples", "2",
                "--skip-sweep")), "none.json");
        refused("bench options", "missing file", go(args("bench", "sweep", "--spec", "circuits/crossbar-8x8-double.json",
                "--samples", "2", "--model", none.toString(), "--images", "3", "--trials", "1")), "none.json");
    }

    @Test
    void hugeWorkIsRefusedBeforeItStarts() throws IOException {
        // the smallest tiles: hundreds of tiles for the tiny model, compiled (work bounded by the model's size)
        kept("compile options", "tile count", go(compile(card, "--tile", "3x2")), "--tile", "3x2");
        Path tileFile = edited("tiny-tiles.json", "tile", "{\"rows\": 3, \"columns\": 2}");
        kept(CARD, "tile count", go(compile(tileFile)), "tiny-tiles.json", "$.tile");
        kept(CARD, "tile count", go(compile(card, "--tile", "2147483647x2147483647")), "--tile");
        refused("compile options", "heap limit", go(compile(card, "--model", "models/bnn-kdwg-w48.json", "--tile",
                "2048x2048", "--threads", "64")), "--tile 2048x2048", "64 thread(s)", "MEMSPICE_JAVA_OPTS");
        refused("infer options", "--solver", go(infer("--solver", "ngspice", "--limit", "1000")), "--solver ngspice",
                "--limit 1000", "at most");
        refused("sweep options", "work limit", go(sweep("--trials", "100000", "--images", "10000", "--vary",
                "sigma=0:0.3:0.01")), "--trials", "--images", "at most");
        refused("sweep options", "--images", go(sweep("--images", "20000")), "--images", "20000");
        refused("power options", "--images", go(power("--images", "20000")), "--images", "20000");
        refused("infer options", "--limit", go(infer("--limit", "20000")), "--limit", "20000");
        refused("run options", "--images", go(args("run", "--models", model.toString(), "--images", "20000",
                "--out", root.resolve("run").toString())), "--images", "20000");
        refused("bench options", "--images", go(args("bench", "inference", "--model", model.toString(), "--images",
                "20000")), "--images", "20000");
        refused("bench options", "--images", go(args("bench", "infer", "--model", model.toString(), "--images",
                "20000")), "--images", "20000");
        refused("bench options", "--hidden", go(args("bench", "inference", "--hidden", "2000000000", "--images", "3")),
                "--hidden", "2000000000");
        refused("bench options", "--widths", go(args("bench", "inference", "--widths", "100000,100000", "--images", "3")),
                "--widths", "100000");
        refused("bench options", "--samples", go(args("bench", "sweep", "--samples", "1000000", "--spec",
                "circuits/crossbar-1024x1024-conductances.json", "--skip-sweep")), "--samples", "1000000");
    }

    @Test
    void outputPathsAreCheckedBeforeTheWork() {
        Path under = aFile.resolve("x");
        refused("compile options", "output under a file", go(compile(card, "--out", under.toString())), "--out",
                "a-file");
        refused("infer options", "output under a file", go(infer("--predictions", under.resolve("p.csv").toString())),
                "--predictions", "a-file");
        refused("infer options", "output is a folder", go(infer("--predictions", root.toString())), "--predictions",
                "folder");
        refused("infer options", "output under a file", go(infer("--scheme", "both", "--predictions",
                under.resolve("p.csv").toString())), "--predictions", "a-file");
        refused("sweep options", "output under a file", go(sweep("--csv", under.resolve("s.csv").toString())), "--csv",
                "a-file");
        refused("sweep options", "output is a folder", go(sweep("--csv", root.toString())), "--csv", "folder");
        refused("sweep options", "output under a file", go(sweep("--vary", "sigma=0,0.1", "--plot",
                under.resolve("s.png").toString())), "--plot", "a-file");
        refused("power options", "output under a file", go(power("--plot", under.resolve("p.png").toString())),
                "--plot", "a-file");
        refused("power options", "output under a file", go(power("--csv", under.resolve("p.csv").toString())),
                "--csv", "a-file");
        refused("power options", "output is a folder", go(power("--csv", root.toString())), "--csv", "folder");
        refused("run options", "output under a file", go(args("run", "--models", model.toString(), "--images", "3",
                "--out", under.toString())), "--out", "a-file");
        refused("bench options", "output under a file", go(args("bench", "inference", "--images", "3", "--write-model",
                under.resolve("m.json").toString())), "--write-model", "a-file");
    }

    @Test
    void senselessNumbersAreRefusedNamingTheOption() {
        for (String t : new String[] {"0", "-1"}) {
            refused("compile options", "--threads", go(compile(card, "--threads", t)), "--threads", t);
            refused("infer options", "--threads", go(infer("--threads", t)), "--threads", t);
            refused("sweep options", "--threads", go(sweep("--threads", t)), "--threads", t);
            refused("power options", "--threads", go(power("--threads", t)), "--threads", t);
            refused("run options", "--threads", go(args("run", "--models", model.toString(), "--images", "3",
                    "--threads", t, "--out", root.resolve("run").toString())), "--threads", t);
            refused("bench options", "--threads", go(args("bench", "infer", "--model", model.toString(), "--images", "3",
                    "--threads", t)), "--threads", t);
            refused("bench options", "--threads", go(args("bench", "inference", "--images", "3", "--threads", t)),
                    "--threads", t);
            refused("bench options", "--threads", go(args("bench", "sweep", "--samples", "2", "--skip-sweep",
                    "--threads", t)), "--threads", t);
            refused("infer options", "--limit", go(infer("--limit", t)), "--limit", t);
            refused("sweep options", "--trials", go(sweep("--trials", t)), "--trials", t);
            refused("sweep options", "--images", go(sweep("--images", t)), "--images", t);
            refused("power options", "--images", go(power("--images", t)), "--images", t);
            refused("bench options", "--samples", go(args("bench", "sweep", "--samples", t, "--skip-sweep")), "--samples", t);
            refused("bench options", "--images", go(args("bench", "inference", "--images", t)), "--images", t);
            refused("bench options", "--trials", go(args("bench", "sweep", "--samples", "2", "--trials", t)), "--trials", t);
            refused("compile options", "--verify-ngspice", go(compile(card, "--verify-ngspice", t)), "--verify-ngspice", t);
        }
        for (String s : new String[] {"-0.1", "NaN", "Infinity"}) {
            refused("sweep options", "--vary", go(sweep("--vary", "sigma=" + s)), "--vary", "sigma");
            refused("sweep options", "--fixed", go(sweep("--fixed", "sigma=" + s)), "--fixed", "sigma");
            refused("bench options", "--sigma", go(args("bench", "sweep", "--samples", "2", "--skip-sweep", "--sigma", s)),
                    "--sigma");
        }
        refused("sweep options", "--vary", go(sweep("--vary", "sigma=0:NaN:0.1")), "--vary", "NaN");
        refused("sweep options", "--vary", go(sweep("--vary", "sigma=0:0.3:0")), "--vary", "STEP");
        refused("sweep options", "--vary", go(sweep("--vary", "sigma=0:1e308:1e-308")), "--vary");
        refused("sweep options", "--distribution", go(sweep("--distribution", "cauchy")), "--distribution", "cauchy");
        refused("sweep options", "--master", go(sweep("--master", "spark://x:1")), "--master");
        refused("sweep options", "--plot", go(sweep("--plot", root.resolve("p.png").toString())), "--plot");
        refused("compile options", "--tile", go(compile(card, "--tile", "0x0")), "--tile", "0x0");
        refused("compile options", "--tile", go(compile(card, "--tile", "99999999999x2")), "--tile");
        refused("compile options", "--wire-r", go(compile(card, "--wire-r", "-1")), "--wire-r", "-1");
        refused("compile options", "--wire-r", go(compile(card, "--wire-r", "NaN")), "--wire-r", "NaN");
        refused("compile options", "--wire-r", go(compile(card, "--wire-r", "1e999")), "--wire-r");
        refused("compile options", "--device", go(compile(card, "--device", root.resolve("none.json").toString())),
                "--device", "none.json");
        refused("compile options", "--scheme", go(compile(card, "--scheme", "both")), "--scheme");
        refused("compile options", "--image", go(args("compile", "--model", model.toString(), "--card", card.toString(),
                "--out", root.resolve("nl").toString(), "--image", "10000")), "--image", "10000");
        refused("compile options", "--image", go(args("compile", "--model", model.toString(), "--card", card.toString(),
                "--out", root.resolve("nl").toString(), "--image", "-1")), "--image", "-1");
        refused("compile options", "--position", go(args("compile", "--model", model.toString(), "--card", card.toString(),
                "--out", root.resolve("nl").toString(), "--position", "-5")), "--position", "-5");
        refused("compile options", "--verify-ngspice", go(compile(card, "--verify-ngspice", "2000000000")),
                "--verify-ngspice", "2000000000", "column groups");
        refused("compile options", "--data", go(compile(card, "--data", root.resolve("none").toString(), "--verify-ngspice",
                "1")), "none");
        refused("infer options", "--data", go(infer("--data", root.resolve("none").toString())), "none");
        refused("power options", "--data", go(power("--data", root.resolve("none").toString())), "none");
        refused("sweep options", "--data", go(sweep("--data", aFile.toString())), "a-file");
        refused("run options", "--data", go(args("run", "--models", model.toString(), "--images", "3", "--data",
                root.resolve("none").toString(), "--out", root.resolve("run").toString())), "none");
        refused("bench options", "missing file", go(args("bench", "infer", "--model", model.toString(), "--card",
                root.resolve("none.json").toString(), "--images", "3")), "none.json");
        refused("bench options", "--images", go(args("bench", "sweep", "--samples", "2", "--spec",
                "circuits/crossbar-8x8-double.json", "--images", "20000")), "--images", "20000");
        refused("compile options", "--device", go(compile(card, "--device", root.toString())), "--device");
        kept("compile options", "--calibrate", go(compile(card, "--calibrate")), "--calibrate");
        kept("sweep options", "--seed", go(sweep("--seed", "-9223372036854775808", "--csv",
                root.resolve("seed.csv").toString())), "--seed");
        refused("power options", "--images", go(power("--images", "some")), "--images", "some");
        refused("run options", "--images", go(args("run", "--models", model.toString(), "--images", "0", "--out",
                root.resolve("run").toString())), "--images", "0");
        refused("bench options", "--arch", go(args("bench", "inference", "--arch", "cnn", "--images", "3")), "--arch");
        refused("bench options", "--widths", go(args("bench", "inference", "--widths", "0", "--images", "3")), "--widths");
    }

    @Test
    void aTinyRunOfEveryCommandSucceedsWithFiniteResults() {
        Path out = root.resolve("ok");
        succeeded("compile options", "valid", go(args("compile", "--model", model.toString(), "--card", card.toString(),
                "--out", out.resolve("c").toString(), "--threads", "1", "--json")));
        Promise.finiteFiles(out.resolve("c"), go(args("compile", "--model", model.toString(), "--card", card.toString(),
                "--out", out.resolve("c").toString(), "--threads", "1")));
        succeeded("infer options", "valid", go(infer("--scheme", "both", "--predictions", out.resolve("p.csv").toString())));
        succeeded("sweep options", "valid", go(sweep("--vary", "sigma=0,0.1", "--csv", out.resolve("s.csv").toString(),
                "--plot", out.resolve("s.png").toString())), out.resolve("s.csv"));
        succeeded("power options", "valid", go(power("--csv", out.resolve("p.csv").toString(), "--json")),
                out.resolve("p.csv"));
        Promise.Outcome run = go(args("run", "--models", model.toString(), "--card", card.toString(), "--images", "3",
                "--threads", "1", "--out", out.resolve("run").toString()));
        succeeded("run options", "valid", run, out.resolve("run").resolve("run.json"), out.resolve("run").resolve("run.csv"));
        succeeded("bench options", "valid", go(args("bench", "sweep", "--samples", "3", "--skip-sweep", "--threads", "1",
                "--spec", "circuits/crossbar-8x8-double.json")));
        succeeded("bench options", "valid", go(args("bench", "inference", "--widths", "4,8", "--hidden", "16",
                "--images", "3", "--write-model", out.resolve("random.json").toString())));
    }
}
