#!/usr/bin/python3
"""Trains a ganscope preset's model in PyTorch for N steps and writes G's samples as IDX3, for
`ganscope fcd --samples FILE.idx`: the other side of the README's "Parity with PyTorch".

Usage:
    /usr/bin/python3 bench/torch_train.py mlp --steps 5000 --seed 1 --out torch-mlp-1.idx
        [--init torch_default|normal_0.02] [--sampler epochs|replacement] [--n 5000]
        [--data DIR] [--threads 1]

Run it with Debian's /usr/bin/python3 (python3-torch). The model is built from
assets/presets/<preset>.json layer for layer (as tests/golden/make_fixtures.py builds it for
the golden step) and trained with the step that golden test checks: D minimises
0.5 (BCE(D(x), 1) + BCE(D(G(z)), 0)) on a real and a fake batch, then G minimises
BCE(D(G(z)), 1) on the same fakes through the updated D; Adam with the preset's rates and betas,
eps 1e-8; z ~ N(0, 1). Data: the training images scaled p * 2/255 - 1, as ganscope does.

--init torch_default (the default) leaves PyTorch's own initialisation, which is what a user's
script gets; normal_0.02 is ganscope's DCGAN one. --sampler epochs draws each epoch in a new
random order, carrying the order across epoch ends, as ganscope's BatchSampler does (a
DataLoader with shuffle=True does the same but for its short last batch); replacement draws
every batch uniformly with replacement. Samples: n latents from their own seeded stream,
G in eval mode (BatchNorm's running statistics, as ganscope's sample and fcd), rounded to
bytes as ganscope's unit_to_pixel does: round((v + 1) * 127.5), clamped to 0..255.
"""

import argparse
import gzip
import json
import os
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args():
    p = argparse.ArgumentParser(prog="torch_train.py", description=__doc__.split("\n")[0])
    p.add_argument("preset", help="a preset of assets/presets (mlp, dcgan)")
    p.add_argument("--steps", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True, help="samples, IDX3 ubyte")
    p.add_argument("--init", choices=("torch_default", "normal_0.02"), default="torch_default")
    p.add_argument("--sampler", choices=("epochs", "replacement"), default="epochs")
    p.add_argument("--n", type=int, default=5000, help="samples to write (default 5000)")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=1)
    return p.parse_args()


ARGS = parse_args()
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)  # before torch loads: its BLAS reads them once
os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # see torch_reference.py

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from torch_layers import build  # noqa: E402  (bench/, beside this script)


def init_normal(net):
    """ganscope's normal_0.02: weights N(0, 0.02), biases 0; BatchNorm scales N(1, 0.02)."""
    for m in net.modules():
        if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d, torch.nn.ConvTranspose2d)):
            torch.nn.init.normal_(m.weight, 0.0, 0.02)
            torch.nn.init.zeros_(m.bias)
        elif isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
            torch.nn.init.normal_(m.weight, 1.0, 0.02)
            torch.nn.init.zeros_(m.bias)


def read_images(folder):
    for name in ("train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            raw = (gzip.open if name.endswith(".gz") else open)(path, "rb").read()
            magic, n, rows, cols = struct.unpack(">IIII", raw[:16])
            assert magic == 0x803, path + ": not IDX3 ubyte images"
            x = torch.frombuffer(bytearray(raw[16:16 + n * rows * cols]), dtype=torch.uint8)
            return x.reshape(n, 1, rows, cols).float() * (2.0 / 255.0) - 1.0
    sys.exit("torch_train.py: no train-images-idx3-ubyte[.gz] in " + folder)


def write_idx(path, images):
    """images (n, 1, rows, cols) in [-1, 1] as IDX3 ubyte."""
    n, _, rows, cols = images.shape
    px = torch.round((images + 1) * 127.5).clamp(0, 255).to(torch.uint8)
    with open(path, "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, rows, cols))
        f.write(px.numpy().tobytes())


def main():
    a = ARGS
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    with open(os.path.join(HERE, "..", "assets", "presets", a.preset + ".json")) as f:
        cfg = json.load(f)
    if cfg.get("optimizer", "adam") != "adam" or cfg.get("objective", "non-saturating") != "non-saturating":
        sys.exit("torch_train.py: only Adam and the non-saturating game are written here")
    x = read_images(a.data)
    rows, cols = x.shape[-2], x.shape[-1]
    batch, latent = cfg["batch"], cfg["latent_dim"]
    g = build(cfg["generator"], (latent,))
    d = build(cfg["discriminator"], tuple(x.shape[1:]))
    if a.init == "normal_0.02":
        init_normal(g)
        init_normal(d)
    flat = not isinstance(d[0], torch.nn.Conv2d)
    if flat:
        x = x.reshape(x.shape[0], -1)
    betas = (cfg.get("beta1", 0.5), cfg.get("beta2", 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=cfg.get("lr_d", 2e-4), betas=betas, eps=1e-8)
    opt_g = torch.optim.Adam(g.parameters(), lr=cfg.get("lr_g", 2e-4), betas=betas, eps=1e-8)
    bce = F.binary_cross_entropy_with_logits
    ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)
    order, pos = torch.randperm(x.shape[0]), 0

    def next_batch():
        nonlocal order, pos
        if a.sampler == "replacement":
            return x[torch.randint(0, x.shape[0], (batch,))]
        parts, need = [], batch
        while need > 0:  # an epoch's end carries on into the next one's order
            if pos == order.numel():
                order, pos = torch.randperm(x.shape[0]), 0
            take = min(need, order.numel() - pos)
            parts.append(order[pos:pos + take])
            pos, need = pos + take, need - take
        return x[torch.cat(parts)]

    t0 = time.perf_counter()
    for step in range(1, a.steps + 1):
        real = next_batch()
        fake = g(torch.randn(batch, latent))
        loss_d = 0.5 * (bce(d(real), ones) + bce(d(fake.detach()), zeros))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        loss_g = bce(d(fake), ones)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        if step % 1000 == 0 or step == a.steps:
            print("step %d: loss_d %.4f, loss_g %.4f, %.1f steps/s"
                  % (step, loss_d.item(), loss_g.item(), step / (time.perf_counter() - t0)))
            sys.stdout.flush()
    g.eval()
    gen = torch.Generator().manual_seed(a.seed + 1000)
    with torch.no_grad():
        out = torch.cat([g(torch.randn(min(1000, a.n - k), latent, generator=gen))
                         for k in range(0, a.n, 1000)])
    write_idx(a.out, out.reshape(a.n, 1, rows, cols))
    print("wrote %d samples to %s (torch %s, %d thread(s), init %s, sampler %s)"
          % (a.n, a.out, torch.__version__, torch.get_num_threads(), a.init, a.sampler))


if __name__ == "__main__":
    main()
