package org.memspice.compile;

import org.memspice.bnn.ImageSet;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.spice.NgspiceProcess;
import org.memspice.spice.NgspiceReadSolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Checks compiled tiles against ngspice: for a sample of column groups (all row tiles of one column tile of
 * one layer, so that the comparators see complete sums), each tile's netlist driven by one read of a test
 * image runs through ngspice; its column currents are compared with memspice's port reduction, and the
 * group's summed, trimmed output currents and comparator decisions (or ADC codes) with memspice's own.
 * The sample takes the layers in turn: group g is column tile g / L (mod the layer's column tiles) of layer
 * g mod L.
 */
public final class NgspiceVerification {
    private NgspiceVerification() {}

    /** One tile: ngspice's time and the largest column-current difference relative to the largest current. */
    public record TileCheck(String tile, int nodes, double seconds, double relativeError) {}

    /** One column group: its tiles, and how the outputs and decisions compare. */
    public record GroupCheck(int layer, String name, int colTile, int position, int outputs, int identicalDecisions,
                             double outputRelativeError, List<TileCheck> tiles) {}

    /**
     * Runs {@code groups} column groups of {@code net} through ngspice, driven by test image {@code image} at the
     * reads {@link TileNetlists#reads} chooses for {@code position}; {@code threads} ngspice processes at a time.
     */
    public static List<GroupCheck> run(CompiledNetwork net, ImageSet set, int image, Integer position, int groups,
                                       int threads, Duration timeout, Consumer<String> progress) {
        CircuitInference inference = new CircuitInference(net);
        inference.classify(set, image, null);
        List<TileNetlists.Read> reads = TileNetlists.reads(net, position);
        List<int[]> picks = new ArrayList<>();
        int layers = net.layers().size();
        for (int g = 0; g < groups; g++) {
            int l = g % layers;
            CompiledLayer c = net.layers().get(l);
            int[] pick = {l, (g / layers) % c.colTiles()};
            boolean seen = picks.stream().anyMatch(p -> p[0] == pick[0] && p[1] == pick[1]);
            if (!seen) {
                picks.add(pick);
            }
        }
        ExecutorService pool = Workers.pool(threads, "ngspice");
        int total = 0;
        for (int[] p : picks) {
            total += net.layers().get(p[0]).rowTiles();
        }
        List<GroupCheck> out = new ArrayList<>();
        int done = 0;
        try {
            for (int[] p : picks) {
                CompiledLayer c = net.layers().get(p[0]);
                int k = p[1];
                TileNetlists.Read read = reads.get(c.index);
                double[] v = inference.driveVoltages(c.index, read.position());
                List<Future<Solved>> jobs = new ArrayList<>();
                for (int r = 0; r < c.rowTiles(); r++) {
                    Tile t = c.tiles[r][k];
                    double[] tv = TileNetlists.tileVoltages(t, v);
                    jobs.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        double[] ic = new double[t.array().physicalColumns()];
                        new NgspiceReadSolver(t.array(), new NgspiceProcess(timeout), false).columnCurrents(tv, ic);
                        return new Solved(ic, (System.nanoTime() - t0) * 1e-9);
                    }));
                }
                CrossbarArray first = c.tiles[0][k].array();
                int phys = first.physicalColumns();
                double[] sumMine = new double[phys];
                double[] sumTheirs = new double[phys];
                List<TileCheck> checks = new ArrayList<>();
                for (int r = 0; r < c.rowTiles(); r++) {
                    Tile t = c.tiles[r][k];
                    double[] tv = TileNetlists.tileVoltages(t, v);
                    double[] mine = new double[phys];
                    t.ports().columnCurrents(tv, mine);
                    Solved s = Workers.await(jobs.get(r), "ngspice verification");
                    double worst = 0;
                    double scale = 0;
                    for (int q = 0; q < phys; q++) {
                        worst = Math.max(worst, Math.abs(mine[q] - s.currents[q]));
                        scale = Math.max(scale, Math.abs(s.currents[q]));
                        sumMine[q] += mine[q];
                        sumTheirs[q] += s.currents[q];
                    }
                    checks.add(new TileCheck(t.id(), t.array().network().size(), s.seconds, scale == 0 ? worst : worst / scale));
                    done++;
                    if (progress != null) {
                        progress.accept("verify: " + done + "/" + total + " tiles through ngspice");
                    }
                }
                // the group's outputs: trims, then comparators (or ADC codes), as the circuit decides them
                int identical = 0;
                double worst = 0;
                double scale = 0;
                for (int j = 0; j < first.outputs(); j++) {
                    int o = c.colStart[k] + j;
                    double im = c.plusGain[o] * sumMine[first.plusColumn(j)] - c.minusGain[o] * sumMine[first.minusColumn(j)]
                            - c.offset[o];
                    double it = c.plusGain[o] * sumTheirs[first.plusColumn(j)]
                            - c.minusGain[o] * sumTheirs[first.minusColumn(j)] - c.offset[o];
                    worst = Math.max(worst, Math.abs(im - it));
                    scale = Math.max(scale, Math.abs(it));
                    identical += decision(c, o, read.position(), im) == decision(c, o, read.position(), it) ? 1 : 0;
                }
                out.add(new GroupCheck(c.index, c.source.name(), k, read.position(), first.outputs(), identical,
                        scale == 0 ? worst : worst / scale, checks));
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private record Solved(double[] currents, double seconds) {}

    /** The comparator's bit (+1/-1), or the output layer's ADC code, for output current {@code i}. */
    private static long decision(CompiledLayer c, int j, int position, double i) {
        if (c.hasComparators()) {
            return c.comparator(j, i) ? 1 : -1;
        }
        return c.adcCode(i / c.unitCurrent, position);
    }
}
