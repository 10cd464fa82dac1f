// Tile sets read from MBTiles files (SQLite, read-only).
#include "backend/store/tile_sets.h"

#include <sqlite3.h>
#include <sys/stat.h>

namespace quartier {

struct TileSets::Set {
    sqlite3* db = nullptr;
    sqlite3_stmt* tile = nullptr;
    std::string content_type = "image/png";
    nlohmann::json metadata = nlohmann::json::object();
    ~Set() {
        if (tile) sqlite3_finalize(tile);
        if (db) sqlite3_close(db);
    }
};

bool ValidTileSetName(const std::string& name) {
    if (name.empty() || name.size() > 63) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

TileSets::TileSets(std::string dir) : m_dir(std::move(dir)) {}
TileSets::~TileSets() = default;

TileSets::Set* TileSets::Open(const std::string& name) {
    if (!Enabled() || !ValidTileSetName(name)) return nullptr;
    if (auto it = m_sets.find(name); it != m_sets.end()) return it->second.get();
    const std::string path = m_dir + "/" + name + ".mbtiles";
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
    auto set = std::make_unique<Set>();
    if (sqlite3_open_v2(path.c_str(), &set->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        return nullptr;
    if (sqlite3_prepare_v2(set->db,
                           "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                           -1, &set->tile, nullptr) != SQLITE_OK)
        return nullptr;
    sqlite3_stmt* meta = nullptr;
    if (sqlite3_prepare_v2(set->db, "SELECT name, value FROM metadata", -1, &meta, nullptr) == SQLITE_OK) {
        while (sqlite3_step(meta) == SQLITE_ROW) {
            const auto* k = reinterpret_cast<const char*>(sqlite3_column_text(meta, 0));
            const auto* v = reinterpret_cast<const char*>(sqlite3_column_text(meta, 1));
            if (k && v) set->metadata[k] = v;
        }
        sqlite3_finalize(meta);
    }
    const std::string format = set->metadata.value("format", "png");
    if (format == "jpg" || format == "jpeg") set->content_type = "image/jpeg";
    else if (format == "webp") set->content_type = "image/webp";
    else if (format != "png") return nullptr; // vector tiles (pbf): the map draws raster tiles only
    return (m_sets[name] = std::move(set)).get();
}

std::optional<Tile> TileSets::Get(const std::string& name, int z, int x, int y) {
    if (z < 0 || z > 24 || x < 0 || y < 0 || x >= (1 << z) || y >= (1 << z)) return std::nullopt;
    std::lock_guard<std::mutex> lock(m_mutex);
    Set* set = Open(name);
    if (!set) return std::nullopt;
    sqlite3_reset(set->tile);
    sqlite3_bind_int(set->tile, 1, z);
    sqlite3_bind_int(set->tile, 2, x);
    sqlite3_bind_int(set->tile, 3, (1 << z) - 1 - y); // MBTiles rows count from the south (TMS)
    if (sqlite3_step(set->tile) != SQLITE_ROW) return std::nullopt;
    const auto* data = static_cast<const char*>(sqlite3_column_blob(set->tile, 0));
    const int size = sqlite3_column_bytes(set->tile, 0);
    Tile t{std::string(data ? data : "", data ? static_cast<size_t>(size) : 0), set->content_type};
    sqlite3_reset(set->tile);
    return t;
}

std::optional<nlohmann::json> TileSets::Metadata(const std::string& name) {
    std::lock_guard<std::mutex> lock(m_mutex);
    Set* set = Open(name);
    if (!set) return std::nullopt;
    return set->metadata;
}

} // namespace quartier
