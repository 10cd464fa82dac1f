// GeoJSON regions, point-in-polygon, deterministic interior points and Web Mercator.
#include "shared/geo/geo.h"
#include "shared/json_read.h"

#include "shared/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace quartier {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxMercatorLat = 85.0511287798066;

FieldError GeoError(const std::string& field, Msg message) {
    return FieldError{"invalid_geojson", field, std::move(message)};
}

// Reads [[lon, lat], ...] into ring; false on a bad shape.
bool ReadRing(const nlohmann::json& j, Ring& ring) {
    if (!j.is_array() || j.size() < 3) return false;
    ring.clear();
    ring.reserve(j.size());
    for (const auto& pos : j) {
        if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number()) return false;
        const double lon = pos[0].get<double>(), lat = pos[1].get<double>();
        if (!std::isfinite(lon) || !std::isfinite(lat) || std::fabs(lon) > 180 || std::fabs(lat) > 90)
            return false;
        ring.push_back({lon, lat});
    }
    if (ring.size() > 1 && ring.front().lon == ring.back().lon && ring.front().lat == ring.back().lat)
        ring.pop_back(); // the closing point is implied
    return ring.size() >= 3;
}

bool ReadPolygon(const nlohmann::json& j, Polygon& polygon) {
    if (!j.is_array() || j.empty()) return false;
    if (!ReadRing(j[0], polygon.outer)) return false;
    polygon.holes.clear();
    for (size_t i = 1; i < j.size(); ++i) {
        Ring hole;
        if (!ReadRing(j[i], hole)) return false;
        polygon.holes.push_back(std::move(hole));
    }
    return true;
}

bool RingContains(const Ring& ring, LonLat p) {
    bool inside = false;
    const size_t n = ring.size();
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const LonLat& a = ring[i];
        const LonLat& b = ring[j];
        if ((a.lat > p.lat) != (b.lat > p.lat) &&
            p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon)
            inside = !inside;
    }
    return inside;
}

nlohmann::json RingToJson(const Ring& ring) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : ring) out.push_back({p.lon, p.lat});
    if (!ring.empty()) out.push_back({ring.front().lon, ring.front().lat});
    return out;
}

// SplitMix64: a tiny, well-known mixing function, so that the same seed gives the same
// point on every platform (std::mt19937's distributions are not portable).
std::uint64_t Mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

} // namespace

void BBox::Extend(LonLat p) {
    min_lon = std::min(min_lon, p.lon);
    min_lat = std::min(min_lat, p.lat);
    max_lon = std::max(max_lon, p.lon);
    max_lat = std::max(max_lat, p.lat);
}

void BBox::Extend(const BBox& b) {
    if (b.Empty()) return;
    Extend(LonLat{b.min_lon, b.min_lat});
    Extend(LonLat{b.max_lon, b.max_lat});
}

bool BBox::Contains(LonLat p) const {
    return p.lon >= min_lon && p.lon <= max_lon && p.lat >= min_lat && p.lat <= max_lat;
}

bool BBox::Intersects(const BBox& b) const {
    return !(b.min_lon > max_lon || b.max_lon < min_lon || b.min_lat > max_lat || b.max_lat < min_lat);
}

namespace {

// The region's code and name from the feature's properties. A file whose features name them
// otherwise ({code_insee, nom_com}) is refused, naming the property missing and the ones
// found, rather than read as districts without code nor name.
Validation ReadRegionNames(const nlohmann::json& f, size_t i, const std::string& code_key,
                           const std::string& name_key, Region& r) {
    const auto props = JsonOr(f, "properties", nlohmann::json());
    auto text = [&](const std::string& key) {
        const auto v = props.is_object() ? props.value(key, nlohmann::json()) : nlohmann::json();
        return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : std::string();
    };
    r.code = text(code_key);
    r.name = text(name_key);
    if (!r.code.empty() && !r.name.empty()) return std::nullopt;
    const bool no_code = r.code.empty();
    const std::string& missing = no_code ? code_key : name_key;
    std::string found;
    if (props.is_object())
        for (const auto& item : props.items()) found += (found.empty() ? "" : ", ") + item.key();
    const std::string n = std::to_string(i);
    // TRANSLATORS: {0} a feature's number, {1} the property it lacks, {2} what the property is
    // for, {3} what the feature has instead, {4} and {5} the properties' expected names.
    return FieldError{"missing_property", "features[" + n + "].properties." + missing,
                      Msg("L’élément {0} n’a pas de propriété « {1} » ({2}). {3} Nommez-les « {4} » et « {5} » dans "
                          "chaque élément.",
                          n, missing, no_code ? Word("le code du quartier") : Word("le nom du quartier"),
                          found.empty() ? Msg("Il n’a aucune propriété.") : Msg("Ses propriétés sont : {}.", found),
                          code_key, name_key)};
}

} // namespace

Validation ParseRegions(const nlohmann::json& geojson, std::vector<Region>& out,
                        const std::string& code_key, const std::string& name_key) {
    if (!geojson.is_object() || JsonOr(geojson, "type", "") != "FeatureCollection" ||
        !geojson.contains("features") || !geojson["features"].is_array())
        return GeoError("", Msg("Le fichier n’est pas une FeatureCollection GeoJSON."));
    std::vector<Region> regions;
    const auto& features = geojson["features"];
    for (size_t i = 0; i < features.size(); ++i) {
        const auto& f = features[i];
        const std::string at = "features[" + std::to_string(i) + "]";
        if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object())
            return GeoError(at, Msg("L’élément {} n’a pas de géométrie.", i));
        Region r;
        const auto& g = f["geometry"];
        const std::string type = JsonOr(g, "type", "");
        const auto coords = JsonOr(g, "coordinates", nlohmann::json());
        bool ok = false;
        if (type == "Polygon") {
            Polygon p;
            ok = ReadPolygon(coords, p);
            if (ok) r.polygons.push_back(std::move(p));
        } else if (type == "MultiPolygon" && coords.is_array() && !coords.empty()) {
            ok = true;
            for (const auto& pc : coords) {
                Polygon p;
                if (!ReadPolygon(pc, p)) {
                    ok = false;
                    break;
                }
                r.polygons.push_back(std::move(p));
            }
        }
        if (!ok)
            return GeoError(at + ".geometry", Msg("L’élément {} n’est pas un Polygon ou MultiPolygon valide.", i));
        if (auto e = ReadRegionNames(f, i, code_key, name_key, r)) return e;
        for (const auto& p : r.polygons)
            for (const auto& v : p.outer) r.bbox.Extend(v);
        regions.push_back(std::move(r));
    }
    out = std::move(regions);
    return std::nullopt;
}

nlohmann::json RegionsToGeoJson(const std::vector<Region>& regions) {
    nlohmann::json features = nlohmann::json::array();
    for (const auto& r : regions) {
        nlohmann::json polys = nlohmann::json::array();
        for (const auto& p : r.polygons) {
            nlohmann::json rings = nlohmann::json::array({RingToJson(p.outer)});
            for (const auto& h : p.holes) rings.push_back(RingToJson(h));
            polys.push_back(std::move(rings));
        }
        features.push_back({{"type", "Feature"},
                            {"properties", {{"code", r.code}, {"nom", r.name}}},
                            {"geometry", {{"type", "MultiPolygon"}, {"coordinates", std::move(polys)}}}});
    }
    return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

bool Contains(const Polygon& polygon, LonLat p) {
    if (!RingContains(polygon.outer, p)) return false;
    for (const auto& h : polygon.holes)
        if (RingContains(h, p)) return false;
    return true;
}

bool Contains(const Region& region, LonLat p) {
    if (!region.bbox.Contains(p)) return false;
    for (const auto& poly : region.polygons)
        if (Contains(poly, p)) return true;
    return false;
}

int FindRegion(const std::vector<Region>& regions, LonLat p) {
    for (size_t i = 0; i < regions.size(); ++i)
        if (Contains(regions[i], p)) return static_cast<int>(i);
    return -1;
}

int FindRegionNamed(const std::vector<Region>& regions, std::string_view key) {
    for (size_t i = 0; i < regions.size(); ++i)
        if (SameDistrict(key, regions[i].code, regions[i].name)) return static_cast<int>(i);
    return -1;
}

LonLat PointInside(const Region& region, std::uint64_t seed) {
    const BBox& b = region.bbox;
    std::uint64_t state = Mix(seed);
    for (int attempt = 0; attempt < 1000; ++attempt) {
        state = Mix(state);
        const double u = static_cast<double>(state >> 11) / 9007199254740992.0; // [0, 1)
        state = Mix(state);
        const double v = static_cast<double>(state >> 11) / 9007199254740992.0;
        const LonLat p{b.min_lon + u * (b.max_lon - b.min_lon), b.min_lat + v * (b.max_lat - b.min_lat)};
        if (Contains(region, p)) return p;
    }
    return b.Center(); // a degenerate outline: its centre is the best we can say
}

MercatorPoint ToMercator(LonLat p) {
    const double lat = std::clamp(p.lat, -kMaxMercatorLat, kMaxMercatorLat) * kPi / 180.0;
    return {(p.lon + 180.0) / 360.0, (1.0 - std::log(std::tan(lat) + 1.0 / std::cos(lat)) / kPi) / 2.0};
}

LonLat FromMercator(MercatorPoint m) {
    const double n = kPi - 2.0 * kPi * m.y;
    return {m.x * 360.0 - 180.0, 180.0 / kPi * std::atan(0.5 * (std::exp(n) - std::exp(-n)))};
}

double DistanceMetres(LonLat a, LonLat b) {
    constexpr double kEarthRadius = 6371008.8;
    const double dlat = (b.lat - a.lat) * kPi / 180.0, dlon = (b.lon - a.lon) * kPi / 180.0;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat * kPi / 180.0) * std::cos(b.lat * kPi / 180.0) *
                         std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

} // namespace quartier
