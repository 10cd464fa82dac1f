// The map's points: every proposal a resident can see on a commune's map, as one compact answer
// (GET /api/v1/tenants/{t}/map-points) that the map widget loads first, before any title or
// text (those come with a proposal's card). Columns, not objects: ids and coordinates
// delta-encoded integers, categories, statuses and districts small indices into tables. The
// server encodes it, the widget decodes it with a streaming parser (no JSON tree of 100,000
// objects in the browser's memory), tests use both.
//
//   {"count":3,"scale":100000,
//    "id":[12,1,5],              deltas: 12, 13, 18
//    "lat":[4360451,-120,33],    degrees × scale, deltas
//    "lon":[144400,51,-7],
//    "categories":["cadre-de-vie","mobilites"], "category":[0,1,0],     -1: none
//    "statuses":["published","in_progress"],   "status":[0,0,1]         as the map shows it
//    "districts":[{"code":"31555","name":"Toulouse"}], "district":[0,0,-1]  -1: outside
//    "supports":[4,0,9]}
#pragma once

#include "shared/geo/geo.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quartier {

struct MapPointDistrict {
    std::string code;
    std::string name;
};

struct MapPointColumns {
    static constexpr double kScale = 100000.0; // 1e-5 degree: about a metre, enough for a marker
    std::vector<std::int64_t> id;
    std::vector<double> lat, lon;                // degrees (quantized to 1/kScale)
    std::vector<std::string> categories;         // the proposals' category values (id or name)
    std::vector<std::string> statuses;           // what the map shows: moderation status or stage
    std::vector<MapPointDistrict> districts;
    std::vector<std::int32_t> category, status, district; // per point, -1: none
    std::vector<std::int32_t> supports;

    std::size_t Size() const { return id.size(); }
    // Appends one point; the tables grow as new values come.
    void Add(std::int64_t pid, double latitude, double longitude, const std::string& category_value,
             const std::string& status_value, const std::string& district_code, const std::string& district_name,
             int support_count);
};

// The answer's JSON text.
std::string EncodeMapPoints(const MapPointColumns& points);
// Reads an answer; false (and points left empty) when it is not one: columns of unequal
// lengths, an index outside its table, anything but the shape above.
bool DecodeMapPoints(std::string_view text, MapPointColumns& points);

// The districts as the map draws them (GET .../districts?format=map): each ring simplified
// (Douglas-Peucker: no point of the outline moves more than tolerance degrees, 2e-4 is about
// 20 m, under a pixel at a city's zoom; a ring keeps at least 4 points), then written compactly:
//   {"scale":10000,"districts":[{"code":"31555","name":"Toulouse",
//     "polygons":[["<ring>", "<hole>"...], ...]}]}
// each ring an encoded polyline (the algorithm of Google's and OSRM's polylines: zigzag
// numbers, five bits a character from '?'): its first point in degrees × scale, then the
// steps from point to point. The scale is kOutlineScale (1e-4 degree, about 10 m: half the
// tolerance). Compressed, a third fewer bytes than arrays of metres (Haute-Garonne's 587
// communes: 69 KB against 109 KB with brotli). Readers take the scale the answer gives, and
// also read rings written as arrays of numbers [x0,y0,dx1,dy1,...] (the earlier form).
constexpr double kOutlineScale = 10000.0;
std::vector<Region> SimplifyRegions(const std::vector<Region>& regions, double tolerance = 2e-4);
std::string RegionsToMapJson(const std::vector<Region>& regions);
// Reads that answer back (bounding boxes computed); false on anything else.
bool RegionsFromMapJson(const nlohmann::json& j, std::vector<Region>& out);

} // namespace quartier
