// Photos: magic bytes, header check, then libvips decodes and re-encodes (see photo.h).
#include "backend/photo.h"

#include "backend/crypto.h"

#include <vips/vips.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace quartier {

namespace {

FieldError Refusal(const char* code, Msg message) { return FieldError{code, "photo", std::move(message)}; }

FieldError Unreadable() {
    return Refusal("photo_unreadable", Msg("Cette image est illisible : le fichier est abîmé ou incomplet. Envoyez-la de nouveau, ou une autre photo."));
}

// libvips, started once for the whole process: no operation cache (every photo is new), one
// worker thread per pipeline (the server's threads already run several uploads at once), and
// only the loaders this file calls (every loader libvips marks untrusted, ImageMagick's among
// them, is blocked; so is every other loader, as a second fence behind the magic bytes).
void StartVips() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (VIPS_INIT("quartier-server") != 0) throw std::runtime_error("libvips could not start");
        vips_cache_set_max(0);
        vips_cache_set_max_mem(0);
        vips_concurrency_set(1);
        vips_block_untrusted_set(TRUE);
        // A damaged upload is refused in words (Unreadable); libvips's own warnings about its
        // tiles would only fill the server's log.
        g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
        vips_operation_block_set("VipsForeignLoad", TRUE);
        vips_operation_block_set("VipsForeignLoadJpegBuffer", FALSE);
        vips_operation_block_set("VipsForeignLoadPngBuffer", FALSE);
        vips_operation_block_set("VipsForeignLoadWebpBuffer", FALSE);
    });
}

// One reference to a VipsImage, dropped at scope's end.
struct Unref {
    void operator()(VipsImage* im) const { g_object_unref(im); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

// A pipeline step's result, or null when libvips failed (its error buffer cleared).
template <class F> Image Step(F&& f) {
    VipsImage* out = nullptr;
    if (f(&out) != 0) {
        if (out) g_object_unref(out);
        vips_error_clear();
        return nullptr;
    }
    return Image(out);
}

// The image as 8-bit sRGB without alpha (a transparent PNG on white), ready for JPEG.
Image Saveable(VipsImage* in) {
    Image im = Step([&](VipsImage** o) { return vips_colourspace(in, o, VIPS_INTERPRETATION_sRGB, nullptr); });
    if (!im) return nullptr;
    if (vips_image_hasalpha(im.get())) {
        VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
        im = Step([&](VipsImage** o) { return vips_flatten(im.get(), o, "background", white, nullptr); });
        vips_area_unref(VIPS_AREA(white));
        if (!im) return nullptr;
    }
    return Step([&](VipsImage** o) { return vips_cast_uchar(im.get(), o, nullptr); });
}

// Encodes im as JPEG from its pixels only (strip: no EXIF, XMP, IPTC, ICC or comment).
std::optional<std::string> EncodeJpeg(VipsImage* im) {
    void* buf = nullptr;
    size_t len = 0;
    if (vips_jpegsave_buffer(im, &buf, &len, "Q", 82, "strip", TRUE, "optimize_coding", TRUE, "interlace", TRUE, nullptr) != 0) {
        vips_error_clear();
        return std::nullopt;
    }
    std::string bytes(static_cast<const char*>(buf), len);
    g_free(buf);
    return bytes;
}

} // namespace

PhotoFormat SniffPhoto(std::string_view b) {
    auto starts = [&](std::size_t at, std::string_view magic) { return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic; };
    if (starts(0, "\xFF\xD8\xFF")) return PhotoFormat::Jpeg;
    if (starts(0, "\x89PNG\r\n\x1A\n")) return PhotoFormat::Png;
    if (starts(0, "RIFF") && starts(8, "WEBP")) return PhotoFormat::Webp;
    return PhotoFormat::Unknown;
}

std::optional<FieldError> ProcessPhoto(std::string_view bytes, ProcessedPhoto& out) {
    out = {};
    if (bytes.empty())
        return Refusal("photo_empty", Msg("Le fichier est vide : choisissez une photo."));
    if (bytes.size() > PhotoLimits::kMaxBytes)
        return Refusal("photo_too_large", Msg("Cette photo dépasse 10 Mo : envoyez-en une plus légère (votre téléphone peut la partager en taille réduite)."));
    const PhotoFormat format = SniffPhoto(bytes);
    if (format == PhotoFormat::Unknown)
        return Refusal("not_an_image", Msg("Ce fichier n’est pas une photo : envoyez une image JPEG, PNG ou WebP."));
    StartVips();
    // libvips reads the buffer in place, without copying; nothing writes to it.
    void* data = const_cast<char*>(bytes.data());
    // The header only (loading is lazy): the picture's size before any pixel is decoded.
    // fail_on=error: a damaged or truncated file is refused rather than shown half grey.
    Image src = Step([&](VipsImage** o) {
        switch (format) {
        case PhotoFormat::Jpeg: return vips_jpegload_buffer(data, bytes.size(), o, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
        case PhotoFormat::Png: return vips_pngload_buffer(data, bytes.size(), o, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
        default: return vips_webpload_buffer(data, bytes.size(), o, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
        }
    });
    if (!src) return Unreadable();
    const int w = vips_image_get_width(src.get()), h = vips_image_get_height(src.get());
    if (w < 1 || h < 1 || w > PhotoLimits::kMaxSide || h > PhotoLimits::kMaxSide ||
        static_cast<std::int64_t>(w) * h > PhotoLimits::kMaxPixels)
        return Refusal("photo_too_many_pixels",
                       Msg("Cette image est trop grande ({} × {} pixels ; 50 millions au plus) : envoyez-la en taille réduite.", w, h));
    // Upright by its EXIF orientation, then the largest variant from the whole picture (kept
    // in memory: at most 1600 × 1600), the smaller ones from it.
    Image upright = Step([&](VipsImage** o) { return vips_autorot(src.get(), o, nullptr); });
    if (!upright) return Unreadable();
    const int largest = PhotoLimits::kBoxes[std::size(PhotoLimits::kBoxes) - 1];
    Image big = Step([&](VipsImage** o) { return vips_thumbnail_image(upright.get(), o, largest, "height", largest, "size", VIPS_SIZE_DOWN, "no_rotate", TRUE,
                                    "export_profile", "srgb", nullptr); // colours of an embedded profile (a phone's P3) kept
    });
    if (!big) return Unreadable();
    Image ready = Saveable(big.get());
    if (!ready) return Unreadable();
    Image pixels = Step([&](VipsImage** o) {
        *o = vips_image_copy_memory(ready.get()); // decodes the file: its errors surface here
        return *o ? 0 : -1;
    });
    if (!pixels) return Unreadable();
    const int pw = vips_image_get_width(pixels.get()), ph = vips_image_get_height(pixels.get());
    for (int box : PhotoLimits::kBoxes) {
        const bool last = box == largest || std::max(pw, ph) <= box;
        Image v = Step([&](VipsImage** o) {
            if (last) return vips_copy(pixels.get(), o, nullptr);
            return vips_thumbnail_image(pixels.get(), o, box, "height", box, "size", VIPS_SIZE_DOWN, "no_rotate", TRUE, nullptr);
        });
        if (!v) return Unreadable();
        auto jpeg = EncodeJpeg(v.get());
        if (!jpeg) return Unreadable();
        out.variants.push_back({box, vips_image_get_width(v.get()), vips_image_get_height(v.get()), std::move(*jpeg)});
        if (last) break; // never upscaled: a picture smaller than a box has no variant above it
    }
    out.width = out.variants.back().width;
    out.height = out.variants.back().height;
    out.hash = Sha256Hex(out.variants.back().jpeg);
    return std::nullopt;
}

} // namespace quartier
