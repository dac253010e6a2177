package org.memspice.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.memspice.InputException;
import org.memspice.compile.InferenceRun;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * PNG plots of circuit-level inference runs ({@link InferenceRun.Result}), each run labelled by its network
 * (the model file name without folders and {@code .json}) and its array scheme:
 * <ul>
 * <li>{@link #energyBreakdown}: one stacked bar per run, the energy per image in nJ by category (devices,
 *     wires, drivers, constant-term column, sensing, comparators, DACs, ADCs); categories that are zero in
 *     every run are left out.</li>
 * <li>{@link #accuracy}: per run, the software model's and the circuit's accuracy side by side in percent,
 *     the axis zoomed from a little below the lowest value to 100, the agreement of their predictions in the
 *     run's label.</li>
 * <li>{@link #marginHistograms}: for one run, one panel per layer with the histogram of signed comparator
 *     margins (in units of the layer's integer sums) on a log count axis, wrong-side margins (flipped
 *     decisions) in red, and the layer's flipped decisions and smallest margin in the panel's title.</li>
 * </ul>
 * Bar charts are {@link #WIDTH} x {@link #HEIGHT} pixels, wider for many runs ({@link #width(int)}); the
 * histograms are {@link #WIDTH} wide, a {@link #HEADER} band on top of one {@link #PANEL_HEIGHT} panel per layer.
 */
public final class NetworkPlots {
    private NetworkPlots() {}

    static final int WIDTH = 900;
    static final int HEIGHT = 500;
    static final int HEADER = 50;
    static final int PANEL_HEIGHT = 320;

    private static final Color WRONG_SIDE = new Color(0xd62728);
    private static final Color RIGHT_SIDE = new Color(0x4c72b0);
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    /** Stacked bars of the energy per image (nJ) by category, one bar per run. */
    public static void energyBreakdown(List<InferenceRun.Result> results, String title, Path png) {
        Set<String> all = new LinkedHashSet<>();
        for (InferenceRun.Result r : results) {
            all.addAll(r.energy().categories().keySet());
        }
        List<String> kept = new ArrayList<>();
        for (String c : all) {
            if (results.stream().anyMatch(r -> r.energy().categories().getOrDefault(c, 0.0) != 0)) {
                kept.add(c);
            }
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> labels = labels(results, false);
        for (String c : kept) {
            for (int i = 0; i < results.size(); i++) {
                data.addValue(results.get(i).energy().categories().getOrDefault(c, 0.0) * 1e9, c.replace('_', ' '),
                        labels.get(i));
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(title, null, "energy per image (nJ)", data,
                PlotOrientation.VERTICAL, true, false, false);
        BarRenderer bars = style(chart);
        List<String> order = new ArrayList<>(all);
        for (int k = 0; k < kept.size(); k++) {
            // a category keeps its colour whichever others are left out
            bars.setSeriesPaint(k, PALETTE[order.indexOf(kept.get(k)) % PALETTE.length]);
        }
        bars.setMaximumBarWidth(0.12);
        write(image(chart, width(results.size()), HEIGHT), png);
    }

    /** Software and circuit accuracy (%) side by side per run, the agreement of their predictions in the label. */
    public static void accuracy(List<InferenceRun.Result> results, String title, Path png) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> labels = labels(results, true);
        double lowest = 100;
        for (int i = 0; i < results.size(); i++) {
            InferenceRun.Result r = results.get(i);
            data.addValue(100 * r.softwareAccuracy(), "software", labels.get(i));
            data.addValue(100 * r.circuitAccuracy(), "circuit", labels.get(i));
            lowest = Math.min(lowest, 100 * Math.min(r.softwareAccuracy(), r.circuitAccuracy()));
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, "accuracy (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        BarRenderer bars = style(chart);
        bars.setSeriesPaint(0, PALETTE[0]);
        bars.setSeriesPaint(1, PALETTE[1]);
        bars.setItemMargin(0.02);
        bars.setMaximumBarWidth(0.2);
        chart.getCategoryPlot().getDomainAxis().setCategoryMargin(0.3);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", format("0.0")));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        bars.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.INSIDE12, TextAnchor.TOP_CENTER));
        NumberAxis axis = (NumberAxis) chart.getCategoryPlot().getRangeAxis();
        axis.setRange(Math.max(0, 5 * Math.floor((lowest - 1) / 5)), 100);
        write(image(chart, width(results.size()), HEIGHT), png);
    }

    /**
     * One panel per layer: the counts of the margin histogram's bins on a log axis, wrong-side bins in red,
     * each bin labelled by its magnitude range in units; the title names the run's model and scheme.
     */
    public static void marginHistograms(InferenceRun.Result result, Path png) {
        List<InferenceRun.LayerResult> layers = result.layers();
        BufferedImage img = new BufferedImage(WIDTH, HEADER + layers.size() * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Comparator margins: " + modelName(result.model()) + ", " + result.scheme() + ", "
                + result.images() + " images", 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("signed margin in units of the layer's integer sums; red: wrong side (a flipped decision)", 10, 40);
        for (int l = 0; l < layers.size(); l++) {
            panel(layers.get(l)).draw(g, new Rectangle2D.Double(0, HEADER + l * PANEL_HEIGHT, WIDTH, PANEL_HEIGHT));
        }
        g.dispose();
        write(img, png);
    }

    private static JFreeChart panel(InferenceRun.LayerResult layer) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        long max = 0;
        for (int b = 0; b < InferenceRun.BINS; b++) {
            long n = layer.histogram()[b];
            max = Math.max(max, n);
            // an empty bin keeps its place on the axis but has no bar (0 has no place on a log axis)
            data.addValue(n == 0 ? null : n, "count", binLabel(b));
        }
        String title = String.format(Locale.ROOT, "%s: %d of %d decisions flipped, min margin %.3g V (design %.3g V)",
                layer.name(), layer.flipped(), layer.decisions(), layer.minMarginVolts(), layer.designMarginVolts());
        JFreeChart chart = ChartFactory.createBarChart(null, null, null, data, PlotOrientation.VERTICAL, false, false,
                false);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 13)));
        chart.setPadding(new RectangleInsets(6, 4, 10, 4));
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis counts = new LogAxis("count");
        counts.setTickUnit(new NumberTickUnit(1));
        counts.setRange(0.5, Math.max(10, 3.0 * max));
        plot.setRangeAxis(counts);
        BarRenderer bars = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return column < InferenceRun.ZERO_BIN ? WRONG_SIDE : RIGHT_SIDE;
            }
        };
        plot.setRenderer(bars);
        style(chart);
        bars.setItemMargin(0);
        CategoryAxis bins = plot.getDomainAxis();
        bins.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        bins.setLabel(String.format(Locale.ROOT, "signed margin (units; 1 unit = %.3g V at the comparator)",
                layer.voltsPerUnit()));
        bins.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        bins.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        bins.setCategoryMargin(0.15);
        bins.setLowerMargin(0.01);
        bins.setUpperMargin(0.01);
        return chart;
    }

    /** A bin's magnitude range in units: "-[1,2)" on the wrong side, "[0.125,0.25)", "(-0.125,0.125)", ">=8192". */
    static String binLabel(int b) {
        int k = b - InferenceRun.ZERO_BIN;
        if (k == 0) {
            String e = number(InferenceRun.binLowerMagnitude(b + 1));
            return "(-" + e + "," + e + ")";
        }
        double lo = InferenceRun.binLowerMagnitude(b);
        if (Math.abs(k) == InferenceRun.OCTAVES) {
            return (k < 0 ? "<=-" : ">=") + number(lo);
        }
        return (k < 0 ? "-" : "") + "[" + number(lo) + "," + number(2 * lo) + ")";
    }

    /** Width of a bar chart of {@code runs} runs. */
    static int width(int runs) {
        return Math.max(WIDTH, 190 * runs + 250);
    }

    /** A model file's name without its folder and .json: how plots and tables name a network. */
    public static String modelName(String model) {
        String name = model.substring(Math.max(model.lastIndexOf('/'), model.lastIndexOf('\\')) + 1);
        return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    }

    /** "model scheme" per run (with the agreement when asked), made unique by a counter. */
    private static List<String> labels(List<InferenceRun.Result> results, boolean agreement) {
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (InferenceRun.Result r : results) {
            String label = modelName(r.model()) + " " + r.scheme();
            if (agreement) {
                label += String.format(Locale.ROOT, " (agree\u00a0%.1f\u00a0%%)", 100 * r.agreement());
            }
            String unique = label;
            for (int k = 2; !seen.add(unique); k++) {
                unique = label + " #" + k;
            }
            labels.add(unique);
        }
        return labels;
    }

    static BarRenderer style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setMaximumCategoryLabelLines(4);
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        return bars;
    }

    private static String number(double v) {
        return format("0.###").format(v);
    }

    static DecimalFormat format(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    static BufferedImage image(JFreeChart chart, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
        g.dispose();
        return img;
    }

    static void write(BufferedImage img, Path png) {
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new InputException(png + ": cannot write plot: " + e.getMessage());
        }
    }
}
