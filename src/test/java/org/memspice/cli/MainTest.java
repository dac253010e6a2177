package org.memspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void helpSucceedsAndUnknownCommandFails() {
        assertEquals(0, Main.execute("--help"));
        assertNotEquals(0, Main.execute("no-such-command"));
    }

    @CommandLine.Command(name = "fault")
    static final class Fault implements Runnable {
        @CommandLine.Option(names = "--oom")
        boolean oom;

        @Override
        public void run() {
            if (oom) {
                throw new IllegalStateException("wrapped", new OutOfMemoryError("Java heap space"));
            }
            throw new IllegalStateException("no check foresaw this");
        }
    }

    /** The command line with a command that fails as a bug would; its status and what it printed on stderr. */
    private static String[] run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand("fault", new Fault());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new String[] {String.valueOf(status), err.toString()};
    }

    @Test
    void aFaultNoCheckForesawIsOneLineAndExit70AndOutOfMemoryIsExit3WithTheHeap() {
        String[] r = run("fault");
        assertEquals(String.valueOf(Main.EXIT_INTERNAL), r[0]);
        assertTrue(r[1].startsWith("internal error: java.lang.IllegalStateException: no check foresaw this at "), r[1]);
        assertTrue(r[1].contains("MEMSPICE_DEBUG=1"), r[1]);
        assertFalse(r[1].contains("\tat "), r[1]);
        r = run("fault", "--oom");
        assertEquals(String.valueOf(Main.EXIT_SIMULATION), r[0]);
        assertTrue(r[1].startsWith("simulation failed: out of memory (Java heap space) with a heap of at most ")
                && r[1].contains("MEMSPICE_JAVA_OPTS=-Xmx16g"), r[1]);
    }
}
