#!/usr/bin/python3
"""Checks the GUI's screenshots (tests/app/gui_smoke.sh): right size, not blank, and a sample
grid that changed between an early and a later frame while training ran.

Usage: check_screenshots.py EARLY.png EARLY.out LATE.png LATE.out WIDTH HEIGHT
       check_screenshots.py --one SHOT.png SHOT.out WIDTH HEIGHT
       check_screenshots.py --plane SHOT.png SHOT.out WIDTH HEIGHT
The .out files hold what `ganscope gui --screenshot` printed: "grid_rect x y w h",
"grid_uploads U generations G frames N ...", "preset P", "gl_errors E ...", and for 2D data
"plane_view x0 x1 y0 y1" and "heatmap_size S views_sent V ...". Every shot must have no GL
errors; --one checks a single shot (size, not blank, no GL errors) without comparing grids;
--plane checks a 2D run's plane: a heatmap in the plot (many colours), uploaded once per
snapshot, and a view that the trainer took from the UI. Standard library only (zlib + struct).
"""
import struct
import sys
import zlib


def read_png(path):
    """Returns (width, height, rows) with rows a list of bytes objects, RGB, 8 bits."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"{path}: expected 8-bit RGB(A), non-interlaced")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:  # Up
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind == 3:  # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(v for i, v in enumerate(line) if i % 4 != 3))
        previous = line
    return width, height, rows


def grey_region(rows, x, y, w, h):
    """Luminance of the rectangle, row-major, one int per pixel."""
    out = []
    for row in rows[y:y + h]:
        for i in range(x, x + w):
            r, g, b = row[3 * i], row[3 * i + 1], row[3 * i + 2]
            out.append((299 * r + 587 * g + 114 * b) // 1000)
    return out


def stddev(values):
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5


def parse_out(path):
    """The stats lines as a dict: grid_rect a list, preset and notice strings, the rest ints
    from "key value key value ..." lines."""
    fields = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "grid_rect" and len(parts) == 5:
                fields["grid_rect"] = [int(v) for v in parts[1:]]
            elif parts[0] == "plane_view" and len(parts) == 5:
                fields["plane_view"] = [float(v) for v in parts[1:]]
            elif parts[0] in ("preset", "notice"):
                fields[parts[0]] = line.rstrip("\n").partition(" ")[2]
            elif len(parts) % 2 == 0:
                try:
                    it = iter(parts)
                    fields.update({k: int(v, 0) for k, v in zip(it, it)})
                except ValueError:
                    pass
    return fields


def check_shot(name, png, out, want_w, want_h, problems):
    """Size, not blank, stats present and no GL errors; returns (rows, fields) or None."""
    width, height, rows = read_png(png)
    if (width, height) != (want_w, want_h):
        problems.append(f"{name}: {width}x{height}, expected {want_w}x{want_h}")
        return None
    colours = set()
    for row in rows[::4]:
        for i in range(0, len(row), 12):
            colours.add(row[i:i + 3])
    whole = grey_region(rows[::8], 0, 0, width, len(rows[::8]))
    spread = stddev(whole)
    print(f"{name}: {width}x{height}, {len(colours)} colours (sampled), grey stddev {spread:.1f}")
    if len(colours) < 40 or spread < 8:
        problems.append(f"{name}: looks blank ({len(colours)} colours, stddev {spread:.1f})")
    fields = parse_out(out)
    print(f"{name}: {fields}")
    if "grid_rect" not in fields or "grid_uploads" not in fields:
        problems.append(f"{name}: {out} lacks the grid_rect / grid_uploads lines")
        return None
    if "gl_errors" not in fields:
        problems.append(f"{name}: {out} lacks the gl_errors line")
    elif fields["gl_errors"] != 0:
        problems.append(f"{name}: {fields['gl_errors']} GL errors, the first "
                        f"0x{fields.get('first_gl_error', 0):04x}")
    if not fields.get("images", 1):
        return rows, fields  # 2D points: a scatter, no texture
    # The grid texture is uploaded once per new snapshot generation, never per frame.
    if not 1 <= fields["grid_uploads"] <= fields["generations"]:
        problems.append(f"{name}: {fields['grid_uploads']} grid uploads for "
                        f"{fields['generations']} generations seen")
    if fields["grid_uploads"] >= fields["frames"] > 60:
        problems.append(f"{name}: the grid was uploaded every frame")
    return rows, fields


def check_plane(name, rows, fields, want_w, want_h, problems):
    """The plane of a 2D run: its plot holds the heatmap (hundreds of colours, where a plain
    scatter has a few hundred at most), the heatmap texture went up once per new snapshot, and
    the trainer evaluated D over the view the UI sent (the plot's aspect ratio, not the
    trainer's default square)."""
    if fields.get("images", 1) != 0:
        problems.append(f"{name}: not a 2D run (images {fields.get('images')})")
        return
    x, y, w, h = fields["grid_rect"]
    if w < 150 or h < 150 or x < 0 or y < 0 or x + w > want_w or y + h > want_h:
        problems.append(f"{name}: plane plot {x} {y} {w} {h} is not plausible on screen")
        return
    colours = set()
    for row in rows[y + 2:y + h - 2:3]:
        for i in range(x + 2, x + w - 2, 3):
            colours.add(row[3 * i:3 * i + 3])
    spread = stddev(grey_region(rows[y:y + h:4], x, 0, w, len(rows[y:y + h:4])))
    print(f"{name}: plane plot {x} {y} {w} {h}: {len(colours)} colours (sampled), "
          f"grey stddev {spread:.1f}")
    if len(colours) < 800 or spread < 6:
        problems.append(f"{name}: the plane shows no heatmap ({len(colours)} colours, "
                        f"stddev {spread:.1f})")
    if fields.get("heatmap_size", 0) <= 0:
        problems.append(f"{name}: the snapshot had no heatmap")
    uploads, generations = fields.get("grid_uploads", 0), fields.get("generations", 0)
    if not 1 <= uploads <= generations:
        problems.append(f"{name}: {uploads} heatmap uploads for {generations} generations seen")
    if fields.get("views_sent", 0) < 1:
        problems.append(f"{name}: the plane never sent its view to the trainer")
    if "plane_view" not in fields:
        problems.append(f"{name}: no plane_view line")
        return
    x0, x1, y0, y1 = fields["plane_view"]
    if not (x1 > x0 and y1 > y0):
        problems.append(f"{name}: empty plane view {fields['plane_view']}")
        return
    view_aspect, plot_aspect = (x1 - x0) / (y1 - y0), w / h
    print(f"{name}: view {x0:.3f} {x1:.3f} {y0:.3f} {y1:.3f}, aspect {view_aspect:.3f}, "
          f"plot aspect {plot_aspect:.3f}")
    if abs(view_aspect / plot_aspect - 1) > 0.03:
        problems.append(f"{name}: D was evaluated over a view of aspect {view_aspect:.3f}, "
                        f"the plot's is {plot_aspect:.3f}: the UI's view did not reach the trainer")


def report(problems):
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


def main():
    problems = []
    if sys.argv[1] == "--one":
        png, out, want_w, want_h = sys.argv[2:6]
        check_shot("shot", png, out, int(want_w), int(want_h), problems)
        return report(problems)
    if sys.argv[1] == "--plane":
        png, out, want_w, want_h = sys.argv[2:6]
        shot = check_shot("plane", png, out, int(want_w), int(want_h), problems)
        if shot:
            check_plane("plane", shot[0], shot[1], int(want_w), int(want_h), problems)
        return report(problems)

    early_png, early_out, late_png, late_out, want_w, want_h = sys.argv[1:7]
    want_w, want_h = int(want_w), int(want_h)
    images = {}
    for name, png, out in (("early", early_png, early_out), ("late", late_png, late_out)):
        shot = check_shot(name, png, out, want_w, want_h, problems)
        if shot:
            images[name] = shot

    if len(images) == 2:
        x, y, w, h = images["late"][1]["grid_rect"]
        if w < 100 or h < 100 or x < 0 or y < 0 or x + w > want_w or y + h > want_h:
            problems.append(f"grid_rect {x} {y} {w} {h} is not a plausible grid on screen")
        else:
            early = grey_region(images["early"][0], x, y, w, h)
            late = grey_region(images["late"][0], x, y, w, h)
            spread = stddev(late)
            changed = sum(1 for a, b in zip(early, late) if abs(a - b) > 8) / len(late)
            print(f"grid {x} {y} {w} {h}: late stddev {spread:.1f}, {changed:.1%} of pixels changed")
            if spread < 10:
                problems.append(f"the late grid region is nearly uniform (stddev {spread:.1f})")
            if changed < 0.02:
                problems.append(f"the grid barely changed while training ran ({changed:.1%} of pixels)")

    return report(problems)


if __name__ == "__main__":
    sys.exit(main())
