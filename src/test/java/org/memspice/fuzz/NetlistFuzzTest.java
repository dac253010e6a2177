package org.memspice.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise on the SPICE netlist surface ({@code spice run}, {@code bench netlist}): seeded mutations of the
 * shipped netlists and of small decks, and hand-written cases for every dot card, element letter, include and
 * limit the reader has.
 */
class NetlistFuzzTest {
    private static final double LIMIT = 20;
    /** Mutations per seed file (a larger -Dfuzz.rounds and another -Dfuzz.seed explore further). */
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 12);

    @TempDir
    Path dir;

    /**
     * Small valid decks that run fast: one per analysis and construct (stop times written so that a truncated
     * number stays short: "0.2m" truncated is 0.2 s at most, "200u" would be 20 s).
     */
    static final Map<String, String> DECKS = new LinkedHashMap<>();

    static {
        DECKS.put("rc-tran.cir", "rc\nV1 in 0 PULSE(0 1 0 1u 1u 10u 20u)\nR1 in out 1k\nC1 out 0 1n\n.options reltol=1e-3"
                + " itl4=50\n.tran 1u 0.04m\n.end\n");
        DECKS.put("divider-op.cir", "divider\n.param r=2k\nV1 a 0 DC 1\nR1 a b {r}\nR2 b 0 'r/2'\nE1 c 0 b 0 2\n"
                + "G1 0 d b 0 1m\nRd d 0 1k\nRc c 0 1meg\n.op\n.end\n");
        DECKS.put("sweep-dc.cir", "sweep\nV1 a 0 1\nI1 0 b DC 1m\nR1 a b 1k\nR2 b 0 2k\n.dc V1 0 1 0.25\n.print v(b)\n.end\n");
        DECKS.put("rl-sin.cir", "rl\nV1 in 0 SIN(0 1 10k)\nR1 in out 100\nL1 out 0 1m IC=0\n.tran 5u 0.2m 0 2u\n"
                + ".end\n");
        DECKS.put("pwl-sub.cir", "sub\n.subckt half a b params: r=1k\nR1 a m {r}\nR2 m b {r}\n.ends half\n"
                + "V1 in 0 PWL(0 0 10u 1 20u 0)\nX1 in 0 half params: r=2k\n+ \nC1 in 0 1p\n.tran 1u 0.02m\n.end\n");
        DECKS.put("memristor-tran.cir", "m\nV1 in 0 SIN(0 1 1k)\nR1 in a 100\nX1 a 0 memspice_hp_joglekar params:"
                + " ron=100 roff=16000 d=1e-8 mu_v=1e-14 p=10 x0=0.1\n.tran 20u 1m uic\n.end\n");
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static Promise.Outcome spice(Path f, String... more) {
        List<String> args = new ArrayList<>(List.of("spice", "run", f.toString()));
        args.addAll(List.of(more));
        return Promise.run(LIMIT, args.toArray(new String[0]));
    }

    /** A deck refused at {@code line} of its file, naming every one of {@code words}. */
    private void refusedAt(String kind, String deck, int line, String... words) throws Exception {
        Path f = write("case.cir", deck);
        List<String> places = new ArrayList<>(List.of(line > 0 ? "case.cir:" + line : "case.cir"));
        places.addAll(List.of(words));
        Promise.refused("netlist", kind, spice(f), places.toArray(new String[0]));
    }

    @Test
    void mutationsOfTheShippedNetlistsAndSmallDecksKeepThePromise() throws Exception {
        SplittableRandom rnd = new SplittableRandom(Long.getLong("fuzz.seed", 20261202L));
        Map<String, String> seeds = new LinkedHashMap<>();
        for (String n : List.of("divider-subckt.cir", "memristor-read.cir")) {
            seeds.put(n, Files.readString(Path.of("netlists", n)));
        }
        // the shipped sine deck, shortened to a tenth of its period
        seeds.put("memristor-sine.cir", Files.readString(Path.of("netlists", "memristor-sine.cir"))
                .replace(".tran 10m 1 0 1m uic", ".tran 1m 0.1 0 1m uic"));
        seeds.putAll(DECKS);
        int k = 0;
        for (Map.Entry<String, String> seed : seeds.entrySet()) {
            for (int i = 0; i < ROUNDS; i++) {
                Mutations.Mutant m = Mutations.mutate(seed.getValue(), rnd);
                String name = "m" + (k++) + "-" + seed.getKey();
                Promise.kept("netlist", m.kind(), spice(write(name, m.text())), name);
            }
        }
        for (int i = 0; i < 6; i++) {
            Path f = dir.resolve("bytes" + i + ".cir");
            Files.write(f, Mutations.bytes(rnd, 1 + rnd.nextInt(400)));
            Promise.kept("netlist", "random bytes", spice(f), "bytes" + i + ".cir");
        }
    }

    @Test
    void theValidDecksRun() throws Exception {
        for (Map.Entry<String, String> d : DECKS.entrySet()) {
            Promise.succeeded("netlist", "valid", spice(write(d.getKey(), d.getValue())));
        }
    }

    @Test
    void filesThatAreNotNetlistsAreRefusedNamingThem() throws Exception {
        Promise.refused("netlist", "missing file", spice(dir.resolve("none.cir")), "none.cir", "does not exist");
        Promise.refused("netlist", "folder", spice(dir), dir.toString(), "folder");
        Promise.refused("netlist", "empty file", spice(write("empty.cir", "")), "empty.cir", "no analysis");
        Promise.refused("netlist", "title only", spice(write("title.cir", "just a title\n")), "title.cir");
        Path bin = dir.resolve("bin.cir");
        Files.write(bin, new byte[] {'t', '\n', 'R', '1', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        Promise.refused("netlist", "binary file", spice(bin), "bin.cir:2", "0xff", "UTF-8");
        Files.write(bin, "t\nR1 a 0 1\u0000\n.op\n".getBytes(StandardCharsets.UTF_8));
        Promise.refused("netlist", "NUL character", spice(bin), "bin.cir:2", "NUL");
        Promise.refused("netlist", "device as netlist", spice(Path.of("/dev/zero")), "/dev/zero", "not a regular file");
    }

    @Test
    void includesThatCannotEndOrDoNotExistAreRefusedAtTheirLine() throws Exception {
        String body = "V1 a 0 1\nR1 a 0 1k\n.op\n.end\n";
        refusedAt("include device", "t\n.include /dev/zero\n" + body, 2, "/dev/zero", "not a regular file");
        refusedAt("include device", "t\n.include /dev/urandom\n" + body, 2, "/dev/urandom", "not a regular file");
        Path fifo = dir.resolve("pipe.cir");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (p.waitFor() == 0) {
            refusedAt("include pipe", "t\n.include pipe.cir\n" + body, 2, "pipe.cir", "named pipe");
        }
        refusedAt("include missing", "t\n.include nothere.cir\n" + body, 2, "nothere.cir", "does not exist");
        refusedAt("include folder", "t\n.include " + dir + "\n" + body, 2, "folder");
        refusedAt("include cycle", "t\n.include case.cir\n" + body, 2, "case.cir", "recursive");
        write("a.inc", "R9 a 0 1\n.include b.inc\n");
        write("b.inc", "R8 a 0 1\n.include a.inc\n");
        Promise.refused("netlist", "include cycle", spice(write("c2.cir", "t\n.include a.inc\n" + body)), "b.inc:2",
                "a.inc", "recursive");
        refusedAt("include without name", "t\n.include\n" + body, 2, ".include needs a file name");
        Path huge = dir.resolve("huge.inc");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30);        // sparse: no disk is used
        }
        refusedAt("include huge", "t\n.include huge.inc\n" + body, 2, "huge.inc", "bytes of netlist text", "1 GiB");
        Files.write(dir.resolve("zeros.inc"), new byte[1000]);
        Promise.refused("netlist", "include binary", spice(write("z.cir", "t\n.include zeros.inc\n" + body)),
                "zeros.inc:1", "NUL");
    }

    @Test
    void transientCardsThatCannotBeResolvedAreRefusedAtTheirLine() throws Exception {
        String rc = "rc\nV1 in 0 SIN(0 1 1k)\nR1 in out 1k\nC1 out 0 1n\n";
        refusedAt(".tran", rc + ".tran 1e-300 1e-299\n.end\n", 5, ".tran TSTEP", "1e-300", "at least 1.0e-18 s");
        refusedAt(".tran", rc + ".tran 1u 1e-299\n.end\n", 5, ".tran TSTOP", "1e-299");
        refusedAt(".tran", rc + ".tran 1u 1m 0 1e-300\n.end\n", 5, ".tran TMAX", "1e-300", "at least 1.000e-11 s");
        refusedAt(".tran", rc + ".tran 1n 1\n.end\n", 5, ".tran TSTEP", "time steps", "at most 100000000");
        refusedAt(".tran", rc + ".tran 1u\n.end\n", 5, ".tran expects TSTEP TSTOP");
        refusedAt(".tran", rc + ".tran 1u 1m 0 1u 7 8\n.end\n", 5, ".tran expects");
        refusedAt(".tran", rc + ".tran 1u -1m\n.end\n", 5, "TSTOP > 0");
        refusedAt(".tran", rc + ".tran 0 1m\n.end\n", 5, "TSTEP > 0");
        refusedAt(".tran", rc + ".tran 1u 1m 2m\n.end\n", 5, "TSTART < TSTOP");
        refusedAt(".tran", rc + ".tran 1u 1m 0 -1u\n.end\n", 5, "TMAX >= 0");
        refusedAt(".tran", rc + ".tran nan 1m\n.end\n", 5, ".tran TSTEP", "nan");
        refusedAt(".tran", rc + ".tran 1u 1e400\n.end\n", 5, ".tran TSTOP", "1e400", "finite");
        refusedAt(".tran", rc + ".tran 1u {1/0}\n.end\n", 5, ".tran TSTOP", "not finite");
        refusedAt(".tran memory", "rc\nV1 in 0 DC 1\nR1 in out 1k\nC1 out 0 1n\n.tran 1n 0.1\n.end\n", 5, ".tran keeps",
                "1.00e+08 points", "MiB", "MEMSPICE_JAVA_OPTS");
        refusedAt(".tran source periods", "rc\nV1 in 0 SIN(0 1 1e30)\nR1 in out 1k\nC1 out 0 1n\n.tran 1m 1\n.end\n",
                5, "v1", "periods", "at most 1e+06");
        refusedAt(".tran source periods", "rc\nI1 0 out PULSE(0 1m 0 1p 1p 1p 1n)\nR1 out 0 1k\n.tran 1m 1\n.end\n",
                4, "i1", "periods");
    }

    @Test
    void optionsOutOfRangeAreRefusedAtTheirLine() throws Exception {
        String rc = "rc\nV1 in 0 DC 1\nR1 in out 1k\nC1 out 0 1n\n";
        String[][] cases = {{"reltol=0", "> 0 and < 1"}, {"reltol=-1", "> 0 and < 1"}, {"reltol=1", "< 1"},
                {"reltol=abc", "expected a number"}, {"abstol=0", "> 0"}, {"abstol=-1e-12", "> 0"},
                {"vntol=0", "> 0"}, {"vntol=-1", "> 0"}, {"gmin=0", "> 0"}, {"gmin=-1e-12", "> 0"},
                {"itl1=0", "whole number from 1"}, {"itl4=-1", "whole number from 1"}, {"itl4=1.5", "whole number"},
                {"itl1=1e12", "to 100000"}, {"cgtol=2", "< 1"}, {"cgmaxiter=0", "whole number"},
                {"method=euler", "trap or gear"}, {"solver=magic", "auto, direct or iterative"},
                {"reltol=1e400", "expected a number"}};
        for (String[] c : cases) {
            refusedAt(".options", rc + ".options " + c[0] + "\n.tran 1u 10u\n.end\n", 5, ".options " + c[0], c[1]);
        }
        refusedAt(".options", rc + ".options reltol=\n.tran 1u 10u\n.end\n", 5, "reltol=", "expected a value");
    }

    @Test
    void dotCardsAndElementsThatAreWrongAreRefusedAtTheirLine() throws Exception {
        String v = "t\nV1 a 0 1\nR1 a 0 1k\n";
        refusedAt(".dc", v + ".dc V9 0 1 0.1\n.end\n", 4, "v9", "not an independent");
        refusedAt(".dc", v + ".dc V1 0 1 0\n.end\n", 4, ".dc step", "nonzero");
        refusedAt(".dc", v + ".dc V1 0 1 1e-15\n.end\n", 4, "points", "at most 10000000");
        refusedAt(".dc", v + ".dc V1 0 1\n.end\n", 4, ".dc expects");
        refusedAt(".op", v + ".op now\n.end\n", 4, ".op takes no arguments");
        refusedAt(".print", v + ".print v(zz)\n.op\n.end\n", 4, "v(zz)", "no such node");
        refusedAt(".print", v + ".save i(r1)\n.op\n.end\n", 4, "i(r1)", "no branch current");
        refusedAt(".print", v + ".print v(a\n.op\n.end\n", 4, "unterminated");
        for (String card : List.of(".model d1 d", ".lib models.lib tt", ".temp 27", ".ac dec 10 1 1k",
                ".meas tran t1 max v(a)")) {
            refusedAt("unsupported card", v + card + "\n.op\n.end\n", 4, "unsupported control line",
                    card.split(" ")[0]);
        }
        refusedAt("unsupported element", v + "Q1 c b e npn\n.op\n.end\n", 4, "unsupported element 'Q1'");
        refusedAt("unsupported element", v + "D1 a 0 dmod\n.op\n.end\n", 4, "unsupported element 'D1'");
        refusedAt("element value", v + "R2 a 0 1e400\n.op\n.end\n", 4, "r2", "1e400", "finite");
        refusedAt("element value", v + "R2 a 0 NaN\n.op\n.end\n", 4, "r2", "nan");
        refusedAt("element value", v + "R2 a 0 {1/0}\n.op\n.end\n", 4, "r2", "not finite");
        refusedAt("element value", v + "C2 a 0 {2**2000}\n.op\n.end\n", 4, "c2");
        refusedAt("element value", v + "R2 a 0\n.op\n.end\n", 4, "R name n1 n2 value");
        refusedAt("element value", v + "E1 b 0 a\n.op\n.end\n", 4, "E1");
        refusedAt("element value", v + "L1 a b 1m IC=nan\n.op\n.end\n", 4, "l1", "ic");
        refusedAt("source", v + "V2 b 0 SIN(0 1)\n.op\n.end\n", 4, "v2", "SIN");
        refusedAt("source", v + "V2 b 0 PULSE(0 1 0 1u 1u 1u 1n)\n.op\n.end\n", 4, "v2", "PULSE period");
        refusedAt("source", v + "V2 b 0 PWL(0 0 1)\n.op\n.end\n", 4, "v2", "PWL");
        refusedAt("source", v + "V2 b 0 EXP(0 1)\n.op\n.end\n", 4, "v2", "exp");
        refusedAt("source", v + "V2 b 0 SIN 0 1 1\n.op\n.end\n", 4, "v2", "sin needs '('");
        refusedAt("expression", v + "R2 a 0 {" + "(".repeat(5000) + "1" + ")".repeat(5000) + "}\n.op\n.end\n", 4,
                "r2", "deeper than 200");
        refusedAt("expression", v + "R2 a 0 {" + "-".repeat(5000) + "1}\n.op\n.end\n", 4, "r2", "deeper than 200");
        refusedAt("expression", v + "R2 a 0 {1 +}\n.op\n.end\n", 4, "r2", "ends early");
        refusedAt("expression", v + "R2 a 0 {1\n.op\n.end\n", 4, "unbalanced '{'");
        refusedAt(".param", "t\n.param p={q}\n" + "V1 a 0 1\nR1 a 0 {p}\n.op\n.end\n", 2, "undefined parameter 'q'");
        refusedAt(".param", "t\n.param p\nV1 a 0 1\nR1 a 0 1\n.op\n.end\n", 2, "expected name=value");
        refusedAt("continuation", "t\n+ R1 a 0 1\n.op\n.end\n", 2, "continuation line");
        refusedAt(".control", v + ".control\nrun\n.op\n.end\n", 4, ".control block without .endc");
        refusedAt("no analysis", v + ".end\n", 0, "requests no analysis");
    }

    @Test
    void subcircuitsThatRecurseOrExplodeAreRefusedBeforeTheyAreBuilt() throws Exception {
        refusedAt(".subckt recursion", "t\n.subckt s a b\nX1 a b s\n.ends\nV1 in 0 1\nX1 in 0 s\n.op\n.end\n", 3,
                "deeper than 50");
        StringBuilder sb = new StringBuilder("t\n");
        for (int k = 0; k < 12; k++) {
            sb.append(".subckt s").append(k).append(" a b\n");
            if (k == 0) sb.append("R1 a b 1k\n");
            for (int j = 0; k > 0 && j < 10; j++) sb.append("X").append(j).append(" a b s").append(k - 1).append('\n');
            sb.append(".ends\n");
        }
        sb.append("V1 in 0 1\nX1 in 0 s11\n.op\n.end\n");
        int line = sb.toString().split("\n").length - 2;
        refusedAt(".subckt explosion", sb.toString(), line, "x1", "s11", "100000000000 elements", "at most");
        refusedAt(".subckt", "t\n.subckt s a b\n.subckt t c d\n.ends\n.ends\n.op\n.end\n", 3, "nested .subckt");
        refusedAt(".subckt", "t\n.subckt s a b\nR1 a b 1\n.op\n.end\n", 2, "has no .ends");
        refusedAt(".subckt", "t\n.ends\n.op\n.end\n", 2, ".ends without .subckt");
        refusedAt(".subckt", "t\nV1 a 0 1\nX1 a 0 nosuch\n.op\n.end\n", 3, "'nosuch' is not defined");
        refusedAt(".subckt", "t\n.subckt s a b\nR1 a b 1\n.ends\nV1 a 0 1\nX1 a s\n.op\n.end\n", 6, "2 ports");
        refusedAt(".subckt", "t\n.subckt s a b\nR1 a b 1\n.ends\nV1 a 0 1\nX1 a b c s\n.op\n.end\n", 6, "2 ports");
        refusedAt(".subckt", "t\n.subckt s a b\n.op\n.ends\nV1 a 0 1\nX1 a 0 s\n.op\n.end\n", 3, "not allowed");
    }

    @Test
    void memristorParametersThatOverflowAreRefusedNamingTheInstanceAndParameter() throws Exception {
        String head = "m\nV1 in 0 SIN(0 1 1)\nR1 in a 100\n";
        refusedAt("memristor parameter", head + "X1 a 0 memspice_hp_none params: ron=100 roff=16000 d=1e-300"
                + " mu_v=1e-14 x0=0.1\n.tran 10m 1\n.end\n", 4, "instance x1", "$.parameters.d", "1.0E-300");
        refusedAt("memristor parameter", head + "X1 a 0 memspice_hp_none params: ron=100 roff=16000 d=1e-8"
                + " mu_v=1e300 x0=0.1\n.tran 10m 1\n.end\n", 4, "instance x1", "$.parameters.mu_v", "1.0E300");
        refusedAt("memristor parameter", head + "X1 a 0 memspice_hp_none params: ron=1e-300 roff=1e300 d=1e-8"
                + " mu_v=1e-14 x0=0.1\n.op\n.end\n", 4, "instance x1", "$.parameters.roff");
        refusedAt("memristor parameter", head + "X1 a 0 memspice_hp_none params: ron=100 roff=16000 d=1e-8"
                + " mu_v=1e-14 x0=2\n.op\n.end\n", 4, "instance x1", "$.parameters.x0");
        refusedAt("memristor parameter", head + "X1 a 0 memspice_hp_none params: ron=100 roff=16000 d=1e-8"
                + " mu_v=1e-14 x0=0.1 zz=1\n.op\n.end\n", 4, "$.parameters.zz");
        refusedAt("memristor parameter", head + "X1 a 0 memspice_hp_bogus params: ron=100\n.op\n.end\n", 4,
                "$.window", "bogus");
        Promise.Outcome o = spice(write("alpha.cir", "m\nV1 in 0 SIN(0 1 50meg)\nX1 in 0 memspice_vteam_none_linear"
                + " params: ron=50 roff=1000 x_on=0 x_off=3e-9 k_on=-10 k_off=5e-4 alpha_on=3 alpha_off=1e300"
                + " v_on=-0.2 v_off=0.02 x0=1.5e-9\n.tran 1n 60n\n.end\n"));
        Promise.kept("netlist", "memristor rate overflow", o);
        assertEquals(3, o.status(), o.err());
        assertTrue(o.err().contains("memristor x1") && o.err().contains("alpha_off = 1.0E300"), o.err());
    }

    @Test
    void everyOptionOfSpiceRunAndBenchNetlistIsChecked() throws Exception {
        Path f = write("ok.cir", DECKS.get("sweep-dc.cir"));
        Path file = write("plain.txt", "x");
        Promise.refused("spice options", "--csv", spice(f, "--csv", file.resolve("out.csv").toString()), "--csv",
                "plain.txt", "is a file");
        Promise.refused("spice options", "--csv", spice(f, "--csv", dir.toString()), "--csv", "is a folder");
        Promise.refused("spice options", "--solver", spice(f, "--solver", "magic"), "--solver magic",
                "auto, direct or iterative");
        Path csv = dir.resolve("sub/out.csv");
        Promise.succeeded("spice options", "--csv", spice(f, "--csv", csv.toString(), "--json"), csv);
        Promise.succeeded("spice options", "--power", spice(write("op.cir", DECKS.get("divider-op.cir")), "--power",
                "--solver", "iterative"));

        String[][] bench = {{"--elements", "-5", "from 4"}, {"--elements", "0", "from 4"}, {"--elements", "1e18", "at most 31580641"},
                {"--elements", "abc", "whole number"}, {"--elements", "NaN", "whole number"},
                {"--elements", "2.5", "whole number"}, {"--rows", "0", "from 1"}, {"--rows", "-1", "from 1"},
                {"--rows", "1e10", "whole number"}, {"--rows", "100000", "more than twice"},
                {"--seed", "abc", "whole number"}, {"--seed", "1e3", "whole number"}};
        for (String[] b : bench) {
            List<String> args = new ArrayList<>(List.of("bench", "netlist", "--elements", "100"));
            if (!b[0].equals("--elements")) args.addAll(List.of(b[0], b[1]));
            else args.set(3, b[1]);
            Promise.refused("bench netlist options", b[0], Promise.run(LIMIT, args.toArray(new String[0])),
                    b[0] + " " + b[1], b[2]);
        }
        Promise.refused("bench netlist options", "--keep", Promise.run(LIMIT, "bench", "netlist", "--elements", "100",
                "--keep", file.resolve("m.cir").toString()), "--keep", "is a file");
        Promise.refused("bench netlist options", "--keep", Promise.run(LIMIT, "bench", "netlist", "--elements", "100",
                "--keep", dir.toString()), "--keep", "is a folder");
        Path keep = dir.resolve("kept/mesh.cir");
        Promise.succeeded("bench netlist options", "valid", Promise.run(LIMIT, "bench", "netlist", "--elements", "200",
                "--rows", "3", "--solve", "--keep", keep.toString(), "--json"), keep);
    }
}
