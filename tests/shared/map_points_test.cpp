// The map's points format (shared/map_points.h): what the server encodes the widget reads back,
// to the metre; anything else is refused whole.
#include "shared/map_points.h"

#include <doctest/doctest.h>

using namespace quartier;

TEST_CASE("map points: encoded then decoded, the same points, tables shared, coordinates to the metre") {
    MapPointColumns p;
    p.Add(12, 43.604512, 1.444001, "cadre", "published", "31555", "Toulouse", 4);
    p.Add(13, 43.59, 1.41, "sport", "in_progress", "", "", 0);
    p.Add(40, 43.6333, 1.352, "cadre", "published", "31069", "Blagnac", 9);
    const std::string text = EncodeMapPoints(p);
    CHECK(text.find("\"id\":[12,1,27]") != std::string::npos); // deltas
    MapPointColumns q;
    REQUIRE(DecodeMapPoints(text, q));
    CHECK(q.id == std::vector<std::int64_t>{12, 13, 40});
    CHECK(q.lat[0] == doctest::Approx(43.60451).epsilon(1e-10));
    CHECK(q.lon[2] == doctest::Approx(1.352).epsilon(1e-10));
    CHECK(q.categories == std::vector<std::string>{"cadre", "sport"});
    CHECK(q.category == std::vector<std::int32_t>{0, 1, 0});
    CHECK(q.statuses[q.status[1]] == "in_progress");
    CHECK(q.district == std::vector<std::int32_t>{0, -1, 1});
    CHECK(q.districts[1].name == "Blagnac");
    CHECK(q.supports == std::vector<std::int32_t>{4, 0, 9});
    MapPointColumns none;
    REQUIRE(DecodeMapPoints(EncodeMapPoints(none), q));
    CHECK(q.Size() == 0);
}

TEST_CASE("map points: a broken answer is refused, nothing half-read") {
    MapPointColumns p;
    p.Add(1, 43.6, 1.4, "cadre", "published", "N", "Nord", 0);
    const std::string good = EncodeMapPoints(p);
    MapPointColumns q;
    CHECK_FALSE(DecodeMapPoints("{\"count\":1,\"id\":[1],\"lat\":[1]}", q)); // columns of unequal lengths
    CHECK(q.Size() == 0);
    std::string bad_index = good;
    bad_index.replace(bad_index.find("\"category\":[0]"), 14, "\"category\":[3]");
    CHECK_FALSE(DecodeMapPoints(bad_index, q));
    CHECK_FALSE(DecodeMapPoints(good.substr(0, good.size() - 5), q));
    CHECK_FALSE(DecodeMapPoints("{\"items\":[{\"id\":1}]}", q));
    CHECK_FALSE(DecodeMapPoints("", q));
}
