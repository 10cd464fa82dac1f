// The map's points (GET /api/v1/tenants/{t}/map-points): every proposal residents may see, and
// only those, in the compact columns the map widget reads first; compressed, with a validator;
// a commune's points never another's. And the list by ids, which brings a card's details.
#include "backend/api_fixture.h"

#include "shared/map_points.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kVille = "/api/v1/tenants/ville";

MapPointColumns Points(const TestServer& s, const std::string& tenant = kVille) {
    const auto r = Call(s, "GET", tenant + "/map-points");
    REQUIRE(r.status == 200);
    MapPointColumns p;
    REQUIRE(DecodeMapPoints(r.text, p));
    return p;
}

} // namespace

TEST_CASE("the map's points: each visible proposal's place, category, status, district and supports") {
    Town town;
    const auto a = town.Propose(43.61, 1.43);          // Nord
    json sport = Submission(43.59, 1.4412345);         // Sud
    sport["category"] = "sport";
    const auto b = Call(town.server, "POST", kVille + "/proposals", sport).body["id"].get<std::int64_t>();
    REQUIRE(Call(town.server, "POST", kVille + "/proposals/" + std::to_string(b) + "/supports", nullptr, town.resident).status == 200);

    const MapPointColumns p = Points(town.server);
    REQUIRE(p.Size() == 2);
    CHECK(p.id == std::vector<std::int64_t>{a, b});
    CHECK(p.lat[0] == doctest::Approx(43.61).epsilon(1e-9));
    CHECK(p.lon[1] == doctest::Approx(1.44123).epsilon(1e-9)); // to the metre
    CHECK(p.districts[p.district[0]].code == "N");
    CHECK(p.districts[p.district[1]].name == "Sud");
    const auto listed = Call(town.server, "GET", kVille + "/proposals?sort=oldest").body["items"];
    CHECK(p.categories[p.category[0]] == listed[0]["category"]); // as stored, as the list gives it
    CHECK(p.categories[p.category[1]] == listed[1]["category"]);
    CHECK(p.category[0] != p.category[1]);
    CHECK(p.statuses[p.status[0]] == "submitted");
    CHECK(p.supports == std::vector<std::int32_t>{0, 1});
    // Columns, no titles: the cards bring those.
    const auto raw = Call(town.server, "GET", kVille + "/map-points");
    CHECK(raw.text.find("Des bancs") == std::string::npos);
    CHECK(raw.Header("Content-Type").find("application/json") == 0);
}

TEST_CASE("the map's points never show a hidden, rejected or pending proposal, nor another commune's") {
    Town town;
    const auto shown = town.Propose(), hidden = town.Propose(), rejected = town.Propose();
    const std::string mod = kVille + "/moderation/proposals/";
    REQUIRE(Call(town.server, "POST", mod + std::to_string(hidden) + "/hide", {{"reason", "Données personnelles"}}, town.moderator).status == 200);
    REQUIRE(Call(town.server, "POST", mod + std::to_string(rejected) + "/reject", {{"reason", "Hors compétence"}}, town.moderator).status == 200);
    REQUIRE(Call(town.server, "PATCH", kVille, {{"premoderation", true}}, town.admin).status == 200);
    const auto pending = Call(town.server, "POST", kVille + "/proposals", Submission(), town.resident);
    REQUIRE(pending.body["status"] == "pending");
    const auto elsewhere = Call(town.server, "POST", "/api/v1/tenants/autre/proposals", Submission(44.0, 2.0));
    REQUIRE(elsewhere.status == 201);

    CHECK(Points(town.server).id == std::vector<std::int64_t>{shown});
    // The same for a moderator: the map shows what residents see.
    const auto as_moderator = Call(town.server, "GET", kVille + "/map-points", nullptr, town.moderator);
    MapPointColumns m;
    REQUIRE(DecodeMapPoints(as_moderator.text, m));
    CHECK(m.id == std::vector<std::int64_t>{shown});
    CHECK(Points(town.server, "/api/v1/tenants/autre").id == std::vector<std::int64_t>{elsewhere.body["id"].get<std::int64_t>()});
    CHECK(Call(town.server, "GET", "/api/v1/tenants/nulle-part/map-points").status == 404);
}

TEST_CASE("the map's points come compressed, and cost a 304 until a proposal changes") {
    ServerOptions options;
    options.app.submissions_per_window = 100; // 61 proposals from one address
    Town town(options);
    for (int i = 0; i < 60; ++i) town.Propose(43.601 + i * 0.0003, 1.43);
    auto c = town.server.Client();
    c.set_decompress(false);
    auto first = c.Get((kVille + "/map-points").c_str(), {{"Accept-Encoding", "gzip"}});
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(first->get_header_value("Content-Encoding") == "gzip");
    const std::string tag = first->get_header_value("ETag");
    REQUIRE(!tag.empty());
    auto again = c.Get((kVille + "/map-points").c_str(), {{"If-None-Match", tag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    town.Propose();
    auto changed = c.Get((kVille + "/map-points").c_str(), {{"If-None-Match", tag}});
    REQUIRE(changed);
    CHECK(changed->status == 200);
    CHECK(Points(town.server).Size() == 61);
}

TEST_CASE("a card's details: the list by ids gives those proposals and no others; a bad id is refused") {
    Town town;
    const auto a = town.Propose(), b = town.Propose(), c = town.Propose();
    const auto r = Call(town.server, "GET", kVille + "/proposals?ids=" + std::to_string(a) + "," + std::to_string(c));
    REQUIRE(r.status == 200);
    REQUIRE(r.body["items"].size() == 2);
    for (const auto& item : r.body["items"]) {
        CHECK(item["id"] != b);
        CHECK(item["title"] == "Des bancs à l’ombre");
        CHECK(item["stage"] == "submitted");
    }
    const auto other = Call(town.server, "GET", "/api/v1/tenants/autre/proposals?ids=" + std::to_string(a));
    CHECK(other.body["items"].empty());
    const auto bad = Call(town.server, "GET", kVille + "/proposals?ids=1,deux");
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "ids");
    CHECK(!bad.body["error"]["messages"]["fr"].get<std::string>().empty());
}

TEST_CASE("the map's districts (format=map): the same communes, simplified and delta-encoded, under half the bytes") {
    Town town;
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/geo/communes-31-haute-garonne.geojson");
    std::stringstream ss;
    ss << in.rdbuf();
    const json geo = json::parse(ss.str());
    REQUIRE(Call(town.server, "PATCH", kVille, {{"districts", geo}}, town.admin).status == 200);
    const auto full = Call(town.server, "GET", kVille + "/districts");
    const auto map = Call(town.server, "GET", kVille + "/districts?format=map");
    REQUIRE(full.status == 200);
    REQUIRE(map.status == 200);
    // The bytes as sent (uncompressed): the 31's 587 communes, 633 KB as given.
    auto raw = town.server.Client();
    raw.set_decompress(false);
    const auto full_raw = raw.Get((kVille + "/districts").c_str(), {{"Accept-Encoding", "identity"}});
    const auto map_raw = raw.Get((kVille + "/districts?format=map").c_str(), {{"Accept-Encoding", "identity"}});
    REQUIRE(full_raw);
    REQUIRE(map_raw);
    MESSAGE("districts: " << full_raw->body.size() << " bytes as given, " << map_raw->body.size() << " for the map");
    CHECK(map_raw->body.size() * 2 < full_raw->body.size());
    std::vector<Region> given, drawn;
    REQUIRE(!ParseRegions(full.body, given));
    REQUIRE(RegionsFromMapJson(map.body, drawn));
    REQUIRE(drawn.size() == given.size());
    std::size_t still_inside = 0;
    for (std::size_t i = 0; i < given.size(); ++i) {
        CHECK(drawn[i].code == given[i].code);
        CHECK(drawn[i].name == given[i].name);
        // The outline moved by no more than the tolerance (and the rounding).
        CHECK(std::abs(drawn[i].bbox.min_lon - given[i].bbox.min_lon) < 2.2e-4);
        CHECK(std::abs(drawn[i].bbox.max_lat - given[i].bbox.max_lat) < 2.2e-4);
        // A point inside the commune is still inside its drawn outline (but within 20 m of a
        // border, where it may fall either way).
        if (Contains(drawn[i], PointInside(given[i], 0))) ++still_inside;
    }
    CHECK(still_inside >= given.size() * 95 / 100);
    const auto toulouse = std::find_if(drawn.begin(), drawn.end(), [](const Region& r) { return r.code == "31555"; });
    REQUIRE(toulouse != drawn.end());
    CHECK(Contains(*toulouse, {1.4442, 43.6045})); // the Capitole
    const auto bad = Call(town.server, "GET", kVille + "/districts?format=svg");
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "format");
}
