package org.memspice.spice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.memspice.SimulationException;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.crossbar.ReadSolver;
import org.memspice.crossbar.Sensing;
import org.memspice.signal.SpiceNumber;

/**
 * Reads of one array solved by ngspice: a reference solver that checks memspice's own solvers against an
 * independent simulator, and a way to run small networks read by read through ngspice.
 *
 * <p>A batch of reads is one ngspice process. The deck is the array's netlist ({@link CrossbarCircuit}, written
 * by {@link NetlistWriter}) with the first read's source voltages, and a control block that, for every read,
 * {@code alter}s only the sources whose voltage differs from the read before, runs {@code op} and appends one
 * line to a data file with {@code wrdata}: the source currents {@code i(vin<i>)} and what the sensing needs
 * ({@code i(vs<j>)} for an ideal virtual ground, {@code v(s<j>)} for a sense resistor, {@code v(s<j>)} and
 * {@code v(o<j>)} for a TIA of finite gain). With {@code numdgt=16} wrdata prints 17 significant digits, enough
 * to give back ngspice's doubles exactly (its default, 9 digits, is not); the deck's numbers are the shortest
 * text that reads back to the same double in Java, and ngspice's own number reader lands within an ulp or two
 * of it. The source power follows ngspice's convention that {@code i(vin<i>)} flows into the source's positive
 * terminal: the sources deliver -sum v_i i(vin_i).
 *
 * <p>Each run works in a fresh temporary folder (deck, log, data), deleted afterwards unless the constructor
 * or the system property {@value #KEEP_PROPERTY}{@code =true} asks to keep it. One instance per thread.
 */
public final class NgspiceReadSolver implements ReadSolver {
    /** System property that keeps every run's folder when set to {@code true}. */
    public static final String KEEP_PROPERTY = "memspice.ngspice.keep";
    static final String DECK = "reads.cir";
    static final String DATA = "reads.data";

    /**
     * The solved batch: {@code columnCurrents} is batch x physical columns (amperes into each sense node),
     * {@code sourcePowers} the power the word-line sources deliver in each read (watts).
     */
    public record Reads(int batch, double[] columnCurrents, double[] sourcePowers) {}

    private final CrossbarArray array;
    private final NgspiceProcess process;
    private final boolean keepFolder;
    private Path lastFolder;

    /** ngspice from $NGSPICE or the PATH with the default timeout. */
    public NgspiceReadSolver(CrossbarArray array) {
        this(array, new NgspiceProcess(), false);
    }

    /** ngspice from $NGSPICE or the PATH; each batch may take up to {@code timeout}. */
    public NgspiceReadSolver(CrossbarArray array, Duration timeout) {
        this(array, new NgspiceProcess(timeout), false);
    }

    /** Runs through the given process (executable, timeout); keeps every run's folder when asked. */
    public NgspiceReadSolver(CrossbarArray array, NgspiceProcess process, boolean keepFolder) {
        this.array = array;
        this.process = process;
        this.keepFolder = keepFolder || Boolean.getBoolean(KEEP_PROPERTY);
    }

    @Override
    public CrossbarArray array() {
        return array;
    }

    @Override
    public void columnCurrents(double[] v, double[] columnCurrents) {
        checkRead(v);
        Reads r = read(v, 1);
        System.arraycopy(r.columnCurrents(), 0, columnCurrents, 0, array.physicalColumns());
    }

    @Override
    public double sourcePower(double[] v) {
        checkRead(v);
        return read(v, 1).sourcePowers()[0];
    }

    /** The whole batch in one ngspice process. */
    @Override
    public void columnCurrents(double[] volts, int batch, double[] out) {
        int p = array.physicalColumns();
        if (out.length < batch * p) {
            throw new IllegalArgumentException("column currents: " + out.length + " entries for " + batch + " reads of "
                    + p + " columns");
        }
        Reads r = read(volts, batch);
        System.arraycopy(r.columnCurrents(), 0, out, 0, batch * p);
    }

    /**
     * Column currents and source power of a batch of reads ({@code volts} row-major batch x rows) from one
     * ngspice process.
     */
    public Reads read(double[] volts, int batch) {
        int m = array.rows();
        int p = array.physicalColumns();
        checkBatch(volts, batch);
        if (batch == 0) {
            return new Reads(0, new double[0], new double[0]);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("memspice-ngspice-reads");
        } catch (IOException e) {
            throw new SimulationException("cannot create a temporary folder for ngspice: " + e.getMessage());
        }
        lastFolder = dir;
        try {
            Files.writeString(dir.resolve(DECK), deck(volts, batch));
            process.run(dir, DECK, DATA);
            double[][] rows = readData(dir.resolve(DATA), batch);
            Sensing sensing = array.design().sensing();
            double[] currents = new double[batch * p];
            double[] powers = new double[batch];
            for (int b = 0; b < batch; b++) {
                double[] row = rows[b];
                double power = 0;
                for (int i = 0; i < m; i++) {
                    power -= volts[b * m + i] * row[i];
                }
                powers[b] = power;
                for (int j = 0; j < p; j++) {
                    double current;
                    if (sensing.kind() == Sensing.Kind.RESISTOR) {
                        current = row[m + j] / sensing.senseResistance();
                    } else if (sensing.idealVirtualGround()) {
                        current = row[m + j];
                    } else {
                        current = (row[m + 2 * j] - row[m + 2 * j + 1]) / sensing.feedbackResistance();
                    }
                    currents[b * p + j] = current;
                }
            }
            return new Reads(batch, currents, powers);
        } catch (IOException e) {
            throw new SimulationException("ngspice reads in " + dir + ": " + e.getMessage());
        } finally {
            if (keepFolder) {
                System.err.println("ngspice reads kept in " + dir);
            } else {
                deleteQuietly(dir);
            }
        }
    }

    /** The folder of the last batch (deleted by now unless kept), or null before the first. */
    public Path lastFolder() {
        return lastFolder;
    }

    /** The deck of a batch: the netlist at the first read's voltages, then one alter/op/wrdata group per read. */
    String deck(double[] volts, int batch) {
        checkBatch(volts, batch);
        int m = array.rows();
        double[] first = java.util.Arrays.copyOfRange(volts, 0, m);
        String title = "memspice ngspice reads: " + array.rows() + "x" + array.design().columns() + " "
                + array.design().scheme().label() + ", " + batch + (batch == 1 ? " read" : " reads");
        CrossbarCircuit netlist = new CrossbarCircuit(array, first, title);
        String vectors = String.join(" ", vectors());
        List<String> tail = new ArrayList<>(netlist.descriptionComments());
        tail.add(".control");
        tail.add("set numdgt=16");
        tail.add("set wr_singlescale");
        for (int b = 0; b < batch; b++) {
            tail.add("* read " + b);
            if (b > 0) {
                for (int i = 0; i < m; i++) {
                    double v = volts[b * m + i];
                    if (v != volts[(b - 1) * m + i]) {
                        tail.add("alter vin" + i + " dc = " + SpiceNumber.format(v));
                    }
                }
            }
            tail.add("op");
            tail.add("wrdata " + DATA + " " + vectors);
            if (b == 0) {
                tail.add("set appendwrite");
            }
        }
        tail.add("quit");
        tail.add(".endc");
        return NetlistWriter.write(netlist, tail);
    }

    /** The vectors each read writes: the source currents, then what the sensing needs per physical column. */
    List<String> vectors() {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < array.rows(); i++) {
            v.add("i(vin" + i + ")");
        }
        Sensing sensing = array.design().sensing();
        for (int j = 0; j < array.physicalColumns(); j++) {
            if (sensing.kind() == Sensing.Kind.RESISTOR) {
                v.add("v(s" + j + ")");
            } else if (sensing.idealVirtualGround()) {
                v.add("i(vs" + j + ")");
            } else {
                v.add("v(s" + j + ")");
                v.add("v(o" + j + ")");
            }
        }
        return v;
    }

    /** One row of values per read (the wr_singlescale scale column dropped). */
    private double[][] readData(Path data, int batch) throws IOException {
        int k = vectors().size();
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(data)) {
            if (!l.isBlank()) lines.add(l);
        }
        if (lines.size() != batch) {
            throw new SimulationException("ngspice wrote " + lines.size() + " reads for a batch of " + batch + " to "
                    + data + "; see the log " + data.resolveSibling(DECK + ".log") + (keepFolder ? "" : " (kept when "
                    + KEEP_PROPERTY + "=true)"));
        }
        double[][] rows = new double[batch][k];
        for (int b = 0; b < batch; b++) {
            String[] f = lines.get(b).trim().split("\\s+");
            if (f.length != k + 1) {
                throw new SimulationException(data + ": line " + (b + 1) + ": " + f.length + " numbers, expected "
                        + (k + 1) + " (the scale and " + k + " vectors)");
            }
            for (int c = 0; c < k; c++) {
                try {
                    rows[b][c] = Double.parseDouble(f[c + 1]);
                } catch (NumberFormatException e) {
                    throw new SimulationException(data + ": line " + (b + 1) + ": '" + f[c + 1] + "' is not a number");
                }
                if (!Double.isFinite(rows[b][c])) {
                    throw new SimulationException(data + ": line " + (b + 1) + ": " + vectors().get(c) + " = "
                            + f[c + 1] + " in read " + b);
                }
            }
        }
        return rows;
    }

    private void checkRead(double[] v) {
        if (v.length != array.rows()) {
            throw new IllegalArgumentException("source voltages: " + v.length + " values for " + array.rows() + " rows");
        }
    }

    private void checkBatch(double[] volts, int batch) {
        int m = array.rows();
        if (batch < 0 || volts.length < batch * m) {
            throw new IllegalArgumentException("source voltages: " + volts.length + " values for " + batch
                    + " reads of " + m + " rows");
        }
        for (int k = 0; k < batch * m; k++) {
            if (!Double.isFinite(volts[k])) {
                throw new IllegalArgumentException("source voltages: read " + k / m + ", row " + k % m + " is "
                        + volts[k]);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
