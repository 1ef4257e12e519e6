#include "cimage_internal.h"

#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>

// Progressive files can hold thousands of tiny scans, each a full pass over the coefficients:
// a CPU bomb in a small file. Real encoders write at most a few dozen.
#define CIMAGE_JPEG_MAX_SCANS 256

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    int saw_premature_end;
} cimage_jpeg_error;

typedef struct {
    struct jpeg_progress_mgr pub;
    cimage_jpeg_error *error;
    int too_many_scans;
} cimage_jpeg_progress;

static void cimage_jpeg_error_exit(j_common_ptr cinfo) {
    cimage_jpeg_error *error = (cimage_jpeg_error *)cinfo->err;
    longjmp(error->jump, 1);
}

// libjpeg prints warnings to stderr by default; we record the one that matters instead.
static void cimage_jpeg_emit_message(j_common_ptr cinfo, int level) {
    cimage_jpeg_error *error = (cimage_jpeg_error *)cinfo->err;
    if (level < 0) {
        if (error->pub.msg_code == JWRN_JPEG_EOF) {
            error->saw_premature_end = 1;
        }
        error->pub.num_warnings++;
    }
}

static void cimage_jpeg_output_message(j_common_ptr cinfo) {
    (void)cinfo;
}

static void cimage_jpeg_progress_monitor(j_common_ptr cinfo) {
    cimage_jpeg_progress *progress = (cimage_jpeg_progress *)cinfo->progress;
    if (cinfo->is_decompressor) {
        j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
        if (dinfo->input_scan_number > CIMAGE_JPEG_MAX_SCANS) {
            progress->too_many_scans = 1;
            longjmp(progress->error->jump, 1);
        }
    }
}

static uint8_t clamp_div255(unsigned value) {
    return (uint8_t)((value + 127) / 255);
}

int32_t cimage_decode_jpeg(const uint8_t *data, size_t len, uint64_t max_pixels, int32_t apply_orientation,
                           cimage_result *out) {
    if (out == NULL) {
        return CIMAGE_ERR_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    out->orientation = 1;
    out->format = CIMAGE_FORMAT_JPEG;
    if (data == NULL || len < 4) {
        return cimage_fail(out, CIMAGE_ERR_CORRUPT, "JPEG data too short");
    }
    if ((unsigned long long)len > (unsigned long long)(unsigned long)-1) {
        return cimage_fail(out, CIMAGE_ERR_TOO_LARGE, "JPEG data too large");
    }

    struct jpeg_decompress_struct cinfo;
    cimage_jpeg_error error;
    cimage_jpeg_progress progress;
    // Volatile: modified between setjmp and longjmp, read after the jump.
    uint8_t *volatile row = NULL;
    volatile int32_t status = CIMAGE_ERR_CORRUPT;

    memset(&cinfo, 0, sizeof(cinfo));
    memset(&progress, 0, sizeof(progress));
    cinfo.err = jpeg_std_error(&error.pub);
    error.pub.error_exit = cimage_jpeg_error_exit;
    error.pub.emit_message = cimage_jpeg_emit_message;
    error.pub.output_message = cimage_jpeg_output_message;
    error.saw_premature_end = 0;
    progress.pub.progress_monitor = cimage_jpeg_progress_monitor;
    progress.error = &error;

    if (setjmp(error.jump)) {
        char buffer[JMSG_LENGTH_MAX];
        if (progress.too_many_scans) {
            snprintf(buffer, sizeof(buffer), "JPEG has more than %d scans", CIMAGE_JPEG_MAX_SCANS);
        } else {
            (*error.pub.format_message)((j_common_ptr)&cinfo, buffer);
        }
        jpeg_destroy_decompress(&cinfo);
        free(row);
        return cimage_fail(out, status, "JPEG: %s", buffer);
    }

    jpeg_create_decompress(&cinfo);
    cinfo.progress = &progress.pub;
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);

    int32_t dims = cimage_check_dimensions(out, cinfo.image_width, cinfo.image_height, max_pixels);
    if (dims != CIMAGE_OK) {
        jpeg_destroy_decompress(&cinfo);
        return dims;
    }
    // Bounds libjpeg's own buffers (the coefficient arrays of a progressive file) to what an
    // image within the pixel limit needs.
    cinfo.mem->max_memory_to_use = (long)((uint64_t)cinfo.image_width * cinfo.image_height * 8 + (64L << 20));

    const int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    if (cmyk) {
        cinfo.out_color_space = JCS_CMYK;
    } else if (cinfo.num_components == 1 || cinfo.num_components == 3) {
        cinfo.out_color_space = JCS_RGB;
    } else {
        jpeg_destroy_decompress(&cinfo);
        return cimage_fail(out, CIMAGE_ERR_UNSUPPORTED, "JPEG with %d components", cinfo.num_components);
    }

    jpeg_start_decompress(&cinfo);
    const uint32_t width = cinfo.output_width, height = cinfo.output_height;
    dims = cimage_check_dimensions(out, width, height, max_pixels);
    if (dims != CIMAGE_OK) {
        jpeg_destroy_decompress(&cinfo);
        return dims;
    }
    out->pixels = cimage_alloc_rgb(width, height);
    if (out->pixels == NULL) {
        jpeg_destroy_decompress(&cinfo);
        return cimage_fail(out, CIMAGE_ERR_NO_MEMORY, "out of memory for %ux%u JPEG", width, height);
    }
    if (cmyk) {
        row = (uint8_t *)malloc((size_t)width * 4);
        if (row == NULL) {
            jpeg_destroy_decompress(&cinfo);
            return cimage_fail(out, CIMAGE_ERR_NO_MEMORY, "out of memory");
        }
    }
    // Photoshop writes CMYK inverted and marks it with an Adobe segment; others store it plainly.
    const int inverted = cinfo.saw_Adobe_marker;
    while (cinfo.output_scanline < height) {
        uint8_t *dst = out->pixels + (size_t)cinfo.output_scanline * width * 3;
        JSAMPROW rows[1] = {cmyk ? row : dst};
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
            break;
        }
        if (cmyk) {
            for (uint32_t x = 0; x < width; x++) {
                unsigned c = row[x * 4], m = row[x * 4 + 1], y = row[x * 4 + 2], k = row[x * 4 + 3];
                if (!inverted) {
                    c = 255 - c;
                    m = 255 - m;
                    y = 255 - y;
                    k = 255 - k;
                }
                dst[x * 3] = clamp_div255(c * k);
                dst[x * 3 + 1] = clamp_div255(m * k);
                dst[x * 3 + 2] = clamp_div255(y * k);
            }
        }
        if (error.saw_premature_end) {
            break;
        }
    }
    if (error.saw_premature_end || cinfo.output_scanline < height) {
        jpeg_destroy_decompress(&cinfo);
        free(row);
        return cimage_fail(out, CIMAGE_ERR_CORRUPT, "JPEG: premature end of data");
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row);
    row = NULL;
    out->width = width;
    out->height = height;

    int32_t orientation = cimage_jpeg_exif_orientation(data, len);
    out->orientation = orientation;
    if (apply_orientation && orientation != 1) {
        return cimage_apply_orientation(out, orientation);
    }
    (void)status;
    return CIMAGE_OK;
}
