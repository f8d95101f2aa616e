#!/usr/bin/env python3
# Computes the layout goldens independently of Backdrop: the README's layout rules in plain Python, resampling by
# Pillow, compositing with numpy.
# SPDX-License-Identifier: CC0-1.0
"""Writes TestImages/golden/layout/*.png (and the cut-at-the-bottom cutout fixture they need).

Geometry follows the README's "Layout" section, re-derived here rather than ported: subject box = pixels with
alpha (or matte) >= 16; Photoroom: margins off the canvas (fractions of its width/height), padding off what they
leave, no padding on cropped sides, fit/fill, alignment, snapping; remove.bg: crop + crop_margin (capped at half the
subject side and 500 px), scale, position. Edges round half away from zero. The reference box is resampled once
with Pillow's LANCZOS and a sub-pixel box (Pillow premultiplies RGBA itself), pasted on a transparent canvas and
composited over the colour with the integer formula of goldens.py.
"""
import math
import os

import numpy as np
from PIL import Image

from goldens import ROOT, CUT, load, over

OUT = os.path.join(ROOT, "golden", "layout")


def rnd(x):
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def subject_box(alpha, threshold=16):
    ys, xs = np.nonzero(alpha >= threshold)
    return (int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))


def length(v, base):
    """Photoroom length: '10%', '12px' or a fraction, against `base` pixels."""
    if v.endswith("px"):
        return float(v[:-2])
    if v.endswith("%"):
        return float(v[:-1]) / 100 * base
    return float(v) * base


def photoroom(size, box, p):
    W, H = size
    x0, y0, bw, bh = box
    cropped = set()
    if p.get("ignore", True):
        if "h" not in p:
            if x0 == 0:
                cropped.add("left")
            if x0 + bw == W:
                cropped.add("right")
        if "v" not in p:
            if y0 == 0:
                cropped.add("top")
            if y0 + bh == H:
                cropped.add("bottom")
    pad = {s: ("0" if s in cropped else p.get("padding", "0")) for s in ("left", "right", "top", "bottom")}
    mar = {s: p.get("margin", "0") for s in ("left", "right", "top", "bottom")}
    cw, ch = p["size"]
    ml, mr = length(mar["left"], cw), length(mar["right"], cw)
    mt, mb = length(mar["top"], ch), length(mar["bottom"], ch)
    iw, ih = cw - ml - mr, ch - mt - mb
    pl, pr = length(pad["left"], iw), length(pad["right"], iw)
    pt, pb = length(pad["top"], ih), length(pad["bottom"], ih)
    tx, ty, tw, th = ml + pl, mt + pt, iw - pl - pr, ih - pt - pb
    s = (min if p.get("scaling", "fit") == "fit" else max)(tw / bw, th / bh)
    pw, ph = bw * s, bh * s

    def align(key, lead, trail):
        if key in p:
            return {"left": 0, "top": 0, "center": 0.5, "right": 1, "bottom": 1}[p[key]]
        a, b = lead in cropped, trail in cropped
        return 0 if a and not b else 1 if b and not a else 0.5

    x = tx + align("h", "left", "right") * (tw - pw)
    y = ty + align("v", "top", "bottom") * (th - ph)
    placed = (rnd(x), rnd(y), max(1, rnd(x + pw) - rnd(x)), max(1, rnd(y + ph) - rnd(y)))
    return (cw, ch), box, placed


def removebg(size, box, p):
    x0, y0, bw, bh = box
    cw, ch = size
    ox, oy = x0, y0
    if p.get("crop"):
        t, r, b, l = p.get("crop_margin", ["0px"] * 4)

        def side(v, d):
            px = float(v[:-1]) / 100 * d if v.endswith("%") else float(v.rstrip("px"))
            return rnd(min(px, d / 2, 500))

        t, r, b, l = side(t, bh), side(r, bw), side(b, bh), side(l, bw)
        cw, ch = bw + l + r, bh + t + b
        ox, oy = l, t
    k = min(p["scale"] * cw / bw, p["scale"] * ch / bh) if "scale" in p else 1
    pw, ph = bw * k, bh * k
    hf, vf = p.get("position", (0.5, 0.5))
    x, y = hf * (cw - pw), vf * (ch - ph)
    return (cw, ch), box, (rnd(x), rnd(y), max(1, rnd(x + pw) - rnd(x)), max(1, rnd(y + ph) - rnd(y)))


def render(image, canvas, ref, placed):
    """`image` (PIL, RGBA or RGB/L) with `ref` resampled onto `placed`, on a transparent canvas."""
    cw, ch = canvas
    rx, ry, rw, rh = ref
    px, py, pw, ph = placed
    sx, sy = pw / rw, ph / rh
    d0x, d1x = max(0, px), min(cw, px + pw)
    d0y, d1y = max(0, py), min(ch, py + ph)
    box = (rx + (d0x - px) / sx, ry + (d0y - py) / sy, rx + (d1x - px) / sx, ry + (d1y - py) / sy)
    patch = image.resize((d1x - d0x, d1y - d0y), Image.LANCZOS, box=box)
    layer = Image.new(image.mode, canvas, 0)
    layer.paste(patch, (d0x, d0y))
    return layer


def save(name, arr):
    os.makedirs(OUT, exist_ok=True)
    Image.fromarray(arr.astype(np.uint8), "RGBA").save(os.path.join(OUT, name + ".png"), optimize=True)


if __name__ == "__main__":
    cutout_img = Image.open(os.path.join(CUT, "mug-small.cutout.png")).convert("RGBA")
    cutout = load("mug-small.cutout.png", "RGBA")
    box = subject_box(cutout[..., 3])
    size = cutout_img.size

    def cut_case(name, layout, params, colour):
        canvas, ref, placed = layout(size, box, params)
        layer = np.asarray(render(cutout_img, canvas, ref, placed)).astype(np.int64)
        save(name, over(layer, None, colour))
        print(name, canvas, placed)

    white, sand = (255, 255, 255), (0xF3, 0xEC, 0xE0)
    cut_case("square-padding", photoroom, {"size": (160, 160), "padding": "10%"}, white)
    cut_case("fill-left", photoroom, {"size": (120, 80), "scaling": "fill", "h": "left"}, white)
    cut_case("margin-px-top", photoroom, {"size": (150, 120), "margin": "6px", "padding": "0.05", "v": "top"}, sand)
    cut_case(
        "removebg-crop-scale-position", removebg,
        {"crop": True, "crop_margin": ["10%"] * 4, "scale": 0.8, "position": (0.25, 1.0)}, sand)

    # A subject cut by the photo's bottom edge: the cutout's rows down to the subject's last row.
    bottom = box[1] + box[3]
    cut = cutout_img.crop((0, 0, size[0], bottom))
    cut.save(os.path.join(CUT, "mug-small-cut-bottom.png"), optimize=True)
    cbox = subject_box(np.asarray(cut)[..., 3])
    canvas, ref, placed = photoroom(cut.size, cbox, {"size": (160, 200), "padding": "10%"})
    save("snap-bottom", over(np.asarray(render(cut, canvas, ref, placed)).astype(np.int64), None, white))
    print("snap-bottom", canvas, placed)

    # Photo plus separate matte: both resampled with the same geometry, then composited.
    photo = Image.open(os.path.join(CUT, "mug-small.png")).convert("RGB")
    matte_img = Image.open(os.path.join(CUT, "mug-small.matte.png")).convert("L")
    mbox = subject_box(np.asarray(matte_img))
    canvas, ref, placed = photoroom(size, mbox, {"size": (128, 128), "padding": "0.05"})
    rgb = np.asarray(render(photo, canvas, ref, placed)).astype(np.int64)
    m = np.asarray(render(matte_img, canvas, ref, placed)).astype(np.int64)
    save("photo-matte-square", over(np.dstack([rgb, np.full(m.shape, 255)]), m, white))
    print("photo-matte-square", canvas, placed)
    print("wrote goldens in", OUT)
