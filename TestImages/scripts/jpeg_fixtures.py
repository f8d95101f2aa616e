#!/usr/bin/env python3
# JPEG decoder fixtures: inputs made by cjpeg (libjpeg-turbo-progs) and ImageMagick; references by djpeg/ImageMagick.
# SPDX-License-Identifier: CC0-1.0
"""Writes TestImages/inputs/jpeg/suite/*.jpg (+ MANIFEST.tsv), TestImages/reference/jpeg/suite/*.jpg.png and
TestImages/bad/jpeg/ (+ EXPECTED.tsv).

Run from TestImages/: python3 scripts/jpeg_fixtures.py (generate.sh does). Deterministic: the source pixels come
from the committed inputs/cutouts/mug-small.png and a seeded pattern; the APP1/APP2 segments are written here
byte by byte. References are decoded by djpeg (the C tool, not Backdrop's wrapper) or, for CMYK, which djpeg cannot
turn into RGB, by ImageMagick; EXIF-oriented references are the upright decode turned with numpy.
"""
import os
import random
import shutil
import struct
import subprocess
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUTS = os.path.join(HERE, "inputs/jpeg/suite")
REFS = os.path.join(HERE, "reference/jpeg/suite")
BAD = os.path.join(HERE, "bad/jpeg")
TMP = os.path.join(HERE, ".tmp-jpeg")


def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw).stdout


def ppm_to_png(ppm, png):
    Image.open(ppm).save(png)


def djpeg_reference(jpg, out, scale=None):
    args = ["djpeg", "-dct", "int"] + (["-scale", scale] if scale else []) + ["-outfile", TMP + "/ref.pnm", jpg]
    run(*args)
    ppm_to_png(TMP + "/ref.pnm", out)


def app1_exif(orientation):
    """An APP1 segment holding a big-endian TIFF with one IFD0 entry: Orientation (SHORT, 1 value)."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    data = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(data) + 2) + data


def app2_icc_chunks(profile, size, order):
    chunks = [profile[i:i + size] for i in range(0, len(profile), size)]
    segs = []
    for index in order:
        data = b"ICC_PROFILE\x00" + bytes([index + 1, len(chunks)]) + chunks[index]
        segs.append(b"\xff\xe2" + struct.pack(">H", len(data) + 2) + data)
    return b"".join(segs), len(chunks)


def insert_after_app0(jpg, segments):
    assert jpg[:2] == b"\xff\xd8"
    at = 2
    if jpg[2:4] == b"\xff\xe0":
        at = 4 + struct.unpack(">H", jpg[4:6])[0]
    return jpg[:at] + segments + jpg[at:]


def orient(array, value):
    """numpy version of the EXIF orientation transform: what a viewer shows for a stored image."""
    a = array
    return {
        1: lambda: a,
        2: lambda: a[:, ::-1],
        3: lambda: a[::-1, ::-1],
        4: lambda: a[::-1, :],
        5: lambda: a.transpose(1, 0, 2),
        6: lambda: np.rot90(a, k=-1),
        7: lambda: a.transpose(1, 0, 2)[::-1, ::-1],
        8: lambda: np.rot90(a, k=1),
    }[value]()


def main():
    for d in (INPUTS, REFS, BAD, TMP):
        shutil.rmtree(d, ignore_errors=True) if d != TMP else None
        os.makedirs(d, exist_ok=True)
    mug = Image.open(os.path.join(HERE, "inputs/cutouts/mug-small.png")).convert("RGB")
    crop = mug.crop((40, 20, 136, 92))  # 96 x 72: several MCUs of every subsampling, plus partial ones below
    crop.save(TMP + "/src.ppm")
    odd = mug.crop((50, 30, 87, 53))  # 37 x 23: partial MCUs on both axes
    odd.save(TMP + "/odd.ppm")
    crop.convert("L").save(TMP + "/src.pgm")

    manifest = ["file\twidth\theight\tcolorspace\tsubsampling\tprogressive\toutput\ttolerance\textra"]

    def add(name, w, h, space, sampling, progressive, output, tolerance, extra=""):
        manifest.append(f"{name}\t{w}\t{h}\t{space}\t{sampling}\t{int(progressive)}\t{output}\t{tolerance}\t{extra}")

    # cjpeg: every subsampling, progressive, restart markers, gray, odd size.
    for name, sample in (("444", "1x1"), ("422", "2x1"), ("420", "2x2"), ("440", "1x2"), ("411", "4x1")):
        f = f"cjpeg-{name}.jpg"
        run("cjpeg", "-quality", "90", "-sample", sample, "-outfile", f"{INPUTS}/{f}", TMP + "/src.ppm")
        djpeg_reference(f"{INPUTS}/{f}", f"{REFS}/{f}.png")
        add(f, 96, 72, "ycbcr", f"{name[0]}:{name[1]}:{name[2]}", False, "rgba8", 2)
    run("cjpeg", "-quality", "85", "-progressive", "-outfile", f"{INPUTS}/cjpeg-progressive.jpg", TMP + "/src.ppm")
    djpeg_reference(f"{INPUTS}/cjpeg-progressive.jpg", f"{REFS}/cjpeg-progressive.jpg.png")
    add("cjpeg-progressive.jpg", 96, 72, "ycbcr", "4:2:0", True, "rgba8", 2)
    run("cjpeg", "-quality", "90", "-restart", "1", "-outfile", f"{INPUTS}/cjpeg-restart.jpg", TMP + "/src.ppm")
    djpeg_reference(f"{INPUTS}/cjpeg-restart.jpg", f"{REFS}/cjpeg-restart.jpg.png")
    add("cjpeg-restart.jpg", 96, 72, "ycbcr", "4:2:0", False, "rgba8", 2)
    run("cjpeg", "-quality", "90", "-grayscale", "-outfile", f"{INPUTS}/cjpeg-gray.jpg", TMP + "/src.ppm")
    djpeg_reference(f"{INPUTS}/cjpeg-gray.jpg", f"{REFS}/cjpeg-gray.jpg.png")
    add("cjpeg-gray.jpg", 96, 72, "gray", "gray", False, "gray8", 2)
    run("cjpeg", "-quality", "90", "-sample", "2x2", "-outfile", f"{INPUTS}/cjpeg-odd-37x23.jpg", TMP + "/odd.ppm")
    djpeg_reference(f"{INPUTS}/cjpeg-odd-37x23.jpg", f"{REFS}/cjpeg-odd-37x23.jpg.png")
    add("cjpeg-odd-37x23.jpg", 37, 23, "ycbcr", "4:2:0", False, "rgba8", 2)
    run("cjpeg", "-quality", "95", "-rgb", "-outfile", f"{INPUTS}/cjpeg-rgb.jpg", TMP + "/src.ppm")
    djpeg_reference(f"{INPUTS}/cjpeg-rgb.jpg", f"{REFS}/cjpeg-rgb.jpg.png")
    add("cjpeg-rgb.jpg", 96, 72, "rgb", "4:4:4", False, "rgba8", 2)

    # ImageMagick: a plain q75 file with a JFIF density, and Adobe-inverted CMYK.
    run("convert", TMP + "/src.ppm", "-quality", "75", "-density", "300", "-units", "PixelsPerInch",
        f"{INPUTS}/magick-q75-300dpi.jpg")
    djpeg_reference(f"{INPUTS}/magick-q75-300dpi.jpg", f"{REFS}/magick-q75-300dpi.jpg.png")
    add("magick-q75-300dpi.jpg", 96, 72, "ycbcr", "4:2:0", False, "rgba8", 2, "dpi=300")
    # ImageMagick writes CMYK as Adobe YCCK (transform 2); Pillow writes plain Adobe CMYK. Both store inverted
    # values. CMYK -> RGB rounding differs by a level between ImageMagick (Q16) and Backdrop's exact 8-bit formula.
    run("convert", TMP + "/src.ppm", "-colorspace", "CMYK", "-quality", "95", f"{INPUTS}/magick-ycck-adobe.jpg")
    Image.open(TMP + "/src.ppm").convert("CMYK").save(f"{INPUTS}/pillow-cmyk-adobe.jpg", quality=95)
    for f, space in (("magick-ycck-adobe.jpg", "ycck"), ("pillow-cmyk-adobe.jpg", "cmyk")):
        run("convert", f"{INPUTS}/{f}", "-colorspace", "sRGB", "-depth", "8", f"PNG24:{REFS}/{f}.png")
        add(f, 96, 72, space, "4:4:4", False, "rgba8", 2)

    # EXIF orientation 1-8 on the 4:2:0 file; references are its djpeg decode turned with numpy.
    base = open(f"{INPUTS}/cjpeg-420.jpg", "rb").read()
    upright = np.array(Image.open(f"{REFS}/cjpeg-420.jpg.png").convert("RGB"))
    for value in range(1, 9):
        f = f"exif-orientation-{value}.jpg"
        open(f"{INPUTS}/{f}", "wb").write(insert_after_app0(base, app1_exif(value)))
        turned = np.ascontiguousarray(orient(upright, value))
        Image.fromarray(turned, "RGB").save(f"{REFS}/{f}.png")
        h, w = turned.shape[:2]
        add(f, 96, 72, "ycbcr", "4:2:0", False, "rgba8", 2, f"orientation={value}")

    # An ICC profile over three APP2 chunks, written out of order: the decoder must reassemble by sequence number.
    rng = random.Random(3)
    profile = bytearray(rng.getrandbits(8) for _ in range(150_000))
    profile[0:4] = struct.pack(">I", len(profile))
    profile[36:40] = b"acsp"
    segments, count = app2_icc_chunks(bytes(profile), 60_000, [1, 0, 2])
    open(f"{INPUTS}/icc-3-chunks.jpg", "wb").write(insert_after_app0(base, segments))
    open(f"{REFS}/icc-3-chunks.icc", "wb").write(profile)
    shutil.copy(f"{REFS}/cjpeg-420.jpg.png", f"{REFS}/icc-3-chunks.jpg.png")
    add("icc-3-chunks.jpg", 96, 72, "ycbcr", "4:2:0", False, "rgba8", 2, f"icc=icc-3-chunks.icc;chunks={count}")

    # DCT scaling references from djpeg -scale.
    for scale in ("1/2", "1/4", "1/8"):
        djpeg_reference(f"{INPUTS}/cjpeg-420.jpg", f"{REFS}/cjpeg-420.scale-{scale[2]}.png", scale)

    open(f"{INPUTS}/MANIFEST.tsv", "w").write("\n".join(manifest) + "\n")

    # Bad files and the error category each must raise.
    expected = ["file\tcategory"]
    good = open(f"{INPUTS}/cjpeg-420.jpg", "rb").read()
    sof = good.index(b"\xff\xc0")
    sos = good.index(b"\xff\xda")

    def bad(name, data, category):
        open(f"{BAD}/{name}", "wb").write(data)
        expected.append(f"{name}\t{category}")

    bad("empty.jpg", b"", "unsupported")
    bad("soi-only.jpg", b"\xff\xd8", "unsupported")  # too short to identify as JPEG
    bad("truncated-in-header.jpg", good[: sof + 6], "decoding")
    bad("truncated-before-scan.jpg", good[:sos], "decoding")
    bad("truncated-in-scan.jpg", good[: sos + (len(good) - sos) // 2], "decoding")
    bad("missing-eoi.jpg", good[:-2], "decoding")
    absurd = bytearray(good)
    absurd[sof + 5:sof + 9] = struct.pack(">HH", 60000, 60000)
    bad("absurd-60000x60000.jpg", bytes(absurd), "limits")
    zero = bytearray(good)
    zero[sof + 5:sof + 9] = struct.pack(">HH", 0, 96)
    bad("zero-height.jpg", bytes(zero), "unsupported")  # height 0 means "defined by DNL", which libjpeg lacks
    components = bytearray(good)
    components[sof + 9] = 7
    bad("seven-components.jpg", bytes(components), "decoding")
    bad("garbage-after-soi.jpg", b"\xff\xd8\xff" + bytes(random.Random(5).getrandbits(8) for _ in range(500)),
        "decoding")
    no_frame = good.replace(b"\xff\xc0", b"\xff\xfe", 1)  # the frame header turned into a comment
    bad("no-frame-header.jpg", no_frame, "decoding")
    twelve = bytearray(good)
    twelve[sof + 4] = 12
    bad("precision-12.jpg", bytes(twelve), "unsupported")
    open(f"{BAD}/EXPECTED.tsv", "w").write("\n".join(expected) + "\n")
    shutil.rmtree(TMP)


if __name__ == "__main__":
    sys.exit(main())
