package org.memspice.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise on the device surfaces: device cards (devices/*.json) and their --set overrides, --drive strings,
 * and every option of {@code device sim}, {@code device spice}, {@code device demo} and {@code bench device}.
 */
class DeviceFuzzTest {
    private static final double LIMIT = 20;
    /** Mutations per seed file (a larger -Dfuzz.rounds and another -Dfuzz.seed explore further). */
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 12);
    private static final String HP = "devices/hp-joglekar.json";
    private static final String VTEAM = "devices/vteam.json";

    @TempDir
    Path dir;

    private static Promise.Outcome sim(String card, String... more) {
        List<String> args = new ArrayList<>(List.of("device", "sim", "--card", card, "--points", "41"));
        args.addAll(List.of(more));
        return Promise.run(LIMIT, args.toArray(new String[0]));
    }

    @Test
    void mutationsOfTheShippedCardsKeepThePromise() throws Exception {
        SplittableRandom rnd = new SplittableRandom(Long.getLong("fuzz.seed", 7L));
        List<Path> cards;
        try (Stream<Path> s = Files.list(Path.of("devices"))) {
            cards = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int k = 0;
        for (Path card : cards) {
            String text = Files.readString(card);
            for (int i = 0; i < ROUNDS; i++) {
                Mutations.Mutant m = Mutations.mutate(text, rnd);
                String name = "m" + (k++) + "-" + card.getFileName();
                Path f = dir.resolve(name);
                Files.writeString(f, m.text());
                Promise.kept("device card", m.kind(), sim(f.toString()), name);
            }
        }
        for (int i = 0; i < 4; i++) {
            Path f = dir.resolve("bytes" + i + ".json");
            Files.write(f, Mutations.bytes(rnd, 1 + rnd.nextInt(300)));
            Promise.kept("device card", "random bytes", sim(f.toString()), "bytes" + i + ".json");
        }
    }

    @Test
    void mutationsOfDriveStringsKeepThePromise() {
        SplittableRandom rnd = new SplittableRandom(Long.getLong("fuzz.seed", 11L));
        String[] drives = {"SIN(0 1.2 1)", "PULSE(0 1 0 1m 1m 10m 50m)", "PWL(0 0 0.2 1 0.5 -1 1 0)", "DC 0.5",
                "SIN(0.1 1 2 0.1 0.5 30)"};
        for (String d : drives) {
            for (int i = 0; i < ROUNDS * 7 / 12; i++) {
                Mutations.Mutant m = Mutations.mutate(d, rnd);
                Promise.kept("drive", m.kind(), sim(HP, "--drive", m.text(), "--tstop", "1"), "--drive");
            }
        }
    }

    @Test
    void theShippedCardsRun() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("devices"))) {
            for (Path card : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Path csv = dir.resolve(card.getFileName() + ".csv");
                Promise.succeeded("device card", "valid", sim(card.toString(), "--csv", csv.toString()), csv);
            }
        }
    }

    @Test
    void cardFilesThatAreNotCardsAreRefusedNamingThem() throws Exception {
        Promise.refused("device card", "missing file", sim(dir.resolve("none.json").toString()), "none.json");
        Promise.refused("device card", "folder", sim(dir.toString()), dir.toString(), "folder");
        Promise.refused("device card", "device", sim("/dev/zero"), "/dev/zero", "not a regular file");
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        Promise.refused("device card", "empty file", sim(empty.toString()), "empty.json");
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(2L << 20);
        }
        Promise.refused("device card", "huge file", sim(huge.toString()), "huge.json", "1048576 bytes");
        Path arr = dir.resolve("array.json");
        Files.writeString(arr, "[1, 2]");
        Promise.refused("device card", "wrong type", sim(arr.toString()), "array.json", "JSON object");
        String text = Files.readString(Path.of(HP));
        String[][] edits = {{"\"d\": 1e-8", "\"d\": 1e-300", "$.parameters.d"},
                {"\"mu_v\": 1e-14", "\"mu_v\": 1e300", "$.parameters.mu_v"},
                {"\"ron\": 100, \"roff\": 16000", "\"ron\": 1e-300, \"roff\": 1e300", "$.parameters.roff"},
                {"\"p\": 10", "\"p\": \"ten\"", "$.parameters.p"},
                {"\"p\": 10", "\"p\": 0.1", "$.parameters.p"},
                {"\"x0\": 0.1", "\"x0\": 2", "$.parameters.x0"},
                {"\"tstop\": 2", "\"tstop\": -1", "$.drive.tstop"},
                {"\"tstop\": 2", "\"tstop\": 1e30", "$.drive.tstop"},
                {"SIN(0 1.2 1)", "SIN(0 1.2)", "$.drive.source"},
                {"SIN(0 1.2 1)", "SIN(0 1.2 1e30)", "$.drive.source"},
                {"\"hp\"", "\"hq\"", "$.model"},
                {"\"joglekar\"", "\"kvatinsky\"", "$.window"},
                {"\"ron\": 100,", "\"ron\": 100, \"ron\": 200,", "ron"},
                {"\"ron\": 100,", "\"ron\": 100, \"zz\": 1,", "$.parameters.zz"}};
        for (String[] e : edits) {
            assertTrue(text.contains(e[0]), e[0]);
            Path f = dir.resolve("edit.json");
            Files.writeString(f, text.replace(e[0], e[1]));
            Promise.refused("device card", "hand edit", sim(f.toString()), "edit.json", e[2]);
        }
    }

    @Test
    void setOverridesOutOfRangeAreRefusedNamingTheParameter() {
        String[][] sets = {{"mu_v=1e300", "$.parameters.mu_v"}, {"d=1e-300", "$.parameters.d"},
                {"p=NaN", "--set p=NaN"}, {"p=Infinity", "--set p=Infinity"}, {"x0=2", "$.parameters.x0"},
                {"zz=1", "'zz' is not a parameter"}, {"model=vteam", "cannot be changed"},
                {"window=bogus", "window=bogus"}, {"noequals", "expected NAME=VALUE"}, {"iv=linear", "no port law"},
                {"tstop=0", "$.drive.tstop"}, {"rseries=-1", "$.drive.rseries"}, {"ron=1e400", "--set ron=1e400"}};
        for (String[] s : sets) {
            Promise.refused("device options", "--set", sim(HP, "--set", s[0]), s[1]);
        }
        Promise.Outcome o = sim(VTEAM, "--set", "alpha_off=1e300");
        Promise.kept("device options", "--set rate overflow", o);
        assertEquals(3, o.status(), o.err());
        assertTrue(o.err().contains("vteam.json") && o.err().contains("alpha_off = 1.0E300"), o.err());
    }

    @Test
    void aDeviceFarFasterThanItsDriveStopsWithAReasonInsteadOfRunningForever() {
        String[][] runs = {{HP, "--set", "mu_v=100"}, {HP, "--drive", "SIN(0 2147483648 1)", "--tstop", "1"},
                {"devices/team.json", "--set", "k_off=1.8e-9", "--set", "a_on=1.46e-18"}};
        for (String[] r : runs) {
            Promise.Outcome o = sim(r[0], java.util.Arrays.copyOfRange(r, 1, r.length));
            Promise.kept("device options", "step budget", o);
            assertEquals(3, o.status(), o.err());
            assertTrue(o.err().contains("steps reached only") || o.err().contains("collapsed"), o.err());
        }
    }

    @Test
    void driveStringsThatAreWrongAreRefusedNamingTheOptionAndValue() {
        String[][] drives = {{"SIN(0 1)", "SIN(VO VA FREQ"}, {"SIN(0 1 0)", "frequency"}, {"SIN(0 1 -1)", "frequency"},
                {"SIN(0 1 NaN)", "not a number"}, {"SIN(0 1 1e400)", "finite"}, {"PULSE(0 1 0 -1)", ">= 0"},
                {"PULSE(0 1 0 1 1 1 1)", "shorter than"}, {"PULSE(0 1 0 0 0 1 2 1.5)", "whole number"},
                {"PWL(0 0 1)", "even number"}, {"PWL(1 0 0 1)", "decrease"}, {"", "empty"}, {"FOO(1)", "unknown source"},
                {"DC abc", "not a number"}, {"SIN((0 1 1))", "parentheses"}};
        for (String[] d : drives) {
            Promise.refused("drive", "hand-written", sim(HP, "--drive", d[0], "--tstop", "1"), "--drive '" + d[0] + "'",
                    d[1]);
        }
        Promise.refused("drive", "work bound", sim(HP, "--drive", "SIN(0 1 1e30)", "--tstop", "1"), "--tstop",
                "time steps", "at most 50000000");
        Promise.refused("drive", "work bound", sim(HP, "--drive", "PULSE(0 1 0 1n 1n 1n 4n)", "--tstop", "1e6"),
                "time steps", "pulse");
        Promise.refused("drive", "spice testbench", Promise.run(LIMIT, "device", "spice", "--card", HP, "--testbench",
                "x.dat", "--drive", "PWL(0 0 1)"), "--drive 'PWL(0 0 1)'", "even number");
    }

    @Test
    void everyOptionOfDeviceSimIsChecked() throws Exception {
        String[][] cases = {{"--points", "0", "from 2"}, {"--points", "-1", "from 2"}, {"--points", "1", "from 2"},
                {"--points", "1e308", "at most 10000000"}, {"--points", "abc", "whole number"}, {"--points", "2.5", "whole"},
                {"--points", "20000000", "at most 10000000"}, {"--rtol", "0", "> 0 and < 1"}, {"--rtol", "1", "< 1"},
                {"--rtol", "NaN", "not a number"}, {"--rtol", "-1", "> 0"}, {"--atol", "0", "> 0"},
                {"--atol", "2", "< 1"}, {"--tstop", "0", "> 0"}, {"--tstop", "-1", "> 0"},
                {"--tstop", "NaN", "not a number"}, {"--tstop", "Infinity", "not a number"},
                {"--tstop", "1e400", "finite"}, {"--tstop", "abc", "not a number"}, {"--rseries", "-1", ">= 0"},
                {"--rseries", "1e400", "finite"}, {"--rseries", "x", "not a number"}};
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("device", "sim", "--card", HP, c[0], c[1]));
            Promise.refused("device options", "sim " + c[0], Promise.run(LIMIT, args.toArray(new String[0])),
                    c[0] + " " + c[1], c[2]);
        }
        Path file = dir.resolve("plain.txt");
        Files.writeString(file, "x");
        Promise.refused("device options", "sim --csv", sim(HP, "--csv", file.resolve("a.csv").toString()), "--csv",
                "is a file");
        Promise.refused("device options", "sim --csv", sim(HP, "--csv", dir.toString()), "--csv", "is a folder");
        Promise.refused("device options", "sim --plot", sim(HP, "--plot", file.resolve("a.png").toString()), "--plot",
                "is a file");
        Promise.succeeded("device options", "sim valid", sim(HP, "--tstop", "1e-300", "--json"));
        Promise.succeeded("device options", "sim valid", sim(HP, "--rseries", "1e12", "--json"));
        Promise.succeeded("device options", "sim valid", sim(HP, "--drive", "SIN(0 1.2 1e3)", "--tstop", "1e-3"));
        Promise.kept("device options", "sim --tstop huge", sim(HP, "--drive", "DC 1", "--tstop", "1e300"));
        Promise.kept("device options", "sim --tstop huge", sim(HP, "--drive", "DC 1", "--tstop", "1e308"));
        Promise.kept("device options", "sim --rseries huge", sim(HP, "--rseries", "1e308"));
    }

    @Test
    void everyOptionOfDeviceSpiceIsChecked() {
        String[][] cases = {{"--points", "0", "from 2"}, {"--points", "-5", "from 2"}, {"--points", "1e308", "at most"},
                {"--tstop", "-1", "> 0"}, {"--tstop", "NaN", "not a number"}, {"--rseries", "-1", ">= 0"},
                {"--rseries", "1e400", "finite"}};
        for (String[] c : cases) {
            Promise.refused("device options", "spice " + c[0], Promise.run(LIMIT, "device", "spice", "--card", HP,
                    "--testbench", "x.dat", c[0], c[1]), c[0] + " " + c[1], c[2]);
        }
        Promise.refused("device options", "spice --tstop", Promise.run(LIMIT, "device", "spice", "--card", HP,
                "--tstop", "1"), "--tstop", "--testbench");
        Promise.refused("device options", "spice --testbench", Promise.run(LIMIT, "device", "spice", "--card", HP,
                "--testbench", " "), "--testbench");
        Promise.refused("device options", "spice --card", Promise.run(LIMIT, "device", "spice", "--card", "nope.json"),
                "nope.json");
        Promise.refused("device options", "spice --set", Promise.run(LIMIT, "device", "spice", "--card", HP, "--set",
                "d=1e-300"), "$.parameters.d");
        Promise.succeeded("device options", "spice valid", Promise.run(LIMIT, "device", "spice", "--card", VTEAM,
                "--testbench", "v.dat", "--points", "11"));
    }

    @Test
    void everyOptionOfDeviceDemoAndBenchDeviceIsChecked() throws Exception {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        Files.createDirectories(empty.resolve("folder.json"));
        Promise.refused("device options", "demo --devices empty", Promise.run(LIMIT, "device", "demo", "--devices",
                empty.toString(), "--out", dir.resolve("o").toString()), "--devices", empty.toString(),
                "no device cards (*.json)");
        Promise.refused("device options", "bench --devices empty", Promise.run(LIMIT, "bench", "device", "--devices",
                empty.toString()), "--devices", empty.toString(), "no device cards (*.json)");
        Promise.refused("device options", "demo --devices missing", Promise.run(LIMIT, "device", "demo", "--devices",
                dir.resolve("nope").toString()), "--devices", "nope", "no such folder");
        Promise.refused("device options", "demo --devices file", Promise.run(LIMIT, "device", "demo", "--devices", HP),
                "--devices", HP, "is a file");
        Path file = dir.resolve("plain.txt");
        Files.writeString(file, "x");
        Promise.refused("device options", "demo --out", Promise.run(LIMIT, "device", "demo", "--out",
                file.resolve("o").toString()), "--out", "is a file");
        Promise.refused("device options", "demo --out", Promise.run(LIMIT, "device", "demo", "--out",
                file.toString()), "--out", "is a file");
        for (String p : List.of("0", "-1", "1e308", "abc")) {
            Promise.refused("device options", "demo --points", Promise.run(LIMIT, "device", "demo", "--points", p),
                    "--points " + p);
        }
        Path one = dir.resolve("one");
        Files.createDirectories(one);
        Files.copy(Path.of(HP), one.resolve("hp.json"));
        Path out = dir.resolve("demo-out");
        Promise.Outcome ok = Promise.succeeded("device options", "demo valid", Promise.run(LIMIT, "device", "demo",
                "--devices", one.toString(), "--out", out.toString(), "--points", "21"));
        Promise.finiteFiles(out, ok);
        Files.writeString(one.resolve("bad.json"), "{");
        Promise.refused("device options", "demo bad card", Promise.run(LIMIT, "device", "demo", "--devices",
                one.toString(), "--out", out.toString(), "--points", "21"), "bad.json");

        String[][] bench = {{"--repeat", "0", "from 1"}, {"--repeat", "-3", "from 1"}, {"--repeat", "1e9", "at most 1000"},
                {"--repeat-drive", "0", "from 1"}, {"--repeat-drive", "1e9", "at most 10000"}, {"--points", "1", "from 2"},
                {"--points", "abc", "whole number"}};
        for (String[] b : bench) {
            Promise.refused("device options", "bench " + b[0], Promise.run(LIMIT, "bench", "device", "--card", HP,
                    b[0], b[1]), b[0] + " " + b[1], b[2]);
        }
        Promise.refused("device options", "bench grid", Promise.run(LIMIT, "bench", "device", "--card", HP, "--points",
                "1000001", "--repeat-drive", "10000"), "--points 1000001", "--repeat-drive 10000", "at most 10000000");
        Promise.refused("device options", "bench --card", Promise.run(LIMIT, "bench", "device", "--card",
                dir.resolve("nope.json").toString()), "nope.json");
    }
}
