// The theme's and the map's non-text parts against what they sit on (WCAG 1.4.11, RGAA 3.3):
// computed from the colours the widgets draw with, in the light and the dark theme, so that
// a palette change that fades a border or an outline fails here before a resident squints.
#include "shared/pabulib/pabulib.h"
#include "widgets/app/map.h"
#include "widgets/app/theme.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

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

// Every letter of every election the project ships (tests/data/pabulib: Polish, Dutch,
// French, American): the names of its projects, districts and categories and its place
// must draw with the interface font, not as '?' (Łódź's results once read "?ód?"). Emoji
// (Toulouse's "🌳🌱🌺🌻") are pictures, not letters, and stay outside the font.
TEST_CASE("the font draws every letter of every Pabulib name the project ships") {
    testing::HeadlessUi ui(1280, 800, 1.0f, [] {});
    std::set<unsigned> missing, seen;
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(QUARTIER_TEST_DATA) + "/pabulib")) {
        if (entry.path().extension() != ".pb") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        PbElection e;
        PbError err;
        REQUIRE_MESSAGE(ReadPabulib(text.str(), e, err), entry.path().string());
        ++files;
        std::vector<std::string> names;
        for (const auto& [k, v] : e.meta) names.push_back(v);
        for (const auto& p : e.projects)
            for (const auto& cell : p.cells) names.push_back(cell);
        for (const auto& name : names)
            for (const char* s = name.c_str(); *s;) {
                unsigned c = 0;
                const int bytes = ImTextCharFromUtf8(&c, s, nullptr);
                s += bytes;
                if (c < 0x20 || bytes == 4) continue; // controls; emoji and other pictographs beyond U+FFFF
                seen.insert(c);
                for (ImFont* font : {BodyFont(), HeadingFont()})
                    if (!font->FindGlyphNoFallback(static_cast<ImWchar>(c))) missing.insert(c);
            }
    }
    CHECK(files == 13);
    for (const unsigned c : {0x0141u, 0x0142u, 0x0105u, 0x0119u, 0x015Bu, 0x017Cu, 0x0144u}) CHECK(seen.count(c) == 1); // Ł ł ą ę ś ż ń
    std::string list;
    for (const unsigned c : missing) list += " U+" + std::to_string(c);
    CHECK_MESSAGE(missing.empty(), "no glyph for" << list);
    // And the rest of Latin Extended-A and Romanian's comma letters, which no file here uses yet.
    for (unsigned c = 0x0100; c <= 0x017F; ++c) CHECK(BodyFont()->FindGlyphNoFallback(static_cast<ImWchar>(c)));
    for (unsigned c = 0x0218; c <= 0x021B; ++c) CHECK(BodyFont()->FindGlyphNoFallback(static_cast<ImWchar>(c)));
}
