#!/usr/bin/env python3
# Computes the shadow and outline goldens independently of Backdrop: the README's shadow model in numpy/scipy.
# SPDX-License-Identifier: CC0-1.0
"""Writes two synthetic cutouts (a tall bottle, a wide shoe) to TestImages/inputs/cutouts/ and the goldens
TestImages/golden/shadow/*.png.

Model (README "Shadows and outline", re-derived here rather than ported):
  subject box B = pixels with alpha >= 16; S = max(width, height); base = bottom edge; u = (sin d, cos d).
  hard:     the matte inside B translated by round(spread * S * u).
  soft:     a band of H = max(1, round(spread * h)) rows from the base; band row j = mean of the matte rows at
            heights k above the base (k = 0 the bottom row) with floor(k * H / h) == j, times 1 - (j + 1/2) / H;
            row j shifted by round((j + 1/2) * tan d'), d' the direction folded into -60..60 degrees.
  floating: the same band with H = max(1, round(0.1 * h)), no fade, translated by round(spread * S * u).
  The band/silhouette is rounded to 8 bits, blurred with a true Gaussian (scipy, sigma = softness * 0.08 * S, on a
  zero-padded plane so nothing is cut), scaled by intensity as round(v * round(intensity * 65536) / 65536).
  Outline: d = exact Euclidean distance (scipy) to the nearest pixel with alpha >= 128 inside B; coverage
  round(255 * clip(W + 1/2 - d, 0, 1)), W = width * S, then a Gaussian of blurRadius * S.
  Layers: background, shadow colour through its coverage (Porter-Duff over, straight alpha), outline, subject.
Backdrop blurs 8-bit planes with a fast approximation of the Gaussian, so goldens are compared with a tolerance.
"""
import math
import os

import numpy as np
from PIL import Image
from scipy import ndimage

from goldens import ROOT, CUT, rdiv255

OUT = os.path.join(ROOT, "golden", "shadow")


def rnd(x):
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def shape_alpha(w, h, inside):
    """4x4 supersampled coverage of `inside(x, y)` on a w x h canvas."""
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    n = np.zeros((h, w))
    for sy in range(4):
        for sx in range(4):
            n += inside(xs + (sx + 0.5) / 4, ys + (sy + 0.5) / 4)
    return (n * 255 + 8) // 16


def bottle(x, y):
    u, v = (x - 45) / 50, (y - 15) / 130
    ok = (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
    half = np.where(v < 0.35, 0.17, np.where(v < 0.45, 0.17 + (v - 0.35) / 0.1 * 0.33, 0.5))
    return ok & (np.abs(u - 0.5) < half)


def shoe(x, y):
    u, v = (x - 25) / 150, (y - 30) / 55
    ok = (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
    return ok & ((v > 0.6) | ((u < 0.45) & (v > 0.05)))


def make_cutout(name, w, h, inside, top, bottom):
    a = shape_alpha(w, h, inside)
    t = np.linspace(0, 1, h)[:, None, None]
    rgb = np.round(np.array(top)[None, None, :] * (1 - t) + np.array(bottom)[None, None, :] * t)
    rgb = np.broadcast_to(rgb, (h, w, 3))
    rgba = np.dstack([rgb, a]).astype(np.uint8)
    Image.fromarray(rgba, "RGBA").save(os.path.join(CUT, name), optimize=True)
    return rgba.astype(np.int64)


def subject_box(alpha, threshold=16):
    ys, xs = np.nonzero(alpha >= threshold)
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


DEFAULTS = {"soft": (0, 0.7, 0.25, 0.12), "hard": (45, 0.5, 0.15, 0.04), "floating": (0, 0.45, 0.6, 0.06)}


def shadow_alpha(alpha, mode, direction=None, intensity=None, softness=None, spread=None, box=None):
    d0, i0, s0, p0 = DEFAULTS[mode]
    direction = d0 if direction is None else direction
    intensity = i0 if intensity is None else intensity
    softness = s0 if softness is None else softness
    spread = p0 if spread is None else spread
    H, W = alpha.shape
    bx, by, bw, bh = box or subject_box(alpha)
    S = max(bw, bh)
    base = by + bh
    th = math.radians(direction)
    ux, uy = math.sin(th), math.cos(th)
    sigma = softness * 0.08 * S
    # Work on a zero-padded canvas big enough for any offset and blur.
    P = int(S * 1.2 + 4 * sigma + 10)
    plane = np.zeros((H + 2 * P, W + 2 * P))
    m = np.zeros_like(plane)
    m[P + by:P + by + bh, P + bx:P + bx + bw] = alpha[by:by + bh, bx:bx + bw]
    if mode == "hard":
        dx, dy = rnd(spread * S * ux), rnd(spread * S * uy)
        plane = np.roll(np.roll(m, dy, axis=0), dx, axis=1)
    else:
        floating = mode == "floating"
        rows = max(1, rnd((0.1 if floating else spread) * bh))
        dx = dy = 0
        lean = 0.0
        if floating:
            dx, dy = rnd(spread * S * ux), rnd(spread * S * uy)
        else:
            a = math.fmod(direction, 360)
            a = a - 360 if a > 180 else a + 360 if a < -180 else a
            a = 180 - a if a > 90 else -180 - a if a < -90 else a
            lean = math.tan(math.radians(min(60, max(-60, a))))
        heights = np.arange(bh)
        for j in range(rows):
            ks = heights[(heights * rows) // bh == j]
            src = m[P + base - 1 - ks, :].mean(axis=0)
            fade = 1.0 if floating else 1 - (j + 0.5) / rows
            shift = rnd((j + 0.5) * lean)
            plane[P + base + dy + j, :] = np.roll(np.round(src * fade), dx + shift)
    plane = np.round(plane)
    if sigma > 0:
        plane = ndimage.gaussian_filter(plane, sigma, mode="constant", truncate=4.0)
    gain = rnd(intensity * 65536)
    out = np.floor(plane * gain / 65536 + 0.5)
    return np.clip(out[P:P + H, P:P + W], 0, 255).astype(np.int64)


def outline_alpha(alpha, width=0.03, blur=0.0):
    bx, by, bw, bh = subject_box(alpha)
    S = max(bw, bh)
    inside = np.zeros(alpha.shape, bool)
    inside[by:by + bh, bx:bx + bw] = alpha[by:by + bh, bx:bx + bw] >= 128
    d = ndimage.distance_transform_edt(~inside)
    cov = np.floor(255 * np.clip(width * S + 0.5 - d, 0, 1) + 0.5)
    if blur > 0:
        cov = np.floor(ndimage.gaussian_filter(cov, blur * S, mode="nearest", truncate=4.0) + 0.5)
    return cov.astype(np.int64)


def layer_over(back, colour, a):
    """`colour` (r, g, b) at per-pixel alpha `a` over straight-alpha `back`, Porter-Duff over."""
    c = np.broadcast_to(np.array(colour, dtype=np.int64), back.shape[:2] + (3,))
    return pixel_over(np.dstack([c, a]), back)


def pixel_over(front, back):
    a = front[..., 3:4].astype(np.float64)
    beta = back[..., 3:4].astype(np.float64)
    out = np.empty_like(back)
    opaque = back[..., 3] == 255
    ai = front[..., 3:4]
    rgb_opaque = rdiv255(front[..., :3] * ai + back[..., :3] * (255 - ai))
    bb = beta * (255 - a) / 255
    A = a + bb
    with np.errstate(invalid="ignore", divide="ignore"):
        C = np.where(A > 0, (front[..., :3] * a + back[..., :3] * bb) / np.where(A > 0, A, 1), 0)
    rgb_t = np.floor(C + 0.5)
    out[..., :3] = np.where(opaque[..., None], rgb_opaque, rgb_t)
    out[..., 3] = np.where(opaque, 255, np.floor(A[..., 0] + 0.5))
    # Layer alpha 0 leaves the pixel exactly as it was.
    keep = front[..., 3] == 0
    out[keep] = back[keep]
    return out


def render(cutout, background, shadow=None, outline=None, box=None):
    h, w = cutout.shape[:2]
    canvas = np.zeros((h, w, 4), np.int64)
    canvas[...] = list(background)
    if shadow is not None:
        mode, colour, kwargs = shadow
        canvas = layer_over(canvas, colour, shadow_alpha(cutout[..., 3], mode, box=box, **kwargs))
    if outline is not None:
        colour, width, blur = outline
        canvas = layer_over(canvas, colour, outline_alpha(cutout[..., 3], width, blur))
    return pixel_over(cutout, canvas)


def save(name, arr):
    os.makedirs(OUT, exist_ok=True)
    Image.fromarray(arr.astype(np.uint8), "RGBA").save(os.path.join(OUT, name + ".png"), optimize=True)
    print(name)


if __name__ == "__main__":
    bottle_rgba = make_cutout("bottle-small.cutout.png", 140, 200, bottle, (40, 120, 70), (20, 70, 40))
    shoe_rgba = make_cutout("shoe-small.cutout.png", 200, 130, shoe, (200, 60, 50), (90, 30, 30))
    white, sand, clear = (255, 255, 255, 255), (0xF3, 0xEC, 0xE0, 255), (0, 0, 0, 0)
    black = (0, 0, 0)
    for subject, rgba in (("bottle", bottle_rgba), ("shoe", shoe_rgba)):
        for mode in ("soft", "hard", "floating"):
            save(f"{subject}-{mode}", render(rgba, white, shadow=(mode, black, {})))
        save(f"{subject}-soft-transparent", render(rgba, clear, shadow=("soft", black, {})))
    save("shoe-hard-left-transparent", render(
        shoe_rgba, clear, shadow=("hard", (30, 20, 60), {"direction": 270, "intensity": 0.8, "spread": 0.05})))
    save("bottle-floating-sand", render(
        bottle_rgba, sand, shadow=("floating", (60, 40, 20), {"softness": 0.4, "spread": 0.1})))
    save("bottle-outline", render(bottle_rgba, sand, outline=((255, 255, 255), 0.03, 0.0)))
    save("shoe-outline-blur-shadow", render(
        shoe_rgba, (200, 220, 240, 255), shadow=("soft", black, {}), outline=((255, 255, 255), 0.05, 0.01)))
    save("shoe-outline-transparent", render(shoe_rgba, clear, outline=((250, 200, 0), 0.04, 0.0)))

    # Placed by a Photoroom layout (layout_goldens.py's rules and Pillow resampling): the shadow is computed from
    # the placed subject box, i.e. the layout's placed rectangle, on the 220x200 canvas.
    from layout_goldens import photoroom, render as place

    # (The shoe's square corners are left out: Pillow's and Backdrop's Lanczos clamp the ringing at an opaque corner
    # differently, up to 13 levels on a few corner pixels, a resampling difference that would hide the shadow's.)
    for subject, rgba, mode in (("bottle", bottle_rgba, "soft"), ("bottle", bottle_rgba, "hard")):
        image = Image.fromarray(rgba.astype(np.uint8), "RGBA")
        canvas, ref, placed = photoroom(image.size, subject_box(rgba[..., 3]), {"size": (220, 200), "padding": "0.1"})
        layer = np.asarray(place(image, canvas, ref, placed)).astype(np.int64)
        save(f"{subject}-{mode}-layout", render(layer, white, shadow=(mode, black, {}), box=placed))
