#!/usr/bin/env python3
"""ctest app.silent_display: usage silent_display.py GANSCOPE_BINARY

A fake X server that accepts connections (the kernel's listen backlog accepts them) and never
answers, on a free display number: `ganscope gui` must give up after its 5 s probe with one
line on stderr pointing to the headless commands, and exit 1, instead of hanging in glfwInit.
"""
import os
import socket
import subprocess
import sys
import time

SOCKET_DIR = "/tmp/.X11-unix"


def listen(address):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.bind(address)
    except OSError:
        s.close()
        return None
    s.listen(16)
    return s


def main():
    binary = sys.argv[1]
    made_dir = not os.path.isdir(SOCKET_DIR)
    if made_dir:
        os.makedirs(SOCKET_DIR)
        os.chmod(SOCKET_DIR, 0o1777)
    sockets, path = [], None
    try:
        # A display number no server uses: neither its file socket nor Linux's abstract one.
        for n in range(70, 1000):
            candidate = f"{SOCKET_DIR}/X{n}"
            if os.path.exists(candidate):
                continue
            abstract = listen("\0" + candidate)
            if abstract is None:
                continue
            filed = listen(candidate)
            if filed is None:
                abstract.close()
                continue
            sockets, path = [abstract, filed], candidate
            break
        if path is None:
            print("silent_display: FAIL: no free display number")
            return 1
        display = ":" + path.rsplit("X", 1)[1]
        env = dict(os.environ, DISPLAY=display)
        env.pop("WAYLAND_DISPLAY", None)
        start = time.monotonic()
        try:
            r = subprocess.run([binary, "gui"], env=env, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            print("silent_display: FAIL: ganscope gui hung on a display that never answers")
            return 1
        took = time.monotonic() - start
        lines = r.stderr.splitlines()
        problems = []
        if r.returncode != 1:
            problems.append(f"exit code {r.returncode}, expected 1")
        if len(lines) != 1:
            problems.append(f"{len(lines)} lines on stderr, expected 1")
        want = (f"ganscope: cannot open a window (the display {display} did not answer within "
                "5 s); use the headless commands: ganscope train|sample|bench --help")
        if lines and lines[0] != want:
            problems.append(f"stderr {lines[0]!r}, expected {want!r}")
        if not 4 <= took <= 15:
            problems.append(f"took {took:.1f} s, expected about 5")
        if problems:
            print("silent_display: FAIL: " + "; ".join(problems) + "\nstderr: " + r.stderr)
            return 1
        print(f"silent_display: ok ({took:.1f} s): {lines[0]}")
        return 0
    finally:
        for s in sockets:
            s.close()
        if path and os.path.exists(path):
            os.unlink(path)
        if made_dir:
            try:
                os.rmdir(SOCKET_DIR)
            except OSError:
                pass


if __name__ == "__main__":
    sys.exit(main())
