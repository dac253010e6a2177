package org.memspice.train;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba, ICLR 2015). Binary-layer latent weights are clipped to [-1, 1] after each update
 * (Courbariaux et al., BinaryConnect).
 */
public final class Adam {
    public final double beta1, beta2, eps;
    private final List<Param> params;
    final List<INDArray> m = new ArrayList<>(), v = new ArrayList<>();
    long step;

    public Adam(List<Param> params, double beta1, double beta2, double eps) {
        this.params = List.copyOf(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        for (Param p : params) {
            m.add(p.value.ulike().assign(0));
            v.add(p.value.ulike().assign(0));
        }
    }

    public void update(double lr) {
        step++;
        double c1 = 1 - Math.pow(beta1, step), c2 = 1 - Math.pow(beta2, step);
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            INDArray g = p.grad;
            m.get(i).muli(beta1).addi(g.mul(1 - beta1));
            v.get(i).muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray denom = Transforms.sqrt(v.get(i).div(c2), false).addi(eps);
            p.value.subi(m.get(i).div(denom).muli(lr / c1));
            if (p.binary) Transforms.min(Transforms.max(p.value, -1.0, false), 1.0, false);
        }
    }

    /** Moment tensors and the step count, for checkpoints. */
    public List<INDArray> state() {
        List<INDArray> s = new ArrayList<>(m);
        s.addAll(v);
        return s;
    }
}
