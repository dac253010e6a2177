package org.memspice.sweep;

import org.apache.commons.math3.distribution.TDistribution;
import org.memspice.crossbar.ArrayScheme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics of a sweep per grid point and scheme over its trials, and the tolerance a device engineer asks for:
 * the largest value of the swept parameter that keeps the mean accuracy within {@link #TOLERANCE} of the software
 * model's.
 */
public final class SweepSummary {
    /** Accuracy loss accepted by the tolerance figure: 1 point. */
    public static final double TOLERANCE = 0.01;

    /**
     * One grid point in one scheme: trials, accuracy mean, sample standard deviation, the 95 % confidence interval of
     * the mean (Student's t with trials - 1 degrees of freedom; NaN with one trial), the minimum over trials, the mean
     * agreement with the software model and the mean energy per image.
     */
    public record Point(int point, ArrayScheme scheme, double[] values, int trials, double accuracyMean,
                        double accuracySd, double ciLow, double ciHigh, double accuracyMin, double agreementMean,
                        double energyMean, double energySd, double reprogramSeconds, double inferSeconds) {}

    /**
     * For one scheme and a one-parameter sweep: the largest grid value whose point and every point below it keep the
     * mean accuracy at or above the software accuracy minus {@link #TOLERANCE}; where the mean crosses that line
     * between two grid points, linearly interpolated (NaN when no point fails: the tolerance is beyond the grid).
     */
    public record Tolerance(ArrayScheme scheme, String parameter, double largestPassing, double crossing,
                            boolean allPass) {}

    private SweepSummary() {}

    /** Statistics per point (grid order) and scheme ({@code schemes} order) of the results given. */
    public static List<Point> points(SweepGrid grid, List<ArrayScheme> schemes, List<TrialResult> results) {
        List<Point> out = new ArrayList<>();
        for (int p = 0; p < grid.size(); p++) {
            for (ArrayScheme s : schemes) {
                List<TrialResult> rs = new ArrayList<>();
                for (TrialResult r : results) {
                    if (r.point() == p && r.scheme() == s) {
                        rs.add(r);
                    }
                }
                if (!rs.isEmpty()) {
                    out.add(point(p, s, grid.values(p), rs));
                }
            }
        }
        return out;
    }

    static Point point(int p, ArrayScheme s, double[] values, List<TrialResult> rs) {
        rs = new ArrayList<>(rs);
        rs.sort(java.util.Comparator.comparingInt(TrialResult::trial));   // sums in trial order: the same bits on any engine
        int n = rs.size();
        double sum = 0, min = Double.POSITIVE_INFINITY, agree = 0, energy = 0, rep = 0, inf = 0;
        for (TrialResult r : rs) {
            sum += r.accuracy();
            min = Math.min(min, r.accuracy());
            agree += r.agreement();
            energy += r.energyPerImage();
            rep += r.reprogramSeconds();
            inf += r.inferSeconds();
        }
        double mean = sum / n;
        double em = energy / n;
        double ss = 0, es = 0;
        for (TrialResult r : rs) {
            ss += (r.accuracy() - mean) * (r.accuracy() - mean);
            es += (r.energyPerImage() - em) * (r.energyPerImage() - em);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        double half = n > 1 ? new TDistribution(null, n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n)
                : Double.NaN;
        return new Point(p, s, values, n, mean, sd, mean - half, mean + half, min, agree / n, em,
                n > 1 ? Math.sqrt(es / (n - 1)) : Double.NaN, rep / n, inf / n);
    }

    /** The tolerance per scheme of a one-parameter sweep (empty for other grids). */
    public static List<Tolerance> tolerances(SweepGrid grid, List<ArrayScheme> schemes, List<Point> points,
                                             double softwareAccuracy) {
        List<Tolerance> out = new ArrayList<>();
        if (grid.axes().size() != 1) {
            return out;
        }
        String name = grid.axes().get(0).name();
        double line = softwareAccuracy - TOLERANCE;
        for (ArrayScheme s : schemes) {
            List<Point> ps = new ArrayList<>();
            for (Point p : points) {
                if (p.scheme() == s) {
                    ps.add(p);
                }
            }
            ps.sort(java.util.Comparator.comparingDouble(p -> p.values()[0]));
            if (ps.isEmpty()) {
                continue;
            }
            double passing = Double.NaN;
            double crossing = Double.NaN;
            boolean all = true;
            for (int i = 0; i < ps.size(); i++) {
                Point p = ps.get(i);
                if (p.accuracyMean() >= line) {
                    passing = p.values()[0];
                    continue;
                }
                all = false;
                if (i > 0) {
                    Point a = ps.get(i - 1);
                    double x0 = a.values()[0], y0 = a.accuracyMean();
                    double x1 = p.values()[0], y1 = p.accuracyMean();
                    crossing = x0 + (y0 - line) / (y0 - y1) * (x1 - x0);
                }
                break;
            }
            out.add(new Tolerance(s, name, passing, crossing, all));
        }
        return out;
    }

    /** JSON-ready map of a point. */
    public static Map<String, Object> toMap(SweepGrid grid, Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", p.scheme().label());
        for (int a = 0; a < grid.axes().size(); a++) {
            m.put(grid.axes().get(a).name(), p.values()[a]);
        }
        m.put("variation", grid.point(p.point()).describe());
        m.put("trials", p.trials());
        m.put("accuracy_mean", p.accuracyMean());
        m.put("accuracy_sd", nullIfNaN(p.accuracySd()));
        m.put("accuracy_ci95", java.util.Arrays.asList(nullIfNaN(p.ciLow()), nullIfNaN(p.ciHigh())));
        m.put("accuracy_min", p.accuracyMin());
        m.put("agreement_mean", p.agreementMean());
        m.put("energy_per_image_j", p.energyMean());
        m.put("energy_per_image_sd_j", nullIfNaN(p.energySd()));
        m.put("reprogram_s_mean", p.reprogramSeconds());
        m.put("infer_s_mean", p.inferSeconds());
        return m;
    }

    static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
