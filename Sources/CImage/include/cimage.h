#ifndef CIMAGE_H
#define CIMAGE_H

// Image decoding for MediaMatch through the system libraries (libjpeg-turbo, libpng, libwebp,
// giflib). Every decoder keeps its setjmp/longjmp error handling inside C and returns a status
// code, because a longjmp across Swift frames is undefined behaviour.
//
// Output is always 8-bit RGB, 3 bytes per pixel, rows packed (stride = width * 3). Alpha is
// dropped (the stored colour values are kept), as most hashing tools do. Dimensions are checked
// against max_pixels from the header, before any pixel buffer is allocated.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CIMAGE_OK = 0,
    CIMAGE_ERR_UNKNOWN_FORMAT = 1,
    CIMAGE_ERR_CORRUPT = 2,
    CIMAGE_ERR_TOO_LARGE = 3,
    CIMAGE_ERR_EMPTY = 4,
    CIMAGE_ERR_NO_MEMORY = 5,
    CIMAGE_ERR_UNSUPPORTED = 6,
    CIMAGE_ERR_ARGUMENT = 7
} cimage_status;

typedef enum {
    CIMAGE_FORMAT_UNKNOWN = 0,
    CIMAGE_FORMAT_JPEG = 1,
    CIMAGE_FORMAT_PNG = 2,
    CIMAGE_FORMAT_WEBP = 3,
    CIMAGE_FORMAT_GIF = 4
} cimage_format;

typedef struct {
    uint8_t *pixels;          // malloc'd RGB, owned by the caller after success: free with cimage_free
    uint32_t width;           // after orientation was applied
    uint32_t height;
    int32_t format;           // cimage_format
    int32_t orientation;      // EXIF orientation found (1..8; 1 when absent or invalid)
    uint32_t header_width;    // as declared by the file, before orientation (set even on TOO_LARGE)
    uint32_t header_height;
    char message[160];        // the library's message on failure, NUL-terminated
} cimage_result;

// Detects the format from the first bytes, never from a file name.
int32_t cimage_detect_format(const uint8_t *data, size_t len);

// Decodes any supported format. apply_orientation != 0 applies the EXIF orientation (JPEG).
int32_t cimage_decode(const uint8_t *data, size_t len, uint64_t max_pixels, int32_t apply_orientation,
                      cimage_result *out);

int32_t cimage_decode_jpeg(const uint8_t *data, size_t len, uint64_t max_pixels, int32_t apply_orientation,
                           cimage_result *out);
int32_t cimage_decode_png(const uint8_t *data, size_t len, uint64_t max_pixels, cimage_result *out);
int32_t cimage_decode_webp(const uint8_t *data, size_t len, uint64_t max_pixels, cimage_result *out);
int32_t cimage_decode_gif(const uint8_t *data, size_t len, uint64_t max_pixels, cimage_result *out);

// Reads the EXIF orientation (tag 0x0112) from a JPEG's APP1 segment; 1 when absent or invalid.
int32_t cimage_jpeg_exif_orientation(const uint8_t *data, size_t len);

typedef enum {
    CIMAGE_ENCODE_GREY = 1,          // input: 1 byte per pixel
    CIMAGE_ENCODE_RGB = 3,           // input: RGB
    CIMAGE_ENCODE_CMYK = 4,          // input: RGB, written as plain CMYK without an Adobe segment
    CIMAGE_ENCODE_CMYK_ADOBE = 5     // input: RGB, written as inverted CMYK with an Adobe segment
} cimage_encode_mode;

// Encodes pixels as JPEG (for thumbnails and for making test files in every colour layout).
// On success *out_data is malloc'd (free with cimage_free_buffer) and *out_len is set.
int32_t cimage_encode_jpeg(const uint8_t *pixels, uint32_t width, uint32_t height, int32_t mode,
                           int32_t quality, int32_t progressive, uint8_t **out_data, size_t *out_len);

void cimage_free_buffer(uint8_t *buffer);

// Hamming-distance kernels for the PDQ index (256-bit hashes as 4 x uint64 each). They live in C
// to use the POPCNT instruction where the CPU has it (chosen at run time) and to prefetch the
// hashes of upcoming candidates, which the index's random accesses are bound by.
//
// Checks the hashes words[4*ids[i]] for i < count against query; writes the ids and distances of
// those within max_distance to out_ids/out_distances (room for count entries); returns how many.
size_t cimage_hamming_verify(const uint64_t *words, const uint32_t *ids, size_t count, const uint64_t *query,
                             int32_t max_distance, uint32_t *out_ids, uint16_t *out_distances);

// The same over every hash 0..<n (brute force). Room for `capacity` results; returns the number
// found, which may exceed capacity (then call again with more room).
size_t cimage_hamming_scan(const uint64_t *words, size_t n, const uint64_t *query, int32_t max_distance,
                           uint32_t *out_ids, uint16_t *out_distances, size_t capacity);

// Frees the pixel buffer of a result and clears the pointer.
void cimage_free(cimage_result *result);

#ifdef __cplusplus
}
#endif

#endif
