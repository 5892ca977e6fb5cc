#ifndef ANJU_PHOTO_H
#define ANJU_PHOTO_H
#include <stddef.h>

/* A photo's header, read without decoding its pixels. */
typedef struct {
    int width;          /* as stored, before the EXIF orientation is applied */
    int height;
    int orientation;    /* EXIF 1..8; 1 when absent */
    int has_alpha;
    int has_gps;        /* EXIF GPS position or XMP exif:GPS* fields */
    int has_metadata;   /* any EXIF, XMP or IPTC block */
    char format[8];     /* "jpeg", "png", "webp", "heif" */
} anju_photo_header;

/* The encodings a variant is saved in. */
enum { ANJU_PHOTO_WEBP = 0, ANJU_PHOTO_JPEG = 1, ANJU_PHOTO_PNG = 2 };

/* Starts libvips once; 0 on success. */
int anju_photo_start(void);

/* Reads the header of an image held in memory. 0 on success; otherwise the reason is in
   anju_photo_last_error(). Formats other than JPEG, PNG, WebP and HEIF are refused. */
int anju_photo_probe(const void *bytes, size_t length, anju_photo_header *header);

/* A photo shrunk to one width, decoded into memory, to be saved in several encodings. */
typedef struct anju_photo_picture anju_photo_picture;

/* Shrinks the image to `width` pixels wide (never enlarging) and turns it upright. The
   result is released with anju_photo_release; NULL on failure. */
anju_photo_picture *anju_photo_shrink(const void *bytes, size_t length, int width);

/* A smaller copy of a shrunk picture, made from its pixels in memory rather than from the
   source file again. */
anju_photo_picture *anju_photo_shrink_picture(const anju_photo_picture *larger, int width);

/* The upright size of a shrunk picture. */
int anju_photo_width(const anju_photo_picture *picture);
int anju_photo_height(const anju_photo_picture *picture);

/* Saves the picture as `format` at `quality` (ignored for PNG) with no metadata at all.
   *out is freed with anju_photo_free. 0 on success. */
int anju_photo_encode(const anju_photo_picture *picture, int format, int quality, void **out, size_t *out_length);

void anju_photo_release(anju_photo_picture *picture);

void anju_photo_free(void *pointer);

/* The last error on this thread, or "" (a static buffer until the next call). */
const char *anju_photo_last_error(void);
/* 1 when the last failure was a format Anju does not take (the bytes are no photo). */
int anju_photo_last_refused(void);

#endif
