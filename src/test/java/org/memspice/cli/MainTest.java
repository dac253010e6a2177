package org.memspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpSucceedsAndUnknownCommandFails() {
        assertEquals(0, Main.execute("--help"));
        assertNotEquals(0, Main.execute("no-such-command"));
    }
}
