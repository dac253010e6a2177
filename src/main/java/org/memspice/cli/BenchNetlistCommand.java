package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.circuit.MnaSystem;
import org.memspice.circuit.OperatingPoint;
import org.memspice.circuit.Solution;
import org.memspice.spice.MeshNetlist;
import org.memspice.spice.Netlist;
import org.memspice.spice.NetlistReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Netlist loading and general-MNA DC speed on generated resistive meshes: read time against the time to
 * merely read the file's lines (the I/O floor, measured in the same run), and the DC solve time.
 */
@Command(name = "netlist", mixinStandardHelpOptions = true,
        footer = {"", "Example:", "  memspice bench netlist --elements 100000 --solve"},
        description = "Generate a resistive-mesh netlist of about N elements, time reading it (against reading its lines)"
                + " and, with --solve, the sparse-MNA DC operating point.")
public final class BenchNetlistCommand implements Runnable {
    @CommandLine.Option(names = "--elements", defaultValue = "1000000", description = "approximate element count (default ${DEFAULT-VALUE})")
    String elementsText;

    @CommandLine.Option(names = "--rows", description = "mesh rows (default: square mesh; 1 = ladder)")
    String rowsText;

    /** Bytes of netlist text per mesh element, about (a 10^6-element mesh is a 34 MB file). */
    static final long BYTES_PER_ELEMENT = 34;

    @CommandLine.Option(names = "--solve", description = "also build the MNA system and solve the DC operating point")
    boolean solve;

    @CommandLine.Option(names = "--seed", defaultValue = "1", description = "seed of the random resistances")
    String seedText;

    @CommandLine.Option(names = "--keep", paramLabel = "FILE", description = "write the netlist here instead of a temporary file")
    Path keep;

    @CommandLine.Option(names = "--json", description = "print results as JSON")
    boolean json;

    @Override
    public void run() {
        long most = NetlistReader.MAX_BYTES / BYTES_PER_ELEMENT;
        long elements = OptionValues.count("--elements", elementsText, 4, most);
        long seed;
        try {
            seed = Long.parseLong(seedText.strip());
        } catch (NumberFormatException e) {
            throw new InputException("--seed " + seedText + ": expected a whole number from " + Long.MIN_VALUE + " to "
                    + Long.MAX_VALUE);
        }
        int r = rowsText != null ? (int) OptionValues.count("--rows", rowsText, 1, Integer.MAX_VALUE)
                : (int) Math.max(1, Math.round(Math.sqrt(elements / 2.0)));
        long cl = Math.max(2, Math.round((elements - 3.0 * r) / (2.0 * r)));
        if (r == 1) cl = Math.max(2, elements - 2);
        int c = (int) cl;
        // the mesh has 2 r c + 2 r - c elements (drivers, loads, horizontal and vertical resistors)
        double count = 2.0 * r * c + 2.0 * r - c;
        if (count > 2.0 * elements) {
            throw new InputException(String.format(java.util.Locale.ROOT, "--rows %s: a %d x %d mesh has %.3g elements,"
                    + " more than twice --elements %d; expected --rows at most %d", rowsText, r, c, count, elements,
                    Math.max(1, elements / 3)));
        }
        NetlistReader.checkSize((long) (count * BYTES_PER_ELEMENT), String.format(java.util.Locale.ROOT,
                "--elements %d (a %d x %d mesh)", elements, r, c));
        OutputPaths.file(keep, "--keep");
        try {
            if (keep != null) OutputPaths.createParent(keep, "--keep");
            Path file = keep != null ? keep : Files.createTempFile("memspice-mesh", ".cir");
            long n;
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                n = MeshNetlist.write(r, c, seed, w);
            }
            System.err.printf("bench netlist: %d x %d mesh, %d elements, %.1f MB%n", r, c, n, Files.size(file) / 1e6);
            // reference: the I/O floor (read every line)
            long t0 = System.nanoTime();
            long lines = 0;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                while (in.readLine() != null) lines++;
            }
            double io = (System.nanoTime() - t0) * 1e-9;
            t0 = System.nanoTime();
            Netlist nl;
            try {
                nl = NetlistReader.read(file);
            } catch (RuntimeException e) {
                if (keep == null) Files.deleteIfExists(file);
                throw e;
            }
            double read = (System.nanoTime() - t0) * 1e-9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows", r);
            m.put("cols", c);
            m.put("elements", nl.circuit().elements().size());
            m.put("nodes", nl.circuit().nodeCount());
            m.put("file_mb", Files.size(file) / 1e6);
            m.put("read_lines_s", io);
            m.put("load_s", read);
            m.put("load_over_io", read / io);
            if (solve) {
                t0 = System.nanoTime();
                MnaSystem sys = new MnaSystem(nl.circuit());
                double build = (System.nanoTime() - t0) * 1e-9;
                t0 = System.nanoTime();
                OperatingPoint op = new OperatingPoint(sys);
                Solution s = op.solve();
                double dc = (System.nanoTime() - t0) * 1e-9;
                double[] kcl = s.kclResidual();
                double worst = 0;
                for (double v : kcl) worst = Math.max(worst, Math.abs(v));
                m.put("unknowns", sys.size());
                m.put("mna_build_s", build);
                m.put("dc_solve_s", dc);
                m.put("newton_iterations", op.iterations());
                m.put("max_kcl_residual_a", worst);
                m.put("power_balance_rel", s.totalPower() / s.deliveredPower());
            }
            if (keep == null) Files.deleteIfExists(file);
            if (json) {
                JsonOutput.print(m);
            } else {
                m.forEach((k, v) -> System.out.println(k + " = " + v));
            }
        } catch (java.io.IOException e) {
            throw new org.memspice.InputException("bench netlist: " + e.getMessage(), e);
        }
    }
}
