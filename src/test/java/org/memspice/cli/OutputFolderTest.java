package org.memspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
