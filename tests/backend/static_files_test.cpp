// Static files sent once: hashed names immutable for a year, validators answered with 304,
// precompressed copies to clients that accept them (and only to them), the web build's
// embed.js before the site's.
#include "backend/http/static_files.h"
#include "backend/api_fixture.h"
#include "backend/test_server.h"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>

using namespace quartier;
using namespace quartier::testing;

namespace {

void Write(const std::filesystem::path& p, const std::string& bytes) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

// A web build and a site in a temporary folder, served by a real server.
struct Served {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("quartier-static-" + std::to_string(std::random_device{}()));
    std::unique_ptr<TestServer> server;
    Served() {
        const auto dist = dir / "dist", site = dir / "site";
        Write(dist / "quartier-widgets.0123456789ab.wasm", std::string(4000, 'w'));
        Write(dist / "quartier-widgets.0123456789ab.wasm.br", "BROTLI-BYTES");
        Write(dist / "quartier-widgets.0123456789ab.wasm.gz", "GZIP-BYTES");
        Write(dist / "quartier-widgets.0123456789ab.js", "var QuartierWidgets=function(){};");
        Write(dist / "quartier-widgets.0123456789ab.js.br", "BR-JS");
        Write(dist / "root" / "embed.js", "/*built*/");
        Write(dist / "root" / "embed.js.gz", "GZ-EMBED");
        Write(site / "embed.js", "/* the source loader */");
        Write(site / "index.html", "<!doctype html><title>Ville</title>");
        ServerOptions o;
        o.widgets_dir = (dist).string();
        o.site_dir = (site).string();
        server = std::make_unique<TestServer>(o);
    }
    ~Served() {
        server.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    httplib::Result Get(const std::string& path, httplib::Headers h = {}) {
        auto c = server->Client();
        c.set_decompress(false); // the bytes as they travel
        if (!h.count("Accept-Encoding")) h.emplace("Accept-Encoding", "identity");
        return c.Get(path.c_str(), h);
    }
};

} // namespace

TEST_CASE("the encoding sent is one the client accepts, brotli first, never one it refuses") {
    CHECK(ChooseEncoding("gzip, deflate, br", true, true) == "br");
    CHECK(ChooseEncoding("gzip, deflate, br", false, true) == "gzip");
    CHECK(ChooseEncoding("gzip, deflate", true, true) == "gzip");
    CHECK(ChooseEncoding("br;q=0, gzip", true, true) == "gzip");
    CHECK(ChooseEncoding("br;q=0.5, gzip;q=0.9", true, true) == "gzip");
    CHECK(ChooseEncoding("identity", true, true) == "");
    CHECK(ChooseEncoding("", true, true) == "");
    CHECK(ChooseEncoding("*", true, true) == "br");
    CHECK(ChooseEncoding("*;q=0", true, true) == "");
    CHECK(ChooseEncoding("BR", true, false) == "br");
}

TEST_CASE("If-None-Match matches the same entity tag, weak or in a list, or *") {
    CHECK(EtagMatches("\"abc\"", "\"abc\""));
    CHECK(EtagMatches("\"x\", W/\"abc\"", "\"abc\""));
    CHECK(EtagMatches("*", "\"abc\""));
    CHECK_FALSE(EtagMatches("\"abd\"", "\"abc\""));
    CHECK_FALSE(EtagMatches("", "\"abc\""));
}

TEST_CASE("a hashed module is immutable for a year and comes precompressed to who accepts it") {
    Served s;
    auto br = s.Get("/widgets/quartier-widgets.0123456789ab.wasm", {{"Accept-Encoding", "gzip, deflate, br"}});
    REQUIRE(br);
    CHECK(br->status == 200);
    CHECK(br->get_header_value("Content-Encoding") == "br");
    CHECK(br->body == "BROTLI-BYTES");
    CHECK(br->get_header_value("Content-Type") == "application/wasm");
    CHECK(br->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
    CHECK(br->get_header_value("Vary") == "Accept-Encoding");
    CHECK(br->get_header_value("Access-Control-Allow-Origin") == "*");

    auto gz = s.Get("/widgets/quartier-widgets.0123456789ab.wasm", {{"Accept-Encoding", "gzip"}});
    REQUIRE(gz);
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
    CHECK(gz->body == "GZIP-BYTES");
    CHECK(gz->get_header_value("ETag") != br->get_header_value("ETag")); // one tag per representation

    auto plain = s.Get("/widgets/quartier-widgets.0123456789ab.wasm");
    REQUIRE(plain);
    CHECK_FALSE(plain->has_header("Content-Encoding"));
    CHECK(plain->body == std::string(4000, 'w'));

    // JavaScript is a type httplib compresses itself: precompressed bytes are sent as they are,
    // never compressed twice.
    auto js = s.Get("/widgets/quartier-widgets.0123456789ab.js", {{"Accept-Encoding", "br, gzip"}});
    REQUIRE(js);
    CHECK(js->get_header_value("Content-Encoding") == "br");
    CHECK(js->body == "BR-JS");
    CHECK(js->get_header_value_count("Content-Type") == 1);
}

TEST_CASE("a repeat visit costs a 304 without the file; a changed file gets a new tag") {
    Served s;
    auto first = s.Get("/embed.js", {{"Accept-Encoding", "gzip"}});
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(first->body == "GZ-EMBED"); // the web build's loader, before the site's source
    CHECK(first->get_header_value("Cache-Control") == "no-cache");
    const std::string tag = first->get_header_value("ETag");
    REQUIRE(tag.size() > 2);

    auto again = s.Get("/embed.js", {{"Accept-Encoding", "gzip"}, {"If-None-Match", tag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(again->get_header_value("ETag") == tag);

    auto page = s.Get("/");
    REQUIRE(page);
    CHECK(page->body.find("Ville") != std::string::npos);
    auto page_again = s.Get("/", {{"If-None-Match", page->get_header_value("ETag")}});
    REQUIRE(page_again);
    CHECK(page_again->status == 304);

    Write(s.dir / "site" / "index.html", "<!doctype html><title>Ville nouvelle</title>");
    auto changed = s.Get("/", {{"If-None-Match", page->get_header_value("ETag")}});
    REQUIRE(changed);
    CHECK(changed->status == 200);
    CHECK(changed->body.find("nouvelle") != std::string::npos);
    CHECK(changed->get_header_value("ETag") != page->get_header_value("ETag"));
}

TEST_CASE("a commune's districts (GeoJSON, which httplib leaves alone) come compressed to who accepts it") {
    CHECK(CompressedByUs("application/geo+json; charset=utf-8"));
    CHECK(CompressedByUs("text/plain; charset=utf-8")); // a .pb file: httplib took 5 s for 2 MB
    CHECK(CompressedByUs("application/json"));
    CHECK_FALSE(CompressedByUs("application/wasm"));
    CHECK_FALSE(CompressedByUs("image/png"));
    CHECK(CompressedByUs("application/x-gettext-translation")); // a widget's catalog
    Town town;
    // A district outline of 2,000 points, as real ones are.
    json ring = json::array();
    for (int i = 0; i < 2000; ++i) {
        const double a = 2 * 3.14159265358979 * i / 2000;
        ring.push_back({1.43 + 0.02 * std::cos(a), 43.60 + 0.02 * std::sin(a)});
    }
    ring.push_back(ring[0]);
    json districts{{"type", "FeatureCollection"},
                   {"features", {{{"type", "Feature"}, {"properties", {{"code", "C"}, {"nom", "Centre"}}},
                                  {"geometry", {{"type", "Polygon"}, {"coordinates", {ring}}}}}}}};
    REQUIRE(Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"districts", districts}}, town.admin).status == 200);

    auto c = town.server.Client();
    c.set_decompress(false);
    auto plain = c.Get("/api/v1/tenants/ville/districts", {{"Accept-Encoding", "identity"}});
    REQUIRE(plain);
    REQUIRE(plain->status == 200);
    CHECK_FALSE(plain->has_header("Content-Encoding"));
    for (const char* encoding : {"gzip", "br"}) {
        CAPTURE(encoding);
        auto packed = c.Get("/api/v1/tenants/ville/districts", {{"Accept-Encoding", encoding}});
        REQUIRE(packed);
        CHECK(packed->status == 200);
        CHECK(packed->get_header_value("Content-Encoding") == encoding);
        CHECK(packed->get_header_value("Vary") == "Accept-Encoding");
        CHECK(packed->get_header_value("Content-Type").rfind("application/geo+json", 0) == 0);
        CHECK(packed->body.size() * 2 < plain->body.size());
    }
    // The same districts, once the client has undone the compression.
    auto d = town.server.Client(); // decompresses what it accepted (gzip, brotli)
    auto unpacked = d.Get("/api/v1/tenants/ville/districts");
    REQUIRE(unpacked);
    CHECK(json::parse(unpacked->body) == json::parse(plain->body));
}

TEST_CASE("API answers carry a validator: asked again unchanged, they cost a 304; changed, the new answer") {
    Town town;
    auto c = town.server.Client();
    auto first = c.Get("/api/v1/tenants/ville");
    REQUIRE(first);
    REQUIRE(first->status == 200);
    const std::string tag = first->get_header_value("ETag");
    CHECK(tag.rfind("W/\"", 0) == 0);
    CHECK(first->get_header_value("Cache-Control") == "no-cache");

    auto again = c.Get("/api/v1/tenants/ville", {{"If-None-Match", tag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());

    REQUIRE(Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"name", "Ville-Neuve"}}, town.admin).status == 200);
    auto changed = c.Get("/api/v1/tenants/ville", {{"If-None-Match", tag}});
    REQUIRE(changed);
    CHECK(changed->status == 200);
    CHECK(changed->body.find("Ville-Neuve") != std::string::npos);
    CHECK(changed->get_header_value("ETag") != tag);

    // Someone's own answers may be revalidated but never kept by a shared cache.
    auto mine = c.Get("/api/v1/me", {{"Authorization", "Bearer " + town.admin}});
    REQUIRE(mine);
    CHECK(mine->status == 200);
    CHECK(mine->get_header_value("Cache-Control") == "private, no-cache");
    // Errors carry none.
    auto missing = c.Get("/api/v1/tenants/nulle-part");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK_FALSE(missing->has_header("ETag"));
}

TEST_CASE("a refusal compressed for the client arrives whole, not replaced by httplib's own") {
    Town town;
    auto c = town.server.Client();
    c.set_decompress(false);
    for (const char* encoding : {"gzip", "br"}) {
        CAPTURE(encoding);
        // An error page of the plain site (HTML, over 1 KB) and an API refusal (JSON).
        auto page = c.Get("/simple/ville/propositions/999999", {{"Accept-Encoding", encoding}, {"Accept-Language", "fr"}});
        REQUIRE(page);
        CHECK(page->status == 404);
        CHECK(page->get_header_value("Content-Type").rfind("text/html", 0) == 0);
        CHECK(page->get_header_value("Content-Encoding") == encoding);
        CHECK(page->get_header_value_count("Content-Length") <= 1);
        CHECK(std::to_string(page->body.size()) == page->get_header_value("Content-Length"));
        CHECK_FALSE(page->body.empty());
    }
    auto d = town.server.Client(); // decompresses
    auto page = d.Get("/simple/ville/propositions/999999", {{"Accept-Language", "fr"}});
    REQUIRE(page);
    CHECK(page->status == 404);
    CHECK(page->body.find("<html") != std::string::npos);
}

TEST_CASE("compressed answers are kept by entity tag and encoding, the least recently used leaving first") {
    EncodedCache cache(4000);
    const auto bytes = [](char c, std::size_t n) { return std::make_shared<const std::string>(n, c); };
    cache.Keep("W/\"a\"", "br", bytes('a', 900));
    cache.Keep("W/\"a\"", "gzip", bytes('A', 1000));
    cache.Keep("W/\"b\"", "br", bytes('b', 900));
    REQUIRE(cache.Find("W/\"a\"", "br"));
    CHECK(*cache.Find("W/\"a\"", "br") == std::string(900, 'a'));
    CHECK(*cache.Find("W/\"a\"", "gzip") == std::string(1000, 'A')); // each encoding its own bytes
    CHECK_FALSE(cache.Find("W/\"b\"", "gzip"));
    CHECK(cache.Bytes() == 2800);
    cache.Find("W/\"b\"", "br"); // b used last: a's brotli is now the oldest... after a's gzip
    cache.Find("W/\"a\"", "gzip");
    cache.Keep("W/\"c\"", "br", bytes('c', 1000)); // 3800: room enough
    cache.Keep("W/\"d\"", "br", bytes('d', 1000)); // 4800: the least recently used goes
    CHECK_FALSE(cache.Find("W/\"a\"", "br"));
    CHECK(cache.Find("W/\"b\"", "br"));
    CHECK(cache.Find("W/\"d\"", "br"));
    CHECK(cache.Bytes() == 3900);
    cache.Keep("W/\"huge\"", "br", bytes('h', 1001)); // over a quarter of the room: never kept
    CHECK_FALSE(cache.Find("W/\"huge\"", "br"));
}
