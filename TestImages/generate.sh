#!/usr/bin/env bash
# Regenerates every fixture in TestImages/ with open tools, installing them first when missing.
# SPDX-License-Identifier: CC0-1.0
# Deterministic: fixed seeds and fixed tool options, so a rerun rewrites the same pixels (PNG bytes may vary
# with tool versions; tests compare decoded pixels, never file bytes).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v convert >/dev/null 2>&1 || ! command -v pngcrush >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq imagemagick pngcrush python3-pip >/dev/null
fi
python3 -c "import numpy, PIL, png, scipy" 2>/dev/null || python3 -m pip install -q numpy pillow pypng scipy
# Codec fixture tools: cjpeg/djpeg, cwebp/dwebp/webpmux/img2webp, heif-enc/heif-convert.
if ! command -v cjpeg >/dev/null 2>&1 || ! command -v cwebp >/dev/null 2>&1 || ! command -v heif-enc >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libjpeg-turbo-progs webp libheif-examples >/dev/null
fi

python3 scripts/sample.py        # the demo's product shot, its matte and cutout; small copies for goldens
python3 scripts/goldens.py       # compositing goldens computed with numpy from the documented formulas
python3 scripts/layout_goldens.py   # layout goldens: the layout rules in Python, Pillow LANCZOS with a sub-pixel box
python3 scripts/shadow_goldens.py   # bottle and shoe cutouts; shadow and outline goldens from the model in numpy/scipy
python3 scripts/resample_references.py  # resampling inputs; Pillow resizes and a numpy model as references
python3 scripts/archives.py      # remove.bg-style zip results (color.jpg + alpha.png) and damaged archives
python3 scripts/png_fixtures.py  # PNG decoder inputs, independent reference decodes, bad files
python3 scripts/jpeg_fixtures.py # JPEG inputs by cjpeg/ImageMagick/Pillow, references by djpeg/ImageMagick, bad files
python3 scripts/webp_fixtures.py # WebP inputs by cwebp/img2webp/webpmux, references by dwebp or the source pixels
python3 scripts/heif_fixtures.py # HEIC inputs by heif-enc (x265), references by heif-convert (+ numpy for 10/12-bit)
# Colour fixture sources: ICC profiles from icc-profiles-free, colord-data and libgs-common (Ghostscript).
if [ ! -f /usr/share/color/icc/compatibleWithAdobeRGB1998.icc ] || [ ! -f /usr/share/color/icc/colord/sRGB.icc ] ||
  [ ! -f /usr/share/color/icc/ghostscript/default_cmyk.icc ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends icc-profiles-free colord-data \
    libgs-common >/dev/null
fi
python3 scripts/color_fixtures.py # tagged images (after the HEIF suite: nclx files start from its q90 file), ImageCms references
du -sh . >&2
