#include "cimage_internal.h"

#include <png.h>

typedef struct {
    const uint8_t *data;
    size_t len;
    size_t pos;
    char message[128];
} cimage_png_source;

static void cimage_png_read(png_structp png, png_bytep dst, png_size_t count) {
    cimage_png_source *source = (cimage_png_source *)png_get_io_ptr(png);
    if (count > source->len - source->pos) {
        png_error(png, "truncated PNG data");
    }
    memcpy(dst, source->data + source->pos, count);
    source->pos += count;
}

static void cimage_png_error(png_structp png, png_const_charp message) {
    cimage_png_source *source = (cimage_png_source *)png_get_error_ptr(png);
    snprintf(source->message, sizeof(source->message), "%s", message ? message : "error");
    png_longjmp(png, 1);
}

static void cimage_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

int32_t cimage_decode_png(const uint8_t *data, size_t len, uint64_t max_pixels, cimage_result *out) {
    if (out == NULL) {
        return CIMAGE_ERR_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    out->orientation = 1;
    out->format = CIMAGE_FORMAT_PNG;
    if (data == NULL || len < 8) {
        return cimage_fail(out, CIMAGE_ERR_CORRUPT, "PNG data too short");
    }

    cimage_png_source source = {data, len, 0, {0}};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, cimage_png_error, cimage_png_warning);
    if (png == NULL) {
        return cimage_fail(out, CIMAGE_ERR_NO_MEMORY, "png_create_read_struct failed");
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        return cimage_fail(out, CIMAGE_ERR_NO_MEMORY, "png_create_info_struct failed");
    }
    png_bytep *volatile rows = NULL;
    volatile int32_t status = CIMAGE_ERR_CORRUPT;

    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(rows);
        return cimage_fail(out, status, "PNG: %s", source.message);
    }

    png_set_read_fn(png, &source, cimage_png_read);
    // Ancillary chunks (text, ICC profiles) are not needed and are a memory risk when huge.
    png_set_chunk_malloc_max(png, 8u << 20);
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    int32_t dims = cimage_check_dimensions(out, width, height, max_pixels);
    if (dims != CIMAGE_OK) {
        png_destroy_read_struct(&png, &info, NULL);
        return dims;
    }

    if (bit_depth == 16) {
        png_set_scale_16(png);
    }
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        png_set_palette_to_rgb(png);
    }
    if ((color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) && bit_depth < 8) {
        png_set_expand_gray_1_2_4_to_8(png);
    }
    if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) {
        png_set_gray_to_rgb(png);
    }
    if (color_type & PNG_COLOR_MASK_ALPHA) {
        png_set_strip_alpha(png);
    }
    if (interlace != PNG_INTERLACE_NONE) {
        png_set_interlace_handling(png);
    }
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)width * 3) {
        status = CIMAGE_ERR_UNSUPPORTED;
        png_error(png, "unexpected row layout after transformations");
    }

    out->pixels = cimage_alloc_rgb(width, height);
    rows = (png_bytep *)malloc(sizeof(png_bytep) * height);
    if (out->pixels == NULL || rows == NULL) {
        status = CIMAGE_ERR_NO_MEMORY;
        png_error(png, "out of memory");
    }
    for (png_uint_32 y = 0; y < height; y++) {
        rows[y] = out->pixels + (size_t)y * width * 3;
    }
    png_read_image(png, rows);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    out->width = width;
    out->height = height;
    return CIMAGE_OK;
}
