#!/usr/bin/env python3
# WebP decoder fixtures: inputs made by cwebp, img2webp and webpmux; references by dwebp or the exact source pixels.
# SPDX-License-Identifier: CC0-1.0
"""Writes TestImages/inputs/webp/suite/*.webp (+ MANIFEST.tsv), TestImages/reference/webp/suite/*.webp.png and
TestImages/bad/webp/ (+ EXPECTED.tsv).

Run from TestImages/: python3 scripts/webp_fixtures.py (generate.sh does). Lossless files are checked against the
source pixels they were made from (exact, no decoder involved); lossy ones against dwebp's decode (the C tool, not
Backdrop's wrapper). The animation's first-frame reference is its first source frame (lossless, full canvas);
the EXIF-oriented reference is the source turned with numpy.
"""
import os
import shutil
import struct
import subprocess
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUTS = os.path.join(HERE, "inputs/webp/suite")
REFS = os.path.join(HERE, "reference/webp/suite")
BAD = os.path.join(HERE, "bad/webp")
TMP = os.path.join(HERE, ".tmp-webp")


def run(*args):
    return subprocess.run(args, check=True, capture_output=True).stdout


def dwebp_reference(webp, out):
    run("dwebp", "-nodither", webp, "-o", out)


def exif_block(orientation):
    tiff = b"II\x2a\x00" + struct.pack("<I", 8) + struct.pack("<H", 1)
    tiff += struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack("<I", 0)
    return tiff


def main():
    for d in (INPUTS, REFS, BAD):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    os.makedirs(TMP, exist_ok=True)
    cutouts = os.path.join(HERE, "inputs/cutouts")
    photo = Image.open(f"{cutouts}/mug-small.png").convert("RGB").crop((40, 20, 136, 92))
    cutout = Image.open(f"{cutouts}/mug-small.cutout.png").convert("RGBA").crop((40, 20, 136, 92))
    photo.save(TMP + "/photo.png")
    cutout.save(TMP + "/cutout.png")

    manifest = ["file\twidth\theight\tcoding\talpha\tanimated\tframes\ttolerance\textra"]

    def add(name, coding, alpha, tolerance, animated=False, frames=1, extra=""):
        manifest.append(f"{name}\t96\t72\t{coding}\t{int(alpha)}\t{int(animated)}\t{frames}\t{tolerance}\t{extra}")

    run("cwebp", "-quiet", "-q", "80", TMP + "/photo.png", "-o", f"{INPUTS}/cwebp-lossy-q80.webp")
    dwebp_reference(f"{INPUTS}/cwebp-lossy-q80.webp", f"{REFS}/cwebp-lossy-q80.webp.png")
    add("cwebp-lossy-q80.webp", "lossy", False, 2)
    run("cwebp", "-quiet", "-q", "80", "-alpha_q", "100", TMP + "/cutout.png", "-o", f"{INPUTS}/cwebp-lossy-alpha.webp")
    dwebp_reference(f"{INPUTS}/cwebp-lossy-alpha.webp", f"{REFS}/cwebp-lossy-alpha.webp.png")
    add("cwebp-lossy-alpha.webp", "lossy", True, 2)
    run("cwebp", "-quiet", "-q", "60", "-alpha_q", "50", TMP + "/cutout.png", "-o",
        f"{INPUTS}/cwebp-lossy-alpha-q50.webp")
    dwebp_reference(f"{INPUTS}/cwebp-lossy-alpha-q50.webp", f"{REFS}/cwebp-lossy-alpha-q50.webp.png")
    add("cwebp-lossy-alpha-q50.webp", "lossy", True, 2)
    run("cwebp", "-quiet", "-lossless", TMP + "/photo.png", "-o", f"{INPUTS}/cwebp-lossless.webp")
    shutil.copy(TMP + "/photo.png", f"{REFS}/cwebp-lossless.webp.png")
    add("cwebp-lossless.webp", "lossless", False, 0)
    run("cwebp", "-quiet", "-lossless", "-exact", TMP + "/cutout.png", "-o", f"{INPUTS}/cwebp-lossless-alpha-exact.webp")
    shutil.copy(TMP + "/cutout.png", f"{REFS}/cwebp-lossless-alpha-exact.webp.png")
    add("cwebp-lossless-alpha-exact.webp", "lossless", True, 0)

    # Animation: three lossless full-canvas frames; the first frame is the photo itself.
    frames = [TMP + "/photo.png"]
    for i in (1, 2):
        a = np.array(photo)
        Image.fromarray(np.roll(a, 11 * i, axis=1)).save(TMP + f"/frame{i}.png")
        frames.append(TMP + f"/frame{i}.png")
    run("img2webp", "-lossless", "-d", "100", *frames, "-o", f"{INPUTS}/img2webp-animated-3.webp")
    shutil.copy(TMP + "/photo.png", f"{REFS}/img2webp-animated-3.webp.png")
    add("img2webp-animated-3.webp", "mixed", True, 0, animated=True, frames=3)

    # ICC and EXIF chunks added by webpmux to the lossless file; EXIF orientation 6 is applied on decode.
    profile = bytearray((i * 7 + 3) & 255 for i in range(3000))
    profile[0:4] = struct.pack(">I", len(profile))
    profile[36:40] = b"acsp"
    open(TMP + "/p.icc", "wb").write(profile)
    open(f"{REFS}/webpmux-icc.icc", "wb").write(profile)
    run("webpmux", "-set", "icc", TMP + "/p.icc", f"{INPUTS}/cwebp-lossless.webp", "-o", f"{INPUTS}/webpmux-icc.webp")
    shutil.copy(TMP + "/photo.png", f"{REFS}/webpmux-icc.webp.png")
    add("webpmux-icc.webp", "lossless", False, 0, extra="icc=webpmux-icc.icc")
    open(TMP + "/exif.bin", "wb").write(exif_block(6))
    run("webpmux", "-set", "exif", TMP + "/exif.bin", f"{INPUTS}/cwebp-lossless.webp", "-o",
        f"{INPUTS}/webpmux-exif-orientation-6.webp")
    Image.fromarray(np.ascontiguousarray(np.rot90(np.array(photo), k=-1))).save(
        f"{REFS}/webpmux-exif-orientation-6.webp.png")
    add("webpmux-exif-orientation-6.webp", "lossless", False, 0, extra="orientation=6")
    open(f"{INPUTS}/MANIFEST.tsv", "w").write("\n".join(manifest) + "\n")

    # Bad files.
    expected = ["file\tcategory"]
    good = open(f"{INPUTS}/cwebp-lossy-q80.webp", "rb").read()
    lossless = open(f"{INPUTS}/cwebp-lossless.webp", "rb").read()

    def bad(name, data, category):
        open(f"{BAD}/{name}", "wb").write(data)
        expected.append(f"{name}\t{category}")

    bad("empty.webp", b"", "unsupported")
    bad("riff-only.webp", b"RIFF", "unsupported")  # too short to identify as WebP
    bad("truncated-header.webp", good[:20], "decoding")
    bad("truncated-bitstream.webp", good[: len(good) // 2], "decoding")
    bad("lossless-truncated.webp", lossless[: len(lossless) * 2 // 3], "decoding")
    wrong = bytearray(good)
    wrong[12:16] = b"VP9 "
    bad("unknown-chunk-only.webp", bytes(wrong), "decoding")
    sig = bytearray(good)
    at = good.index(b"\x9d\x01\x2a")  # the VP8 key-frame start code
    sig[at:at + 3] = b"\x00\x00\x00"
    bad("bad-vp8-start-code.webp", bytes(sig), "decoding")
    # An extended header claiming a 16 777 216-pixel-wide canvas: refused by the limits before any allocation.
    vp8x = b"VP8X" + struct.pack("<I", 10) + bytes([0, 0, 0, 0]) + (0xFFFFFF).to_bytes(3, "little") + (
        99).to_bytes(3, "little")
    body = b"WEBP" + vp8x + good[12:]
    bad("absurd-canvas.webp", b"RIFF" + struct.pack("<I", len(body)) + body, "limits")
    open(f"{BAD}/EXPECTED.tsv", "w").write("\n".join(expected) + "\n")
    shutil.rmtree(TMP)


if __name__ == "__main__":
    sys.exit(main())
