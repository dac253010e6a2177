package org.memspice.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
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

    /**
     * Restores the state written by {@link #write} into {@code t}. A file that is not a checkpoint, one of another
     * run, a truncated or damaged one (counts that disagree with the run, non-finite values, trailing bytes) is an
     * {@link InputException} naming the file; every count is checked before anything is allocated for it.
     */
    public static void read(Trainer t, Path file) {
        if (Files.isDirectory(file)) throw new InputException(file + ": is a folder; expected a training checkpoint");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic;
            try {
                magic = in.readUTF();
            } catch (UTFDataFormatException | EOFException e) {
                magic = null;
            }
            if (!MAGIC.equals(magic)) {
                throw new InputException(file + ": not a training checkpoint: expected the header '" + MAGIC + "'"
                        + (magic == null ? "" : ", found '" + abbreviate(magic) + "'"));
            }
            String id = in.readUTF();
            if (!id.equals(identity(t.o))) {
                throw new InputException(file + ": checkpoint of a different run (" + id + "), expected " + identity(t.o)
                        + "; resume with the same options");
            }
            int epochs = in.readInt();
            if (epochs < 0 || epochs > t.o.epochs()) {
                throw new InputException(file + ": damaged checkpoint: " + epochs + " epochs done: expected 0 to " + t.o.epochs());
            }
            double wall = in.readDouble();
            if (!(wall >= 0) || Double.isInfinite(wall)) {
                throw new InputException(file + ": damaged checkpoint: wall time " + wall + ": expected a finite number >= 0");
            }
            long step = in.readLong(), cstep = in.readLong();
            if (step < 0 || cstep < 0) {
                throw new InputException(file + ": damaged checkpoint: optimizer steps " + step + ", " + cstep
                        + ": expected counts >= 0");
            }
            int nh = in.readInt();
            if (nh != epochs) {
                throw new InputException(file + ": damaged checkpoint: " + nh + " epochs of history: expected " + epochs);
            }
            List<Trainer.EpochResult> hist = new ArrayList<>();
            for (int i = 0; i < nh; i++) {
                int ep = in.readInt();
                double[] v = new double[7];
                for (int j = 0; j < 7; j++) v[j] = in.readDouble();
                if (ep != i + 1) {
                    throw new InputException(file + ": damaged checkpoint: history row " + i + " is epoch " + ep + ": expected " + (i + 1));
                }
                hist.add(new Trainer.EpochResult(ep, v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
            }
            List<INDArray> ts = tensors(t);
            int n = in.readInt();
            if (n != ts.size()) throw new InputException(file + ": damaged checkpoint: " + n + " tensors: expected " + ts.size());
            List<double[]> values = new ArrayList<>();
            for (int k = 0; k < ts.size(); k++) {
                INDArray a = ts.get(k);
                int len = in.readInt();
                if (len != a.length()) {
                    throw new InputException(file + ": damaged checkpoint: tensor " + k + " of " + len + " values: expected " + a.length());
                }
                double[] v = new double[len];
                for (int j = 0; j < len; j++) {
                    v[j] = in.readDouble();
                    if (!Double.isFinite(v[j])) {
                        throw new InputException(file + ": damaged checkpoint: tensor " + k + " value " + j + " is " + v[j]
                                + ": expected a finite number");
                    }
                }
                values.add(v);
            }
            if (in.read() >= 0) {
                throw new InputException(file + ": damaged checkpoint: bytes after the last tensor: expected the end of the file");
            }
            // nothing is changed until the whole file has been read and checked
            for (int k = 0; k < ts.size(); k++) {
                INDArray a = ts.get(k);
                a.assign(Raw.wrap(values.get(k), a.shape(), a.dataType()));
            }
            t.opt.step = step;
            if (t.criticOpt != null) t.criticOpt.step = cstep;
            t.restore(epochs, wall, hist);
        } catch (EOFException e) {
            throw new InputException(file + ": checkpoint is truncated: expected more data");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read checkpoint: " + e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
