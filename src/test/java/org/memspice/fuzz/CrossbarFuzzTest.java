package org.memspice.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 * The bad-input promise on the crossbar surfaces: crossbar specs (weights, conductance and state matrices, the
 * periphery card they name) mutated at random from the shipped small specs, hand-written specs past the size
 * limits, and every option of crossbar solve, crossbar export and bench crossbar.
 */
class CrossbarFuzzTest {
    static final String SPEC = "crossbar spec";
    static final String OPTIONS = "crossbar options";
    static final double LIMIT = 20;
    static Path root;
    static Path circuits;
    static Path aFile;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void copies() throws IOException {
        Files.createDirectories(Path.of("target"));
        root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crossbar-fuzz");
        circuits = Files.createDirectories(root.resolve("circuits"));
        Files.createDirectories(root.resolve("devices"));
        for (String f : new String[] {"crossbar-8x8-single.json", "crossbar-8x8-double.json", "crossbar-4x4-states.json",
                "periphery-65nm.json"}) {
            Files.copy(Path.of("circuits", f), circuits.resolve(f));
        }
        Files.copy(Path.of("devices", "hp-joglekar.json"), root.resolve("devices").resolve("hp-joglekar.json"));
        aFile = Files.writeString(root.resolve("a-file"), "not a folder");
    }

    static Path spec(String name) {
        return circuits.resolve(name);
    }

    /** A copy of a shipped spec with fields replaced (raw JSON values). */
    static Path edited(String base, String name, String... fieldValues) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(spec(base).toFile());
        for (int k = 0; k < fieldValues.length; k += 2) {
            n.set(fieldValues[k], JSON.readTree(fieldValues[k + 1]));
        }
        return Files.writeString(circuits.resolve(name), n.toString());
    }

    @Test
    void mutatedSpecsKeepThePromise() {
        String[] bases = {"crossbar-8x8-single.json", "crossbar-8x8-double.json", "crossbar-4x4-states.json"};
        SplittableRandom rnd = new SplittableRandom(20261202L);
        for (int k = 0; k < 90; k++) {
            String base = bases[k % bases.length];
            JsonMutations.Mutant m = JsonMutations.mutate(spec(base), circuits.resolve("mutant-" + k + ".json"), rnd);
            String f = m.file().toString();
            Promise.Outcome o = switch (k % 6) {
                case 0 -> run(LIMIT, "crossbar", "solve", "--spec", f, "--json");
                case 1 -> run(LIMIT, "crossbar", "export", "--spec", f, "--out", root.resolve("x" + k + ".cir").toString());
                case 2 -> run(LIMIT, "crossbar", "solve", "--spec", f, "--solver", "ldl");
                default -> run(LIMIT, "crossbar", "solve", "--spec", f);
            };
            kept(SPEC, "generated: " + m.kind(), o, m.file().getFileName().toString());
        }
    }

    @Test
    void mutatedPeripheryCardsKeepThePromise() throws IOException {
        SplittableRandom rnd = new SplittableRandom(65L);
        for (int k = 0; k < 25; k++) {
            Path card = circuits.resolve("periphery-mutant-" + k + ".json");
            JsonMutations.Mutant m = JsonMutations.mutate(spec("periphery-65nm.json"), card, rnd);
            Path s = edited("crossbar-8x8-double.json", "uses-periphery-" + k + ".json", "periphery",
                    "\"" + card.getFileName() + "\"");
            Promise.Outcome o = run(LIMIT, "crossbar", "solve", "--spec", s.toString());
            kept("periphery card", "generated: " + m.kind(), o, card.getFileName().toString());
        }
    }

    @Test
    void peripheryFiguresThatWouldOverflowThePowerAreRefused() throws IOException {
        for (String[] c : new String[][] {{"tiaStaticPower", "1e308"}, {"driverStaticPower", "1e300"},
                {"adcFigureOfMerit", "1"}}) {
            ObjectNode p = (ObjectNode) JSON.readTree(spec("periphery-65nm.json").toFile());
            p.set(c[0], JSON.readTree(c[1]));
            Path card = Files.writeString(circuits.resolve("periphery-" + c[0] + ".json"), p.toString());
            Path s = edited("crossbar-8x8-double.json", "uses-" + c[0] + ".json", "periphery",
                    "\"" + card.getFileName() + "\"");
            refused("periphery card", "extreme value", run(LIMIT, "crossbar", "solve", "--spec", s.toString()),
                    s.getFileName().toString(), "$.periphery", card.getFileName().toString(), "$." + c[0]);
        }
    }

    @Test
    void missingEmptyAndFolderSpecsAreNamed() throws IOException {
        refused(SPEC, "missing file", run(LIMIT, "crossbar", "solve", "--spec", root.resolve("none.json").toString()),
                "none.json", "no such");
        refused(SPEC, "folder", run(LIMIT, "crossbar", "solve", "--spec", circuits.toString()), circuits.toString());
        Path empty = Files.writeString(circuits.resolve("empty.json"), "");
        refused(SPEC, "empty file", run(LIMIT, "crossbar", "solve", "--spec", empty.toString()), "empty.json");
        refused(SPEC, "missing file", run(LIMIT, "crossbar", "export", "--spec", root.resolve("none.json").toString(),
                "--out", root.resolve("n.cir").toString()), "none.json");
        Path noPeriphery = edited("crossbar-8x8-single.json", "no-periphery.json", "periphery", "\"nowhere.json\"");
        refused(SPEC, "missing file", run(LIMIT, "crossbar", "solve", "--spec", noPeriphery.toString()),
                "no-periphery.json", "$.periphery", "nowhere.json");
        Path folderPeriphery = edited("crossbar-8x8-single.json", "folder-periphery.json", "periphery", "\".\"");
        refused(SPEC, "folder", run(LIMIT, "crossbar", "solve", "--spec", folderPeriphery.toString()),
                "folder-periphery.json", "$.periphery");
    }

    @Test
    void hugeArraysAreRefusedBeforeAnythingIsAllocated() throws IOException {
        Path huge = edited("crossbar-8x8-double.json", "huge.json", "rows", "1000000", "columns", "1000000",
                "weights", "{\"random\": {\"seed\": 1}}", "inputs", "{\"random\": {\"seed\": 1, \"count\": 1}}");
        refused(SPEC, "size limit", run(LIMIT, "crossbar", "solve", "--spec", huge.toString()), "huge.json", "$.rows",
                "1000000", "at most");
        refused(SPEC, "size limit", run(LIMIT, "crossbar", "export", "--spec", huge.toString(), "--out",
                root.resolve("h.cir").toString()), "huge.json", "$.columns", "at most");
        Path big = edited("crossbar-8x8-double.json", "big.json", "rows", "10000", "columns", "10000",
                "weights", "{\"random\": {\"seed\": 1}}", "inputs", "{\"random\": {\"seed\": 1, \"count\": 1}}");
        refused(SPEC, "heap limit", run(LIMIT, "crossbar", "solve", "--spec", big.toString()), "big.json", "$.rows",
                "heap", "MEMSPICE_JAVA_OPTS=-Xmx");
        Path g = edited("crossbar-4x4-states.json", "big-conductances.json", "rows", "12000", "columns", "12000",
                "states", "null", "deviceCard", "null", "conductances", "{\"random\": {\"seed\": 1, \"min\": 1e-6, \"max\": 1e-5}}",
                "inputs", "{\"random\": {\"seed\": 1, \"count\": 1}}");
        ObjectNode n = (ObjectNode) JSON.readTree(g.toFile());
        n.remove("states");
        n.remove("deviceCard");
        Files.writeString(g, n.toString());
        refused(SPEC, "heap limit", run(LIMIT, "crossbar", "solve", "--spec", g.toString()), "big-conductances.json",
                "MEMSPICE_JAVA_OPTS");
        Path many = edited("crossbar-8x8-double.json", "many-inputs.json", "inputs",
                "{\"random\": {\"seed\": 1, \"count\": 2000000000}}");
        refused(SPEC, "size limit", run(LIMIT, "crossbar", "solve", "--spec", many.toString()), "many-inputs.json",
                "$.inputs.random.count", "2000000000", "at most");
        Path wide = edited("crossbar-8x8-double.json", "wide-inputs.json", "rows", "1000", "columns", "1000",
                "weights", "{\"random\": {\"seed\": 1}}", "inputs", "{\"random\": {\"seed\": 1, \"count\": 20000}}");
        refused(SPEC, "heap limit", run(LIMIT, "crossbar", "solve", "--spec", wide.toString()), "wide-inputs.json",
                "$.inputs", "20000");
        Path ldl = edited("crossbar-8x8-double.json", "ldl-1000.json", "rows", "1000", "columns", "1000",
                "weights", "{\"random\": {\"seed\": 1}}", "inputs", "{\"random\": {\"seed\": 1, \"count\": 1}}");
        refused(SPEC, "heap limit", run(LIMIT, "crossbar", "solve", "--spec", ldl.toString(), "--solver", "ldl"),
                "--solver ldl", "ldl-1000.json", "1000 x 1000", "MEMSPICE_JAVA_OPTS");
        Path hugeRows = edited("crossbar-8x8-double.json", "huge-int.json", "rows", "99999999999999999999");
        refused(SPEC, "huge integer", run(LIMIT, "crossbar", "solve", "--spec", hugeRows.toString()), "huge-int.json",
                "$.rows", "99999999999999999999");
    }

    @Test
    void extremeDesignValuesEndInAReasonOrFiniteResults() throws IOException {
        String[][] cases = {
                {"wires", "{\"wordLineSegmentResistance\": 1e-18, \"bitLineSegmentResistance\": 1e-18}"},
                {"wires", "{\"wordLineSegmentResistance\": 1e-9, \"bitLineSegmentResistance\": 1e-12}"},
                {"readVoltage", "1e308"},
                {"readVoltage", "1e-308"},
                {"driverResistance", "1e308"},
                {"gOn", "1e308"},
                {"gOff", "1e-308"},
                {"pulseWidth", "1e308"},
                {"sensing", "{\"type\": \"tia\", \"feedbackResistance\": 1e308}"},
                {"sensing", "{\"type\": \"tia\", \"feedbackResistance\": 1e-308}"},
                {"sensing", "{\"type\": \"tia\", \"feedbackResistance\": 1e4, \"openLoopGain\": 1e-308}"},
        };
        int k = 0;
        for (String[] c : cases) {
            Path s = edited("crossbar-8x8-single.json", "extreme-" + k++ + ".json", c[0], c[1]);
            for (String solver : new String[] {"cg", "ldl"}) {
                kept(SPEC, "extreme value", run(LIMIT, "crossbar", "solve", "--spec", s.toString(), "--solver", solver,
                        "--json"), s.getFileName().toString());
            }
        }
        Path bigG = edited("crossbar-4x4-states.json", "extreme-states.json", "states",
                "[[1,1,1,1],[1,1,1,1],[1,1,1,1],[1,1,1,1.5]]");
        refused(SPEC, "out of range", run(LIMIT, "crossbar", "solve", "--spec", bigG.toString()), "extreme-states.json",
                "$.states[3][3]", "1.5");
    }

    @Test
    void everySolveOptionIsChecked() throws IOException {
        String s = spec("crossbar-8x8-single.json").toString();
        for (String t : new String[] {"0", "-1", "NaN", "Infinity", "1", "1e308"}) {
            refused(OPTIONS, "--tolerance", run(LIMIT, "crossbar", "solve", "--spec", s, "--tolerance", t), "--tolerance", "expected");
        }
        refused(OPTIONS, "--max-print", run(LIMIT, "crossbar", "solve", "--spec", s, "--max-print", "-1"), "--max-print", "-1");
        Path under = aFile.resolve("out.csv");
        refused(OPTIONS, "output under a file", run(LIMIT, "crossbar", "solve", "--spec", s, "--csv", under.toString()),
                "--csv", under.toString());
        refused(OPTIONS, "output is a folder", run(LIMIT, "crossbar", "solve", "--spec", s, "--csv", root.toString()),
                "--csv", "folder");
        refused(OPTIONS, "output under a file", run(LIMIT, "crossbar", "solve", "--spec", s, "--plot",
                aFile.resolve("map.png").toString()), "--plot", "a-file");
        refused(OPTIONS, "output is a folder", run(LIMIT, "crossbar", "solve", "--spec", s, "--plot", root.toString()),
                "--plot", "folder");
        refused(OPTIONS, "missing file", run(LIMIT, "crossbar", "solve", "--spec", s, "--compare-raw",
                root.resolve("none.raw").toString()), "none.raw");
        refused(OPTIONS, "folder", run(LIMIT, "crossbar", "solve", "--spec", s, "--compare-raw", root.toString()),
                root.toString());
        Path junk = Files.write(root.resolve("junk.raw"), new byte[] {1, 2, 3, 0, 9, 'x'});
        refused(OPTIONS, "random bytes", run(LIMIT, "crossbar", "solve", "--spec", s, "--compare-raw", junk.toString()),
                "junk.raw");
        // the checks come before the work: an output under a file with a spec that is also bad names the output
        Path csv = root.resolve("ok").resolve("r.csv");
        Path png = root.resolve("ok").resolve("r.png");
        succeeded(OPTIONS, "valid", run(LIMIT, "crossbar", "solve", "--spec", s, "--csv", csv.toString(), "--plot",
                png.toString(), "--max-print", "0"), csv);
    }

    @Test
    void everyExportOptionIsChecked() {
        String s = spec("crossbar-8x8-double.json").toString();
        for (String i : new String[] {"-1", "2", "2147483647"}) {
            refused(OPTIONS, "--input", run(LIMIT, "crossbar", "export", "--spec", s, "--out",
                    root.resolve("e.cir").toString(), "--input", i), "--input", i);
        }
        refused(OPTIONS, "output under a file", run(LIMIT, "crossbar", "export", "--spec", s, "--out",
                aFile.resolve("e.cir").toString()), "--out", "a-file");
        refused(OPTIONS, "output is a folder", run(LIMIT, "crossbar", "export", "--spec", s, "--out", root.toString()),
                "--out", "folder");
        Path cir = root.resolve("exported").resolve("e.cir");
        succeeded(OPTIONS, "valid", run(LIMIT, "crossbar", "export", "--spec", s, "--out", cir.toString(), "--input", "1"),
                cir);
    }

    @Test
    void benchCrossbarOptionsAreCheckedBeforeTheWork() {
        for (String b : new String[] {"0", "-1", "2000000000"}) {
            refused("bench crossbar options", "--batch", run(LIMIT, "bench", "crossbar", "--skip-ngspice", "--batch", b,
                    "--work", root.resolve("bw").toString()), "--batch", b);
        }
        refused("bench crossbar options", "output under a file", run(LIMIT, "bench", "crossbar", "--skip-ngspice",
                "--work", aFile.resolve("w").toString()), "--work", "a-file");
        refused("bench crossbar options", "missing folder", run(LIMIT, "bench", "crossbar", "--skip-ngspice",
                "--circuits", root.resolve("none").toString(), "--work", root.resolve("bw").toString()), "--circuits",
                "none");
        refused("bench crossbar options", "missing file", run(LIMIT, "bench", "crossbar", "--circuits", circuits.toString(),
                "--ngspice-spec", "none.json", "--work", root.resolve("bw").toString()), "none.json");
    }

    /** Every spec the generated cases start from is valid (so the mutations are what is tested). */
    @Test
    void theBasesSolve() {
        List<String> bases = new ArrayList<>(List.of("crossbar-8x8-single.json", "crossbar-8x8-double.json",
                "crossbar-4x4-states.json"));
        for (String b : bases) {
            succeeded(SPEC, "valid", run(LIMIT, "crossbar", "solve", "--spec", spec(b).toString(), "--json"));
        }
    }
}
