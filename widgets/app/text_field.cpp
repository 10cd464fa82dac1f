// TextField and the overlay's bookkeeping (see text_field.h): which field the element edits,
// its text coming back, Tab moving to the next field.
#include "widgets/app/text_field.h"

#include "widgets/app/theme.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <misc/cpp/imgui_stdlib.h>

namespace quartier {

namespace {

struct OverlayState {
    const TextOverlayHooks* hooks = nullptr;
    ImGuiID editing = 0;         // field the element edits
    bool seen = false;           // that field was drawn this frame
    bool has_input = false;      // text arrived since last frame
    ImGuiID input_for = 0;       // the field it is for (kept when the element is left before a frame)
    std::string input;
    ImGuiID open_next_after = 0; // Tab: open the field drawn after this one
    ImGuiID open_before = 0;     // Shift+Tab: open the field drawn before this one
    ImGuiID open_request = 0;    // open this one
    ImGuiID last_field = 0;      // the field drawn before, this frame
    ImGuiID entered = 0;         // Enter left this field (reported once, when it is drawn)
    ImVec4 last_rect;            // editing field's rectangle reported to the host
};
OverlayState g_overlay;

} // namespace

void SetTextOverlayHooks(const TextOverlayHooks* hooks) { g_overlay.hooks = hooks; }
bool TextOverlayOpen() { return g_overlay.editing != 0; }

void TextOverlayInput(const std::string& value) {
    g_overlay.input = value;
    g_overlay.has_input = true;
    g_overlay.input_for = g_overlay.editing;
}

void TextOverlayClosed(int how) {
    OverlayState& o = g_overlay;
    if (how == 1) o.open_next_after = o.editing;
    if (how == -1) o.open_before = o.editing;
    if (how == 2) o.entered = o.editing;
    o.editing = 0;
    o.last_rect = ImVec4();
}

void EndTextFieldsFrame() {
    OverlayState& o = g_overlay;
    // The field being edited was not drawn (its screen closed): the element goes too.
    if (o.editing != 0 && !o.seen) {
        o.editing = 0;
        if (o.hooks) o.hooks->close();
    }
    o.seen = false;
    o.last_field = 0;
}

bool TextField(const char* id, std::string* value, const TextFieldOptions& opt) {
    OverlayState& o = g_overlay;
    bool changed = false;
    const float width = ImGui::CalcItemWidth();
    const ImVec2 size(width, opt.height > 0 ? opt.height : ImGui::GetTextLineHeight() * 5);
    const ImGuiID me = ImGui::GetID(id);

    // Text typed in the element since the last frame, even when the element was left since
    // (a code typed, then "Vote" pressed before a frame could run: a page in the background
    // gets no frames).
    if (o.input_for == me && o.has_input) {
        o.has_input = false;
        o.input_for = 0;
        if (opt.code) {
            std::string kept;
            for (const char c : o.input)
                if (c != ' ' && c != '\t') kept += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
            o.input = kept;
        }
        if (*value != o.input) {
            *value = o.input;
            changed = true;
        }
    }

    ImGuiInputTextFlags flags = opt.numeric ? ImGuiInputTextFlags_CharsDecimal : 0;
    if (opt.password) flags |= ImGuiInputTextFlags_Password;
    if (opt.code) flags |= ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_CharsNoBlank;
    if (opt.multiline) changed |= ImGui::InputTextMultiline(id, value, size, flags);
    else if (opt.hint) changed |= ImGui::InputTextWithHint(id, opt.hint, value, flags);
    else changed |= ImGui::InputText(id, value, flags);
    if (!o.hooks) {
        if (opt.entered && !opt.multiline && ImGui::IsItemDeactivated() &&
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
            *opt.entered = true;
        return changed;
    }
    if (o.entered == me) {
        o.entered = 0;
        if (opt.entered && !opt.multiline) *opt.entered = true;
    }

    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    bool open = ImGui::IsItemActivated();
    // Tab from the field before, Shift+Tab from the field after (opened a frame later).
    if (o.open_next_after != 0 && o.open_next_after == o.last_field) {
        o.open_next_after = 0;
        open = true;
    }
    if (o.open_before == me) {
        o.open_before = 0;
        if (o.last_field != 0) o.open_request = o.last_field;
    } else if (o.open_request == me) {
        o.open_request = 0;
        open = true;
    }
    o.last_field = me;
    if (o.editing == me) o.seen = true;

    const float s = UiScale() > 0 ? UiScale() : 1.0f;
    if (open) {
        // ImGui lets go; the element edits, ImGui shows.
        if (ImGui::IsItemActive()) ImGui::ClearActiveID();
        o.editing = me;
        o.seen = true;
        o.has_input = false;
        o.last_rect = ImVec4(a.x / s, a.y / s, (b.x - a.x) / s, (b.y - a.y) / s);
        o.hooks->open(o.last_rect.x, o.last_rect.y, o.last_rect.z, o.last_rect.w, *value, opt.multiline, opt.numeric,
                      opt.label ? opt.label : "", ImGui::GetFontSize() / s, opt.code, opt.password);
    } else if (o.editing == me) {
        const ImVec4 r(a.x / s, a.y / s, (b.x - a.x) / s, (b.y - a.y) / s);
        if (r.x != o.last_rect.x || r.y != o.last_rect.y || r.z != o.last_rect.z || r.w != o.last_rect.w) {
            o.last_rect = r;
            o.hooks->move(r.x, r.y, r.z, r.w);
        }
    }
    if (o.editing == me)
        ImGui::GetWindowDrawList()->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_NavHighlight),
                                            ImGui::GetStyle().FrameRounding, 0, 2.0f * s);
    return changed;
}

} // namespace quartier
