package org.memspice.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.FashionMnist;
import org.memspice.compile.CompileCard;
import org.memspice.compile.Compiler;
import org.memspice.compile.InferenceRun;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.PeripheryCard;
import org.memspice.crossbar.ReferencePlacement;
import org.memspice.crossbar.Sensing;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inference plots of a small random network run on both array schemes. */
class NetworkPlotsTest {
    private static List<InferenceRun.Result> results;

    @BeforeAll
    static void run() {
        BnnModel model = Architecture.BNN.random(new int[] {4, 8, 8}, 16, 41, 0.1);
        results = List.of(infer(model, ArrayScheme.DOUBLE_COLUMN), infer(model, ArrayScheme.SINGLE_COLUMN));
    }

    private static InferenceRun.Result infer(BnnModel model, ArrayScheme scheme) {
        return InferenceRun.run(Compiler.compile(model, "models/random.json", card(scheme), 2, null),
                FashionMnist.testSet(null), 20, 2, null);
    }

    /** 16 x 16 tiles of 100 uS / 1 uS devices, 1 ohm wire segments, 10 ns reads, ideal TIAs of 10 kohm. */
    private static CompileCard card(ArrayScheme scheme) {
        PeripheryCard periphery = new PeripheryCard("test", "test values", 50e-6, 40e-6, 10e-6, 4e-6, 30e-6, 6e-15);
        int outputs = scheme == ArrayScheme.DOUBLE_COLUMN ? 8 : 15;
        ArrayDesign d = new ArrayDesign(16, outputs, scheme, 1e-4, 1e-6, 1, 1, 0, Sensing.idealTia(1e4), 0.2,
                InputEncoding.BIPOLAR, periphery, scheme == ArrayScheme.SINGLE_COLUMN ? ReferencePlacement.MIDDLE : null);
        return new CompileCard("test-" + scheme.label(), "test card", d, 16, 16, 0, 8, 1.69e-14, 10e-9, 0, 1, null, null,
                "test tile");
    }

    @Test
    void energyBreakdownIsAStackedBarPerRun(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("plots/energy.png");
        NetworkPlots.energyBreakdown(results, "Energy per image", png);
        assertPlot(png, NetworkPlots.width(2), NetworkPlots.HEIGHT);
    }

    @Test
    void accuracyComparesSoftwareAndCircuit(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("plots/accuracy.png");
        NetworkPlots.accuracy(results, "Accuracy", png);
        assertPlot(png, NetworkPlots.width(2), NetworkPlots.HEIGHT);
    }

    @Test
    void marginHistogramsHaveOnePanelPerLayer(@TempDir Path dir) throws IOException {
        InferenceRun.Result r = results.get(0);
        Path png = dir.resolve("plots/margins.png");
        NetworkPlots.marginHistograms(r, png);
        assertPlot(png, NetworkPlots.WIDTH, NetworkPlots.HEADER + r.layers().size() * NetworkPlots.PANEL_HEIGHT);
    }

    @Test
    void labelsNameTheModelFileAndTheBinRanges() {
        assertEquals("bnn-kdwg-w48", NetworkPlots.modelName("models/bnn-kdwg-w48.json"));
        assertEquals("random", NetworkPlots.modelName("random"));
        int zero = InferenceRun.ZERO_BIN;
        assertEquals("(-0.125,0.125)", NetworkPlots.binLabel(zero));
        assertEquals("[0.125,0.25)", NetworkPlots.binLabel(zero + 1));
        assertEquals("-[1,2)", NetworkPlots.binLabel(zero - 4));
        assertEquals(">=8192", NetworkPlots.binLabel(InferenceRun.BINS - 1));
        assertEquals("<=-8192", NetworkPlots.binLabel(0));
    }

    @Test
    void anOutputUnderARegularFileIsAnInputErrorNamingThePath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "not a folder");
        Path png = file.resolve("margins.png");
        InputException e = assertThrows(InputException.class, () -> NetworkPlots.marginHistograms(results.get(0), png));
        assertTrue(e.getMessage().contains(png.toString()), e.getMessage());
    }

    private static void assertPlot(Path png, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " written");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 10, png + ": " + colours.size() + " colours");
    }
}
