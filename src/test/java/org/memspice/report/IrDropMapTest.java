package org.memspice.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.PeripheryCard;
import org.memspice.crossbar.ReadAnalysis;
import org.memspice.crossbar.ReadSolution;
import org.memspice.crossbar.Sensing;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drops the IR-drop map shows, against series and ladder circuits solved by hand. */
class IrDropMapTest {
    private static final double VR = 0.2;

    @TempDir
    Path dir;

    private static ReadSolution read(int m, int n, double[] g, double rw, double rb, double rd, Sensing sensing,
                                     double[] x) {
        PeripheryCard card = new PeripheryCard("test", "test values", 1e-4, 5e-5, 2e-5, 1e-5);
        ArrayDesign design = new ArrayDesign(m, n, ArrayScheme.CONDUCTANCES, Double.NaN, Double.NaN, rw, rb, rd,
                sensing, VR, InputEncoding.BIPOLAR, card, null);
        return new ReadAnalysis(CrossbarArray.ofConductances(design, g), 1e-14).readDirect(x);
    }

    /**
     * One cell in series: driver rd, word-line segment rw, device 1/G, bit-line segment rb, sense input resistance
     * Rin; I = V / (rd + rw + 1/G + rb + Rin). The word-line node sits I (rd + rw) below the drive, the bit-line
     * node I rb above the sense node (which is I Rin above ground).
     */
    @Test
    void aSingleCellDropsWhatOhmsLawSays() {
        double g = 1e-4, rw = 2, rb = 3, rd = 10;
        for (Sensing sensing : new Sensing[] {Sensing.resistor(100), Sensing.tia(1e4, 1e3), Sensing.idealTia(1e4)}) {
            for (double x : new double[] {1, -1}) {
                ReadSolution s = read(1, 1, new double[] {g}, rw, rb, rd, sensing, new double[] {x});
                double v = x * VR;
                double rin = sensing.kind() == Sensing.Kind.RESISTOR ? sensing.senseResistance()
                        : sensing.idealVirtualGround() ? 0 : 1e4 / (1 + 1e3);
                double i = v / (rd + rw + 1 / g + rb + rin);
                assertEquals(i * (rd + rw), IrDropMap.wordLineDrops(s)[0], 1e-12 * Math.abs(i * (rd + rw)),
                        sensing + ", x " + x);
                assertEquals(i * rb, IrDropMap.bitLineDrops(s)[0], 1e-12 * Math.abs(i * rb), sensing + ", x " + x);
            }
        }
    }

    /**
     * One word line of two cells over bit lines held at 0 V (no bit-line resistance, ideal virtual ground): a
     * ladder. With R1 = rd + rw, node b = a / (1 + G2 rw) and a = V / (1 + R1 (G1 + G2 / (1 + G2 rw))).
     */
    @Test
    void aLadderDropsMoreTowardsTheOpenEndAndTheMapShowsIt() throws Exception {
        double g1 = 2e-3, g2 = 5e-3, rw = 4, rd = 6;
        ReadSolution s = read(1, 2, new double[] {g1, g2}, rw, 0, rd, Sensing.idealTia(1e4), new double[] {1});
        double r1 = rd + rw;
        double a = VR / (1 + r1 * (g1 + g2 / (1 + g2 * rw)));
        double b = a / (1 + g2 * rw);
        double[] wl = IrDropMap.wordLineDrops(s);
        assertEquals(VR - a, wl[0], 1e-12 * VR);
        assertEquals(VR - b, wl[1], 1e-12 * VR);
        assertTrue(wl[1] > wl[0] && wl[0] > 0, "the drop grows away from the driver");
        double[] bl = IrDropMap.bitLineDrops(s);
        assertEquals(0, bl[0], 0.0);
        assertEquals(0, bl[1], 0.0);

        Path png = dir.resolve("ladder.png");
        IrDropMap.write(s, "ladder", png);
        BufferedImage img = ImageIO.read(png.toFile());
        // the largest word-line drop is full red on its panel's scale; the bit-line panel, all zero, is white
        assertTrue(contains(img, IrDropMap.colour(1).getRGB()), "full red for the largest drop");
        assertTrue(contains(img, IrDropMap.colour(wl[0] / wl[1]).getRGB()), "the first cell in proportion");
        assertTrue(contains(img, IrDropMap.colour(0).getRGB()), "white for no drop");
        assertEquals(0xf7f7f7, IrDropMap.colour(0).getRGB() & 0xffffff);
    }

    private static boolean contains(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) == rgb) return true;
            }
        }
        return false;
    }
}
