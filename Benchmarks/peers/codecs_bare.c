// The bare C libraries on the codec benchmark inputs: TurboJPEG, libwebp, libheif decode to RGBA in memory.
// SPDX-License-Identifier: Apache-2.0
// Build and run: Benchmarks/peers/codecs (prints the median of N runs per job, same work as Benchmarks/Codecs).
#include <libheif/heif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <turbojpeg.h>
#include <webp/decode.h>

static unsigned char *slurp(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc(*size);
    if (fread(data, 1, *size, f) != *size) { perror(path); exit(1); }
    fclose(f);
    return data;
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void jpeg(const unsigned char *data, size_t size, int scale) {
    tjhandle h = tjInitDecompress();
    int w, hh, s, c;
    tjDecompressHeader3(h, data, size, &w, &hh, &s, &c);
    w = (w + scale - 1) / scale;
    hh = (hh + scale - 1) / scale;
    int pitch = (w * 4 + 63) / 64 * 64;
    unsigned char *out = aligned_alloc(64, (size_t)pitch * hh);
    if (tjDecompress2(h, data, size, out, w, pitch, hh, TJPF_RGBA, TJFLAG_LIMITSCANS) != 0) {
        fprintf(stderr, "%s\n", tjGetErrorStr2(h));
    }
    free(out);
    tjDestroy(h);
}

static void webp(const unsigned char *data, size_t size) {
    WebPDecoderConfig config;
    WebPInitDecoderConfig(&config);
    WebPGetFeatures(data, size, &config.input);
    int w = config.input.width, h = config.input.height, stride = (w * 4 + 63) / 64 * 64;
    unsigned char *out = aligned_alloc(64, (size_t)stride * h);
    config.output.colorspace = MODE_RGBA;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = out;
    config.output.u.RGBA.stride = stride;
    config.output.u.RGBA.size = (size_t)stride * h;
    if (WebPDecode(data, size, &config) != VP8_STATUS_OK) fprintf(stderr, "webp failed\n");
    free(out);
}

static void heif(const unsigned char *data, size_t size) {
    struct heif_context *ctx = heif_context_alloc();
    heif_context_read_from_memory_without_copy(ctx, data, size, NULL);
    struct heif_image_handle *handle;
    heif_context_get_primary_image_handle(ctx, &handle);
    struct heif_image *img;
    struct heif_error err = heif_decode_image(handle, &img, heif_colorspace_RGB, heif_chroma_interleaved_RGBA, NULL);
    if (err.code) fprintf(stderr, "%s\n", err.message);
    int stride;
    const uint8_t *plane = heif_image_get_plane_readonly(img, heif_channel_interleaved, &stride);
    int w = heif_image_get_width(img, heif_channel_interleaved), h = heif_image_get_height(img, heif_channel_interleaved);
    int pitch = (w * 4 + 63) / 64 * 64;
    unsigned char *out = aligned_alloc(64, (size_t)pitch * h);
    for (int y = 0; y < h; y++) memcpy(out + (size_t)y * pitch, plane + (size_t)y * stride, (size_t)w * 4);
    free(out);
    heif_image_release(img);
    heif_image_handle_release(handle);
    heif_context_free(ctx);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "/tmp/backdrop-bench";
    int runs = argc > 2 ? atoi(argv[2]) : 9;
    char path[4096];
    const char *names[] = {"jpg", "jpg", "webp", "heic"};
    const char *labels[] = {"TurboJPEG decode 4000x3000 q90 -> RGBA", "TurboJPEG decode 4000x3000 at 1/4 -> RGBA",
                            "libwebp decode 4000x3000 q80 -> RGBA", "libheif decode 4000x3000 q80 -> RGBA"};
    for (int job = 0; job < 4; job++) {
        snprintf(path, sizeof path, "%s/photo-12mp.%s", dir, names[job]);
        size_t size;
        unsigned char *data = slurp(path, &size);
        double samples[64];
        int n = runs < 64 ? runs : 64;
        for (int i = -1; i < n; i++) {  // one warm-up run
            double t = now_ms();
            if (job == 0) jpeg(data, size, 1);
            if (job == 1) jpeg(data, size, 4);
            if (job == 2) webp(data, size);
            if (job == 3) heif(data, size);
            if (i >= 0) samples[i] = now_ms() - t;
        }
        qsort(samples, n, sizeof(double), cmp);
        printf("%-50s %9.1f ms median, %9.1f ms min (%d runs)\n", labels[job], samples[n / 2], samples[0], n);
        free(data);
    }
    return 0;
}
