#!/usr/bin/env python3
# Builds remove.bg-style zip results (color.jpg + alpha.png) from the small mug, plus damaged archives.
# SPDX-License-Identifier: CC0-1.0
"""Writes, relative to TestImages/:
  inputs/archives/mug-small.removebg.zip     color.jpg (Pillow, quality 95) + alpha.png, as remove.bg's format=zip
  inputs/archives/nested-upper.zip           the same entries as result/COLOR.JPG and result/Alpha.png
  bad/archives/no-alpha.zip                  only color.jpg
  bad/archives/truncated.zip                 the first archive cut in half
  bad/archives/crc.zip                       the first archive with a flipped byte inside alpha.png's data
Entries carry a fixed timestamp so the archives are byte-for-byte reproducible."""
import io
import os
import zipfile

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CUT = os.path.join(ROOT, "inputs", "cutouts")
STAMP = (2026, 1, 1, 0, 0, 0)


def encoded(path, fmt, **kw):
    buf = io.BytesIO()
    Image.open(path).save(buf, fmt, **kw)
    return buf.getvalue()


def archive(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def write(rel, data):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    color = encoded(os.path.join(CUT, "mug-small.png"), "JPEG", quality=95)
    alpha = encoded(os.path.join(CUT, "mug-small.matte.png"), "PNG")
    good = archive([("color.jpg", color), ("alpha.png", alpha)])
    write("inputs/archives/mug-small.removebg.zip", good)
    write("inputs/archives/nested-upper.zip", archive([("result/COLOR.JPG", color), ("result/Alpha.png", alpha)]))
    write("bad/archives/no-alpha.zip", archive([("color.jpg", color)]))
    write("bad/archives/truncated.zip", good[: len(good) // 2])
    # Flip a byte in the middle of alpha.png's compressed data: the CRC check must catch it.
    damaged = bytearray(good)
    offset = good.index(b"alpha.png") + len("alpha.png") + 200
    damaged[offset] ^= 0xFF
    write("bad/archives/crc.zip", bytes(damaged))
    print("wrote archives")
