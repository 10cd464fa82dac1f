// Base-map tiles from MBTiles files the operator owns (issue 15, "a base map without a third
// party"): every NAME.mbtiles in the folder given with --tiles is a tile set, served at
// /tiles/NAME/{z}/{x}/{y}.png (and its TileJSON at /tiles/NAME.json), so that the map widget
// draws a base map through its data-tiles support and no resident's browser ever contacts a
// tile provider. MBTiles is an SQLite file (tiles in TMS rows, metadata name/value pairs):
// read-only connections, one per set, opened on first use.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

struct sqlite3;

namespace quartier {

struct Tile {
    std::string bytes;
    std::string content_type; // image/png, image/jpeg, image/webp
};

class TileSets {
public:
    explicit TileSets(std::string dir); // "" : no tiles
    ~TileSets();
    TileSets(const TileSets&) = delete;
    TileSets& operator=(const TileSets&) = delete;

    bool Enabled() const { return !m_dir.empty(); }
    // The tile at z/x/y (XYZ numbering, y from the north), nullopt when the set or the tile
    // does not exist.
    std::optional<Tile> Get(const std::string& name, int z, int x, int y);
    // The set's metadata: {name, format, attribution, minzoom, maxzoom, bounds, center}, as
    // the file says; nullopt when the set does not exist.
    std::optional<nlohmann::json> Metadata(const std::string& name);

private:
    struct Set;
    Set* Open(const std::string& name); // under m_mutex
    std::string m_dir;
    std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Set>> m_sets;
};

// Is name a tile set's name as URLs carry it (lower-case letters, digits, - and _)?
bool ValidTileSetName(const std::string& name);

} // namespace quartier
