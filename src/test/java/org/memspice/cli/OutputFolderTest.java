package org.memspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that write files create the folders of those files. */
class OutputFolderTest {
    @TempDir
    Path tmp;

    @Test
    void crossbarOutputsGoIntoNewFolders() throws Exception {
        Path cir = tmp.resolve("a/b/x.cir");
        Path png = tmp.resolve("c/map.png");
        Path csv = tmp.resolve("d/e/out.csv");
        assertEquals(0, Main.execute("crossbar", "export", "--spec", "circuits/crossbar-8x8-double.json",
                "--out", cir.toString()));
        assertTrue(Files.size(cir) > 0);
        assertEquals(0, Main.execute("crossbar", "solve", "--spec", "circuits/crossbar-8x8-single.json",
                "--plot", png.toString(), "--csv", csv.toString()));
        assertTrue(Files.size(png) > 0);
        assertTrue(Files.readAllLines(csv).size() > 1);
    }

    /** An output whose folder cannot be made (a regular file stands in its place) is an input error naming it. */
    @Test
    void unwritableOutputsAreInputErrors() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file, not a folder");
        String[][] runs = {
                {"crossbar", "export", "--spec", "circuits/crossbar-8x8-double.json", "--out", blocker + "/x.cir"},
                {"crossbar", "solve", "--spec", "circuits/crossbar-8x8-single.json", "--plot", blocker + "/m.png"},
                {"crossbar", "solve", "--spec", "circuits/crossbar-8x8-single.json", "--csv", blocker + "/o.csv"},
                {"spice", "run", "netlists/divider-subckt.cir", "--csv", blocker + "/dc.csv"},
        };
        PrintStream oldErr = System.err;
        for (String[] args : runs) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status;
            try {
                status = Main.execute(args);
            } finally {
                System.setErr(oldErr);
            }
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(Main.EXIT_INPUT, status, String.join(" ", args) + ": " + message);
            assertTrue(message.contains("blocker"), message);
        }
    }
}
