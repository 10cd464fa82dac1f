// A proposal's photos as thumbnails (see photo_strip.h).
#include "widgets/app/photo_strip.h"

#include "shared/i18n.h"
#include "shared/json_read.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"

#include <imgui.h>

#include <cstdint>
#include <map>

namespace quartier {

namespace {

// Thumbnails loaded so far, by address; the least recently drawn go past kKept.
struct Loaded {
    unsigned texture = 0;
    int width = 0, height = 0;
    bool failed = false;
    int last_frame = 0;
};
std::map<std::string, Loaded> g_loaded;
constexpr std::size_t kKept = 48;

Loaded& Thumbnail(const std::string& url) {
    const int frame = ImGui::GetFrameCount();
    auto it = g_loaded.find(url);
    if (it == g_loaded.end()) {
        if (g_loaded.size() >= kKept) { // forget the least recently drawn
            auto oldest = g_loaded.begin();
            for (auto j = g_loaded.begin(); j != g_loaded.end(); ++j)
                if (j->second.last_frame < oldest->second.last_frame) oldest = j;
            FreeImageTexture(oldest->second.texture);
            g_loaded.erase(oldest);
        }
        it = g_loaded.emplace(url, Loaded{}).first;
        LoadImageTexture(url, [url](unsigned texture, int width, int height) {
            auto found = g_loaded.find(url);
            if (found == g_loaded.end()) return FreeImageTexture(texture);
            found->second.texture = texture;
            found->second.width = width;
            found->second.height = height;
            found->second.failed = texture == 0;
            RequestFrames();
        });
    }
    it->second.last_frame = frame;
    return it->second;
}

} // namespace

std::vector<PhotoThumb> PhotosOf(const nlohmann::json& proposal, const std::string& base_url) {
    std::vector<PhotoThumb> out;
    const auto& photos = JsonOr(proposal, "photos", nlohmann::json());
    if (!photos.is_array()) return out;
    for (const auto& p : photos) {
        const std::string path = JsonOr(p, "thumbnail", "");
        if (path.empty() || path[0] != '/') continue; // this server's own addresses only
        PhotoThumb t;
        t.url = base_url + path;
        t.alt = JsonOr(p, "alt", "");
        // The thumbnail's own size: the first (smallest) of its sizes.
        const auto& sizes = JsonOr(p, "sizes", nlohmann::json());
        const auto& first = sizes.is_array() && !sizes.empty() ? sizes[0] : p;
        t.width = JsonOr(first, "width", 0);
        t.height = JsonOr(first, "height", 0);
        out.push_back(std::move(t));
    }
    return out;
}

void DrawPhotoStrip(const std::vector<PhotoThumb>& photos) {
    if (photos.empty()) return;
    const float h = 72.0f * UiScale();
    const float right = ImGui::GetContentRegionAvail().x + ImGui::GetCursorPosX();
    for (std::size_t i = 0; i < photos.size(); ++i) {
        const PhotoThumb& p = photos[i];
        const float w = p.width > 0 && p.height > 0 ? std::min(h * p.width / p.height, h * 2.0f) : h;
        if (i > 0) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        const Loaded& t = Thumbnail(p.url);
        ImGui::PushID(static_cast<int>(i));
        if (t.texture)
            ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(t.texture)), ImVec2(w, h));
        else
            ImGui::Dummy(ImVec2(w, h));
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        if (!t.texture) ImGui::GetWindowDrawList()->AddRectFilled(a, b, IM_COL32(0xE6, 0xE6, 0xE6, 0xFF), 4.0f * UiScale());
        if (!p.alt.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.alt.c_str());
        ImGui::PopID();
    }
}

std::vector<std::string> PhotoTexts(const std::vector<PhotoThumb>& photos, const std::string& lang) {
    std::vector<std::string> out;
    for (const auto& p : photos)
        out.push_back(p.alt.empty() ? std::string(Tr(lang, "Photo sans description")) : Fill(Tr(lang, "Photo : {}"), p.alt));
    return out;
}

} // namespace quartier
