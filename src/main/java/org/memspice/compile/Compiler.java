package org.memspice.compile;

import org.memspice.InputException;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.CrossbarLayer;
import org.memspice.bnn.InputKind;
import org.memspice.bnn.Layer;
import org.memspice.bnn.PackedInference;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarFactorization;
import org.memspice.crossbar.PortReduction;
import org.memspice.crossbar.Sensing;
import org.memspice.device.MemristorModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Lowers a trained binary network onto crossbar tiles: every binary layer (3x3 convolutions unrolled to
 * k*k*C_in rows, each stage of a separable convolution, dense layers) becomes row tiles x column tiles of
 * at most the card's tile size, balanced so the pieces differ by at most one row or column; each tile is
 * programmed, factored (one symbolic analysis per array shape) and reduced to its ports exactly.
 */
public final class Compiler {
    /** Largest state change per read pulse, as a fraction of the state range, accepted as read-safe. */
    static final double READ_DISTURB_LIMIT = 1e-3;

    private Compiler() {}

    /**
     * Compiles {@code model} onto {@code card}'s technology.
     *
     * @param modelName how the model is named in messages (its file)
     * @param threads threads for the port reductions
     * @param progress receives progress lines (may be null)
     */
    public static CompiledNetwork compile(BnnModel model, String modelName, CompileCard card, int threads,
                                          Consumer<String> progress) {
        long t0 = System.nanoTime();
        if (!model.isBinary()) {
            throw new InputException(modelName + ": a full-precision model (" + model.realWeightCount() + " real weights,"
                    + " arch " + model.metadata().arch() + "): the compiler maps binary-weight networks onto crossbars");
        }
        try {
            new PackedInference(model);   // the software reference must be able to run it
        } catch (InputException e) {
            throw new InputException(modelName + ": " + e.getMessage());
        }
        List<CrossbarLayer> xs = CrossbarLayer.of(model);
        check(model, modelName, xs, card);
        double readDisturb = readDisturb(card);
        List<CompiledLayer> layers = new ArrayList<>();
        Map<String, CrossbarFactorization.Structure> structures = new ConcurrentHashMap<>();
        int totalTiles = 0;
        List<int[][]> splits = new ArrayList<>();
        for (CrossbarLayer x : xs) {
            int[] rs = Split.starts(x.rows(), card.tileRows());
            int[] cs = Split.starts(x.cols(), card.outputsPerTile());
            splits.add(new int[][] {rs, cs});
            totalTiles += (rs.length - 1) * (cs.length - 1);
        }
        checkHeap(xs, splits, card, threads);
        AtomicInteger done = new AtomicInteger();
        final int allTiles = totalTiles;
        ExecutorService pool = Workers.pool(threads, "compile");
        try {
            for (int li = 0; li < xs.size(); li++) {
                CrossbarLayer x = xs.get(li);
                int[] rs = splits.get(li)[0];
                int[] cs = splits.get(li)[1];
                int codeMax = x.input() == InputKind.REAL ? (1 << card.dacBits()) - 1 : 1;
                ArrayDesign base = card.design();
                double unit = CrossbarArray.currentPerUnitDot(base) / codeMax;
                long fullScale = (long) x.rows() * codeMax;
                double rf = card.outputSwing() > 0 ? card.outputSwing() / (unit * fullScale)
                        : base.sensing().feedbackResistance();
                ArrayDesign design = base.withPeriphery(base.driverResistance(), Sensing.idealTia(rf));
                Tile[][] tiles = new Tile[rs.length - 1][cs.length - 1];
                List<Future<?>> jobs = new ArrayList<>();
                final int layerIndex = li;
                for (int r = 0; r < rs.length - 1; r++) {
                    for (int c = 0; c < cs.length - 1; c++) {
                        final int rr = r;
                        final int cc = c;
                        jobs.add(pool.submit(() -> {
                            tiles[rr][cc] = buildTile(layerIndex, x, design, rs, cs, rr, cc, structures);
                            int n = done.incrementAndGet();
                            if (progress != null) {
                                progress.accept("compile: " + n + "/" + allTiles + " tiles (" + x.name() + ")");
                            }
                        }));
                    }
                }
                for (Future<?> f : jobs) {
                    Workers.await(f, "compile");
                }
                layers.add(new CompiledLayer(li, x, design, rs, cs, tiles, codeMax, rf));
            }
        } finally {
            pool.shutdownNow();
        }
        if (card.calibrate()) {
            Calibration.apply(layers, card.calibrationVectors(), card.calibrationSeed());
        }
        for (CompiledLayer l : layers) {
            l.prepareTransfers();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new CompiledNetwork(model, modelName, card, layers, tail(model, xs), seconds, readDisturb, structures, null);
    }

    private static Tile buildTile(int layer, CrossbarLayer x, ArrayDesign design, int[] rs, int[] cs, int r, int c,
                                  Map<String, CrossbarFactorization.Structure> structures) {
        int r0 = rs[r];
        int nr = rs[r + 1] - r0;
        int c0 = cs[c];
        int nc = cs[c + 1] - c0;
        int[] w = new int[nr * nc];
        for (int i = 0; i < nr; i++) {
            for (int j = 0; j < nc; j++) {
                w[i * nc + j] = x.weight(r0 + i, c0 + j);
            }
        }
        CrossbarArray array = CrossbarArray.programmed(design.withSize(nr, nc), w);
        return reduced(new Tile(layer, r, c, r0, nr, c0, nc, array, null), array, structures);
    }

    /**
     * The tile {@code like} (same place in the network) holding {@code array}: factored on the structure of its
     * shape (analysed once per shape and kept in {@code structures}) and reduced to its ports.
     */
    static Tile reduced(Tile like, CrossbarArray array, Map<String, CrossbarFactorization.Structure> structures) {
        // the symbolic phase depends only on the shape and on which lines are ideal (zero segments), not on values
        String key = array.rows() + "x" + array.physicalColumns() + "/" + (array.design().wordLineSegment() == 0)
                + "/" + (array.design().bitLineSegment() == 0);
        CrossbarFactorization.Structure s = structures.computeIfAbsent(key,
                k -> CrossbarFactorization.Structure.of(array.network()));
        // one numeric factorization per thread and shape, refactored for each array (its L and workspaces reused);
        // the port reduction keeps only T and Y
        Map<CrossbarFactorization.Structure, CrossbarFactorization> mine = FACTORS.get();
        CrossbarFactorization f = mine.get(s);
        if (f == null) {
            if (mine.size() >= 16) {
                mine.clear();
            }
            f = new CrossbarFactorization(s, array);
            mine.put(s, f);
        } else {
            f.refactor(array);
        }
        return new Tile(like.layer(), like.rowTile(), like.colTile(), like.row0(), like.rows(), like.col0(), like.cols(),
                array, new PortReduction(f));
    }

    /**
     * Refuses, before any tile is built, a compilation whose factorizations cannot fit the heap: every thread keeps
     * one L D L' factorization per tile shape ({@link org.memspice.crossbar.SizeLimits#factorBytes}, up to 16
     * shapes) and every tile keeps its array and its port reduction (T and Y: rows x (physical columns + rows)
     * values); twice that is asked of the heap.
     */
    private static void checkHeap(List<CrossbarLayer> xs, List<int[][]> splits, CompileCard card, int threads) {
        long largest = 0;
        double ports = 0;
        java.util.TreeSet<Long> shapes = new java.util.TreeSet<>();
        for (int li = 0; li < xs.size(); li++) {
            int[] rs = splits.get(li)[0];
            int[] cs = splits.get(li)[1];
            for (int r = 0; r + 1 < rs.length; r++) {
                for (int c = 0; c + 1 < cs.length; c++) {
                    int nr = rs[r + 1] - rs[r];
                    long phys = org.memspice.crossbar.CrossbarSpecReader.cells(1, cs[c + 1] - cs[c], card.scheme());
                    largest = Math.max(largest, nr * phys);
                    // the tile's array (kept with it) and its port reduction
                    ports += 8.0 * nr * (nr + phys) + org.memspice.crossbar.SizeLimits.arrayBytes(nr * phys);
                    shapes.add(nr * phys * 65536L + nr % 65536);   // cells, told apart by rows
                }
            }
        }
        double factors = 0;
        int kept = 0;
        for (Long s : shapes.descendingSet()) {
            if (kept++ == 16) {
                break;
            }
            factors += org.memspice.crossbar.SizeLimits.factorBytes(s / 65536L);
        }
        // twice the count: the compiled layers' transfers, the shared structures and the garbage of the port
        // reductions come on top (measured: the shipped BNN on 2048x2048 tiles, one thread, needs 2 to 3.5 GiB)
        double bytes = 2 * (threads * factors + ports);
        String heap = org.memspice.crossbar.SizeLimits.overHeap(bytes);
        if (heap != null) {
            throw new InputException(card.tileOrigin() + " " + card.tileRows() + "x" + card.tileColumns() + ": tiles of up"
                    + " to " + largest + " cells, factored on " + threads + " thread(s), " + heap.substring(0,
                    heap.indexOf(':')) + ": expected smaller tiles (e.g. --tile 128x128) or fewer --threads, or "
                    + org.memspice.crossbar.SizeLimits.MORE_HEAP);
        }
    }

    /** Each thread's factorizations by structure (identity: structures are shared objects). */
    private static final ThreadLocal<Map<CrossbarFactorization.Structure, CrossbarFactorization>> FACTORS =
            ThreadLocal.withInitial(java.util.IdentityHashMap::new);

    /** The layers after the last binary layer (weightless, e.g. a final batch norm): digital, in float. */
    private static List<Layer> tail(BnnModel model, List<CrossbarLayer> xs) {
        int last = xs.get(xs.size() - 1).layer();
        return model.layers().subList(last + 1, model.layers().size());
    }

    private static void check(BnnModel model, String modelName, List<CrossbarLayer> xs, CompileCard card) {
        if (xs.isEmpty()) {
            throw new InputException(modelName + ": no binary layer to compile");
        }
        for (int i = 0; i < xs.size(); i++) {
            CrossbarLayer x = xs.get(i);
            String where = modelName + ": " + x.name();
            boolean last = i == xs.size() - 1;
            // a layer without a sign after it would hand real or integer sums to the next: only pixels go through DACs
            if (!last && xs.get(i + 1).input() == InputKind.INTEGER) {
                throw new InputException(where + ": its integer sums feed the 1 x k stage directly (sepconv with nothing"
                        + " between its stages); expected batchnorm + sign between the stages (between: batchnorm-sign),"
                        + " so that each stage is a binary crossbar");
            }
            if (!last && !x.hasComparators()) {
                throw new InputException(where + ": its sums go on without a sign; expected batchnorm + sign after every"
                        + " binary layer but the last");
            }
            if (last && x.hasComparators()) {
                throw new InputException(where + ": the output layer ends in a sign; expected raw column sums for the"
                        + " argmax");
            }
            if (last && x.input() == InputKind.REAL) {
                throw new InputException(where + ": the only binary layer takes pixels; expected at least one layer with"
                        + " binary inputs after the first");
            }
            if (last && x.poolAfter() > 0) {
                throw new InputException(where + ": max pooling of the output layer's sums; expected the output layer's"
                        + " sums to go straight to the argmax");
            }
            if (card.tileRows() < x.kw()) {
                throw new InputException(card.tileOrigin() + " " + card.tileRows() + "x" + card.tileColumns() + ": " + card.tileRows()
                        + " rows cannot hold one kernel row of " + x.name() + " (" + x.kw() + " taps); expected at least "
                        + x.kw() + " rows");
            }
        }
        if (model.outputShape().channels() != org.memspice.bnn.ImageSet.CLASSES) {
            throw new InputException(modelName + ": the network has " + model.outputShape().channels() + " outputs;"
                    + " expected " + org.memspice.bnn.ImageSet.CLASSES + " class scores");
        }
    }

    /**
     * The largest state change one read pulse causes in a stored device, as a fraction of the state range
     * (0 for gOn/gOff cards, which name no dynamics). A threshold device read above its threshold, or a
     * drift beyond {@link #READ_DISTURB_LIMIT} per read, is refused: the reads would rewrite the weights.
     */
    private static double readDisturb(CompileCard card) {
        MemristorModel m = card.device();
        double vr = card.design().readVoltage();
        org.memspice.crossbar.CellDevice cell = card.design().cellDevice();
        if (cell != null) {
            double worst = cell.readDisturb(vr, card.pulseWidth());
            if (!(worst <= READ_DISTURB_LIMIT)) {
                throw new InputException(cell.label() + ": a read at " + vr + " V for " + card.pulseWidth()
                        + " s moves a stored device's state by " + String.format(java.util.Locale.ROOT, "%.3g", worst)
                        + " of its range; expected at most " + READ_DISTURB_LIMIT + " (a read voltage below the"
                        + " device's switching threshold, or a shorter read pulse)");
            }
            return worst;
        }
        if (m == null) {
            return 0;
        }
        double range = m.xMax() - m.xMin();
        double worst = 0;
        for (double x : new double[] {m.xMin(), m.xMax()}) {
            for (double v : new double[] {vr, -vr}) {
                worst = Math.max(worst, Math.abs(m.stateRate(v, x)) * card.pulseWidth() / range);
            }
        }
        if (!(worst <= READ_DISTURB_LIMIT)) {
            throw new InputException((card.deviceCard() == null ? "device card" : card.deviceCard()) + ": a read at "
                    + vr + " V for " + card.pulseWidth() + " s moves a stored device's state by " + String.format(
                    java.util.Locale.ROOT, "%.3g", worst) + " of its range; expected at most " + READ_DISTURB_LIMIT
                    + " (a read voltage below the device's switching threshold, or a shorter read pulse)");
        }
        return worst;
    }
}
