// System module for libwebp (decode, encode), libwebpdemux (animation) and libwebpmux (metadata chunks).
// SPDX-License-Identifier: Apache-2.0
#include <stddef.h>
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>
#include <webp/mux.h>
