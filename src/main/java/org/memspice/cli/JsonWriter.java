package org.memspice.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collection;
import java.util.Map;

/**
 * Streams a result tree (maps, collections, double arrays, strings, numbers, booleans, null) as indented
 * JSON straight to a writer: for results with tens of thousands of entries (every node voltage of a large
 * netlist), where building one string through a general serialiser costs more than the solve. Non-finite
 * numbers are written as strings ("NaN", "Infinity"), as {@link JsonOutput} does.
 */
final class JsonWriter {
    private final Writer out;
    private final StringBuilder buf = new StringBuilder(1 << 16);

    private JsonWriter(Writer out) {
        this.out = out;
    }

    /** Writes value and a newline. */
    static void write(Object value, Writer out) {
        JsonWriter w = new JsonWriter(out);
        w.value(value, 0);
        w.buf.append('\n');
        w.flush(true);
    }

    private void flush(boolean force) {
        if (force || buf.length() > (1 << 15)) {
            try {
                out.append(buf);
                if (force) out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buf.setLength(0);
        }
    }

    private void indent(int depth) {
        buf.append('\n');
        for (int i = 0; i < depth; i++) buf.append("  ");
    }

    private void value(Object v, int depth) {
        if (v == null) {
            buf.append("null");
        } else if (v instanceof Double d) {
            number(d);
        } else if (v instanceof Float f) {
            number(f.doubleValue());
        } else if (v instanceof Number || v instanceof Boolean) {
            buf.append(v);
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
            string(v.toString());
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                buf.append("{ }");
                return;
            }
            buf.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) buf.append(',');
                first = false;
                indent(depth + 1);
                string(String.valueOf(e.getKey()));
                buf.append(" : ");
                value(e.getValue(), depth + 1);
                flush(false);
            }
            indent(depth);
            buf.append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                buf.append("[ ]");
                return;
            }
            buf.append("[ ");
            boolean first = true;
            for (Object o : c) {
                if (!first) buf.append(", ");
                first = false;
                value(o, depth + 1);
                flush(false);
            }
            buf.append(" ]");
        } else if (v instanceof double[] a) {
            buf.append("[ ");
            for (int i = 0; i < a.length; i++) {
                if (i > 0) buf.append(", ");
                number(a[i]);
            }
            buf.append(" ]");
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getSimpleName() + " as JSON");
        }
    }

    private void number(double d) {
        if (Double.isFinite(d)) buf.append(d);
        else string(Double.toString(d));
    }

    private void string(String s) {
        buf.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> buf.append("\\\"");
                case '\\' -> buf.append("\\\\");
                case '\n' -> buf.append("\\n");
                case '\r' -> buf.append("\\r");
                case '\t' -> buf.append("\\t");
                default -> {
                    if (c < 0x20) buf.append(String.format("\\u%04x", (int) c));
                    else buf.append(c);
                }
            }
        }
        buf.append('"');
    }
}
