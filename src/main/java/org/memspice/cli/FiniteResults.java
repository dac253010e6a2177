package org.memspice.cli;

import org.memspice.SimulationException;

import java.util.List;
import java.util.Map;

/**
 * The last check before a result is printed or written: every number in it is finite. A card whose values are
 * legal one by one can still overflow together (a read energy of power x pulse x reads); such a run ends with
 * exit status 3 naming the first quantity that is not a number, never with NaN or Infinity printed.
 */
final class FiniteResults {
    private FiniteResults() {
    }

    /** Throws when a number anywhere in {@code tree} (maps, lists, arrays, numbers) is NaN or infinite. */
    static void check(Object tree, String what) {
        String bad = find(tree, "");
        if (bad != null) {
            throw new SimulationException(what + ": " + bad + "; the values of the spec or card (read voltage,"
                    + " pulse width, resistances, output swing, periphery figures) overflow or underflow the arithmetic"
                    + " together: expected values"
                    + " within their physical ranges");
        }
    }

    private static String find(Object o, String path) {
        if (o instanceof Double d && !Double.isFinite(d)) {
            return (path.isEmpty() ? "a result" : path) + " is " + d;
        }
        if (o instanceof Float f && !Float.isFinite(f)) {
            return (path.isEmpty() ? "a result" : path) + " is " + f;
        }
        if (o instanceof double[] a) {
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(a[i])) {
                    return path + "[" + i + "] is " + a[i];
                }
            }
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String r = find(e.getValue(), path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey());
                if (r != null) {
                    return r;
                }
            }
        }
        if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                Object e = l.get(i);
                String name = e instanceof Map<?, ?> m && m.get("key") instanceof String k ? "[" + k + "]" : "[" + i + "]";
                String r = find(e, path + name);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }
}
