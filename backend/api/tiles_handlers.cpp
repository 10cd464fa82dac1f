// Base-map tiles from the operator's MBTiles files (backend/store/tile_sets.h): a tile, and
// its set's TileJSON (what a commune copies into data-tiles and data-tiles-attribution).
#include "backend/routes.h"

#include <string>

namespace quartier {

namespace {

[[noreturn]] void FailNoTileSet() {
    FailNotFound(Msg("Ce fond de carte n’existe pas sur ce serveur."));
}

} // namespace

Response HandleTile(AppContext& app, const Request& req) {
    const std::string& name = req.path_params.at(0);
    const int z = std::stoi(req.path_params.at(1)), x = std::stoi(req.path_params.at(2)),
              y = std::stoi(req.path_params.at(3));
    auto tile = app.tiles.Get(name, z, x, y);
    if (!tile) {
        if (!app.tiles.Metadata(name)) FailNoTileSet();
        // Outside the set's area or zooms: the map shows its plain background there.
        FailNotFound(Msg("Ce fond de carte n’a pas de tuile ici."));
    }
    Response r;
    r.content_type = tile->content_type;
    r.body = std::move(tile->bytes);
    r.headers["Cache-Control"] = "public, max-age=86400";
    r.headers["Access-Control-Allow-Origin"] = "*"; // tiles become WebGL textures on any commune's site
    return r;
}

Response HandleTileJson(AppContext& app, const Request& req) {
    const std::string& name = req.path_params.at(0);
    const auto meta = app.tiles.Metadata(name);
    if (!meta) FailNoTileSet();
    const auto number = [&](const char* key, int fallback) {
        try {
            return meta->contains(key) ? std::stoi(meta->at(key).get<std::string>()) : fallback;
        } catch (...) {
            return fallback;
        }
    };
    const std::string format = meta->value("format", "png");
    nlohmann::json j{{"tilejson", "3.0.0"},
                     {"name", meta->value("name", name)},
                     {"attribution", meta->value("attribution", "")},
                     {"minzoom", number("minzoom", 0)},
                     {"maxzoom", number("maxzoom", 22)},
                     {"tiles", {"/tiles/" + name + "/{z}/{x}/{y}." + (format == "jpeg" ? "jpg" : format)}}};
    if (meta->contains("bounds")) j["bounds_text"] = meta->at("bounds");
    Response r = JsonResponse(200, j);
    r.headers["Access-Control-Allow-Origin"] = "*";
    return r;
}

} // namespace quartier
