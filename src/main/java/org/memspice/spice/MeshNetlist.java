package org.memspice.spice;

import org.memspice.signal.SpiceNumber;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Generates large test netlists: a rows x cols resistive mesh (every node tied to its right and lower
 * neighbours, random resistances from a seeded generator), driven at the left edge by voltage sources
 * through driver resistors and loaded to ground along the right edge; or a ladder (one row).
 */
public final class MeshNetlist {
    private MeshNetlist() {}

    /** Writes the mesh; returns the number of elements. */
    public static long write(int rows, int cols, long seed, Appendable out) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        long n = 0;
        out.append("* generated resistive mesh ").append(String.valueOf(rows)).append('x').append(String.valueOf(cols)).append('\n');
        StringBuilder sb = new StringBuilder(64);
        for (int r = 0; r < rows; r++) {
            sb.setLength(0);
            sb.append("V").append(r).append(" d").append(r).append(" 0 DC ").append(SpiceNumber.format(0.1 + 0.01 * (r % 20))).append('\n');
            sb.append("Rdrv").append(r).append(" d").append(r).append(' ').append(node(r, 0)).append(" 10\n");
            sb.append("Rload").append(r).append(' ').append(node(r, cols - 1)).append(" 0 100\n");
            out.append(sb);
            n += 3;
            for (int c = 0; c < cols; c++) {
                sb.setLength(0);
                if (c + 1 < cols) {
                    sb.append("Rh").append(r).append('_').append(c).append(' ').append(node(r, c)).append(' ')
                            .append(node(r, c + 1)).append(' ').append(value(rnd)).append('\n');
                    n++;
                }
                if (r + 1 < rows) {
                    sb.append("Rv").append(r).append('_').append(c).append(' ').append(node(r, c)).append(' ')
                            .append(node(r + 1, c)).append(' ').append(value(rnd)).append('\n');
                    n++;
                }
                out.append(sb);
            }
        }
        out.append(".op\n.end\n");
        return n;
    }

    private static String node(int r, int c) {
        return "n" + r + "_" + c;
    }

    private static String value(SplittableRandom rnd) {
        // 1k to 100k, log-uniform, written with a suffix as users do
        double v = Math.pow(10, 3 + 2 * rnd.nextDouble());
        return String.format(java.util.Locale.ROOT, "%.4gk", v / 1e3);
    }
}
