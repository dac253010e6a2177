package org.memspice.sweep;

import org.junit.jupiter.api.Test;
import org.memspice.InputException;
import org.memspice.crossbar.ArrayScheme;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grids, their bad input, and the statistics and tolerance of a sweep against hand-computed values. */
class SweepGridTest {

    @Test
    void rangesListsAndCombinations() {
        SweepGrid g = SweepGrid.parse(Variation.NONE, List.of("sigma=0:0.3:0.05", "stuck=0,0.01"));
        assertEquals(14, g.size());
        assertArrayEquals(new double[] {0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3}, g.axes().get(0).values(), 0.0);
        assertEquals(0.3, g.point(12).spread(), 0.0);
        assertEquals(0.005, g.point(13).stuckOn(), 0.0);
        assertEquals(0.005, g.point(13).stuckOff(), 0.0);
        assertEquals(1, SweepGrid.parse(Variation.NONE, List.of()).size());
        assertEquals(0.1, SweepGrid.parse(Variation.NONE, List.of("read=100m")).point(0).read(), 1e-15);
    }

    static String error(String... vary) {
        return assertThrows(InputException.class, () -> SweepGrid.parse(Variation.NONE, List.of(vary))).getMessage();
    }

    @Test
    void badGridsAreNamedWithTheirOption() {
        assertTrue(error("sigma=0.3:0:0.1").contains("no points"), error("sigma=0.3:0:0.1"));
        assertTrue(error("sigma=0:0.3:0").contains("positive step"));
        assertTrue(error("sigma=0:0.3:-0.1").contains("positive step"));
        assertTrue(error("sigma=-0.1").contains("--vary sigma") && error("sigma=-0.1").contains("-0.1"));
        assertTrue(error("stuck-on=1.5").contains("[0, 1]"), error("stuck-on=1.5"));
        assertTrue(error("stuck-on=0.6", "stuck-off=0.6").contains("at most 1"));
        assertTrue(error("levels=1").contains("at least 2"));
        assertTrue(error("levels=2.5").contains("whole number"));
        assertTrue(error("bogus=1").contains("not a variation parameter"));
        assertTrue(error("sigma=0:1:1e-9").contains("at most"));
        assertTrue(error("sigma").contains("expected NAME=FROM:TO:STEP"));
        assertTrue(error("sigma=a:b:c").contains("not a number"));
        assertTrue(error("sigma=0.1", "sigma=0.2").contains("twice"));
        assertTrue(error("sigma=nan").contains("not a"), error("sigma=nan"));
    }

    static TrialResult r(int point, int trial, int correct) {
        return new TrialResult(point, ArrayScheme.DOUBLE_COLUMN, trial, 100, correct, correct, 1e-7 * (trial + 1), 0, 0);
    }

    @Test
    void statisticsAndToleranceAgainstHandComputedValues() {
        SweepGrid g = SweepGrid.parse(Variation.NONE, List.of("sigma=0:0.2:0.1"));
        List<TrialResult> rs = new ArrayList<>();
        int[][] correct = {{90, 90, 90}, {90, 88, 89}, {80, 84, 82}};
        for (int p = 0; p < 3; p++) {
            for (int t = 0; t < 3; t++) {
                rs.add(r(p, t, correct[p][t]));
            }
        }
        List<SweepSummary.Point> ps = SweepSummary.points(g, List.of(ArrayScheme.DOUBLE_COLUMN), rs);
        SweepSummary.Point p1 = ps.get(1);
        assertEquals(0.89, p1.accuracyMean(), 1e-15);
        assertEquals(0.01, p1.accuracySd(), 1e-12);   // sd of 0.90, 0.88, 0.89
        double half = 4.302652729911275 * 0.01 / Math.sqrt(3);   // t(0.975, 2)
        assertEquals(0.89 - half, p1.ciLow(), 1e-9);
        assertEquals(0.89 + half, p1.ciHigh(), 1e-9);
        assertEquals(0.88, p1.accuracyMin(), 0.0);
        assertEquals(2e-7, p1.energyMean(), 1e-20);
        // software 0.90: the line is 0.89; sigma 0.1 keeps it (0.89), 0.2 (0.82) does not: crossing at 0.1 exactly
        List<SweepSummary.Tolerance> t = SweepSummary.tolerances(g, List.of(ArrayScheme.DOUBLE_COLUMN), ps, 0.90);
        assertEquals(0.1, t.get(0).largestPassing(), 1e-15);
        assertEquals(0.1, t.get(0).crossing(), 1e-12);
        // software 0.895: line 0.885, crossing between 0.1 (0.89) and 0.2 (0.82) at 0.1 + 0.005/0.07 * 0.1
        t = SweepSummary.tolerances(g, List.of(ArrayScheme.DOUBLE_COLUMN), ps, 0.895);
        assertEquals(0.1 + 0.005 / 0.07 * 0.1, t.get(0).crossing(), 1e-12);
        t = SweepSummary.tolerances(g, List.of(ArrayScheme.DOUBLE_COLUMN), ps, 0.80);
        assertTrue(t.get(0).allPass());
    }
}
