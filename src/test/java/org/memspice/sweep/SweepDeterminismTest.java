package org.memspice.sweep;

import org.junit.jupiter.api.Test;
import org.memspice.crossbar.ArrayScheme;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every trial is a pure function of its key: 1 thread, 2 threads and a trial rerun alone give the same bits. */
class SweepDeterminismTest {
    static final List<ArrayScheme> BOTH = List.of(ArrayScheme.DOUBLE_COLUMN, ArrayScheme.SINGLE_COLUMN);

    static SweepInputs inputs() {
        Variation base = Variation.NONE.with("read", 0.02).with("stuck-off", 0.01).with("c2c", 0.05);
        return Fixtures.inputs(List.of("sigma=0:0.3:0.3"), base, 60, 42);
    }

    static List<TrialResult> run(Sweep.Engine engine, SweepInputs in, List<TrialKey> keys) {
        List<TrialResult> out = new ArrayList<>();
        engine.run(in, keys, out::add);
        out.sort(Comparator.comparing((TrialResult r) -> r.point()).thenComparing(r -> r.scheme())
                .thenComparingInt(TrialResult::trial));
        return out;
    }

    /** The numbers of a result that the engine must not change (not its timings). */
    static String numbers(TrialResult r) {
        return r.point() + "/" + r.scheme() + "/" + r.trial() + ": " + r.images() + " " + r.correct() + " " + r.agree()
                + " " + Double.doubleToLongBits(r.energyPerImage());
    }

    static List<String> numbers(List<TrialResult> rs) {
        return rs.stream().map(SweepDeterminismTest::numbers).toList();
    }

    @Test
    void oneThreadTwoThreadsAndATrialAloneGiveTheSameBits() {
        SweepInputs in = inputs();
        List<TrialKey> keys = Sweep.keys(in.grid(), BOTH, 3);
        assertEquals(12, keys.size());
        List<TrialResult> one = run(Sweep.local(1), in, keys);
        List<TrialResult> two = run(Sweep.local(2), in, keys);
        assertEquals(numbers(one), numbers(two));
        // the last trial of the noisiest point alone, in a fresh context of freshly read inputs
        TrialKey last = keys.get(keys.size() - 1);
        TrialResult alone = new SweepContext(inputs(), 1).run(last);
        assertEquals(numbers(one.get(one.size() - 1)), numbers(alone));
        // the trials differ from each other (the draws depend on the trial) and the variation costs accuracy
        assertTrue(one.stream().filter(r -> r.point() == 1).map(r -> r.energyPerImage()).distinct().count() > 1);
    }
}
