#include "cimage_internal.h"

// A small, bounds-checked reader of the one EXIF tag we need. libjpeg does not interpret EXIF,
// and pulling in libexif for one tag is not worth the attack surface.

static uint16_t read16(const uint8_t *p, int little) {
    return little ? (uint16_t)(p[0] | (p[1] << 8)) : (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t read32(const uint8_t *p, int little) {
    return little ? ((uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24))
                  : (((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3]);
}

static int32_t orientation_from_tiff(const uint8_t *tiff, size_t len) {
    if (len < 8) {
        return 1;
    }
    int little;
    if (tiff[0] == 'I' && tiff[1] == 'I') {
        little = 1;
    } else if (tiff[0] == 'M' && tiff[1] == 'M') {
        little = 0;
    } else {
        return 1;
    }
    if (read16(tiff + 2, little) != 42) {
        return 1;
    }
    uint32_t ifd = read32(tiff + 4, little);
    if (ifd > len || len - ifd < 2) {
        return 1;
    }
    uint16_t count = read16(tiff + ifd, little);
    size_t entries = (size_t)ifd + 2;
    for (uint16_t i = 0; i < count; i++) {
        size_t at = entries + (size_t)i * 12;
        if (at > len || len - at < 12) {
            return 1;
        }
        uint16_t tag = read16(tiff + at, little);
        if (tag != 0x0112) {
            continue;
        }
        uint16_t type = read16(tiff + at + 2, little);
        uint32_t n = read32(tiff + at + 4, little);
        if (type != 3 || n < 1) { // SHORT
            return 1;
        }
        uint16_t value = read16(tiff + at + 8, little);
        return (value >= 1 && value <= 8) ? (int32_t)value : 1;
    }
    return 1;
}

int32_t cimage_jpeg_exif_orientation(const uint8_t *data, size_t len) {
    if (data == NULL || len < 4 || data[0] != 0xFF || data[1] != 0xD8) {
        return 1;
    }
    size_t pos = 2;
    while (pos + 4 <= len) {
        if (data[pos] != 0xFF) {
            return 1;
        }
        uint8_t marker = data[pos + 1];
        if (marker == 0xFF) { // fill byte
            pos++;
            continue;
        }
        if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: no more headers
            return 1;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without length
            pos += 2;
            continue;
        }
        size_t seglen = ((size_t)data[pos + 2] << 8) | data[pos + 3];
        if (seglen < 2 || pos + 2 + seglen > len) {
            return 1;
        }
        const uint8_t *payload = data + pos + 4;
        size_t payload_len = seglen - 2;
        if (marker == 0xE1 && payload_len >= 6 && memcmp(payload, "Exif\0\0", 6) == 0) {
            return orientation_from_tiff(payload + 6, payload_len - 6);
        }
        pos += 2 + seglen;
    }
    return 1;
}
