#include "cimage_internal.h"

int32_t cimage_fail(cimage_result *out, int32_t status, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(out->message, sizeof(out->message), format, args);
    va_end(args);
    if (out->pixels != NULL) {
        free(out->pixels);
        out->pixels = NULL;
    }
    return status;
}

int32_t cimage_check_dimensions(cimage_result *out, uint64_t width, uint64_t height, uint64_t max_pixels) {
    out->header_width = width > UINT32_MAX ? UINT32_MAX : (uint32_t)width;
    out->header_height = height > UINT32_MAX ? UINT32_MAX : (uint32_t)height;
    if (width == 0 || height == 0) {
        return cimage_fail(out, CIMAGE_ERR_EMPTY, "image declares %llux%llu pixels",
                           (unsigned long long)width, (unsigned long long)height);
    }
    // Both factors fit in 32 bits here for every format we read, so the product cannot overflow.
    if (width > UINT32_MAX || height > UINT32_MAX || width * height > max_pixels) {
        return cimage_fail(out, CIMAGE_ERR_TOO_LARGE, "image declares %llux%llu pixels, limit is %llu",
                           (unsigned long long)width, (unsigned long long)height,
                           (unsigned long long)max_pixels);
    }
    if (width * height > (uint64_t)(SIZE_MAX / 4)) {
        return cimage_fail(out, CIMAGE_ERR_TOO_LARGE, "image too large for this machine");
    }
    return CIMAGE_OK;
}

uint8_t *cimage_alloc_rgb(uint32_t width, uint32_t height) {
    return (uint8_t *)malloc((size_t)width * (size_t)height * 3);
}

int32_t cimage_detect_format(const uint8_t *data, size_t len) {
    if (data == NULL) {
        return CIMAGE_FORMAT_UNKNOWN;
    }
    if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
        return CIMAGE_FORMAT_JPEG;
    }
    static const uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (len >= 8 && memcmp(data, png_signature, 8) == 0) {
        return CIMAGE_FORMAT_PNG;
    }
    if (len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0) {
        return CIMAGE_FORMAT_WEBP;
    }
    if (len >= 6 && (memcmp(data, "GIF87a", 6) == 0 || memcmp(data, "GIF89a", 6) == 0)) {
        return CIMAGE_FORMAT_GIF;
    }
    return CIMAGE_FORMAT_UNKNOWN;
}

int32_t cimage_decode(const uint8_t *data, size_t len, uint64_t max_pixels, int32_t apply_orientation,
                      cimage_result *out) {
    if (out == NULL) {
        return CIMAGE_ERR_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    out->orientation = 1;
    if (data == NULL || len == 0) {
        return cimage_fail(out, CIMAGE_ERR_EMPTY, "no data");
    }
    switch (cimage_detect_format(data, len)) {
    case CIMAGE_FORMAT_JPEG:
        return cimage_decode_jpeg(data, len, max_pixels, apply_orientation, out);
    case CIMAGE_FORMAT_PNG:
        return cimage_decode_png(data, len, max_pixels, out);
    case CIMAGE_FORMAT_WEBP:
        return cimage_decode_webp(data, len, max_pixels, out);
    case CIMAGE_FORMAT_GIF:
        return cimage_decode_gif(data, len, max_pixels, out);
    default:
        return cimage_fail(out, CIMAGE_ERR_UNKNOWN_FORMAT, "not a JPEG, PNG, WebP or GIF file");
    }
}

void cimage_free(cimage_result *result) {
    if (result != NULL && result->pixels != NULL) {
        free(result->pixels);
        result->pixels = NULL;
    }
}

int32_t cimage_apply_orientation(cimage_result *out, int32_t orientation) {
    if (orientation < 2 || orientation > 8 || out->pixels == NULL) {
        return CIMAGE_OK;
    }
    const uint32_t w = out->width, h = out->height;
    const int transposed = orientation >= 5;
    const uint32_t ow = transposed ? h : w;
    const uint32_t oh = transposed ? w : h;
    uint8_t *dst = cimage_alloc_rgb(ow, oh);
    if (dst == NULL) {
        return cimage_fail(out, CIMAGE_ERR_NO_MEMORY, "out of memory applying orientation");
    }
    const uint8_t *src = out->pixels;
    for (uint32_t y = 0; y < oh; y++) {
        for (uint32_t x = 0; x < ow; x++) {
            uint32_t sx, sy;
            // Output (x, y) of the upright image, taken from the stored image (sx, sy).
            switch (orientation) {
            case 2: sx = w - 1 - x; sy = y; break;
            case 3: sx = w - 1 - x; sy = h - 1 - y; break;
            case 4: sx = x; sy = h - 1 - y; break;
            case 5: sx = y; sy = x; break;
            case 6: sx = y; sy = h - 1 - x; break;
            case 7: sx = w - 1 - y; sy = h - 1 - x; break;
            default: sx = w - 1 - y; sy = x; break; // 8
            }
            const uint8_t *s = src + ((size_t)sy * w + sx) * 3;
            uint8_t *d = dst + ((size_t)y * ow + x) * 3;
            d[0] = s[0];
            d[1] = s[1];
            d[2] = s[2];
        }
    }
    free(out->pixels);
    out->pixels = dst;
    out->width = ow;
    out->height = oh;
    return CIMAGE_OK;
}
