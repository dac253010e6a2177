package org.memspice.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.memspice.InputException;

/** PNG of simulation vectors against their scale (time or the swept source): what a netlist's plot asks for. */
public final class VectorPlot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private VectorPlot() {
    }

    /** Writes {@code ys} against {@code x} (named {@code scale}) into {@code file}. */
    public static void write(Path file, String title, String scale, double[] x, Map<String, double[]> ys) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[]> e : ys.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            for (int k = 0; k < x.length; k++) s.add(x[k], e.getValue()[k]);
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, scale, String.join(", ", ys.keySet()), data,
                PlotOrientation.VERTICAL, ys.size() > 1, false, false);
        Color[] colors = new Color[ys.size()];
        for (int k = 0; k < colors.length; k++) colors[k] = COLORS[k % COLORS.length];
        DevicePlot.style(chart, colors);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 500);
        } catch (IOException e) {
            throw new InputException(file + ": cannot write plot: " + e.getMessage());
        }
    }
}
