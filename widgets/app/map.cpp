// The ImGui map piece (see map.h).
//
// Index: [SECTION] State  [SECTION] Begin/End and input  [SECTION] Shapes
//        [SECTION] Points  [SECTION] Cards
#define IMGUI_DEFINE_MATH_OPERATORS // ImVec2 arithmetic, before any ImGui header
#include "widgets/app/map.h"

#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/touch.h"
#include "widgets/app/ui.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <unordered_map>

namespace quartier {

// [SECTION] State

namespace {

struct CurrentMap {
    MapState* state = nullptr;
    MapFlags flags = 0;
    MapStyle style;
    ImRect rect;
    ImGuiID id = 0;
    bool hovered = false;
    bool focused = false;
    bool clicked = false;
    bool clicked_by_keyboard = false;
    bool dragged = false;    // pressed (a pan may be under way) or pinched
    bool hit_only = false;   // the base is kept: find what is under the pointer, draw nothing
    MercatorPoint clicked_at;
    std::vector<ImVec2> scratch; // projected points, reused frame after frame
};
CurrentMap g_map;

struct PinchMemory {
    bool active = false;
    float cx = 0, cy = 0, distance = 0;
};
PinchMemory g_pinch;

std::unordered_map<ImGuiID, float> g_card_heights; // last measured height of each card
ImGuiID g_card_key = 0;                             // the card being drawn

float Css(float v) { return v * UiScale(); }

ImVec2 ToVec(ScreenPoint p) { return ImVec2(static_cast<float>(p.x), static_cast<float>(p.y)); }

bool KeyPressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), true); }

// Zoom control: a square button in the map's corner.
bool CornerButton(const char* label, const char* id, ImVec2 pos, float side) {
    ImGui::SetCursorScreenPos(pos);
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushStyleColor(ImGuiCol_Button, style.Colors[ImGuiCol_WindowBg]);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, style.Colors[ImGuiCol_FrameBgHovered]);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, style.Colors[ImGuiCol_FrameBgActive]);
    ImGui::PushID(id);
    const bool pressed = ImGui::Button(label, ImVec2(side, side));
    ImGui::PopID();
    ImGui::PopStyleColor(3);
    return pressed;
}

} // namespace

// [SECTION] Begin/End and input

bool BeginMap(const char* id, MapState& state, const ImVec2& size_arg, MapFlags flags, const MapStyle& style) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return false;
    CurrentMap& m = g_map;
    m.state = &state;
    m.flags = flags;
    m.style = style;
    m.clicked = false;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(size_arg.x > 0 ? size_arg.x : std::max(avail.x, 1.0f),
                      size_arg.y > 0 ? size_arg.y : std::max(avail.y, 1.0f));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    m.rect = ImRect(pos, pos + size);
    state.origin_x = pos.x;
    state.origin_y = pos.y;
    state.width = size.x;
    state.height = size.y;
    state.scale = UiScale();
    state.Clamp();

    // The zoom buttons are submitted before the map so that they, not the map, get the
    // pointer over them (ImGui gives it to the first item claiming it); they are drawn on a
    // channel above the map's.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    if (!(flags & (MapFlags_NoZoom | MapFlags_NoZoomButtons))) {
        dl->ChannelsSetCurrent(1);
        const float side = TouchTargetHeight();
        const float margin = Css(style.card_margin);
        const ImVec2 at(m.rect.Max.x - side - margin, m.rect.Min.y + margin);
        const ScreenPoint mid{m.rect.GetCenter().x, m.rect.GetCenter().y};
        if (CornerButton("+", "zoom-in", at, side)) state.ZoomAround(mid, 1.0);
        NoteControl("zoom-in");
        if (CornerButton("\xE2\x88\x92", "zoom-out", ImVec2(at.x, at.y + side + Css(6)), side))
            state.ZoomAround(mid, -1.0);
        NoteControl("zoom-out");
        ImGui::SetCursorScreenPos(pos);
    }
    dl->ChannelsSetCurrent(0);
    const bool pressed = ImGui::InvisibleButton(id, size, ImGuiButtonFlags_MouseButtonLeft);
    if (!ImGui::IsItemVisible()) {
        dl->ChannelsMerge();
        return false;
    }
    m.id = ImGui::GetItemID();
    ImGui::SetItemUsingMouseWheel();
    m.hovered = ImGui::IsItemHovered();
    m.focused = ImGui::IsItemFocused();
    const bool active = ImGui::IsItemActive();
    m.dragged = active || CurrentPinch().active;
    m.hit_only = false;
    ImGuiIO& io = ImGui::GetIO();

    // Pan: mouse or one finger (the host turns a finger into the mouse).
    const float drag_threshold = Css(6.0f);
    if (active && !(flags & MapFlags_NoPan) && ImGui::IsMouseDragging(ImGuiMouseButton_Left, drag_threshold))
        state.PanBy(io.MouseDelta.x, io.MouseDelta.y);
    // A click: pressed and released without travelling; or Enter/Space on the focused map,
    // which clicks at the centre (where the crosshair is).
    const bool enter = m.focused && !io.WantTextInput &&
                       (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false));
    const bool by_keyboard = enter || (pressed && ImGui::GetCurrentContext()->ActiveIdSource == ImGuiInputSource_Nav);
    m.clicked_by_keyboard = by_keyboard;
    if (by_keyboard) {
        m.clicked = true;
        m.clicked_at = state.center;
    } else if (pressed && io.MouseDragMaxDistanceSqr[0] < drag_threshold * drag_threshold) {
        m.clicked = true;
        m.clicked_at = state.ToMercatorAt({io.MousePos.x, io.MousePos.y});
    }
    // Wheel zoom around the pointer.
    if (m.hovered && io.MouseWheel != 0.0f && !(flags & MapFlags_NoZoom))
        state.ZoomAround({io.MousePos.x, io.MousePos.y}, io.MouseWheel * style.wheel_zoom);
    // Pinch: zoom by the change of distance around the fingers' midpoint, pan by its travel.
    const TouchPinch& pinch = CurrentPinch();
    if (pinch.active && m.rect.Contains(ImVec2(pinch.center_x, pinch.center_y))) {
        if (g_pinch.active && g_pinch.distance > 0 && pinch.distance > 0) {
            if (!(flags & MapFlags_NoPan)) state.PanBy(pinch.center_x - g_pinch.cx, pinch.center_y - g_pinch.cy);
            if (!(flags & MapFlags_NoZoom))
                state.ZoomAround({pinch.center_x, pinch.center_y}, std::log2(pinch.distance / g_pinch.distance));
        }
        g_pinch = {true, pinch.center_x, pinch.center_y, pinch.distance};
    } else {
        g_pinch.active = false;
    }
    // Keyboard, when the map has focus: arrows pan, + and − zoom (the arrows are kept from
    // ImGui's navigation, which would otherwise move focus away).
    if (m.focused && !(flags & MapFlags_NoKeyboard) && !io.WantTextInput) {
        const float step = Css(style.keyboard_pan);
        float dx = 0, dy = 0;
        if (KeyPressed(ImGuiKey_LeftArrow)) dx += step;
        if (KeyPressed(ImGuiKey_RightArrow)) dx -= step;
        if (KeyPressed(ImGuiKey_UpArrow)) dy += step;
        if (KeyPressed(ImGuiKey_DownArrow)) dy -= step;
        if (dx != 0 || dy != 0) {
            if (!(flags & MapFlags_NoPan)) state.PanBy(dx, dy);
            ImGui::NavMoveRequestCancel();
        }
        if (!(flags & MapFlags_NoZoom))
            for (ImWchar c : io.InputQueueCharacters) {
                const ScreenPoint mid{pos.x + size.x / 2, pos.y + size.y / 2};
                if (c == '+' || c == '=') state.ZoomAround(mid, 1.0);
                if (c == '-' || c == 0x2212) state.ZoomAround(mid, -1.0);
            }
    }

    dl->PushClipRect(m.rect.Min, m.rect.Max, true);
    dl->AddRectFilled(m.rect.Min, m.rect.Max, style.background);
    return true;
}

void EndMap() {
    CurrentMap& m = g_map;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Keyboard focus shows as a ring inside the map's edge.
    if (m.focused && ImGui::GetCurrentContext()->NavDisableHighlight == false)
        dl->AddRect(m.rect.Min + ImVec2(Css(2), Css(2)), m.rect.Max - ImVec2(Css(2), Css(2)),
                    ImGui::GetColorU32(ImGuiCol_NavHighlight), 0, 0, Css(3));
    dl->PopClipRect();
    dl->ChannelsMerge();
    // Leave the cursor below the map, as any item would.
    ImGui::SetCursorScreenPos(ImVec2(m.rect.Min.x, m.rect.Max.y));
    ImGui::Dummy(ImVec2(0, 0));
    m.state = nullptr;
}

void MapImage(ImTextureID texture, MercatorPoint min, MercatorPoint max, ImU32 tint) {
    const CurrentMap& m = g_map;
    if (!m.state || m.hit_only) return;
    const ImVec2 a = ToVec(m.state->ToScreen(min)), b = ToVec(m.state->ToScreen(max));
    if (b.x < m.rect.Min.x || a.x > m.rect.Max.x || b.y < m.rect.Min.y || a.y > m.rect.Max.y) return;
    // Whole pixels on both sides, so that neighbouring tiles meet without a hairline.
    ImGui::GetWindowDrawList()->AddImage(texture, ImVec2(std::floor(a.x), std::floor(a.y)),
                                         ImVec2(std::ceil(b.x), std::ceil(b.y)), ImVec2(0, 0), ImVec2(1, 1), tint);
}

bool IsMapClicked(MercatorPoint* where, bool* by_keyboard) {
    if (g_map.clicked && where) *where = g_map.clicked_at;
    if (by_keyboard) *by_keyboard = g_map.clicked && g_map.clicked_by_keyboard;
    return g_map.clicked;
}
bool IsMapHovered() { return g_map.hovered; }
bool IsMapFocused() { return g_map.focused; }

void FocusMap() {
    if (g_map.id != 0) ImGui::SetFocusID(g_map.id, ImGui::GetCurrentWindow());
}

// [SECTION] Base layer

namespace {

struct BaseLayer {
    OffscreenLayer target;
    ImDrawList* list = nullptr;  // what the texture shows (kept until the frame is drawn)
    bool valid = false;
    unsigned long long key = 0;
    MercatorPoint center;        // the view's centre when it was drawn
    float margin = 0;            // device px drawn around the map on each side
    // While the base is drawn into the texture:
    bool drawing = false;
    ImDrawList* window_list = nullptr;
    MapState* view = nullptr;
    MapState area;
    ImRect rect;
};
BaseLayer g_base;

unsigned long long Mix(unsigned long long h, double v) {
    unsigned long long bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    return (h ^ bits) * 1099511628211ull;
}

} // namespace

const MapState& BeginMapBase(unsigned long long key) {
    CurrentMap& m = g_map;
    BaseLayer& b = g_base;
    MapState& v = *m.state;
    m.hit_only = false;
    if (!OffscreenLayers()) return v;
    key = Mix(Mix(Mix(Mix(key, v.zoom), v.width), v.height), v.scale);
    const double k = v.PixelsPerUnit();
    const float sx = static_cast<float>((b.center.x - v.center.x) * k);
    const float sy = static_cast<float>((b.center.y - v.center.y) * k);
    if (b.valid && b.key == key && std::fabs(sx) <= b.margin && std::fabs(sy) <= b.margin) {
        // The picture kept still covers the map: shown moved by the pan since.
        const ImVec2 at(std::round(m.rect.Min.x - b.margin + sx), std::round(m.rect.Min.y - b.margin + sy));
        ImGui::GetWindowDrawList()->AddImage(
            reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(b.target.texture)), at,
            at + ImVec2(static_cast<float>(b.target.width), static_cast<float>(b.target.height)), ImVec2(0, 1),
            ImVec2(1, 0));
        m.hit_only = true;
        return v;
    }
    b.valid = false;
    // Drawn straight unless the map is being dragged: a zoom or a change draws once, as
    // before; a pan pays for a larger picture once, then moves it.
    if (!m.dragged) return v;
    b.margin = std::round(std::min(Css(192), 0.125f * (m.rect.GetWidth() + m.rect.GetHeight())));
    b.area = v;
    b.area.origin_x -= b.margin;
    b.area.origin_y -= b.margin;
    b.area.width += 2 * b.margin;
    b.area.height += 2 * b.margin;
    b.rect = m.rect;
    b.view = m.state;
    if (!b.list) b.list = IM_NEW(ImDrawList)(ImGui::GetDrawListSharedData());
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    b.list->_ResetForNewFrame();
    b.list->Flags = window->DrawList->Flags;
    b.list->PushTextureID(ImGui::GetIO().Fonts->TexID);
    const ImVec2 lo(static_cast<float>(b.area.origin_x), static_cast<float>(b.area.origin_y));
    const ImVec2 hi(lo.x + static_cast<float>(b.area.width), lo.y + static_cast<float>(b.area.height));
    b.list->PushClipRect(lo, hi, false);
    b.list->AddRectFilled(lo, hi, m.style.background);
    b.window_list = window->DrawList;
    window->DrawList = b.list;
    m.rect = ImRect(lo, hi);
    m.state = &b.area;
    b.drawing = true;
    b.key = key;
    b.center = v.center;
    return b.area;
}

bool MapBaseCached() { return g_map.hit_only; }

void EndMapBase() {
    CurrentMap& m = g_map;
    BaseLayer& b = g_base;
    m.hit_only = false;
    if (!b.drawing) return;
    b.drawing = false;
    b.list->PopClipRect();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    window->DrawList = b.window_list;
    m.rect = b.rect;
    m.state = b.view;
    const ImVec2 at(static_cast<float>(b.area.origin_x), static_cast<float>(b.area.origin_y));
    const int w = static_cast<int>(std::lround(b.area.width)), h = static_cast<int>(std::lround(b.area.height));
    const unsigned texture = RenderOffscreen(b.target, b.list, at.x, at.y, w, h);
    if (!texture) return;
    b.valid = true;
    window->DrawList->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)), at,
                               at + ImVec2(static_cast<float>(w), static_cast<float>(h)), ImVec2(0, 1), ImVec2(1, 0));
}

// [SECTION] Shapes

namespace {

bool RingContains(const MapShape& s, std::size_t r, MercatorPoint p) {
    const std::size_t begin = s.ring_starts[r];
    const std::size_t end = r + 1 < s.ring_starts.size() ? s.ring_starts[r + 1] : s.points.size();
    bool inside = false;
    for (std::size_t i = begin, j = end - 1; i < end; j = i++) {
        const MercatorPoint a = s.points[i], b = s.points[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
    }
    return inside;
}

} // namespace

int MapShapes(const std::vector<MapShape>& shapes, int highlighted, const ImU32* fills) {
    CurrentMap& m = g_map;
    const MapState& v = *m.state;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    MercatorPoint lo, hi;
    v.VisibleRect(lo, hi);
    const double k = v.PixelsPerUnit();
    const float ox = static_cast<float>(v.origin_x + v.width / 2 - v.center.x * k);
    const float oy = static_cast<float>(v.origin_y + v.height / 2 - v.center.y * k);
    const auto project = [&](MercatorPoint p) {
        return ImVec2(static_cast<float>(p.x * k) + ox, static_cast<float>(p.y * k) + oy);
    };
    const ImVec2 uv = dl->_Data->TexUvWhitePixel;
    const ImGuiIO& io = ImGui::GetIO();
    const MercatorPoint mouse = v.ToMercatorAt({io.MousePos.x, io.MousePos.y});
    int hovered = -1;

    // Fills: the triangles cut once, moved to the screen.
    for (int i = 0; i < static_cast<int>(shapes.size()); ++i) {
        const MapShape& s = shapes[i];
        if (s.max.x < lo.x || s.min.x > hi.x || s.max.y < lo.y || s.min.y > hi.y || s.triangles.empty()) continue;
        const ImU32 col = fills && fills[i] ? fills[i] : i == highlighted ? m.style.region_highlight : m.style.region_fill;
        if (!m.hit_only) {
            const int nv = static_cast<int>(s.points.size());
            const int ni = static_cast<int>(s.triangles.size());
            dl->PrimReserve(ni, nv);
            const ImDrawIdx base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
            for (const MercatorPoint& p : s.points) dl->PrimWriteVtx(project(p), uv, col);
            for (const std::uint32_t t : s.triangles) dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + t));
        }
        if (m.hovered && hovered < 0 && mouse.x >= s.min.x && mouse.x <= s.max.x && mouse.y >= s.min.y &&
            mouse.y <= s.max.y) {
            bool inside = false;
            for (std::size_t r = 0; r < s.ring_starts.size(); ++r) inside ^= RingContains(s, r, mouse);
            if (inside) hovered = i;
        }
    }
    if (m.hit_only) return hovered;
    // Outlines: points closer than a pixel to the last one kept are skipped, so a whole
    // department seen from afar costs what its outline shows, not what its file holds.
    const float thickness = Css(m.style.outline_width);
    const float min_step2 = 1.0f;
    auto& pts = m.scratch;
    for (int i = 0; i < static_cast<int>(shapes.size()); ++i) {
        const MapShape& s = shapes[i];
        if (s.max.x < lo.x || s.min.x > hi.x || s.max.y < lo.y || s.min.y > hi.y) continue;
        for (std::size_t r = 0; r < s.ring_starts.size(); ++r) {
            const std::size_t begin = s.ring_starts[r];
            const std::size_t end = r + 1 < s.ring_starts.size() ? s.ring_starts[r + 1] : s.points.size();
            pts.clear();
            for (std::size_t j = begin; j < end; ++j) {
                const ImVec2 p = project(s.points[j]);
                if (!pts.empty()) {
                    const ImVec2 d = p - pts.back();
                    if (d.x * d.x + d.y * d.y < min_step2) continue;
                }
                pts.push_back(p);
            }
            if (pts.size() >= 3)
                dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), m.style.region_outline, ImDrawFlags_Closed,
                                thickness);
        }
    }
    if (highlighted >= 0 && highlighted < static_cast<int>(shapes.size())) {
        // The highlighted region's border drawn again, darker and thicker, on top.
        const MapShape& s = shapes[highlighted];
        for (std::size_t r = 0; r < s.ring_starts.size(); ++r) {
            const std::size_t begin = s.ring_starts[r];
            const std::size_t end = r + 1 < s.ring_starts.size() ? s.ring_starts[r + 1] : s.points.size();
            pts.clear();
            for (std::size_t j = begin; j < end; ++j) pts.push_back(project(s.points[j]));
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(0xB4, 0x7B, 0x0B, 0xFF),
                            ImDrawFlags_Closed, thickness * 2);
        }
    }
    return hovered;
}

// [SECTION] Points

float MapPointRadius(const MapCluster& item) {
    const MapStyle& st = g_map.style;
    if (item.count <= 1) return Css(st.marker_radius);
    return Css(st.cluster_radius * (1.0f + 0.28f * std::log10(static_cast<float>(item.count))));
}

int MapPoints(const MapCluster* items, int count, const std::function<ImU32(int first)>& color, int selected) {
    CurrentMap& m = g_map;
    const MapState& v = *m.state;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiIO& io = ImGui::GetIO();
    const ImU32 cluster_fill = m.style.cluster_fill ? m.style.cluster_fill : ImGui::GetColorU32(ImGuiCol_Button);
    const ImU32 shadow = IM_COL32(0, 0, 0, 40);
    const float ring = Css(2.0f);
    const float slop = Css(m.style.hit_slop);
    ImFont* font = ImGui::GetFont();
    const float text_size = ImGui::GetFontSize() * 0.82f;
    int hovered = -1;
    float best = 1e30f;
    int selected_index = -1;
    char label[16];
    for (int i = 0; i < count; ++i) {
        const MapCluster& c = items[i];
        const ImVec2 p = ToVec(v.ToScreen(c.pos));
        const float r = MapPointRadius(c);
        if (p.x + r < m.rect.Min.x || p.x - r > m.rect.Max.x || p.y + r < m.rect.Min.y || p.y - r > m.rect.Max.y)
            continue;
        if (c.count == 1 && c.first == selected) {
            selected_index = i; // drawn last, on top
            continue;
        }
        if (m.hit_only) {
            // Only what is under the pointer (the base kept shows the markers).
        } else {
        dl->AddCircleFilled(p + ImVec2(0, Css(1.5f)), r + ring, shadow);
        dl->AddCircleFilled(p, r + ring + Css(m.style.marker_edge_width), m.style.marker_edge);
        dl->AddCircleFilled(p, r + ring, m.style.marker_ring);
        if (c.count <= 1) {
            dl->AddCircleFilled(p, r, color(c.first));
        } else {
            dl->AddCircleFilled(p, r, cluster_fill);
            if (c.count < 1000) std::snprintf(label, sizeof label, "%d", c.count);
            else std::snprintf(label, sizeof label, "%d k", c.count / 1000);
            const ImVec2 ts = font->CalcTextSizeA(text_size, 1e9f, 0, label);
            dl->AddText(font, text_size, p - ts * 0.5f, m.style.cluster_text, label);
        }
        }
        if (m.hovered) {
            const float dx = io.MousePos.x - p.x, dy = io.MousePos.y - p.y;
            const float d2 = dx * dx + dy * dy;
            if (d2 <= (r + slop) * (r + slop) && d2 < best) {
                best = d2;
                hovered = i;
            }
        }
    }
    if (selected_index >= 0) {
        const MapCluster& c = items[selected_index];
        const ImVec2 p = ToVec(v.ToScreen(c.pos));
        const float r = MapPointRadius(c) * 1.3f;
        if (!m.hit_only) {
            dl->AddCircleFilled(p + ImVec2(0, Css(2)), r + ring * 2, shadow);
            dl->AddCircleFilled(p, r + ring * 2, m.style.selected_ring);
            dl->AddCircleFilled(p, r + ring * 0.5f, m.style.marker_ring);
            dl->AddCircleFilled(p, r - ring * 0.5f, color(c.first));
        }
        if (m.hovered) {
            const float dx = io.MousePos.x - p.x, dy = io.MousePos.y - p.y;
            if (dx * dx + dy * dy <= (r + slop) * (r + slop)) hovered = selected_index;
        }
    }
    return hovered;
}

void MapPin(MercatorPoint where, ImU32 color) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 tip = ToVec(g_map.state->ToScreen(where));
    const float r = Css(11);
    const ImVec2 head(tip.x, tip.y - r * 2.4f);
    dl->AddCircleFilled(tip, Css(3), IM_COL32(0, 0, 0, 60));
    dl->AddTriangleFilled(ImVec2(head.x - r * 0.78f, head.y + r * 0.62f), ImVec2(head.x + r * 0.78f, head.y + r * 0.62f),
                          tip, color);
    dl->AddCircleFilled(head, r, color);
    dl->AddCircleFilled(head, r * 0.4f, IM_COL32(0xFF, 0xFF, 0xFF, 0xFF));
}

void MapCrosshair(ImU32 color) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 c = g_map.rect.GetCenter();
    const float a = Css(10), b = Css(4), t = Css(2);
    dl->AddLine(ImVec2(c.x - a, c.y), ImVec2(c.x - b, c.y), color, t);
    dl->AddLine(ImVec2(c.x + b, c.y), ImVec2(c.x + a, c.y), color, t);
    dl->AddLine(ImVec2(c.x, c.y - a), ImVec2(c.x, c.y - b), color, t);
    dl->AddLine(ImVec2(c.x, c.y + b), ImVec2(c.x, c.y + a), color, t);
}

// [SECTION] Cards

void BeginMapCard(const char* id, MercatorPoint anchor, float width_css) {
    CurrentMap& m = g_map;
    const ImGuiID key = ImGui::GetID(id);
    const float margin = Css(m.style.card_margin);
    const float map_w = m.rect.GetWidth(), map_h = m.rect.GetHeight();
    const bool sheet = map_w / UiScale() < 560.0f;
    const float w = sheet ? map_w - 2 * margin : std::min(Css(width_css), map_w - 2 * margin);
    const auto it = g_card_heights.find(key);
    float h = it != g_card_heights.end() ? it->second : Css(200);
    h = std::min(h, map_h - 2 * margin);
    ImVec2 pos;
    if (sheet) {
        pos = ImVec2(m.rect.Min.x + margin, m.rect.Max.y - h - margin);
    } else {
        const ImVec2 a = ToVec(m.state->ToScreen(anchor));
        const float gap = Css(m.style.marker_radius) * 1.6f + margin;
        pos = ImVec2(a.x - w / 2, a.y - gap - h);
        if (pos.y < m.rect.Min.y + margin) pos.y = a.y + gap; // no room above: below
        pos.x = std::clamp(pos.x, m.rect.Min.x + margin, m.rect.Max.x - margin - w);
        pos.y = std::clamp(pos.y, m.rect.Min.y + margin, m.rect.Max.y - margin - h);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = ImGui::GetStyle().ChildRounding;
    dl->AddRectFilled(pos + ImVec2(0, Css(3)), pos + ImVec2(w, h + Css(5)), IM_COL32(0, 0, 0, 28), rounding);
    ImGui::SetCursorScreenPos(pos);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(Css(16), Css(14)));
    ImGui::BeginChild(id, ImVec2(w, h), true, ImGuiWindowFlags_NoSavedSettings);
    g_card_key = key;
}

void BeginMapPanel(const char* id, MapCorner corner, float width_css) {
    CurrentMap& m = g_map;
    const ImGuiID key = ImGui::GetID(id);
    const float margin = Css(m.style.card_margin);
    const float w = std::min(Css(width_css), m.rect.GetWidth() - 2 * margin);
    const auto it = g_card_heights.find(key);
    const float h = std::min(it != g_card_heights.end() ? it->second : Css(60), m.rect.GetHeight() - 2 * margin);
    const bool right = corner == MapCorner_TopRight || corner == MapCorner_BottomRight;
    const bool bottom = corner == MapCorner_BottomLeft || corner == MapCorner_BottomRight;
    // Clear of the zoom buttons on the right, and of the attribution line at the bottom.
    const float side = right ? TouchTargetHeight() + margin : 0.0f;
    const ImVec2 pos(right ? m.rect.Max.x - margin - side - w : m.rect.Min.x + margin,
                     bottom ? m.rect.Max.y - margin - h - (right ? ImGui::GetFontSize() : 0.0f) : m.rect.Min.y + margin);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = ImGui::GetStyle().ChildRounding;
    dl->AddRectFilled(pos + ImVec2(0, Css(2)), pos + ImVec2(w, h + Css(4)), IM_COL32(0, 0, 0, 24), rounding);
    ImGui::SetCursorScreenPos(pos);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(Css(12), Css(10)));
    ImGui::BeginChild(id, ImVec2(w, h), true, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar);
    g_card_key = key;
}

void EndMapPanel() { EndMapCard(); }

void MapAttribution(const char* text) {
    const CurrentMap& m = g_map;
    if (!text || !*text) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize() * 0.75f;
    const float max_w = m.rect.GetWidth() - Css(8);
    const ImVec2 ts = font->CalcTextSizeA(size, max_w, max_w, text);
    const ImVec2 pad(Css(6), Css(2));
    const ImVec2 a(m.rect.Max.x - ts.x - 2 * pad.x, m.rect.Max.y - ts.y - 2 * pad.y);
    dl->AddRectFilled(a, m.rect.Max, IM_COL32(0xFF, 0xFF, 0xFF, 0xD8), Css(4), ImDrawFlags_RoundCornersTopLeft);
    dl->AddText(font, size, a + pad, IM_COL32(0x33, 0x3D, 0x47, 0xFF), text, nullptr, max_w);
}

void EndMapCard() {
    // What the content needed this frame: next frame's height.
    g_card_heights[g_card_key] =
        ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

} // namespace quartier
