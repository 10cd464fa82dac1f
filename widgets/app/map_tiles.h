// Optional raster tiles under a map, from a tile server the municipality runs or chose
// (a URL template such as "https://tiles.example.fr/{z}/{x}/{y}.png", given by the host page
// with data-tiles). Off by default: without a template nothing is ever requested, and no
// public tile server is built in. Only the tiles of the current zoom that touch the visible
// area are requested, through the platform seam (LoadImageTexture), and a bounded number
// are kept, the least recently seen forgotten first.
#pragma once

#include "widgets/app/map_viewport.h"

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace quartier {

struct TileKey {
    int z = 0, x = 0, y = 0;
    bool operator==(const TileKey& o) const { return z == o.z && x == o.x && y == o.y; }
};

// The template is usable: http(s):// or a path from the site's root, with {z}, {x} and {y}.
bool ValidTileTemplate(const std::string& url_template);
// The template with {z}, {x} and {y} filled in.
std::string TileUrl(const std::string& url_template, TileKey key);
// The tile zoom for a view (the nearest whole level, within 0..max_zoom) and the tiles of
// that level touching the visible area, centre first (those load first).
int TileZoomFor(const MapState& view, int max_zoom = 19);
std::vector<TileKey> VisibleTiles(const MapState& view, int max_zoom = 19);

class TileLayer {
public:
    explicit TileLayer(std::size_t capacity = 96) : m_capacity(capacity) {}
    ~TileLayer();
    TileLayer(const TileLayer&) = delete;
    TileLayer& operator=(const TileLayer&) = delete;

    // "" turns tiles off. An unusable template is refused (false) and turns them off.
    bool SetTemplate(const std::string& url_template);
    bool Enabled() const { return !m_template.empty(); }
    const std::string& Template() const { return m_template; }

    // Requests the visible tiles not yet loaded or loading; forgets the least recently seen
    // beyond the capacity (their textures freed). Call once a frame after the view is set.
    void Update(const MapState& view);
    // Draws the loaded visible tiles into the current map (between BeginMap and MapShapes).
    void Draw() const;

    std::size_t Capacity() const { return m_capacity; }
    std::size_t CachedCount() const { return m_tiles.size(); } // loaded or loading
    std::size_t LoadedCount() const;

private:
    struct Tile {
        TileKey key;
        unsigned texture = 0; // 0 while loading or when it failed
        bool asked = false;   // requested (loading, loaded or failed)
    };
    static std::uint64_t Hash(TileKey k) {
        return (static_cast<std::uint64_t>(k.z) << 58) ^ (static_cast<std::uint64_t>(k.x) << 29) ^
               static_cast<std::uint64_t>(k.y);
    }
    void Evict();

    std::string m_template;
    std::size_t m_capacity;
    std::list<Tile> m_tiles; // most recently seen first
    std::unordered_map<std::uint64_t, std::list<Tile>::iterator> m_by_key;
    std::vector<TileKey> m_visible;
    // Shared with in-flight callbacks, which may outlive this layer or its template: they
    // check it still points to the layer before touching it.
    std::shared_ptr<TileLayer*> m_self;
};

} // namespace quartier
