// The widgets' look: a light (or dark) theme in the host's accent colour, a real font at a
// readable size, rounded controls and generous spacing — never ImGui's debug look.
#pragma once

#include <string>

struct ImFont;

namespace quartier {

struct ThemeOptions {
    std::string accent = "#1d4ed8"; // host's brand colour (data-accent), "#rrggbb"
    bool dark = false;              // dark variant
    float scale = 1.0f;             // device pixels per CSS pixel
    float body_px = 16.0f;          // body text size in CSS pixels (the em, as CSS's font-size)
};

// Builds the font atlas (body and heading sizes, French glyphs) and the style. Call before
// the first frame and whenever the scale changes; the renderer must then re-upload fonts.
void ApplyTheme(const ThemeOptions& options);

// An ImGui context with the theme applied and its font atlas built, css_width × css_height
// CSS pixels at scale device pixels each, 60 frames a second: for tests and benches that
// draw without a screen. Destroy it with ImGui::DestroyContext().
void CreateHeadlessContext(float css_width, float css_height, float scale = 1.0f);

// Device pixels per CSS pixel, as last applied.
float UiScale();
// Minimum height of anything a finger presses: 44 CSS pixels.
float TouchTargetHeight();
// The canvas is phone-narrow (under 560 CSS pixels): one column, and what sits above the
// content scrolls away with it rather than keeping half the screen.
bool PhoneCanvas();

ImFont* BodyFont();
ImFont* HeadingFont();

// Parses "#rrggbb" (or "rrggbb"); false when it is not a colour.
bool ParseHexColor(const std::string& text, float rgb[3]);

} // namespace quartier
