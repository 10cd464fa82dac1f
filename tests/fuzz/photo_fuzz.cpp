// Fuzzes the photo upload path (backend/photo.cpp) with arbitrary bytes: the size and magic
// checks, the header's pixel limit, libvips's decoding and the re-encoding, as the server runs
// them. Never a crash or a sanitizer report; always a verdict: a refusal in both languages,
// or JPEG variants without metadata, each fitting its box and none larger than the last.
// Debian's libvips and its codecs are not instrumented: ASan sees their use of our buffer,
// libFuzzer's coverage only our side (the seeds in photo_seeds/ reach every format).
#include "backend/photo.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace quartier;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    ProcessedPhoto out;
    const auto e = ProcessPhoto(std::string_view(reinterpret_cast<const char*>(data), size), out);
    if (e) {
        if (e->code.empty() || e->Message("en").empty() || e->Message("fr").empty() || !out.variants.empty()) std::abort();
        return 0;
    }
    if (out.variants.empty() || out.hash.size() != 64) std::abort();
    int last = 0;
    for (const auto& v : out.variants) {
        if (SniffPhoto(v.jpeg) != PhotoFormat::Jpeg || v.width < 1 || v.height < 1 || v.width > v.box ||
            v.height > v.box || v.width < last)
            std::abort();
        if (v.jpeg.find("Exif") != std::string::npos) std::abort();
        last = v.width;
    }
    return 0;
}
