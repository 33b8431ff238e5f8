#!/usr/bin/python3
"""Draws bench/batch_scaling.sh's CSV: GFLOP/s against the batch, a panel per preset, a line
per side and thread count (ganscope solid, PyTorch dashed), and the SGEMM peak when given.

    /usr/bin/python3 bench/plot_batch_scaling.py batch_scaling.csv docs/batch-scaling.png \
        [--peak THREADS=GFLOPS ...]

Needs matplotlib (Debian: python3-matplotlib)."""
import argparse
import csv
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("csv")
    p.add_argument("png")
    p.add_argument("--peak", action="append", default=[], help="THREADS=GFLOPS, OpenBLAS's SGEMM peak")
    a = p.parse_args()
    rows = list(csv.DictReader(open(a.csv)))
    presets = sorted({r["preset"] for r in rows}, key=lambda s: (s != "mlp", s))
    peaks = dict(x.split("=") for x in a.peak)
    fig, axes = plt.subplots(1, len(presets), figsize=(5.5 * len(presets), 4), squeeze=False)
    for ax, preset in zip(axes[0], presets):
        lines = defaultdict(list)
        for r in rows:
            if r["preset"] != preset:
                continue
            b = int(r["batch"])
            lines[("ganscope", r["threads"])].append((b, float(r["ganscope_gflops"])))
            lines[("PyTorch", r["threads"])].append((b, float(r["torch_gflops"])))
        for (side, threads), pts in sorted(lines.items()):
            pts.sort()
            ax.plot([x for x, _ in pts], [y for _, y in pts], "-o" if side == "ganscope" else "--s",
                    label="%s, %s thread%s" % (side, threads, "" if threads == "1" else "s"))
        for threads, g in sorted(peaks.items()):
            ax.axhline(float(g), color="grey", lw=0.8, ls=":")
            ax.text(16, float(g), " SGEMM peak, %s thread%s" % (threads, "" if threads == "1" else "s"),
                    va="bottom", fontsize=8, color="grey")
        ax.set_xscale("log", base=2)
        batches = sorted({int(r["batch"]) for r in rows if r["preset"] == preset})
        ax.set_xticks(batches)
        ax.set_xticklabels([str(b) for b in batches])
        ax.set_xlabel("batch")
        ax.set_ylabel("GFLOP/s (the step's GEMM work)")
        ax.set_title(preset)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(a.png, dpi=100)


if __name__ == "__main__":
    main()
