// The map's points: encoding (server) and a streaming decoding (widget), see map_points.h.
#include "shared/map_points.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace quartier {

namespace {

template <typename T>
std::int32_t IndexIn(std::vector<T>& table, const T& value, bool (*same)(const T&, const T&)) {
    for (std::size_t i = 0; i < table.size(); ++i)
        if (same(table[i], value)) return static_cast<std::int32_t>(i);
    table.push_back(value);
    return static_cast<std::int32_t>(table.size() - 1);
}

bool SameString(const std::string& a, const std::string& b) { return a == b; }
bool SameDistrict(const MapPointDistrict& a, const MapPointDistrict& b) { return a.code == b.code; }

std::int64_t Quantize(double degrees) { return std::llround(degrees * MapPointColumns::kScale); }

void Column(std::string& out, const char* name, const std::vector<std::int64_t>& v, bool delta) {
    out += ",\"";
    out += name;
    out += "\":[";
    std::int64_t prev = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(delta ? v[i] - prev : v[i]);
        prev = v[i];
    }
    out += ']';
}

template <typename T>
std::vector<std::int64_t> Wide(const std::vector<T>& v) {
    return std::vector<std::int64_t>(v.begin(), v.end());
}

std::string Quoted(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The SAX reader: numbers go straight into their column, no tree is built.
class Reader : public nlohmann::json_sax<nlohmann::json> {
public:
    explicit Reader(MapPointColumns& out) : m_out(out) {}

    std::vector<std::int64_t> id, lat, lon, category, status, district, supports;
    double scale = MapPointColumns::kScale;
    long long count = -1;
    bool ok = true;

    bool null() override { return Fail(); }
    bool boolean(bool) override { return Fail(); }
    bool number_integer(number_integer_t v) override { return Number(v); }
    bool number_unsigned(number_unsigned_t v) override {
        return v > static_cast<number_unsigned_t>(INT64_MAX) ? Fail() : Number(static_cast<std::int64_t>(v));
    }
    bool number_float(number_float_t v, const string_t&) override {
        if (m_depth == 1 && m_key == "scale" && v > 0) return scale = v, true;
        return Fail();
    }
    bool string(string_t& v) override {
        if (m_depth == 2 && m_key == "categories") return m_out.categories.push_back(v), true;
        if (m_depth == 2 && m_key == "statuses") return m_out.statuses.push_back(v), true;
        if (m_depth == 3 && m_key == "districts") {
            if (m_sub == "code") m_out.districts.back().code = v;
            else if (m_sub == "name") m_out.districts.back().name = v;
            return true;
        }
        return m_depth == 1; // other top-level strings: ignored (room for more)
    }
    bool binary(binary_t&) override { return Fail(); }
    bool start_object(std::size_t) override {
        if (m_depth == 0 || (m_depth == 2 && m_key == "districts")) {
            if (m_depth == 2) m_out.districts.emplace_back();
            ++m_depth;
            return true;
        }
        return Fail();
    }
    bool key(string_t& k) override {
        if (m_depth == 1) m_key = k;
        else m_sub = k;
        return true;
    }
    bool end_object() override { return --m_depth, true; }
    bool start_array(std::size_t) override {
        if (m_depth != 1) return Fail();
        m_column = m_key == "id" ? &id : m_key == "lat" ? &lat : m_key == "lon" ? &lon
                 : m_key == "category" ? &category : m_key == "status" ? &status
                 : m_key == "district" ? &district : m_key == "supports" ? &supports : nullptr;
        m_sum = 0;
        ++m_depth;
        return true;
    }
    bool end_array() override {
        m_column = nullptr;
        return --m_depth, true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return Fail(); }

private:
    bool Fail() { return ok = false; }
    bool Number(std::int64_t v) {
        if (m_depth == 1 && m_key == "count") return count = v, true;
        if (m_depth == 1 && m_key == "scale" && v > 0) return scale = static_cast<double>(v), true;
        if (m_depth != 2 || !m_column) return Fail();
        const bool delta = m_column == &id || m_column == &lat || m_column == &lon;
        if (delta) {
            m_sum += v;
            m_column->push_back(m_sum);
        } else {
            m_column->push_back(v);
        }
        return true;
    }

    MapPointColumns& m_out;
    int m_depth = 0;
    std::string m_key, m_sub;
    std::vector<std::int64_t>* m_column = nullptr;
    std::int64_t m_sum = 0;
};

} // namespace

void MapPointColumns::Add(std::int64_t pid, double latitude, double longitude, const std::string& category_value,
                    const std::string& status_value, const std::string& district_code,
                    const std::string& district_name, int support_count) {
    id.push_back(pid);
    lat.push_back(static_cast<double>(Quantize(latitude)) / kScale);
    lon.push_back(static_cast<double>(Quantize(longitude)) / kScale);
    category.push_back(category_value.empty() ? -1 : IndexIn(categories, category_value, SameString));
    status.push_back(IndexIn(statuses, status_value, SameString));
    district.push_back(district_code.empty() ? -1 : IndexIn(districts, MapPointDistrict{district_code, district_name}, SameDistrict));
    supports.push_back(support_count);
}

std::string EncodeMapPoints(const MapPointColumns& p) {
    std::string out;
    out.reserve(64 + p.Size() * 24);
    out += "{\"count\":" + std::to_string(p.Size()) + ",\"scale\":" + std::to_string(static_cast<long long>(MapPointColumns::kScale));
    std::vector<std::int64_t> lat, lon;
    lat.reserve(p.Size());
    lon.reserve(p.Size());
    for (std::size_t i = 0; i < p.Size(); ++i) {
        lat.push_back(Quantize(p.lat[i]));
        lon.push_back(Quantize(p.lon[i]));
    }
    Column(out, "id", p.id, true);
    Column(out, "lat", lat, true);
    Column(out, "lon", lon, true);
    out += ",\"categories\":[";
    for (std::size_t i = 0; i < p.categories.size(); ++i) out += (i ? "," : "") + Quoted(p.categories[i]);
    out += "]";
    Column(out, "category", Wide(p.category), false);
    out += ",\"statuses\":[";
    for (std::size_t i = 0; i < p.statuses.size(); ++i) out += (i ? "," : "") + Quoted(p.statuses[i]);
    out += "]";
    Column(out, "status", Wide(p.status), false);
    out += ",\"districts\":[";
    for (std::size_t i = 0; i < p.districts.size(); ++i)
        out += (i ? ",{\"code\":" : "{\"code\":") + Quoted(p.districts[i].code) + ",\"name\":" + Quoted(p.districts[i].name) + "}";
    out += "]";
    Column(out, "district", Wide(p.district), false);
    Column(out, "supports", Wide(p.supports), false);
    out += "}";
    return out;
}

namespace {

double PointSegmentDistance(LonLat p, LonLat a, LonLat b) {
    const double dx = b.lon - a.lon, dy = b.lat - a.lat;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / len2 : 0.0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return std::hypot(p.lon - (a.lon + t * dx), p.lat - (a.lat + t * dy));
}

void KeepFarthest(const Ring& r, std::size_t first, std::size_t last, double tolerance, std::vector<char>& keep) {
    // Iterative Douglas-Peucker (rings of thousands of points: no deep recursion).
    std::vector<std::pair<std::size_t, std::size_t>> todo{{first, last}};
    while (!todo.empty()) {
        const auto [a, b] = todo.back();
        todo.pop_back();
        double worst = -1;
        std::size_t at = a;
        for (std::size_t i = a + 1; i < b; ++i) {
            const double d = PointSegmentDistance(r[i], r[a], r[b]);
            if (d > worst) worst = d, at = i;
        }
        if (worst > tolerance) {
            keep[at] = 1;
            todo.push_back({a, at});
            todo.push_back({at, b});
        }
    }
}

double Round5(double v) { return std::round(v * 1e5) / 1e5; }

Ring Simplify(const Ring& r, double tolerance) {
    if (r.size() <= 4) {
        Ring out = r;
        for (auto& p : out) p = {Round5(p.lon), Round5(p.lat)};
        return out;
    }
    // The ring closed or not: simplify from its first point to the point farthest from it and back.
    std::size_t far = 0;
    double best = -1;
    for (std::size_t i = 1; i < r.size(); ++i) {
        const double d = std::hypot(r[i].lon - r[0].lon, r[i].lat - r[0].lat);
        if (d > best) best = d, far = i;
    }
    std::vector<char> keep(r.size(), 0);
    keep[0] = keep[far] = keep[r.size() - 1] = 1;
    KeepFarthest(r, 0, far, tolerance, keep);
    KeepFarthest(r, far, r.size() - 1, tolerance, keep);
    Ring out;
    for (std::size_t i = 0; i < r.size(); ++i)
        if (keep[i]) {
            const LonLat p{Round5(r[i].lon), Round5(r[i].lat)};
            if (out.empty() || p.lon != out.back().lon || p.lat != out.back().lat) out.push_back(p);
        }
    if (out.size() < 4) { // too small to simplify: kept as it was, rounded
        out.clear();
        for (const auto& p : r) out.push_back({Round5(p.lon), Round5(p.lat)});
    }
    return out;
}

} // namespace

std::vector<Region> SimplifyRegions(const std::vector<Region>& regions, double tolerance) {
    std::vector<Region> out = regions;
    for (auto& region : out)
        for (auto& poly : region.polygons) {
            poly.outer = Simplify(poly.outer, tolerance);
            for (auto& h : poly.holes) h = Simplify(h, tolerance);
        }
    return out;
}

namespace {

// The encoded polyline algorithm's numbers (as Google's and OSRM's polylines write them):
// zigzag, then five bits a character from '?' (63) on, 0x20 set on all but the last.
void AppendPolylineNumber(std::string& out, std::int64_t v) {
    std::uint64_t u = v < 0 ? ~(static_cast<std::uint64_t>(v) << 1) : static_cast<std::uint64_t>(v) << 1;
    while (u >= 0x20) {
        out += static_cast<char>((0x20 | (u & 0x1F)) + 63);
        u >>= 5;
    }
    out += static_cast<char>(u + 63);
}

bool ReadPolylineNumber(const std::string& s, std::size_t& i, std::int64_t& v) {
    std::uint64_t u = 0;
    for (int shift = 0; shift < 64; shift += 5) {
        if (i >= s.size()) return false;
        const int c = static_cast<unsigned char>(s[i++]) - 63;
        if (c < 0 || c > 63) return false;
        u |= static_cast<std::uint64_t>(c & 0x1F) << shift;
        if (!(c & 0x20)) {
            v = (u & 1) ? static_cast<std::int64_t>(~(u >> 1)) : static_cast<std::int64_t>(u >> 1);
            return true;
        }
    }
    return false;
}

} // namespace

std::string RegionsToMapJson(const std::vector<Region>& regions) {
    // Points that round to the one before are left out; a ring left with fewer than three
    // points (smaller than the rounding) is left out with them.
    auto ring = [](const Ring& r) {
        std::string out;
        std::int64_t px = 0, py = 0;
        std::size_t kept = 0;
        for (const auto& p : r) {
            const std::int64_t x = std::llround(p.lon * kOutlineScale), y = std::llround(p.lat * kOutlineScale);
            if (kept > 0 && x == px && y == py) continue;
            AppendPolylineNumber(out, x - px);
            AppendPolylineNumber(out, y - py);
            px = x, py = y;
            ++kept;
        }
        return kept >= 3 ? nlohmann::json(std::move(out)) : nlohmann::json();
    };
    nlohmann::json districts = nlohmann::json::array();
    for (const auto& region : regions) {
        nlohmann::json polys = nlohmann::json::array();
        for (const auto& poly : region.polygons) {
            nlohmann::json outer = ring(poly.outer);
            if (outer.is_null()) continue;
            nlohmann::json rings = nlohmann::json::array({std::move(outer)});
            for (const auto& h : poly.holes)
                if (nlohmann::json hole = ring(h); !hole.is_null()) rings.push_back(std::move(hole));
            polys.push_back(std::move(rings));
        }
        districts.push_back({{"code", region.code}, {"name", region.name}, {"polygons", std::move(polys)}});
    }
    return nlohmann::json{{"scale", static_cast<long long>(kOutlineScale)}, {"districts", std::move(districts)}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool RegionsFromMapJson(const nlohmann::json& j, std::vector<Region>& out) {
    out.clear();
    if (!j.is_object() || !j.contains("districts") || !j["districts"].is_array() || !j.contains("scale") ||
        !j["scale"].is_number() || !(j["scale"].get<double>() > 0))
        return false;
    const double scale = j["scale"].get<double>();
    auto ring = [scale](const nlohmann::json& v, Ring& r) {
        if (v.is_string()) {
            // An encoded polyline (RegionsToMapJson).
            const std::string& s = v.get_ref<const std::string&>();
            std::int64_t x = 0, y = 0;
            for (std::size_t i = 0; i < s.size();) {
                std::int64_t dx = 0, dy = 0;
                if (!ReadPolylineNumber(s, i, dx) || !ReadPolylineNumber(s, i, dy)) return false;
                x += dx;
                y += dy;
                r.push_back({static_cast<double>(x) / scale, static_cast<double>(y) / scale});
            }
            return r.size() >= 3;
        }
        if (!v.is_array() || v.size() % 2 != 0 || v.size() < 6) return false;
        std::int64_t x = 0, y = 0;
        for (std::size_t i = 0; i < v.size(); i += 2) {
            if (!v[i].is_number_integer() || !v[i + 1].is_number_integer()) return false;
            x += v[i].get<std::int64_t>();
            y += v[i + 1].get<std::int64_t>();
            r.push_back({static_cast<double>(x) / scale, static_cast<double>(y) / scale});
        }
        return true;
    };
    for (const auto& d : j["districts"]) {
        if (!d.is_object() || !d.contains("code") || !d["code"].is_string() || !d.contains("polygons") ||
            !d["polygons"].is_array())
            return out.clear(), false;
        Region region;
        region.code = d["code"].get<std::string>();
        region.name = d.contains("name") && d["name"].is_string() ? d["name"].get<std::string>() : region.code;
        for (const auto& rings : d["polygons"]) {
            if (!rings.is_array() || rings.empty()) return out.clear(), false;
            Polygon poly;
            if (!ring(rings[0], poly.outer)) return out.clear(), false;
            for (std::size_t k = 1; k < rings.size(); ++k) {
                poly.holes.emplace_back();
                if (!ring(rings[k], poly.holes.back())) return out.clear(), false;
            }
            for (const auto& p : poly.outer) region.bbox.Extend(p);
            region.polygons.push_back(std::move(poly));
        }
        out.push_back(std::move(region));
    }
    return true;
}

bool DecodeMapPoints(std::string_view text, MapPointColumns& points) {
    points = MapPointColumns{};
    Reader r(points);
    const bool parsed = nlohmann::json::sax_parse(text.begin(), text.end(), &r) && r.ok;
    const std::size_t n = r.id.size();
    const auto within = [](const std::vector<std::int64_t>& column, std::size_t table, bool none_allowed) {
        for (std::int64_t v : column)
            if (v >= static_cast<std::int64_t>(table) || v < (none_allowed ? -1 : 0)) return false;
        return true;
    };
    if (!parsed || r.lat.size() != n || r.lon.size() != n || r.category.size() != n || r.status.size() != n ||
        r.district.size() != n || r.supports.size() != n || (r.count >= 0 && static_cast<std::size_t>(r.count) != n) ||
        !within(r.category, points.categories.size(), true) || !within(r.status, points.statuses.size(), false) ||
        !within(r.district, points.districts.size(), true)) {
        points = MapPointColumns{};
        return false;
    }
    points.id = std::move(r.id);
    points.lat.resize(n);
    points.lon.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        points.lat[i] = static_cast<double>(r.lat[i]) / r.scale;
        points.lon[i] = static_cast<double>(r.lon[i]) / r.scale;
    }
    points.category.assign(r.category.begin(), r.category.end());
    points.status.assign(r.status.begin(), r.status.end());
    points.district.assign(r.district.begin(), r.district.end());
    points.supports.assign(r.supports.begin(), r.supports.end());
    return true;
}

} // namespace quartier
