// Photos sent by residents and staff, made safe to store and serve: the bytes are checked
// (size, then magic bytes: JPEG, PNG or WebP only), the header read for the picture's size
// (decompression bombs are refused before any pixel is decoded), then libvips (Debian's
// libvips) decodes them, turns them upright by their EXIF orientation and encodes new JPEGs
// from the pixels alone at a few sizes, never upscaled. Nothing of the sent file survives
// but its pixels: no EXIF (camera GPS position above all), no XMP, no ICC profile, no
// comments. The upload path: a fuzz target (tests/fuzz/photo_fuzz.cpp) runs this very code.
#pragma once

#include "shared/error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quartier {

struct PhotoLimits {
    static constexpr std::size_t kMaxBytes = 10u << 20;           // a sent file
    static constexpr std::int64_t kMaxPixels = 50'000'000;        // width × height, from the header
    static constexpr int kMaxSide = 16384;                        // either side, from the header
    static constexpr int kBoxes[] = {320, 800, 1600};             // each variant fits a box this wide and high
    static constexpr int kPerProposal = 4;                        // photos on one proposal
    static constexpr int kPerUpdate = 6;                          // photos on one follow-up update
    static constexpr std::size_t kMaxAlt = 300;                   // description, in characters
};

enum class PhotoFormat { Unknown, Jpeg, Png, Webp };

// The format the bytes start with (magic bytes only: nothing is decoded).
PhotoFormat SniffPhoto(std::string_view bytes);

struct PhotoVariant {
    int box = 0;           // 320, 800, 1600
    int width = 0, height = 0;
    std::string jpeg;      // the encoded bytes, without metadata
};

struct ProcessedPhoto {
    int width = 0, height = 0;          // the largest variant's, upright
    std::string hash;                   // SHA-256 (hex) of the largest variant
    std::vector<PhotoVariant> variants; // smallest first; boxes the picture is smaller than are left out
};

// Checks and re-encodes a sent file. A refusal says why in French and English (codes:
// photo_empty, photo_too_large, not_an_image, photo_too_many_pixels, photo_unreadable).
// Thread-safe; libvips is started on first use, with a small cache and one thread per call.
std::optional<FieldError> ProcessPhoto(std::string_view bytes, ProcessedPhoto& out);

} // namespace quartier
