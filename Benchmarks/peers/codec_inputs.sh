#!/usr/bin/env bash
# Makes the 12-megapixel codec benchmark inputs (JPEG q90 4:2:0, WebP q80, HEIC q80) from the bundled sample.
# SPDX-License-Identifier: Apache-2.0
# Usage: Benchmarks/peers/codec_inputs.sh [DIR]   (default: $BACKDROP_BENCH_INPUTS or /tmp/backdrop-bench)
# The sample is enlarged to 4000 x 3000 and given seeded sensor grain, so the files carry photo-like detail.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-${BACKDROP_BENCH_INPUTS:-/tmp/backdrop-bench}}"
mkdir -p "$dir"
if [ -s "$dir/photo-12mp.jpg" ] && [ -s "$dir/photo-12mp.webp" ] && [ -s "$dir/photo-12mp.heic" ]; then exit 0; fi
for tool in convert cjpeg cwebp heif-enc; do
  command -v "$tool" >/dev/null || { echo "needs $tool (imagemagick, libjpeg-turbo-progs, webp, libheif-examples)" >&2; exit 1; }
done
convert "$root/TestImages/inputs/sample/product.png" -resize 4000x3000! -seed 7 -attenuate 0.6 +noise Gaussian \
  "$dir/photo-12mp.ppm"
cjpeg -quality 90 -sample 2x2 -outfile "$dir/photo-12mp.jpg" "$dir/photo-12mp.ppm"
cwebp -quiet -q 80 "$dir/photo-12mp.ppm" -o "$dir/photo-12mp.webp"
convert "$dir/photo-12mp.ppm" "$dir/photo-12mp.png"
heif-enc -q 80 "$dir/photo-12mp.png" -o "$dir/photo-12mp.heic" >/dev/null
rm -f "$dir/photo-12mp.png"
ls -l "$dir" >&2
