#!/usr/bin/python3
"""Writes the golden fixtures that tests/nn/golden_test.cpp compares ganscope's layers with.

Run with Debian's python3-torch: /usr/bin/python3 tests/golden/make_fixtures.py [DIR [CASE...]]
(DIR defaults to fixtures/; naming cases writes only those, leaving the other files as they are).
The C++ tests read only the committed fixtures; they never need torch.

For each case, random float32 inputs and weights go through the PyTorch layer computed in
float64 (so the reference carries only the final rounding to float32), with the upstream
gradient dy (loss L = sum(dy * y)); the file holds the inputs, the output and every gradient.

File format, one file per case, little-endian:
    u32 magic   0x444C4F47 (the bytes "GOLD")
    u32 version 1
    u32 count   number of arrays
    count times:
        u32 name length, then the name (UTF-8, no terminator)
        u32 ndim, then ndim x u32 dims
        prod(dims) x f32, in C (row-major) order, as PyTorch holds the tensor
A batch is stored as PyTorch's (B, C, H, W) or (B, F): each sample's memory is then exactly a
column of ganscope's (features, B) matrix. A weight (out, in, kh, kw) read row-major is
ganscope's (out, in*kh*kw) matrix. "config" holds a case's integer settings as floats.
"""
import os
import struct
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import torch_layers  # noqa: E402  (a preset's layers as torch modules)

MAGIC = 0x444C4F47
VERSION = 1


def write_fixture(path, arrays):
    with open(path, "wb") as f:
        f.write(struct.pack("<III", MAGIC, VERSION, len(arrays)))
        for name, t in arrays.items():
            a = t.detach().to(torch.float32).contiguous().cpu().numpy()
            raw = name.encode()
            f.write(struct.pack("<I", len(raw)) + raw)
            f.write(struct.pack("<I", a.ndim) + struct.pack("<%dI" % a.ndim, *a.shape))
            f.write(a.astype("<f4").tobytes())


def f32(*shape, scale=1.0):
    """Random float32 values, returned as float64 so that both sides start from the same numbers."""
    return (torch.randn(*shape) * scale).to(torch.float32).to(torch.float64)


def leaf(t):
    return t.clone().requires_grad_(True)


def run(module, x):
    """Forward and backward of module on x: (y, dy, dx) with L = sum(dy * y)."""
    x = leaf(x)
    y = module(x)
    dy = f32(*y.shape)
    (y * dy).sum().backward()
    return y, dy, x.grad


def linear():
    m = torch.nn.Linear(7, 5).double()
    with torch.no_grad():
        m.weight.copy_(f32(5, 7, scale=0.5))
        m.bias.copy_(f32(5))
    x = f32(4, 7)
    y, dy, dx = run(m, x)
    return dict(x=x, weight=m.weight, bias=m.bias, y=y, dy=dy, dx=dx, dweight=m.weight.grad,
                dbias=m.bias.grad)


def conv(cls, in_c, h, w, out_c, k, s, p, batch=3):
    m = cls(in_c, out_c, k, stride=s, padding=p).double()
    with torch.no_grad():
        m.weight.copy_(f32(*m.weight.shape, scale=0.3))
        m.bias.copy_(f32(out_c))
    x = f32(batch, in_c, h, w)
    y, dy, dx = run(m, x)
    cfg = torch.tensor([in_c, h, w, out_c, k, s, p], dtype=torch.float64)
    return dict(config=cfg, x=x, weight=m.weight, bias=m.bias, y=y, dy=dy, dx=dx,
                dweight=m.weight.grad, dbias=m.bias.grad)


def batch_norm(shape, training, groups=1):
    """shape: (B, F) or (B, C, H, W); config = [channels, height, width (0 for 1d), groups]."""
    c = shape[1]
    m = (torch.nn.BatchNorm1d(c) if len(shape) == 2 else torch.nn.BatchNorm2d(c)).double()
    with torch.no_grad():
        m.weight.copy_(1 + f32(c, scale=0.3))
        m.bias.copy_(f32(c, scale=0.3))
        m.running_mean.copy_(f32(c))
        m.running_var.copy_(0.5 + f32(c).abs())
    rm0, rv0 = m.running_mean.clone(), m.running_var.clone()
    m.train(training)
    x = leaf(f32(*shape, scale=2.0) + 0.5)
    # PyTorch normalises D(real) and D(fake) as separate calls: groups calls on equal slices.
    y = torch.cat([m(part) for part in x.chunk(groups, dim=0)], dim=0)
    dy = f32(*y.shape)
    (y * dy).sum().backward()
    h, w = (shape[2], shape[3]) if len(shape) == 4 else (0, 0)
    cfg = torch.tensor([c, h, w, groups], dtype=torch.float64)
    return dict(config=cfg, x=x, weight=m.weight, bias=m.bias, running_mean_before=rm0,
                running_var_before=rv0, y=y, dy=dy, dx=x.grad, dweight=m.weight.grad,
                dbias=m.bias.grad, running_mean=m.running_mean, running_var=m.running_var)


def layer_norm(shape):
    """torch.nn.LayerNorm over each sample's whole shape (B, ...); config = the per-sample
    shape. Weights and their gradients are stored flat: ganscope's (N, 1) vectors."""
    m = torch.nn.LayerNorm(shape[1:]).double()  # eps 1e-5, elementwise affine
    with torch.no_grad():
        m.weight.copy_(1 + f32(*shape[1:], scale=0.3))
        m.bias.copy_(f32(*shape[1:], scale=0.3))
    x = f32(*shape, scale=2.0) + 0.5
    y, dy, dx = run(m, x)
    flat = lambda t: t.reshape(-1)
    return dict(config=torch.tensor(shape[1:], dtype=torch.float64), x=x,
                weight=flat(m.weight), bias=flat(m.bias), y=y, dy=dy, dx=dx,
                dweight=flat(m.weight.grad), dbias=flat(m.bias.grad))


def activation(fn, shape=(4, 9)):
    x = f32(*shape, scale=2.0)
    y, dy, dx = run(fn, x)
    return dict(x=x, y=y, dy=dy, dx=dx)


def maxout(k=3):
    x = f32(4, 12)
    y, dy, dx = run(lambda t: t.view(t.shape[0], t.shape[1] // k, k).max(dim=2).values, x)
    return dict(config=torch.tensor([k], dtype=torch.float64), x=x, y=y, dy=dy, dx=dx)


def spectral_norm(module, x_shape):
    """One training-mode forward (one power iteration) and backward of spectral_norm(module)."""
    module = module.double()
    with torch.no_grad():
        module.weight.copy_(f32(*module.weight.shape, scale=0.3))
        module.bias.copy_(f32(*module.bias.shape))
    m = torch.nn.utils.spectral_norm(module)  # n_power_iterations=1, eps=1e-12
    u0, v0 = F.normalize(f32(*m.weight_u.shape), dim=0), F.normalize(f32(*m.weight_v.shape), dim=0)
    with torch.no_grad():
        m.weight_u.copy_(u0)
        m.weight_v.copy_(v0)
    m.train()
    weight_orig = m.weight_orig.detach().clone()
    x = f32(*x_shape)
    y, dy, dx = run(m, x)
    wm = weight_orig.reshape(weight_orig.shape[0], -1)
    sigma = torch.dot(m.weight_u, wm @ m.weight_v)
    return dict(x=x, weight_orig=weight_orig,
                bias=m.bias, u_before=u0, v_before=v0, y=y, u=m.weight_u, v=m.weight_v,
                sigma=sigma.reshape(1), dy=dy, dx=dx, dweight=m.weight_orig.grad, dbias=m.bias.grad)


# ---------------------------------------------------------------------------------------------
# One whole GAN step of a preset (issue 3): the preset's JSON built as torch modules, every
# parameter, the real batch and the latents set by a formula both sides can compute (so the
# fixture stays small: no weights stored), then one D update and one G update with Adam, as
# ganscope's Trainer::step_on and PyTorch's DCGAN example do them. The fixture keeps the
# step's metrics and, per parameter tensor, sums and 8 sampled entries after the step, and
# the largest gradient entry (0 up to rounding for a bias just before a BatchNorm, which
# removes it: there Adam's first step follows rounding noise on both sides).
# ---------------------------------------------------------------------------------------------

def formula(n, tensor_id, freq, scale, offset=0.0):
    """offset + scale * sin(freq * (i + 1) + 1.1 * (tensor_id + 1)) for i < n, in float64.
    tests/train/gan_step_golden_test.cpp computes the same numbers."""
    i = torch.arange(n, dtype=torch.float64)
    return offset + scale * torch.sin(freq * (i + 1) + 1.1 * (tensor_id + 1))


def build(layers, shape):
    """A preset's layers in float64 (bench/torch_layers.py, shared with the parity runs)."""
    return torch_layers.build(layers, shape).double()


def set_by_formula(net, first_id):
    """Weights scale/sqrt(fan-in) sin(...); biases 0.1 sin(...); BatchNorm scales 1 + 0.1 sin(...).
    A tensor seen as (rows, numel/rows) is filled in row-major order, which is ganscope's
    (rows, cols) matrix read entry (r, c) -> r * cols + c."""
    for k, (name, p) in enumerate(net.named_parameters()):
        rows = p.shape[0]
        cols = p.numel() // rows
        if p.dim() == 1:
            v = formula(p.numel(), first_id + k, 0.37, 0.1, 1.0 if name.endswith("weight") else 0.0)
        else:
            v = formula(p.numel(), first_id + k, 0.37, 1.0 / cols ** 0.5)
        with torch.no_grad():
            p.copy_(v.reshape(p.shape))


def sample_indices(n):
    return [int(j * (n - 1) / 7) for j in range(8)]


def penalty(d, x, weight, target, scale):
    """weight * scale * mean_i (|grad_x D(x_i)| - target)^2, differentiable in D's parameters
    (create_graph=True): WGAN-GP is target 1, scale 1 on interpolates; R1 target 0, scale 1/2
    on real samples (src/train/d_regulariser.cpp)."""
    x = x.detach().clone().requires_grad_(True)
    out = d(x)
    grad, = torch.autograd.grad(out, x, grad_outputs=torch.ones_like(out), create_graph=True)
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return weight * scale * ((norms - target) ** 2).mean()


def gan_step(preset, game=None, gp=0.0, r1=0.0, steps=1):
    """One D and one G update of a preset, as Trainer::step_on does; game, gp and r1 override
    the preset's objective and penalty weights (then d_steps is taken as 1). WGAN-GP's mix eps
    per sample comes from the formula too, as its C++ side passes to step_on. Several steps:
    step k > 0 takes its real batch and latents from the formula with ids 7 + 10k and 9 + 10k;
    "metrics" then holds one row per step and each tensor's largest gradient is the last step's."""
    import json
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "assets", "presets", preset + ".json")) as f:
        cfg = json.load(f)
    game = game or cfg["objective"]
    batch, latent = cfg["batch"], cfg["latent_dim"]
    # A projection D (src/nn/class_projection.h) on ten classes: its last linear gives the
    # logit, a projection per class and a class logit per class; sample i is of class
    # (3 i + 1) mod 10, its one-hot rows below G's latent. class_loss: AC-GAN's term.
    classes = 10 if cfg.get("conditioning") == "projection" else 0
    d_layers = [dict(l) for l in cfg["discriminator"]]
    if classes:
        d_layers[-1]["units"] = 1 + 2 * classes
        onehot = F.one_hot(torch.tensor([(3 * i + 1) % classes for i in range(batch)]), classes).double()
        labels = onehot.argmax(1)
    class_loss = cfg.get("class_loss", 0.0) if classes else 0.0
    g = build(cfg["generator"], (latent + classes,))
    d_input = (1, 28, 28)
    d_net = build(d_layers, d_input)

    def d(x):
        return d_net(x)[:, :1] + (d_net(x)[:, 1:1 + classes] * onehot).sum(1, keepdim=True) if classes else d_net(x)

    def class_term(x):
        return class_loss * F.cross_entropy(d_net(x)[:, 1 + classes:], labels) if class_loss else 0.0
    set_by_formula(g, 0)
    set_by_formula(d_net, 100)
    before = {"G": [p.detach().clone() for p in g.parameters()],
              "D": [p.detach().clone() for p in d_net.parameters()]}
    adam = dict(lr=cfg["lr_d"], betas=(cfg["beta1"], cfg["beta2"]), eps=1e-8)
    opt_d = torch.optim.Adam(d_net.parameters(), **adam)
    opt_g = torch.optim.Adam(g.parameters(), **dict(adam, lr=cfg["lr_g"]))
    bce = F.binary_cross_entropy_with_logits
    ones, zeros = torch.ones(batch, 1, dtype=torch.float64), torch.zeros(batch, 1, dtype=torch.float64)
    norm = lambda net: float(sum((p.grad ** 2).sum() for p in net.parameters()) ** 0.5)

    metrics = []
    for k in range(steps):
        real = formula(batch * 784, 7 + 10 * k, 0.61, 0.9).reshape(batch, *d_input)
        z = formula(batch * latent, 9 + 10 * k, 0.73, 1.5).reshape(batch, latent)
        if classes:
            z = torch.cat([z, onehot], 1)
        grad_max = {}
        fake = g(z)
        real_logits, fake_logits = d(real), d(fake.detach())
        if game == "non-saturating":
            loss_d = 0.5 * (bce(real_logits, ones) + bce(fake_logits, zeros))
            shown = torch.sigmoid
            g_loss = lambda s: bce(s, ones)
        elif game == "wgan-gp":
            loss_d = fake_logits.mean() - real_logits.mean()
            shown = lambda s: s
            g_loss = lambda s: -s.mean()
        else:
            raise ValueError("gan_step: objective %s is not needed here" % game)
        mix = formula(batch, 11, 0.53, 0.5, 0.5).reshape(batch, *([1] * len(d_input)))
        pen = torch.zeros((), dtype=torch.float64)
        if gp:
            pen = pen + penalty(d, mix * real + (1 - mix) * fake.detach().reshape(real.shape), gp, 1.0, 1.0)
        if r1:
            pen = pen + penalty(d, real, r1, 0.0, 0.5)
        loss_d = loss_d + pen + class_term(real)
        opt_d.zero_grad()
        loss_d.backward()
        grad_norm_d = norm(d_net)
        grad_max["D"] = [float(p.grad.abs().max()) for p in d_net.parameters()]
        opt_d.step()
        loss_g = g_loss(d(fake)) + class_term(fake)
        opt_g.zero_grad()
        loss_g.backward()
        grad_norm_g = norm(g)
        grad_max["G"] = [float(p.grad.abs().max()) for p in g.parameters()]
        opt_g.step()
        metrics.append([float(loss_d), float(loss_g), float(shown(real_logits).mean()),
                        float(shown(fake_logits).mean()), grad_norm_d, grad_norm_g, float(pen)])

    metrics = torch.tensor(metrics, dtype=torch.float64)
    arrays = {"config": torch.tensor([batch, latent], dtype=torch.float64),
              "metrics": metrics[0] if steps == 1 else metrics}
    for net_name, net in (("G", g), ("D", d_net)):
        for k, p in enumerate(net.parameters()):
            flat, was = p.detach().reshape(-1), before[net_name][k].reshape(-1)
            picks = [float(flat[j]) for j in sample_indices(flat.numel())]
            arrays["%s%d" % (net_name, k)] = torch.tensor(
                [float(flat.sum()), float(flat.abs().sum()), float((flat - was).abs().sum())] + picks
                + [grad_max[net_name][k]], dtype=torch.float64)
        bn = [m for m in net.modules() if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d))]
        for k, m in enumerate(bn):
            arrays["%s.bn%d" % (net_name, k)] = torch.stack(
                [m.running_mean.sum(), m.running_var.sum()])
    return arrays


def gan_objectives():
    """Every objective of src/nn/gan_objective.cpp in PyTorch's own functions, on the raw
    outputs of D for a real and a fake batch: D's loss and its gradient w.r.t. each batch's
    outputs, G's loss and its gradient w.r.t. the fake outputs. Values avoid the hinge's kinks
    at +-1. label_smoothing_0.1 is the non-saturating game with real targets 0.9."""
    real = torch.tensor([2.3, -0.4, 0.7, 1.6, -1.8, 0.05, 3.1, -2.6], dtype=torch.float64)
    fake = torch.tensor([-1.3, 0.45, -0.2, 2.2, -3.0, 0.9, -0.75, 1.2], dtype=torch.float64)
    ones, zeros = torch.ones_like(real), torch.zeros_like(real)
    bce = F.binary_cross_entropy_with_logits
    games = {
        "non-saturating": (lambda r, f: 0.5 * (bce(r, ones) + bce(f, zeros)), lambda f: bce(f, ones)),
        "minimax": (lambda r, f: 0.5 * (bce(r, ones) + bce(f, zeros)), lambda f: -bce(f, zeros)),
        "lsgan": (lambda r, f: 0.5 * F.mse_loss(r, ones) + 0.5 * F.mse_loss(f, zeros),
                  lambda f: 0.5 * F.mse_loss(f, ones)),
        "hinge": (lambda r, f: F.relu(1 - r).mean() + F.relu(1 + f).mean(), lambda f: -f.mean()),
        "wgan": (lambda r, f: f.mean() - r.mean(), lambda f: -f.mean()),
        "wgan-gp": (lambda r, f: f.mean() - r.mean(), lambda f: -f.mean()),  # its penalty: gan_step
        "label_smoothing_0.1": (lambda r, f: 0.5 * (bce(r, 0.9 * ones) + bce(f, zeros)),
                                lambda f: bce(f, ones)),
    }
    arrays = {"real": real, "fake": fake}
    for name, (d_loss, g_loss) in games.items():
        r, f = leaf(real), leaf(fake)
        ld = d_loss(r, f)
        ld.backward()
        f2 = leaf(fake)
        lg = g_loss(f2)
        lg.backward()
        arrays[name + ".d_loss"] = ld.reshape(1)
        arrays[name + ".d_grad_real"] = r.grad
        arrays[name + ".d_grad_fake"] = f.grad
        arrays[name + ".g_loss"] = lg.reshape(1)
        arrays[name + ".g_grad"] = f2.grad
    return arrays


def rmsprop():
    """torch.optim.RMSprop with its defaults (alpha 0.99, eps 1e-8, no momentum, not centered)
    on one tensor over five steps of given gradients, the learning rate changed from 1e-2 to
    3e-2 before the fourth (the square average must carry over): the tensor after each step."""
    p0, grads = f32(3, 4), f32(5, 3, 4)
    p = leaf(p0)
    opt = torch.optim.RMSprop([p], lr=1e-2, alpha=0.99, eps=1e-8)
    after = []
    for k in range(5):
        if k == 3:
            opt.param_groups[0]["lr"] = 3e-2
        p.grad = grads[k].clone()
        opt.step()
        after.append(p.detach().clone())
    return {"p0": p0, "grads": grads, "after": torch.stack(after)}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "fixtures")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(2024)
    cases = {
        "linear": linear,
        "conv2d_k4s2p1": lambda: conv(torch.nn.Conv2d, 3, 8, 8, 4, 4, 2, 1),
        "conv2d_k3s1p0": lambda: conv(torch.nn.Conv2d, 2, 7, 6, 3, 3, 1, 0),
        "conv_transpose2d_k4s2p1": lambda: conv(torch.nn.ConvTranspose2d, 4, 4, 4, 3, 4, 2, 1),
        "conv_transpose2d_k3s2p1": lambda: conv(torch.nn.ConvTranspose2d, 3, 3, 4, 2, 3, 2, 1),
        "batchnorm1d_train": lambda: batch_norm((4, 6), True),
        "batchnorm1d_eval": lambda: batch_norm((4, 6), False),
        "batchnorm2d_train": lambda: batch_norm((3, 3, 5, 5), True),
        "batchnorm2d_eval": lambda: batch_norm((3, 3, 5, 5), False),
        "batchnorm2d_groups2": lambda: batch_norm((4, 3, 4, 4), True, groups=2),
        "leaky_relu": lambda: activation(lambda t: F.leaky_relu(t, 0.2)),
        "tanh": lambda: activation(torch.tanh),
        "sigmoid": lambda: activation(torch.sigmoid),
        "maxout": maxout,
        "spectral_norm_linear": lambda: spectral_norm(torch.nn.Linear(6, 5), (4, 6)),
        "spectral_norm_conv2d": lambda: spectral_norm(torch.nn.Conv2d(2, 3, 4, 2, 1), (3, 2, 6, 6)),
        "gan_step_mlp": lambda: gan_step("mlp"),
        "gan_step_dcgan": lambda: gan_step("dcgan"),
        "gan_objectives": gan_objectives,
        # Gradient penalties, with second derivatives (issue 11): one step each on the mlp
        # critic and on wgan_gp's convolutional one.
        "penalty_step_mlp_wgan_gp": lambda: gan_step("mlp", "wgan-gp", gp=10.0),
        "penalty_step_mlp_r1": lambda: gan_step("mlp", "non-saturating", r1=20.0),
        "penalty_step_conv_wgan_gp": lambda: gan_step("wgan_gp", "wgan-gp", gp=10.0),
        "penalty_step_conv_r1": lambda: gan_step("wgan_gp", "non-saturating", r1=5.0),
        # New cases go last: each draws from the one seeded stream, so earlier fixtures stay.
        "layer_norm_3d": lambda: layer_norm((3, 2, 4, 5)),
        "rmsprop": rmsprop,
        "gan_steps_mlp": lambda: gan_step("mlp", steps=10),
        # A projection D with AC-GAN's class loss (issue 14): cgan's layout, two steps.
        "gan_steps_cgan": lambda: gan_step("cgan", steps=2),
    }
    only = set(sys.argv[2:])  # case names: write only those
    total = 0
    for name, make in cases.items():
        if only and name not in only:
            continue
        arrays = make()
        path = os.path.join(out, name + ".bin")
        write_fixture(path, arrays)
        total += os.path.getsize(path)
        print("%-26s %6d bytes" % (name, os.path.getsize(path)))
    print("total %d bytes" % total)


if __name__ == "__main__":
    main()
