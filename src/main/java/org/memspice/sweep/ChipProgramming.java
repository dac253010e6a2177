package org.memspice.sweep;

import org.memspice.compile.Programming;
import org.memspice.compile.ReadNoise;
import org.memspice.compile.Tile;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.CrossbarArray;

import java.util.SplittableRandom;

/**
 * One Monte Carlo chip: the compiled network's tiles programmed with devices drawn from a {@link Variation}.
 *
 * <p><b>Draws.</b> Every device (tile t, row i, physical column j) has its own generator, seeded from (seed, trial,
 * t, i * columns + j), from which it draws, always in this order and always all three (so that changing one
 * parameter leaves the other draws alone): a uniform u for the faults, z1 for the device-to-device spread and z2
 * for the cycle-to-cycle error. Each tile has one more generator, seeded from (seed, trial, t), for its wire
 * factor. Every number is therefore a pure function of (seed, trial, tile, device): a trial is recomputed alone,
 * in any order, on any thread or machine, to the last bit.
 *
 * <p><b>Composition</b>, per device of nominal conductance G0 (Gon or Goff): the spreads G = G0 f(sigma, z1)
 * f(c2c, z2) (log-normal f = exp(-sigma z) on the conductance, i.e. exp(sigma z) on the resistance; normal
 * f = 1 + sigma z, redrawn from the device's generator while not positive); then the nearest of the finite levels;
 * then the faults: u &lt; stuckOn gives Gon, stuckOn &lt;= u &lt; stuckOn + stuckOff gives Goff. The constant-term
 * column's fixed resistors are not devices and keep their value. The wire factor exp(wire z) scales both segment
 * resistances of the tile.
 */
public final class ChipProgramming implements Programming {
    private final Variation variation;
    private final long seed;
    private final int trial;

    public ChipProgramming(Variation variation, long seed, int trial) {
        this.variation = variation;
        this.seed = seed;
        this.trial = trial;
    }

    /** A number that names tile (layer, row tile, column tile) in the draws. */
    static long tileKey(Tile t) {
        return ((long) t.layer() << 40) | ((long) t.rowTile() << 20) | t.colTile();
    }

    /** The generator of device {@code device} of tile {@code tile} in trial {@code trial}. */
    static SplittableRandom device(long seed, int trial, long tile, long device) {
        return new SplittableRandom(ReadNoise.mix(ReadNoise.mix(ReadNoise.mix(ReadNoise.mix(seed) + trial) + tile) + device));
    }

    /** The generator of tile {@code tile}'s own draws (its wire factor). */
    static SplittableRandom tile(long seed, int trial, long tile) {
        return new SplittableRandom(ReadNoise.mix(ReadNoise.mix(ReadNoise.mix(ReadNoise.mix(seed ^ 0x7E1E_5EEDL) + trial) + tile)
                ^ 0xA5A5_A5A5L));
    }

    @Override
    public CrossbarArray program(Tile t, CrossbarArray ideal) {
        ArrayDesign d = ideal.design();
        long key = tileKey(t);
        CrossbarArray base = ideal;
        if (variation.wire() > 0) {
            double f = Math.exp(variation.wire() * tile(seed, trial, key).nextGaussian());
            base = CrossbarArray.programmed(d.withWires(d.wordLineSegment() * f, d.bitLineSegment() * f), ideal.weights());
        }
        double[] g = ideal.conductances();
        int p = ideal.physicalColumns();
        int ref = ideal.referenceColumn();
        double gOn = d.gOn();
        double gOff = d.gOff();
        double step = variation.levels() >= 2 ? (gOn - gOff) / (variation.levels() - 1) : 0;
        boolean normal = variation.distribution() == Variation.Distribution.NORMAL;
        double s1 = variation.spread();
        double s2 = variation.cycle();
        double on = variation.stuckOn();
        double faults = on + variation.stuckOff();
        for (int k = 0; k < g.length; k++) {
            if (k % p == ref) {
                continue;
            }
            SplittableRandom r = device(seed, trial, key, k);
            double u = r.nextDouble();
            double g0 = g[k];
            double v;
            if (normal) {
                double a;
                do {
                    a = 1 + s1 * r.nextGaussian();
                } while (!(a > 0));
                double b;
                do {
                    b = 1 + s2 * r.nextGaussian();
                } while (!(b > 0));
                v = g0 * a * b;
            } else {
                v = g0 * Math.exp(-s1 * r.nextGaussian() - s2 * r.nextGaussian());
            }
            if (step > 0) {
                long level = Math.round((v - gOff) / step);
                level = Math.max(0, Math.min(variation.levels() - 1, level));
                v = gOff + level * step;
            }
            if (u < faults) {
                v = u < on ? gOn : gOff;
            }
            g[k] = v;
        }
        return base.withConductances(g);
    }
}
