package org.memspice.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work a user asks for that cannot finish, or a count beyond what exists, is refused up front with exit status 2
 * naming the option, the value and the limit; nothing is quietly clamped.
 */
class ResourceGuardTest {
    static void refused(EvalCommandTest.Run r, String... words) {
        assertEquals(2, r.status(), r.out() + r.err());
        for (String w : words) {
            assertTrue(r.err().contains(w), "'" + w + "' not in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aDriveThatNeedsMoreStepsThanTheLimitIsRefusedBeforeItStarts() {
        refused(EvalCommandTest.run("device", "sim", "--card", "devices/hp-joglekar.json", "--drive", "SIN(0 1 1e30)",
                "--tstop", "1"), "--tstop", "time steps", "at most 50000000");
        refused(EvalCommandTest.run("device", "sim", "--card", "devices/hp-joglekar.json", "--drive",
                "PULSE(0 1 0 1n 1n 1n 4n)", "--tstop", "1e6"), "time steps", "pulse");
        refused(EvalCommandTest.run("device", "sim", "--card", "devices/hp-joglekar.json", "--points", "2000000000"),
                "--points", "2000000000", "at most");
    }

    @Test
    void aLimitAboveTheTestSetIsRefusedNotClamped() {
        refused(EvalCommandTest.run("eval", "--model", "models/bnn-kdwg-w48.json", "--limit", "20000"), "--limit",
                "20000", "at most 10000");
    }
}
