#!/usr/bin/env python3
# Computes the compositing goldens independently of Backdrop, with numpy and the documented formulas.
# SPDX-License-Identifier: CC0-1.0
"""Writes TestImages/golden/compose/*.png from the small mug fixtures.

Formula (Backdrop's documented semantics, sRGB-encoded 8-bit values, straight alpha):
  a   = round(alpha * matte / 255)                       (matte applied to the image's alpha)
  out = round((f * a + b * (255 - a)) / 255), alpha 255  (over an opaque colour)
Over 'transparent' the output is the image with alpha a, colour unchanged.
"""
import os
import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CUT = os.path.join(ROOT, "inputs", "cutouts")
OUT = os.path.join(ROOT, "golden", "compose")


def load(name, mode):
    return np.asarray(Image.open(os.path.join(CUT, name)).convert(mode)).astype(np.int64)


def rdiv255(x):
    # Exact round-half-up of x / 255 for non-negative integers (x / 255 is never exactly .5 here).
    return (2 * x + 255) // 510


def over(rgba, matte, colour):
    a = rdiv255(rgba[..., 3] * matte) if matte is not None else rgba[..., 3]
    if colour is None:
        out = rgba.copy()
        out[..., 3] = a
        return out
    f = rgba[..., :3]
    b = np.array(colour)[None, None, :]
    rgb = rdiv255(f * a[..., None] + b * (255 - a[..., None]))
    return np.dstack([rgb, np.full(a.shape, 255)])


def shaped(matte, floor, ceiling, gamma, choke, feather):
    """Matte shaping with scipy, independently of Backdrop: levels and gamma through the same rounding, erosion
    with a square window (radii blended linearly for a fractional choke), then a float Gaussian blur."""
    from scipy import ndimage

    t = np.clip((matte.astype(np.float64) - floor) / (ceiling - floor), 0, 1)
    m = np.floor(255 * t ** (1 / gamma) + 0.5)
    whole = int(np.floor(choke))
    frac = choke - whole
    inner = ndimage.grey_erosion(m, size=(2 * whole + 1, 2 * whole + 1), mode="nearest") if whole else m
    if frac:
        outer = ndimage.grey_erosion(m, size=(2 * whole + 3, 2 * whole + 3), mode="nearest")
        m = inner * (1 - frac) + outer * frac
    else:
        m = inner
    if feather:
        m = ndimage.gaussian_filter(m, feather, mode="nearest", truncate=3.0)
    return np.clip(np.floor(m + 0.5), 0, 255).astype(np.int64)


def decontaminate(photo, matte):
    """Blur-fusion foreground estimation (Forte & Pitie 2021), two levels (radius 90 then 6), box means that
    average only pixels inside the image; written independently of Backdrop with numpy/scipy in float64."""
    from scipy.ndimage import uniform_filter1d

    def box_mean(x, r):
        ones = np.ones(x.shape[:2] + (1,))
        for axis in (1, 0):
            x = uniform_filter1d(x, 2 * r + 1, axis=axis, mode="constant") / uniform_filter1d(
                ones, 2 * r + 1, axis=axis, mode="constant")
            ones = np.ones_like(ones)
        return x

    image = photo[..., :3] / 255.0
    a = (matte / 255.0)[..., None]
    fg, bg = image.copy(), image.copy()
    for r in (90, 6):
        mean_fa = box_mean(np.concatenate([fg * a, a], axis=2), r)
        mean_bb = box_mean(np.concatenate([bg * (1 - a), 1 - a], axis=2), r)
        f_hat = mean_fa[..., :3] / (mean_fa[..., 3:] + 1e-5)
        b_hat = mean_bb[..., :3] / (mean_bb[..., 3:] + 1e-5)
        fg = np.clip(f_hat + a * (image - a * f_hat - (1 - a) * b_hat), 0, 1)
        bg = b_hat
    out = photo.copy()
    edge = (matte > 0) & (matte < 255)
    out[..., :3][edge] = np.floor(fg[edge] * 255 + 0.5)
    return out


def over_image(rgba, matte, back):
    """Straight-alpha cutout over an opaque background image of the same size (Backdrop's Composite)."""
    a = rdiv255(rgba[..., 3] * matte) if matte is not None else rgba[..., 3]
    rgb = rdiv255(rgba[..., :3] * a[..., None] + back[..., :3] * (255 - a[..., None]))
    return np.dstack([rgb, np.full(a.shape, 255)])


def blurred_background(photo, matte, sigma):
    """Photoroom-style background blur: a Gaussian (scipy, edges extended) of the colour weighted by 255 - alpha,
    divided by the blurred weight (normalised convolution), in float64; the photo where no weight reaches."""
    from scipy.ndimage import gaussian_filter

    w = (255.0 - matte).astype(np.float64)
    rgb = photo[..., :3].astype(np.float64)
    num = np.stack([gaussian_filter(rgb[..., c] * w / 255.0, sigma, mode="nearest", truncate=4.0) for c in range(3)], -1)
    den = gaussian_filter(w, sigma, mode="nearest", truncate=4.0)[..., None]
    out = np.where(den > 0.5, np.floor(num * 255.0 / np.maximum(den, 1e-9) + 0.5), rgb)
    return np.dstack([np.clip(out, 0, 255), np.full(matte.shape, 255)]).astype(np.int64)


def background_image(width, height):
    """A soft diagonal studio gradient, opaque, as a background image fixture."""
    y, x = np.mgrid[0:height, 0:width]
    t = (x / max(1, width - 1) + y / max(1, height - 1)) / 2
    rgb = np.stack([200 + 40 * t, 215 + 25 * t, 230 - 30 * t], axis=-1)
    return np.dstack([np.round(rgb), np.full((height, width), 255)]).astype(np.int64)


def save(name, arr):
    os.makedirs(OUT, exist_ok=True)
    Image.fromarray(arr.astype(np.uint8), "RGBA").save(os.path.join(OUT, name + ".png"), optimize=True)


if __name__ == "__main__":
    photo = load("mug-small.png", "RGBA")
    matte = load("mug-small.matte.png", "L")
    cutout = load("mug-small.cutout.png", "RGBA")
    save("mug-small-on-white", over(photo, matte, (255, 255, 255)))
    save("mug-small-on-sand", over(photo, matte, (0xF3, 0xEC, 0xE0)))
    save("mug-small-matte-transparent", over(photo, matte, None))
    save("mug-small-cutout-on-navy", over(cutout, None, (0, 0, 128)))
    # Matte shaping: levels 10…245, gamma 1.2, choke 0.5 px, feather 1 px (Backdrop is compared at ±3 levels).
    back = background_image(200, 150)
    os.makedirs(os.path.join(ROOT, "inputs", "backgrounds"), exist_ok=True)
    Image.fromarray(back.astype(np.uint8), "RGBA").convert("RGB").save(
        os.path.join(ROOT, "inputs", "backgrounds", "gradient-200x150.png"), optimize=True)
    Image.fromarray(background_image(300, 100).astype(np.uint8), "RGBA").convert("RGB").save(
        os.path.join(ROOT, "inputs", "backgrounds", "gradient-300x100.png"), optimize=True)
    save("mug-small-over-gradient", over_image(photo, matte, back))
    save("mug-small-decontaminated-over-gradient", over_image(decontaminate(photo, matte), matte, back))
    save("mug-small-decontaminated-on-white", over(decontaminate(photo, matte), matte, (255, 255, 255)))
    # Background blur 0.02 of the longer side (200 px: sigma 4), decontaminated subject over it.
    save("mug-small-decontaminated-over-blur", over_image(decontaminate(photo, matte), matte,
                                                          blurred_background(photo, matte, 0.02 * 200)))
    save("mug-small-shaped-on-white", over(photo, shaped(matte, 10, 245, 1.2, 0.5, 1.0), (255, 255, 255)))
    print("wrote goldens in", OUT)
