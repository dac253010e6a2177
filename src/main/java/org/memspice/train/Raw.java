package org.memspice.train;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moves tensors between ND4J (float or double) and the double[] arrays where element-wise layers loop. */
final class Raw {
    private Raw() {
    }

    static double[] of(INDArray x) {
        INDArray c = PatchMatrix.contiguous(x);
        int n = (int) c.length();
        double[] v = new double[n];
        if (c.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = c.data().asNioDouble();
            b.position((int) c.offset());
            b.get(v);
        } else {
            FloatBuffer b = c.data().asNioFloat();
            b.position((int) c.offset());
            float[] f = new float[n];
            b.get(f);
            for (int i = 0; i < n; i++) v[i] = f[i];
        }
        Reference.reachabilityFence(c);
        return v;
    }

    static float[] floats(INDArray x) {
        INDArray c = PatchMatrix.contiguous(x).castTo(DataType.FLOAT);
        float[] f = new float[(int) c.length()];
        FloatBuffer b = c.data().asNioFloat();
        b.position((int) c.offset());
        b.get(f);
        Reference.reachabilityFence(c);
        return f;
    }

    static INDArray wrap(double[] v, long[] shape, DataType dt) {
        INDArray a = Nd4j.createUninitialized(dt, shape, 'c');
        if (dt == DataType.DOUBLE) {
            a.data().asNioDouble().put(v);
        } else {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            a.data().asNioFloat().put(f);
        }
        Reference.reachabilityFence(a);
        return a;
    }

    static INDArray wrap(float[] v, long[] shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        a.data().asNioFloat().put(v);
        return a;
    }

    /** A [1, n] row of the values {@code v} (in double; ND4J casts on assignment). */
    static INDArray row(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return Nd4j.create(d, new long[] {1, v.length}, 'c');
    }
}
