package org.memspice.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.memspice.compile.InferenceRun;
import org.memspice.compile.PowerComparison;

import java.awt.Font;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The power comparison of the two array schemes as a PNG: the energy per image (nJ) of every category
 * ({@link PowerComparison#CATEGORIES}) as grouped bars, double column beside single column, each bar labelled
 * with its value; the title names the model and the card, the subtitle the totals and their ratio.
 */
public final class PowerPlot {
    private PowerPlot() {}

    static final int WIDTH = 1000;
    static final int HEIGHT = 560;

    public static void energyByCategory(String model, String card, int images, InferenceRun.Result doubleColumn,
                                        InferenceRun.Result singleColumn, Path png) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (InferenceRun.Result r : new InferenceRun.Result[] {doubleColumn, singleColumn}) {
            for (String c : PowerComparison.CATEGORIES) {
                data.addValue(r.energy().categories().get(c) * 1e9, r.scheme(), PowerComparison.label(c));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Energy per image by category: "
                + NetworkPlots.modelName(model) + " on card " + card, null, "energy per image (nJ)", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "%d test images; total %.4g nJ (double column),"
                        + " %.4g nJ (single column + constant-term circuit): single/double = %.3f",
                images, doubleColumn.energy().total() * 1e9, singleColumn.energy().total() * 1e9,
                singleColumn.energy().total() / doubleColumn.energy().total()),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        BarRenderer bars = NetworkPlots.style(chart);
        bars.setSeriesPaint(0, NetworkPlots.PALETTE[0]);
        bars.setSeriesPaint(1, NetworkPlots.PALETTE[1]);
        bars.setItemMargin(0.02);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", NetworkPlots.format("0.0##")));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        bars.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                TextAnchor.BOTTOM_CENTER));
        chart.getCategoryPlot().getRangeAxis().setUpperMargin(0.12);
        NetworkPlots.write(NetworkPlots.image(chart, WIDTH, HEIGHT), png);
    }
}
