package org.memspice.spice;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a lower-cased netlist line into tokens: white space and commas separate; '(' ')' and '=' are
 * tokens of their own; {@code {...}} (nested) and {@code '...'} expressions are single tokens.
 */
final class Tokens {
    private Tokens() {}

    static List<String> split(NetlistReader.Line line) {
        String s = line.text();
        List<String> out = new ArrayList<>(8);
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
            } else if (c == '(' || c == ')' || c == '=') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '{') {
                int depth = 0, j = i;
                for (; j < n; j++) {
                    char d = s.charAt(j);
                    if (d == '{') depth++;
                    else if (d == '}' && --depth == 0) break;
                }
                if (j >= n) throw line.error("unbalanced '{' in '" + line.raw() + "'");
                out.add(s.substring(i, j + 1));
                i = j + 1;
            } else if (c == '\'') {
                int j = s.indexOf('\'', i + 1);
                if (j < 0) throw line.error("unbalanced quote in '" + line.raw() + "'");
                out.add(s.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d == ' ' || d == '\t' || d == ',' || d == '(' || d == ')' || d == '=' || d == '{' || d == '\'') break;
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }
}
