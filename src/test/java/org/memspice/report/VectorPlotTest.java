package org.memspice.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorPlotTest {
    @TempDir
    Path dir;

    @Test
    void vectorsAgainstTheirScaleBecomeAPngInANewFolder() throws Exception {
        double[] t = {0, 1e-3, 2e-3, 3e-3};
        Map<String, double[]> ys = new LinkedHashMap<>();
        ys.put("v(a)", new double[] {0, 1, 0, -1});
        ys.put("v(b)", new double[] {1, 0, -1, 0});
        Path png = dir.resolve("plots/deck-plot1.png");
        VectorPlot.write(png, "deck", "time", t, ys);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
    }

    @Test
    void aPathThatCannotBeWrittenIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        InputException e = assertThrows(InputException.class, () -> VectorPlot.write(file.resolve("p.png"), "t", "time",
                new double[] {0, 1}, Map.of("v(a)", new double[] {0, 1})));
        assertTrue(e.getMessage().contains("p.png") && e.getMessage().contains("cannot write plot"), e.getMessage());
    }
}
