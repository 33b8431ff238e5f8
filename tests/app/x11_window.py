#!/usr/bin/python3
"""Drives another program's top-level X11 window with real X requests, as a window manager or
a user would: minimise and restore it, resize it, move it. For tests/app/gui_smoke.sh.

Usage: x11_window.py PID ACTION...
  PID            the window is the top-level window whose _NET_WM_PID is PID (GLFW sets it)
  iconify        what an ICCCM window manager does to minimise: WM_STATE = IconicState, unmap
  restore        WM_STATE = NormalState, map
  size:WxH       resize (X has no 0x0 window; 1x1 is the smallest)
  move:X,Y       move the window's top-left corner (negative: partly off the screen)
  sleep:S        wait S seconds
Prints one line per action and "x11_window: done" at the end; exits 1 when the window is not
found within 30 s or an X request fails. Xvfb runs no window manager, so this script plays
its part; libX11 through ctypes keeps the test free of extra packages.
"""
import ctypes
import ctypes.util
import os
import sys
import time

NORMAL_STATE, ICONIC_STATE = 1, 3
PROP_MODE_REPLACE = 0
ANY_PROPERTY_TYPE = 0


def main():
    pid, actions = int(sys.argv[1]), sys.argv[2:]
    xlib = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                                ctypes.POINTER(ctypes.c_ulong),
                                ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                ctypes.POINTER(ctypes.c_uint)]
    xlib.XGetWindowProperty.argtypes = [
        ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long,
        ctypes.c_int, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p)]
    xlib.XChangeProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong,
                                     ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                     ctypes.c_void_p, ctypes.c_int]
    for name in ("XMapWindow", "XUnmapWindow"):
        getattr(xlib, name).argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    xlib.XResizeWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_uint, ctypes.c_uint]
    xlib.XMoveWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int]
    xlib.XFree.argtypes = [ctypes.c_void_p]
    xlib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]

    # Xlib's default error handler exits the process; count errors instead (the window may
    # close while we act on it, which the caller reports).
    errors = []
    handler_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
    handler = handler_type(lambda display, event: errors.append(1) or 0)
    xlib.XSetErrorHandler(handler)

    display = xlib.XOpenDisplay(None)
    if not display:
        print(f"x11_window: cannot open display {os.environ.get('DISPLAY')!r}")
        return 1
    root = xlib.XDefaultRootWindow(display)
    net_wm_pid = xlib.XInternAtom(display, b"_NET_WM_PID", 0)
    wm_state = xlib.XInternAtom(display, b"WM_STATE", 0)

    def window_pid(window):
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        if xlib.XGetWindowProperty(display, window, net_wm_pid, 0, 1, 0, ANY_PROPERTY_TYPE,
                                   ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(count),
                                   ctypes.byref(after), ctypes.byref(data)) != 0:
            return None
        value = None
        if data.value and count.value == 1 and fmt.value == 32:
            value = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0]
        if data.value:
            xlib.XFree(data)
        return value

    def find_window():
        root_out, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not xlib.XQueryTree(display, root, ctypes.byref(root_out), ctypes.byref(parent),
                               ctypes.byref(children), ctypes.byref(count)):
            return None
        found = None
        for i in range(count.value):
            if window_pid(children[i]) == pid:
                found = children[i]
        if children:
            xlib.XFree(children)
        return found

    window = None
    deadline = time.monotonic() + 30
    while window is None and time.monotonic() < deadline:
        window = find_window()
        if window is None:
            time.sleep(0.05)
    if window is None:
        print(f"x11_window: no window of process {pid} within 30 s")
        return 1
    print(f"x11_window: window 0x{window:x} of process {pid}")

    def set_wm_state(state):
        data = (ctypes.c_long * 2)(state, 0)  # state, icon window (None)
        xlib.XChangeProperty(display, window, wm_state, wm_state, 32, PROP_MODE_REPLACE,
                             ctypes.cast(data, ctypes.c_void_p), 2)

    for action in actions:
        verb, _, argument = action.partition(":")
        if verb == "iconify":
            set_wm_state(ICONIC_STATE)
            xlib.XUnmapWindow(display, window)
        elif verb == "restore":
            set_wm_state(NORMAL_STATE)
            xlib.XMapWindow(display, window)
        elif verb == "size":
            width, height = (int(v) for v in argument.split("x"))
            xlib.XResizeWindow(display, window, width, height)
        elif verb == "move":
            x, y = (int(v) for v in argument.split(","))
            xlib.XMoveWindow(display, window, x, y)
        elif verb == "sleep":
            time.sleep(float(argument))
        else:
            print(f"x11_window: unknown action {action!r}")
            return 1
        xlib.XSync(display, 0)
        if errors:
            print(f"x11_window: X error at {action} (did the window close?)")
            return 1
        if verb != "sleep":
            print(f"x11_window: {action}")
        sys.stdout.flush()
    print("x11_window: done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
