#!/usr/bin/python3
"""PyTorch reference for one ganscope GAN training step, timed, to compare with `ganscope bench`.

Usage:
    /usr/bin/python3 bench/torch_reference.py mlp [--steps N] [--threads T] [--batch B] [--warmup W]

Run it with Debian's /usr/bin/python3 (python3-torch); a pyenv `python3` usually has no torch.

The output's last line has exactly the format `ganscope bench` prints:
    <preset>: <x> steps/s, <y> GFLOP/s
with x to 1 decimal and y to 2 decimals. Every other line is informational.

GFLOP/s counts only the multiply-adds of the GEMMs (2 flops per multiply-add) that one step
mathematically needs; see step_macs() below, which the C++ side mirrors.

Threads: Debian's torch does its fp32 GEMMs in OpenBLAS (pthread build), whose thread pool is
NOT governed by torch.set_num_threads(); it reads OPENBLAS_NUM_THREADS when the library loads
and otherwise uses every core. So this script sets OPENBLAS_NUM_THREADS / OMP_NUM_THREADS to T
before importing torch, calls torch.set_num_threads(T), and also openblas_set_num_threads(T)
through ctypes, then reports what each pool ended up with.

OMP_WAIT_POLICY: with T >= 2 on a 2-core machine, torch's OpenMP pool (elementwise ops, Adam)
and OpenBLAS's pthread pool (GEMMs) are two sets of T threads; libgomp's default is to spin
after each parallel region, which steals the cores from OpenBLAS. Measured here (mlp, 2 threads,
idle machine): 24-28 steps/s spinning vs 90-94 passive vs ~70 with 1 thread; with other load on
the cores, spinning fell to 3-5 steps/s. So that the reference is not an artificially slow
baseline, the script sets OMP_WAIT_POLICY=passive unless the environment already sets it
(e.g. OMP_WAIT_POLICY=active to see the default behaviour), and prints the value it ran with.
Which policy is faster differs by machine: on an idle Intel Xeon passive made the mlp 1.65x
slower than active (75 against 125 steps/s). bench/compare.sh therefore runs both in every
round and keeps the faster policy's median.

Adding a preset: write a `preset_<name>()` function that returns a Preset (see preset_mlp) and
add its name to PRESET_NAMES and PRESETS. Linear, Conv2d and ConvTranspose2d layers are counted automatically.

BatchNorm (dcgan): the step runs in training mode, as PyTorch's DCGAN example does: D(real) and
D(fake) are two calls, each normalised with its own batch statistics; ganscope pushes
[real | fake] as one batch of 2B with BatchNorm's batch groups set to 2, which computes the same.
"""

import argparse
import os
import sys
import time

DEFAULTS = {"steps": 300, "threads": 2, "batch": 64, "warmup": 20}


def parse_args(argv, preset_names):
    p = argparse.ArgumentParser(
        prog="torch_reference.py",
        description="Time the PyTorch equivalent of a ganscope GAN step.")
    p.add_argument("preset", help="one of: " + ", ".join(preset_names))
    p.add_argument("--steps", type=int, default=DEFAULTS["steps"], help="timed steps (default 300)")
    p.add_argument("--threads", type=int, default=DEFAULTS["threads"], help="threads (default 2)")
    p.add_argument("--batch", type=int, default=DEFAULTS["batch"], help="batch size (default 64)")
    p.add_argument("--warmup", type=int, default=DEFAULTS["warmup"],
                   help="untimed steps before timing (default 20)")
    a = p.parse_args(argv)
    if a.preset not in preset_names:
        print("torch_reference.py: error: unknown preset '%s' (known: %s)"
              % (a.preset, ", ".join(preset_names)), file=sys.stderr)
        sys.exit(2)
    for name, lo in (("steps", 1), ("threads", 1), ("batch", 1), ("warmup", 0)):
        if getattr(a, name) < lo:
            print("torch_reference.py: error: --%s must be >= %d" % (name, lo), file=sys.stderr)
            sys.exit(2)
    return a


# Preset names are needed before torch is imported (the thread variables must be set first),
# so the list is kept here and checked against PRESETS once torch is loaded.
PRESET_NAMES = ["mlp", "dcgan", "wgan_gp"]

ARGS = parse_args(sys.argv[1:], PRESET_NAMES)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)
os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # see the docstring; before torch loads

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    print("torch_reference.py: error: cannot import torch; install python3-torch "
          "(apt-get install python3-torch) and run with /usr/bin/python3", file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------------------------------------
# FLOP counting
# ---------------------------------------------------------------------------------------------

def step_macs(g_layers, d_layers, batch):
    """Multiply-adds of the GEMMs one GAN step mathematically needs.

    g_layers, d_layers: per-sample multiply-add counts of each GEMM layer of G and D, in forward
    order (a Linear in->out is in*out; a conv is out_positions*out_channels*in_channels*k*k per
    group). For every such layer the forward pass, the weight gradient and the input gradient
    each cost the same number of multiply-adds per sample (three GEMMs of the same size), so
    one list per network is all that is needed. Biases, activations, losses and the optimiser
    are not counted.

    With B = batch, SG = sum(g_layers), SD = sum(d_layers):

      G forward on B latents                                    B  * SG
      D step:
        D forward on real and fake                              2B * SD
        D backward, weight grads of every D layer               2B * SD
        D backward, input grads of every D layer but the first  2B * (SD - d_layers[0])
                     (the real batch needs no input grad; fake is detached)
      G step (the fake batch from the D step is reused):
        D forward on fake                                       B  * SD
        D backward, input grads of every D layer                B  * SD
                     (torch also computes D's weight grads here, but they are not needed
                      and are not counted)
        G backward, weight grads of every G layer               B  * SG
        G backward, input grads of every G layer but the first  B  * (SG - g_layers[0])
                     (nobody needs dL/dz)

    Total = B * (3*SG - g_layers[0] + 6*SD + 2*(SD - d_layers[0])).
    FLOPs per step = 2 * step_macs(...).
    """
    sg, sd = sum(g_layers), sum(d_layers)
    b = batch
    macs = 0
    macs += b * sg                       # G forward
    macs += 2 * b * sd                   # D forward, real + fake
    macs += 2 * b * sd                   # D backward, weight grads
    macs += 2 * b * (sd - d_layers[0])   # D backward, input grads except D's first layer
    macs += b * sd                       # G step: D forward on fake
    macs += b * sd                       # G step: D backward, input grads of all D layers
    macs += b * sg                       # G backward, weight grads
    macs += b * (sg - g_layers[0])       # G backward, input grads except G's first layer
    return macs


def step_flops(g_layers, d_layers, batch):
    """GEMM flops of one step: 2 flops per multiply-add."""
    return 2 * step_macs(g_layers, d_layers, batch)


def layer_macs_per_sample(net, example_input):
    """Per-sample multiply-adds of each Linear / Conv2d / ConvTranspose2d of `net`, in call order.

    Found by running `net` once on `example_input` (batch 1) with forward hooks, so convolution
    output sizes come out right without hand arithmetic.
    """
    counts = []

    def hook(mod, inputs, output):
        x = inputs[0]
        if isinstance(mod, nn.Linear):
            counts.append(mod.in_features * mod.out_features)
        elif isinstance(mod, nn.Conv2d):
            k = mod.kernel_size[0] * mod.kernel_size[1]
            out_pos = output.shape[-1] * output.shape[-2]
            counts.append(out_pos * mod.out_channels * (mod.in_channels // mod.groups) * k)
        elif isinstance(mod, nn.ConvTranspose2d):
            # Each input position scatters in_ch x (out_ch/groups) x k x k products.
            k = mod.kernel_size[0] * mod.kernel_size[1]
            in_pos = x.shape[-1] * x.shape[-2]
            counts.append(in_pos * mod.in_channels * (mod.out_channels // mod.groups) * k)

    kinds = (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)
    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, kinds)]
    try:
        with torch.no_grad():
            net(example_input)
    finally:
        for h in handles:
            h.remove()
    return counts


# ---------------------------------------------------------------------------------------------
# Presets
# ---------------------------------------------------------------------------------------------

class Preset:
    """G, D, the latent shape (without batch) and the data shape (without batch)."""

    def __init__(self, g, d, latent_shape, data_shape):
        self.g, self.d = g, d
        self.latent_shape, self.data_shape = tuple(latent_shape), tuple(data_shape)
        self.d_steps, self.gp, self.lr, self.betas = 1, 0.0, 2e-4, (0.5, 0.999)


def init_weights(net):
    """ganscope's init: weights N(0, 0.02), biases 0; BatchNorm scales N(1, 0.02), shifts 0."""
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)


def preset_mlp():
    g = nn.Sequential(
        nn.Linear(100, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 784), nn.Tanh())
    d = nn.Sequential(
        nn.Linear(784, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 1))  # logit
    return Preset(g, d, latent_shape=(100,), data_shape=(784,))


class Reshape(nn.Module):
    """x.view(B, *shape): ganscope's reshape layer (per-sample memory is already NCHW)."""

    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.shape[0], *self.shape)


def preset_dcgan():
    """assets/presets/dcgan.json, layer for layer."""
    g = nn.Sequential(
        nn.Linear(100, 6272), Reshape(128, 7, 7),
        nn.BatchNorm2d(128), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1),
        nn.BatchNorm2d(64), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 4, stride=2, padding=1), nn.Tanh())
    d = nn.Sequential(
        nn.Conv2d(1, 64, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, stride=2, padding=1),
        nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(6272, 1))  # logit
    return Preset(g, d, latent_shape=(100,), data_shape=(1, 28, 28))


def preset_wgan_gp():
    """assets/presets/wgan_gp.json: dcgan's G, and dcgan's D without its BatchNorm as the critic."""
    g = preset_dcgan().g
    d = nn.Sequential(
        nn.Conv2d(1, 64, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(6272, 1))  # critic value
    p = Preset(g, d, latent_shape=(100,), data_shape=(1, 28, 28))
    # WGAN-GP (Gulrajani et al. 2017) as the preset plays it: 5 critic updates per G update,
    # lambda 10, Adam 1e-4 with betas (0.5, 0.9).
    p.d_steps, p.gp, p.lr, p.betas = 5, 10.0, 1e-4, (0.5, 0.9)
    return p


PRESETS = {"mlp": preset_mlp, "dcgan": preset_dcgan, "wgan_gp": preset_wgan_gp}
assert sorted(PRESETS) == sorted(PRESET_NAMES), "keep PRESET_NAMES in sync with PRESETS"


# ---------------------------------------------------------------------------------------------
# The step
# ---------------------------------------------------------------------------------------------

def make_wgan_gp_step(p, opt_g, opt_d, batch, pool):
    """One WGAN-GP step: d_steps critic updates, each on a fresh real and fake batch, with the
    penalty lambda E[(|grad D(x^)| - 1)^2] on random interpolates (a double backward through
    the convolutions: torch.autograd.grad with create_graph=True), then one G update."""
    g, d = p.g, p.d
    n_pool = pool.shape[0]

    def step():
        for _ in range(p.d_steps):
            real = pool[torch.randint(0, n_pool, (batch,))]
            fake_for_g = g(torch.randn((batch,) + p.latent_shape))
            fake = fake_for_g.detach()
            eps = torch.rand(batch, 1, 1, 1)
            mix = (eps * real + (1 - eps) * fake).requires_grad_(True)
            out = d(mix)
            grad, = torch.autograd.grad(out, mix, grad_outputs=torch.ones_like(out),
                                        create_graph=True)
            penalty = p.gp * ((grad.reshape(batch, -1).norm(2, dim=1) - 1) ** 2).mean()
            loss_d = d(fake).mean() - d(real).mean() + penalty
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
        # G's update reuses the last critic update's fakes, as ganscope's (and DCGAN's) does.
        loss_g = -d(fake_for_g).mean()
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        return loss_d, loss_g

    return step


def make_step(p, opt_g, opt_d, batch, pool):
    """One step of the standard PyTorch DCGAN example (what ganscope computes too)."""
    g, d = p.g, p.d
    ones = torch.ones(batch, 1)
    zeros = torch.zeros(batch, 1)
    n_pool = pool.shape[0]

    def step():
        # Data: a fixed pool of synthetic images in [-1, 1], built once; each step gathers B
        # random samples (B x 784 floats), which costs a negligible fraction of a step.
        real = pool[torch.randint(0, n_pool, (batch,))]
        z = torch.randn((batch,) + p.latent_shape)
        fake = g(z)

        # D update: 0.5 * (BCE(D(real), 1) + BCE(D(fake), 0)), fake detached.
        loss_d = 0.5 * (F.binary_cross_entropy_with_logits(d(real), ones)
                        + F.binary_cross_entropy_with_logits(d(fake.detach()), zeros))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()

        # G update, non-saturating: BCE(D(fake), 1), reusing the same fake batch.
        loss_g = F.binary_cross_entropy_with_logits(d(fake), ones)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        return loss_d, loss_g

    return step


def blas_threads():
    """OpenBLAS's thread count, or None when torch's BLAS is not OpenBLAS."""
    try:
        import ctypes
        lib = ctypes.CDLL("libblas.so.3")
        return lib.openblas_get_num_threads, lib.openblas_set_num_threads
    except (OSError, AttributeError):
        return None


def main():
    a = ARGS
    torch.set_num_threads(a.threads)
    ob = blas_threads()
    if ob is not None:
        ob[1](a.threads)
    torch.manual_seed(0)

    p = PRESETS[a.preset]()
    init_weights(p.g)
    init_weights(p.d)
    opt_g = torch.optim.Adam(p.g.parameters(), lr=p.lr, betas=p.betas)
    opt_d = torch.optim.Adam(p.d.parameters(), lr=p.lr, betas=p.betas)

    g_layers = layer_macs_per_sample(p.g, torch.zeros((1,) + p.latent_shape))
    d_layers = layer_macs_per_sample(p.d, torch.zeros((1,) + p.data_shape))
    flops = step_flops(g_layers, d_layers, a.batch)
    if p.gp:
        # As ganscope's Trainer::flops_per_step: each critic update also runs D forward (B),
        # its input grads (B), the tangent's forward (B), weight grads (B) and input grads but
        # for layer 1 (B) for the penalty; the extra critic updates each run G forward too.
        b, sg, sd = a.batch, sum(g_layers), sum(d_layers)
        d_update = b * sg + 4 * b * sd + 2 * b * (sd - d_layers[0])
        penalty = 4 * b * sd + b * (sd - d_layers[0])
        flops += 2 * ((p.d_steps - 1) * d_update + p.d_steps * penalty)

    pool = torch.rand((1024,) + p.data_shape) * 2 - 1
    step = (make_wgan_gp_step if p.gp else make_step)(p, opt_g, opt_d, a.batch, pool)

    print("torch %s, torch threads %d, openblas threads %s, interop threads %d, "
          "OMP_WAIT_POLICY %s"
          % (torch.__version__, torch.get_num_threads(),
             ob[0]() if ob is not None else "n/a", torch.get_num_interop_threads(),
             os.environ.get("OMP_WAIT_POLICY", "unset")))
    print("preset %s: batch %d, warmup %d, steps %d" % (a.preset, a.batch, a.warmup, a.steps))
    print("G GEMM MACs/sample per layer: %s (sum %d)" % (g_layers, sum(g_layers)))
    print("D GEMM MACs/sample per layer: %s (sum %d)" % (d_layers, sum(d_layers)))
    print("parameters: G %d, D %d" % (sum(t.numel() for t in p.g.parameters()),
                                       sum(t.numel() for t in p.d.parameters())))
    print("GEMM flops per step: %d (%.4f GFLOP)" % (flops, flops / 1e9))
    sys.stdout.flush()

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        loss_d, loss_g = step()
    elapsed = time.perf_counter() - t0

    sps = a.steps / elapsed
    print("timed %d steps in %.3f s (%.3f ms/step); last loss_d %.4f, loss_g %.4f"
          % (a.steps, elapsed, 1e3 * elapsed / a.steps, loss_d.item(), loss_g.item()))
    print("%s: %.1f steps/s, %.2f GFLOP/s" % (a.preset, sps, sps * flops / 1e9))


if __name__ == "__main__":
    main()
