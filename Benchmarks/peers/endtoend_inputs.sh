#!/usr/bin/env bash
# Makes the end-to-end benchmark's inputs: the bundled product photo and its matte enlarged to 4000 x 3000 (12 MP),
# the photo as a JPEG (quality 90, 4:2:0), the matte as a grayscale PNG. Benchmarks/EndToEnd and endtoend.py read
# them, so Backdrop and the peers work on the same bytes.
# Usage: Benchmarks/peers/endtoend_inputs.sh [OUTDIR]   (default .build-endtoend; BACKDROP=path/to/backdrop)
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-.build-endtoend}"
backdrop="${BACKDROP:-.build-rel/release/backdrop}"
mkdir -p "$out"
"$backdrop" resize TestImages/inputs/sample/product.png --size 4000x3000 -o "$out/photo.jpg"
"$backdrop" resize TestImages/inputs/sample/product.matte.png --size 4000x3000 -o "$out/photo.mask.png"
cat > "$out/recipe.json" <<'JSON'
{"background": {"color": "#FFFFFF"}, "outputSize": "2000x2000", "padding": "10%",
 "shadow": {"mode": "soft"}, "export": {"format": "jpeg", "quality": 90}}
JSON
echo "$out/photo.jpg $out/photo.mask.png $out/recipe.json"
