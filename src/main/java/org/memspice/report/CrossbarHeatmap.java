package org.memspice.report;

import org.memspice.InputException;
import org.memspice.crossbar.ReadSolution;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The IR-drop map of one read as a PNG: word-line node voltages (left) and bit-line node voltages (right),
 * one pixel block per cell, rows top to bottom, columns left to right (drivers on the left edge, sensing on
 * the bottom edge), each panel with its own colour scale.
 */
public final class CrossbarHeatmap {
    private CrossbarHeatmap() {}

    public static void write(ReadSolution s, String title, Path out) {
        int m = s.array().network().rows();
        int n = s.array().network().cols();
        int cell = Math.max(1, Math.min(8, 512 / Math.max(m, n)));
        int pw = n * cell;
        int ph = m * cell;
        int margin = 60;
        int bar = 70;
        int width = margin + pw + bar + margin + pw + bar + 20;
        int height = 50 + ph + 50;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, 10, 18);
        double[] v = s.nodeVoltages();
        panel(g, v, 0, m, n, cell, margin, 40, "word-line node voltage (V)");
        panel(g, v, m * n, m, n, cell, margin + pw + bar + margin, 40, "bit-line node voltage (V)");
        g.dispose();
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            ImageIO.write(img, "png", out.toFile());
        } catch (IOException e) {
            throw new InputException("--plot " + out + ": cannot write PNG: " + e.getMessage());
        }
    }

    private static void panel(Graphics2D g, double[] v, int offset, int m, int n, int cell, int x0, int y0, String label) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < m * n; k++) {
            lo = Math.min(lo, v[offset + k]);
            hi = Math.max(hi, v[offset + k]);
        }
        double span = hi > lo ? hi - lo : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                g.setColor(colour((v[offset + i * n + j] - lo) / span));
                g.fillRect(x0 + j * cell, y0 + i * cell, cell, cell);
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x0, y0, n * cell, m * cell);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(label, x0, y0 + m * cell + 16);
        g.drawString("row 0", x0 - 45, y0 + 10);
        g.drawString("row " + (m - 1), x0 - 55, y0 + m * cell);
        g.drawString("col " + (n - 1), x0 + n * cell - 30, y0 + m * cell + 30);
        // colour bar
        int bx = x0 + n * cell + 10;
        int bh = m * cell;
        for (int y = 0; y < bh; y++) {
            g.setColor(colour(1 - (double) y / Math.max(1, bh - 1)));
            g.fillRect(bx, y0 + y, 12, 1);
        }
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%.4g", hi), bx + 14, y0 + 10);
        g.drawString(String.format(Locale.ROOT, "%.4g", lo), bx + 14, y0 + bh);
    }

    /** Viridis-like ramp from dark blue through green to yellow. */
    private static Color colour(double t) {
        t = Math.max(0, Math.min(1, t));
        double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double p = t * (stops.length - 1);
        int a = Math.min(stops.length - 2, (int) p);
        double f = p - a;
        return new Color((int) (stops[a][0] + f * (stops[a + 1][0] - stops[a][0])),
                (int) (stops[a][1] + f * (stops[a + 1][1] - stops[a][1])),
                (int) (stops[a][2] + f * (stops[a + 1][2] - stops[a][2])));
    }
}
