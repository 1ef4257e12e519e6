#include "cimage_internal.h"

#include <setjmp.h>
#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
} cimage_jpeg_encode_error;

static void cimage_jpeg_encode_error_exit(j_common_ptr cinfo) {
    longjmp(((cimage_jpeg_encode_error *)cinfo->err)->jump, 1);
}

static void cimage_jpeg_encode_silent(j_common_ptr cinfo) {
    (void)cinfo;
}

void cimage_free_buffer(uint8_t *buffer) {
    free(buffer);
}

int32_t cimage_encode_jpeg(const uint8_t *pixels, uint32_t width, uint32_t height, int32_t mode,
                           int32_t quality, int32_t progressive, uint8_t **out_data, size_t *out_len) {
    if (pixels == NULL || out_data == NULL || out_len == NULL || width == 0 || height == 0 ||
        width > 65500 || height > 65500) {
        return CIMAGE_ERR_ARGUMENT;
    }
    const int cmyk = mode == CIMAGE_ENCODE_CMYK || mode == CIMAGE_ENCODE_CMYK_ADOBE;
    if (!(mode == CIMAGE_ENCODE_GREY || mode == CIMAGE_ENCODE_RGB || cmyk)) {
        return CIMAGE_ERR_ARGUMENT;
    }
    *out_data = NULL;
    *out_len = 0;

    struct jpeg_compress_struct cinfo;
    cimage_jpeg_encode_error error;
    // libjpeg allocates the output buffer; its address escapes, so it survives the longjmp.
    unsigned char *dest = NULL;
    unsigned long size = 0;
    uint8_t *volatile row = NULL;

    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = jpeg_std_error(&error.pub);
    error.pub.error_exit = cimage_jpeg_encode_error_exit;
    error.pub.output_message = cimage_jpeg_encode_silent;
    if (setjmp(error.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(dest);
        free(row);
        return CIMAGE_ERR_CORRUPT;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &dest, &size);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = mode == CIMAGE_ENCODE_GREY ? 1 : (cmyk ? 4 : 3);
    cinfo.in_color_space = mode == CIMAGE_ENCODE_GREY ? JCS_GRAYSCALE : (cmyk ? JCS_CMYK : JCS_RGB);
    jpeg_set_defaults(&cinfo);
    if (cmyk) {
        jpeg_set_colorspace(&cinfo, JCS_CMYK);
        cinfo.write_Adobe_marker = mode == CIMAGE_ENCODE_CMYK_ADOBE;
        cinfo.write_JFIF_header = FALSE;
    }
    jpeg_set_quality(&cinfo, quality < 1 ? 1 : (quality > 100 ? 100 : quality), TRUE);
    if (progressive) {
        jpeg_simple_progression(&cinfo);
    }
    jpeg_start_compress(&cinfo, TRUE);
    if (cmyk) {
        row = (uint8_t *)malloc((size_t)width * 4);
        if (row == NULL) {
            longjmp(error.jump, 1);
        }
    }
    const size_t stride = (size_t)width * (mode == CIMAGE_ENCODE_GREY ? 1 : 3);
    while (cinfo.next_scanline < height) {
        const uint8_t *src = pixels + (size_t)cinfo.next_scanline * stride;
        JSAMPROW rows[1];
        if (cmyk) {
            for (uint32_t x = 0; x < width; x++) {
                unsigned r = src[x * 3], g = src[x * 3 + 1], b = src[x * 3 + 2];
                unsigned maxc = r > g ? (r > b ? r : b) : (g > b ? g : b);
                unsigned k = 255 - maxc;
                unsigned c = 0, m = 0, y = 0;
                if (maxc > 0) {
                    c = (maxc - r) * 255 / maxc;
                    m = (maxc - g) * 255 / maxc;
                    y = (maxc - b) * 255 / maxc;
                }
                uint8_t *d = row + x * 4;
                if (mode == CIMAGE_ENCODE_CMYK_ADOBE) {
                    d[0] = (uint8_t)(255 - c); d[1] = (uint8_t)(255 - m); d[2] = (uint8_t)(255 - y);
                    d[3] = (uint8_t)(255 - k);
                } else {
                    d[0] = (uint8_t)c; d[1] = (uint8_t)m; d[2] = (uint8_t)y; d[3] = (uint8_t)k;
                }
            }
            rows[0] = row;
        } else {
            rows[0] = (JSAMPROW)src;
        }
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    free(row);
    *out_data = dest;
    *out_len = size;
    return CIMAGE_OK;
}
