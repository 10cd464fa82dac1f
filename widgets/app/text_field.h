// Text fields that work on phones. A canvas gets no virtual keyboard, no autocorrect, no
// IME and no screen-reader text, so on the web a field being edited is covered by a real
// HTML <input> or <textarea> (site/embed.js makes it) that does the typing; the ImGui field
// underneath shows the text. Without a host (native tests) TextField is ImGui's InputText.
//
// For a widget: call TextField() where it would call ImGui::InputText(). For a host: install
// TextOverlayHooks once, and report the element's text and its closing back through
// TextOverlayInput() and TextOverlayClosed().
#pragma once

#include <string>

namespace quartier {

struct TextFieldOptions {
    bool multiline = false;     // <textarea>, Enter makes a new line
    float height = 0.0f;        // device px for a multiline field; 0: five lines
    bool numeric = false;       // digits keyboard on phones (inputmode="numeric")
    const char* label = "";     // what the field is for (the element's aria-label)
    const char* hint = nullptr; // grey text while empty (one-line fields)
    bool code = false;          // a code: capitals and digits, no spaces (voter codes)
    bool password = false;      // a password: <input type="password">, dots in the field
    bool* entered = nullptr;    // set to true when Enter left the one-line field (its form's submit)
};

// Draws the field at the cursor, full width unless SetNextItemWidth() was called. True when
// the text changed this frame.
bool TextField(const char* id, std::string* value, const TextFieldOptions& options = {});

// True when an HTML element is editing one of the fields.
bool TextOverlayOpen();

// [Host side]
struct TextOverlayHooks {
    // Shows and focuses the element over a rectangle given in CSS pixels from the canvas's
    // top-left corner, holding value; font_css: the field's text size.
    // code: capitals, no autocorrect (TextFieldOptions::code); secret: a password field.
    void (*open)(float x, float y, float w, float h, const std::string& value, bool multiline, bool numeric,
                 const std::string& label, float font_css, bool code, bool secret);
    // Moves it (the layout moved, the page scrolled the widget's content).
    void (*move)(float x, float y, float w, float h);
    // Hides it (the field went away).
    void (*close)();
};
void SetTextOverlayHooks(const TextOverlayHooks* hooks); // nullptr: plain ImGui fields
// The element's whole text, after each change.
void TextOverlayInput(const std::string& value);
// Call once a frame after the widget drew (closes the element when its field went away).
void EndTextFieldsFrame();
// The element lost focus: how = 0 (elsewhere), 1 (Tab), -1 (Shift+Tab), 2 (Enter in one line),
// 3 (Escape).
void TextOverlayClosed(int how);

} // namespace quartier
