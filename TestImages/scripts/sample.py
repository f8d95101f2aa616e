#!/usr/bin/env python3
# Renders the demo's product shot: a photo-like mug on a studio backdrop, plus its soft anti-aliased matte.
# SPDX-License-Identifier: CC0-1.0
"""Deterministic synthetic product photo (no randomness beyond a fixed seed).

Writes, relative to TestImages/:
  inputs/sample/product.png        1600x1200 RGB photo: subject over a warm studio backdrop
  inputs/sample/product.matte.png  1600x1200 Gray8 matte, soft anti-aliased edges (what a segmentation API returns)
  inputs/sample/product.cutout.png 1600x1200 RGBA cutout: the photo's subject colour with the matte as alpha
  inputs/cutouts/mug-small.png     200x150 RGB photo (the same scene, area-averaged) for golden tests
  inputs/cutouts/mug-small.matte.png, mug-small.cutout.png   likewise
The photo is composited as fg*alpha + bg*(1-alpha), so edge pixels carry backdrop colour like a real photo.
"""
import os
import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W, H, SS = 1600, 1200, 3  # supersampling factor for anti-aliased coverage


def srgb_encode(linear):
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * np.power(linear, 1 / 2.4) - 0.055)


def render(width, height, ss):
    w, h = width * ss, height * ss
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    x = (x + 0.5) / ss
    y = (y + 0.5) / ss
    sx, sy = width / 1600.0, height / 1200.0
    # Mug body: a vertical cylinder (x in [cx-r, cx+r]) with elliptical top and bottom rims.
    cx, r = 760 * sx, 300 * sx
    top, bottom, rim = 300 * sy, 1010 * sy, 70 * sy
    u = (x - cx) / r  # -1..1 across the body
    inside_x = np.abs(u) <= 1
    v_rim = np.sqrt(np.clip(1 - u * u, 0, 1)) * rim
    body = inside_x & (y >= top - v_rim) & (y <= bottom + v_rim)
    # Handle: an elliptical ring to the right.
    hx, hy, ha, hb, thick = cx + r + 60 * sx, 640 * sy, 170 * sx, 230 * sy, 55 * sx
    d = np.sqrt(((x - hx) / ha) ** 2 + ((y - hy) / hb) ** 2)
    ring = (np.abs(d - 1) * min(ha, hb) <= thick / 2) & (x > cx + r * 0.8)
    coverage = body | ring
    # Shading: cylinder normal from u; light from the upper left.
    nx = np.clip(u, -1, 1)
    nz = np.sqrt(np.clip(1 - nx * nx, 0, 1))
    lambert = np.clip(0.35 * -nx + 0.85 * nz, 0, 1) * 0.85 + 0.15
    spec = np.exp(-((nx + 0.45) ** 2) / 0.004) * 0.9
    base = np.stack([0.60, 0.08, 0.06])  # glazed red, linear light
    label = (y > 520 * sy) & (y < 760 * sy) & (np.abs(u) < 0.75)
    colour = np.where(label[..., None], np.array([0.85, 0.80, 0.70]), base)
    stripe = label & (np.abs(y - 640 * sy) < 12 * sy)
    colour = np.where(stripe[..., None], np.array([0.05, 0.12, 0.35]), colour)
    fg = colour * lambert[..., None] + spec[..., None]
    # The handle: shaded by its ring angle.
    ang = np.arctan2((y - hy) / hb, (x - hx) / ha)
    handle_light = 0.45 + 0.4 * np.cos(ang + 2.2)
    fg = np.where((ring & ~body)[..., None], base * handle_light[..., None], fg)
    # Inside of the mug visible through the top rim: darker.
    opening = inside_x & (np.abs(y - top) <= v_rim * 0.92)
    fg = np.where(opening[..., None], base * 0.25, fg)
    # Backdrop: warm grey sweep, lighter towards the floor, with a soft contact shadow under the mug.
    t = y / height
    bg = np.stack([0.32 + 0.25 * t, 0.30 + 0.24 * t, 0.27 + 0.2 * t], axis=-1)
    shadow = np.exp(-(((x - cx) / (r * 1.3)) ** 2) - ((y - (bottom + 25 * sy)) / (40 * sy)) ** 2)
    bg = bg * (1 - 0.55 * shadow[..., None])
    # Downsample coverage and colours (area average in linear light).
    a = coverage.astype(np.float32)

    def down(img):
        return img.reshape(height, ss, width, ss, -1).mean(axis=(1, 3))

    alpha = down(a[..., None])[..., 0]
    fg_premul = down(fg * a[..., None])
    fg_straight = np.where(alpha[..., None] > 0, fg_premul / np.maximum(alpha[..., None], 1e-6), 0)
    bgd = down(bg)
    photo = fg_premul + bgd * (1 - alpha[..., None])
    return srgb_encode(photo), srgb_encode(fg_straight), alpha


def soften(alpha):
    # A segmentation model's matte is a little softer than geometric coverage: 3x3 binomial blur.
    k = np.array([1, 2, 1], np.float32) / 4
    p = np.pad(alpha, 1, mode="edge")
    p = k[0] * p[:, :-2] + k[1] * p[:, 1:-1] + k[2] * p[:, 2:]
    return k[0] * p[:-2, :] + k[1] * p[1:-1, :] + k[2] * p[2:, :]


def save(photo, fg, alpha, folder, name, grain):
    os.makedirs(folder, exist_ok=True)
    q = lambda v: np.clip(np.round(v * 255), 0, 255).astype(np.uint8)
    # Sensor grain (fixed seed) so the photo is not unnaturally smooth; the cutout is made from the same pixels.
    noise = np.random.default_rng(20261121).normal(0, grain / 255, photo.shape[:2])[..., None]
    photo = photo + noise
    fg = fg + noise
    m = q(soften(alpha))
    Image.fromarray(q(photo), "RGB").save(os.path.join(folder, f"{name}.png"), optimize=True)
    Image.fromarray(m, "L").save(os.path.join(folder, f"{name}.matte.png"), optimize=True)
    rgba = np.dstack([q(fg), m])
    rgba[m == 0, :3] = 0
    Image.fromarray(rgba, "RGBA").save(os.path.join(folder, f"{name}.cutout.png"), optimize=True)


if __name__ == "__main__":
    photo, fg, alpha = render(W, H, SS)
    save(photo, fg, alpha, os.path.join(ROOT, "inputs", "sample"), "product", 1.0)
    small_photo, small_fg, small_alpha = render(200, 150, 8)
    save(small_photo, small_fg, small_alpha, os.path.join(ROOT, "inputs", "cutouts"), "mug-small", 1.0)
    print("wrote sample and cutouts")
