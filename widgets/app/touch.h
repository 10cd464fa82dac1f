// Two-finger gestures. Emscripten's GLFW sees a single pointer, so the web host reads the
// browser's touches itself (site/embed.js forwards them) and leaves the pinch here; the map
// reads it each frame. Native tests write it to simulate a pinch.
#pragma once

namespace quartier {

struct TouchPinch {
    bool active = false;   // two fingers are down
    float center_x = 0;    // midpoint of the fingers, device pixels (ImGui's coordinates)
    float center_y = 0;
    float distance = 0;    // between the fingers, device pixels
};

TouchPinch& CurrentPinch();

} // namespace quartier
