// Base maps from the operator's MBTiles files: a tile by its XYZ address (MBTiles rows count
// from the south), the set's TileJSON, and refusals in words for what is not there.
#include "backend/api_fixture.h"
#include "backend/test_server.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace quartier;
using namespace quartier::testing;

namespace {

// An MBTiles file with two tiles at zoom 2: (x 1, y 0 from the north) and (x 2, y 3).
void WriteTiles(const std::string& path) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "CREATE TABLE metadata (name TEXT, value TEXT);"
                         "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                         "INSERT INTO metadata VALUES ('name', 'Plan de la ville'), ('format', 'png'),"
                         " ('minzoom', '2'), ('maxzoom', '2'), ('attribution', 'Ville (Licence Ouverte)');"
                         // TMS rows: y 0 from the north is row 3 at zoom 2, y 3 is row 0.
                         "INSERT INTO tiles VALUES (2, 1, 3, 'NORTH-TILE'), (2, 2, 0, 'SOUTH-TILE');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}

} // namespace

TEST_CASE("tiles come from the operator's MBTiles file by their XYZ address, with its credit") {
    const auto dir = std::filesystem::temp_directory_path() / ("quartier-tiles-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    WriteTiles((dir / "ville.mbtiles").string());
    {
        ServerOptions o;
        o.app.tiles_dir = dir.string();
        TestServer server(o);
        auto c = server.Client();
        auto north = c.Get("/tiles/ville/2/1/0.png");
        REQUIRE(north);
        CHECK(north->status == 200);
        CHECK(north->body == "NORTH-TILE");
        CHECK(north->get_header_value("Content-Type") == "image/png");
        CHECK(north->get_header_value("Access-Control-Allow-Origin") == "*");
        auto south = c.Get("/tiles/ville/2/2/3.png");
        REQUIRE(south);
        CHECK(south->body == "SOUTH-TILE");

        auto none = c.Get("/tiles/ville/2/0/0.png", {{"Accept-Language", "fr"}});
        REQUIRE(none);
        CHECK(none->status == 404);
        CHECK(none->body.find("n’a pas de tuile ici") != std::string::npos);
        auto unknown = c.Get("/tiles/ailleurs/2/1/0.png");
        REQUIRE(unknown);
        CHECK(unknown->status == 404);
        CHECK(unknown->body.find("does not exist on this server") != std::string::npos);
        auto outside = c.Get("/tiles/ville/2/4/0.png"); // x beyond 2^z
        REQUIRE(outside);
        CHECK(outside->status == 404);

        auto info = c.Get("/tiles/ville.json");
        REQUIRE(info);
        REQUIRE(info->status == 200);
        const auto j = json::parse(info->body);
        CHECK(j["name"] == "Plan de la ville");
        CHECK(j["attribution"] == "Ville (Licence Ouverte)");
        CHECK(j["minzoom"] == 2);
        CHECK(j["tiles"] == json::array({"/tiles/ville/{z}/{x}/{y}.png"}));
    }
    {
        TestServer without; // no --tiles: no base map at all
        auto r = without.Client().Get("/tiles/ville/2/1/0.png");
        REQUIRE(r);
        CHECK(r->status == 404);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}
