// MapState arithmetic and the clustering index (see map_viewport.h).
#include "widgets/app/map_viewport.h"

#include <algorithm>
#include <cmath>

namespace quartier {

// [SECTION] Viewport

double MapState::PixelsPerUnit() const { return 256.0 * std::exp2(zoom) * scale; }

ScreenPoint MapState::ToScreen(MercatorPoint m) const {
    const double k = PixelsPerUnit();
    return {origin_x + width / 2 + (m.x - center.x) * k, origin_y + height / 2 + (m.y - center.y) * k};
}

MercatorPoint MapState::ToMercatorAt(ScreenPoint s) const {
    const double k = PixelsPerUnit();
    return {center.x + (s.x - origin_x - width / 2) / k, center.y + (s.y - origin_y - height / 2) / k};
}

void MapState::PanBy(double dx, double dy) {
    const double k = PixelsPerUnit();
    center.x -= dx / k;
    center.y -= dy / k;
    Clamp();
}

void MapState::ZoomAround(ScreenPoint anchor, double dz) {
    const MercatorPoint before = ToMercatorAt(anchor);
    zoom = std::clamp(zoom + dz, min_zoom, max_zoom);
    const MercatorPoint after = ToMercatorAt(anchor);
    center.x += before.x - after.x;
    center.y += before.y - after.y;
    Clamp();
}

void MapState::FitBox(const BBox& box, double padding_css) {
    if (box.Empty()) return;
    const MercatorPoint a = ToMercator({box.min_lon, box.max_lat});
    const MercatorPoint b = ToMercator({box.max_lon, box.min_lat});
    center = {(a.x + b.x) / 2, (a.y + b.y) / 2};
    const double w_css = std::max(1.0, width / scale - 2 * padding_css);
    const double h_css = std::max(1.0, height / scale - 2 * padding_css);
    const double dx = std::max(b.x - a.x, 1e-9), dy = std::max(b.y - a.y, 1e-9);
    // 256 · 2^zoom · d = available pixels
    zoom = std::log2(std::min(w_css / dx, h_css / dy) / 256.0);
    Clamp();
}

void MapState::VisibleRect(MercatorPoint& min, MercatorPoint& max) const {
    min = ToMercatorAt({origin_x, origin_y});
    max = ToMercatorAt({origin_x + width, origin_y + height});
}

void MapState::Clamp() {
    if (!std::isfinite(zoom)) zoom = min_zoom;
    zoom = std::clamp(zoom, min_zoom, max_zoom);
    if (!std::isfinite(center.x) || !std::isfinite(center.y)) center = {0.5, 0.5};
    center.x = std::clamp(center.x, 0.0, 1.0);
    center.y = std::clamp(center.y, 0.0, 1.0);
}

// [SECTION] Shapes

namespace {

double Cross(MercatorPoint o, MercatorPoint a, MercatorPoint b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

bool InTriangle(MercatorPoint p, MercatorPoint a, MercatorPoint b, MercatorPoint c) {
    const double d1 = Cross(a, b, p), d2 = Cross(b, c, p), d3 = Cross(c, a, p);
    const bool neg = d1 < 0 || d2 < 0 || d3 < 0, pos = d1 > 0 || d2 > 0 || d3 > 0;
    return !(neg && pos);
}

} // namespace

// Hand-written ear clipping (earcut is not packaged in Debian): O(n²) per ring, and commune
// rings have a few hundred points, triangulated once when the outlines arrive.
int TriangulateRing(const MercatorPoint* ring, int n, std::uint32_t base, std::vector<std::uint32_t>& out) {
    if (n < 3) return 0;
    double area2 = 0;
    for (int i = 0, j = n - 1; i < n; j = i++) area2 += ring[j].x * ring[i].y - ring[i].x * ring[j].y;
    const double sign = area2 >= 0 ? 1.0 : -1.0; // orientation of the ring
    std::vector<int> idx(n);
    for (int i = 0; i < n; ++i) idx[i] = i;
    int added = 0;
    int guard = 0;
    for (int i = 0; idx.size() > 3 && guard < static_cast<int>(idx.size());) {
        const int m = static_cast<int>(idx.size());
        const int ia = idx[(i + m - 1) % m], ib = idx[i % m], ic = idx[(i + 1) % m];
        const MercatorPoint a = ring[ia], b = ring[ib], c = ring[ic];
        bool ear = Cross(a, b, c) * sign > 0; // convex corner
        if (ear)
            for (int k = 0; k < m && ear; ++k) {
                const int ik = idx[k];
                if (ik == ia || ik == ib || ik == ic) continue;
                if (InTriangle(ring[ik], a, b, c)) ear = false;
            }
        if (ear) {
            out.insert(out.end(), {base + ia, base + ib, base + ic});
            ++added;
            idx.erase(idx.begin() + (i % m));
            guard = 0;
            if (i >= static_cast<int>(idx.size())) i = 0;
        } else {
            i = (i + 1) % m;
            ++guard;
        }
    }
    if (idx.size() == 3) {
        out.insert(out.end(), {base + idx[0], base + idx[1], base + idx[2]});
        ++added;
    }
    return added;
}

std::vector<MapShape> BuildMapShapes(const std::vector<Region>& regions) {
    std::vector<MapShape> shapes;
    shapes.reserve(regions.size());
    for (const Region& r : regions) {
        MapShape s;
        s.code = r.code;
        s.name = r.name;
        auto add_ring = [&s](const Ring& ring, bool fill) {
            const auto start = static_cast<std::uint32_t>(s.points.size());
            s.ring_starts.push_back(start);
            for (const LonLat& p : ring) {
                const MercatorPoint m = ToMercator(p);
                s.points.push_back(m);
                s.min = {std::min(s.min.x, m.x), std::min(s.min.y, m.y)};
                s.max = {std::max(s.max.x, m.x), std::max(s.max.y, m.y)};
            }
            if (fill) TriangulateRing(s.points.data() + start, static_cast<int>(ring.size()), start, s.triangles);
        };
        for (const Polygon& p : r.polygons) {
            add_ring(p.outer, true);
            for (const Ring& hole : p.holes) add_ring(hole, false);
        }
        shapes.push_back(std::move(s));
    }
    return shapes;
}

// [SECTION] Clustering

namespace {

std::uint64_t CellsPerAxis(int level) { return std::uint64_t(1) << (level + 2); } // 256 · 2^z / 64

std::uint64_t Cell(double v, int level) {
    const double n = static_cast<double>(CellsPerAxis(level));
    return static_cast<std::uint64_t>(std::clamp(v * n, 0.0, n - 1));
}

std::uint64_t Key(std::uint64_t row, std::uint64_t col) { return row << 32 | col; }

} // namespace

static_assert(256 / ClusterIndex::kCellCss == 4, "Cell() assumes 64-pixel cells");

int ClusterIndex::LevelFor(double zoom) {
    return std::clamp(static_cast<int>(std::floor(zoom + 0.5)), 0, kPointLevel);
}

void ClusterIndex::Build(const std::vector<MercatorPoint>& points, const std::vector<int>& ids) {
    m_levels.assign(kPointLevel + 1, {});
    // The finest level: every point is its own node, sorted by cell.
    auto& finest = m_levels[kPointLevel];
    finest.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const MercatorPoint p = points[i];
        MapCluster c;
        c.pos = c.min = c.max = p;
        c.count = 1;
        c.first = ids[i];
        finest.push_back({Key(Cell(p.y, kPointLevel), Cell(p.x, kPointLevel)), c});
    }
    std::sort(finest.begin(), finest.end(), [](const Node& a, const Node& b) { return a.key < b.key; });

    // Each coarser level merges the four child cells of each of its cells.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
    for (int level = kPointLevel - 1; level >= 0; --level) {
        const auto& below = m_levels[level + 1];
        order.clear();
        order.reserve(below.size());
        for (std::uint32_t i = 0; i < below.size(); ++i) {
            const std::uint64_t row = below[i].key >> 32, col = below[i].key & 0xFFFFFFFFu;
            order.emplace_back(Key(row >> 1, col >> 1), i);
        }
        std::sort(order.begin(), order.end());
        auto& out = m_levels[level];
        out.reserve(order.size());
        for (std::size_t i = 0; i < order.size();) {
            const std::uint64_t key = order[i].first;
            double sx = 0, sy = 0;
            MapCluster c;
            c.min = {2, 2};
            c.max = {-1, -1};
            for (; i < order.size() && order[i].first == key; ++i) {
                const MapCluster& child = below[order[i].second].cluster;
                sx += child.pos.x * child.count;
                sy += child.pos.y * child.count;
                c.count += child.count;
                if (c.first < 0) c.first = child.first;
                c.min = {std::min(c.min.x, child.min.x), std::min(c.min.y, child.min.y)};
                c.max = {std::max(c.max.x, child.max.x), std::max(c.max.y, child.max.y)};
            }
            c.pos = {sx / c.count, sy / c.count};
            out.push_back({key, c});
        }
        out.shrink_to_fit();
    }
}

void ClusterIndex::Query(const MapState& view, bool cluster, std::vector<MapCluster>& out) const {
    if (m_levels.empty()) return;
    const int level = cluster ? LevelFor(view.zoom) : kPointLevel;
    const auto& nodes = m_levels[level];
    if (nodes.empty()) return;
    MercatorPoint lo, hi;
    view.VisibleRect(lo, hi);
    // One cell of margin: a cluster's mean may sit near its cell's edge, and markers have a size.
    const std::uint64_t n = CellsPerAxis(level);
    const auto cell_lo = [&](double v) { const std::uint64_t c = Cell(v, level); return c > 0 ? c - 1 : 0; };
    const auto cell_hi = [&](double v) { return std::min<std::uint64_t>(Cell(v, level) + 1, n - 1); };
    const std::uint64_t c0 = cell_lo(lo.x), c1 = cell_hi(hi.x);
    const std::uint64_t r0 = cell_lo(lo.y), r1 = cell_hi(hi.y);
    const auto by_key = [](const Node& node, std::uint64_t k) { return node.key < k; };
    for (std::uint64_t row = r0; row <= r1; ++row) {
        auto it = std::lower_bound(nodes.begin(), nodes.end(), Key(row, c0), by_key);
        for (; it != nodes.end() && it->key <= Key(row, c1); ++it) out.push_back(it->cluster);
    }
}

} // namespace quartier
