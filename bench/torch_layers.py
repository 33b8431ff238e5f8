"""A ganscope preset's layer list (assets/presets/*.json) as torch modules, for the scripts that
set ganscope beside PyTorch: bench/torch_train.py (parity runs) and tests/golden/make_fixtures.py
(the golden GAN steps)."""
import torch


class Reshape(torch.nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


def build(layers, shape):
    """A preset's layer list as torch modules; shape is one sample's input shape."""
    mods = []
    numel = lambda s: int(torch.tensor(s).prod())
    for l in layers:
        t = l["type"]
        if t == "linear":
            if len(shape) > 1:
                mods.append(torch.nn.Flatten())
            mods.append(torch.nn.Linear(numel(shape), l["units"]))
            shape = (l["units"],)
        elif t in ("conv", "conv_transpose"):
            c, h, w = shape
            k, s, p, oc = l["kernel"], l.get("stride", 1), l.get("padding", 0), l["out_channels"]
            if t == "conv":
                mods.append(torch.nn.Conv2d(c, oc, k, stride=s, padding=p))
                shape = (oc, (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1)
            else:
                mods.append(torch.nn.ConvTranspose2d(c, oc, k, stride=s, padding=p))
                shape = (oc, (h - 1) * s - 2 * p + k, (w - 1) * s - 2 * p + k)
        elif t == "batch_norm":
            mods.append(torch.nn.BatchNorm2d(shape[0]) if len(shape) == 3
                        else torch.nn.BatchNorm1d(shape[0]))
        elif t == "reshape":
            mods.append(Reshape(l["shape"]))
            shape = tuple(l["shape"])
        elif t == "flatten":
            mods.append(torch.nn.Flatten())
            shape = (numel(shape),)
        elif t == "relu":
            mods.append(torch.nn.ReLU())
        elif t == "leaky_relu":
            mods.append(torch.nn.LeakyReLU(l.get("slope", 0.2)))
        elif t == "tanh":
            mods.append(torch.nn.Tanh())
        else:
            raise ValueError("layer type %s has no torch counterpart here" % t)
    return torch.nn.Sequential(*mods)
