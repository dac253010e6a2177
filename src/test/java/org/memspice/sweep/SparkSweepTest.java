package org.memspice.sweep;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Spark engine in local mode gives the local engine's results to the last bit. */
class SparkSweepTest {
    @Test
    void sparkLocalModeGivesTheLocalEnginesBits() {
        SweepInputs in = SweepDeterminismTest.inputs();
        List<TrialKey> keys = Sweep.keys(in.grid(), SweepDeterminismTest.BOTH, 3);
        List<TrialResult> local = SweepDeterminismTest.run(Sweep.local(2), in, keys);
        // the inputs travel through Spark's broadcast (serialized) and are rebuilt on the executor
        List<TrialResult> spark = SweepDeterminismTest.run(new SparkSweep("local[2]", 2), SweepDeterminismTest.inputs(), keys);
        assertEquals(SweepDeterminismTest.numbers(local), SweepDeterminismTest.numbers(spark));
    }
}
