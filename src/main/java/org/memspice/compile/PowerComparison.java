package org.memspice.compile;

import org.memspice.bnn.BnnModel;
import org.memspice.bnn.CrossbarLayer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two array schemes side by side for one network, card and image set: hardware counts, energy per image and
 * average power by category, latency, accuracy, throughput and energy efficiency, each with its single/double
 * ratio.
 *
 * <p><b>Operations.</b> Two operations (a multiply and an add) per binary multiply-accumulate of every crossbar
 * layer: sum over the layers of rows x columns x output positions x 2 per image. The pixel layer's real-input x
 * binary-weight products count like the others; zero-padded taps count (rows x positions, the usual dense
 * convention); the digital tail (comparators, max pooling as OR, the output argmax) is not counted.
 */
public final class PowerComparison {
    private PowerComparison() {}

    /** What the operation count is, stated in every output that uses it. */
    public static final String OPERATION_COUNT = "2 operations per binary multiply-accumulate: sum over the crossbar"
            + " layers of rows x columns x output positions x 2 per image (the pixel layer's real-input products and"
            + " zero-padded taps included; the digital tail - comparators, pooling, argmax - not counted)";

    /** The energy categories of {@link EnergyAccount.Breakdown#categories()}, in the order they are reported. */
    public static final List<String> CATEGORIES = List.of("devices", "wires", "drivers", "constant_term", "sensing",
            "comparators", "dacs", "adcs");

    /** One crossbar layer's share of the operation count. */
    public record LayerOperations(String name, int rows, int columns, int positions, long operations) {}

    /** Operations per image and their split by layer. */
    public record Operations(long perImage, List<LayerOperations> layers) {}

    /** One scheme: the compiled network and what a run through it measured. */
    public record Side(CompiledNetwork net, InferenceRun.Result run) {}

    /**
     * One compared quantity. {@code ratio} is single / double, NaN when the double-column value is 0.
     *
     * @param key name in the JSON and CSV output, e.g. {@code energy_per_image_j.devices}
     */
    public record Row(String key, String label, String unit, double doubleColumn, double singleColumn) {
        public double ratio() {
            return doubleColumn == 0 ? Double.NaN : singleColumn / doubleColumn;
        }
    }

    /** The operation count of a binary model's crossbar layers, per image ({@link #OPERATION_COUNT}). */
    public static Operations operations(BnnModel model) {
        List<LayerOperations> ls = new ArrayList<>();
        long total = 0;
        for (CrossbarLayer c : CrossbarLayer.of(model)) {
            long ops = 2L * c.rows() * c.cols() * c.positions();
            ls.add(new LayerOperations(c.name(), c.rows(), c.cols(), c.positions(), ops));
            total += ops;
        }
        return new Operations(total, List.copyOf(ls));
    }

    /** Energy of the solved array circuit per image, J: what the word-line sources deliver. */
    public static double solvedCircuitEnergy(EnergyAccount.Breakdown e) {
        return e.details().get("word_line_sources");
    }

    /** Every compared quantity, double column against single column. */
    public static List<Row> rows(Side dbl, Side sgl, Operations ops) {
        List<Row> rows = new ArrayList<>();
        CompiledNetwork.Summary a = dbl.net().summary();
        CompiledNetwork.Summary b = sgl.net().summary();
        rows.add(new Row("tiles", "tiles", "", a.tiles(), b.tiles()));
        rows.add(new Row("devices", "devices (weights)", "", a.devices(), b.devices()));
        rows.add(new Row("reference_resistors", "reference resistors", "", a.referenceResistors(),
                b.referenceResistors()));
        rows.add(new Row("cells", "array cells", "", a.cells(), b.cells()));
        rows.add(new Row("area_um2", "array area", "um^2", a.areaSquareMetres() * 1e12, b.areaSquareMetres() * 1e12));
        EnergyAccount.Breakdown ea = dbl.run().energy();
        EnergyAccount.Breakdown eb = sgl.run().energy();
        for (String c : CATEGORIES) {
            rows.add(new Row("energy_per_image_j." + c, "energy/image: " + label(c), "J", ea.categories().get(c),
                    eb.categories().get(c)));
        }
        rows.add(new Row("energy_per_image_j.total", "energy/image: total", "J", ea.total(), eb.total()));
        rows.add(new Row("energy_per_image_j.solved_circuit", "  of which the solved array circuit", "J",
                solvedCircuitEnergy(ea), solvedCircuitEnergy(eb)));
        rows.add(new Row("energy_per_image_j.periphery_card", "  of which the periphery card", "J",
                ea.total() - solvedCircuitEnergy(ea), eb.total() - solvedCircuitEnergy(eb)));
        for (String c : CATEGORIES) {
            rows.add(new Row("power_w." + c, "power: " + label(c), "W", ea.categories().get(c) / ea.perImageSeconds(),
                    eb.categories().get(c) / eb.perImageSeconds()));
        }
        rows.add(new Row("power_w.total", "power: total", "W", ea.averagePower(), eb.averagePower()));
        rows.add(new Row("latency_per_image_s", "latency per image", "s", ea.perImageSeconds(), eb.perImageSeconds()));
        InferenceRun.Result ra = dbl.run();
        InferenceRun.Result rb = sgl.run();
        rows.add(new Row("software_accuracy", "software model accuracy", "", ra.softwareAccuracy(), rb.softwareAccuracy()));
        rows.add(new Row("circuit_accuracy", "circuit accuracy", "", ra.circuitAccuracy(), rb.circuitAccuracy()));
        rows.add(new Row("agreement", "agreement with the software model", "", ra.agreement(), rb.agreement()));
        rows.add(new Row("operations_per_image", "operations per image", "op", ops.perImage(), ops.perImage()));
        rows.add(new Row("ops_per_s", "throughput", "op/s", ops.perImage() / ea.perImageSeconds(),
                ops.perImage() / eb.perImageSeconds()));
        rows.add(new Row("tops_per_w", "energy efficiency", "TOPS/W", ops.perImage() / ea.total() * 1e-12,
                ops.perImage() / eb.total() * 1e-12));
        rows.add(new Row("tops_per_w_solved_circuit", "  the solved array circuit alone", "TOPS/W",
                ops.perImage() / solvedCircuitEnergy(ea) * 1e-12, ops.perImage() / solvedCircuitEnergy(eb) * 1e-12));
        return rows;
    }

    /** The rows as JSON-ready maps: key, label, unit, double-column, single-column, single_over_double (null for NaN). */
    public static List<Map<String, Object>> rowMaps(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", r.key());
            m.put("label", r.label().trim());
            m.put("unit", r.unit());
            m.put("double-column", r.doubleColumn());
            m.put("single-column", r.singleColumn());
            m.put("single_over_double", Double.isNaN(r.ratio()) ? null : r.ratio());
            out.add(m);
        }
        return out;
    }

    /** A category's name in tables and plots. */
    public static String label(String category) {
        return switch (category) {
            case "devices" -> "array devices";
            case "constant_term" -> "constant-term circuit";
            case "sensing" -> "sensing periphery";
            case "dacs" -> "DACs";
            case "adcs" -> "ADCs";
            default -> category.replace('_', ' ');
        };
    }
}
