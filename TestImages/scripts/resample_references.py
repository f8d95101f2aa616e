#!/usr/bin/env python3
# Resampling inputs and peer references: Pillow's own resize, and an independent numpy model of the same maths.
# SPDX-License-Identifier: CC0-1.0
"""Writes TestImages/inputs/resample/*.png (inputs) and TestImages/reference/resample/*.png (expected outputs).

Inputs (straight RGBA, small enough for debug test builds):
  photo.png    the 200x150 mug cutout from inputs/cutouts (soft alpha edge, photo texture)
  stripes.png  a hard synthetic case: 1- and 2-pixel stripes, a chirp, and a sharp-edged disc on a fully
               transparent background whose hidden colour is saturated green (it must never bleed)

References are *premultiplied* RGBA bytes stored as an RGBA PNG, so tests compare the resampling itself and
not the unpremultiply rounding (Pillow truncates there, Backdrop rounds):
  <input>.<case>.<filter>.png
Filters Pillow has (nearest, box, bilinear, bicubic, lanczos3) come from Pillow's resize of the premultiplied
image ("RGBa"), which is what Pillow does for RGBA. Mitchell-Netravali and Lanczos2 are not in Pillow: they come
from the numpy model below, a float64 transcription of Pillow's separable algorithm (support widened by the
scale when shrinking, taps clipped to the image and renormalised, horizontal pass first, 8-bit intermediate).
The script checks that the model agrees with Pillow on the filters they share before writing anything.
"""
import math
import os
import sys

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUTS = os.path.join(ROOT, "inputs", "resample")
REFS = os.path.join(ROOT, "reference", "resample")

# name -> (target size, source box or None)
CASES = {
    "down": ((47, 35), None),  # about 4.3x down, non-uniform
    "mild": ((130, 112), None),  # 1.5x / 1.3x down
    "up": ((157, 131), (20.5, 30.25, 84.5, 78.75)),  # sub-pixel box, about 2.5x / 2.7x up
    "boxdown": ((57, 43), (3.25, 5.75, 181.5, 139.0)),  # sub-pixel box, down
}


def sinc(x):
    return 1.0 if x == 0.0 else math.sin(x * math.pi) / (x * math.pi)


def mitchell(x, b=1.0 / 3.0, c=1.0 / 3.0):
    x = abs(x)
    if x < 1.0:
        return ((12 - 9 * b - 6 * c) * x**3 + (-18 + 12 * b + 6 * c) * x**2 + (6 - 2 * b)) / 6.0
    if x < 2.0:
        return ((-b - 6 * c) * x**3 + (6 * b + 30 * c) * x**2 + (-12 * b - 48 * c) * x + (8 * b + 24 * c)) / 6.0
    return 0.0


FILTERS = {
    "box": (0.5, lambda x: 1.0 if -0.5 < x <= 0.5 else 0.0),
    "bilinear": (1.0, lambda x: max(0.0, 1.0 - abs(x))),
    "bicubic": (2.0, lambda x: (
        ((1.5 * abs(x) - 2.5) * abs(x) * abs(x) + 1) if abs(x) < 1 else
        ((((abs(x) - 5) * abs(x) + 8) * abs(x) - 4) * -0.5) if abs(x) < 2 else 0.0)),
    "mitchell": (2.0, mitchell),
    "lanczos2": (2.0, lambda x: sinc(x) * sinc(x / 2) if -2 <= x < 2 else 0.0),
    "lanczos3": (3.0, lambda x: sinc(x) * sinc(x / 3) if -3 <= x < 3 else 0.0),
}
PILLOW = {
    "nearest": Image.Resampling.NEAREST, "box": Image.Resampling.BOX, "bilinear": Image.Resampling.BILINEAR,
    "bicubic": Image.Resampling.BICUBIC, "lanczos3": Image.Resampling.LANCZOS,
}


def weights(in_size, in0, in1, out_size, support, fn):
    """A dense (out_size, in_size) matrix of normalised weights, as Pillow's precompute_coeffs."""
    scale = (in1 - in0) / out_size
    filterscale = max(scale, 1.0)
    support = support * filterscale
    m = np.zeros((out_size, in_size))
    for xx in range(out_size):
        center = in0 + (xx + 0.5) * scale
        xmin = max(int(center - support + 0.5), 0)
        xmax = min(int(center + support + 0.5), in_size)
        w = np.array([fn((x - center + 0.5) / filterscale) for x in range(xmin, xmax)])
        if w.sum() != 0:
            w = w / w.sum()
        m[xx, xmin:xmax] = w
    return m


def model(premul, size, box, name):
    """Float model of the separable resize: horizontal pass, round to 8 bits, vertical pass, round."""
    h, w, _ = premul.shape
    box = box or (0, 0, w, h)
    support, fn = FILTERS[name]
    wx = weights(w, box[0], box[2], size[0], support, fn)
    wy = weights(h, box[1], box[3], size[1], support, fn)
    x = premul.astype(np.float64)
    tmp = np.clip(np.floor(np.einsum("ox,yxc->yoc", wx, x) + 0.5), 0, 255)
    out = np.clip(np.floor(np.einsum("oy,yxc->oxc", wy, tmp) + 0.5), 0, 255)
    return out.astype(np.uint8)


def premultiply(rgba):
    a = rgba[..., 3:4].astype(np.int64)
    c = (rgba[..., :3].astype(np.int64) * a + 127) // 255  # round(c·a/255); never exactly .5
    return np.dstack([c, a]).astype(np.uint8)


def pillow(premul, size, box, name):
    im = Image.frombytes("RGBa", (premul.shape[1], premul.shape[0]), premul.tobytes())
    out = im.resize(size, PILLOW[name], box=box)
    return np.frombuffer(out.tobytes(), np.uint8).reshape(size[1], size[0], 4)


def stripes():
    h, w = 144, 192
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.zeros((h, w, 3), np.int64)
    rgb[..., 0] = np.where(x % 2 == 0, 250, 10)  # 1-pixel vertical stripes
    rgb[..., 1] = np.where((y // 2) % 2 == 0, 230, 20)  # 2-pixel horizontal stripes
    rgb[..., 2] = (127.5 + 127 * np.sin(x * x / 60.0)).astype(np.int64)  # a chirp
    a = np.full((h, w), 255)
    # A sharp-edged disc cut out onto a transparent background hiding saturated green.
    d = np.hypot(x - 130, y - 80)
    hole = (x > 96) & (d > 40)
    a[hole] = 0
    rgb[hole] = (0, 255, 0)
    return np.dstack([rgb, a]).astype(np.uint8)


def main():
    os.makedirs(INPUTS, exist_ok=True)
    os.makedirs(REFS, exist_ok=True)
    photo = np.asarray(Image.open(os.path.join(ROOT, "inputs", "cutouts", "mug-small.cutout.png")).convert("RGBA"))
    inputs = {"photo": photo, "stripes": stripes()}
    worst = 0
    for iname, rgba in inputs.items():
        Image.fromarray(rgba, "RGBA").save(os.path.join(INPUTS, f"{iname}.png"), optimize=True)
        premul = premultiply(rgba)
        for cname, (size, box) in CASES.items():
            for fname in ["nearest", "box", "bilinear", "bicubic", "mitchell", "lanczos2", "lanczos3"]:
                if fname in PILLOW:
                    ref = pillow(premul, size, box, fname)
                    if fname in FILTERS:  # cross-check the model against Pillow
                        delta = np.abs(model(premul, size, box, fname).astype(int) - ref.astype(int))
                        worst = max(worst, int(delta.max()))
                        if delta.max() > 1:
                            sys.exit(f"model disagrees with Pillow on {iname} {cname} {fname}: {delta.max()}")
                else:
                    ref = model(premul, size, box, fname)
                Image.fromarray(ref, "RGBA").save(os.path.join(REFS, f"{iname}.{cname}.{fname}.png"), optimize=True)
    print(f"numpy model vs Pillow: max delta {worst}", file=sys.stderr)


if __name__ == "__main__":
    main()
