// Theme: colours from the accent, contrast kept at WCAG AA for text, fonts from the
// embedded DejaVu Sans subset.
#include "widgets/app/theme.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace quartier {

extern const unsigned char kUiFont[];
extern const std::size_t kUiFontSize;

namespace {

ImFont* g_body = nullptr;
ImFont* g_heading = nullptr;
float g_scale = 1.0f;

ImVec4 Rgb(int hex, float a = 1.0f) {
    return ImVec4(((hex >> 16) & 0xFF) / 255.0f, ((hex >> 8) & 0xFF) / 255.0f, (hex & 0xFF) / 255.0f, a);
}

float Luminance(const ImVec4& c) {
    auto lin = [](float v) { return v <= 0.03928f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); };
    return 0.2126f * lin(c.x) + 0.7152f * lin(c.y) + 0.0722f * lin(c.z);
}

float Contrast(const ImVec4& a, const ImVec4& b) {
    float la = Luminance(a), lb = Luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05f) / (lb + 0.05f);
}

// Darkens (or lightens) c until text of colour `on` reaches 4.5:1 on it.
ImVec4 WithContrast(ImVec4 c, const ImVec4& on) {
    const bool darken = Luminance(on) > 0.5f;
    for (int i = 0; i < 40 && Contrast(c, on) < 4.5f; ++i) {
        const float k = darken ? 0.93f : 1.0f;
        c = darken ? ImVec4(c.x * k, c.y * k, c.z * k, c.w)
                   : ImVec4(c.x + (1 - c.x) * 0.07f, c.y + (1 - c.y) * 0.07f, c.z + (1 - c.z) * 0.07f, c.w);
    }
    return c;
}

ImVec4 Mix(const ImVec4& a, const ImVec4& b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, a.w + (b.w - a.w) * t);
}

// Latin-1 and Latin Extended-A (ł ą ę ś ż, č ř, ő ű, ğ ş…), Romanian's Ș ș Ț ț, quotes, dashes,
// ellipsis, euro, arrows, check marks: French, the interface and the names of the elections
// the results recount (the font is subset to the same set at build time: widgets/CMakeLists.txt).
const ImWchar kGlyphRanges[] = {0x0020, 0x017F, 0x0218, 0x021B, 0x2013, 0x2014,
                                0x2018, 0x201E, 0x2022, 0x2022, 0x2026, 0x2026, 0x202F, 0x202F,
                                0x20AC, 0x20AC, 0x2190, 0x2193, 0x2212, 0x2212, 0x2713, 0x2713,
                                0x2717, 0x2717, 0};

} // namespace

bool ParseHexColor(const std::string& text, float rgb[3]) {
    std::string s = text;
    if (!s.empty() && s[0] == '#') s.erase(0, 1);
    if (s.size() != 6 || s.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return false;
    const long v = std::strtol(s.c_str(), nullptr, 16);
    rgb[0] = ((v >> 16) & 0xFF) / 255.0f;
    rgb[1] = ((v >> 8) & 0xFF) / 255.0f;
    rgb[2] = (v & 0xFF) / 255.0f;
    return true;
}

void CreateHeadlessContext(float css_width, float css_height, float scale) {
    ImGui::CreateContext();
    ThemeOptions theme;
    theme.scale = scale;
    ApplyTheme(theme);
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.DisplaySize = ImVec2(css_width * scale, css_height * scale);
    io.DeltaTime = 1.0f / 60.0f;
}

float UiScale() { return g_scale; }
float TouchTargetHeight() { return 44.0f * g_scale; }
bool PhoneCanvas() { return ImGui::GetMainViewport()->Size.x / g_scale < 560.0f; }
ImFont* BodyFont() { return g_body; }
ImFont* HeadingFont() { return g_heading; }

void ApplyTheme(const ThemeOptions& o) {
    g_scale = o.scale;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // nothing saved to imgui.ini
    io.LogFilename = nullptr;
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    void* data = const_cast<unsigned char*>(kUiFont);
    const int size = static_cast<int>(kUiFontSize);
    // ImGui sizes a font by its ascent + descent (hhea), CSS by its em: in DejaVu Sans the
    // former is (1901 + 483) / 2048 em, so 16 px of ImGui's read as 13.7 px beside the page.
    constexpr float kPixelHeightPerEm = (1901.0f + 483.0f) / 2048.0f;
    const float body = o.body_px * kPixelHeightPerEm * o.scale;
    g_body = io.Fonts->AddFontFromMemoryTTF(data, size, std::round(body), &cfg, kGlyphRanges);
    g_heading = io.Fonts->AddFontFromMemoryTTF(data, size, std::round(body * 1.3f), &cfg, kGlyphRanges);
    io.Fonts->Build();

    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(20, 18);
    style.FramePadding = ImVec2(12, 14); // 17 px text + 28: a 45 px touch target
    style.ItemSpacing = ImVec2(12, 12);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 14;
    style.GrabMinSize = 14;
    style.WindowRounding = 0;
    style.ChildRounding = 10;
    style.FrameRounding = 8;
    style.PopupRounding = 8;
    style.GrabRounding = 8;
    style.ScrollbarRounding = 8;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.FrameBorderSize = 1;
    style.ScaleAllSizes(o.scale);

    float rgb[3] = {0.114f, 0.306f, 0.847f};
    ParseHexColor(o.accent, rgb);
    const ImVec4 bg = o.dark ? Rgb(0x16191D) : Rgb(0xFFFFFF);
    const ImVec4 text = o.dark ? Rgb(0xE8EAED) : Rgb(0x1F2933);
    const ImVec4 muted = o.dark ? Rgb(0xA9B1BA) : Rgb(0x52606D);
    const ImVec4 surface = o.dark ? Rgb(0x22262B) : Rgb(0xF4F6F9);
    // Field and chip borders: 3:1 against the page and the field's fill (WCAG 1.4.11).
    const ImVec4 border = o.dark ? Rgb(0x707A86) : Rgb(0x7B8794);
    const ImVec4 white = Rgb(0xFFFFFF);
    // Buttons carry white text: the accent is darkened until that text is readable.
    const ImVec4 accent = WithContrast(ImVec4(rgb[0], rgb[1], rgb[2], 1.0f), white);

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = text;
    c[ImGuiCol_TextDisabled] = muted;
    c[ImGuiCol_WindowBg] = bg;
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = bg;
    c[ImGuiCol_Border] = border;
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = surface;
    c[ImGuiCol_FrameBgHovered] = Mix(surface, accent, 0.08f);
    c[ImGuiCol_FrameBgActive] = Mix(surface, accent, 0.14f);
    c[ImGuiCol_Button] = accent;
    c[ImGuiCol_ButtonHovered] = Mix(accent, Rgb(0x000000), 0.15f);
    c[ImGuiCol_ButtonActive] = Mix(accent, Rgb(0x000000), 0.28f);
    c[ImGuiCol_Header] = Mix(bg, accent, 0.12f);
    c[ImGuiCol_HeaderHovered] = Mix(bg, accent, 0.18f);
    c[ImGuiCol_HeaderActive] = Mix(bg, accent, 0.26f);
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = accent;
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = border;
    c[ImGuiCol_ScrollbarGrabHovered] = muted;
    c[ImGuiCol_ScrollbarGrabActive] = muted;
    c[ImGuiCol_Separator] = border;
    c[ImGuiCol_TextSelectedBg] = Mix(bg, accent, 0.30f);
    c[ImGuiCol_NavHighlight] = accent;
    ImGui::GetStyle() = style;
}

} // namespace quartier
