// Raster tiles under a map (see map_tiles.h): which tiles a view needs, loading them through
// the platform seam, a least-recently-seen cache, and drawing them with the map piece.
#include "widgets/app/map_tiles.h"

#include "widgets/app/map.h"
#include "widgets/app/platform.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace quartier {

bool ValidTileTemplate(const std::string& t) {
    const bool origin = t.rfind("https://", 0) == 0 || t.rfind("http://", 0) == 0 ||
                        (t.rfind("/", 0) == 0 && t.rfind("//", 0) != 0);
    return origin && t.find("{z}") != std::string::npos && t.find("{x}") != std::string::npos &&
           t.find("{y}") != std::string::npos && t.find_first_of(" \"'<>\\") == std::string::npos;
}

std::string TileUrl(const std::string& url_template, TileKey k) {
    std::string out = url_template;
    const std::pair<const char*, int> parts[] = {{"{z}", k.z}, {"{x}", k.x}, {"{y}", k.y}};
    for (const auto& [name, value] : parts)
        for (std::size_t at = out.find(name); at != std::string::npos; at = out.find(name, at))
            out.replace(at, 3, std::to_string(value));
    return out;
}

int TileZoomFor(const MapState& view, int max_zoom) {
    return std::clamp(static_cast<int>(std::lround(view.zoom)), 0, max_zoom);
}

std::vector<TileKey> VisibleTiles(const MapState& view, int max_zoom) {
    const int z = TileZoomFor(view, max_zoom);
    const double n = std::ldexp(1.0, z);
    MercatorPoint lo, hi;
    view.VisibleRect(lo, hi);
    const int last = static_cast<int>(n) - 1;
    const int x0 = std::clamp(static_cast<int>(std::floor(lo.x * n)), 0, last);
    const int x1 = std::clamp(static_cast<int>(std::floor(hi.x * n)), 0, last);
    const int y0 = std::clamp(static_cast<int>(std::floor(lo.y * n)), 0, last);
    const int y1 = std::clamp(static_cast<int>(std::floor(hi.y * n)), 0, last);
    std::vector<TileKey> out;
    if (hi.x <= 0 || lo.x >= 1 || hi.y <= 0 || lo.y >= 1) return out;
    out.reserve(static_cast<std::size_t>((x1 - x0 + 1) * (y1 - y0 + 1)));
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) out.push_back({z, x, y});
    // Centre first: those are what the resident looks at.
    const double cx = view.center.x * n - 0.5, cy = view.center.y * n - 0.5;
    std::sort(out.begin(), out.end(), [cx, cy](const TileKey& a, const TileKey& b) {
        return std::hypot(a.x - cx, a.y - cy) < std::hypot(b.x - cx, b.y - cy);
    });
    return out;
}

TileLayer::~TileLayer() {
    if (m_self) *m_self = nullptr;
    for (const Tile& t : m_tiles) FreeImageTexture(t.texture);
}

bool TileLayer::SetTemplate(const std::string& url_template) {
    const bool ok = url_template.empty() || ValidTileTemplate(url_template);
    const std::string wanted = ok ? url_template : std::string();
    if (wanted == m_template) return ok;
    // Forget everything of the old template; its answers still on their way are dropped.
    if (m_self) *m_self = nullptr;
    m_self.reset();
    for (const Tile& t : m_tiles) FreeImageTexture(t.texture);
    m_tiles.clear();
    m_by_key.clear();
    m_visible.clear();
    m_template = wanted;
    return ok;
}

std::size_t TileLayer::LoadedCount() const {
    return static_cast<std::size_t>(std::count_if(m_tiles.begin(), m_tiles.end(), [](const Tile& t) { return t.texture != 0; }));
}

void TileLayer::Update(const MapState& view) {
    m_visible.clear();
    if (m_template.empty()) return;
    if (!m_self) m_self = std::make_shared<TileLayer*>(this);
    m_visible = VisibleTiles(view);
    // Seen this frame: to the front, in reverse so that the centre ends up first.
    for (auto k = m_visible.rbegin(); k != m_visible.rend(); ++k) {
        const std::uint64_t h = Hash(*k);
        const auto found = m_by_key.find(h);
        if (found != m_by_key.end()) {
            m_tiles.splice(m_tiles.begin(), m_tiles, found->second);
            continue;
        }
        m_tiles.push_front(Tile{*k});
        m_by_key[h] = m_tiles.begin();
    }
    // Ask for the new ones, centre first.
    for (const TileKey& k : m_visible) {
        Tile& t = *m_by_key[Hash(k)];
        if (t.asked) continue;
        t.asked = true;
        const TileKey key = k;
        std::weak_ptr<TileLayer*> self = m_self;
        LoadImageTexture(TileUrl(m_template, key), [self, key](unsigned texture, int, int) {
            const auto layer = self.lock();
            if (!layer || !*layer) {
                FreeImageTexture(texture);
                return;
            }
            TileLayer& l = **layer;
            const auto it = l.m_by_key.find(Hash(key));
            if (it == l.m_by_key.end()) { // forgotten while loading
                FreeImageTexture(texture);
                return;
            }
            if (it->second->texture != 0) { // asked twice (forgotten, then seen again)
                FreeImageTexture(texture);
                return;
            }
            it->second->texture = texture; // 0: failed, not asked again while cached
        });
    }
    Evict();
}

void TileLayer::Evict() {
    while (m_tiles.size() > std::max(m_capacity, m_visible.size())) {
        const Tile& t = m_tiles.back();
        FreeImageTexture(t.texture);
        m_by_key.erase(Hash(t.key));
        m_tiles.pop_back();
    }
}

void TileLayer::Draw() const {
    for (const TileKey& k : m_visible) {
        const auto it = m_by_key.find(Hash(k));
        if (it == m_by_key.end() || it->second->texture == 0) continue;
        const double n = std::ldexp(1.0, k.z);
        MapImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(it->second->texture)),
                 MercatorPoint{k.x / n, k.y / n}, MercatorPoint{(k.x + 1) / n, (k.y + 1) / n});
    }
}

} // namespace quartier
