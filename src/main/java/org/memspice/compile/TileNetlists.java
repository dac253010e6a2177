package org.memspice.compile;

import org.memspice.InputException;
import org.memspice.bnn.ImageSet;
import org.memspice.bnn.Shape;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.spice.NetlistWriter;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One ngspice netlist per tile of a compiled network, each driven with the word-line voltages of one read of
 * one test image: the image goes through the circuit, and each layer's read is taken at the output position
 * that corresponds to a chosen position of the first layer's output map (scaled to each layer's map; dense
 * layers have one position). Each netlist holds the tile's array (R, V elements; the TIAs as 0 V sources
 * whose currents are the column currents), one {@code .op}, and as comments the tile's place in the layer,
 * its output mapping and the column currents memspice computes for the same read.
 */
public final class TileNetlists {
    private TileNetlists() {}

    /** A read: layer, output position, its (oy, ox). */
    public record Read(int layer, int position, int oy, int ox) {}

    /**
     * The read of every layer at the place of the first layer's output position {@code position} (row-major
     * oy*W + ox in its output map; null for the centre).
     */
    public static List<Read> reads(CompiledNetwork net, Integer position) {
        Shape first = net.layers().get(0).source.outShape();
        int p0 = position == null ? (first.height() / 2) * first.width() + first.width() / 2 : position;
        int positions0 = first.height() * first.width();
        if (p0 < 0 || p0 >= positions0) {
            throw new InputException("--position " + p0 + ": expected 0.." + (positions0 - 1) + " (an output position"
                    + " oy*" + first.width() + "+ox of the first layer's " + first.height() + "x" + first.width() + " map)");
        }
        double fy = (p0 / first.width() + 0.5) / first.height();
        double fx = (p0 % first.width() + 0.5) / first.width();
        List<Read> reads = new ArrayList<>();
        for (CompiledLayer c : net.layers()) {
            Shape s = c.source.outShape();
            int oy = Math.min(s.height() - 1, (int) (fy * s.height()));
            int ox = Math.min(s.width() - 1, (int) (fx * s.width()));
            reads.add(new Read(c.index, oy * s.width() + ox, oy, ox));
        }
        return reads;
    }

    /** Writes {@code dir}/TILE.cir for every tile; returns the files. */
    public static List<Path> write(CompiledNetwork net, ImageSet set, int image, Integer position, Path dir) {
        if (image < 0 || image >= set.size()) {
            throw new InputException("--image " + image + ": expected 0.." + (set.size() - 1) + " (" + set.source()
                    + " has " + set.size() + " images)");
        }
        CircuitInference inference = new CircuitInference(net);
        inference.classify(set, image, null);
        List<Read> reads = reads(net, position);
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException("--out " + dir + ": cannot create the folder: " + e.getMessage());
        }
        for (CompiledLayer c : net.layers()) {
            Read read = reads.get(c.index);
            double[] v = inference.driveVoltages(c.index, read.position());
            for (Tile[] row : c.tiles) {
                for (Tile t : row) {
                    Path f = dir.resolve(t.id() + ".cir");
                    write(net, c, t, v, image, read, f);
                    files.add(f);
                }
            }
        }
        return files;
    }

    /** The tile's word-line voltages out of the layer's: rows row0 .. row0 + rows. */
    static double[] tileVoltages(Tile t, double[] layerVolts) {
        return java.util.Arrays.copyOfRange(layerVolts, t.row0(), t.row0() + t.rows());
    }

    private static void write(CompiledNetwork net, CompiledLayer c, Tile t, double[] layerVolts, int image, Read read,
                              Path file) {
        double[] v = tileVoltages(t, layerVolts);
        CrossbarArray a = t.array();
        String title = "memspice " + net.scheme().label() + " tile " + t.id();
        CrossbarCircuit netlist = new CrossbarCircuit(a, v, title);
        double[] ic = new double[a.physicalColumns()];
        t.ports().columnCurrents(v, ic);
        List<String> tail = new ArrayList<>();
        tail.add("* tile " + t.id() + " of " + c.source.name() + ": word lines " + t.row0() + ".." + (t.row0() + t.rows() - 1)
                + " of " + c.rows + ", outputs " + t.col0() + ".." + (t.col0() + t.cols() - 1) + " of " + c.cols
                + " (" + c.rowTiles() + " row tiles x " + c.colTiles() + " column tiles)");
        tail.add("* read: test image " + image + ", output position " + read.position() + " (oy " + read.oy() + ", ox "
                + read.ox() + ")");
        tail.add("* the column currents i(vs<j>) of the row tiles of one column range add at shared TIA inputs");
        tail.addAll(netlist.descriptionComments());
        StringBuilder sb = new StringBuilder("* memspice column currents (A):");
        for (int j = 0; j < ic.length; j++) {
            sb.append(String.format(Locale.ROOT, " %d:%.15e", j, ic[j]));
            if (sb.length() > 900) {
                tail.add(sb.toString());
                sb = new StringBuilder("*");
            }
        }
        tail.add(sb.toString());
        tail.add(".op");
        try (Writer w = Files.newBufferedWriter(file)) {
            NetlistWriter.write(netlist, tail, w);
        } catch (IOException e) {
            throw new InputException(file + ": cannot write the netlist: " + e.getMessage());
        }
    }
}
