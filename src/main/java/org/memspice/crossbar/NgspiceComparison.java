package org.memspice.crossbar;

import org.memspice.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a solved read with ngspice's operating point of the exported netlist, read from an ASCII raw
 * file ({@code SPICE_ASCIIRAWFILE=1 ngspice -b -r FILE.raw netlist.cir}). Errors are relative to the
 * largest magnitude of each kind (node voltages, column currents), so near-zero entries do not divide by
 * zero.
 */
public final class NgspiceComparison {
    private final double nodeVoltageError;
    private final double columnCurrentError;
    private final double outputCurrentError;
    private final int nodesCompared;

    public NgspiceComparison(ReadSolution s, Path raw) {
        Map<String, Double> v = readOperatingPoint(raw);
        CrossbarCircuit netlist = new CrossbarCircuit(s.array(), s.sourceVoltages());
        CrossbarNetwork net = s.array().network();
        int m = net.rows;
        int n = net.cols;
        double worst = 0;
        double scale = 0;
        int count = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int side = 0; side < 2; side++) {
                    String name = side == 0 ? netlist.wordLineNode(i, j) : netlist.bitLineNode(i, j);
                    Double ref = v.get("v(" + name + ")");
                    if (ref == null) {
                        if (name.startsWith("s") && s.array().design().sensing().idealVirtualGround()) {
                            ref = 0.0; // ground-held node, not a variable of the raw file when merged
                        } else {
                            throw new InputException(raw + ": no vector v(" + name + "); is it the raw file of this spec's export?");
                        }
                    }
                    double mine = s.nodeVoltages()[side * m * n + i * n + j];
                    worst = Math.max(worst, Math.abs(mine - ref));
                    scale = Math.max(scale, Math.abs(ref));
                    count++;
                }
            }
        }
        nodesCompared = count;
        nodeVoltageError = scale == 0 ? worst : worst / scale;
        Sensing sensing = s.array().design().sensing();
        double[] ng = new double[n];
        double cw = 0;
        double cs = 0;
        for (int j = 0; j < n; j++) {
            if (sensing.kind() == Sensing.Kind.RESISTOR) {
                ng[j] = get(v, raw, "v(s" + j + ")") / sensing.senseResistance();
            } else if (sensing.idealVirtualGround()) {
                ng[j] = get(v, raw, "i(vs" + j + ")");
            } else {
                ng[j] = (get(v, raw, "v(s" + j + ")") - get(v, raw, "v(o" + j + ")")) / sensing.feedbackResistance();
            }
            cw = Math.max(cw, Math.abs(ng[j] - s.columnCurrents()[j]));
            cs = Math.max(cs, Math.abs(ng[j]));
        }
        columnCurrentError = cs == 0 ? cw : cw / cs;
        double ow = 0;
        double os = 0;
        for (int j = 0; j < s.array().outputs(); j++) {
            double ref = s.array().outputCurrent(ng, j);
            ow = Math.max(ow, Math.abs(ref - s.outputCurrents()[j]));
            os = Math.max(os, Math.abs(ref));
        }
        outputCurrentError = os == 0 ? ow : ow / os;
    }

    private static double get(Map<String, Double> v, Path raw, String name) {
        Double d = v.get(name);
        if (d == null) {
            throw new InputException(raw + ": no vector " + name + "; is it the raw file of this spec's export?");
        }
        return d;
    }

    /** Max |v - v_ngspice| / max |v_ngspice| over all word-line and bit-line nodes. */
    public double nodeVoltageError() {
        return nodeVoltageError;
    }

    /** Max |I - I_ngspice| / max |I_ngspice| over the physical columns' sense currents. */
    public double columnCurrentError() {
        return columnCurrentError;
    }

    /** The same over the outputs after subtraction. */
    public double outputCurrentError() {
        return outputCurrentError;
    }

    public int nodesCompared() {
        return nodesCompared;
    }

    /** Vectors of the first point of an ASCII raw file, by lower-case name. */
    public static Map<String, Double> readOperatingPoint(Path raw) {
        List<String> lines;
        try {
            lines = Files.readAllLines(raw);
        } catch (IOException e) {
            throw new InputException(raw + ": cannot read ngspice raw file: " + e.getMessage());
        }
        int vars = -1;
        int at = 0;
        String[] names = null;
        for (; at < lines.size(); at++) {
            String line = lines.get(at);
            if (line.startsWith("Flags:") && !line.contains("real")) {
                throw new InputException(raw + ": line " + (at + 1) + ": '" + line + "': expected real (ASCII) values");
            }
            if (line.startsWith("No. Variables:")) {
                vars = Integer.parseInt(line.substring(14).trim());
            } else if (line.startsWith("Binary:")) {
                throw new InputException(raw + ": binary raw file; run ngspice with SPICE_ASCIIRAWFILE=1");
            } else if (line.startsWith("Variables:")) {
                if (vars < 0) {
                    throw new InputException(raw + ": line " + (at + 1) + ": Variables before 'No. Variables'");
                }
                names = new String[vars];
                for (int k = 0; k < vars; k++) {
                    String[] f = lines.get(at + 1 + k).trim().split("\\s+");
                    names[k] = f[1].toLowerCase(Locale.ROOT);
                }
                at += vars;
            } else if (line.startsWith("Values:")) {
                break;
            }
        }
        if (names == null || at >= lines.size()) {
            throw new InputException(raw + ": not an ngspice ASCII raw file (no Variables/Values sections)");
        }
        Map<String, Double> result = new HashMap<>();
        int k = 0;
        for (int l = at + 1; l < lines.size() && k < names.length; l++) {
            String[] f = lines.get(l).trim().split("\\s+");
            if (f.length == 0 || f[0].isEmpty()) {
                continue;
            }
            result.put(names[k], Double.parseDouble(f[f.length - 1]));
            k++;
        }
        if (k < names.length) {
            throw new InputException(raw + ": " + k + " values for " + names.length + " variables");
        }
        return result;
    }
}
