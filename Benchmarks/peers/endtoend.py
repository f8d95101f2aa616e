#!/usr/bin/env python3
# The end-to-end job of Benchmarks/EndToEnd in Pillow and in libvips (pyvips), on the same input files.
# SPDX-License-Identifier: Apache-2.0
"""A 4000x3000 JPEG photo and its grayscale PNG matte (made by endtoend_inputs.sh) to a 2000x2000 JPEG (quality 90)
on white: subject box of matte >= 16, cropped, Lanczos3 to fit 1600x1600 (10 % padding), centred, a soft contact
shadow (the matte mirrored under the base, squashed to 12 % of the subject's height, fading, Gaussian sigma
0.25 * 0.08 * the subject's size, opacity 0.7), the photo composited through the matte. The shadow follows
Backdrop's model closely but is not pixel-identical; the cost is the comparison.

Usage: endtoend.py [INPUT_DIR]   (default .build-endtoend). Prints the median wall clock of one image on one
thread, and the throughput of a batch of 8 on two worker processes (one thread each), as `backdrop batch --jobs 2`.
"""
import io
import os
import statistics
import sys
import time
from multiprocessing import Pool

import numpy as np
from PIL import Image, ImageFilter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FOLDER = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build-endtoend")
PHOTO = os.path.join(FOLDER, "photo.jpg")
MATTE = os.path.join(FOLDER, "photo.mask.png")
CANVAS, TARGET = 2000, 1600


def placement(box):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    s = min(TARGET / w, TARGET / h)
    pw, ph = round(w * s), round(h * s)
    return s, pw, ph, (CANVAS - pw) // 2, (CANVAS - ph) // 2


def fade(width, height):
    return np.repeat((1 - (np.arange(height) + 0.5) / height)[:, None], width, axis=1)


def pillow_one():
    photo = Image.open(PHOTO).convert("RGB")
    matte = Image.open(MATTE).convert("L")
    box = matte.point(lambda v: 255 if v >= 16 else 0).getbbox()
    s, pw, ph, x, y = placement(box)
    p = photo.crop(box).resize((pw, ph), Image.LANCZOS)
    m = matte.crop(box).resize((pw, ph), Image.LANCZOS)
    band_h = max(1, round(0.12 * ph))
    band = np.asarray(m.transpose(Image.FLIP_TOP_BOTTOM).resize((pw, band_h), Image.BILINEAR), dtype=np.float32)
    band = Image.fromarray((band * fade(pw, band_h)).astype(np.uint8), "L")
    shadow = Image.new("L", (CANVAS, CANVAS), 0)
    shadow.paste(band, (x, min(CANVAS - 1, y + ph)))
    sigma = 0.25 * 0.08 * max(pw, ph)
    shadow = shadow.filter(ImageFilter.GaussianBlur(sigma)).point(lambda v: round(v * 0.7))
    canvas = Image.new("RGB", (CANVAS, CANVAS), (255, 255, 255))
    canvas.paste((0, 0, 0), (0, 0, CANVAS, CANVAS), shadow)
    canvas.paste(p, (x, y), m)
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=90)
    return out.getvalue()


def vips_one():
    import pyvips

    photo = pyvips.Image.new_from_file(PHOTO, access="sequential")
    matte = pyvips.Image.new_from_file(MATTE)
    left, top, w, h = matte.find_trim(threshold=15, background=[0])
    box = (left, top, left + w, top + h)
    s, pw, ph, x, y = placement(box)
    p = photo.crop(left, top, w, h).resize(s, kernel="lanczos3")
    m = matte.crop(left, top, w, h).resize(s, kernel="lanczos3")
    pw, ph = p.width, p.height
    band_h = max(1, round(0.12 * ph))
    band = m.flip("vertical").resize(1, vscale=band_h / ph, kernel="linear")
    ramp = pyvips.Image.new_from_array(fade(1, band.height).tolist()).resize(pw, vscale=1, kernel="nearest")
    band = (band * ramp).cast("uchar")
    shadow = pyvips.Image.black(CANVAS, CANVAS).insert(band, x, min(CANVAS - 1, y + ph))
    sigma = 0.25 * 0.08 * max(pw, ph)
    shadow = (shadow.gaussblur(sigma) * 0.7).cast("uchar")
    white = pyvips.Image.black(CANVAS, CANVAS, bands=3) + 255
    base = white * (255 - shadow) / 255
    subject = pyvips.Image.black(CANVAS, CANVAS, bands=3).insert(p, x, y)
    coverage = pyvips.Image.black(CANVAS, CANVAS).insert(m, x, y)
    out = (subject * coverage + base * (255 - coverage)) / 255
    return out.cast("uchar").jpegsave_buffer(Q=90)


def timed(label, fn, repeat=5):
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    print(f"{label:60s} {statistics.median(samples):9.1f} ms (median of {repeat})", flush=True)


def one_threaded(name):
    if name == "vips":
        import pyvips

        pyvips.vips_lib.vips_concurrency_set(1)
        pyvips.cache_set_max(0)
        return vips_one()
    return pillow_one()


def batch(name, count=8, workers=2):
    with Pool(workers, initializer=os.environ.__setitem__, initargs=("VIPS_CONCURRENCY", "1")) as pool:
        pool.map(one_threaded, [name] * workers)  # warm up every worker
        t = time.perf_counter()
        pool.map(one_threaded, [name] * count)
        seconds = time.perf_counter() - t
    print(f"{name} batch of {count} on {workers} processes: {seconds:.2f} s, {count / seconds * 60:.0f} images/min",
          flush=True)


def main():
    os.environ["VIPS_CONCURRENCY"] = "1"
    import pyvips

    pyvips.vips_lib.vips_concurrency_set(1)
    pyvips.cache_set_max(0)
    timed("Pillow end-to-end 12 MP JPEG + matte -> 2000x2000 JPEG, 1 thread", pillow_one)
    timed("libvips end-to-end 12 MP JPEG + matte -> 2000x2000 JPEG, 1 thread", vips_one)
    batch("pillow")
    batch("vips")


if __name__ == "__main__":
    main()
