package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.spice.Analysis;
import org.memspice.spice.ControlOutputs;
import org.memspice.spice.Netlist;
import org.memspice.spice.NetlistReader;
import org.memspice.spice.SpiceRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SPICE netlists: run one with the memspice engine. */
@Command(name = "spice",
        mixinStandardHelpOptions = true,
        description = "Read and run SPICE (ngspice dialect) netlists.",
        subcommands = {SpiceCommand.Run.class})
public final class SpiceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  memspice spice run netlists/divider-subckt.cir --json"},
            description = "Run the netlist's analyses (.op, .dc, .tran). .op prints node voltages and source currents;"
                    + " .dc and .tran write CSV with ngspice's vector names (to stdout unless --csv).")
    static final class Run implements Runnable {
        @CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "netlist file")
        Path file;

        @CommandLine.Option(names = "--json", description = "print results as JSON")
        boolean json;

        @CommandLine.Option(names = "--csv", paramLabel = "FILE",
                description = "write .dc/.tran results to this CSV file (FILE-1.csv, FILE-2.csv ... if several)")
        Path csv;

        @CommandLine.Option(names = "--power", description = "with .op: also the power absorbed by every element,"
                + " per category (memristors, resistors, capacitors, sources, periphery) and in total")
        boolean power;

        @CommandLine.Option(names = "--solver", paramLabel = "auto|direct|iterative",
                description = "how .op solves a linear circuit: conjugate gradients on the nodal form (iterative),"
                        + " sparse factorization (direct), or chosen by size (auto, the default; .options solver=...)")
        String solver;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            long t0 = System.nanoTime();
            org.memspice.circuit.DcSolver override;
            try {
                override = solver == null ? null : SpiceRun.solver(solver);
            } catch (InputException e) {
                throw new InputException("--solver " + solver + ": expected auto, direct or iterative");
            }
            OutputPaths.file(csv, "--csv");
            Netlist nl = NetlistReader.read(file);
            long t1 = System.nanoTime();
            for (String w : nl.warnings()) err.println("warning: " + w);
            if (nl.analyses().isEmpty()) {
                throw new InputException(file + ": the netlist requests no analysis (.op, .dc or .tran)");
            }
            err.printf("memspice: read %s: %d nodes, %d elements in %.3f s%n", file, nl.circuit().nodeCount(),
                    nl.circuit().elements().size(), (t1 - t0) * 1e-9);
            for (Path f : ControlOutputs.files(nl.outputs())) {
                OutputPaths.file(f, file + " (.control output)");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            List<SpiceRun.Table> tables = new ArrayList<>();
            List<Object> perAnalysis = new ArrayList<>();
            List<String> tablePlots = new ArrayList<>();
            Netlist read = nl;
            for (int ai = 0; ai < read.analyses().size(); ai++) {
                Analysis a = read.analyses().get(ai);
                nl = SpiceRun.before(nl, ai);   // the control block's alter commands before this analysis
                String plot = read.plots().get(ai);
                long s0 = System.nanoTime();
                long solved = 0;
                if (a instanceof Analysis.Op) {
                    org.memspice.circuit.OperatingPoint opa = SpiceRun.operatingPoint(nl, override);
                    org.memspice.circuit.Solution solution = opa.solve();
                    long s1 = System.nanoTime();
                    solved = s1 - s0;
                    org.memspice.circuit.DcSolver.Report rep = opa.report();
                    err.printf("memspice: op solver: %s, %d iterations%s%s%n", rep.method(), rep.iterations(),
                            Double.isNaN(rep.residual()) ? "" : String.format(Locale.ROOT, ", relative residual %.3g", rep.residual()),
                            rep.note().isEmpty() ? "" : " (" + rep.note() + ")");
                    Map<String, Object> sm = new LinkedHashMap<>();
                    sm.put("method", rep.method());
                    sm.put("iterations", rep.iterations());
                    sm.put("residual", Double.isNaN(rep.residual()) ? null : rep.residual());
                    sm.put("note", rep.note());
                    sm.put("seconds", (s1 - s0) * 1e-9);
                    SpiceRun.Op op = SpiceRun.op(solution);
                    perAnalysis.add(op);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("v", op.v());
                    m.put("i", op.i());
                    boolean oneOp = read.analyses().stream().filter(x -> x instanceof Analysis.Op).count() == 1;
                    result.put(oneOp ? "op" : plot, m);
                    result.put(oneOp ? "solver" : plot + "-solver", sm);
                    if (!json) {
                        // one buffer, not a formatted print per node (large netlists have 10^5 nodes)
                        StringBuilder sb = new StringBuilder("operating point").append(System.lineSeparator());
                        op.v().forEach((k, v) -> sb.append("  v(").append(k).append(") = ").append(v).append(System.lineSeparator()));
                        op.i().forEach((k, v) -> sb.append("  i(").append(k).append(") = ").append(v).append(System.lineSeparator()));
                        out.print(sb);
                    }
                    if (power) {
                        SpiceRun.Power p = SpiceRun.power(solution);
                        Map<String, Object> pm = new LinkedHashMap<>();
                        pm.put("elements", p.elements());
                        pm.put("categories", p.categories());
                        pm.put("total", p.total());
                        pm.put("delivered", p.delivered());
                        result.put("power", pm);
                        if (!json) {
                            out.println("power absorbed (W; negative = delivered)");
                            p.elements().forEach((k, v) -> out.printf("  %s = %s%n", k, v));
                            p.categories().forEach((k, v) -> out.printf("  [%s] = %s%n", k, v));
                            out.printf("  total = %s (delivered %s)%n", p.total(), p.delivered());
                        }
                    }
                } else if (a instanceof Analysis.Dc d) {
                    tables.add(SpiceRun.dc(nl, d));
                    tablePlots.add(plot);
                    perAnalysis.add(tables.get(tables.size() - 1));
                } else if (a instanceof Analysis.Tran t) {
                    tables.add(SpiceRun.tran(nl, t));
                    tablePlots.add(plot);
                    perAnalysis.add(tables.get(tables.size() - 1));
                }
                // .op: the analysis alone (system, solve), as ngspice's analysis time; .dc/.tran: with their tables
                if (solved == 0) solved = System.nanoTime() - s0;
                err.printf("memspice: %s solved in %.3f s%n", read.analyses().size() == 1
                        ? a.getClass().getSimpleName().toLowerCase() : plot, solved * 1e-9);
            }
            for (int k = 0; k < tables.size(); k++) {
                SpiceRun.Table t = tables.get(k);
                Path target = csv == null ? null : tables.size() == 1 ? csv : numbered(csv, k + 1);
                if (target != null) {
                    OutputPaths.file(target, "--csv");
                    OutputPaths.createParent(target, "--csv");
                    t.writeCsv(target);
                }
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("columns", t.columns());
                    m.put("points", t.rows().size());
                    if (target != null) m.put("csv", target.toString());
                    else m.put("rows", t.rows());
                    long same = tables.stream().filter(x -> x.analysis().equals(t.analysis())).count();
                    result.put(same == 1 ? t.analysis() : tablePlots.get(k), m);
                } else if (target == null && nl.outputs().isEmpty()) {
                    t.writeCsv(out);   // a control block that writes its own outputs does not also get the CSV
                } else if (target != null) {
                    err.printf("memspice: %s: %d points written to %s%n", tables.size() == 1 ? t.analysis()
                            : tablePlots.get(k), t.rows().size(), target);
                }
            }
            String deck = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            for (String w : ControlOutputs.write(nl.outputs(), perAnalysis, nl.title(), out,
                    org.memspice.report.VectorPlot::write, Path.of("."), deck)) {
                err.println("memspice: " + w);
            }
            long w0 = System.nanoTime();
            if (json) JsonWriter.write(result, out);
            out.flush();
            err.printf("memspice: results written in %.3f s%n", (System.nanoTime() - w0) * 1e-9);
        }

        private static Path numbered(Path p, int k) {
            String name = p.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String numbered = dot > 0 ? name.substring(0, dot) + "-" + k + name.substring(dot) : name + "-" + k;
            return p.resolveSibling(numbered);
        }
    }
}
