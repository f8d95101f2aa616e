// System module for LittleCMS 2; pkg-config supplies the include path and link flags.
// SPDX-License-Identifier: Apache-2.0
// lcms2's TYPE_* pixel formats are macro expressions Swift cannot import: they are computed here.
#include <lcms2.h>

/// 8-bit RGB with one extra (alpha) byte after the colour: RGBA8.
static inline cmsUInt32Number backdrop_lcms_type_rgba_8(void) { return TYPE_RGBA_8; }
/// 8-bit gray, one byte per pixel: Gray8.
static inline cmsUInt32Number backdrop_lcms_type_gray_8(void) { return TYPE_GRAY_8; }
/// 8-bit gray in the first byte of four (gray stored as RGBA8 with R = G = B): three extra bytes skipped.
static inline cmsUInt32Number backdrop_lcms_type_gray_8_in_rgba(void) {
    return COLORSPACE_SH(PT_GRAY) | EXTRA_SH(3) | CHANNELS_SH(1) | BYTES_SH(1);
}
/// 8-bit CMYK, 0 = no ink (as libjpeg returns plain CMYK; Adobe-inverted data is flipped before).
static inline cmsUInt32Number backdrop_lcms_type_cmyk_8(void) { return TYPE_CMYK_8; }
