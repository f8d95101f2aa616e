// C glue over libpng's low-level API: every setjmp lives here, so a longjmp never crosses a Swift frame.
// SPDX-License-Identifier: Apache-2.0

#include "backdrop_png.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/// Ancillary chunks larger than this (after decompression, e.g. iCCP or zTXt) are refused.
#define BACKDROP_PNG_CHUNK_MALLOC_MAX ((png_alloc_size_t)64 << 20)

// MARK: - Shared error state

/// Error state shared by readers and writers; libpng's error pointer points here.
typedef struct backdrop_png_status {
    char message[320];
    char warning[160];
    int truncated;
    int no_memory;
} backdrop_png_status;

static void copy_text(char *dst, size_t cap, const char *src) {
    if (cap == 0) return;
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) n = cap - 1;
    if (n > 0) memcpy(dst, src, n);
    dst[n] = '\0';
}

/// libpng error callback: remember the message, then unwind to the setjmp in the calling C function.
static void on_error(png_structp png, png_const_charp message) {
    backdrop_png_status *status = (backdrop_png_status *)png_get_error_ptr(png);
    if (status) {
        // "Invalid IHDR data" alone says little: the warning just before it names the field.
        if (message && strcmp(message, "Invalid IHDR data") == 0 && status->warning[0] != '\0') {
            char combined[320];
            size_t w = strlen(status->warning);
            if (w > 150) w = 150;
            memcpy(combined, status->warning, w);
            combined[w] = '\0';
            strcat(combined, ": ");
            strncat(combined, message, sizeof combined - strlen(combined) - 1);
            copy_text(status->message, sizeof status->message, combined);
        } else {
            copy_text(status->message, sizeof status->message, message);
        }
    }
    png_longjmp(png, 1);
}

/// libpng warning callback: silent; the last warning is kept to explain a following error.
static void on_warning(png_structp png, png_const_charp message) {
    backdrop_png_status *status = (backdrop_png_status *)png_get_error_ptr(png);
    if (status) copy_text(status->warning, sizeof status->warning, message);
}

static int failure_code(const backdrop_png_status *status) {
    if (status->truncated) return BACKDROP_PNG_TRUNCATED;
    if (status->no_memory) return BACKDROP_PNG_NO_MEMORY;
    return BACKDROP_PNG_CORRUPT;
}

// MARK: - Reader

struct backdrop_png_reader {
    backdrop_png_status status; // first member: libpng's error pointer
    png_structp png;
    png_infop info;
    png_infop end_info;
    const uint8_t *data;
    size_t size;
    size_t offset;
    /// 0 created, 1 info read, 2 image read, -1 failed (no further libpng calls allowed).
    int state;
};

/// libpng read callback over the memory block; running past its end is a truncation.
static void on_read(png_structp png, png_bytep out, size_t length) {
    backdrop_png_reader *reader = (backdrop_png_reader *)png_get_io_ptr(png);
    if (reader == NULL || out == NULL || length > reader->size - reader->offset) {
        if (reader) reader->status.truncated = 1;
        png_error(png, "unexpected end of data");
    }
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
}

backdrop_png_reader *backdrop_png_reader_create(const uint8_t *data, size_t size) {
    backdrop_png_reader *reader = (backdrop_png_reader *)calloc(1, sizeof *reader);
    if (reader == NULL) return NULL;
    reader->data = data;
    reader->size = data ? size : 0;
    reader->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader->status, on_error, on_warning);
    if (reader->png) reader->info = png_create_info_struct(reader->png);
    if (reader->png) reader->end_info = png_create_info_struct(reader->png);
    if (reader->png == NULL || reader->info == NULL || reader->end_info == NULL) {
        backdrop_png_reader_destroy(reader);
        return NULL;
    }
    return reader;
}

int backdrop_png_reader_read_info(backdrop_png_reader *reader, uint32_t max_side, backdrop_png_info *out) {
    if (reader == NULL || out == NULL) return BACKDROP_PNG_USAGE;
    if (reader->state != 0) {
        copy_text(reader->status.message, sizeof reader->status.message, "read_info called twice");
        return BACKDROP_PNG_USAGE;
    }
    memset(out, 0, sizeof *out);
    png_structp png = reader->png;
    png_infop info = reader->info;
    if (max_side < 1) max_side = 1;
    if (max_side > PNG_UINT_31_MAX) max_side = PNG_UINT_31_MAX;

    if (setjmp(png_jmpbuf(png))) {
        reader->state = -1;
        return failure_code(&reader->status);
    }
    png_set_read_fn(png, reader, on_read);
    png_set_user_limits(png, max_side, max_side);
    png_set_chunk_malloc_max(png, BACKDROP_PNG_CHUNK_MALLOC_MAX);
    // Text is never used: skip it unparsed, which also defuses zTXt/iTXt bombs.
    static const png_byte text_chunks[] = {'t', 'E', 'X', 't', 0, 'z', 'T', 'X', 't', 0, 'i', 'T', 'X', 't', 0};
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, text_chunks, 3);
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    out->width = width;
    out->height = height;
    out->bit_depth = bit_depth;
    out->color_type = color_type;
    out->interlaced = interlace != PNG_INTERLACE_NONE;
    out->has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;

    png_charp name = NULL;
    int compression = 0;
    png_bytep profile = NULL;
    png_uint_32 length = 0;
    if (png_get_valid(png, info, PNG_INFO_iCCP) &&
        png_get_iCCP(png, info, &name, &compression, &profile, &length) == PNG_INFO_iCCP && profile != NULL) {
        out->icc_profile = profile;
        out->icc_length = length;
    }
    reader->state = 1;
    return BACKDROP_PNG_OK;
}

int backdrop_png_reader_read_image(backdrop_png_reader *reader, int channels, uint8_t *pixels, size_t row_stride) {
    if (reader == NULL) return BACKDROP_PNG_USAGE;
    if (reader->state != 1 || pixels == NULL || (channels != 1 && channels != 4)) {
        copy_text(reader->status.message, sizeof reader->status.message, "read_image called out of order");
        return BACKDROP_PNG_USAGE;
    }
    png_structp png = reader->png;
    png_infop info = reader->info;
    const png_uint_32 width = png_get_image_width(png, info);
    const png_uint_32 height = png_get_image_height(png, info);
    const int bit_depth = png_get_bit_depth(png, info);
    const int color_type = png_get_color_type(png, info);
    const int has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    if (channels == 1 && (color_type != PNG_COLOR_TYPE_GRAY || has_trns)) {
        copy_text(reader->status.message, sizeof reader->status.message, "gray output needs a gray image without tRNS");
        return BACKDROP_PNG_USAGE;
    }
    if (width == 0 || (size_t)width > row_stride / (size_t)channels) {
        copy_text(reader->status.message, sizeof reader->status.message, "row stride too small");
        return BACKDROP_PNG_USAGE;
    }

    if (setjmp(png_jmpbuf(png))) {
        reader->state = -1;
        return failure_code(&reader->status);
    }
    // No gamma, colour or sBIT processing is requested: values pass through unchanged apart from these.
    if (bit_depth == 16) png_set_scale_16(png); // round(v * 255 / 65535)
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (has_trns) png_set_tRNS_to_alpha(png);
    if (channels == 4) {
        if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
        if ((color_type & PNG_COLOR_MASK_ALPHA) == 0 && !has_trns) png_set_add_alpha(png, 0xffff, PNG_FILLER_AFTER);
    }
    const int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_bit_depth(png, info) != 8 || png_get_channels(png, info) != channels ||
        png_get_rowbytes(png, info) != (size_t)width * (size_t)channels) {
        reader->state = -1;
        copy_text(reader->status.message, sizeof reader->status.message, "unexpected output row layout");
        return BACKDROP_PNG_USAGE;
    }
    for (int pass = 0; pass < passes; pass++) {
        for (png_uint_32 y = 0; y < height; y++) {
            // Sparkle mode (NULL display row): each pass writes only its own pixels into the final row.
            png_read_row(png, pixels + (size_t)y * row_stride, NULL);
        }
    }
    // Through IEND, so a file cut after its last IDAT is an error too.
    png_read_end(png, reader->end_info);
    reader->state = 2;
    return BACKDROP_PNG_OK;
}

const char *backdrop_png_reader_message(const backdrop_png_reader *reader) {
    return reader ? reader->status.message : "";
}

void backdrop_png_reader_destroy(backdrop_png_reader *reader) {
    if (reader == NULL) return;
    if (reader->png) {
        png_destroy_read_struct(&reader->png, reader->info ? &reader->info : NULL,
                                reader->end_info ? &reader->end_info : NULL);
    }
    free(reader);
}

// MARK: - Writer

struct backdrop_png_writer {
    backdrop_png_status status; // first member: libpng's error pointer
    uint8_t *data;
    size_t size;
    size_t capacity;
};

/// libpng write callback: appends to the growable buffer.
static void on_write(png_structp png, png_bytep bytes, size_t length) {
    backdrop_png_writer *writer = (backdrop_png_writer *)png_get_io_ptr(png);
    if (writer == NULL || length > SIZE_MAX / 2 - writer->size) png_error(png, "output too large");
    size_t needed = writer->size + length;
    if (needed > writer->capacity) {
        size_t capacity = writer->capacity < 4096 ? 4096 : writer->capacity;
        while (capacity < needed) capacity *= 2;
        uint8_t *grown = (uint8_t *)realloc(writer->data, capacity);
        if (grown == NULL) {
            writer->status.no_memory = 1;
            png_error(png, "out of memory");
        }
        writer->data = grown;
        writer->capacity = capacity;
    }
    if (length > 0) memcpy(writer->data + writer->size, bytes, length);
    writer->size = needed;
}

static void on_flush(png_structp png) { (void)png; }

static int all_opaque(const backdrop_png_encode_params *p) {
    for (uint32_t y = 0; y < p->height; y++) {
        const uint8_t *row = p->pixels + (size_t)y * p->row_stride;
        for (uint32_t x = 0; x < p->width; x++) {
            if (row[(size_t)x * 4 + 3] != 255) return 0;
        }
    }
    return 1;
}

backdrop_png_writer *backdrop_png_writer_create(void) {
    return (backdrop_png_writer *)calloc(1, sizeof(backdrop_png_writer));
}

static int usage(backdrop_png_writer *writer, const char *message) {
    copy_text(writer->status.message, sizeof writer->status.message, message);
    return BACKDROP_PNG_USAGE;
}

int backdrop_png_writer_encode(backdrop_png_writer *writer, const backdrop_png_encode_params *p) {
    if (writer == NULL || p == NULL) return BACKDROP_PNG_USAGE;
    writer->size = 0;
    memset(&writer->status, 0, sizeof writer->status);
    if (p->pixels == NULL) return usage(writer, "no pixels");
    if (p->width < 1 || p->height < 1 || p->width > PNG_UINT_31_MAX || p->height > PNG_UINT_31_MAX)
        return usage(writer, "dimensions out of range for PNG");
    if (p->channels != 1 && p->channels != 4) return usage(writer, "channels must be 1 or 4");
    if ((size_t)p->width > p->row_stride / (size_t)p->channels) return usage(writer, "row stride too small");
    if (p->compression_level < 0 || p->compression_level > 9) return usage(writer, "compression level out of range");
    if (p->icc_profile == NULL && p->srgb_intent > 3) return usage(writer, "sRGB intent out of range");

    int color_type = PNG_COLOR_TYPE_GRAY;
    if (p->channels == 4) {
        color_type = (p->allow_rgb_reduction && all_opaque(p)) ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer->status, on_error, on_warning);
    if (png == NULL) return BACKDROP_PNG_NO_MEMORY;
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        return BACKDROP_PNG_NO_MEMORY;
    }
    // png and info are not modified after setjmp, so they need not be volatile.
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        writer->size = 0;
        return failure_code(&writer->status);
    }
    png_set_write_fn(png, writer, on_write, on_flush);
    png_set_compression_level(png, p->compression_level);
    png_set_IHDR(png, info, p->width, p->height, 8, color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (p->icc_profile != NULL) {
        png_set_iCCP(png, info, "ICC profile", PNG_COMPRESSION_TYPE_BASE, p->icc_profile, p->icc_length);
        if (!png_get_valid(png, info, PNG_INFO_iCCP)) {
            char message[200] = "ICC profile rejected";
            if (writer->status.warning[0] != '\0') {
                strcat(message, ": ");
                strncat(message, writer->status.warning, sizeof message - strlen(message) - 1);
            }
            png_error(png, message);
        }
    } else if (p->srgb_intent >= 0) {
        png_set_sRGB(png, info, p->srgb_intent);
    }
    if (p->has_phys) png_set_pHYs(png, info, p->phys_x, p->phys_y, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    if (color_type == PNG_COLOR_TYPE_RGB) png_set_filler(png, 0, PNG_FILLER_AFTER); // drop the opaque alpha
    for (uint32_t y = 0; y < p->height; y++) {
        png_write_row(png, p->pixels + (size_t)y * p->row_stride);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return BACKDROP_PNG_OK;
}

const uint8_t *backdrop_png_writer_data(const backdrop_png_writer *writer) { return writer ? writer->data : NULL; }

size_t backdrop_png_writer_size(const backdrop_png_writer *writer) { return writer ? writer->size : 0; }

const char *backdrop_png_writer_message(const backdrop_png_writer *writer) {
    return writer ? writer->status.message : "";
}

void backdrop_png_writer_destroy(backdrop_png_writer *writer) {
    if (writer == NULL) return;
    free(writer->data);
    free(writer);
}
