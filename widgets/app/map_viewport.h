// The map's arithmetic, without ImGui: where the map looks (a Web Mercator viewport, pan and
// zoom around a point), and a clustering index that groups nearby points so that 100 000
// proposals cost a frame only what is on screen. The map view-model and the ImGui map piece
// (map.h) share these; tests use them natively.
#pragma once

#include "shared/geo/geo.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quartier {

struct ScreenPoint {
    double x = 0.0;
    double y = 0.0;
};

// Where the map looks and how large it is. Screen coordinates are the ImGui ones (device
// pixels); zoom is counted in CSS pixels, so the map shows the same area at every
// devicePixelRatio.
struct MapState {
    MercatorPoint center{0.5, 0.5}; // middle of the map area, Web Mercator unit square
    double zoom = 12.0;             // the world is 256 · 2^zoom CSS pixels wide
    double min_zoom = 2.0;          // zoom limits (2: a continent; 19: a street corner)
    double max_zoom = 19.0;
    double origin_x = 0.0;          // top-left corner of the map area on screen (set by BeginMap)
    double origin_y = 0.0;
    double width = 640.0;           // size of the map area in device pixels (set by BeginMap)
    double height = 480.0;
    double scale = 1.0;             // device pixels per CSS pixel (set by BeginMap)

    double PixelsPerUnit() const;   // device pixels per Mercator unit at this zoom
    ScreenPoint ToScreen(MercatorPoint m) const;
    ScreenPoint ToScreen(LonLat p) const { return ToScreen(ToMercator(p)); }
    MercatorPoint ToMercatorAt(ScreenPoint s) const;
    LonLat ToLonLatAt(ScreenPoint s) const { return FromMercator(ToMercatorAt(s)); }

    // Moves the map by a drag of (dx, dy) device pixels: what was under the finger stays under it.
    void PanBy(double dx, double dy);
    // Changes the zoom by dz (1: twice as close), keeping the place under `anchor` still.
    void ZoomAround(ScreenPoint anchor, double dz);
    // Centres on box and picks the largest zoom that shows it whole, with `padding_css`
    // CSS pixels to spare on every side.
    void FitBox(const BBox& box, double padding_css = 24.0);
    // The part of the Mercator square on screen: {min x, min y} and {max x, max y}.
    void VisibleRect(MercatorPoint& min, MercatorPoint& max) const;
    // Keeps zoom within limits and the centre on the world.
    void Clamp();
};

// A region (commune, district) ready to draw: its rings projected once to Web Mercator and
// its fill cut into triangles once. Mercator-to-screen is a scale and a shift, so the same
// triangles stay exact at every zoom; only the outlines are redrawn (and thinned) per frame.
struct MapShape {
    std::string code;
    std::string name;
    std::vector<MercatorPoint> points;       // every ring's points, ring after ring
    std::vector<std::uint32_t> ring_starts;  // ring i is [ring_starts[i], ring_starts[i+1]) (last: points.size())
    std::vector<std::uint32_t> triangles;    // fill, three indices into points a triangle (holes not cut out)
    MercatorPoint min{2, 2}, max{-1, -1};    // bounding box
};

std::vector<MapShape> BuildMapShapes(const std::vector<Region>& regions);

// Ear clipping of one simple ring (either orientation): appends triangles as indices
// base + i. Self-intersecting rings are filled as far as they can be. Returns the number of
// triangles added (n − 2 for a simple ring of n distinct points).
int TriangulateRing(const MercatorPoint* ring, int n, std::uint32_t base, std::vector<std::uint32_t>& out);

// One group of nearby points (or one point alone) at the current zoom.
struct MapCluster {
    MercatorPoint pos;            // mean position of the members
    MercatorPoint min, max;       // bounding box of the members
    int count = 0;                // how many points
    int first = -1;               // index (into Build's points) of one member; the only one when count == 1
};

// Grid clustering on a quadtree of levels: at zoom level z the world is cut into square cells
// of kCellCss CSS pixels and the points of a cell form one cluster. Cells nest (a cell of
// level z is four of level z+1), so every level is built once from the level below when the
// points change; a frame then only reads the clusters in the rows of cells on screen.
class ClusterIndex {
public:
    static constexpr int kCellCss = 64;      // cell size in CSS pixels at every level
    static constexpr int kPointLevel = 17;   // from this zoom on, every point stands alone

    // Rebuilds every level; ids are the caller's indices returned in MapCluster::first
    // (same length as points).
    void Build(const std::vector<MercatorPoint>& points, const std::vector<int>& ids);
    // Appends the clusters whose cell touches the visible area (plus one cell of margin) at
    // the view's zoom; never clusters when cluster is false.
    void Query(const MapState& view, bool cluster, std::vector<MapCluster>& out) const;
    // The level used at a zoom.
    static int LevelFor(double zoom);
    std::size_t PointCount() const { return m_levels.empty() ? 0 : m_levels.back().size(); }

private:
    struct Node {
        std::uint64_t key;        // row << 32 | column of the node's cell at its level
        MapCluster cluster;
    };
    std::vector<std::vector<Node>> m_levels; // [0 .. kPointLevel], each sorted by key
};

} // namespace quartier
