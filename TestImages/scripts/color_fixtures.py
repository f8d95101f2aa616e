#!/usr/bin/env python3
# Colour fixtures: ICC profiles (Debian's and written here), tagged images, and reference conversions by Pillow's ImageCms.
# SPDX-License-Identifier: CC0-1.0
"""Writes TestImages/inputs/color/ (profiles/*.icc, tagged PNG/JPEG/HEIC images, MANIFEST.tsv) and
TestImages/reference/color/<file>.png (the input converted to sRGB by another tool).

Run from TestImages/: python3 scripts/color_fixtures.py (generate.sh does). Needs the Debian packages
icc-profiles-free, libgs-common (Ghostscript's profiles) and Pillow with LittleCMS.

Profiles written here (numpy, from the published primaries; colorants adapted to D50 with Bradford):
Display P3, Rec. 2020, a gray gamma 2.2 profile, sRGB primaries with a linear curve ("other RGB"), an
IEC 61966-2.1-style v2 sRGB (D65 media white, 1024-entry curve, the colorant values HP's profile publishes), a
compact web-style sRGB (26-entry curve) and a v2 sRGB whose colorants are stored unadapted next to a D65 white.
Reference conversions: Pillow ImageCms (LittleCMS) to its built-in sRGB, relative colorimetric with black-point
compensation, the same settings Backdrop uses by default. The source pixels are the stored ones (lossless PNG;
for JPEG, Pillow's own decode).
"""
import os
import shutil
import struct
import subprocess
import sys
import zlib
from io import BytesIO

import numpy as np
from PIL import Image, ImageCms

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(HERE, "scripts"))
import heif_boxes  # noqa: E402

INPUTS = os.path.join(HERE, "inputs/color")
PROFILES = os.path.join(INPUTS, "profiles")
REFS = os.path.join(HERE, "reference/color")
SYSTEM = "/usr/share/color/icc"

D50 = np.array([0.9642, 1.0, 0.8249])
BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])
D65_XY = (0.3127, 0.3290)
SPACES = {
    "srgb": [(0.64, 0.33), (0.30, 0.60), (0.15, 0.06)],
    "p3": [(0.680, 0.320), (0.265, 0.690), (0.150, 0.060)],
    "rec2020": [(0.708, 0.292), (0.170, 0.797), (0.131, 0.046)],
}


def xyz(x, y):
    return np.array([x / y, 1.0, (1 - x - y) / y])


def bradford(src, dst):
    s, d = BRADFORD @ src, BRADFORD @ dst
    return np.linalg.inv(BRADFORD) @ np.diag(d / s) @ BRADFORD


def colorants(primaries, white=D65_XY, adapt=True):
    w = xyz(*white)
    cols = np.column_stack([xyz(*p) for p in primaries])
    m = cols * np.linalg.solve(cols, w)
    return (bradford(w, D50) @ m if adapt else m).T  # rows: r, g, b


# MARK: - A small ICC writer


def s15(v):
    return struct.pack(">i", int(round(v * 65536)))


def xyz_tag(v):
    return b"XYZ \0\0\0\0" + b"".join(s15(c) for c in v)


def desc_v2(text):
    t = text.encode() + b"\0"
    return b"desc\0\0\0\0" + struct.pack(">I", len(t)) + t + b"\0" * (4 + 4 + 2 + 1 + 67)


def mluc(text):
    t = text.encode("utf-16-be")
    return b"mluc\0\0\0\0" + struct.pack(">II", 1, 12) + b"enUS" + struct.pack(">II", len(t), 28) + t


def text_tag(text):
    return b"text\0\0\0\0" + text.encode() + b"\0"


def curv_gamma(g):
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, int(round(g * 256))) + b"\0\0"


def curv_table(f, n):
    values = [int(round(f(i / (n - 1)) * 65535)) for i in range(n)]
    return b"curv\0\0\0\0" + struct.pack(">I", n) + struct.pack(f">{n}H", *values)


def para3(g, a, b, c, d):
    return b"para\0\0\0\0" + struct.pack(">HH", 3, 0) + b"".join(s15(v) for v in (g, a, b, c, d))


def srgb_eotf(x):
    return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4


def icc(version, space, tags, device_class=b"mntr"):
    """tags: list of (signature, data); identical data objects are shared (one copy, several entries)."""
    offset = 128 + 4 + 12 * len(tags)
    table, data, placed = b"", b"", {}
    for sig, payload in tags:
        if payload not in placed:
            placed[payload] = (offset + len(data), len(payload))
            data += payload + b"\0" * (-len(payload) % 4)
        table += sig + struct.pack(">II", *placed[payload])
    size = offset + len(data)
    header = struct.pack(">I", size) + b"lcms" + version + device_class + space + b"XYZ "
    header += struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"\0" * 28
    header += b"".join(s15(c) for c in D50)
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + data


def rgb_profile(name, rgb, trc, v4=True, white=D50, extra=()):
    cprt = text_tag("CC0-1.0, written by TestImages/scripts/color_fixtures.py") if not v4 else mluc("CC0-1.0")
    tags = [(b"desc", mluc(name) if v4 else desc_v2(name)), (b"cprt", cprt), (b"wtpt", xyz_tag(white))]
    if v4:
        chad = bradford(xyz(*D65_XY), D50)
        tags.append((b"chad", b"sf32\0\0\0\0" + b"".join(s15(v) for v in chad.flatten())))
    tags += [(b"rXYZ", xyz_tag(rgb[0])), (b"gXYZ", xyz_tag(rgb[1])), (b"bXYZ", xyz_tag(rgb[2]))]
    tags += [(b"rTRC", trc), (b"gTRC", trc), (b"bTRC", trc)] + list(extra)
    return icc(b"\x04\x30\0\0" if v4 else b"\x02\x10\0\0", b"RGB ", tags)


def write_profiles():
    os.makedirs(PROFILES, exist_ok=True)
    srgb_para = para3(2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)
    bt709 = para3(1 / 0.45, 1 / 1.099, 0.099 / 1.099, 1 / 4.5, 0.081)
    made = {
        "display-p3.icc": rgb_profile("Display P3", colorants(SPACES["p3"]), srgb_para),
        "rec2020.icc": rgb_profile("Rec. ITU-R BT.2020", colorants(SPACES["rec2020"]), bt709),
        "other-rgb-linear.icc": rgb_profile("sRGB primaries, linear", colorants(SPACES["srgb"]), curv_gamma(1.0)),
        # The colorant values HP's sRGB IEC61966-2.1 profile publishes, its D65 media white and 1024-entry curve.
        "srgb-iec61966-style.icc": rgb_profile(
            "sRGB IEC61966-2.1",
            [[0.4361, 0.2225, 0.0139], [0.3851, 0.7169, 0.0971], [0.1431, 0.0606, 0.7141]],
            curv_table(srgb_eotf, 1024), v4=False, white=[0.9505, 1.0, 1.0891]),
        "srgb-compact-26.icc": rgb_profile(
            "c2", colorants(SPACES["srgb"]), curv_table(srgb_eotf, 26), v4=False),
        "srgb-v2-unadapted-d65.icc": rgb_profile(
            "sRGB (colorants relative to D65)", colorants(SPACES["srgb"], adapt=False), curv_table(srgb_eotf, 256),
            v4=False, white=xyz(*D65_XY)),
        "gray-gamma22.icc": icc(b"\x02\x10\0\0", b"GRAY", [
            (b"desc", desc_v2("Gray gamma 2.2")), (b"cprt", text_tag("CC0-1.0")), (b"wtpt", xyz_tag(D50)),
            (b"kTRC", curv_gamma(2.2))]),
    }
    for name, data in made.items():
        open(os.path.join(PROFILES, name), "wb").write(data)
    copied = {
        "srgb-icc-profiles-free.icc": f"{SYSTEM}/sRGB.icc",  # icc-profiles-free, v2.3
        "srgb-colord-v4.icc": f"{SYSTEM}/colord/sRGB.icc",  # colord-data, v4.4
        "srgb-ghostscript.icc": f"{SYSTEM}/ghostscript/srgb.icc",  # libgs-common, v2.1
        "adobe-rgb-compatible.icc": f"{SYSTEM}/compatibleWithAdobeRGB1998.icc",  # icc-profiles-free
        "prophoto-romm.icc": f"{SYSTEM}/ghostscript/rommrgb.icc",  # libgs-common (ROMM RGB = ProPhoto)
    }
    for name, src in copied.items():
        shutil.copyfile(src, os.path.join(PROFILES, name))
    # LittleCMS's own sRGB, saved by Pillow: a v4 profile with parametric curves.
    open(os.path.join(PROFILES, "srgb-lcms-v4.icc"), "wb").write(
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


# MARK: - Images


def patches(mode_channels, seed):
    """32 x 32: the top-left 16 x 16 pure red, then saturated primaries, ramps and seeded random colours."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 256, (32, 32, mode_channels), dtype=np.uint8)
    ramp = np.linspace(0, 255, 32).astype(np.uint8)
    if mode_channels >= 3:
        a[:16, :16, :3] = (255, 0, 0)
        a[:8, 16:, :3] = (0, 255, 0)
        a[8:16, 16:, :3] = (0, 0, 255)
        a[16:20, :, 0] = ramp
        a[16:20, :, 1] = ramp
        a[16:20, :, 2] = ramp
    else:
        a[16:20, :, 0] = ramp
    if mode_channels == 4:
        a[..., 3] = np.tile(ramp, (32, 1))
    return a


def convert(img, profile_bytes, mode="RGB"):
    src = ImageCms.ImageCmsProfile(BytesIO(profile_bytes))
    dst = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return ImageCms.profileToProfile(
        img, src, dst, renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode=mode,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def png_with_chunks(name, pixels, chunks):
    """An RGB PNG with the given ancillary chunks (type, data) right after IHDR."""
    path = os.path.join(INPUTS, name)
    Image.fromarray(pixels, "RGB").save(path)
    data = open(path, "rb").read()
    at = 8 + 8 + 13 + 4
    extra = b"".join(
        struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF) for t, d in chunks)
    open(path, "wb").write(data[:at] + extra + data[at:])


def main():
    shutil.rmtree(INPUTS, ignore_errors=True)
    shutil.rmtree(REFS, ignore_errors=True)
    os.makedirs(REFS)
    write_profiles()
    manifest = ["file\tclass\tsource\tverdict\treference"]

    def profile(name):
        return open(os.path.join(PROFILES, name), "rb").read()

    # Tagged PNGs, each with a reference conversion (or none: sRGB is not converted).
    rgb_cases = [
        ("p3-red.png", "display-p3.icc", "display-p3", 3),
        ("p3-alpha.png", "display-p3.icc", "display-p3", 4),
        ("adobe-rgb.png", "adobe-rgb-compatible.icc", "adobe-rgb", 3),
        ("prophoto.png", "prophoto-romm.icc", "prophoto", 3),
        ("rec2020.png", "rec2020.icc", "rec2020", 3),
        ("other-rgb-linear.png", "other-rgb-linear.icc", "other-rgb", 3),
    ]
    for seed, (name, prof, klass, channels) in enumerate(rgb_cases):
        pixels = patches(channels, seed)
        mode = "RGBA" if channels == 4 else "RGB"
        img = Image.fromarray(pixels, mode)
        img.save(os.path.join(INPUTS, name), icc_profile=profile(prof))
        rgb = convert(img.convert("RGB"), profile(prof))
        if channels == 4:
            rgb.putalpha(img.getchannel("A"))
        rgb.save(os.path.join(REFS, name + ".png"))
        manifest.append(f"{name}\t{klass}\ticc\tnot-srgb\t{name}.png")
    gray = Image.fromarray(patches(1, 9)[..., 0], "L")
    gray.save(os.path.join(INPUTS, "gray-gamma22.png"), icc_profile=profile("gray-gamma22.icc"))
    convert(gray, profile("gray-gamma22.icc")).save(os.path.join(REFS, "gray-gamma22.png.png"))
    manifest.append("gray-gamma22.png\tgray\ticc\tnot-srgb\tgray-gamma22.png.png")
    for seed, prof in enumerate(sorted(p for p in os.listdir(PROFILES) if p.startswith("srgb-"))):
        name = prof.replace(".icc", ".png")
        Image.fromarray(patches(3, 20 + seed), "RGB").save(os.path.join(INPUTS, name), icc_profile=profile(prof))
        manifest.append(f"{name}\tsrgb\ticc\tsrgb\t-")

    # PNG colour chunks without iCCP.
    srgb_chrm = struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000)
    p3_chrm = struct.pack(">8I", 31270, 32900, 68000, 32000, 26500, 69000, 15000, 6000)
    chunk_cases = [
        ("chunks-srgb.png", [(b"sRGB", b"\0"), (b"gAMA", struct.pack(">I", 45455))], "srgb", "srgb"),
        ("chunks-gama-chrm-srgb.png", [(b"gAMA", struct.pack(">I", 45455)), (b"cHRM", srgb_chrm)], "srgb", "srgb"),
        ("chunks-gama-only.png", [(b"gAMA", struct.pack(">I", 45455))], "srgb", "srgb"),
        ("chunks-gama-linear.png", [(b"gAMA", struct.pack(">I", 100000))], "other-rgb", "not-srgb"),
        ("chunks-chrm-p3.png", [(b"gAMA", struct.pack(">I", 45455)), (b"cHRM", p3_chrm)], "display-p3", "not-srgb"),
    ]
    for seed, (name, chunks, klass, verdict) in enumerate(chunk_cases):
        png_with_chunks(name, patches(3, 40 + seed), chunks)
        manifest.append(f"{name}\t{klass}\tpng-chunks\t{verdict}\t-")
    Image.fromarray(patches(3, 50), "RGB").save(os.path.join(INPUTS, "untagged.png"))
    manifest.append("untagged.png\tuntagged\tuntagged\tuntagged-assumed-srgb\t-")

    # JPEG: Display P3 (reference from Pillow's decode), CMYK with Ghostscript's SWOP profile (Pillow writes
    # Adobe-inverted CMYK with an APP14 marker), and a malformed profile.
    p3 = Image.fromarray(patches(3, 60), "RGB")
    p3.save(os.path.join(INPUTS, "p3.jpg"), quality=95, subsampling=0, icc_profile=profile("display-p3.icc"))
    convert(Image.open(os.path.join(INPUTS, "p3.jpg")), profile("display-p3.icc")).save(
        os.path.join(REFS, "p3.jpg.png"))
    manifest.append("p3.jpg\tdisplay-p3\ticc\tnot-srgb\tp3.jpg.png")
    swop = open(f"{SYSTEM}/ghostscript/default_cmyk.icc", "rb").read()
    cmyk = Image.fromarray(patches(4, 61), "CMYK")
    cmyk.save(os.path.join(INPUTS, "cmyk-swop.jpg"), quality=95, icc_profile=swop)
    convert(Image.open(os.path.join(INPUTS, "cmyk-swop.jpg")), swop).save(os.path.join(REFS, "cmyk-swop.jpg.png"))
    manifest.append("cmyk-swop.jpg\tcmyk\ticc\tnot-srgb\tcmyk-swop.jpg.png")
    broken = bytearray(profile("display-p3.icc"))
    struct.pack_into(">I", broken, 132 + 4, 0x7FFF0000)  # first tag's offset far past the end
    Image.fromarray(patches(3, 62), "RGB").save(
        os.path.join(INPUTS, "malformed-icc.jpg"), quality=95, icc_profile=bytes(broken))
    manifest.append("malformed-icc.jpg\tmalformed\ticc\tnot-srgb\t-")

    # HEIC nclx variants, made from the HEIF suite's q90 file by adding a colr/nclx box (heif_boxes.py). The
    # Display P3 one is referenced by heif-convert's decode converted with the Display P3 profile above.
    q90 = open(os.path.join(HERE, "inputs/heif/suite/heifenc-q90.heic"), "rb").read()
    for name, (primaries, transfer), klass, verdict in [
        ("nclx-srgb.heic", (1, 13), "srgb", "srgb"),
        ("nclx-p3.heic", (12, 13), "display-p3", "not-srgb"),
        ("nclx-rec2020.heic", (9, 14), "rec2020", "not-srgb"),
    ]:
        box = b"nclx" + struct.pack(">HHHB", primaries, transfer, 6, 0x80)
        open(os.path.join(INPUTS, name), "wb").write(heif_boxes.add_transforms(q90, [("colr", box)]))
        ref = "-"
        if primaries == 12:
            tmp = os.path.join(REFS, "nclx-tmp.png")
            subprocess.run(["heif-convert", os.path.join(INPUTS, name), tmp], check=True, capture_output=True)
            convert(Image.open(tmp).convert("RGB"), profile("display-p3.icc")).save(os.path.join(REFS, name + ".png"))
            os.remove(tmp)
            ref = name + ".png"
        manifest.append(f"{name}\t{klass}\tnclx\t{verdict}\t{ref}")
    open(os.path.join(INPUTS, "MANIFEST.tsv"), "w").write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
