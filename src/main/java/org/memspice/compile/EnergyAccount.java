package org.memspice.compile;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.memspice.SimulationException;
import org.memspice.bnn.InputKind;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarFactorization;
import org.memspice.crossbar.PeripheryCard;
import org.memspice.crossbar.PowerBreakdown;
import org.memspice.crossbar.ReadSolution;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Energy of circuit-level inference, per image, by category.
 *
 * <p><b>Array circuit, exactly.</b> In read mode every element of a tile is linear, so the power of each
 * element category (devices, word-line wires, bit-line wires, drivers, the constant-term column) is a
 * quadratic form of the word-line voltages, P_cat(V) = V' Q_cat V, and its sum over all reads is
 * trace(Q_cat C) with C = sum over reads of V V', the second moment that inference accumulates per row
 * tile. With C = sum_k lambda_k u_k u_k' (its eigendecomposition, by EJML's SVD since C is positive
 * semidefinite), sum over reads of P_cat =
 * sum_k lambda_k P_cat(u_k): one full nodal solve per eigenvector, through the tile's LDL' factorization,
 * gives every category without any per-read node solve. The sources' total, sum_k lambda_k V'YV, is also
 * checked against the port reduction's admittance.
 *
 * <p><b>Periphery.</b> TIAs (static power while a read is active plus Rf*I^2 from the solved column currents),
 * subtractors, comparators, word-line drivers and DACs from the periphery card's static powers times the
 * read pulse; ADCs at Walden's figure of merit times 2^bits per conversion. Every tile of a layer is read
 * once per output position; a read lasts one pulse.
 */
public final class EnergyAccount {
    private EnergyAccount() {}

    /** Energy per image, joules, by category (and the details of the array circuit). */
    public record Breakdown(Map<String, Double> categories, Map<String, Double> details, double total,
                            double perImageSeconds, double averagePower, double sourceBalanceError) {}

    static Breakdown compute(CompiledNetwork net, Tally tally) {
        return compute(net, tally, true);
    }

    /**
     * The energy per image, joules, without the split of the array circuit's energy by element: the array's total is
     * what the word-line sources deliver, trace(Y C) from the port reductions' admittances (equal to the split's sum
     * by power balance), so no nodal solve is needed.
     */
    static double totalPerImage(CompiledNetwork net, Tally tally) {
        return compute(net, tally, false).total();
    }

    private static Breakdown compute(CompiledNetwork net, Tally tally, boolean split) {
        if (tally.images == 0) {
            throw new IllegalStateException("no images");
        }
        double pulse = net.card().pulseWidth();
        PeripheryCard card = net.card().design().periphery();
        // sums over all reads of power (W); times the pulse width they are energies
        double devices = 0, wl = 0, bl = 0, drv = 0, sense = 0, refArray = 0, sources = 0, sourcesY = 0;
        double tiaData = 0, tiaRef = 0, subs = 0, comps = 0, drivers = 0, dacs = 0;
        double adcEnergy = 0;
        Map<String, CrossbarFactorization.Structure> structures = new HashMap<>();
        for (CompiledLayer c : net.layers()) {
            double vu = c.voltsPerUnit;
            for (int r = 0; r < c.rowTiles(); r++) {
                int rt = c.rowStart[r + 1] - c.rowStart[r];
                DMatrixRMaj cov = new DMatrixRMaj(rt, rt);
                long[] full = tally.fullGram[c.index];
                int row0 = c.rowStart[r];
                for (int a = 0; a < rt; a++) {
                    for (int b = a; b < rt; b++) {
                        double v = (full != null ? full[(row0 + a) * c.rows + row0 + b] : tally.gram[c.index][r][a * rt + b])
                                * vu * vu;
                        cov.set(a, b, v);
                        cov.set(b, a, v);
                    }
                }
                if (!split) {
                    for (int k = 0; k < c.colTiles(); k++) {
                        sourcesY += traceYC(c.tiles[r][k], cov, rt);
                    }
                    continue;
                }
                // C is symmetric positive semidefinite (a sum of V V'): its SVD is its eigendecomposition
                SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rt, rt, true, false, true);
                if (!svd.decompose(cov.copy())) {
                    throw new SimulationException("energy: decomposition of the drive second moment of "
                            + c.source.name() + " row tile " + r + " failed");
                }
                double[] lambdas = svd.getSingularValues();
                DMatrixRMaj vectors = svd.getU(null, true);   // rows are the singular vectors
                for (int k = 0; k < c.colTiles(); k++) {
                    Tile t = c.tiles[r][k];
                    CrossbarArray a = t.array();
                    CrossbarFactorization f = new CrossbarFactorization(structures.computeIfAbsent(
                            rt + "x" + a.physicalColumns() + "/" + c.index,
                            s -> CrossbarFactorization.Structure.of(a.network())), a);
                    double[] nodes = new double[a.network().size()];
                    for (int e = 0; e < rt; e++) {
                        double lambda = lambdas[e];
                        if (lambda == 0) {
                            continue;
                        }
                        double[] u = java.util.Arrays.copyOfRange(vectors.data, e * rt, (e + 1) * rt);
                        f.solve(u, nodes);
                        PowerBreakdown p = new ReadSolution(a, u, nodes, 0, 0).power();
                        devices += lambda * p.devices();
                        wl += lambda * p.wordLineWires();
                        bl += lambda * p.bitLineWires();
                        drv += lambda * p.drivers();
                        sense += lambda * p.senseInputs();
                        refArray += lambda * p.constantTermArray();
                        sources += lambda * p.sources();
                    }
                    // the same total from the port reduction: trace(Y C)
                    sourcesY += traceYC(t, cov, rt);
                }
            }
            double reads = (double) tally.images * c.positions;
            long physical = 0;
            long references = 0;
            for (int k = 0; k < c.colTiles(); k++) {
                physical += c.physicalColumns(k);
                references += c.tiles[0][k].array().referenceColumn() >= 0 ? 1 : 0;
            }
            double[] senseSquares = tally.fullGram[c.index] != null ? senseSquares(c, tally.fullGram[c.index])
                    : new double[] {tally.tiaData[c.index], tally.tiaReference[c.index]};
            tiaData += senseSquares[0] + reads * (physical - references) * card.tiaStaticPower();
            tiaRef += senseSquares[1] + reads * references * card.tiaStaticPower();
            subs += reads * c.cols * card.subtractorStaticPower();
            long wordLines = (long) c.rows * c.colTiles();
            if (c.source.input() == InputKind.REAL) {
                dacs += reads * wordLines * card.dacStaticPower();
            } else {
                drivers += reads * wordLines * card.driverStaticPower();
            }
            if (c.hasComparators()) {
                comps += reads * c.cols * card.comparatorStaticPower();
            } else {
                adcEnergy += reads * c.cols * card.adcEnergy(c.adcBits);
            }
        }
        double perImage = pulse / tally.images;
        Map<String, Double> cat = new LinkedHashMap<>();
        cat.put("devices", devices * perImage);
        cat.put("wires", (wl + bl) * perImage);
        cat.put("drivers", (drv + drivers) * perImage);
        cat.put("constant_term", (refArray + tiaRef) * perImage);
        cat.put("sensing", (tiaData + subs + sense) * perImage);
        cat.put("comparators", comps * perImage);
        cat.put("dacs", dacs * perImage);
        cat.put("adcs", adcEnergy / tally.images);
        Map<String, Double> det = new LinkedHashMap<>();
        det.put("array_devices", devices * perImage);
        det.put("word_line_wires", wl * perImage);
        det.put("bit_line_wires", bl * perImage);
        det.put("driver_resistance", drv * perImage);
        det.put("sense_inputs", sense * perImage);
        det.put("constant_term_array", refArray * perImage);
        det.put("word_line_sources", sources * perImage);
        det.put("word_line_sources_from_admittance", sourcesY * perImage);
        det.put("constant_term_tias", tiaRef * perImage);
        det.put("data_tias", tiaData * perImage);
        det.put("subtractors", subs * perImage);
        det.put("word_line_driver_static", drivers * perImage);
        double total = 0;
        for (double v : cat.values()) {
            total += v;
        }
        if (!split) {
            total = sourcesY * perImage + (tiaData + tiaRef + subs + comps + drivers + dacs) * perImage
                    + adcEnergy / tally.images;
            return new Breakdown(Map.of(), Map.of(), total, net.latencyPerImage(), total / net.latencyPerImage(), 0);
        }
        double seconds = net.latencyPerImage();
        double circuit = devices + wl + bl + drv + sense + refArray;
        double balance = sources == 0 ? 0 : Math.abs(sources - circuit) / Math.abs(sources);
        balance = Math.max(balance, sources == 0 ? 0 : Math.abs(sources - sourcesY) / Math.abs(sources));
        return new Breakdown(cat, det, total, seconds, total / seconds, balance);
    }

    /** trace(Y C) of a tile: the sum over reads of the power its word-line sources deliver. */
    private static double traceYC(Tile t, DMatrixRMaj cov, int rt) {
        double s = 0;
        for (int i = 0; i < rt; i++) {
            for (int j = 0; j < rt; j++) {
                s += t.ports().admittance(i, j) * cov.get(j, i);
            }
        }
        return s;
    }

    /**
     * Sum over all reads of Rf * I^2 of the data columns' and the reference columns' TIAs of a layer, from its full
     * drive second moment C (input units squared, upper triangle): each sensed column's current is t'V with t its
     * transfer over all the layer's word lines (row tiles stacked), so the sum of its squares is vu^2 t'Ct.
     */
    private static double[] senseSquares(CompiledLayer c, long[] gram) {
        int rows = c.rows;
        double scale = c.voltsPerUnit * c.voltsPerUnit * c.feedbackResistance;
        double data = 0;
        double ref = 0;
        double[] t = new double[rows];
        double[] y = new double[rows];
        for (int k = 0; k < c.colTiles(); k++) {
            CrossbarArray a = c.tiles[0][k].array();
            for (int q = 0; q < a.physicalColumns(); q++) {
                for (int r = 0; r < c.rowTiles(); r++) {
                    Tile tile = c.tiles[r][k];
                    for (int i = 0; i < tile.rows(); i++) {
                        t[tile.row0() + i] = tile.ports().transfer(q, i);
                    }
                }
                java.util.Arrays.fill(y, 0.0);
                for (int i = 0; i < rows; i++) {
                    int base = i * rows;
                    double ti = t[i];
                    double yi = gram[base + i] * ti;
                    for (int j = i + 1; j < rows; j++) {
                        double g = gram[base + j];
                        yi += g * t[j];
                        y[j] += g * ti;
                    }
                    y[i] += yi;
                }
                double s = 0;
                for (int i = 0; i < rows; i++) {
                    s += t[i] * y[i];
                }
                if (q == a.referenceColumn()) {
                    ref += scale * s;
                } else {
                    data += scale * s;
                }
            }
        }
        return new double[] {data, ref};
    }
}
