package org.memspice.cli;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Progress lines on stderr, at most one per interval, and always the line that completes a count ("n/n"). */
final class Progress implements Consumer<String> {
    private static final Pattern COUNT = Pattern.compile("(\\d+)/(\\d+)");
    private final long intervalNanos;
    private long last;

    private Progress(double seconds) {
        this.intervalNanos = (long) (seconds * 1e9);
        this.last = System.nanoTime();
    }

    static Consumer<String> every(double seconds) {
        return new Progress(seconds);
    }

    @Override
    public synchronized void accept(String line) {
        long now = System.nanoTime();
        Matcher m = COUNT.matcher(line);
        boolean complete = m.find() && m.group(1).equals(m.group(2));
        if (complete || now - last >= intervalNanos) {
            System.err.println(line);
            last = now;
        }
    }
}
