#!/usr/bin/env python3
"""PyTorch twins of the networks `memspice bench train` times, timed the way BenchTrainCommand times them.

Twins (NCHW here, NHWC in memspice; the same shapes, parameters and operations):
  fp    3 x [conv3x3 pad 1 (no bias) -> BN -> ReLU -> maxpool2], flatten, dense(9*c3 -> 10, + bias); Adam lr 1e-3
  bnn   3 x [conv3x3 pad 1 (binary weights) -> BN -> sign (STE 1{|x|<=1}) -> maxpool2], flatten, binary dense
        (9*c3 -> 10, no bias), logit scale exp(theta) (theta = log(1/sqrt(9*c3))); Adam lr 1e-2, latent binary
        weights clipped to [-1, 1] after each step
  bssc  as bnn, stages 2 and 3 spatially separable: conv3x1 ci->ci (pad 1,0) -> BN -> sign -> conv1x3 ci->co (pad 0,1)
  kdwg / kdsng (bnn / bssc): distillation (alpha 0.9, T 4) from precomputed logits of a random fp teacher, plus a
        WGAN-GP critic 10 -> 64 -> 64 -> 1 (leaky ReLU 0.2) on softmax(z/T): 5 critic updates (Adam 1e-4, betas
        0, 0.9, lambda 10) per student step, adversarial weight 0.1.
Binary weights: sign(w) (sign(0) = +1) forward, gradient passed straight to w. Weights uniform in
+/-sqrt(6/fan-in), as memspice draws them.

Timing as Trainer.trainingThroughput / inferenceThroughput: the training set is the first batch*(steps+3) images;
3 untimed steps, then `steps` timed steps on consecutive batches (batch built from the image array, forward, loss,
backward, Adam, clipping); inference: eval mode, batches of 500 over the first `images` test images after one
untimed batch.

  train-speed-pytorch.py bench --threads T [--steps 20] [--images 2000] [--batch 100] [--widths 32,64,128] [--json]
  train-speed-pytorch.py report MEMSPICE.json PYTORCH.json [...]   (pairs, in the order they were run)
"""
import argparse
import gzip
import json
import math
import os
import sys
import time


def idx_read(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return shape, data[4 + 4 * dims:]


def find(dirs, name):
    for d in dirs:
        for n in (name, name + ".gz"):
            p = os.path.join(d, n)
            if os.path.isfile(p):
                return p
    raise SystemExit("train-speed-pytorch: %s[.gz] not found in %s" % (name, ", ".join(dirs)))


def load(torch, dirs, images, labels, limit):
    shape, px = idx_read(find(dirs, images))
    _, lb = idx_read(find(dirs, labels))
    n = min(limit, shape[0])
    x = torch.frombuffer(bytearray(px[:n * 784]), dtype=torch.uint8).reshape(n, 1, 28, 28).float().div_(255.0)
    y = torch.frombuffer(bytearray(lb[:n]), dtype=torch.uint8).long()
    return x, y


def bench(a):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    widths = [int(v) for v in a.widths.split(",")]

    class BinW(torch.autograd.Function):
        @staticmethod
        def forward(ctx, w):
            return torch.where(w >= 0, 1.0, -1.0).to(w.dtype)

        @staticmethod
        def backward(ctx, g):
            return g

    class SignSte(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return torch.where(x >= 0, 1.0, -1.0).to(x.dtype)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * (x.abs() <= 1).to(g.dtype)

    def uniform_(w, fan_in):
        lim = math.sqrt(6.0 / fan_in)
        with torch.no_grad():
            w.uniform_(-lim, lim)

    class Conv(nn.Module):
        def __init__(self, cin, cout, kh, kw, ph, pw, binary):
            super().__init__()
            self.weight = nn.Parameter(torch.empty(cout, cin, kh, kw))
            uniform_(self.weight, cin * kh * kw)
            self.weight.binary = binary
            self.binary, self.pad = binary, (ph, pw)

        def forward(self, x):
            w = BinW.apply(self.weight) if self.binary else self.weight
            return F.conv2d(x, w, None, 1, self.pad)

    class Sign(nn.Module):
        def forward(self, x):
            return SignSte.apply(x)

    class Dense(nn.Module):
        def __init__(self, fin, fout, binary, bias):
            super().__init__()
            self.weight = nn.Parameter(torch.empty(fout, fin))
            uniform_(self.weight, fin)
            self.weight.binary = binary
            self.bias = nn.Parameter(torch.zeros(fout)) if bias else None
            self.binary = binary

        def forward(self, x):
            w = BinW.apply(self.weight) if self.binary else self.weight
            return F.linear(x, w, self.bias)

    class LogitScale(nn.Module):
        def __init__(self, s):
            super().__init__()
            self.theta = nn.Parameter(torch.tensor(math.log(s)))

        def forward(self, x):
            return x * self.theta.exp()

    def bn(c):
        return nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)

    def network(arch):
        binary = arch != "fp"
        layers, c, side = [], 1, 28
        for b, co in enumerate(widths):
            if b > 0 and arch == "bssc":
                layers += [Conv(c, c, 3, 1, 1, 0, True), bn(c), Sign(), Conv(c, co, 1, 3, 0, 1, True)]
            else:
                layers.append(Conv(c, co, 3, 3, 1, 1, binary))
            layers += [bn(co), Sign() if binary else nn.ReLU(), nn.MaxPool2d(2)]
            c, side = co, side // 2
        flat = c * side * side
        layers += [nn.Flatten(), Dense(flat, 10, binary, not binary)]
        if binary:
            layers.append(LogitScale(1.0 / math.sqrt(flat)))
        return nn.Sequential(*layers)

    class Critic(nn.Module):
        def __init__(self, d=10, h=64):
            super().__init__()
            self.l1, self.l2, self.l3 = nn.Linear(d, h), nn.Linear(h, h), nn.Linear(h, 1)
            for l, fin in ((self.l1, d), (self.l2, h), (self.l3, h)):
                uniform_(l.weight, fin)
                nn.init.zeros_(l.bias)

        def forward(self, x):
            return self.l3(F.leaky_relu(self.l2(F.leaky_relu(self.l1(x), 0.2)), 0.2))

    here = os.path.dirname(os.path.abspath(__file__))
    project = os.path.dirname(here)
    env = os.environ.get("FASHION_MNIST_DIR")
    train_dirs = ([a.data] if a.data else []) + ([env] if env else []) + ["/usr/share/datasets/fashion-mnist"]
    test_dirs = ([a.data] if a.data else []) + [os.path.join(project, "data/fashion-mnist")] + train_dirs
    n_train = a.batch * (a.steps + 3)
    xtr, ytr = load(torch, train_dirs, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", n_train)
    xte, _ = load(torch, test_dirs, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", a.images)

    teacher = network("fp").eval()
    with torch.no_grad():
        teacher_logits = torch.cat([teacher(xtr[s:s + 500]) for s in range(0, n_train, 500)])

    T, alpha, adv_w, lam = 4.0, 0.9, 0.1, 10.0

    def train_rate(arch, method):
        net = network(arch)
        params = list(net.parameters())
        opt = torch.optim.Adam(params, lr=1e-3 if arch == "fp" else 1e-2, betas=(0.9, 0.999), eps=1e-8)
        latent = [p for p in params if getattr(p, "binary", False)]
        critic = copt = None
        if method != "baseline":
            critic = Critic()
            copt = torch.optim.Adam(critic.parameters(), lr=1e-4, betas=(0.0, 0.9), eps=1e-8)
        nb = n_train // a.batch
        t0 = 0.0
        for s in range(3 + a.steps):
            if s == 3:
                t0 = time.perf_counter()
            lo = (s % nb) * a.batch
            x = xtr[lo:lo + a.batch].clone()
            y = ytr[lo:lo + a.batch]
            net.train()
            zs = net(x)
            if method == "baseline":
                loss = F.cross_entropy(zs, y)
            else:
                zt = teacher_logits[lo:lo + a.batch]
                kl = F.kl_div(F.log_softmax(zs / T, 1), F.log_softmax(zt / T, 1), reduction="batchmean", log_target=True)
                loss = (1 - alpha) * F.cross_entropy(zs, y) + alpha * T * T * kl
                fs, ft = F.softmax(zs.detach() / T, 1), F.softmax(zt / T, 1)
                for _ in range(5):
                    e = torch.rand(a.batch, 1)
                    xh = (e * ft + (1 - e) * fs).requires_grad_(True)
                    g, = torch.autograd.grad(critic(xh).sum(), xh, create_graph=True)
                    gp = lam * ((g.norm(2, dim=1) - 1) ** 2).mean()
                    closs = critic(fs).mean() - critic(ft).mean() + gp
                    copt.zero_grad(set_to_none=True)
                    closs.backward()
                    copt.step()
                loss = loss + adv_w * (-critic(F.softmax(zs / T, 1)).mean())
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            with torch.no_grad():
                for p in latent:
                    p.clamp_(-1.0, 1.0)
        rate = a.steps * a.batch / (time.perf_counter() - t0)
        return net, rate

    def infer_rate(net, batch=500):
        net.eval()
        n = min(a.images, xte.shape[0])
        with torch.no_grad():
            net(xte[:min(batch, n)])
            t0 = time.perf_counter()
            for s in range(0, n, batch):
                net(xte[s:min(s + batch, n)])
            return n / (time.perf_counter() - t0)

    rows = []
    for arch, method in (("fp", "baseline"), ("bnn", "baseline"), ("bnn", "kdwg"), ("bssc", "baseline"),
                         ("bssc", "kdsng")):
        net, tr = train_rate(arch, method)
        r = {"arch": arch, "method": method, "parameters": sum(p.numel() for p in net.parameters()),
             "trainImagesPerSecond": round(tr, 1)}
        if method == "baseline":
            r["inferImagesPerSecond"] = round(infer_rate(net), 1)
        rows.append(r)
    res = {"widths": a.widths, "batch": a.batch, "threads": a.threads, "torch": torch.__version__,
           "torchThreads": torch.get_num_threads(), "results": rows}
    if a.json:
        print(json.dumps(res))
    else:
        print("torch %s, widths %s, batch %d, %d thread(s)" % (torch.__version__, a.widths, a.batch, a.threads))
        for r in rows:
            print("%-5s %-9s %9d params %10.1f train img/s %10s infer img/s" % (
                r["arch"], r["method"], r["parameters"], r["trainImagesPerSecond"], r.get("inferImagesPerSecond", "-")))


def report(files):
    """Table of memspice against PyTorch from (memspice, pytorch) JSON pairs; several rounds per thread count."""
    runs = {}
    for i in range(0, len(files), 2):
        with open(files[i]) as f:
            m = json.load(f)
        with open(files[i + 1]) as f:
            p = json.load(f)
        runs.setdefault(m["threads"], []).append((m, p))
    out = []
    for threads in sorted(runs):
        pairs = runs[threads]
        out.append("threads %d: %d round(s), memspice and PyTorch alternated; best of the rounds, ratio = memspice / PyTorch"
                   % (threads, len(pairs)))
        out.append("%-5s %-9s %9s %9s %10s %10s %7s %10s %10s %7s %s" % (
            "arch", "method", "params", "params pt", "train ms", "train pt", "ratio", "infer ms", "infer pt", "ratio",
            "per-round train ratios"))
        for k, m0 in enumerate(pairs[0][0]["results"]):
            key = (m0["arch"], m0["method"])
            ms = [next(r for r in m["results"] if (r["arch"], r["method"]) == key) for m, _ in pairs]
            pt = [next(r for r in p["results"] if (r["arch"], r["method"]) == key) for _, p in pairs]
            tm = max(r["trainImagesPerSecond"] for r in ms)
            tp = max(r["trainImagesPerSecond"] for r in pt)
            if "inferImagesPerSecond" in m0:
                im = max(r["inferImagesPerSecond"] for r in ms)
                ip = max(r["inferImagesPerSecond"] for r in pt)
                inf = "%10.1f %10.1f %7.2f" % (im, ip, im / ip)
            else:
                inf = "%10s %10s %7s" % ("-", "-", "-")
            per = " ".join("%.2f" % (a["trainImagesPerSecond"] / b["trainImagesPerSecond"]) for a, b in zip(ms, pt))
            pm, pp = m0.get("parameters", "?"), pt[0]["parameters"]
            out.append("%-5s %-9s %9s %9s %10.1f %10.1f %7.2f %s %s%s" % (
                key[0], key[1], pm, pp, tm, tp, tm / tp, inf, per, "" if pm == pp else "  PARAMETER COUNTS DIFFER"))
        out.append("")
    out.append("ms: memspice, pt: PyTorch; train and infer in images/s; ratio > 1: memspice faster")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bench")
    b.add_argument("--threads", type=int, default=1)
    b.add_argument("--steps", type=int, default=20)
    b.add_argument("--images", type=int, default=2000)
    b.add_argument("--batch", type=int, default=100)
    b.add_argument("--widths", default="32,64,128")
    b.add_argument("--data")
    b.add_argument("--json", action="store_true")
    r = sub.add_parser("report")
    r.add_argument("files", nargs="+")
    a = ap.parse_args()
    if a.cmd == "bench":
        bench(a)
    else:
        if len(a.files) % 2:
            raise SystemExit("report: expected (memspice, pytorch) pairs of JSON files")
        sys.stdout.write(report(a.files))


if __name__ == "__main__":
    main()
