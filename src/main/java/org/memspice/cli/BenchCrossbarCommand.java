package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.SimulationException;
import org.memspice.crossbar.ConjugateGradientSolver;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.crossbar.CrossbarFactorization;
import org.memspice.crossbar.CrossbarSpec;
import org.memspice.crossbar.CrossbarSpecReader;
import org.memspice.crossbar.PortReduction;
import org.memspice.crossbar.ReadAnalysis;
import org.memspice.crossbar.ReadSolution;
import org.memspice.spice.NgspiceComparison;
import org.memspice.spice.NgspiceProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code memspice bench crossbar}: the crossbar solver against ngspice-39 on the same exported netlist, and
 * the in-process speed figures (256x256 single solve, input vectors per second, 1024x1024 in a 1 GiB heap).
 */
@Command(name = "crossbar", mixinStandardHelpOptions = true,
        footer = {"", "Example:", "  memspice bench crossbar --skip-ngspice"},
        description = "Time crossbar solves against ngspice on the same netlist, and at 256x256 and 1024x1024.")
public final class BenchCrossbarCommand implements Runnable {
    @Option(names = "--circuits", defaultValue = "circuits", description = "folder of the crossbar specs (default ${DEFAULT-VALUE})")
    Path circuits;
    @Option(names = "--ngspice-spec", defaultValue = "crossbar-128x128-conductances.json",
            description = "spec exported and run by ngspice (default ${DEFAULT-VALUE}; ngspice-39 needs about 2 minutes)")
    String ngspiceSpec;
    @Option(names = "--skip-ngspice", description = "leave out the ngspice comparison")
    boolean skipNgspice;
    @Option(names = "--work", defaultValue = "target/bench-crossbar", description = "folder for netlists and raw files")
    Path work;
    @Option(names = "--batch", defaultValue = "10000", description = "input vectors in the throughput test (the size of the Fashion-MNIST test set) (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    /** Most input vectors of the throughput test (their voltages and outputs are held in memory). */
    static final int MAX_BATCH = 1_000_000;

    private final Map<String, Object> result = new LinkedHashMap<>();
    private final List<String[]> table = new ArrayList<>();

    @Override
    public void run() {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new InputException("--batch " + batch + ": expected 1 to " + MAX_BATCH + " input vectors");
        }
        // the throughput test holds every vector's 256 voltages and 256 outputs
        String heap = org.memspice.crossbar.SizeLimits.overHeap(batch * 512.0 * 8 + org.memspice.crossbar.SizeLimits
                .arrayBytes(256L * 256));
        if (heap != null) {
            throw new InputException("--batch " + batch + ": " + heap);
        }
        if (!Files.isDirectory(circuits)) {
            throw new InputException("--circuits " + circuits + ": " + (Files.exists(circuits) ? "is a file" : "no such folder")
                    + "; expected the folder of the crossbar specs");
        }
        List<String> specs = new ArrayList<>(List.of("crossbar-256x256-conductances.json",
                "crossbar-1024x1024-conductances.json"));
        if (!skipNgspice) {
            specs.add(0, ngspiceSpec);
        }
        for (String name : specs) {
            Path f = circuits.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw new InputException((name.equals(ngspiceSpec) ? "--ngspice-spec " : "--circuits ") + f
                        + ": no such crossbar spec file");
            }
        }
        OutputPaths.createFolder(work, "--work");
        if (!skipNgspice) {
            ngspice();
        }
        single256();
        throughput256();
        large1024();
        if (json) {
            result.put("table", table);
            JsonOutput.print(result);
        } else {
            System.out.println();
            System.out.printf(Locale.ROOT, "%-58s %-22s %-22s %s%n", "measure", "memspice", "reference", "ratio / target");
            for (String[] row : table) {
                System.out.printf(Locale.ROOT, "%-58s %-22s %-22s %s%n", (Object[]) row);
            }
        }
    }

    private void progress(String s) {
        System.err.println("bench crossbar: " + s);
    }

    private void ngspice() {
        Path specFile = circuits.resolve(ngspiceSpec);
        CrossbarSpec spec = CrossbarSpecReader.read(specFile);
        CrossbarArray array = spec.array();
        double[] v = array.sourceVoltages(spec.inputs().get(0));
        Path cir = work.resolve(spec.name() + ".cir");
        Path raw = work.resolve(spec.name() + ".raw");
        try (Writer w = Files.newBufferedWriter(cir)) {
            CrossbarCommand.writeNetlist(new CrossbarCircuit(array, v, spec.name()), w);
        } catch (IOException e) {
            throw new InputException(cir + ": cannot write: " + e.getMessage());
        }
        progress("ngspice -b " + cir + " (" + array.network().size() + " nodes; ngspice-39 takes minutes) ...");
        NgspiceProcess.Run ng = new NgspiceProcess(Duration.ofHours(1)).runWritingRaw(work, cir.getFileName().toString(),
                raw.getFileName().toString());
        double ngWall = ng.seconds();
        double ngAnalysis = match(ng.log(), "Total analysis time \\(seconds\\) = ([0-9.eE+-]+)");
        progress(String.format(Locale.ROOT, "ngspice: analysis %.3f s, process %.3f s", ngAnalysis, ngWall));

        // memspice in this process: warm up, then time one solve from the spec's conductances
        ReadAnalysis warm = new ReadAnalysis(array, 1e-12);
        for (int k = 0; k < 5; k++) {
            warm.read(spec.inputs().get(0));
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c1 = mx.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        ReadSolution s = new ReadAnalysis(spec.array(), 1e-12).read(spec.inputs().get(0));
        double msSolve = (System.nanoTime() - t1) * 1e-9;
        double msCpu = (mx.getCurrentThreadCpuTime() - c1) * 1e-9;
        NgspiceComparison cmp = new NgspiceComparison(s, raw);
        // memspice as a fresh process on the same spec
        progress("memspice crossbar solve as a new process ...");
        long t2 = System.nanoTime();
        runProcess(javaCommand("crossbar", "solve", "--spec", specFile.toString(), "--json"), Map.of(), 600);
        double msWall = (System.nanoTime() - t2) * 1e-9;

        // the general engine on the same netlist file: `memspice spice run` as a new process
        progress("memspice spice run on the same netlist as a new process ...");
        Path err = work.resolve("spice-run.stderr");
        long t3 = System.nanoTime();
        String opJson = runProcess(javaCommand("spice", "run", cir.toString(), "--json"), Map.of(), 3600, err);
        double srWall = (System.nanoTime() - t3) * 1e-9;
        String srLog = readQuietly(err);
        double srSolve = match(srLog, "op solved in ([0-9.eE+-]+) s");
        java.util.regex.Matcher sm = java.util.regex.Pattern.compile("op solver: ([a-z ]+)[^\\n]*?, (\\d+) iterations").matcher(srLog);
        String srMethod = sm.find() ? sm.group(1).trim() + ", " + sm.group(2) + " iterations" : "unknown";
        double srError = spiceRunError(opJson, s, new CrossbarCircuit(array, v));

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("netlist", cir.toString());
        r.put("nodes", array.network().size());
        r.put("ngspiceAnalysisSeconds", ngAnalysis);
        r.put("ngspiceProcessSeconds", ngWall);
        r.put("memspiceSolveSeconds", msSolve);
        r.put("memspiceSolveThreadCpuSeconds", msCpu);
        r.put("memspiceIterations", s.iterations());
        r.put("memspiceProcessSeconds", msWall);
        r.put("analysisSpeedup", ngAnalysis / msSolve);
        r.put("processSpeedup", ngWall / msWall);
        r.put("spiceRunSolveSeconds", srSolve);
        r.put("spiceRunProcessSeconds", srWall);
        r.put("spiceRunSolver", srMethod);
        r.put("spiceRunNodeVoltageRelativeError", srError);
        r.put("nodeVoltageRelativeError", cmp.nodeVoltageError());
        r.put("columnCurrentRelativeError", cmp.columnCurrentError());
        result.put("ngspice", r);
        String size = spec.rows() + "x" + array.physicalColumns();
        table.add(row(size + " DC: analysis (ngspice) vs solve (memspice)", sec(msSolve) + " (cpu " + sec(msCpu) + ")", sec(ngAnalysis) + " ngspice",
                String.format(Locale.ROOT, "%.0fx (target >= 1000x)", ngAnalysis / msSolve)));
        table.add(row(size + " DC: whole process", sec(msWall), sec(ngWall) + " ngspice",
                String.format(Locale.ROOT, "%.0fx (target >= 100x)", ngWall / msWall)));
        table.add(row(size + " DC: spice run (" + srMethod + ") vs ngspice, solve", sec(srSolve), sec(ngAnalysis) + " ngspice",
                String.format(Locale.ROOT, "%.0fx", ngAnalysis / srSolve)));
        table.add(row(size + " DC: spice run vs ngspice, whole process", sec(srWall), sec(ngWall) + " ngspice",
                String.format(Locale.ROOT, "%.0fx; V vs crossbar solve %.1e", ngWall / srWall, srError)));
        table.add(row(size + " agreement with ngspice (max rel. diff.)",
                String.format(Locale.ROOT, "V %.1e, I %.1e", cmp.nodeVoltageError(), cmp.columnCurrentError()), "", "target <= 1e-6"));
    }

    private void single256() {
        CrossbarSpec spec = CrossbarSpecReader.read(circuits.resolve("crossbar-256x256-conductances.json"));
        CrossbarArray array = spec.array();
        double[] v = array.sourceVoltages(spec.inputs().get(0));
        double[] x = new double[array.network().size()];
        progress("256x256 single solves (warm-up, then 20 timed) ...");
        for (int k = 0; k < 20; k++) {
            Arrays.fill(x, 0);
            new ConjugateGradientSolver(array, 1e-10).solve(v, x, 1e-10);
        }
        double[] times = new double[20];
        double[] cpu = new double[20];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        int it = 0;
        double res = 0;
        for (int k = 0; k < times.length; k++) {
            Arrays.fill(x, 0);
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            ConjugateGradientSolver cg = new ConjugateGradientSolver(array, 1e-10);
            cg.solve(v, x, 1e-10);
            times[k] = (System.nanoTime() - t0) * 1e-9;
            cpu[k] = (mx.getCurrentThreadCpuTime() - c0) * 1e-9;
            it = cg.iterations();
            res = cg.relativeResidual();
        }
        Arrays.sort(times);
        Arrays.sort(cpu);
        double median = times[times.length / 2];
        double cpuMedian = cpu[cpu.length / 2];
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("medianSeconds", median);
        r.put("minSeconds", times[0]);
        r.put("medianThreadCpuSeconds", cpuMedian);
        r.put("iterations", it);
        r.put("relativeResidual", res);
        result.put("single256", r);
        table.add(row("256x256 single solve to column currents within 1e-10, incl. setup, one thread (median of 20)",
                ms(median) + " (cpu " + ms(cpuMedian) + ")",
                it + " CG iterations", String.format(Locale.ROOT, "residual %.1e (target <= 50 ms)", res)));
    }

    private void throughput256() {
        CrossbarSpec spec = CrossbarSpecReader.read(circuits.resolve("crossbar-256x256-conductances.json"));
        CrossbarArray array = spec.array();
        int m = spec.rows();
        Random rnd = new Random(256);
        double[] volts = new double[batch * m];
        for (int k = 0; k < volts.length; k++) {
            volts[k] = rnd.nextBoolean() ? spec.design().readVoltage() : -spec.design().readVoltage();
        }
        progress("256x256 throughput: LDL' factorization, per-vector solves, port reduction for " + batch + " vectors ...");
        long t0 = System.nanoTime();
        CrossbarFactorization f = new CrossbarFactorization(array);
        double factor = (System.nanoTime() - t0) * 1e-9;
        double[] x = new double[array.network().size()];
        double[] v = new double[m];
        int solves = 50;
        long t1 = System.nanoTime();
        for (int b = 0; b < solves; b++) {
            System.arraycopy(volts, b * m, v, 0, m);
            f.solve(v, x);
        }
        double perSolve = (System.nanoTime() - t1) * 1e-9 / solves;
        long t2 = System.nanoTime();
        PortReduction ports = new PortReduction(f);
        double tBuild = (System.nanoTime() - t2) * 1e-9;
        long t3 = System.nanoTime();
        double[] out = ports.batchOutputCurrents(volts, batch);
        double tBatch = (System.nanoTime() - t3) * 1e-9;
        // check the reduced outputs against a full solve of the last vector
        System.arraycopy(volts, (batch - 1) * m, v, 0, m);
        f.solve(v, x);
        ReadSolution s = new ReadSolution(array, v.clone(), x, 0, 0);
        double err = 0;
        double scale = 0;
        for (int j = 0; j < array.outputs(); j++) {
            err = Math.max(err, Math.abs(s.outputCurrents()[j] - out[(batch - 1) * array.outputs() + j]));
            scale = Math.max(scale, Math.abs(s.outputCurrents()[j]));
        }
        double perVectorAll = (factor + tBuild + tBatch) / batch;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("factorSeconds", factor);
        r.put("factorNonzeros", f.factorNonzeros());
        r.put("secondsPerFullSolve", perSolve);
        r.put("portReductionSeconds", tBuild);
        r.put("batch", batch);
        r.put("batchProductSeconds", tBatch);
        r.put("vectorsPerSecondIncludingReduction", 1 / perVectorAll);
        r.put("fullSolvesPerSecond", 1 / perSolve);
        r.put("reducedVsFullRelativeError", err / scale);
        result.put("throughput256", r);
        table.add(row("256x256 full node solves/s (LDL', factored once)", String.format(Locale.ROOT, "%.0f /s", 1 / perSolve),
                "factor " + sec(factor), "nnz(L) " + f.factorNonzeros()));
        table.add(row("256x256 input vectors/s through T alone (matrix product)", String.format(Locale.ROOT, "%.0f /s", batch / tBatch),
                "", "exact in linear read mode"));
        table.add(row("256x256 input vectors/s, " + batch + " vectors incl. factor + T,Y", String.format(Locale.ROOT, "%.0f /s", 1 / perVectorAll),
                "T,Y " + sec(tBuild), String.format(Locale.ROOT, "target >= 200/s; T vs full %.1e", err / scale)));
    }

    private void large1024() {
        Path specFile = circuits.resolve("crossbar-1024x1024-conductances.json");
        progress("1024x1024 to column-current tolerance 1e-10 in a new JVM with -Xmx1g ...");
        String out = runProcess(javaCommandWithHeap("-Xmx1g", "crossbar", "solve", "--spec", specFile.toString(),
                "--tolerance", "1e-10", "--json"), Map.of(), 600);
        double seconds = match(out, "\"solveSeconds\" : ([0-9.eE+-]+)");
        double cpuSeconds = match(out, "\"solveThreadCpuSeconds\" : ([0-9.eE+-]+)");
        double residual = match(out, "\"relativeResidual\" : ([0-9.eE+-]+)");
        double iterations = match(out, "\"iterations\" : ([0-9]+)");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("heap", "-Xmx1g");
        r.put("solveSeconds", seconds);
        r.put("solveThreadCpuSeconds", cpuSeconds);
        r.put("iterations", (int) iterations);
        r.put("relativeResidual", residual);
        result.put("large1024", r);
        table.add(row("1024x1024 solve, column currents to 1e-10, -Xmx1g, first solve", sec(seconds) + " (cpu " + sec(cpuSeconds) + ")", (int) iterations + " CG iterations",
                String.format(Locale.ROOT, "residual %.1e (target <= 2 s)", residual)));
    }

    private static String[] row(String a, String b, String c, String d) {
        return new String[] {a, b, c, d};
    }

    private static String sec(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    private static String ms(double s) {
        return String.format(Locale.ROOT, "%.1f ms", s * 1e3);
    }

    private static double match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new SimulationException("benchmark: expected '" + regex + "' in the output of a child process:\n"
                    + text.substring(0, Math.min(2000, text.length())));
        }
        return Double.parseDouble(m.group(1));
    }

    private static List<String> javaCommand(String... args) {
        return javaCommandWithHeap("-Xmx1g", args);
    }

    private static List<String> javaCommandWithHeap(String heap, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, heap, "-cp", System.getProperty("java.class.path"),
                "org.memspice.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Max |v - v_spice_run| / max |v| over the word-line and bit-line nodes of the spice run JSON. */
    private static double spiceRunError(String json, ReadSolution s, CrossbarCircuit netlist) {
        com.fasterxml.jackson.databind.JsonNode v;
        try {
            v = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("op").path("v");
        } catch (IOException e) {
            throw new SimulationException("benchmark: spice run printed no JSON: " + e.getMessage());
        }
        int m = s.array().network().rows();
        int n = s.array().network().cols();
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int side = 0; side < 2; side++) {
                    String name = side == 0 ? netlist.wordLineNode(i, j) : netlist.bitLineNode(i, j);
                    com.fasterxml.jackson.databind.JsonNode ref = v.get(name);
                    if (ref == null) {
                        throw new SimulationException("benchmark: spice run JSON has no node " + name);
                    }
                    worst = Math.max(worst, Math.abs(ref.asDouble() - s.nodeVoltages()[side * m * n + i * n + j]));
                    scale = Math.max(scale, Math.abs(ref.asDouble()));
                }
            }
        }
        return worst / scale;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static String runProcess(List<String> cmd, Map<String, String> env, long timeoutSeconds) {
        return runProcess(cmd, env, timeoutSeconds, null);
    }

    /** Runs a child process; its stdout is returned, its stderr merged into it or written to {@code stderr}. */
    private static String runProcess(List<String> cmd, Map<String, String> env, long timeoutSeconds, Path stderr) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (stderr == null) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(stderr.toFile());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SimulationException(cmd.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new SimulationException(String.join(" ", cmd.subList(0, Math.min(4, cmd.size()))) + " ... exited with "
                        + p.exitValue() + ":\n" + text.substring(Math.max(0, text.length() - 2000)));
            }
            return text;
        } catch (IOException e) {
            throw new SimulationException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulationException("interrupted while running " + cmd.get(0), e);
        }
    }
}
