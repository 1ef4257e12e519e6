#include "cimage_internal.h"

#include <webp/decode.h>

int32_t cimage_decode_webp(const uint8_t *data, size_t len, uint64_t max_pixels, cimage_result *out) {
    if (out == NULL) {
        return CIMAGE_ERR_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    out->orientation = 1;
    out->format = CIMAGE_FORMAT_WEBP;
    if (data == NULL || len < 12) {
        return cimage_fail(out, CIMAGE_ERR_CORRUPT, "WebP data too short");
    }
    WebPBitstreamFeatures features;
    VP8StatusCode code = WebPGetFeatures(data, len, &features);
    if (code != VP8_STATUS_OK) {
        return cimage_fail(out, code == VP8_STATUS_UNSUPPORTED_FEATURE ? CIMAGE_ERR_UNSUPPORTED : CIMAGE_ERR_CORRUPT,
                           "WebP: header error %d", (int)code);
    }
    if (features.has_animation) {
        // The simple decoder does not read animations; libwebpdemux would be needed.
        return cimage_fail(out, CIMAGE_ERR_UNSUPPORTED, "animated WebP is not supported");
    }
    if (features.width <= 0 || features.height <= 0) {
        return cimage_fail(out, CIMAGE_ERR_EMPTY, "WebP declares %dx%d pixels", features.width, features.height);
    }
    int32_t dims = cimage_check_dimensions(out, (uint64_t)features.width, (uint64_t)features.height, max_pixels);
    if (dims != CIMAGE_OK) {
        return dims;
    }
    const uint32_t width = (uint32_t)features.width, height = (uint32_t)features.height;
    out->pixels = cimage_alloc_rgb(width, height);
    if (out->pixels == NULL) {
        return cimage_fail(out, CIMAGE_ERR_NO_MEMORY, "out of memory for %ux%u WebP", width, height);
    }
    const size_t stride = (size_t)width * 3;
    if (WebPDecodeRGBInto(data, len, out->pixels, stride * height, (int)stride) == NULL) {
        return cimage_fail(out, CIMAGE_ERR_CORRUPT, "WebP: corrupt or truncated image data");
    }
    out->width = width;
    out->height = height;
    return CIMAGE_OK;
}
