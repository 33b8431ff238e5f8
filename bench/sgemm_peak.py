#!/usr/bin/python3
"""This machine's single-precision GEMM peak, as torch (Debian: OpenBLAS) reaches it.

Usage:
    /usr/bin/python3 bench/sgemm_peak.py [--threads 1,2] [--sizes 1024,2048] [--repeats 5]
                                         [--min-time 0.3]

For each thread count and square size n it times C = A @ B (n x n x n, 2*n^3 flops) in batches
of at least --min-time seconds, keeps the best of --repeats batches, and prints GFLOP/s.
The last lines are one per thread count, the last one for the last thread count given:
    sgemm peak threads=<T>: <y> GFLOP/s
(compare.sh --peak runs this with a single thread count and reads the last line.)

Threads: OpenBLAS's pool ignores torch.set_num_threads(), so it is set with
openblas_set_num_threads() through ctypes for each thread count (and OPENBLAS_NUM_THREADS is
set to the largest count before torch loads, so that many worker threads exist).
"""

import argparse
import os
import sys
import time


def int_list(text):
    try:
        vals = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("expected comma-separated integers, got %r" % text)
    if not vals or min(vals) < 1:
        raise argparse.ArgumentTypeError("expected positive integers, got %r" % text)
    return vals


p = argparse.ArgumentParser(prog="sgemm_peak.py", description="Measure fp32 GEMM GFLOP/s.")
p.add_argument("--threads", type=int_list, default=[1, 2], help="comma list (default 1,2)")
p.add_argument("--sizes", type=int_list, default=[1024, 2048], help="comma list (default 1024,2048)")
p.add_argument("--repeats", type=int, default=5, help="best of this many batches (default 5)")
p.add_argument("--min-time", type=float, default=0.3, help="seconds per timed batch (default 0.3)")
ARGS = p.parse_args()

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(max(ARGS.threads))

try:
    import torch
except ImportError:
    print("sgemm_peak.py: error: cannot import torch; install python3-torch "
          "(apt-get install python3-torch) and run with /usr/bin/python3", file=sys.stderr)
    sys.exit(1)


def openblas():
    try:
        import ctypes
        lib = ctypes.CDLL("libblas.so.3")
        return lib.openblas_get_num_threads, lib.openblas_set_num_threads
    except (OSError, AttributeError):
        return None


def set_threads(t, ob):
    torch.set_num_threads(t)
    if ob is not None:
        ob[1](t)


def best_gflops(n, repeats, min_time):
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    c = torch.empty(n, n)
    torch.mm(a, b, out=c)  # warm up (thread pool, page faults)
    # Calibrate how many products fill min_time.
    reps, t = 1, 0.0
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b, out=c)
        t = time.perf_counter() - t0
        if t >= min_time / 4 or reps >= 1 << 16:
            break
        reps *= 2
    reps = max(1, int(reps * min_time / max(t, 1e-9)))
    best = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b, out=c)
        t = time.perf_counter() - t0
        best = max(best, 2.0 * n ** 3 * reps / t / 1e9)
    return best


def main():
    ob = openblas()
    print("torch %s, BLAS: %s" % (torch.__version__,
                                  "OpenBLAS (threads set via ctypes)" if ob else "unknown"))
    peaks = []
    for t in ARGS.threads:
        set_threads(t, ob)
        got = ob[0]() if ob else "n/a"
        best = 0.0
        for n in ARGS.sizes:
            g = best_gflops(n, ARGS.repeats, ARGS.min_time)
            best = max(best, g)
            print("threads %d (openblas %s): %dx%dx%d sgemm best of %d: %.2f GFLOP/s"
                  % (t, got, n, n, n, ARGS.repeats, g))
            sys.stdout.flush()
        peaks.append((t, best))
    for t, best in peaks:
        print("sgemm peak threads=%d: %.2f GFLOP/s" % (t, best))


if __name__ == "__main__":
    main()
