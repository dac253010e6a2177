package org.memspice.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.memspice.InputException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The complete state of a run after an epoch: parameters, BN running statistics, both optimizers' moments
 * and step counts, and the metric history. Values are stored as the exact float bits, so resuming is
 * bit-for-bit the uninterrupted run.
 */
public final class Checkpoint {
    private static final String MAGIC = "memspice-train-checkpoint-1";

    private Checkpoint() {
    }

    static String identity(TrainOptions o) {
        return o.arch() + " " + o.method() + " seed=" + o.seed() + " epochs=" + o.epochs() + " " + o.asMap();
    }

    static List<INDArray> tensors(Trainer t) {
        List<INDArray> a = new ArrayList<>();
        for (Param p : t.student.params()) a.add(p.value);
        a.addAll(t.student.state());
        a.addAll(t.opt.state());
        if (t.critic != null) {
            for (Param p : t.critic.params()) a.add(p.value);
            a.addAll(t.criticOpt.state());
        }
        return a;
    }

    public static void write(Trainer t, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeUTF(MAGIC);
            out.writeUTF(identity(t.o));
            out.writeInt(t.epochsDone());
            out.writeDouble(t.wallSeconds());
            out.writeLong(t.opt.step);
            out.writeLong(t.criticOpt == null ? 0 : t.criticOpt.step);
            List<Trainer.EpochResult> h = t.history();
            out.writeInt(h.size());
            for (Trainer.EpochResult r : h) {
                out.writeInt(r.epoch());
                double[] v = {r.taskLoss(), r.advLoss(), r.criticLoss(), r.penalty(), r.trainAccuracy(), r.testAccuracy(), r.seconds()};
                for (double d : v) out.writeDouble(d);
            }
            List<INDArray> ts = tensors(t);
            out.writeInt(ts.size());
            for (INDArray a : ts) {
                double[] v = Raw.of(a);
                out.writeInt(v.length);
                for (double d : v) out.writeDouble(d);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void read(Trainer t, Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) throw new InputException(file + ": not a training checkpoint (header '" + magic + "')");
            String id = in.readUTF();
            if (!id.equals(identity(t.o))) {
                throw new InputException(file + ": checkpoint of a different run (" + id + "), expected " + identity(t.o)
                        + "; resume with the same options");
            }
            int epochs = in.readInt();
            double wall = in.readDouble();
            t.opt.step = in.readLong();
            long cstep = in.readLong();
            if (t.criticOpt != null) t.criticOpt.step = cstep;
            int nh = in.readInt();
            List<Trainer.EpochResult> hist = new ArrayList<>();
            for (int i = 0; i < nh; i++) {
                int ep = in.readInt();
                double[] v = new double[7];
                for (int j = 0; j < 7; j++) v[j] = in.readDouble();
                hist.add(new Trainer.EpochResult(ep, v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
            }
            List<INDArray> ts = tensors(t);
            int n = in.readInt();
            if (n != ts.size()) throw new InputException(file + ": " + n + " tensors, expected " + ts.size());
            for (INDArray a : ts) {
                int len = in.readInt();
                if (len != a.length()) throw new InputException(file + ": tensor of " + len + " values, expected " + a.length());
                double[] v = new double[len];
                for (int j = 0; j < len; j++) v[j] = in.readDouble();
                a.assign(Raw.wrap(v, a.shape(), a.dataType()));
            }
            t.restore(epochs, wall, hist);
        } catch (EOFException e) {
            throw new InputException(file + ": checkpoint is truncated");
        }
    }
}
