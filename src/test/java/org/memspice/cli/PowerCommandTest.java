package org.memspice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.bnn.Architecture;
import org.memspice.bnn.BnnModel;
import org.memspice.bnn.Conv;
import org.memspice.bnn.CrossbarLayer;
import org.memspice.bnn.Dense;
import org.memspice.bnn.FashionMnist;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.Layer;
import org.memspice.bnn.ModelFile;
import org.memspice.bnn.Shape;
import org.memspice.signal.SpiceNumber;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * memspice power: both schemes in one result, categories that add up to the total, ratios that are the quotients, the
 * operation count and the device counts against counts from the model's layer shapes, the power balance of the solved
 * circuit, and with ideal wires the array energies against the closed form sum over reads of sum_ij G_ij V_i^2.
 */
class PowerCommandTest {
    private static final List<String> CATEGORIES = List.of("devices", "wires", "drivers", "constant_term", "sensing",
            "comparators", "dacs", "adcs");

    @TempDir
    Path dir;
    Path modelFile;
    BnnModel model;

    @BeforeEach
    void smallModel() throws Exception {
        model = Architecture.BNN.random(new int[] {4, 8, 8}, 16, 3, 0.1);
        modelFile = dir.resolve("small.json");
        ModelFile.write(model, modelFile);
    }

    private static JsonNode json(EvalCommandTest.Run r) throws Exception {
        assertEquals(0, r.status(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static void close(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.abs(expected) + 1e-300, what);
    }

    /** Output height or width of a convolution, from the layer's own sizes. */
    private static int out(int in, int pad, int k, int stride) {
        return (in + 2 * pad - k) / stride + 1;
    }

    @Test
    void jsonHasBothSchemesWithCategoriesThatAddUpRatiosThatAreQuotientsAndTheOperationCount() throws Exception {
        Path csv = dir.resolve("o/power.csv");
        Path png = dir.resolve("p/power.png");
        JsonNode j = json(EvalCommandTest.run("power", "--model", modelFile.toString(), "--tile", "32x32", "--images", "12",
                "--threads", "2", "--json", "--csv", csv.toString(), "--plot", png.toString()));
        // operations and weights counted from the model's layers: 2 per multiply-accumulate, rows x columns x positions
        long ops = 0;
        long weights = 0;
        for (int i = 0; i < model.layers().size(); i++) {
            Layer l = model.layers().get(i);
            Shape in = model.shapeBefore(i);
            if (l instanceof Conv c) {
                long positions = (long) out(in.height(), c.padH(), c.kh(), c.strideH()) * out(in.width(), c.padW(), c.kw(),
                        c.strideW());
                ops += 2L * c.in() * c.kh() * c.kw() * c.out() * positions;
                weights += (long) c.in() * c.kh() * c.kw() * c.out();
            } else if (l instanceof Dense d) {
                ops += 2L * d.in() * d.out();
                weights += (long) d.in() * d.out();
            }
        }
        assertEquals(ops, j.get("operations_per_image").asLong());
        assertTrue(j.get("operation_count").asText().contains("2 operations per binary multiply-accumulate"));
        assertTrue(!j.get("digital_tail_counted").asBoolean());
        JsonNode schemes = j.get("schemes");
        assertEquals(2, schemes.size());
        assertEquals("double-column", schemes.get(0).get("scheme").asText());
        assertEquals("single-column", schemes.get(1).get("scheme").asText());
        assertEquals(2 * weights, schemes.get(0).get("summary").get("devices").asLong());
        assertEquals(weights, schemes.get(1).get("summary").get("devices").asLong());
        for (JsonNode s : schemes) {
            String name = s.get("scheme").asText();
            JsonNode b = s.get("breakdown");
            Set<String> keys = new HashSet<>();
            b.fieldNames().forEachRemaining(keys::add);
            assertEquals(Set.copyOf(CATEGORIES), keys, name);
            double sum = 0;
            for (String c : CATEGORIES) {
                assertTrue(b.get(c).asDouble() >= 0, name + " " + c);
                sum += b.get(c).asDouble();
                close(b.get(c).asDouble() / s.get("latency_per_image_s").asDouble(),
                        s.get("power_breakdown_w").get(c).asDouble(), 1e-12, name + " power " + c);
            }
            double total = s.get("energy_per_image_j").asDouble();
            close(total, sum, 1e-12, name + " categories add up to the total");
            double latency = s.get("latency_per_image_s").asDouble();
            close(total / latency, s.get("power_w").asDouble(), 1e-12, name + " power");
            close(ops / total * 1e-12, s.get("tops_per_w").asDouble(), 1e-12, name + " TOPS/W");
            close(ops / latency, s.get("ops_per_s").asDouble(), 1e-12, name + " ops/s");
            // power balance of the solved array circuit: the sources' energy from the port reductions' admittance
            // equals the energy every element dissipates, from full nodal solves
            JsonNode d = s.get("breakdown_details");
            double dissipated = d.get("array_devices").asDouble() + d.get("word_line_wires").asDouble()
                    + d.get("bit_line_wires").asDouble() + d.get("driver_resistance").asDouble()
                    + d.get("sense_inputs").asDouble() + d.get("constant_term_array").asDouble();
            close(d.get("word_line_sources_from_admittance").asDouble(), dissipated, 1e-9, name + " power balance");
            assertTrue(d.get("word_line_wires").asDouble() > 0 && d.get("bit_line_wires").asDouble() > 0, name);
        }
        assertEquals(0.0, schemes.get(0).get("breakdown").get("constant_term").asDouble());
        assertTrue(schemes.get(1).get("breakdown").get("constant_term").asDouble() > 0);
        // every row's ratio is single / double, from the two schemes' own values
        JsonNode rows = j.get("rows");
        Set<String> rowKeys = new HashSet<>();
        for (JsonNode r : rows) {
            String key = r.get("key").asText();
            rowKeys.add(key);
            double a = r.get("double-column").asDouble();
            double b = r.get("single-column").asDouble();
            if (a == 0) {
                assertTrue(r.get("single_over_double").isNull(), key);
            } else {
                close(b / a, r.get("single_over_double").asDouble(), 1e-12, key);
            }
        }
        for (String c : CATEGORIES) {
            assertTrue(rowKeys.contains("energy_per_image_j." + c) && rowKeys.contains("power_w." + c), c);
        }
        for (String k : List.of("tiles", "devices", "reference_resistors", "area_um2", "latency_per_image_s",
                "circuit_accuracy", "agreement", "tops_per_w", "ops_per_s")) {
            assertTrue(rowKeys.contains(k), k);
        }
        assertEquals(rows.size() + 1, Files.readAllLines(csv).size());
        assertTrue(Files.size(png) > 1000);
    }

    /**
     * Ideal wires and drivers: every device sees its word line's drive voltage, so the array devices' energy per
     * image is pulse x sum over reads of sum_ij G_ij V_i^2 / images, with G the programmed conductances (a weight
     * +1 is gOn, -1 is gOff; a double-column pair is one of each) and V the drive: +/-Vr on every binary word
     * line, 0 V on zero padding, q/255 x Vr for a pixel of value q. The single column's reference column (Gbar =
     * (gOn + gOff)/2 on every word line) follows the same form.
     */
    @Test
    void withIdealWiresTheArrayEnergyIsTheClosedFormOfTheProgrammedConductancesAndDrives() throws Exception {
        int images = 4;
        JsonNode j = json(EvalCommandTest.run("power", "--model", modelFile.toString(), "--wire-r", "0", "--images",
                String.valueOf(images), "--threads", "1", "--json"));
        JsonNode cardJson = new ObjectMapper().readTree(Path.of("circuits", "compile-rram-128.json").toFile());
        double gOn = SpiceNumber.parse(cardJson.get("gOn").asText());
        double gOff = SpiceNumber.parse(cardJson.get("gOff").asText());
        double vr = cardJson.get("readVoltage").asDouble();
        double pulse = SpiceNumber.parse(cardJson.get("pulseWidth").asText());
        ImageSet test = FashionMnist.testSet(null);
        // per crossbar layer, per word line: the sum over all reads of all images of V_i^2
        List<CrossbarLayer> layers = CrossbarLayer.of(model);
        double doubleDevices = 0, singleDevices = 0, reference = 0;
        for (CrossbarLayer c : layers) {
            double[] v2 = new double[c.rows()];
            int h = c.inShape().height(), w = c.inShape().width();
            int oh = out(h, c.padH(), c.kh(), c.strideH()), ow = out(w, c.padW(), c.kw(), c.strideW());
            for (int img = 0; img < images; img++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int ch = 0; ch < c.inShape().channels(); ch++) {
                            for (int ky = 0; ky < c.kh(); ky++) {
                                for (int kx = 0; kx < c.kw(); kx++) {
                                    int iy = oy * c.strideH() - c.padH() + ky, ix = ox * c.strideW() - c.padW() + kx;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                        continue;   // zero padding: 0 V
                                    }
                                    double v = vr;
                                    if (c.input() == org.memspice.bnn.InputKind.REAL) {
                                        int q = test.pixels()[img * h * w + iy * w + ix] & 0xff;
                                        v = q / 255.0 * vr;
                                    }
                                    v2[(ch * c.kh() + ky) * c.kw() + kx] += v * v;
                                }
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < c.rows(); i++) {
                double rowSingle = 0;
                for (int col = 0; col < c.cols(); col++) {
                    rowSingle += c.weight(i, col) > 0 ? gOn : gOff;
                }
                doubleDevices += v2[i] * c.cols() * (gOn + gOff);
                singleDevices += v2[i] * rowSingle;
                reference += v2[i] * (gOn + gOff) / 2;   // one column tile per layer at 128x128 tiles
            }
        }
        JsonNode schemes = j.get("schemes");
        JsonNode dbl = schemes.get(0).get("breakdown");
        JsonNode sgl = schemes.get(1).get("breakdown");
        close(pulse * doubleDevices / images, dbl.get("devices").asDouble(), 1e-9, "double-column devices");
        close(pulse * singleDevices / images, sgl.get("devices").asDouble(), 1e-9, "single-column devices");
        close(pulse * reference / images, schemes.get(1).get("breakdown_details").get("constant_term_array").asDouble(),
                1e-9, "single-column reference column");
        for (JsonNode s : schemes) {
            assertEquals(0.0, s.get("breakdown").get("wires").asDouble(), s.get("scheme").asText());
            assertEquals(0.0, s.get("breakdown_details").get("driver_resistance").asDouble());
            assertEquals(1.0, s.get("agreement").asDouble(), "ideal wires: the circuit predicts what the software model does");
        }
    }

    @Test
    void badInputsExitWithStatus2NamingTheOptionAndValue() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"--model", dir.resolve("missing.json").toString(), "--model", "missing.json"});
        cases.add(new String[] {"--images", "0", "--images 0", "expected 1..10000"});
        cases.add(new String[] {"--images", "10001", "--images 10001", "10000 images"});
        cases.add(new String[] {"--images", "many", "--images 'many'", "expected a number"});
        cases.add(new String[] {"--plot", blocker + "/p.png", "--plot", "blocker"});
        cases.add(new String[] {"--csv", blocker + "/sub/o.csv", "--csv", "blocker"});
        cases.add(new String[] {"--card", dir.resolve("nocard.json").toString(), "--card", "nocard.json"});
        cases.add(new String[] {"--threads", "0", "--threads 0", "expected >= 1"});
        cases.add(new String[] {"--wire-r", "-1", "--wire-r -1", ">= 0"});
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("power"));
            if (!c[0].equals("--images")) {
                args.addAll(List.of("--images", "3"));
            }
            if (!c[0].equals("--model")) {
                args.addAll(List.of("--model", modelFile.toString()));
            }
            args.add(c[0]);
            args.add(c[1]);
            EvalCommandTest.Run r = EvalCommandTest.run(args.toArray(new String[0]));
            assertEquals(Main.EXIT_INPUT, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(c[2]) && r.err().contains(c[3]), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().isEmpty(), r.out());
        }
    }
}
