// Geometry the map, the server and the open-data exports share: commune and district
// outlines read from GeoJSON, point-in-polygon (a proposal's district is computed, never
// typed), bounding boxes, and the Web Mercator projection the map draws with.
#pragma once

#include "shared/error.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quartier {

struct LonLat {
    double lon = 0.0; // degrees east
    double lat = 0.0; // degrees north
};

struct BBox {
    double min_lon = 180.0, min_lat = 90.0, max_lon = -180.0, max_lat = -90.0; // empty

    bool Empty() const { return min_lon > max_lon || min_lat > max_lat; }
    void Extend(LonLat p);
    void Extend(const BBox& b);
    bool Contains(LonLat p) const;
    bool Intersects(const BBox& b) const;
    LonLat Center() const { return {(min_lon + max_lon) / 2, (min_lat + max_lat) / 2}; }
};

using Ring = std::vector<LonLat>; // closed or not: the last edge back to the start is implied

struct Polygon {
    Ring outer;
    std::vector<Ring> holes;
};

// A named area: a commune (INSEE code, name) or a district of one.
struct Region {
    std::string code;
    std::string name;
    std::vector<Polygon> polygons; // a MultiPolygon has several
    BBox bbox;
};

// Reads a GeoJSON FeatureCollection of Polygon / MultiPolygon features. code_key and
// name_key name the properties holding the region's code and name (for the French commune
// files: "code" and "nom"). Errors name the feature ("features[12].geometry").
Validation ParseRegions(const nlohmann::json& geojson, std::vector<Region>& out,
                        const std::string& code_key = "code", const std::string& name_key = "nom");

// Writes regions back as a GeoJSON FeatureCollection (properties: code, nom).
nlohmann::json RegionsToGeoJson(const std::vector<Region>& regions);

// Even-odd rule; holes excluded; points on an edge may fall either way.
bool Contains(const Polygon& polygon, LonLat p);
bool Contains(const Region& region, LonLat p);
// Index of the first region containing p, or -1.
int FindRegion(const std::vector<Region>& regions, LonLat p);

// Index of the first region that key names (its code, or its name up to case, accents and
// punctuation: see SameDistrict in shared/text.h), or -1.
int FindRegionNamed(const std::vector<Region>& regions, std::string_view key);

// A point inside the region chosen deterministically from seed (same seed, same point):
// used to place projects that have no coordinates inside their commune, visibly.
LonLat PointInside(const Region& region, std::uint64_t seed);

// Web Mercator on the unit square: x from 0 (180° W) to 1 (180° E), y from 0 (north, about
// 85.05° N) to 1 (south). Latitudes beyond ±85.05° are clamped.
struct MercatorPoint {
    double x = 0.0;
    double y = 0.0;
};
MercatorPoint ToMercator(LonLat p);
LonLat FromMercator(MercatorPoint m);

// Great-circle distance in metres (haversine), e.g. for "proposals nearby".
double DistanceMetres(LonLat a, LonLat b);

} // namespace quartier
