package org.memspice.compile;

import org.memspice.bnn.BnnModel;
import org.memspice.bnn.InputKind;
import org.memspice.bnn.Layer;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;

import org.memspice.crossbar.CrossbarFactorization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** A network compiled onto crossbar tiles: its layers, the card it was compiled for, and what it costs in hardware. */
public final class CompiledNetwork {
    /** How the partial results of a layer's row tiles are combined (stated in the manifest). */
    public static final String ROW_TILE_COMBINATION = "the bit lines of a column range's row tiles end at one shared"
            + " sense node per physical column, the virtual ground of one ideal TIA, so their currents add exactly"
            + " before the subtraction and the comparator (no partial-sum ADC)";

    private final BnnModel model;
    private final String modelName;
    private final CompileCard card;
    private final List<CompiledLayer> layers;
    private final List<Layer> tail;
    private final double compileSeconds;
    private final double readDisturb;
    /** The symbolic factorizations of the tiles' shapes, shared by every reprogramming of this network. */
    private final Map<String, CrossbarFactorization.Structure> structures;
    /** Read noise of every read (null: none). */
    private final ReadNoise readNoise;

    CompiledNetwork(BnnModel model, String modelName, CompileCard card, List<CompiledLayer> layers, List<Layer> tail,
                    double compileSeconds, double readDisturb) {
        this(model, modelName, card, layers, tail, compileSeconds, readDisturb, new ConcurrentHashMap<>(), null);
    }

    CompiledNetwork(BnnModel model, String modelName, CompileCard card, List<CompiledLayer> layers, List<Layer> tail,
                    double compileSeconds, double readDisturb, Map<String, CrossbarFactorization.Structure> structures,
                    ReadNoise readNoise) {
        this.structures = structures;
        this.readNoise = readNoise;
        this.model = model;
        this.modelName = modelName;
        this.card = card;
        this.layers = List.copyOf(layers);
        this.tail = List.copyOf(tail);
        this.compileSeconds = compileSeconds;
        this.readDisturb = readDisturb;
    }

    public BnnModel model() {
        return model;
    }

    public String modelName() {
        return modelName;
    }

    public CompileCard card() {
        return card;
    }

    public ArrayScheme scheme() {
        return card.scheme();
    }

    public List<CompiledLayer> layers() {
        return layers;
    }

    /** Weightless layers after the last binary layer, run digitally on the ADC codes. */
    List<Layer> tail() {
        return tail;
    }

    public double compileSeconds() {
        return compileSeconds;
    }

    /**
     * The same compiled tiles calibrated with {@code vectors} known inputs per layer (seeded): what a chip does after
     * programming, without programming or reducing anything again.
     */
    public CompiledNetwork withCalibration(int vectors, long seed) {
        long t0 = System.nanoTime();
        List<CompiledLayer> copies = new ArrayList<>();
        for (CompiledLayer l : layers) {
            copies.add(l.untrimmed());
        }
        Calibration.apply(copies, vectors, seed);
        for (CompiledLayer l : copies) {
            l.prepareTransfers();
        }
        return new CompiledNetwork(model, modelName, card.withCalibration(vectors, seed), copies, tail,
                compileSeconds + (System.nanoTime() - t0) * 1e-9, readDisturb, structures, readNoise);
    }

    /**
     * The same network on a chip programmed by {@code programming}: every tile's array as the programming leaves
     * it, refactored (on the shape's structure analysed at compile time) and reduced to its ports again; the
     * comparator references stay those of the nominal design; calibrated afresh when the card calibrates. The
     * tiles are rebuilt on {@code threads} threads (1: on the calling thread).
     */
    public CompiledNetwork reprogrammed(Programming programming, int threads) {
        long t0 = System.nanoTime();
        List<CompiledLayer> copies = new ArrayList<>();
        ExecutorService pool = threads > 1 ? Workers.pool(threads, "reprogram") : null;
        try {
            for (CompiledLayer l : layers) {
                Tile[][] tiles = new Tile[l.rowTiles()][l.colTiles()];
                List<Future<?>> jobs = new ArrayList<>();
                for (int r = 0; r < l.rowTiles(); r++) {
                    for (int c = 0; c < l.colTiles(); c++) {
                        Tile t = l.tiles[r][c];
                        int rr = r;
                        int cc = c;
                        Runnable job = () -> tiles[rr][cc] = Compiler.reduced(t, programming.program(t, t.array()),
                                structures);
                        if (pool == null) {
                            job.run();
                        } else {
                            jobs.add(pool.submit(job));
                        }
                    }
                }
                for (Future<?> f : jobs) {
                    Workers.await(f, "reprogramming");
                }
                copies.add(l.withTiles(tiles));
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (card.calibrate()) {
            Calibration.apply(copies, card.calibrationVectors(), card.calibrationSeed());
        }
        for (CompiledLayer l : copies) {
            l.prepareTransfers();
        }
        return new CompiledNetwork(model, modelName, card, copies, tail, (System.nanoTime() - t0) * 1e-9, readDisturb,
                structures, readNoise);
    }

    /** The same network read with {@code noise} on every read (null: noiseless). */
    public CompiledNetwork withReadNoise(ReadNoise noise) {
        return new CompiledNetwork(model, modelName, card, layers, tail, compileSeconds, readDisturb, structures, noise);
    }

    /** The read noise of every read, or null. */
    public ReadNoise readNoise() {
        return readNoise;
    }

    /** Hardware counts: arrays, devices, cells, area and the periphery. */
    public record Summary(int tiles, long devices, long referenceResistors, long cells, double areaSquareMetres,
                          long dacs, long drivers, long tias, long subtractors, long comparators, long adcs,
                          long readsPerImage, long readStepsPerImage) {}

    public Summary summary() {
        int tiles = 0;
        long devices = 0, refs = 0, cells = 0, dacs = 0, drivers = 0, tias = 0, subs = 0, comps = 0, adcs = 0;
        long reads = 0, steps = 0;
        for (CompiledLayer l : layers) {
            for (Tile[] row : l.tiles) {
                for (Tile t : row) {
                    tiles++;
                    devices += t.devices();
                    cells += t.cells();
                    refs += t.cells() - t.devices();
                }
            }
            long wordLines = (long) l.rows * l.colTiles();
            if (l.source.input() == InputKind.REAL) {
                dacs += wordLines;
            } else {
                drivers += wordLines;
            }
            for (int c = 0; c < l.colTiles(); c++) {
                tias += l.physicalColumns(c);
            }
            subs += l.cols;
            if (l.hasComparators()) {
                comps += l.cols;
            } else {
                adcs += l.cols;
            }
            reads += (long) l.positions * l.rowTiles() * l.colTiles();
            steps += l.positions;
        }
        return new Summary(tiles, devices, refs, cells, cells * card.cellArea(), dacs, drivers, tias, subs, comps, adcs,
                reads, steps);
    }

    /** Time to classify one image: one read pulse per output position of every layer (all tiles of a layer in parallel). */
    public double latencyPerImage() {
        return summary().readStepsPerImage() * card.pulseWidth();
    }

    /** The manifest: every tile with its layer, ranges, size and devices; every column's reference and margin. */
    public Map<String, Object> manifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", modelName);
        m.put("arch", model.metadata().arch());
        m.put("method", model.metadata().method());
        m.put("card", card.name());
        m.put("scheme", card.scheme().label());
        ArrayDesign d = card.design();
        Map<String, Object> tech = new LinkedHashMap<>();
        tech.put("tile", List.of(card.tileRows(), card.tileColumns()));
        tech.put("g_on_s", d.gOn());
        tech.put("g_off_s", d.gOff());
        tech.put("device_card", card.deviceCard());
        if (d.cellDevice() != null) {
            tech.put("device_netlist", d.cellDevice().label());
        }
        tech.put("word_line_segment_ohm", d.wordLineSegment());
        tech.put("bit_line_segment_ohm", d.bitLineSegment());
        tech.put("driver_resistance_ohm", d.driverResistance());
        tech.put("read_voltage_v", d.readVoltage());
        tech.put("input_encoding", "bipolar: +/-Vr for +/-1 activations, 0 V for zero padding");
        tech.put("dac_bits", card.dacBits());
        tech.put("output_swing_v", card.outputSwing() > 0 ? card.outputSwing() : null);
        tech.put("reference_column", d.reference() == null ? null : d.reference().label());
        tech.put("cell_area_m2", card.cellArea());
        tech.put("pulse_width_s", card.pulseWidth());
        tech.put("periphery", d.periphery().name());
        tech.put("calibration_vectors", card.calibrationVectors());
        tech.put("read_disturb_per_read", readDisturb);
        m.put("technology", tech);
        m.put("row_tile_combination", ROW_TILE_COMBINATION);
        m.put("max_pooling", "OR of the comparator bits in the digital periphery (AND for a column whose comparator"
                + " inverts, when the model pools the sums before the sign)");
        m.put("output", "an ADC per output column, then a digital argmax with the lowest index on ties");
        Summary s = summary();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("tiles", s.tiles());
        totals.put("devices", s.devices());
        totals.put("reference_resistors", s.referenceResistors());
        totals.put("cells", s.cells());
        totals.put("area_um2", s.areaSquareMetres() * 1e12);
        totals.put("dacs", s.dacs());
        totals.put("word_line_drivers", s.drivers());
        totals.put("tias", s.tias());
        totals.put("subtractors", s.subtractors());
        totals.put("comparators", s.comparators());
        totals.put("adcs", s.adcs());
        totals.put("reads_per_image", s.readsPerImage());
        totals.put("read_steps_per_image", s.readStepsPerImage());
        totals.put("compile_seconds", compileSeconds);
        m.put("totals", totals);
        List<Object> ls = new ArrayList<>();
        List<Object> ts = new ArrayList<>();
        for (CompiledLayer l : layers) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", l.index);
            e.put("name", l.source.name());
            e.put("input", l.source.input().name().toLowerCase(java.util.Locale.ROOT));
            e.put("rows", l.rows);
            e.put("columns", l.cols);
            e.put("positions", l.positions);
            e.put("row_tiles", l.rowTiles());
            e.put("column_tiles", l.colTiles());
            e.put("volts_per_input_unit", l.voltsPerUnit);
            e.put("current_per_unit_a", l.unitCurrent);
            e.put("feedback_resistance_ohm", l.feedbackResistance);
            e.put("full_scale_units", l.fullScaleUnits());
            e.put("pool_after", l.source.poolAfter());
            if (l.hasComparators()) {
                List<Object> cols = new ArrayList<>();
                double minMargin = Double.POSITIVE_INFINITY;
                int amb = 0;
                for (int j = 0; j < l.cols; j++) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("column", j);
                    c.put("direction", l.direction[j] > 0 ? "s >= t" : "s <= t");
                    c.put("threshold", l.threshold[j]);
                    c.put("reference_units", l.referenceUnits[j]);
                    c.put("reference_current_a", l.referenceCurrent(j));
                    c.put("reference_v", l.referenceCurrent(j) * l.feedbackResistance);
                    c.put("margin_v", l.marginVolts(j));
                    if (l.plusGain[j] != 1 || l.minusGain[j] != 1 || l.offset[j] != 0) {
                        c.put("trim_plus_gain", l.plusGain[j]);
                        c.put("trim_minus_gain", l.minusGain[j]);
                        c.put("trim_offset_a", l.offset[j]);
                    }
                    if (l.ambiguous[j]) {
                        c.put("ambiguous", true);
                        amb++;
                    }
                    minMargin = Math.min(minMargin, l.marginVolts(j));
                    cols.add(c);
                }
                e.put("min_margin_v", minMargin);
                e.put("ambiguous_thresholds", amb);
                e.put("comparators", cols);
            } else {
                e.put("adc_bits", l.adcBits);
                e.put("adc_step_units", l.adcStep);
                e.put("adc_lsb_v", l.adcStep * l.unitCurrent * l.feedbackResistance);
            }
            ls.add(e);
            for (Tile[] row : l.tiles) {
                for (Tile t : row) {
                    Map<String, Object> te = new LinkedHashMap<>();
                    te.put("id", t.id());
                    te.put("layer", l.index);
                    te.put("name", l.source.name());
                    te.put("rows", List.of(t.row0(), t.row0() + t.rows()));
                    te.put("columns", List.of(t.col0(), t.col0() + t.cols()));
                    te.put("physical", List.of(t.rows(), t.array().physicalColumns()));
                    te.put("devices", t.devices());
                    te.put("reference_column", t.array().referenceColumn() >= 0 ? t.array().referenceColumn() : null);
                    ts.add(te);
                }
            }
        }
        m.put("layers", ls);
        m.put("tiles", ts);
        return m;
    }
}
