package org.memspice.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memspice.InputException;
import org.memspice.crossbar.ArrayDesign;
import org.memspice.crossbar.ArrayScheme;
import org.memspice.crossbar.CrossbarArray;
import org.memspice.crossbar.CrossbarCircuit;
import org.memspice.crossbar.CrossbarSpec;
import org.memspice.crossbar.CrossbarSpecReader;
import org.memspice.crossbar.GeneralReadSolver;
import org.memspice.crossbar.InputEncoding;
import org.memspice.crossbar.PeripheryCard;
import org.memspice.crossbar.ReadAnalysis;
import org.memspice.crossbar.ReadSolution;
import org.memspice.crossbar.ReferencePlacement;
import org.memspice.crossbar.Sensing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behavioral memristor subcircuits as the devices of an array's cells: Biolek's HP subcircuit (ohmic port,
 * R = Ron x + Roff (1 - x)) against its closed form and the fast linear solvers, and a device nonlinear at the
 * read (I = a x sinh(b V)) against ngspice on the exported netlist, whose cells are instances of the same
 * subcircuit text. The ngspice test fails (it does not skip) when ngspice is missing.
 */
class SubcircuitDeviceTest {
    static final Path BIOLEK = Path.of("validation/behavioral/hp-biolek.cir");
    static final double RON = 100;
    static final double ROFF = 16e3;

    @TempDir
    Path dir;

    static SubcircuitDevice biolek() {
        return new SubcircuitDevice(BIOLEK, BIOLEK.toString(), "memristor", "x", 0, 1, Map.of());
    }

    /** A device whose port is nonlinear at the read: I = a x sinh(b V), x the voltage of its third port. */
    static final String SINH = """
            sinh memristor library
            * a threshold drift (not reached at a read) and a sinh port, the state on port xs
            .subckt sinhmem p n xs params: a=2e-4 b=3 k=1e3 vt=1.5
            Bport p n I={a*V(xs)*sinh(b*V(p,n))}
            Bstate 0 xs I={abs(V(p,n)) > vt ? k*(V(p,n) - sgn(V(p,n))*vt) : 0}
            Cs xs 0 1
            Rs xs 0 1e12
            .ends
            V1 1 0 SIN(0 2 1k)
            X1 1 0 s1 sinhmem
            .tran 1u 1m
            .end
            """;

    SubcircuitDevice sinh() throws Exception {
        Path f = dir.resolve("sinh.cir");
        Files.writeString(f, SINH);
        return new SubcircuitDevice(f, f.toString(), "sinhmem", "xs", 0.05, 1, Map.of("b", 2.5));
    }

    static ArrayDesign design(ArrayScheme scheme, int m, int n, double gOn, double gOff, double rw, Sensing s) {
        return new ArrayDesign(m, n, scheme, gOn, gOff, rw, rw, 5, s, 0.2, InputEncoding.BIPOLAR,
                new PeripheryCard("test", "test values", 1e-4, 5e-5, 2e-5, 1e-5),
                scheme == ArrayScheme.SINGLE_COLUMN ? ReferencePlacement.MIDDLE : null);
    }

    @Test
    void biolekCellConductanceIsItsClosedForm() {
        SubcircuitDevice d = biolek();
        for (double x : new double[] {0, 0.1, 0.37, 0.5, 0.9, 1}) {
            double g = 1 / (RON * x + ROFF * (1 - x));
            assertEquals(g, d.conductance(x, 0.1), 1e-12 * g, "x = " + x);
            assertEquals(-g * 0.3, d.current(x, -0.3), 1e-12 * g * 0.3, "x = " + x + " at -0.3 V");
            assertEquals(x, d.state(g, 0.1), 1e-9, "the state of conductance " + g);
        }
        double[] b = d.bounds(0.2);
        assertEquals(1 / RON, b[0], 1e-12 / RON);
        assertEquals(1 / ROFF, b[1], 1e-12 / ROFF);
        InputException e = assertThrows(InputException.class, () -> d.state(2 / RON, 0.2));
        assertTrue(e.getMessage().contains("outside the device's range"), e.getMessage());
    }

    @Test
    void specStatesAreTheClosedFormAndTheGeneralEngineGivesTheLinearSolversNumbers() {
        CrossbarSpec spec = CrossbarSpecReader.read(Path.of("circuits/crossbar-4x4-biolek-netlist.json"));
        CrossbarSpec card = CrossbarSpecReader.read(Path.of("circuits/crossbar-4x4-states.json"));
        double[] g = spec.conductances();
        double[] gc = card.conductances();
        for (int k = 0; k < g.length; k++) {
            assertEquals(gc[k], g[k], 1e-12 * gc[k], "cell " + k + ": the subcircuit and the hp-biolek... card");
        }
        CrossbarArray array = spec.array();
        GeneralReadSolver general = new GeneralReadSolver(array);
        ReadAnalysis fast = new ReadAnalysis(array, 1e-13);
        for (double[] x : spec.inputs()) {
            ReadSolution a = general.read(x);
            ReadSolution b = fast.readDirect(x);
            assertClose(b.columnCurrents(), a.columnCurrents(), 1e-9, "column currents");
            assertClose(b.nodeVoltages(), a.nodeVoltages(), 1e-9, "node voltages");
            assertClose(b.sourceCurrents(), a.sourceCurrents(), 1e-9, "source currents");
            assertEquals(b.power().devices(), a.power().devices(), 1e-9 * b.power().devices(), "device power");
            assertEquals(b.power().total(), a.power().total(), 1e-9 * b.power().total(), "total power");
            // power balance of the general circuit: what the sources deliver, the elements absorb
            assertEquals(a.power().sources(), a.power().circuit(), 1e-9 * a.power().sources(), "balance");
        }
    }

    @Test
    void weightSchemeOfBiolekCellsAgreesWithTheLinearSolver() {
        SubcircuitDevice d = biolek();
        double[] b = d.bounds(0.2);
        ArrayDesign design = design(ArrayScheme.SINGLE_COLUMN, 5, 4, b[0], b[1], 2, Sensing.idealTia(1e3)).withCellDevice(d);
        Random rnd = new Random(3);
        int[] w = new int[20];
        for (int k = 0; k < w.length; k++) w[k] = rnd.nextBoolean() ? 1 : -1;
        CrossbarArray nominal = CrossbarArray.programmed(design, w);
        double[] g = nominal.conductances();
        for (int k = 0; k < g.length; k++) g[k] = Math.min(b[0], Math.max(b[1], g[k] * Math.exp(0.1 * rnd.nextGaussian())));
        CrossbarArray array = nominal.withConductances(g);
        GeneralReadSolver general = new GeneralReadSolver(array);
        ReadAnalysis fast = new ReadAnalysis(array, 1e-13);
        double[] x = {1, -1, 1, 1, -1};
        assertClose(fast.readDirect(x).columnCurrents(), general.read(x).columnCurrents(), 1e-9, "column currents");
        assertClose(fast.readDirect(x).outputCurrents(), general.read(x).outputCurrents(), 1e-9, "output currents");
    }

    @Test
    void nonlinearCellsAgreeWithNgspiceOnTheExportedNetlist() throws Exception {
        SubcircuitDevice d = sinh();
        double[] b = d.bounds(0.2);
        // the chord conductance at 0.2 V is the fast solvers' view; at lower voltages the device conducts less
        assertTrue(d.conductance(0.5, 0.05) < 0.97 * d.conductance(0.5, 0.2), "the device is nonlinear at the read");
        ArrayDesign design = design(ArrayScheme.DOUBLE_COLUMN, 4, 3, b[0], b[1], 20, Sensing.tia(1e4, 1e3)).withCellDevice(d);
        Random rnd = new Random(5);
        int[] w = new int[12];
        for (int k = 0; k < w.length; k++) w[k] = rnd.nextBoolean() ? 1 : -1;
        CrossbarArray array = CrossbarArray.programmed(design, w);
        double[] volts = {0.2, -0.2, 0.2, 0.2, 0.2, 0.2, -0.2, 0.2, -0.13, 0.05, 0.2, 0.17};
        int m = 4;
        int p = array.physicalColumns();
        NgspiceReadSolver ng = new NgspiceReadSolver(array);
        String deck = ng.deck(volts, 3);
        assertTrue(deck.contains(".subckt sinhmem p n xs"), "the deck carries the device's definition verbatim");
        assertTrue(deck.contains("xg0_0 w0_0 b0_0 xg0_0.xs sinhmem params: b=2.5"), deck);
        NgspiceReadSolver.Reads reads = ng.read(volts, 3);
        GeneralReadSolver general = new GeneralReadSolver(array);
        org.memspice.crossbar.PortReduction fast = new org.memspice.crossbar.PortReduction(
                new org.memspice.crossbar.CrossbarFactorization(array));
        double worstChord = 0;
        for (int r = 0; r < 3; r++) {
            double[] v = java.util.Arrays.copyOfRange(volts, r * m, r * m + m);
            double[] mine = new double[p];
            general.columnCurrents(v, mine);
            double[] theirs = java.util.Arrays.copyOfRange(reads.columnCurrents(), r * p, r * p + p);
            assertClose(theirs, mine, 1e-6, "read " + r + " column currents against ngspice");
            assertEquals(reads.sourcePowers()[r], general.sourcePower(v), 1e-6 * Math.abs(reads.sourcePowers()[r]),
                    "read " + r + " source power against ngspice");
            double[] chord = new double[p];
            fast.columnCurrents(v, chord);
            for (int j = 0; j < p; j++) worstChord = Math.max(worstChord, Math.abs(chord[j] - mine[j]) / Math.abs(mine[j]));
        }
        assertTrue(worstChord > 1e-3, "the linear chord model is not the device: " + worstChord);
    }

    @Test
    void readDisturbIsTheStateDriftOfAPulseInClosedForm() throws Exception {
        SubcircuitDevice d = sinh();
        // below the threshold (1.5 V) only the 1e12 ohm shunt moves the 1 F state: nothing at a 10 ns read
        assertTrue(d.readDisturb(0.2, 10e-9) < 1e-15, "below threshold: " + d.readDisturb(0.2, 10e-9));
        // above it the state moves at k (|V| - vt) = 1e3 * 0.5 V/s: 5e-4 of a state in 1 us, of a range of 0.95
        assertEquals(5e-4 / 0.95, d.readDisturb(2.0, 1e-6), 1e-3 * 5e-4 / 0.95);
    }

    @Test
    void badFieldsAreRefusedNamingThem() throws Exception {
        Path lib = dir.resolve("sinh.cir");
        Files.writeString(lib, SINH);
        Path spec = dir.resolve("spec.json");
        String base = "{\"rows\": 2, \"columns\": 2, \"scheme\": \"double-column\", \"deviceNetlist\": \"sinh.cir\","
                + " \"readVoltage\": 0.2, \"sensing\": {\"type\": \"tia\", \"feedbackResistance\": 1000},"
                + " \"weights\": [[1, -1], [-1, 1]], \"inputs\": [[1, 1]]";
        String[][] cases = {
                {", \"deviceSubckt\": \"nosuch\", \"deviceStateNode\": \"xs\", \"deviceStateRange\": [0.05, 1]}", "no subcircuit 'nosuch'"},
                {", \"deviceSubckt\": \"sinhmem\", \"deviceStateNode\": \"q\", \"deviceStateRange\": [0.05, 1]}", "no node 'q'"},
                {", \"deviceSubckt\": \"sinhmem\", \"deviceStateNode\": \"xs\", \"deviceStateRange\": [1, 0.05]}", "$.deviceStateRange"},
                {", \"deviceSubckt\": \"sinhmem\", \"deviceStateNode\": \"xs\"}", "$.deviceStateRange"},
                {", \"deviceSubckt\": \"sinhmem\", \"deviceStateNode\": \"xs\", \"deviceStateRange\": [0.05, 1], \"deviceParams\": {\"zz\": 1}}", "no parameter 'zz'"},
                {", \"deviceSubckt\": \"sinhmem\", \"deviceStateNode\": \"xs\", \"deviceStateRange\": [0.05, 1], \"gOn\": 1e-4, \"gOff\": 1e-6}", "$.deviceNetlist"},
                {", \"deviceSubckt\": \"sinhmem\", \"deviceStateNode\": \"xs\", \"deviceStateRange\": [0.5, 0.5]}", "$.deviceStateRange"},
        };
        // a netlist of two subcircuits names none by itself; a state node the port does not depend on; two devices
        Path two = dir.resolve("two.cir");
        Files.writeString(two, SINH.replace(".end\n", ".subckt flat p n\nR1 p n 1k\nRx x 0 1k\n.ends\n.end\n"));
        String twoBase = base.replace("sinh.cir", "two.cir");
        String[][] more = {
                {twoBase + ", \"deviceStateNode\": \"xs\", \"deviceStateRange\": [0.05, 1]}",
                        "defines 2 subcircuits [flat, sinhmem]; expected deviceSubckt"},
                {twoBase + ", \"deviceSubckt\": \"flat\", \"deviceStateNode\": \"x\", \"deviceStateRange\": [0, 1]}",
                        "expected two different positive conductances"},
                {base + ", \"deviceSubckt\": \"sinhmem\", \"deviceStateNode\": \"xs\", \"deviceStateRange\": [0.05, 1],"
                        + " \"deviceCard\": \"" + Path.of("devices/hp-biolek.json").toAbsolutePath() + "\"}", "either a deviceCard or a deviceNetlist"},
        };
        for (String[] c : more) {
            Files.writeString(spec, c[0]);
            InputException e = assertThrows(InputException.class, () -> CrossbarSpecReader.read(spec), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(spec.toString()), c[0] + ": " + e.getMessage());
        }
        // the only subcircuit of the netlist when deviceSubckt is left out
        Files.writeString(spec, base + ", \"deviceStateNode\": \"xs\", \"deviceStateRange\": [0.05, 1]}");
        assertEquals("sinhmem", ((SubcircuitDevice) CrossbarSpecReader.read(spec).design().cellDevice()).subckt());
        for (String[] c : cases) {
            Files.writeString(spec, base + c[0]);
            InputException e = assertThrows(InputException.class, () -> CrossbarSpecReader.read(spec), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(spec.toString()), c[0] + ": " + e.getMessage());
        }
        Files.writeString(spec, "{\"rows\": 2, \"columns\": 2, \"scheme\": \"double-column\", \"deviceStateNode\": \"xs\","
                + " \"gOn\": 1e-4, \"gOff\": 1e-6, \"readVoltage\": 0.2, \"weights\": [[1, -1], [-1, 1]], \"inputs\": [[1, 1]]}");
        InputException e = assertThrows(InputException.class, () -> CrossbarSpecReader.read(spec));
        assertTrue(e.getMessage().contains("$.deviceStateNode"), e.getMessage());
    }

    static void assertClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], rel * scale, what + " [" + k + "]");
        }
    }
}
