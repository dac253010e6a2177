package org.memspice.cli;

import org.memspice.InputException;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.crossbar.CrossbarSpec;
import org.memspice.crossbar.CrossbarSpecReader;
import org.memspice.crossbar.PowerBreakdown;
import org.memspice.crossbar.ReadAnalysis;
import org.memspice.crossbar.ReadSolution;
import org.memspice.report.IrDropMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code memspice crossbar solve|export}: read-mode solves of crossbar specs and their SPICE netlists. */
@Command(name = "crossbar", mixinStandardHelpOptions = true,
        description = "Solve crossbar arrays in read mode (wire resistance, both schemes, power) and export them to SPICE.",
        subcommands = {CrossbarCommand.Solve.class, CrossbarCommand.Export.class})
public final class CrossbarCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    enum Solver { cg, ldl, general }

    @Command(name = "solve", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  memspice crossbar solve --spec circuits/crossbar-64x64-single.json --plot out/irdrop.png"},
            description = "Solve every input vector of a crossbar spec: outputs, power breakdown, iterations, residual.")
    static final class Solve implements Runnable {
        @Option(names = "--spec", required = true, description = "crossbar spec (JSON)")
        Path specFile;
        @Option(names = "--json", description = "print the result as JSON")
        boolean json;
        @Option(names = "--plot", description = "write the IR-drop map of the first input as PNG: drop from the driven voltage along each word line, and from the sense node along each bit line")
        Path plot;
        @Option(names = "--solver",
                description = "cg (block-preconditioned conjugate gradients), ldl (nested-dissection LDL', factored once)"
                        + " or general (the general engine, Newton on the array's circuit; exact for nonlinear devices)."
                        + " Default: general for a spec whose cells hold a deviceNetlist subcircuit, else cg")
        Solver solver;
        @Option(names = "--tolerance", defaultValue = "1e-12", description = "CG tolerance: relative error of the column currents (default ${DEFAULT-VALUE})")
        double tolerance;
        @Option(names = "--csv", description = "write one row per input and output (currents, sense voltages, dot products, power) to FILE")
        Path csv;
        @Option(names = "--compare-raw", description = "ngspice raw file (ASCII or binary) of this spec's export (input 0): report the worst relative differences")
        Path compareRaw;
        @Option(names = "--max-print", defaultValue = "8", description = "outputs printed per input in text mode")
        int maxPrint;
        private double cpuSeconds;

        @Override
        public void run() {
            if (!(tolerance > 0 && tolerance < 1)) {
                throw new InputException("--tolerance " + tolerance + ": expected a value in (0, 1)");
            }
            if (maxPrint < 0) {
                throw new InputException("--max-print " + maxPrint + ": expected a number of outputs >= 0");
            }
            OutputPaths.file(csv, "--csv");
            OutputPaths.file(plot, "--plot");
            if (compareRaw != null && !Files.isRegularFile(compareRaw)) {
                throw new InputException("--compare-raw " + compareRaw + ": " + (Files.isDirectory(compareRaw)
                        ? "is a folder" : "no such file") + "; expected an ngspice raw file");
            }
            CrossbarSpec spec = CrossbarSpecReader.read(specFile);
            if (solver == null) {
                solver = spec.design().cellDevice() != null ? Solver.general : Solver.cg;
            }
            // every read is kept (node voltages included) until it is reported
            long cells = CrossbarSpecReader.cells(spec.rows(), spec.columns(), spec.scheme());
            if (solver == Solver.ldl) {
                String factor = org.memspice.crossbar.SizeLimits.overHeap(
                        org.memspice.crossbar.SizeLimits.factorBytes(cells));
                if (factor != null) {
                    throw new InputException("--solver ldl: the L D L' factor of " + specFile + " (" + spec.rows()
                            + " x " + spec.columns() + ", " + cells + " cells) " + factor.substring(0, factor.indexOf(':'))
                            + ": expected --solver cg (about " + org.memspice.crossbar.SizeLimits.BYTES_PER_CELL
                            + " bytes per cell), or " + org.memspice.crossbar.SizeLimits.MORE_HEAP);
                }
            }
            String heap = org.memspice.crossbar.SizeLimits.overHeap(org.memspice.crossbar.SizeLimits.arrayBytes(cells)
                    + (double) spec.inputs().size() * cells * org.memspice.crossbar.SizeLimits.BYTES_PER_READ_CELL);
            if (heap != null) {
                throw new InputException(specFile + ": $.inputs: " + spec.inputs().size() + " input vectors of a "
                        + spec.rows() + " x " + spec.columns() + " array (" + cells + " cells), each read kept: "
                        + heap.substring(0, heap.indexOf(':')) + ": expected fewer inputs, or "
                        + org.memspice.crossbar.SizeLimits.MORE_HEAP);
            }
            CrossbarArray array = spec.array();
            ReadAnalysis analysis = new ReadAnalysis(array, tolerance);
            org.memspice.crossbar.GeneralReadSolver general = solver == Solver.general
                    ? new org.memspice.crossbar.GeneralReadSolver(array) : null;
            List<ReadSolution> reads = new ArrayList<>();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int count = 0;
            for (double[] x : spec.inputs()) {
                reads.add(switch (solver) {
                    case cg -> analysis.read(x);
                    case ldl -> analysis.readDirect(x);
                    case general -> general.read(x);
                });
                if (spec.inputs().size() > 20 && ++count % 20 == 0) {
                    System.err.printf(Locale.ROOT, "\rsolved %d/%d inputs", count, spec.inputs().size());
                }
            }
            if (spec.inputs().size() > 20) {
                System.err.println();
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            cpuSeconds = (mx.getCurrentThreadCpuTime() - c0) * 1e-9;
            // a periphery card of 1e308 W per TIA overflows the power: never reported as Infinity
            Map<String, Object> r = result(spec, array, reads, seconds);
            FiniteResults.check(r, "crossbar solve " + specFile);
            if (csv != null) {
                writeCsv(spec, reads);
            }
            if (plot != null) {
                IrDropMap.write(reads.get(0), spec.name() + ": IR drop, input 0", plot);
            }
            org.memspice.spice.NgspiceComparison cmp = compareRaw == null ? null
                    : new org.memspice.spice.NgspiceComparison(reads.get(0), compareRaw);
            if (json) {
                if (cmp != null) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("raw", compareRaw.toString());
                    c.put("nodesCompared", cmp.nodesCompared());
                    c.put("nodeVoltageRelativeError", cmp.nodeVoltageError());
                    c.put("columnCurrentRelativeError", cmp.columnCurrentError());
                    c.put("outputCurrentRelativeError", cmp.outputCurrentError());
                    r.put("ngspice", c);
                }
                JsonOutput.print(r);
            } else {
                print(spec, array, reads, seconds);
                if (cmp != null) {
                    System.out.printf(Locale.ROOT, "ngspice %s: %d nodes, worst relative difference: node voltages %.2e,"
                            + " column currents %.2e, outputs %.2e%n", compareRaw, cmp.nodesCompared(),
                            cmp.nodeVoltageError(), cmp.columnCurrentError(), cmp.outputCurrentError());
                }
            }
        }

        private Map<String, Object> result(CrossbarSpec spec, CrossbarArray array, List<ReadSolution> reads,
                                           double seconds) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("spec", specFile.toString());
            r.put("name", spec.name());
            r.put("rows", spec.rows());
            r.put("columns", spec.columns());
            r.put("scheme", spec.scheme().label());
            r.put("physicalColumns", array.physicalColumns());
            r.put("unknowns", array.network().size());
            r.put("solver", solver.name());
            if (spec.design().cellDevice() != null) {
                r.put("cellDevice", spec.design().cellDevice().label());
            }
            r.put("solveSeconds", seconds);
            r.put("solveThreadCpuSeconds", cpuSeconds);
            List<Object> list = new ArrayList<>();
            for (int t = 0; t < reads.size(); t++) {
                ReadSolution s = reads.get(t);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("input", t);
                e.put("iterations", s.iterations());
                e.put("relativeResidual", s.relativeResidual());
                e.put("outputCurrents", s.outputCurrents());
                e.put("outputVoltages", s.outputVoltages());
                if (spec.scheme() != ArrayScheme.CONDUCTANCES) {
                    e.put("dotEstimates", s.dotEstimates());
                    e.put("idealDot", idealDot(spec, t));
                }
                e.put("columnCurrents", s.columnCurrents());
                e.put("power", powerMap(s.power()));
                e.put("energyPerRead", s.energyPerRead(spec.pulseWidth()));
                list.add(e);
            }
            r.put("pulseWidth", spec.pulseWidth());
            r.put("periphery", spec.design().periphery().name());
            r.put("reads", list);
            return r;
        }

        private void print(CrossbarSpec spec, CrossbarArray array, List<ReadSolution> reads, double seconds) {
            org.memspice.crossbar.ArrayDesign d = spec.design();
            System.out.printf(Locale.ROOT, "%s: %dx%d %s, %d physical columns, %d unknowns, solver %s%n", spec.name(),
                    spec.rows(), spec.columns(), spec.scheme().label(), array.physicalColumns(), array.network().size(),
                    solver);
            if (d.cellDevice() != null) {
                System.out.printf(Locale.ROOT, "cells: subcircuit %s, states held (%s)%n", d.cellDevice().label(),
                        solver == Solver.general ? "solved by the general engine" : "read by the fast solver as the chord"
                                + " conductance at Vr");
            }
            System.out.printf(Locale.ROOT, "wires %s/%s ohm per segment (word/bit line), driver %s ohm, sensing %s, Vr %s V %s%n",
                    g(d.wordLineSegment()), g(d.bitLineSegment()), g(d.driverResistance()),
                    d.sensing().kind() == org.memspice.crossbar.Sensing.Kind.TIA
                            ? "TIA Rf " + g(d.sensing().feedbackResistance()) + " ohm"
                            + (d.sensing().idealVirtualGround() ? " (ideal)" : ", gain " + g(d.sensing().openLoopGain()))
                            : "resistor " + g(d.sensing().senseResistance()) + " ohm",
                    g(d.readVoltage()), d.encoding().name().toLowerCase(Locale.ROOT));
            for (int t = 0; t < reads.size(); t++) {
                ReadSolution s = reads.get(t);
                System.out.printf(Locale.ROOT, "input %d: %d iterations, relative residual %.2e%n", t, s.iterations(),
                        s.relativeResidual());
                int shown = Math.min(maxPrint, array.outputs());
                System.out.println("  output   current (A)     sense out (V)" + (spec.scheme() != ArrayScheme.CONDUCTANCES
                        ? "   dot estimate   ideal dot" : ""));
                int[] ideal = spec.scheme() != ArrayScheme.CONDUCTANCES ? idealDot(spec, t) : null;
                for (int j = 0; j < shown; j++) {
                    System.out.printf(Locale.ROOT, "  %6d  %13.6e  %13.6e", j, s.outputCurrents()[j], s.outputVoltages()[j]);
                    if (ideal != null) {
                        System.out.printf(Locale.ROOT, "   %12.4f   %9d", s.dotEstimates()[j], ideal[j]);
                    }
                    System.out.println();
                }
                if (shown < array.outputs()) {
                    System.out.println("  ... " + (array.outputs() - shown) + " more outputs (--json prints all)");
                }
                PowerBreakdown p = s.power();
                System.out.println("  power (W):");
                for (Map.Entry<String, Object> e : powerMap(p).entrySet()) {
                    System.out.printf(Locale.ROOT, "    %-22s %.6e%n", e.getKey(), (Double) e.getValue());
                }
                System.out.printf(Locale.ROOT, "  energy per read (%s s pulse): %.6e J%n", g(spec.pulseWidth()), s.energyPerRead(spec.pulseWidth()));
            }
            System.out.printf(Locale.ROOT, "solve time: %.3f s (thread cpu %.3f s) for %d input(s)%n", seconds, cpuSeconds,
                    reads.size());
        }

        private void writeCsv(CrossbarSpec spec, List<ReadSolution> reads) {
            boolean weights = spec.scheme() != ArrayScheme.CONDUCTANCES;
            OutputPaths.createParent(csv, "--csv");
            try (Writer w = newWriter(csv)) {
                w.write("input,output,current_A,sense_output_V" + (weights ? ",dot_estimate,ideal_dot" : "")
                        + ",input_circuit_power_W,input_total_power_W,energy_per_read_J\n");
                for (int t = 0; t < reads.size(); t++) {
                    ReadSolution s = reads.get(t);
                    int[] ideal = weights ? idealDot(spec, t) : null;
                    for (int j = 0; j < spec.columns(); j++) {
                        StringBuilder sb = new StringBuilder();
                        sb.append(t).append(',').append(j).append(',').append(s.outputCurrents()[j]).append(',')
                                .append(s.outputVoltages()[j]);
                        if (weights) {
                            sb.append(',').append(s.dotEstimates()[j]).append(',').append(ideal[j]);
                        }
                        sb.append(',').append(s.power().circuit()).append(',').append(s.power().total()).append(',')
                                .append(s.energyPerRead(spec.pulseWidth())).append('\n');
                        w.write(sb.toString());
                    }
                }
            } catch (IOException e) {
                throw new InputException("--csv " + csv + ": cannot write: " + e.getMessage());
            }
        }

        private static int[] idealDot(CrossbarSpec spec, int t) {
            int[] d = new int[spec.columns()];
            double[] x = spec.inputs().get(t);
            for (int j = 0; j < d.length; j++) {
                double s = 0;
                for (int i = 0; i < spec.rows(); i++) {
                    s += spec.weights()[i * spec.columns() + j] * x[i];
                }
                d[j] = (int) Math.round(s);
            }
            return d;
        }
    }

    static Map<String, Object> powerMap(PowerBreakdown p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("devices", p.devices());
        m.put("wordLineWires", p.wordLineWires());
        m.put("bitLineWires", p.bitLineWires());
        m.put("drivers", p.drivers());
        m.put("senseInputs", p.senseInputs());
        m.put("constantTermArray", p.constantTermArray());
        m.put("constantTermPeriphery", p.constantTermPeriphery());
        m.put("sensePeriphery", p.sensePeriphery());
        m.put("comparators", p.comparators());
        m.put("inputDrivers", p.inputDrivers());
        m.put("circuitTotal", p.circuit());
        m.put("sources", p.sources());
        m.put("balanceError", p.balanceError());
        m.put("total", p.total());
        return m;
    }

    /** The crossbar through the general circuit layer and its SPICE writer, with the array's description. */
    static void writeNetlist(CrossbarCircuit netlist, Writer w) throws IOException {
        List<String> tail = new ArrayList<>(netlist.descriptionComments());
        tail.add(".op");
        org.memspice.spice.NetlistWriter.write(netlist, tail, w);
    }

    static String g(double v) {
        return org.memspice.signal.SpiceNumber.format(v);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            footer = {"", "Example:", "  memspice crossbar export --spec circuits/crossbar-8x8-double.json --out out/xbar8.cir && ngspice -b out/xbar8.cir"},
            description = "Write a crossbar spec as an ngspice netlist (R, V, E elements, one .op).")
    static final class Export implements Runnable {
        @Option(names = "--spec", required = true, description = "crossbar spec (JSON)")
        Path specFile;
        @Option(names = "--out", required = true, description = "netlist file to write")
        Path out;
        @Option(names = "--input", defaultValue = "0", description = "which input vector drives the word lines (default 0)")
        int input;
        @Option(names = "--json", description = "print a JSON summary")
        boolean json;

        @Override
        public void run() {
            OutputPaths.file(out, "--out");
            CrossbarSpec spec = CrossbarSpecReader.read(specFile);
            if (input < 0 || input >= spec.inputs().size()) {
                throw new InputException("--input " + input + ": expected 0.." + (spec.inputs().size() - 1)
                        + " (" + specFile + " has " + spec.inputs().size() + " input vectors)");
            }
            CrossbarArray array = spec.array();
            CrossbarCircuit netlist = new CrossbarCircuit(array, array.sourceVoltages(spec.inputs().get(input)),
                    spec.name() + " (from " + specFile.getFileName() + ", input " + input + ")");
            OutputPaths.createParent(out, "--out");
            try (Writer w = newWriter(out)) {
                writeNetlist(netlist, w);
            } catch (IOException e) {
                throw new InputException("--out " + out + ": cannot write: " + e.getMessage());
            }
            if (json) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("netlist", out.toString());
                r.put("elements", netlist.circuit().elements().size());
                r.put("unknownNodes", array.network().size());
                JsonOutput.print(r);
            } else {
                System.out.printf(Locale.ROOT, "wrote %s: %d elements (%dx%d %s, input %d)%n", out,
                        netlist.circuit().elements().size(), spec.rows(), spec.columns(), spec.scheme().label(), input);
            }
        }
    }

    /** A writer on the file, its folder created when missing. */
    static Writer newWriter(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        return Files.newBufferedWriter(file);
    }
}
