package org.memspice.numeric;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test matrices (dense, then compressed columns) and the independent reference: EJML's dense LU. */
final class Matrices {
    private Matrices() {}

    /** A matrix in compressed columns: every non-zero of the dense one, both triangles (a zero diagonal is structurally absent). */
    record Csc(int n, int[] colPtr, int[] rowIdx, double[] values) {
        static Csc of(double[][] a) {
            int n = a.length;
            int[] cp = new int[n + 1];
            List<Integer> rows = new ArrayList<>();
            List<Double> vals = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                for (int r = 0; r < n; r++) {
                    if (a[r][c] != 0) {
                        rows.add(r);
                        vals.add(a[r][c]);
                    }
                }
                cp[c + 1] = rows.size();
            }
            return new Csc(n, cp, rows.stream().mapToInt(Integer::intValue).toArray(),
                    vals.stream().mapToDouble(Double::doubleValue).toArray());
        }

        /** Values of another matrix with the same pattern. */
        double[] valuesOf(double[][] a) {
            double[] v = new double[values.length];
            for (int c = 0; c < n; c++) {
                for (int p = colPtr[c]; p < colPtr[c + 1]; p++) {
                    v[p] = a[rowIdx[p]][c];
                }
            }
            return v;
        }
    }

    /** x = A^-1 b by EJML's dense LU with partial pivoting. */
    static double[] denseSolve(double[][] a, double[] b) {
        int n = a.length;
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        assertTrue(CommonOps_DDRM.solve(new DMatrixRMaj(a), new DMatrixRMaj(n, 1, true, b), x), "dense LU failed");
        return x.data;
    }

    static double[] randomVector(int n, Random rnd) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rnd.nextGaussian();
        }
        return b;
    }

    /** Symmetric positive definite, not an M-matrix: random sparse symmetric entries of both signs, shifted. */
    static double[][] randomSpd(int n, Random rnd) {
        double[][] a = new double[n][n];
        for (int e = 0; e < 3 * n; e++) {
            int i = rnd.nextInt(n);
            int j = rnd.nextInt(n);
            if (i == j) {
                continue;
            }
            double w = rnd.nextGaussian();
            a[i][j] += w;
            a[j][i] += w;
        }
        // Gershgorin: diagonal above every row's absolute sum
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += Math.abs(a[i][j]);
            }
            a[i][i] = s + 0.1 + rnd.nextDouble();
        }
        return a;
    }

    /** A conductance matrix (M-matrix): a random connected network of conductances over six decades, grounded at a few nodes. */
    static double[][] mMatrix(int n, Random rnd) {
        double[][] a = new double[n][n];
        for (int k = 1; k < n; k++) {
            connect(a, k, rnd.nextInt(k), Math.pow(10, 6 * rnd.nextDouble() - 3));
            connect(a, k, rnd.nextInt(n), Math.pow(10, 6 * rnd.nextDouble() - 3));
        }
        for (int g = 0; g < 3; g++) {
            int i = rnd.nextInt(n);
            a[i][i] += 1e-2;
        }
        return a;
    }

    /** The same network with no conductance to ground: singular (constant vectors in the null space). */
    static double[][] floatingNetwork(int n, Random rnd) {
        double[][] a = new double[n][n];
        for (int k = 1; k < n; k++) {
            connect(a, k, rnd.nextInt(k), 1 + rnd.nextDouble());
        }
        return a;
    }

    static void connect(double[][] a, int i, int j, double g) {
        if (i == j) {
            return;
        }
        a[i][i] += g;
        a[j][j] += g;
        a[i][j] -= g;
        a[j][i] -= g;
    }

    /**
     * A crossbar-like nodal matrix: rows x cols word-line nodes (index i*cols+j) and as many bit-line nodes
     * (offset rows*cols), wire segments gw / gb along the lines, a device g_ij between the two nodes of a cell,
     * drivers at the word lines' first nodes and sense conductances at the bit lines' last nodes.
     */
    static double[][] crossbar(int rows, int cols, double gw, double gb, Random rnd) {
        int mn = rows * cols;
        double[][] a = new double[2 * mn][2 * mn];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                if (j > 0) {
                    connect(a, k, k - 1, gw);
                }
                if (i > 0) {
                    connect(a, mn + k, mn + k - cols, gb);
                }
                connect(a, k, mn + k, rnd.nextBoolean() ? 1e-4 : 1e-6);
            }
            a[i * cols][i * cols] += 0.1;
        }
        for (int j = 0; j < cols; j++) {
            a[mn + (rows - 1) * cols + j][mn + (rows - 1) * cols + j] += gb;
        }
        return a;
    }

    /**
     * An unsymmetric MNA-like matrix: a resistive network (nodes 0..nodes-1) with a few resistors to ground, voltage
     * sources (branch unknowns with a zero diagonal) from some nodes to ground, and voltage-controlled current
     * sources (unsymmetric entries).
     */
    static double[][] mna(int nodes, int sources, int controlled, Random rnd) {
        int n = nodes + sources;
        double[][] a = new double[n][n];
        for (int k = 1; k < nodes; k++) {
            connect(a, k, rnd.nextInt(k), 1e-3 * (1 + rnd.nextDouble()));
            connect(a, k, rnd.nextInt(nodes), 1e-3 * (1 + rnd.nextDouble()));
        }
        for (int g = 0; g < 3; g++) {
            int i = rnd.nextInt(nodes);
            a[i][i] += 1e-3;
        }
        for (int s = 0; s < sources; s++) {
            int node = (s * 7 + 3) % nodes;
            a[node][nodes + s] += 1;
            a[nodes + s][node] += 1;
        }
        for (int c = 0; c < controlled; c++) {
            int out = rnd.nextInt(nodes);
            int in = rnd.nextInt(nodes);
            a[out][in] += 2e-4 * (rnd.nextDouble() - 0.5);
        }
        return a;
    }
}
