// A proposal's photos in a widget: the server's "photos" (each re-encoded without metadata,
// photo_handlers.cpp) read from its JSON, and a row of thumbnails (the 320 px size) drawn with
// their descriptions kept for the accessibility mirror. The browser decodes them (an <img>
// uploaded to a WebGL texture, platform seam LoadImageTexture): no image code in the wasm.
// One function for the map's card and the proposals widget alike.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace quartier {

struct PhotoThumb {
    std::string url; // absolute: the API's base + the thumbnail's path
    std::string alt; // "" when its author gave none
    int width = 0, height = 0;
};

// The photos of a proposal's JSON (its "photos"), their thumbnails' addresses under base_url.
std::vector<PhotoThumb> PhotosOf(const nlohmann::json& proposal, const std::string& base_url);

// Draws the thumbnails in a row, 72 CSS pixels high, each loaded once and kept (a few dozen at
// most); a grey box until it arrives. Hovering one shows its description.
void DrawPhotoStrip(const std::vector<PhotoThumb>& photos);

// What the mirror says for each photo ("Photo : le banc cassé").
std::vector<std::string> PhotoTexts(const std::vector<PhotoThumb>& photos, const std::string& lang);

} // namespace quartier
