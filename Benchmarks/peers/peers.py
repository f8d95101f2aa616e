#!/usr/bin/env python3
# Times the peer libraries (Pillow, libvips via pyvips) on the jobs Backdrop's benchmarks measure.
# SPDX-License-Identifier: Apache-2.0
"""Same inputs as Benchmarks/Compositing (a 5000x5000 image and soft disc matte) and Benchmarks/Codecs
(the bundled sample). Prints median wall-clock milliseconds per job; run in the same session as
`scripts/bench` and compare ratios, since absolute times on shared machines are noise."""
import os
import statistics
import sys
import time

import numpy as np
from PIL import Image, ImageFilter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIDE = 5000


def inputs():
    y, x = np.mgrid[0:SIDE, 0:SIDE]
    rgb = np.dstack([(x * 7 + y) & 255, (x ^ y) & 255, (y * 3) & 255]).astype(np.uint8)
    d = np.sqrt((x - SIDE // 2) ** 2 + (y - SIDE // 2) ** 2) - SIDE * 0.35
    matte = np.clip(128 - d * 2, 0, 255).astype(np.uint8)
    return rgb, matte


def timed(label, fn, repeat=7):
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    print(f"{label:55s} {statistics.median(samples):9.1f} ms (median of {repeat})", flush=True)


def main():
    rgb, matte = inputs()
    photo = Image.fromarray(rgb, "RGB")
    mask = Image.fromarray(matte, "L")
    white = Image.new("RGB", photo.size, (255, 255, 255))
    copy_src = np.dstack([rgb, matte])
    timed("numpy copy 5000x5000 RGBA8 + matte (yardstick)", lambda: (copy_src.copy(), matte.copy()))
    timed("Pillow matte + flatten 5000x5000 (Image.composite)", lambda: Image.composite(photo, white, mask))
    sample = os.path.join(ROOT, "TestImages/inputs/sample/product.png")
    cutout = os.path.join(ROOT, "TestImages/inputs/sample/product.cutout.png")
    timed("Pillow PNG decode 1600x1200 RGB photo", lambda: Image.open(sample).load())
    timed("Pillow PNG decode 1600x1200 RGBA cutout", lambda: Image.open(cutout).load())
    try:
        import pyvips
    except ImportError:
        print("pyvips not installed: pip install pyvips (needs libvips42)", file=sys.stderr)
        return
    vphoto = pyvips.Image.new_from_memory(rgb.tobytes(), SIDE, SIDE, 3, "uchar")
    vmatte = pyvips.Image.new_from_memory(matte.tobytes(), SIDE, SIDE, 1, "uchar")
    for threads in (1, 2):
        pyvips.cache_set_max(0)
        os.environ["VIPS_CONCURRENCY"] = str(threads)
        pyvips.voperation.cache_set_max(0) if hasattr(pyvips, "voperation") else None
        pyvips.vips_lib.vips_concurrency_set(threads)
        timed(f"libvips matte + flatten 5000x5000, {threads} thread(s)",
              lambda: vphoto.bandjoin(vmatte).flatten(background=[255, 255, 255]).write_to_memory())
        timed(f"libvips PNG decode 1600x1200 RGB photo, {threads} thread(s)",
              lambda: pyvips.Image.new_from_file(sample, access="sequential").write_to_memory())


def cutout(width, height):
    """The RGBA8 image of Benchmarks/Resampling (photo-like colour, soft disc as alpha)."""
    y, x = np.mgrid[0:height, 0:width]
    d = np.sqrt((x - width // 2) ** 2 + (y - height // 2) ** 2) - min(width, height) * 0.35
    alpha = np.clip(128 - d * 2, 0, 255).astype(np.uint8)
    return np.dstack([(x * 7 + y) & 255, (x ^ y) & 255, (y * 3) & 255, alpha]).astype(np.uint8)


def resampling():
    """The jobs of Benchmarks/Resampling. Pillow resizes RGBA premultiplied by itself. For libvips the fair
    equivalent of an alpha-correct Lanczos3 resize is premultiply, reduce (its Lanczos kernel, what vips_resize
    uses without its integer pre-shrink), unpremultiply; plain `reduce` without premultiplication is also timed as
    the kernel alone, and `thumbnail_image` (libvips' recommended fast path, which pre-shrinks) for the fit job."""
    jobs = [("lanczos3 4000x3000 to 1000x750 RGBA8", cutout(4000, 3000), (1000, 750)),
            ("fit 6000x4000 into 2000x2000 RGBA8", cutout(6000, 4000), (2000, 1333))]
    for label, rgba, size in jobs:
        im = Image.fromarray(rgba, "RGBA")
        timed(f"Pillow resample {label}", lambda: im.resize(size, Image.Resampling.LANCZOS))
    y, x = np.mgrid[0:768, 0:1024]
    matte = np.clip(128 - (np.sqrt((x - 512) ** 2 + (y - 384) ** 2) - 768 * 0.35) * 2, 0, 255).astype(np.uint8)
    gray = Image.fromarray(matte, "L")
    timed("Pillow resample lanczos3 1024x768 to 4000x3000 Gray8",
          lambda: gray.resize((4000, 3000), Image.Resampling.LANCZOS))
    try:
        import pyvips
    except ImportError:
        print("pyvips not installed: pip install pyvips (needs libvips42)", file=sys.stderr)
        return
    for threads in (1, 2):
        pyvips.cache_set_max(0)
        pyvips.vips_lib.vips_concurrency_set(threads)
        for label, rgba, size in jobs:
            h, w, _ = rgba.shape
            v = pyvips.Image.new_from_memory(rgba.tobytes(), w, h, 4, "uchar")
            xs, ys = w / size[0], h / size[1]
            timed(f"libvips premultiply + reduce + unpremultiply {label}, {threads} thread(s)",
                  lambda: v.premultiply().reduce(xs, ys, kernel="lanczos3").unpremultiply().cast("uchar")
                  .write_to_memory())
            timed(f"libvips reduce (no premultiply) {label}, {threads} thread(s)",
                  lambda: v.reduce(xs, ys, kernel="lanczos3").write_to_memory())
        v = pyvips.Image.new_from_memory(rgba.tobytes(), w, h, 4, "uchar")
        timed(f"libvips thumbnail_image {jobs[1][0]}, {threads} thread(s)",
              lambda: v.thumbnail_image(2000, height=2000).write_to_memory())
        vm = pyvips.Image.new_from_memory(matte.tobytes(), 1024, 768, 1, "uchar")
        timed(f"libvips resize lanczos3 1024x768 to 4000x3000 Gray8, {threads} thread(s)",
              lambda: vm.resize(4000 / 1024, vscale=3000 / 768, kernel="lanczos3").write_to_memory())


def blur_plane(width, height):
    """The Gray8 plane of Benchmarks/Compositing's blur benchmarks (a disc over a fine texture)."""
    y, x = np.mgrid[0:height, 0:width]
    inside = (x - width // 2) ** 2 + (y - height // 2) ** 2 < (height // 3) ** 2
    return ((np.where(inside, 200, 30) + (x * 7 + y * 13) % 17) & 255).astype(np.uint8)


def blur():
    """Gaussian blur of a 6000 x 4000 8-bit plane at sigma 5, 20, 80: libvips gaussblur (its default precision,
    integer for uchar) at 1 and 2 threads, and Pillow's GaussianBlur (box-based, one thread)."""
    plane = blur_plane(6000, 4000)
    im = Image.fromarray(plane, "L")
    for sigma in (5, 20, 80):
        timed(f"Pillow GaussianBlur sigma {sigma} 6000x4000 Gray8", lambda: im.filter(ImageFilter.GaussianBlur(sigma)))
    import pyvips
    pyvips.cache_set_max(0)
    v = pyvips.Image.new_from_memory(plane.tobytes(), 6000, 4000, 1, "uchar")
    for threads in (1, 2):
        pyvips.vips_lib.vips_concurrency_set(threads)
        for sigma in (5, 20, 80):
            timed(f"libvips gaussblur sigma {sigma} 6000x4000 Gray8, {threads} thread(s)",
                  lambda: v.gaussblur(sigma).write_to_memory())


if __name__ == "__main__":
    # `peers.py resampling` or `peers.py blur` runs only those jobs.
    if sys.argv[1:] == ["blur"]:
        blur()
        sys.exit(0)
    if sys.argv[1:] != ["resampling"]:
        main()
    resampling()
