#!/usr/bin/env python3
# PNG decoder fixtures: inputs made by ImageMagick, Pillow and pypng; references decoded with pypng + numpy.
# SPDX-License-Identifier: CC0-1.0
"""Writes TestImages/inputs/png/suite/*.png, TestImages/reference/png/suite/*.png.png and TestImages/bad/png/.

Run from the repository root: python3 TestImages/scripts/png_fixtures.py
Deterministic: fixed seeds; the tools may compress differently between versions, the pixels do not change.

References follow Backdrop's decoding rules, computed without libpng: 16-bit samples -> round(v * 255 / 65535),
1/2/4-bit samples scaled exactly (v * 255 / (2^b - 1)), palette expanded, tRNS -> alpha (palette alpha, or the
gray/RGB key compared at the stored depth), no gamma/colour/sBIT processing. Gray without tRNS -> 8-bit gray
reference; everything else -> 8-bit RGBA.
"""
import io
import os
import shutil
import struct
import subprocess
import sys
import zlib


def ensure_python_packages():
    missing = []
    for module, package in (("png", "pypng"), ("numpy", "numpy"), ("PIL", "pillow")):
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    if missing:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])


def ensure_imagemagick():
    if shutil.which("convert") is None:
        subprocess.check_call(["apt-get", "install", "-y", "imagemagick"])


ensure_python_packages()
ensure_imagemagick()

import numpy as np  # noqa: E402
import png  # noqa: E402
from PIL import Image, ImageCms  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SUITE = os.path.join(ROOT, "inputs", "png", "suite")
REFERENCE = os.path.join(ROOT, "reference", "png", "suite")
BAD = os.path.join(ROOT, "bad", "png")
TMP = os.path.join(ROOT, "..", ".build-fixtures-png")

COLOR_TYPES = {0: "gray", 2: "rgb", 3: "palette", 4: "gray-alpha", 6: "rgba"}

# MARK: - Content


def rng(name):
    return np.random.default_rng(abs(hash_name(name)))


def hash_name(name):
    h = 2166136261
    for ch in name.encode():
        h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
    return h


def gradient(w, h, maxval, name, channels):
    """Smooth gradients plus a little noise; every channel different, values in 0...maxval."""
    r = rng(name)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    out = np.zeros((h, w, channels), dtype=np.float64)
    for c in range(channels):
        fx, fy = r.uniform(0.2, 1.0), r.uniform(0.2, 1.0)
        phase = r.uniform(0, 6.28)
        base = 0.5 + 0.5 * np.sin(phase + fx * x / max(w - 1, 1) * 3.1 + fy * y / max(h - 1, 1) * 2.3 + c)
        base = base + r.normal(0, 0.03, size=(h, w))
        out[:, :, c] = np.clip(base, 0, 1)
    vals = np.rint(out * maxval).astype(np.int64)
    # Make sure the extremes occur.
    vals.flat[0] = 0
    vals.flat[-1] = maxval
    return vals


def alpha_plane(w, h, maxval, name):
    """Alpha with opaque, transparent and partial areas."""
    r = rng(name + "-alpha")
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    cx, cy = (w - 1) / 2, (h - 1) / 2
    d = np.sqrt(((x - cx) / max(w / 2, 1)) ** 2 + ((y - cy) / max(h / 2, 1)) ** 2)
    a = np.clip(1.4 - d, 0, 1)
    a = np.rint(a * maxval).astype(np.int64)
    a[r.random((h, w)) < 0.05] = 0
    a.flat[0] = maxval
    return a


# MARK: - Writers


def write_pypng(path, rows, w, h, **kw):
    if "palette" not in kw:
        kw.setdefault("greyscale", False)
    with open(path, "wb") as f:
        png.Writer(w, h, **kw).write(f, rows)


def rows_of(arr):
    h, w = arr.shape[:2]
    return [list(map(int, arr[y].reshape(-1))) for y in range(h)]


def source_png(arr, maxval, alpha):
    """A temp 8- or 16-bit PNG (pypng) that ImageMagick converts."""
    os.makedirs(TMP, exist_ok=True)
    h, w, c = arr.shape
    path = os.path.join(TMP, "src.png")
    write_pypng(path, rows_of(arr), w, h, greyscale=c in (1, 2), alpha=alpha, bitdepth=16 if maxval > 255 else 8)
    return path


def magick(src, out, *args):
    # No tIME / date text chunks: the files must not change between runs.
    subprocess.check_call(["convert", src, "-define", "png:exclude-chunk=tIME,tEXt,zTXt,date", *args, out])


def ihdr(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    assert data[12:16] == b"IHDR", path
    w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    chunks = set()
    off = 8
    while off + 8 <= len(data):
        (length,) = struct.unpack(">I", data[off:off + 4])
        chunks.add(data[off + 4:off + 8].decode("latin-1"))
        off += 12 + length
    return dict(width=w, height=h, depth=depth, ctype=ctype, interlaced=interlace == 1, trns="tRNS" in chunks,
                chunks=chunks)


# MARK: - Reference decode (pypng + numpy, no libpng)


def reference_decode(path):
    """Returns (array uint8 HxWxC, C) following Backdrop's rules."""
    reader = png.Reader(filename=path)
    w, h, rows, info = reader.read()
    depth = info["bitdepth"]
    planes = info["planes"]
    data = np.array([np.asarray(row, dtype=np.int64) for row in rows]).reshape(h, w, planes)
    if "palette" in info:
        pal = info["palette"]
        lut = np.array([tuple(p) + ((255,) if len(p) == 3 else ()) for p in pal], dtype=np.int64)
        idx = data[:, :, 0]
        assert idx.max() < len(lut), "palette index out of range in " + path
        return lut[idx].astype(np.uint8), 4

    def scale(v):
        if depth == 16:
            return (v * 255 + 32767) // 65535
        return v * 255 // ((1 << depth) - 1)

    trns = info.get("transparent")
    greyscale = info["greyscale"]
    has_alpha = info["alpha"]
    if greyscale:
        g = data[:, :, 0]
        if has_alpha:
            a = scale(data[:, :, 1])
        elif trns is not None:
            key = trns[0] if isinstance(trns, (tuple, list)) else trns
            a = np.where(g == key, 0, 255)
        else:
            return scale(g).astype(np.uint8).reshape(h, w, 1), 1
        gs = scale(g)
        return np.stack([gs, gs, gs, a], axis=2).astype(np.uint8), 4
    rgb = data[:, :, :3]
    if has_alpha:
        a = scale(data[:, :, 3])
    elif trns is not None:
        key = np.array(trns, dtype=np.int64).reshape(1, 1, 3)
        a = np.where(np.all(rgb == key, axis=2), 0, 255)
    else:
        a = np.full((h, w), 255, dtype=np.int64)
    return np.concatenate([scale(rgb), a[:, :, None]], axis=2).astype(np.uint8), 4


def write_reference(arr, channels, path):
    h, w = arr.shape[:2]
    write_pypng(path, rows_of(arr), w, h, greyscale=channels == 1, alpha=channels == 4, bitdepth=8)


# MARK: - Suite


def make_suite():
    cases = []  # (name, expected dict, maker)

    def case(name, w, h, depth, ctype, interlaced=False, trns=False, extra=None):
        def register(fn):
            cases.append((name, dict(width=w, height=h, depth=depth, ctype=ctype, interlaced=interlaced, trns=trns,
                                     extra=extra or {}), fn))
            return fn
        return register

    # ---- gray ----
    def gray_magick(name, w, h, depth, interlace=False):
        g = gradient(w, h, 65535 if depth == 16 else 255, name, 1)
        if depth < 8:  # quantise to the levels the depth can hold, expressed in 8 bits
            levels = (1 << depth) - 1
            g = (np.rint(g / 255 * levels) * (255 // levels)).astype(np.int64)
        src = source_png(g, 65535 if depth == 16 else 255, False)
        if depth < 8:  # ImageMagick 6 refuses png:color-type with low depths; -depth picks gray by itself
            args = ["-depth", str(depth), "-define", "png:bit-depth=%d" % depth]
        else:
            args = ["-define", "png:color-type=0", "-define", "png:bit-depth=%d" % depth]
        if interlace:
            args += ["-interlace", "PNG"]
        magick(src, os.path.join(SUITE, name + ".png"), *args)

    def gray_pypng(name, w, h, depth, interlace=False, key=None):
        maxval = (1 << depth) - 1
        g = gradient(w, h, maxval, name, 1)
        kw = dict(greyscale=True, bitdepth=depth, interlace=interlace)
        if key is not None:
            kw["transparent"] = key
            g[0, : max(1, w // 3)] = key  # make sure the key occurs
        write_pypng(os.path.join(SUITE, name + ".png"), rows_of(g), w, h, **kw)

    for depth, (w, h) in ((1, (7, 5)), (2, (33, 17)), (4, (61, 47)), (8, (64, 64)), (16, (33, 17))):
        n = "gray%d-magick-%dx%d" % (depth, w, h)
        case(n, w, h, depth, 0)(lambda n=n, w=w, h=h, d=depth: gray_magick(n, w, h, d))
    n = "gray8-magick-interlaced-61x47"
    case(n, 61, 47, 8, 0, interlaced=True)(lambda n=n: gray_magick(n, 61, 47, 8, True))
    for depth, (w, h) in ((1, (33, 17)), (2, (7, 5)), (4, (33, 17)), (16, (61, 47))):
        n = "gray%d-pypng-interlaced-%dx%d" % (depth, w, h)
        case(n, w, h, depth, 0, interlaced=True)(lambda n=n, w=w, h=h, d=depth: gray_pypng(n, w, h, d, True))
    n = "gray1-pypng-1x1"
    case(n, 1, 1, 1, 0)(lambda n=n: gray_pypng(n, 1, 1, 1))
    for depth, key, (w, h) in ((2, 1, (33, 17)), (8, 77, (61, 47)), (16, 40000, (33, 17))):
        n = "gray%d-trns-pypng-%dx%d" % (depth, w, h)
        case(n, w, h, depth, 0, trns=True)(lambda n=n, w=w, h=h, d=depth, k=key: gray_pypng(n, w, h, d, key=k))
    n = "gray8-trns-pypng-interlaced-7x5"
    case(n, 7, 5, 8, 0, interlaced=True, trns=True)(lambda n=n: gray_pypng(n, 7, 5, 8, True, key=0))

    # ---- gray + alpha ----
    def ga(name, w, h, depth, tool, interlace=False):
        maxval = 65535 if depth == 16 else 255
        arr = np.concatenate([gradient(w, h, maxval, name, 1), alpha_plane(w, h, maxval, name)[:, :, None]], axis=2)
        path = os.path.join(SUITE, name + ".png")
        if tool == "magick":
            src = source_png(arr, maxval, True)
            args = ["-define", "png:color-type=4", "-define", "png:bit-depth=%d" % depth]
            if interlace:
                args += ["-interlace", "PNG"]
            magick(src, path, *args)
        else:
            write_pypng(path, rows_of(arr), w, h, greyscale=True, alpha=True, bitdepth=depth, interlace=interlace)

    for depth, tool, inter, (w, h) in ((8, "magick", False, (61, 47)), (16, "magick", False, (33, 17)),
                                       (8, "magick", True, (33, 17)), (16, "pypng", True, (7, 5))):
        n = "graya%d-%s%s-%dx%d" % (depth, tool, "-interlaced" if inter else "", w, h)
        case(n, w, h, depth, 4, interlaced=inter)(lambda n=n, w=w, h=h, d=depth, t=tool, i=inter: ga(n, w, h, d, t, i))

    # ---- rgb ----
    def rgb(name, w, h, depth, tool, interlace=False, key=None):
        maxval = 65535 if depth == 16 else 255
        arr = gradient(w, h, maxval, name, 3)
        path = os.path.join(SUITE, name + ".png")
        if key is not None:
            arr[1, :] = key
            write_pypng(path, rows_of(arr), w, h, bitdepth=depth, interlace=interlace, transparent=key)
        elif tool == "magick":
            src = source_png(arr, maxval, False)
            args = ["-define", "png:color-type=2", "-define", "png:bit-depth=%d" % depth]
            if interlace:
                args += ["-interlace", "PNG"]
            magick(src, path, *args)
        elif tool == "pillow":
            Image.fromarray(arr.astype(np.uint8), "RGB").save(path)
        else:
            write_pypng(path, rows_of(arr), w, h, bitdepth=depth, interlace=interlace)

    for depth, tool, inter, (w, h) in ((8, "magick", False, (64, 64)), (16, "magick", False, (61, 47)),
                                       (8, "magick", True, (61, 47)), (16, "pypng", True, (33, 17)),
                                       (8, "pillow", False, (1, 1)), (8, "pillow", False, (33, 17))):
        n = "rgb%d-%s%s-%dx%d" % (depth, tool, "-interlaced" if inter else "", w, h)
        case(n, w, h, depth, 2, interlaced=inter)(lambda n=n, w=w, h=h, d=depth, t=tool, i=inter: rgb(n, w, h, d, t, i))
    for depth, key, inter, (w, h) in ((8, (10, 200, 30), False, (33, 17)), (16, (1000, 50000, 65535), False, (7, 5)),
                                      (8, (255, 0, 255), True, (61, 47))):
        n = "rgb%d-trns-pypng%s-%dx%d" % (depth, "-interlaced" if inter else "", w, h)
        case(n, w, h, depth, 2, interlaced=inter, trns=True)(
            lambda n=n, w=w, h=h, d=depth, k=key, i=inter: rgb(n, w, h, d, "pypng", i, k))

    # ---- rgba ----
    def rgba(name, w, h, depth, tool, interlace=False):
        maxval = 65535 if depth == 16 else 255
        arr = np.concatenate([gradient(w, h, maxval, name, 3), alpha_plane(w, h, maxval, name)[:, :, None]], axis=2)
        path = os.path.join(SUITE, name + ".png")
        if tool == "magick":
            src = source_png(arr, maxval, True)
            args = ["-define", "png:color-type=6", "-define", "png:bit-depth=%d" % depth]
            if interlace:
                args += ["-interlace", "PNG"]
            magick(src, path, *args)
        elif tool == "pillow":
            Image.fromarray(arr.astype(np.uint8), "RGBA").save(path)
        else:
            write_pypng(path, rows_of(arr), w, h, alpha=True, bitdepth=depth, interlace=interlace)

    for depth, tool, inter, (w, h) in ((8, "magick", False, (61, 47)), (16, "magick", False, (33, 17)),
                                       (8, "magick", True, (33, 17)), (16, "pypng", True, (61, 47)),
                                       (8, "pillow", False, (7, 5)), (8, "pypng", True, (1, 1))):
        n = "rgba%d-%s%s-%dx%d" % (depth, tool, "-interlaced" if inter else "", w, h)
        case(n, w, h, depth, 6, interlaced=inter)(lambda n=n, w=w, h=h, d=depth, t=tool, i=inter: rgba(n, w, h, d, t, i))

    # ---- palette ----
    def palette_pypng(name, w, h, depth, interlace=False, trns=False):
        r = rng(name)
        count = min(1 << depth, 256)
        pal = [tuple(int(v) for v in r.integers(0, 256, 3)) for _ in range(count)]
        if trns:  # first entries transparent / partial, the rest opaque (pypng writes a short tRNS)
            alphas = [0, 128, 200, 37][: max(1, count // 2)]
            pal = [p + (alphas[i],) if i < len(alphas) else p + (255,) for i, p in enumerate(pal)]
        idx = gradient(w, h, count - 1, name, 1)[:, :, 0]
        write_pypng(os.path.join(SUITE, name + ".png"), rows_of(idx), w, h, palette=pal, bitdepth=depth,
                    interlace=interlace)

    for depth, inter, trns, (w, h) in ((1, False, False, (33, 17)), (2, False, True, (7, 5)),
                                       (4, False, True, (61, 47)), (8, False, False, (64, 64)),
                                       (1, True, True, (7, 5)), (2, True, False, (33, 17)),
                                       (4, True, False, (33, 17)), (8, True, True, (61, 47))):
        n = "palette%d%s-pypng%s-%dx%d" % (depth, "-trns" if trns else "", "-interlaced" if inter else "", w, h)
        case(n, w, h, depth, 3, interlaced=inter, trns=trns)(
            lambda n=n, w=w, h=h, d=depth, i=inter, t=trns: palette_pypng(n, w, h, d, i, t))

    def palette_pillow(name, w, h):
        # Pillow "P" image with partial alpha per entry: written as PLTE + tRNS.
        r = rng(name)
        pal = r.integers(0, 256, 3 * 256).astype(np.uint8)
        idx = gradient(w, h, 255, name, 1)[:, :, 0].astype(np.uint8)
        im = Image.fromarray(idx, "P")
        im.putpalette(pal.tobytes())
        trans = bytes(int(v) for v in np.linspace(0, 255, 256)[::-1])
        im.save(os.path.join(SUITE, name + ".png"), transparency=trans)

    n = "palette8-trns-pillow-33x17"
    case(n, 33, 17, 8, 3, trns=True)(lambda n=n: palette_pillow(n, 33, 17))

    def palette_magick(name, w, h, interlace):
        # ImageMagick PNG8: indexed with binary transparency.
        arr = np.concatenate([gradient(w, h, 255, name, 3) // 32 * 32,
                              (alpha_plane(w, h, 255, name) > 128)[:, :, None].astype(np.int64) * 255], axis=2)
        src = source_png(arr, 255, True)
        args = ["-interlace", "PNG"] if interlace else []
        magick(src, "PNG8:" + os.path.join(SUITE, name + ".png"), *args)

    n = "palette8-trns-magick-interlaced-61x47"
    case(n, 61, 47, 8, 3, interlaced=True, trns=True)(lambda n=n: palette_magick(n, 61, 47, True))

    # ---- ancillary chunks (Pillow) ----
    def with_chunks(name, w, h, kind):
        arr = gradient(w, h, 255, name, 3).astype(np.uint8)
        im = Image.fromarray(arr, "RGB")
        path = os.path.join(SUITE, name + ".png")
        if kind == "icc":
            profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
            profile[24:36] = bytes(12)  # creation date: fixed, so the file is reproducible
            profile[84:100] = bytes(16)  # profile ID: "not computed" (it would hash the date)
            profile = bytes(profile)
            im.save(path, icc_profile=profile)
        elif kind == "exif":
            exif = Image.Exif()
            exif[0x0112] = 6
            im.save(path, exif=exif.tobytes(), dpi=(72, 72))
        elif kind == "srgb":
            # Pillow has no sRGB/gAMA/cHRM options: write them with pypng.
            write_pypng(path, rows_of(arr.astype(np.int64)), w, h, bitdepth=8, gamma=0.45455)
            add_chunks(path, [(b"sRGB", bytes([0]))])
        elif kind == "chrm":
            write_pypng(path, rows_of(arr.astype(np.int64)), w, h, bitdepth=8, gamma=1 / 2.2)
            chrm = struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000)
            add_chunks(path, [(b"cHRM", chrm)])

    case("rgb8-icc-pillow-33x17", 33, 17, 8, 2, extra=dict(icc=True))(
        lambda: with_chunks("rgb8-icc-pillow-33x17", 33, 17, "icc"))
    case("rgb8-exif-phys-pillow-7x5", 7, 5, 8, 2, extra=dict(orientation=6, ppm=2835))(
        lambda: with_chunks("rgb8-exif-phys-pillow-7x5", 7, 5, "exif"))
    case("rgb8-srgb-gama-pypng-7x5", 7, 5, 8, 2, extra=dict(srgb=0, gamma=45455))(
        lambda: with_chunks("rgb8-srgb-gama-pypng-7x5", 7, 5, "srgb"))
    case("rgb8-chrm-gama-pypng-7x5", 7, 5, 8, 2, extra=dict(gamma=45455, chrm="31270,32900,64000,33000,30000,60000,15000,6000"))(
        lambda: with_chunks("rgb8-chrm-gama-pypng-7x5", 7, 5, "chrm"))

    def apng(name, w, h):
        # Animated PNG (Pillow): decoders without APNG support show the default image, which is the first frame.
        frames = []
        for i in range(3):
            arr = np.concatenate([gradient(w, h, 255, name + str(i), 3), alpha_plane(w, h, 255, name)[:, :, None]],
                                 axis=2)
            frames.append(Image.fromarray(arr.astype(np.uint8), "RGBA"))
        frames[0].save(os.path.join(SUITE, name + ".png"), save_all=True, append_images=frames[1:], duration=100,
                       loop=0)
        assert "acTL" in ihdr(os.path.join(SUITE, name + ".png"))["chunks"]

    case("rgba8-apng-pillow-33x17", 33, 17, 8, 6)(lambda: apng("rgba8-apng-pillow-33x17", 33, 17))

    return cases


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def add_chunks(path, extra):
    """Inserts chunks right after IHDR."""
    with open(path, "rb") as f:
        data = f.read()
    end_ihdr = 8 + 12 + 13
    data = data[:end_ihdr] + b"".join(chunk(k, d) for k, d in extra) + data[end_ihdr:]
    with open(path, "wb") as f:
        f.write(data)


# MARK: - Bad files


def make_bad(valid_path):
    with open(valid_path, "rb") as f:
        valid = f.read()
    files = {}
    sig = valid[:8]

    def ihdr_chunk(w, h, depth=8, ctype=2, interlace=0):
        return chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace))

    # Locate chunks of the valid file.
    chunks = []
    off = 8
    while off < len(valid):
        (length,) = struct.unpack(">I", valid[off:off + 4])
        chunks.append((valid[off + 4:off + 8], off, length))
        off += 12 + length
    idat = [c for c in chunks if c[0] == b"IDAT"][0]
    idat_mid = idat[1] + 8 + idat[2] // 2

    files["truncated-in-signature.png"] = (valid[:5], "decoding")
    files["truncated-in-ihdr.png"] = (valid[:20], "decoding")
    files["truncated-after-ihdr.png"] = (valid[:33], "decoding")
    files["truncated-in-idat.png"] = (valid[:idat_mid], "decoding")
    files["missing-iend.png"] = (valid[:-12], "decoding")
    files["truncated-in-iend-crc.png"] = (valid[:-2], "decoding")
    bad = bytearray(valid)
    bad[29] ^= 0xFF  # IHDR CRC
    files["bad-crc-ihdr.png"] = (bytes(bad), "decoding")
    bad = bytearray(valid)
    crc_at = idat[1] + 8 + idat[2]
    bad[crc_at] ^= 0x55
    files["bad-crc-idat.png"] = (bytes(bad), "decoding")
    bad = bytearray(valid)
    bad[idat[1] + 8 + 5] ^= 0xFF  # damaged zlib data with a recomputed (valid) CRC
    body = bytes(bad[idat[1] + 4: idat[1] + 8 + idat[2]])
    bad[crc_at:crc_at + 4] = struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    files["damaged-idat-data.png"] = (bytes(bad), "decoding")
    files["wrong-magic.png"] = (b"\x89PNX\r\n\x1a\n" + valid[8:], "unsupported")
    files["text.png"] = (b"This is not a PNG file, just text with a .png name.\n", "unsupported")
    files["empty.png"] = (b"", "unsupported")

    tiny_idat = chunk(b"IDAT", zlib.compress(b"\x00" * 64, 9))
    iend = chunk(b"IEND", b"")
    files["absurd-100000x100000.png"] = (sig + ihdr_chunk(100000, 100000) + tiny_idat + iend, "limits")
    bomb_rows = zlib.compress(b"\x00" * (1 + 30000 * 3) * 8, 9)  # a few real rows, the rest missing
    files["bomb-30000x30000.png"] = (sig + ihdr_chunk(30000, 30000) + chunk(b"IDAT", bomb_rows) + iend, "limits")
    files["zero-width.png"] = (sig + ihdr_chunk(0, 16) + tiny_idat + iend, "decoding")
    files["zero-height.png"] = (sig + ihdr_chunk(16, 0) + tiny_idat + iend, "decoding")
    files["width-over-2-31.png"] = (sig + ihdr_chunk(0x80000000, 1) + tiny_idat + iend, "decoding")
    files["bad-color-type.png"] = (sig + ihdr_chunk(4, 4, 8, 5) + tiny_idat + iend, "decoding")
    files["bad-bit-depth.png"] = (sig + ihdr_chunk(4, 4, 4, 2) + tiny_idat + iend, "decoding")
    files["palette-without-plte.png"] = (sig + ihdr_chunk(4, 4, 8, 3) + tiny_idat + iend, "decoding")
    files["no-idat.png"] = (sig + ihdr_chunk(4, 4) + iend, "decoding")
    short = chunk(b"IDAT", zlib.compress(b"\x00" + b"\x10" * 12, 9))  # one row of four
    files["not-enough-image-data.png"] = (sig + ihdr_chunk(4, 4) + short + iend, "decoding")
    files["chunk-length-overflow.png"] = (sig + ihdr_chunk(4, 4) + struct.pack(">I", 0xFFFFFFF0) + b"IDAT", "decoding")
    files["ihdr-not-first.png"] = (sig + tiny_idat + ihdr_chunk(4, 4) + iend, "decoding")
    return files


# MARK: - Main


def main():
    for folder in (SUITE, REFERENCE, BAD):
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
    manifest = ["name\twidth\theight\tbit_depth\tcolor_type\tinterlaced\ttrns\toutput\textra"]
    for name, expected, maker in make_suite():
        maker()
        path = os.path.join(SUITE, name + ".png")
        facts = ihdr(path)
        for key in ("width", "height", "depth", "ctype", "interlaced", "trns"):
            assert facts[key] == expected[key], "%s: %s is %r, expected %r" % (name, key, facts[key], expected[key])
        arr, channels = reference_decode(path)
        write_reference(arr, channels, os.path.join(REFERENCE, name + ".png.png"))
        extra = ";".join("%s=%s" % (k, v) for k, v in sorted(expected["extra"].items()))
        manifest.append("\t".join([name + ".png", str(facts["width"]), str(facts["height"]), str(facts["depth"]),
                                   COLOR_TYPES[facts["ctype"]], str(int(facts["interlaced"])),
                                   str(int(facts["trns"])), "gray8" if channels == 1 else "rgba8", extra]))
    with open(os.path.join(SUITE, "MANIFEST.tsv"), "w") as f:
        f.write("\n".join(manifest) + "\n")

    expected = ["file\tcategory"]
    for name, (data, category) in sorted(make_bad(os.path.join(SUITE, "rgb8-magick-64x64.png")).items()):
        with open(os.path.join(BAD, name), "wb") as f:
            f.write(data)
        expected.append("%s\t%s" % (name, category))
    with open(os.path.join(BAD, "EXPECTED.tsv"), "w") as f:
        f.write("\n".join(expected) + "\n")
    shutil.rmtree(TMP, ignore_errors=True)
    total = sum(os.path.getsize(os.path.join(d, f)) for d in (SUITE, REFERENCE, BAD) for f in os.listdir(d))
    print("png fixtures: %d suite files, %d bad files, %d bytes" % (len(manifest) - 1, len(expected) - 1, total))


if __name__ == "__main__":
    main()
