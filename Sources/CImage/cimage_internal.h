#ifndef CIMAGE_INTERNAL_H
#define CIMAGE_INTERNAL_H

#include "cimage.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Sets the message of a result (printf-style) and returns the status, so a decoder can
// `return cimage_fail(out, CIMAGE_ERR_CORRUPT, "...")`.
int32_t cimage_fail(cimage_result *out, int32_t status, const char *format, ...);

// Checks width * height against the limit and the RGB buffer size against size_t, before any
// allocation. Records the header dimensions in out.
int32_t cimage_check_dimensions(cimage_result *out, uint64_t width, uint64_t height, uint64_t max_pixels);

// Allocates width * height * 3 bytes (already checked by cimage_check_dimensions).
uint8_t *cimage_alloc_rgb(uint32_t width, uint32_t height);

// Applies an EXIF orientation (2..8) to an RGB buffer; replaces out->pixels, width and height.
int32_t cimage_apply_orientation(cimage_result *out, int32_t orientation);

#endif
