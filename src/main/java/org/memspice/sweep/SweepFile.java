package org.memspice.sweep;

import org.memspice.InputException;
import org.memspice.crossbar.ArrayScheme;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results file of a sweep, one CSV line per finished trial, written as each trial finishes: a killed sweep loses
 * only the trials in flight, and a rerun with the same file skips every trial it holds. The first line names the
 * sweep (its {@link SweepInputs#fingerprint()}, model, card, seed, images); a file of another sweep is refused,
 * never overwritten. Numbers are written so that they read back to the same bits.
 */
public final class SweepFile implements AutoCloseable {
    static final String MAGIC = "# memspice sweep";

    private final Path file;
    private final OutputStream out;
    private final List<TrialResult> finished;
    private final SweepGrid grid;

    private SweepFile(Path file, OutputStream out, List<TrialResult> finished, SweepGrid grid) {
        this.file = file;
        this.out = out;
        this.finished = finished;
        this.grid = grid;
    }

    /** The header line that names a sweep. */
    static String header(SweepInputs in) {
        return MAGIC + " fingerprint=" + in.fingerprint() + " model=" + in.modelName().replace(' ', '_') + " card="
                + in.card().name().replace(' ', '_') + " seed=" + in.seed() + " images=" + in.images().size();
    }

    static String columns(SweepGrid grid) {
        StringBuilder b = new StringBuilder("scheme,trial");
        for (SweepGrid.Axis a : grid.axes()) {
            b.append(',').append(a.name());
        }
        return b.append(",images,correct,agree,accuracy,agreement,energy_per_image_j,reprogram_s,infer_s").toString();
    }

    /**
     * Opens {@code file} for the sweep of {@code in}: creates it with its header, or reads the trials it holds (of
     * this sweep's grid points) after checking that it belongs to this sweep. A last line cut short by a killed run
     * is dropped.
     */
    public static SweepFile open(Path file, SweepInputs in) {
        String header = header(in);
        String columns = columns(in.grid());
        List<TrialResult> finished = new ArrayList<>();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                for (Path p = parent; p != null; p = p.getParent()) {
                    if (Files.exists(p) && !Files.isDirectory(p)) {
                        throw new InputException("--csv " + file + ": " + p + " is a file, not a folder; expected a"
                                + " path in a folder");
                    }
                }
                Files.createDirectories(parent);
            }
            if (Files.isDirectory(file)) {
                throw new InputException("--csv " + file + ": a folder; expected a file name");
            }
            if (Files.exists(file) && Files.size(file) > 0) {
                byte[] bytes = Files.readAllBytes(file);
                String text = new String(bytes, StandardCharsets.UTF_8);
                int complete = text.lastIndexOf('\n') + 1;
                String[] lines = text.substring(0, complete).split("\n", -1);
                if (lines.length < 3 || !lines[0].startsWith(MAGIC + " fingerprint=")) {
                    throw new InputException(file + ": line 1: not a memspice sweep results file (expected '" + MAGIC
                            + " fingerprint=...'); give another --csv or remove the file");
                }
                if (!lines[0].equals(header) || !lines[1].equals(columns)) {
                    throw new InputException(file + ": written by another sweep (" + lines[0].substring(MAGIC.length()).trim()
                            + (lines[1].equals(columns) ? "" : "; columns " + lines[1]) + "); this sweep is "
                            + header.substring(MAGIC.length()).trim() + " with columns " + columns + ". Expected the same"
                            + " model, card, images, seed, base variation and swept parameters to resume; give another"
                            + " --csv to keep both (the file is left as it is)");
                }
                Map<String, Integer> points = new HashMap<>();
                for (int p = 0; p < in.grid().size(); p++) {
                    points.put(valuesKey(in.grid().values(p)), p);
                }
                int axes = in.grid().axes().size();
                for (int i = 2; i < lines.length - 1; i++) {
                    TrialResult r = parse(file, i + 1, lines[i], axes, points);
                    if (r != null) {
                        finished.add(r);
                    }
                }
                if (complete < bytes.length) {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.truncate(complete);   // the line a killed run was writing
                    }
                }
                OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND);
                return new SweepFile(file, out, finished, in.grid());
            }
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            out.write((header + "\n" + columns + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new SweepFile(file, out, finished, in.grid());
        } catch (IOException e) {
            throw new InputException("--csv " + file + ": cannot write the results file: " + e.getMessage());
        }
    }

    private static String valuesKey(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(Double.toString(v)).append(',');
        }
        return b.toString();
    }

    /** One result line, or null when its grid point is not in this sweep's grid (kept in the file, not reported). */
    private static TrialResult parse(Path file, int lineNo, String line, int axes, Map<String, Integer> points) {
        String[] f = line.split(",", -1);
        int expected = 2 + axes + 8;
        if (f.length != expected) {
            throw new InputException(file + ": line " + lineNo + ": " + f.length + " fields; expected " + expected
                    + " (a results line of this sweep)");
        }
        try {
            ArrayScheme scheme = schemeOf(f[0]);
            int trial = Integer.parseInt(f[1]);
            double[] values = new double[axes];
            for (int a = 0; a < axes; a++) {
                values[a] = Double.parseDouble(f[2 + a]);
            }
            int k = 2 + axes;
            int images = Integer.parseInt(f[k]);
            int correct = Integer.parseInt(f[k + 1]);
            int agree = Integer.parseInt(f[k + 2]);
            double energy = Double.parseDouble(f[k + 5]);
            double reprogram = Double.parseDouble(f[k + 6]);
            double infer = Double.parseDouble(f[k + 7]);
            if (scheme == null || trial < 0 || images < 1 || correct < 0 || correct > images || agree < 0 || agree > images
                    || !Double.isFinite(energy)) {
                throw new NumberFormatException("out of range");
            }
            Integer point = points.get(valuesKey(values));
            return point == null ? null : new TrialResult(point, scheme, trial, images, correct, agree, energy, reprogram,
                    infer);
        } catch (NumberFormatException e) {
            throw new InputException(file + ": line " + lineNo + ": '" + line + "': not a results line of this sweep ("
                    + e.getMessage() + ")");
        }
    }

    private static ArrayScheme schemeOf(String label) {
        for (ArrayScheme s : ArrayScheme.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }

    /** The trials the file held when opened (of this sweep's grid). */
    public List<TrialResult> finished() {
        return List.copyOf(finished);
    }

    public Path path() {
        return file;
    }

    /** Appends one finished trial (one write, flushed). */
    public synchronized void append(TrialResult r) {
        StringBuilder b = new StringBuilder();
        b.append(r.scheme().label()).append(',').append(r.trial());
        for (double v : grid.values(r.point())) {
            b.append(',').append(Double.toString(v));
        }
        b.append(',').append(r.images()).append(',').append(r.correct()).append(',').append(r.agree());
        b.append(',').append(String.format(Locale.ROOT, "%.6f", r.accuracy()));
        b.append(',').append(String.format(Locale.ROOT, "%.6f", r.agreement()));
        b.append(',').append(Double.toString(r.energyPerImage()));
        b.append(',').append(String.format(Locale.ROOT, "%.3f", r.reprogramSeconds()));
        b.append(',').append(String.format(Locale.ROOT, "%.3f", r.inferSeconds()));
        b.append('\n');
        try {
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new org.memspice.SimulationException(file + ": cannot append a result: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
