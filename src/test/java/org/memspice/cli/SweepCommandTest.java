package org.memspice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.ModelFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memspice sweep from the command line: a run, its resumption, and every bad input named with exit status 2. */
class SweepCommandTest {
    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void smallModel() throws Exception {
        model = dir.resolve("small.json");
        ModelFile.write(Architecture.BNN.random(new int[] {4, 8, 8}, 16, 3, 0.1), model);
    }

    EvalCommandTest.Run sweep(String... extra) {
        List<String> a = new ArrayList<>(List.of("sweep", "--model", model.toString(), "--tile", "32x32", "--threads", "2"));
        a.addAll(List.of(extra));
        for (String[] d : new String[][] {{"--images", "40"}, {"--trials", "2"}}) {
            if (!a.contains(d[0])) {
                a.addAll(List.of(d));
            }
        }
        return EvalCommandTest.run(a.toArray(new String[0]));
    }

    @Test
    void aSweepReportsEveryPointAndSchemeAndAResumedRunRecomputesNothing() throws Exception {
        Path csv = dir.resolve("s.csv");
        Path png = dir.resolve("s.png");
        EvalCommandTest.Run r = sweep("--vary", "stuck=0:0.2:0.2", "--csv", csv.toString(), "--plot", png.toString(),
                "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(4, j.get("points").size());   // 2 points x 2 schemes
        for (JsonNode p : j.get("points")) {
            assertEquals(2, p.get("trials").asInt());
            assertTrue(p.get("accuracy_min").asDouble() <= p.get("accuracy_mean").asDouble());
            assertTrue(p.get("energy_per_image_j").asDouble() > 0);
        }
        // no variation: every trial is the nominal chip, so the spread is zero
        assertEquals(0, j.get("points").get(0).get("accuracy_sd").asDouble(), 0.0);
        assertEquals(2, j.get("tolerance_within_1_point").size());
        assertTrue(Files.size(png) > 10_000);
        byte[] before = Files.readAllBytes(csv);
        assertEquals(2 + 8, Files.readAllLines(csv).size());
        // the same command again: every trial is in the file, nothing runs, the same summary
        EvalCommandTest.Run again = sweep("--vary", "stuck=0:0.2:0.2", "--csv", csv.toString(), "--json");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("8 of 8 trials already in"), again.err());
        assertArrayEquals(before, Files.readAllBytes(csv));
        assertEquals(numbers(j.get("points")), numbers(new ObjectMapper().readTree(again.out()).get("points")));
        // more trials: only the new ones run, the file grows
        EvalCommandTest.Run more = sweep("--vary", "stuck=0:0.2:0.2", "--csv", csv.toString(), "--trials", "3");
        assertEquals(0, more.status(), more.err());
        assertTrue(more.err().contains("8 of 12 trials already in"), more.err());
        assertEquals(2 + 12, Files.readAllLines(csv).size());
    }

    /** The points without their timings (wall times, not results). */
    static String numbers(JsonNode points) {
        StringBuilder b = new StringBuilder();
        for (JsonNode p : points) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove(List.of("reprogram_s_mean", "infer_s_mean"));
            b.append(p).append('\n');
        }
        return b.toString();
    }

    static void bad(EvalCommandTest.Run r, String... words) {
        assertEquals(2, r.status(), r.out() + r.err());
        for (String w : words) {
            assertTrue(r.err().contains(w), "'" + w + "' not in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void badInputIsNamedAndNoFinishedResultIsLost() throws Exception {
        Path csv = dir.resolve("s.csv");
        bad(sweep("--vary", "sigma=0.3:0:0.1", "--csv", csv.toString()), "--vary", "no points");
        bad(sweep("--vary", "sigma=-0.1", "--csv", csv.toString()), "--vary sigma", "-0.1");
        bad(sweep("--vary", "stuck-on=1.5", "--csv", csv.toString()), "stuck-on", "[0, 1]");
        bad(sweep("--fixed", "stuck-off=-1", "--csv", csv.toString()), "--fixed", "stuck-off");
        bad(sweep("--trials", "0", "--csv", csv.toString()), "--trials", "0");
        bad(EvalCommandTest.run("sweep", "--model", model.toString(), "--images", "20000", "--csv", csv.toString()),
                "--images", "20000", "at most 10000");
        bad(sweep("--master", "spark://nowhere:7077", "--csv", csv.toString()), "--master", "--engine spark");
        bad(sweep("--distribution", "cauchy", "--csv", csv.toString()), "--distribution", "cauchy");
        assertFalse(Files.exists(csv), "nothing written by a refused sweep");
        // a file of another sweep given to resume: refused, left as it is
        assertEquals(0, sweep("--vary", "sigma=0.1", "--csv", csv.toString(), "--trials", "1", "--scheme", "single")
                .status());
        byte[] before = Files.readAllBytes(csv);
        bad(sweep("--vary", "sigma=0.1", "--csv", csv.toString(), "--seed", "2"), csv.toString(), "another sweep");
        bad(sweep("--vary", "stuck=0.1", "--csv", csv.toString()), "another sweep");
        assertArrayEquals(before, Files.readAllBytes(csv));
        // a Spark master that cannot be reached, with a trial still to run: refused before any trial, the file kept
        bad(sweep("--vary", "sigma=0.1", "--csv", csv.toString(), "--trials", "2", "--scheme", "single", "--engine", "spark",
                "--master", "spark://127.0.0.1:1"), "--master", "spark://127.0.0.1:1", "reachable");
        assertArrayEquals(before, Files.readAllBytes(csv));
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "x");
        bad(sweep("--csv", plain.resolve("s.csv").toString()), "--csv", "not a folder");
    }

    @Test
    void everyOtherRefusedOptionIsNamed() throws Exception {
        Path csv = dir.resolve("s.csv");
        bad(sweep("--plot", dir.resolve("p.png").toString(), "--csv", csv.toString()), "--plot", "--vary");
        bad(sweep("--fixed", "read", "--csv", csv.toString()), "--fixed 'read'", "NAME=V");
        bad(sweep("--fixed", "read=abc", "--csv", csv.toString()), "--fixed read=abc", "not a number");
        bad(sweep("--trials", "200000", "--csv", csv.toString()), "--trials 200000", "100000");
        bad(sweep("--distribution", "normal", "--vary", "sigma=0.6", "--csv", csv.toString()), "sigma", "0.5",
                "log-normal");
        Files.createDirectories(dir.resolve("folder.csv"));
        bad(sweep("--csv", dir.resolve("folder.csv").toString()), "--csv", "a folder");
        assertFalse(Files.exists(csv), "nothing written by a refused sweep");
        bad(EvalCommandTest.run("bench", "sweep", "--samples", "0"), "--samples 0");
        bad(EvalCommandTest.run("bench", "sweep", "--trials", "0"), "--trials 0");
        bad(EvalCommandTest.run("bench", "sweep", "--threads", "0"), "--threads 0");
    }
}
