// An immediate-mode map for Dear ImGui: region outlines and fills in Web Mercator, markers
// and counted clusters drawn in batches, cards anchored to places, and the gestures people
// expect (drag, wheel and pinch zoom around the pointer, arrows and +/−). No raster tiles:
// the basemap is the municipality's own districts or communes. Usage:
//
//     if (BeginMap("##map", state, ImVec2(-1, -1), MapFlags_Cluster)) {
//         MapShapes(shapes);
//         const int hovered = MapPoints(clusters.data(), n, color_of, selected_id);
//         MercatorPoint at;
//         if (IsMapClicked(&at)) { ... }
//         if (selected >= 0) { BeginMapCard("card", where, 320); ...; EndMapCard(); }
//         EndMap();
//     }
#pragma once

#include "widgets/app/map_viewport.h"

#include <imgui.h>

#include <functional>

namespace quartier {

enum MapFlags_ {
    MapFlags_None = 0,
    MapFlags_Cluster = 1 << 0,       // the caller passes clusters; MapPoints draws counts for groups
    MapFlags_NoPan = 1 << 1,         // no dragging
    MapFlags_NoZoom = 1 << 2,        // no wheel, pinch, +/− keys or buttons
    MapFlags_NoKeyboard = 1 << 3,    // arrows and +/− are left to the caller
    MapFlags_NoZoomButtons = 1 << 4, // no + and − buttons in the corner
};
using MapFlags = int;

struct MapStyle {
    ImU32 background = IM_COL32(0xE3, 0xEA, 0xEF, 0xFF);       // outside the regions
    ImU32 region_fill = IM_COL32(0xFA, 0xF9, 0xF5, 0xFF);      // inside the regions (land)
    ImU32 region_highlight = IM_COL32(0xFF, 0xF6, 0xDD, 0xFF); // the highlighted region
    ImU32 region_outline = IM_COL32(0x7B, 0x87, 0x94, 0xFF);   // borders between regions (3:1 on the fills)
    float outline_width = 1.0f;     // CSS px
    float marker_radius = 9.0f;     // CSS px, a single proposal
    float cluster_radius = 15.0f;   // CSS px, the smallest group (grows with its count)
    ImU32 marker_ring = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);      // ring around markers and groups
    ImU32 marker_edge = IM_COL32(0x1F, 0x29, 0x33, 0xFF);      // thin edge outside the ring: 3:1 on any land,
                                                               // whatever the category's colour
    float marker_edge_width = 1.5f; // CSS px
    ImU32 cluster_fill = 0;         // 0: the theme's accent (ImGuiCol_Button)
    ImU32 cluster_text = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);     // count inside a group
    ImU32 selected_ring = IM_COL32(0x1F, 0x29, 0x33, 0xFF);    // ring around the selected marker
    float hit_slop = 8.0f;          // CSS px added around markers for fingers
    float keyboard_pan = 96.0f;     // CSS px an arrow press moves the map
    float wheel_zoom = 0.5f;        // zoom levels per wheel notch
    float card_margin = 12.0f;      // CSS px between a card and the map's edge or its anchor
};

// Starts a map of `size` (negative or zero: the space left) at the cursor. Handles pan and
// zoom input and writes the map area into state. Returns false when nothing is visible; call
// EndMap() only when it returned true.
bool BeginMap(const char* id, MapState& state, const ImVec2& size = ImVec2(-1, -1),
              MapFlags flags = MapFlags_None, const MapStyle& style = MapStyle());
void EndMap();

// [Base layer] The map's base (tiles, district outlines, markers and groups) drawn once into
// a texture while the map is dragged, then shown moved for as long as only the centre
// changes (within a margin around the view): a pan frame costs one image, not every outline
// and marker again. Between BeginMapBase and EndMapBase, MapImage, MapShapes and MapPoints
// draw into the base — or, when the picture kept is still good (MapBaseCached()), draw
// nothing and only find what is under the pointer. key: whatever else changes the base
// (data, filters, colours, the selection, tiles loaded); zoom and size are added here.
// Returns the area to draw for: the view, or a larger one around it when the base goes into
// a texture (query the markers and tiles of that area then). Without offscreen layers
// (native builds) it is the view and everything is drawn straight, every frame.
const MapState& BeginMapBase(unsigned long long key);
bool MapBaseCached();
void EndMapBase();

// An image covering a rectangle of the map (a raster tile: see map_tiles.h), under what is
// drawn after it. min: north-west corner, max: south-east, in Web Mercator.
void MapImage(ImTextureID texture, MercatorPoint min, MercatorPoint max, ImU32 tint = IM_COL32_WHITE);

// Fills and outlines shapes (clipped to the map, outlines thinned to what a pixel shows);
// `highlighted` is drawn in region_highlight. Returns the shape under the mouse, or -1.
// fills (optional, one colour per shape, e.g. a choropleth's classes): a non-zero colour
// replaces the fill of that shape; the highlighted one then keeps it and gets a bold outline.
int MapShapes(const std::vector<MapShape>& shapes, int highlighted = -1, const ImU32* fills = nullptr);

// Draws items (single markers coloured by color(first), groups as counted bubbles) and
// returns the index into items of the one under the mouse or finger, or -1. `selected` is a
// MapCluster::first drawn with a ring.
int MapPoints(const MapCluster* items, int count, const std::function<ImU32(int first)>& color,
              int selected = -1);
// Radius on screen (device px) of an item as MapPoints draws it.
float MapPointRadius(const MapCluster& item);

// A pin (the place of a new proposal).
void MapPin(MercatorPoint where, ImU32 color);
// A crosshair at the centre (where keyboard placement puts things).
void MapCrosshair(ImU32 color);

// True once when the map was pressed and released without dragging (where: the place), or
// activated from the keyboard (Enter or Space while it has focus: the centre, by_keyboard).
bool IsMapClicked(MercatorPoint* where = nullptr, bool* by_keyboard = nullptr);
bool IsMapHovered();
// True when the map has keyboard focus (arrows pan it).
bool IsMapFocused();
// Moves keyboard focus to the map.
void FocusMap();

// A panel over a corner of the map (a legend, a switch): width_css wide at most (never
// wider than the map), as tall as its content was the frame before. Pair with EndMapPanel.
enum MapCorner_ { MapCorner_TopLeft = 0, MapCorner_TopRight, MapCorner_BottomLeft, MapCorner_BottomRight };
using MapCorner = int;
void BeginMapPanel(const char* id, MapCorner corner, float width_css);
void EndMapPanel();

// The basemap's credit (raster tiles' licence), small, in the bottom-right corner.
void MapAttribution(const char* text);

// A card anchored to a place: above it when there is room, else below, always inside the
// map; on a narrow map, a sheet along the bottom. width_css: its width on a wide map.
void BeginMapCard(const char* id, MercatorPoint anchor, float width_css);
void EndMapCard();

} // namespace quartier
