package org.memspice.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Seeded mutations of valid text input: numbers replaced, tokens deleted, duplicated or swapped, truncation, bytes. */
final class Mutations {
    /** The values a number is replaced by. */
    static final String[] NUMBERS = {"NaN", "Infinity", "-Infinity", "-1", "0", "1e308", "1e-308", "-1e308",
            "99999999999999999999", "1e400", "abc", "2147483648", "-0", "1e-300"};

    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_0-9.])[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?"
            + "(meg|[tgkmunpf])?(?![A-Za-z_0-9])");
    private static final Pattern TOKEN = Pattern.compile("[^\\s(),=\"{}:]+");

    /** A mutation: its kind (for the tally) and the mutated text. */
    record Mutant(String kind, String text) {}

    private Mutations() {
    }

    /** One random mutation of {@code text}. */
    static Mutant mutate(String text, SplittableRandom rnd) {
        int op = rnd.nextInt(8);
        switch (op) {
            case 0, 1 -> {
                List<int[]> spans = spans(NUMBER, text);
                if (!spans.isEmpty()) {
                    int[] s = spans.get(rnd.nextInt(spans.size()));
                    String by = NUMBERS[rnd.nextInt(NUMBERS.length)];
                    return new Mutant("number replaced", text.substring(0, s[0]) + by + text.substring(s[1]));
                }
            }
            case 2 -> {
                List<int[]> spans = spans(TOKEN, text);
                if (!spans.isEmpty()) {
                    int[] s = spans.get(rnd.nextInt(spans.size()));
                    return new Mutant("token deleted", text.substring(0, s[0]) + text.substring(s[1]));
                }
            }
            case 3 -> {
                List<int[]> spans = spans(TOKEN, text);
                if (!spans.isEmpty()) {
                    int[] s = spans.get(rnd.nextInt(spans.size()));
                    String tok = text.substring(s[0], s[1]);
                    return new Mutant("token duplicated", text.substring(0, s[1]) + " " + tok + text.substring(s[1]));
                }
            }
            case 4 -> {
                List<int[]> spans = spans(TOKEN, text);
                if (spans.size() >= 2) {
                    int[] a = spans.get(rnd.nextInt(spans.size())), b = spans.get(rnd.nextInt(spans.size()));
                    if (a[0] > b[0]) {
                        int[] t = a;
                        a = b;
                        b = t;
                    }
                    if (a[1] <= b[0]) {
                        return new Mutant("tokens swapped", text.substring(0, a[0]) + text.substring(b[0], b[1])
                                + text.substring(a[1], b[0]) + text.substring(a[0], a[1]) + text.substring(b[1]));
                    }
                }
            }
            case 5 -> {
                String[] lines = text.split("\n", -1);
                int k = rnd.nextInt(lines.length);
                List<String> out = new ArrayList<>(List.of(lines));
                if (rnd.nextBoolean()) {
                    out.remove(k);
                    return new Mutant("line deleted", String.join("\n", out));
                }
                out.add(k, lines[k]);
                return new Mutant("line duplicated", String.join("\n", out));
            }
            case 6 -> {
                return new Mutant("truncated", text.substring(0, rnd.nextInt(text.length() + 1)));
            }
            default -> {
                StringBuilder sb = new StringBuilder(text);
                int at = rnd.nextInt(text.length() + 1);
                int n = 1 + rnd.nextInt(16);
                StringBuilder junk = new StringBuilder();
                for (int i = 0; i < n; i++) junk.append((char) (32 + rnd.nextInt(95)));
                sb.insert(at, junk);
                return new Mutant("characters inserted", sb.toString());
            }
        }
        return new Mutant("truncated", text.substring(0, rnd.nextInt(text.length() + 1)));
    }

    /** {@code n} random bytes. */
    static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) rnd.nextInt(256);
        return b;
    }

    private static List<int[]> spans(Pattern p, String text) {
        List<int[]> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) out.add(new int[] {m.start(), m.end()});
        return out;
    }
}
