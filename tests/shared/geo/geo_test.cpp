// Geometry on the real Haute-Garonne commune outlines: the district of a point, interior
// points for projects without coordinates, and the map projection.
#include "shared/geo/geo.h"
#include "shared/text.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace quartier;

namespace {
const std::vector<Region>& HauteGaronne() {
    static const std::vector<Region> regions = [] {
        std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/geo/communes-31-haute-garonne.geojson");
        std::vector<Region> r;
        const auto e = ParseRegions(nlohmann::json::parse(in), r);
        REQUIRE_FALSE(e);
        return r;
    }();
    return regions;
}
const Region& Named(const std::string& name) {
    for (const auto& r : HauteGaronne())
        if (r.name == name) return r;
    FAIL("no commune " << name);
    return HauteGaronne()[0];
}
} // namespace

TEST_CASE("the 587 communes of Haute-Garonne are read with their codes and names") {
    CHECK(HauteGaronne().size() == 587);
    const Region& toulouse = Named("Toulouse");
    CHECK(toulouse.code == "31555");
    CHECK(toulouse.bbox.Contains({1.444, 43.6045}));
}

TEST_CASE("a point is placed in the commune it lies in") {
    const auto& regions = HauteGaronne();
    const int capitole = FindRegion(regions, {1.4442, 43.6045}); // place du Capitole
    REQUIRE(capitole >= 0);
    CHECK(regions[capitole].name == "Toulouse");
    const int blagnac = FindRegion(regions, {1.3900, 43.6370}); // Blagnac town centre
    REQUIRE(blagnac >= 0);
    CHECK(regions[blagnac].name == "Blagnac");
    CHECK(FindRegion(regions, {2.3522, 48.8566}) == -1); // Paris is not in Haute-Garonne
}

TEST_CASE("interior points are inside, and the same seed gives the same point") {
    const Region& toulouse = Named("Toulouse");
    for (std::uint64_t seed = 0; seed < 50; ++seed) {
        const LonLat p = PointInside(toulouse, seed);
        CHECK(Contains(toulouse, p));
        const LonLat again = PointInside(toulouse, seed);
        CHECK(p.lon == again.lon);
        CHECK(p.lat == again.lat);
    }
    CHECK(PointInside(toulouse, 1).lon != PointInside(toulouse, 2).lon);
}

TEST_CASE("holes are outside their polygon") {
    Polygon square{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{{4, 4}, {6, 4}, {6, 6}, {4, 6}}}};
    CHECK(Contains(square, {2, 2}));
    CHECK_FALSE(Contains(square, {5, 5}));
    CHECK_FALSE(Contains(square, {11, 5}));
}

TEST_CASE("malformed GeoJSON is refused with the feature named") {
    std::vector<Region> out;
    CHECK(ParseRegions(nlohmann::json::array(), out)->code == "invalid_geojson");
    const auto bad = nlohmann::json::parse(
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1]]]}}]})");
    const auto e = ParseRegions(bad, out);
    REQUIRE(e);
    CHECK(e->field == "features[0].geometry");
    const auto far = nlohmann::json::parse(
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[500,1]]]}}]})");
    CHECK(ParseRegions(far, out));
}

TEST_CASE("features without the code or name property are refused, naming it and listing the properties found") {
    std::vector<Region> out;
    const auto other_names = nlohmann::json::parse(
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code_insee":"49007","nom_com":"Angers"},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}]})");
    const auto e = ParseRegions(other_names, out);
    REQUIRE(e);
    CHECK(e->code == "missing_property");
    CHECK(e->field == "features[0].properties.code");
    CHECK(e->Message("en").find("code_insee, nom_com") != std::string::npos);
    CHECK(e->Message("fr").find("« code »") != std::string::npos);
    // The same file read with its own property names.
    REQUIRE_FALSE(ParseRegions(other_names, out, "code_insee", "nom_com"));
    CHECK(out[0].code == "49007");
    CHECK(out[0].name == "Angers");
}

TEST_CASE("regions round-trip through GeoJSON") {
    std::vector<Region> back;
    REQUIRE_FALSE(ParseRegions(RegionsToGeoJson(HauteGaronne()), back));
    REQUIRE(back.size() == HauteGaronne().size());
    CHECK(back[10].name == HauteGaronne()[10].name);
    CHECK(back[10].polygons[0].outer.size() == HauteGaronne()[10].polygons[0].outer.size());
}

TEST_CASE("Web Mercator maps the world to the unit square and back") {
    const auto m = ToMercator({0, 0});
    CHECK(m.x == doctest::Approx(0.5));
    CHECK(m.y == doctest::Approx(0.5));
    const LonLat toulouse{1.444, 43.6045};
    const LonLat back = FromMercator(ToMercator(toulouse));
    CHECK(back.lon == doctest::Approx(toulouse.lon).epsilon(1e-12));
    CHECK(back.lat == doctest::Approx(toulouse.lat).epsilon(1e-12));
    CHECK(ToMercator({0, 89.9}).y == doctest::Approx(0.0)); // clamped at the edge
    CHECK(ToMercator({0, 43}).y < ToMercator({0, 42}).y);   // north is up
}

TEST_CASE("distances are in metres") {
    // Capitole to Toulouse-Matabiau station: about 1.2 km.
    const double d = DistanceMetres({1.4442, 43.6045}, {1.4536, 43.6113});
    CHECK(d > 1000);
    CHECK(d < 1300);
}

TEST_CASE("district names match whatever way a clerk typed them") {
    CHECK(FoldName("Saint-Orens-de-Gameville") == "saint orens de gameville");
    CHECK(FoldName("  ST  ORENS DE GAMEVILLE ") == "saint orens de gameville");
    CHECK(FoldName("Île-de-France") == "ile de france");
    CHECK(FoldName("L’Union") == "l union");
    CHECK(FoldName("Œuvre Ça") == "oeuvre ca");
    CHECK(SameDistrict("31555", "31555", "Toulouse"));
    CHECK(SameDistrict("toulouse", "31555", "Toulouse"));
    CHECK(SameDistrict("Ramonville Saint Agne", "31446", "Ramonville-Saint-Agne"));
    CHECK_FALSE(SameDistrict("", "", ""));
    CHECK_FALSE(SameDistrict("Toulouse", "31555", "Tournefeuille"));
    CHECK_FALSE(SameDistrict("10 - Jolimont / Soupetard", "31555", "Toulouse"));
    Region a, b;
    a.code = "31069";
    a.name = "Blagnac";
    b.code = "31149";
    b.name = "Colomiers";
    CHECK(FindRegionNamed({a, b}, "COLOMIERS") == 1);
    CHECK(FindRegionNamed({a, b}, "31069") == 0);
    CHECK(FindRegionNamed({a, b}, "Muret") == -1);
}
