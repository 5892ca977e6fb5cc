#include "anju_photo.h"
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <vips/vips.h>

static pthread_once_t started = PTHREAD_ONCE_INIT;
static int start_status = -1;
static __thread char last_error[512];
/* Whether the last failure was bytes in a format Anju does not take, not a broken photo. */
static __thread int last_refused;

/* libvips' warnings went to stderr as they were, with no file or line, and are dropped: the
   one that meant a broken photo (a file cut short) fails the load (fail_on=truncated below),
   an error Anju reports at the line using the photo. */
static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}

static void start_once(void) {
    if (VIPS_INIT("anju")) return;
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, quiet, NULL);
    /* Editors' files are untrusted: only the four loaders below, no fallback to ImageMagick
       or other loaders libvips marks untrusted. No operation cache: every photo is seen once. */
    vips_block_untrusted_set(TRUE);
    vips_cache_set_max(0);
    vips_concurrency_set(1);
    start_status = 0;
}

int anju_photo_start(void) {
    pthread_once(&started, start_once);
    return start_status;
}

static void keep_error(const char *fallback) {
    const char *message = vips_error_buffer();
    snprintf(last_error, sizeof last_error, "%s", message && *message ? message : fallback);
    size_t n = strlen(last_error);
    while (n > 0 && (last_error[n - 1] == '\n' || last_error[n - 1] == ' ')) last_error[--n] = 0;
    vips_error_clear();
}

const char *anju_photo_last_error(void) { return last_error; }

int anju_photo_last_refused(void) { return last_refused; }

void anju_photo_free(void *pointer) { g_free(pointer); }

/* The loader for these bytes, if it is one Anju accepts. */
static const char *accepted_format(const void *bytes, size_t length) {
    const char *loader = vips_foreign_find_load_buffer(bytes, length);
    if (!loader) return NULL;
    if (!strcmp(loader, "VipsForeignLoadJpegBuffer")) return "jpeg";
    if (!strcmp(loader, "VipsForeignLoadPngBuffer")) return "png";
    if (!strcmp(loader, "VipsForeignLoadWebpBuffer")) return "webp";
    if (!strcmp(loader, "VipsForeignLoadHeifBuffer")) return "heif";
    return NULL;
}

static int has_field_prefix(VipsImage *image, const char *prefix) {
    gchar **names = vips_image_get_fields(image);
    int found = 0;
    for (int i = 0; names[i]; i++) {
        if (!strncmp(names[i], prefix, strlen(prefix))) { found = 1; break; }
    }
    g_strfreev(names);
    return found;
}

/* Does an XMP packet name a GPS position? */
static int xmp_has_gps(VipsImage *image) {
    if (vips_image_get_typeof(image, VIPS_META_XMP_NAME) == 0) return 0;
    const void *data;
    size_t length;
    if (vips_image_get_blob(image, VIPS_META_XMP_NAME, &data, &length)) return 0;
    const char *needle = "GPSLatitude";
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= length; i++) {
        if (!memcmp((const char *)data + i, needle, n)) return 1;
    }
    return 0;
}

int anju_photo_probe(const void *bytes, size_t length, anju_photo_header *header) {
    last_error[0] = 0;
    last_refused = 0;
    if (anju_photo_start()) { keep_error("libvips did not start"); return -1; }
    const char *format = accepted_format(bytes, length);
    if (!format) {
        vips_error_clear();
        last_refused = 1;
        snprintf(last_error, sizeof last_error, "not a JPEG, PNG, WebP or HEIC image");
        return -1;
    }
    VipsImage *image = vips_image_new_from_buffer(bytes, length, "", NULL);
    if (!image) { keep_error("the image cannot be read"); return -1; }
    memset(header, 0, sizeof *header);
    header->width = vips_image_get_width(image);
    header->height = vips_image_get_height(image);
    header->orientation = vips_image_get_orientation(image);
    header->has_alpha = vips_image_hasalpha(image);
    header->has_gps = has_field_prefix(image, "exif-ifd3-GPSLatitude") || xmp_has_gps(image);
    header->has_metadata = vips_image_get_typeof(image, VIPS_META_EXIF_NAME) != 0
        || vips_image_get_typeof(image, VIPS_META_XMP_NAME) != 0
        || vips_image_get_typeof(image, VIPS_META_IPTC_NAME) != 0;
    snprintf(header->format, sizeof header->format, "%s", format);
    g_object_unref(image);
    return 0;
}

/* Nothing of the source's metadata goes on: encoders differ in what "strip" drops
   (libvips 8.14 still writes an EXIF chunk into WebP), so the fields themselves go. The
   orientation is in the pixels now; the colours are sRGB, which browsers assume. */
static void drop_metadata(VipsImage *image) {
    gchar **names = vips_image_get_fields(image);
    for (int i = 0; names[i]; i++) {
        const char *n = names[i];
        if (!strncmp(n, "exif-", 5) || !strncmp(n, "xmp-", 4) || !strncmp(n, "iptc-", 5) || !strncmp(n, "icc-", 4)
            || !strcmp(n, "orientation") || !strncmp(n, "heif-", 5) || !strncmp(n, "png-comment", 11)
            || !strcmp(n, "gif-comment") || !strncmp(n, "jpeg-", 5))
            vips_image_remove(image, n);
    }
    g_strfreev(names);
}

struct anju_photo_picture { VipsImage *image; };

/* A shrunk image decoded into memory (once, not once per encoding) without its metadata;
   takes the reference to `thumb`. */
static anju_photo_picture *picture_of(VipsImage *thumb, const char *failure) {
    VipsImage *decoded = vips_image_copy_memory(thumb);
    g_object_unref(thumb);
    if (!decoded) { keep_error(failure); return NULL; }
    drop_metadata(decoded);
    anju_photo_picture *picture = g_new0(anju_photo_picture, 1);
    picture->image = decoded;
    return picture;
}

anju_photo_picture *anju_photo_shrink(const void *bytes, size_t length, int width) {
    last_error[0] = 0;
    last_refused = 0;
    if (anju_photo_start()) { keep_error("libvips did not start"); return NULL; }
    if (!accepted_format(bytes, length)) {
        vips_error_clear();
        last_refused = 1;
        snprintf(last_error, sizeof last_error, "not a JPEG, PNG, WebP or HEIC image");
        return NULL;
    }
    /* Shrink-on-load keeps memory near the target size; the EXIF orientation is applied to
       the pixels, and colours are turned into sRGB before the profile is dropped. A file cut
       short (an upload interrupted) is an error: decoded, it was published mostly grey. */
    VipsImage *thumb = NULL;
    if (vips_thumbnail_buffer((void *)bytes, length, &thumb, width,
                              "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                              "export_profile", "srgb", "option_string", "fail_on=truncated", NULL)) {
        keep_error("the image cannot be decoded");
        return NULL;
    }
    return picture_of(thumb, "the image cannot be decoded");
}

anju_photo_picture *anju_photo_shrink_picture(const anju_photo_picture *larger, int width) {
    last_error[0] = 0;
    VipsImage *thumb = NULL;
    if (vips_thumbnail_image(larger->image, &thumb, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) {
        keep_error("the image cannot be resized");
        return NULL;
    }
    return picture_of(thumb, "the image cannot be resized");
}

int anju_photo_width(const anju_photo_picture *picture) { return vips_image_get_width(picture->image); }
int anju_photo_height(const anju_photo_picture *picture) { return vips_image_get_height(picture->image); }

int anju_photo_encode(const anju_photo_picture *picture, int format, int quality, void **out, size_t *out_length) {
    last_error[0] = 0;
    *out = NULL;
    *out_length = 0;
    VipsImage *image = picture->image;
    int status;
    switch (format) {
    case ANJU_PHOTO_WEBP:
        status = vips_webpsave_buffer(image, out, out_length, "Q", quality, "strip", TRUE, "effort", 4, NULL);
        break;
    case ANJU_PHOTO_JPEG:
        status = vips_jpegsave_buffer(image, out, out_length, "Q", quality, "strip", TRUE,
                                      "optimize_coding", TRUE, "interlace", TRUE, NULL);
        break;
    default:
        status = vips_pngsave_buffer(image, out, out_length, "strip", TRUE, "compression", 9, NULL);
        break;
    }
    if (status) { keep_error("the image cannot be saved"); return -1; }
    return 0;
}

void anju_photo_release(anju_photo_picture *picture) {
    if (!picture) return;
    g_object_unref(picture->image);
    g_free(picture);
}
