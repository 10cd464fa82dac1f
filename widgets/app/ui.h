// Drawing helpers every widget view uses: the borderless full-canvas surface, buttons in
// the theme's two kinds, error lines, and the control registry that tells tests and the
// host page where each named control is (tests never read pixels to find things).
#pragma once

#include "shared/error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace quartier {

// One undecorated surface filling the canvas. Always pair with EndSurface().
void BeginSurface(const char* id);
void EndSurface();

// Records the last drawn item's rectangle under id (e.g. "submit", "title"), and whether
// it is visible (not scrolled out of its window).
void NoteControl(const std::string& id);
// Forgets last frame's controls; called by the host at the start of each frame.
void ClearControls();
// {"id": {"x","y","w","h","visible"}} in CSS pixels (device pixels divided by scale).
nlohmann::json ControlsJson(float scale);

// Lets a finger (or the mouse) drag the current window's content up and down, as on any
// phone page; call inside a scrolling child, after its content.
void DragToScroll();

// Text wraps at this screen x (ImGui::PushTextWrapPos takes the window's own x, which is
// the screen's only in a window at the canvas's left edge). Pop with ImGui::PopTextWrapPos.
void PushTextWrapAtScreenX(float x);

// A rounded card (surface colour, border; accent border when highlighted) around what is
// drawn between BeginCard and EndCard, full width, text wrapped inside. Cards may not nest.
void BeginCard(bool highlighted = false);
void EndCard();

// Filled accent button (the main action) and outlined button (secondary actions).
bool PrimaryButton(const char* label, float width = 0.0f);
bool SecondaryButton(const char* label, float width = 0.0f);
// The width ImGui gives a button (or chip) of that label.
float ButtonWidth(const char* label);
// Continues on the same line when an item of width w still fits, else starts a new one
// (buttons and chips flow onto the next line instead of running past the edge).
void SameLineIfFits(float w);

// A small rounded toggle chip (categories, filters); returns true when clicked.
bool Chip(const char* label, bool selected);

// Chips flowing like words, one of them chosen (current: its index, −1 for none); each is
// noted as a control named id_prefix + its index. True when the choice changed.
bool ChoiceChips(const std::vector<std::string>& names, int& current, const std::string& id_prefix);

// A drop-down list as tall as a button: "all" (current −1) then the names, each after a dot
// of its colour when colors is given (RGBA as ImU32). True when the choice changed.
bool ChoiceCombo(const char* id, const char* all, const std::vector<std::string>& names, int& current, float width,
                 const std::vector<unsigned int>* colors = nullptr);
// A dot of that colour (ImU32) the height of a text line, then the same line goes on.
void ColorDot(unsigned int color);

// Text on its own wrapped line, in the error (red), success (green) or muted colour.
void ErrorLine(const FieldError& e, const std::string& lang);
void SuccessLine(const std::string& text);
void MutedLine(const std::string& text);
void Heading(const char* text);

} // namespace quartier
