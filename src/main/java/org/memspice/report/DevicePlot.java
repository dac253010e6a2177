package org.memspice.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.memspice.InputException;
import org.memspice.device.DeviceTrace;

/** PNG of a device transient: the pinched I-V loop (left) and the state x(t) (right). */
public final class DevicePlot {
    private DevicePlot() {}

    /** Writes the figure; title names the card, xUnit the state's unit ("" or "nm"), xScale multiplies x. */
    public static void write(Path file, String title, DeviceTrace trace, String xLabel, double xScale) {
        XYSeries iv = new XYSeries("i(v)", false, true);
        XYSeries xs = new XYSeries("x(t)", false, true);
        double[] t = trace.t();
        double tScale = timeScale(t[t.length - 1]);
        for (int k = 0; k < t.length; k++) {
            iv.add(trace.v()[k], trace.i()[k] * 1e3);
            xs.add(t[k] * tScale, trace.x()[k] * xScale);
        }
        JFreeChart left = ChartFactory.createXYLineChart(title + ": I-V loop", "v (V)", "i (mA)",
                new XYSeriesCollection(iv), PlotOrientation.VERTICAL, false, false, false);
        JFreeChart right = ChartFactory.createXYLineChart(title + ": state", "t (" + timeUnit(tScale) + ")", xLabel,
                new XYSeriesCollection(xs), PlotOrientation.VERTICAL, false, false, false);
        style(left, new Color(0x1f77b4));
        style(right, new Color(0xd62728));
        ((org.jfree.chart.axis.NumberAxis) right.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        int w = 640, h = 480;
        BufferedImage img = new BufferedImage(2 * w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        left.draw(g, new Rectangle2D.Double(0, 0, w, h));
        right.draw(g, new Rectangle2D.Double(w, 0, w, h));
        g.dispose();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": cannot write plot: " + e.getMessage());
        }
    }

    /** White background, light grid, lines of 1.5 px in {@code colors} (series k in colors[k]). */
    static void style(JFreeChart chart, Color... colors) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int k = 0; k < colors.length; k++) {
            r.setSeriesPaint(k, colors[k]);
            r.setSeriesStroke(k, new BasicStroke(1.5f));
        }
        plot.setRenderer(r);
    }

    private static double timeScale(double tstop) {
        if (tstop >= 1) return 1;
        if (tstop >= 1e-3) return 1e3;
        if (tstop >= 1e-6) return 1e6;
        return 1e9;
    }

    private static String timeUnit(double scale) {
        return scale == 1 ? "s" : scale == 1e3 ? "ms" : scale == 1e6 ? "us" : "ns";
    }
}
