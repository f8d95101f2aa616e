// System module for libwebp (decode, encode) and libwebpdemux (animation); pkg-config supplies the paths.
// SPDX-License-Identifier: Apache-2.0
#include <stddef.h>
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>
