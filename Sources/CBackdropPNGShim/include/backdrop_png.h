// C glue over libpng's low-level API: owns setjmp/longjmp and reports errors as status codes.
// SPDX-License-Identifier: Apache-2.0
#ifndef BACKDROP_PNG_H
#define BACKDROP_PNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes returned by every fallible function here.
enum {
    BACKDROP_PNG_OK = 0,
    /// The data ended before libpng was done (the read callback ran past the end).
    BACKDROP_PNG_TRUNCATED = 1,
    /// libpng reported an error; the message holds its text.
    BACKDROP_PNG_CORRUPT = 2,
    /// An allocation failed.
    BACKDROP_PNG_NO_MEMORY = 3,
    /// The caller broke a precondition (wrong call order, buffer too small); the message says which.
    BACKDROP_PNG_USAGE = 4
};

/// Header facts libpng validated, filled in by `backdrop_png_reader_read_info`.
typedef struct backdrop_png_info {
    uint32_t width;
    uint32_t height;
    int bit_depth;
    /// PNG colour type as stored: 0 gray, 2 rgb, 3 palette, 4 gray+alpha, 6 rgba.
    int color_type;
    int interlaced;
    /// Whether libpng accepted a tRNS chunk.
    int has_trns;
    /// The decompressed iCCP profile, owned by the reader (valid until it is destroyed); NULL when absent.
    const uint8_t *icc_profile;
    uint32_t icc_length;
} backdrop_png_info;

/// A decoder reading one PNG held in memory. The data must stay alive and unchanged until it is destroyed.
typedef struct backdrop_png_reader backdrop_png_reader;

/// Creates a reader over `size` bytes at `data`; NULL when out of memory.
backdrop_png_reader *backdrop_png_reader_create(const uint8_t *data, size_t size);

/// Reads the signature, IHDR and every chunk before the first IDAT. `max_side` (at least 1) becomes libpng's
/// user limit on width and height. Allocates no pixel memory.
int backdrop_png_reader_read_info(backdrop_png_reader *reader, uint32_t max_side, backdrop_png_info *info);

/// Decodes every row into `pixels` (row y at `pixels + y * row_stride`) as 8-bit RGBA (`channels` 4) or
/// 8-bit gray (`channels` 1, only for gray images without tRNS), then reads to IEND.
/// `pixels` must hold `height * row_stride` bytes and `row_stride` at least `width * channels`.
int backdrop_png_reader_read_image(backdrop_png_reader *reader, int channels, uint8_t *pixels, size_t row_stride);

/// The last error message (empty when none). Owned by the reader.
const char *backdrop_png_reader_message(const backdrop_png_reader *reader);

/// Releases the reader and everything libpng allocated for it. NULL is allowed.
void backdrop_png_reader_destroy(backdrop_png_reader *reader);

/// What to write: rows of 8-bit gray (`channels` 1) or straight RGBA (`channels` 4).
typedef struct backdrop_png_encode_params {
    const uint8_t *pixels;
    size_t row_stride;
    uint32_t width;
    uint32_t height;
    int channels;
    /// zlib level 0...9.
    int compression_level;
    /// When non-zero and every alpha is 255, RGBA input is written as RGB (colour type 2).
    int allow_rgb_reduction;
    /// iCCP profile (written under the name "ICC profile") when non-NULL.
    const uint8_t *icc_profile;
    uint32_t icc_length;
    /// sRGB rendering intent 0...3, or -1 for no sRGB chunk. Ignored when an ICC profile is given.
    int srgb_intent;
    /// When non-zero, a pHYs chunk in pixels per metre.
    int has_phys;
    uint32_t phys_x;
    uint32_t phys_y;
} backdrop_png_encode_params;

/// An encoder writing one PNG into a growable memory buffer.
typedef struct backdrop_png_writer backdrop_png_writer;

/// Creates a writer; NULL when out of memory.
backdrop_png_writer *backdrop_png_writer_create(void);

/// Encodes the image described by `params` into the writer's buffer.
int backdrop_png_writer_encode(backdrop_png_writer *writer, const backdrop_png_encode_params *params);

/// The encoded bytes after a successful encode (owned by the writer).
const uint8_t *backdrop_png_writer_data(const backdrop_png_writer *writer);

/// The number of encoded bytes.
size_t backdrop_png_writer_size(const backdrop_png_writer *writer);

/// The last error message (empty when none). Owned by the writer.
const char *backdrop_png_writer_message(const backdrop_png_writer *writer);

/// Releases the writer and its buffer. NULL is allowed.
void backdrop_png_writer_destroy(backdrop_png_writer *writer);

#ifdef __cplusplus
}
#endif

#endif
