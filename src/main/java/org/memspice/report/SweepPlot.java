package org.memspice.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.sweep.SweepSummary;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * The plot of a one-parameter sweep: accuracy against the swept parameter per scheme, the mean as a line with its 95 %
 * confidence band (mean +/- one standard deviation where there is one trial less than two) and the minimum over trials
 * dotted, the software model's accuracy and the 1-point tolerance line; below it the energy per image per scheme.
 */
public final class SweepPlot {
    private static final Color[] SCHEME_COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e)};

    private SweepPlot() {}

    public static void write(List<SweepSummary.Point> points, List<ArrayScheme> schemes, String parameter, int axis,
                             double softwareAccuracy, String title, Path png) {
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        XYSeriesCollection lines = new XYSeriesCollection();
        XYSeriesCollection energy = new XYSeriesCollection();
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        for (ArrayScheme s : schemes) {
            YIntervalSeries band = new YIntervalSeries(s.label() + " mean, 95 % interval");
            XYSeries min = new XYSeries(s.label() + " minimum over trials");
            XYSeries e = new XYSeries(s.label());
            for (SweepSummary.Point p : points) {
                if (p.scheme() != s) {
                    continue;
                }
                double x = p.values()[axis];
                xMin = Math.min(xMin, x);
                xMax = Math.max(xMax, x);
                double lo = Double.isNaN(p.ciLow()) ? p.accuracyMean() : p.ciLow();
                double hi = Double.isNaN(p.ciHigh()) ? p.accuracyMean() : p.ciHigh();
                band.add(x, 100 * p.accuracyMean(), 100 * lo, 100 * hi);
                min.add(x, 100 * p.accuracyMin());
                e.add(x, p.energyMean() * 1e9);
            }
            bands.addSeries(band);
            lines.addSeries(min);
            energy.addSeries(e);
        }
        XYSeries sw = new XYSeries("software model");
        XYSeries tol = new XYSeries("software - 1 point");
        if (xMin <= xMax) {
            sw.add(xMin, 100 * softwareAccuracy);
            sw.add(xMax, 100 * softwareAccuracy);
            tol.add(xMin, 100 * (softwareAccuracy - SweepSummary.TOLERANCE));
            tol.add(xMax, 100 * (softwareAccuracy - SweepSummary.TOLERANCE));
        }
        lines.addSeries(sw);
        lines.addSeries(tol);

        DeviationRenderer dev = new DeviationRenderer(true, true);
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < schemes.size(); i++) {
            Color c = SCHEME_COLOURS[i % SCHEME_COLOURS.length];
            dev.setSeriesPaint(i, c);
            dev.setSeriesFillPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
            dev.setSeriesStroke(i, new BasicStroke(2f));
            lineRenderer.setSeriesPaint(i, c);
            lineRenderer.setSeriesStroke(i, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                    new float[] {3f, 3f}, 0f));
        }
        dev.setAlpha(0.3f);
        int n = schemes.size();
        lineRenderer.setSeriesPaint(n, Color.DARK_GRAY);
        lineRenderer.setSeriesShapesVisible(n, false);
        lineRenderer.setSeriesStroke(n, new BasicStroke(1.5f));
        lineRenderer.setSeriesPaint(n + 1, Color.GRAY);
        lineRenderer.setSeriesShapesVisible(n + 1, false);
        lineRenderer.setSeriesStroke(n + 1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {6f, 4f}, 0f));

        NumberAxis accAxis = new NumberAxis("accuracy (%)");
        accAxis.setAutoRangeIncludesZero(false);
        XYPlot acc = new XYPlot(bands, null, accAxis, dev);
        acc.setDataset(1, lines);
        acc.setRenderer(1, lineRenderer);
        acc.setBackgroundPaint(Color.WHITE);
        acc.setRangeGridlinePaint(Color.LIGHT_GRAY);
        acc.setDomainGridlinePaint(Color.LIGHT_GRAY);

        NumberAxis eAxis = new NumberAxis("energy per image (nJ)");
        eAxis.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer er = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < schemes.size(); i++) {
            er.setSeriesPaint(i, SCHEME_COLOURS[i % SCHEME_COLOURS.length]);
            er.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot en = new XYPlot(energy, null, eAxis, er);
        en.setBackgroundPaint(Color.WHITE);
        en.setRangeGridlinePaint(Color.LIGHT_GRAY);
        en.setDomainGridlinePaint(Color.LIGHT_GRAY);

        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis(parameter));
        combined.setGap(12);
        combined.add(acc, 3);
        combined.add(en, 1);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        BufferedImage img = new BufferedImage(900, 700, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        chart.draw(g, new Rectangle2D.Double(0, 0, 900, 700));
        g.dispose();
        NetworkPlots.write(img, png);
    }
}
