#include "cimage_internal.h"

#include <gif_lib.h>

typedef struct {
    const uint8_t *data;
    size_t len;
    size_t pos;
} cimage_gif_source;

static int cimage_gif_read(GifFileType *gif, GifByteType *dst, int count) {
    cimage_gif_source *source = (cimage_gif_source *)gif->UserData;
    if (count <= 0) {
        return 0;
    }
    size_t available = source->len - source->pos;
    size_t n = (size_t)count < available ? (size_t)count : available;
    memcpy(dst, source->data + source->pos, n);
    source->pos += n;
    return (int)n;
}

static int32_t cimage_gif_close(GifFileType *gif, cimage_result *out, int32_t status, const char *what) {
    int code = gif->Error;
    int ignored = 0;
    DGifCloseFile(gif, &ignored);
    if (status == CIMAGE_OK) {
        return CIMAGE_OK;
    }
    const char *reason = GifErrorString(code);
    return cimage_fail(out, status, "GIF: %s (%s)", what, reason ? reason : "unknown error");
}

// Decodes the first frame, drawn on the logical screen as a viewer shows it before animating.
int32_t cimage_decode_gif(const uint8_t *data, size_t len, uint64_t max_pixels, cimage_result *out) {
    if (out == NULL) {
        return CIMAGE_ERR_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    out->orientation = 1;
    out->format = CIMAGE_FORMAT_GIF;
    if (data == NULL || len < 13) {
        return cimage_fail(out, CIMAGE_ERR_CORRUPT, "GIF data too short");
    }
    cimage_gif_source source = {data, len, 0};
    int open_error = 0;
    GifFileType *gif = DGifOpen(&source, cimage_gif_read, &open_error);
    if (gif == NULL) {
        const char *reason = GifErrorString(open_error);
        return cimage_fail(out, CIMAGE_ERR_CORRUPT, "GIF: %s", reason ? reason : "cannot open");
    }

    int transparent = -1;
    uint8_t *line = NULL;
    for (;;) {
        GifRecordType record;
        if (DGifGetRecordType(gif, &record) == GIF_ERROR) {
            return cimage_gif_close(gif, out, CIMAGE_ERR_CORRUPT, "bad record");
        }
        if (record == TERMINATE_RECORD_TYPE) {
            return cimage_gif_close(gif, out, CIMAGE_ERR_EMPTY, "no image in file");
        }
        if (record == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType *ext = NULL;
            if (DGifGetExtension(gif, &code, &ext) == GIF_ERROR) {
                return cimage_gif_close(gif, out, CIMAGE_ERR_CORRUPT, "bad extension");
            }
            if (code == GRAPHICS_EXT_FUNC_CODE && ext != NULL && ext[0] >= 4 && (ext[1] & 1)) {
                transparent = ext[4];
            }
            while (ext != NULL) {
                if (DGifGetExtensionNext(gif, &ext) == GIF_ERROR) {
                    return cimage_gif_close(gif, out, CIMAGE_ERR_CORRUPT, "bad extension block");
                }
            }
            continue;
        }
        if (record != IMAGE_DESC_RECORD_TYPE) {
            continue;
        }
        if (DGifGetImageDesc(gif) == GIF_ERROR) {
            return cimage_gif_close(gif, out, CIMAGE_ERR_CORRUPT, "bad image descriptor");
        }
        const GifImageDesc desc = gif->Image;
        if (desc.Width <= 0 || desc.Height <= 0) {
            cimage_check_dimensions(out, 0, 0, max_pixels);
            return cimage_gif_close(gif, out, CIMAGE_ERR_EMPTY, "empty frame");
        }
        uint64_t canvas_w = (uint64_t)gif->SWidth, canvas_h = (uint64_t)gif->SHeight;
        uint64_t left = (uint64_t)(desc.Left < 0 ? 0 : desc.Left), top = (uint64_t)(desc.Top < 0 ? 0 : desc.Top);
        if (canvas_w == 0 || canvas_h == 0 || left + (uint64_t)desc.Width > canvas_w ||
            top + (uint64_t)desc.Height > canvas_h) {
            // A frame outside the declared screen: show the frame alone, as browsers do.
            canvas_w = (uint64_t)desc.Width;
            canvas_h = (uint64_t)desc.Height;
            left = 0;
            top = 0;
        }
        int32_t dims = cimage_check_dimensions(out, canvas_w, canvas_h, max_pixels);
        if (dims != CIMAGE_OK) {
            int ignored = 0;
            DGifCloseFile(gif, &ignored);
            return dims;
        }
        const ColorMapObject *map = desc.ColorMap != NULL ? desc.ColorMap : gif->SColorMap;
        if (map == NULL || map->Colors == NULL || map->ColorCount <= 0) {
            return cimage_gif_close(gif, out, CIMAGE_ERR_CORRUPT, "no colour map");
        }
        out->pixels = cimage_alloc_rgb((uint32_t)canvas_w, (uint32_t)canvas_h);
        line = (uint8_t *)malloc((size_t)desc.Width);
        if (out->pixels == NULL || line == NULL) {
            free(line);
            return cimage_gif_close(gif, out, CIMAGE_ERR_NO_MEMORY, "out of memory");
        }
        GifColorType background = {0, 0, 0};
        if (gif->SColorMap != NULL && gif->SBackGroundColor >= 0 &&
            gif->SBackGroundColor < gif->SColorMap->ColorCount) {
            background = gif->SColorMap->Colors[gif->SBackGroundColor];
        }
        const size_t canvas_pixels = (size_t)canvas_w * (size_t)canvas_h;
        for (size_t i = 0; i < canvas_pixels; i++) {
            out->pixels[i * 3] = background.Red;
            out->pixels[i * 3 + 1] = background.Green;
            out->pixels[i * 3 + 2] = background.Blue;
        }
        static const int interlace_start[4] = {0, 4, 2, 1};
        static const int interlace_step[4] = {8, 8, 4, 2};
        const int passes = desc.Interlace ? 4 : 1;
        for (int pass = 0; pass < passes; pass++) {
            const int start = desc.Interlace ? interlace_start[pass] : 0;
            const int step = desc.Interlace ? interlace_step[pass] : 1;
            for (int y = start; y < desc.Height; y += step) {
                if (DGifGetLine(gif, line, desc.Width) == GIF_ERROR) {
                    free(line);
                    return cimage_gif_close(gif, out, CIMAGE_ERR_CORRUPT, "corrupt or truncated frame");
                }
                uint8_t *dst = out->pixels + (((size_t)top + (size_t)y) * (size_t)canvas_w + (size_t)left) * 3;
                for (int x = 0; x < desc.Width; x++) {
                    const int index = line[x];
                    if (index == transparent || index >= map->ColorCount) {
                        continue;
                    }
                    dst[x * 3] = map->Colors[index].Red;
                    dst[x * 3 + 1] = map->Colors[index].Green;
                    dst[x * 3 + 2] = map->Colors[index].Blue;
                }
            }
        }
        free(line);
        out->width = (uint32_t)canvas_w;
        out->height = (uint32_t)canvas_h;
        return cimage_gif_close(gif, out, CIMAGE_OK, "");
    }
}
