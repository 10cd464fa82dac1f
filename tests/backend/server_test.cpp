// The server over a real loopback socket: health, proposals stored in SQLite and read
// back, and every failure in the JSON error envelope.
#include "backend/test_server.h"

#include "backend/store/store.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sqlite3.h>

#include <fstream>

using namespace quartier;
using nlohmann::json;

namespace {
const char* kJson = "application/json";

json Submission() {
    return {{"title", "Création d’abris pour la faune"},
            {"description", "Nichoirs, hôtels à insectes"},
            {"category", "Environnement"},
            {"latitude", 43.5866},
            {"longitude", 1.447},
            {"estimated_cost", 15000}};
}

void CheckEnvelope(const httplib::Result& r, int status, const std::string& code,
                   const std::string& field = "") {
    REQUIRE(r);
    CHECK(r->status == status);
    CHECK(r->get_header_value("Content-Type").find("application/json") == 0);
    const auto body = json::parse(r->body);
    REQUIRE(body.contains("error"));
    CHECK(body["error"]["code"] == code);
    CHECK(body["error"]["message"].is_string());
    CHECK_FALSE(body["error"]["messages"]["fr"].get<std::string>().empty());
    CHECK_FALSE(body["error"]["messages"]["en"].get<std::string>().empty());
    if (!field.empty()) CHECK(body["error"]["field"] == field);
}
} // namespace

TEST_CASE("health answers once the server is ready, with the migrated schema") {
    testing::TestServer server;
    auto c = server.Client();
    auto r = c.Get("/api/v1/health");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(json::parse(r->body)["schema_version"] == 15);
}

TEST_CASE("a submitted proposal is stored and listed, accents intact") {
    testing::TestServer server;
    auto c = server.Client();
    auto empty = c.Get("/api/v1/proposals");
    REQUIRE(empty);
    CHECK(json::parse(empty->body)["items"].empty());

    auto created = c.Post("/api/v1/proposals", Submission().dump(), kJson);
    REQUIRE(created);
    CHECK(created->status == 201);
    const auto stored = json::parse(created->body);
    CHECK(stored["id"].get<long>() > 0);
    CHECK(stored["status"] == "submitted");
    CHECK(created->get_header_value("Location") == "/api/v1/proposals/" + std::to_string(stored["id"].get<long>()));

    auto list = c.Get("/api/v1/proposals");
    REQUIRE(list);
    const auto items = json::parse(list->body)["items"];
    REQUIRE(items.size() == 1);
    CHECK(items[0]["title"] == "Création d’abris pour la faune");
    CHECK(items[0]["estimated_cost"] == 15000);
}

TEST_CASE("proposals survive a restart of the server on the same database") {
    std::string db;
    long id = 0;
    {
        testing::TestServer first;
        auto r = first.Client().Post("/api/v1/proposals", Submission().dump(), kJson);
        REQUIRE(r);
        id = json::parse(r->body)["id"];
        // Keep the file: copy it out (the fixture removes its folder).
        db = (std::filesystem::temp_directory_path() / ("quartier-restart-" + std::to_string(id) + ".db")).string();
        first.Get().Stop();
        std::filesystem::copy_file(first.DbPath(), db, std::filesystem::copy_options::overwrite_existing);
        // The key file goes with it: without it the server refuses the database.
        std::filesystem::copy_file(first.DbPath() + ".key", db + ".key", std::filesystem::copy_options::overwrite_existing);
        if (std::filesystem::exists(first.DbPath() + "-wal"))
            std::filesystem::copy_file(first.DbPath() + "-wal", db + "-wal",
                                       std::filesystem::copy_options::overwrite_existing);
    }
    ServerOptions o;
    o.db_path = db;
    testing::TestServer second(o);
    auto list = second.Client().Get("/api/v1/proposals");
    REQUIRE(list);
    const auto items = json::parse(list->body)["items"];
    REQUIRE(items.size() == 1);
    CHECK(items[0]["id"] == id);
    std::filesystem::remove(db);
    std::filesystem::remove(db + ".key");
    std::filesystem::remove(db + "-wal");
    std::filesystem::remove(db + "-shm");
}

TEST_CASE("invalid submissions get 400 with the field named, and nothing is stored") {
    testing::TestServer server;
    auto c = server.Client();
    json j = Submission();
    j["latitude"] = 123.0;
    CheckEnvelope(c.Post("/api/v1/proposals", j.dump(), kJson), 400, "out_of_range", "latitude");
    j = Submission();
    j.erase("title");
    CheckEnvelope(c.Post("/api/v1/proposals", j.dump(), kJson), 400, "required", "title");
    CheckEnvelope(c.Post("/api/v1/proposals", "{not json", kJson), 400, "invalid_json");
    CheckEnvelope(c.Post("/api/v1/proposals", "[1,2]", kJson), 400, "invalid_body");
    CHECK(server.Get().GetStore().CountProposals() == 0);
}

TEST_CASE("errors speak the resident's language") {
    testing::TestServer server;
    auto c = server.Client();
    json j = Submission();
    j["estimated_cost"] = -5;
    auto fr = c.Post("/api/v1/proposals", {{"Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8"}}, j.dump(), kJson);
    REQUIRE(fr);
    CHECK(json::parse(fr->body)["error"]["message"] == "Le coût estimé ne peut pas être négatif.");
    auto en = c.Post("/api/v1/proposals", {{"Accept-Language", "en-GB"}}, j.dump(), kJson);
    REQUIRE(en);
    CHECK(json::parse(en->body)["error"]["message"] == "The estimated cost cannot be negative.");
}

TEST_CASE("unknown paths and oversized bodies get the JSON envelope") {
    ServerOptions o;
    o.max_body_bytes = 4096;
    testing::TestServer server(o);
    auto c = server.Client();
    CheckEnvelope(c.Get("/api/v1/nothing-here"), 404, "not_found");
    json j = Submission();
    j["description"] = std::string(8000, 'x');
    CheckEnvelope(c.Post("/api/v1/proposals", j.dump(), kJson), 413, "too_large");
}

TEST_CASE("the site and the built widgets are served as static files") {
    testing::TestServer probe; // for a scratch folder
    const auto site = probe.Dir() / "site";
    const auto widgets = probe.Dir() / "widgets";
    std::filesystem::create_directories(site);
    std::filesystem::create_directories(widgets);
    std::ofstream(site / "index.html") << "<!doctype html><title>Quartier</title>";
    std::ofstream(widgets / "quartier-proposals.wasm") << "\0asm";
    ServerOptions o;
    o.site_dir = site.string();
    o.widgets_dir = widgets.string();
    testing::TestServer server(o);
    auto c = server.Client();
    auto index = c.Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->body.find("<title>Quartier</title>") != std::string::npos);
    auto wasm = c.Get("/widgets/quartier-proposals.wasm");
    REQUIRE(wasm);
    CHECK(wasm->status == 200);
    CHECK(wasm->get_header_value("Content-Type") == "application/wasm");
    // The API still wins over the site mount.
    auto api = c.Get("/api/v1/proposals");
    REQUIRE(api);
    CHECK(api->status == 200);
}

TEST_CASE("a database from a newer server is refused rather than damaged") {
    testing::TestServer probe; // for a scratch folder
    const auto path = (probe.Dir() / "future.db").string();
    { Store created(path); }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    CHECK_THROWS_AS(Store{path}, StoreError);
}
