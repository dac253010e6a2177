package org.memspice.report;

import org.memspice.InputException;
import org.memspice.crossbar.CrossbarNetwork;
import org.memspice.crossbar.ReadSolution;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The IR-drop map of one read as a PNG: how far each node has moved from the voltage its line is held at, on
 * both line sets, as two panels with their own symmetric colour scales. Word lines (left): the driven voltage
 * minus the node voltage, V_in,i - V_wl(i,j), which grows from the driver (left edge) to the open end. Bit
 * lines (right): the node voltage minus the sense-node voltage, V_bl(i,j) - V_s,j with V_s,j = I_j R_in (0 V
 * at an ideal virtual ground), which grows from the sense end (bottom edge) to the open top. One pixel block
 * per cell, rows top to bottom, columns left to right; red is a positive drop, blue a negative one (a line
 * driven below 0 V, or a column whose current leaves through its sense node), white none.
 */
public final class IrDropMap {
    private IrDropMap() {}

    /** V_in,i - V_wl(i,j), volts, row-major M x N (physical columns). */
    public static double[] wordLineDrops(ReadSolution s) {
        CrossbarNetwork net = s.array().network();
        int m = net.rows();
        int n = net.cols();
        double[] v = s.nodeVoltages();
        double[] vin = s.sourceVoltages();
        double[] d = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                d[i * n + j] = vin[i] - v[i * n + j];
            }
        }
        return d;
    }

    /** V_bl(i,j) - V_s,j, volts, row-major M x N: the drop along each bit line towards its sense node. */
    public static double[] bitLineDrops(ReadSolution s) {
        CrossbarNetwork net = s.array().network();
        int m = net.rows();
        int n = net.cols();
        double[] v = s.nodeVoltages();
        double[] ic = s.columnCurrents();
        double rin = net.senseResistance();
        double[] d = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                d[i * n + j] = v[m * n + i * n + j] - ic[j] * rin;
            }
        }
        return d;
    }

    /** Writes the map of {@code s} to {@code out}; {@code title} names the array and the read. */
    public static void write(ReadSolution s, String title, Path out) {
        int m = s.array().network().rows();
        int n = s.array().network().cols();
        double[] wl = wordLineDrops(s);
        double[] bl = bitLineDrops(s);
        double wlMax = maxAbs(wl);
        double blMax = maxAbs(bl);
        Unit wu = Unit.of(wlMax);
        Unit bu = Unit.of(blMax);

        int cell = Math.max(1, Math.min(8, 512 / Math.max(m, n)));
        int pw = n * cell;
        int ph = m * cell;
        int left = 70;
        int bar = 110;
        int top = 100;
        int width = left + pw + bar + left + pw + bar;
        int height = top + ph + 58;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 10, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double vr = 0;
        for (double x : s.sourceVoltages()) vr = Math.max(vr, Math.abs(x));
        g.drawString(String.format(Locale.ROOT, "largest drop: %s along the word lines%s, %s along the bit lines"
                        + " (each panel has its own scale)", wu.format(wlMax),
                vr > 0 ? String.format(Locale.ROOT, " (%.2f %% of the %.3g V drive)", 100 * wlMax / vr, vr) : "",
                bu.format(blMax)), 10, 42);

        int x1 = left;
        int x2 = left + pw + bar + left;
        panel(g, wl, m, n, cell, x1, top, wlMax, wu, "Word lines: driven voltage \u2212 node voltage (" + wu.name + ")",
                "red: node below its drive (rows at +V), blue: above (rows at \u2212V)");
        panel(g, bl, m, n, cell, x2, top, blMax, bu, "Bit lines: node voltage \u2212 sense-node voltage (" + bu.name + ")",
                "red: node above its sense node, blue: below");
        // where the lines are held: drivers at the left edge of the word lines, sensing at the bottom of the bit lines
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.fillRect(x1 - 5, top, 3, ph);
        g.drawString("drivers", x1 - 60, top + ph / 2);
        g.fillRect(x2, top + ph + 2, pw, 3);
        g.drawString("sense nodes", x2 + pw / 2 - 30, top + ph + 30);
        g.dispose();
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            ImageIO.write(img, "png", out.toFile());
        } catch (IOException e) {
            throw new InputException("--plot " + out + ": cannot write PNG: " + e.getMessage());
        }
    }

    private static void panel(Graphics2D g, double[] d, int m, int n, int cell, int x0, int y0, double max, Unit u,
                              String label, String key) {
        double scale = max > 0 ? max : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                g.setColor(colour(d[i * n + j] / scale));
                g.fillRect(x0 + j * cell, y0 + i * cell, cell, cell);
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x0, y0, n * cell, m * cell);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(label, x0, y0 - 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(key, x0, y0 - 7);
        FontMetrics fm = g.getFontMetrics();
        String lastRow = "row " + (m - 1);
        g.drawString("row 0", x0 - 6 - fm.stringWidth("row 0"), y0 + 10);
        g.drawString(lastRow, x0 - 6 - fm.stringWidth(lastRow), y0 + m * cell);
        g.drawString("col 0", x0, y0 + m * cell + 16);
        String lastCol = "col " + (n - 1);
        g.drawString(lastCol, x0 + n * cell - fm.stringWidth(lastCol), y0 + m * cell + 16);
        // colour bar, symmetric about zero, ticks at -max, 0, +max
        int bx = x0 + n * cell + 12;
        int bh = m * cell;
        for (int y = 0; y < bh; y++) {
            g.setColor(colour(1 - 2.0 * y / Math.max(1, bh - 1)));
            g.fillRect(bx, y0 + y, 14, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(bx, y0, 14, bh);
        g.drawString("+" + u.number(max), bx + 18, y0 + 10);
        g.drawString("0", bx + 18, y0 + bh / 2 + 4);
        g.drawString("\u2212" + u.number(max), bx + 18, y0 + bh);
        g.drawString(u.name, bx + 18, y0 + bh / 4 + 4);
    }

    private static double maxAbs(double[] d) {
        double max = 0;
        for (double x : d) max = Math.max(max, Math.abs(x));
        return max;
    }

    /** Diverging ramp (ColorBrewer RdBu): -1 blue, 0 white, +1 red. */
    static Color colour(double t) {
        t = Math.max(-1, Math.min(1, t));
        double[][] stops = {{33, 102, 172}, {146, 197, 222}, {247, 247, 247}, {244, 165, 130}, {178, 24, 43}};
        double p = (t + 1) / 2 * (stops.length - 1);
        int a = Math.min(stops.length - 2, (int) p);
        double f = p - a;
        return new Color((int) Math.round(stops[a][0] + f * (stops[a + 1][0] - stops[a][0])),
                (int) Math.round(stops[a][1] + f * (stops[a + 1][1] - stops[a][1])),
                (int) Math.round(stops[a][2] + f * (stops[a + 1][2] - stops[a][2])));
    }

    /** The unit a panel is read in: V, mV or uV, whichever puts its largest drop between 1 and 1000. */
    private record Unit(String name, double perVolt) {
        static Unit of(double max) {
            if (max >= 1) return new Unit("V", 1);
            if (max >= 1e-3) return new Unit("mV", 1e3);
            return new Unit("\u00b5V", 1e6);
        }

        String number(double volts) {
            return String.format(Locale.ROOT, "%.3g", volts * perVolt);
        }

        String format(double volts) {
            return number(volts) + " " + name;
        }
    }
}
