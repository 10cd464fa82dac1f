// The theme's and the map's non-text parts against what they sit on (WCAG 1.4.11, RGAA 3.3):
// computed from the colours the widgets draw with, in the light and the dark theme, so that
// a palette change that fades a border or an outline fails here before a resident squints.
#include "widgets/app/map.h"
#include "widgets/app/theme.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

using namespace quartier;

namespace {

double Channel(double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }
double Luminance(const ImVec4& c) { return 0.2126 * Channel(c.x) + 0.7152 * Channel(c.y) + 0.0722 * Channel(c.z); }
double Ratio(const ImVec4& a, const ImVec4& b) {
    const double la = Luminance(a), lb = Luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
ImVec4 Of(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

} // namespace

TEST_CASE("field and chip borders reach 3:1 on the page and on the field, light and dark") {
    for (const bool dark : {false, true}) {
        testing::HeadlessUi ui(360, 640, 1.0f, [] {});
        ThemeOptions o;
        o.dark = dark;
        ApplyTheme(o);
        const ImVec4* c = ImGui::GetStyle().Colors;
        INFO((dark ? "dark" : "light"));
        CHECK(ImGui::GetStyle().FrameBorderSize >= 1.0f);
        CHECK(Ratio(c[ImGuiCol_Border], c[ImGuiCol_WindowBg]) >= 3.0);
        CHECK(Ratio(c[ImGuiCol_Border], c[ImGuiCol_FrameBg]) >= 3.0);
    }
}

TEST_CASE("district outlines and every marker stand out 3:1 from the map under them") {
    const MapStyle s;
    for (const ImU32 under : {s.background, s.region_fill, s.region_highlight}) {
        CHECK(Ratio(Of(s.region_outline), Of(under)) >= 3.0);
        // A marker's edge is what shows its shape, whatever its category's colour (the
        // Okabe–Ito palette stays as it is, told apart by colour-blind residents).
        CHECK(Ratio(Of(s.marker_edge), Of(under)) >= 3.0);
    }
    CHECK(s.marker_edge_width >= 1.0f);
}
