// UI helpers shared by the widget views.
#include "widgets/app/ui.h"

#include "widgets/app/theme.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <map>

namespace quartier {

namespace {
struct Control {
    ImVec4 rect; // x, y, w, h in device pixels
    bool visible;
};
std::map<std::string, Control> g_controls;

bool StyledButton(const char* label, float width, bool primary) {
    const ImGuiStyle& style = ImGui::GetStyle();
    int pushed = 0;
    if (!primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, style.Colors[ImGuiCol_WindowBg]);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, style.Colors[ImGuiCol_FrameBgHovered]);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, style.Colors[ImGuiCol_FrameBgActive]);
        pushed = 3;
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        ImGui::PushStyleColor(ImGuiCol_Border, style.Colors[ImGuiCol_Button]);
        pushed = 2;
    }
    const float h = std::max(ImGui::GetFrameHeight() + style.FramePadding.y * 0.5f, TouchTargetHeight());
    const bool clicked = ImGui::Button(label, ImVec2(width, h));
    ImGui::PopStyleColor(pushed);
    return clicked;
}
} // namespace

void BeginSurface(const char* id) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
}

void EndSurface() { ImGui::End(); }

void NoteControl(const std::string& id) {
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    // Visible when wholly inside the window's clipping rectangle (not scrolled away).
    const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
    const ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
    const bool visible = a.x >= clip_min.x - 1 && a.y >= clip_min.y - 1 && b.x <= clip_max.x + 1 &&
                         b.y <= clip_max.y + 1;
    g_controls[id] = Control{ImVec4(a.x, a.y, b.x - a.x, b.y - a.y), visible};
}

void ClearControls() { g_controls.clear(); }

nlohmann::json ControlsJson(float scale) {
    nlohmann::json out = nlohmann::json::object();
    const float s = scale > 0 ? scale : 1.0f;
    for (const auto& [id, c] : g_controls)
        out[id] = {{"x", c.rect.x / s}, {"y", c.rect.y / s}, {"w", c.rect.z / s},
                   {"h", c.rect.w / s}, {"visible", c.visible}};
    return out;
}

void DragToScroll() {
    const ImGuiIO& io = ImGui::GetIO();
    if (!ImGui::IsMouseDragging(ImGuiMouseButton_Left, 6.0f * UiScale()) ||
        !ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem))
        return;
    // A finger that lands on a card or a button and then moves is scrolling, as on any
    // phone page: the press is let go (no click on release). Text being edited keeps it.
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.ActiveId != 0) {
        if (g.ActiveId == g.InputTextState.ID || g.ActiveIdWindow != ImGui::GetCurrentWindow()) return;
        ImGui::ClearActiveID();
    }
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
}

float ButtonWidth(const char* label) {
    return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; // as ImGui::Button sizes it
}

void SameLineIfFits(float w) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right) ImGui::SameLine();
}

bool ChoiceChips(const std::vector<std::string>& names, int& current, const std::string& id_prefix) {
    bool changed = false;
    for (int i = 0; i < static_cast<int>(names.size()); ++i) {
        if (i > 0) SameLineIfFits(ButtonWidth(names[static_cast<size_t>(i)].c_str()));
        ImGui::PushID(i);
        if (Chip(names[static_cast<size_t>(i)].c_str(), current == i)) {
            current = i;
            changed = true;
        }
        ImGui::PopID();
        NoteControl(id_prefix + std::to_string(i));
    }
    return changed;
}

void PushTextWrapAtScreenX(float x) {
    ImGui::PushTextWrapPos(x - ImGui::GetWindowPos().x + ImGui::GetScrollX());
}

namespace {
struct OpenCard {
    ImVec2 start;
    float width = 0;
    bool highlighted = false;
};
OpenCard g_card;
} // namespace

void BeginCard(bool highlighted) {
    const float pad = ImGui::GetStyle().FramePadding.x;
    g_card = OpenCard{ImGui::GetCursorScreenPos(), ImGui::GetContentRegionAvail().x, highlighted};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(g_card.start.x + pad, g_card.start.y + pad));
    ImGui::BeginGroup();
    PushTextWrapAtScreenX(g_card.start.x + g_card.width - pad);
}

void EndCard() {
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const ImVec2 start = g_card.start;
    const ImVec2 end(start.x + g_card.width, ImGui::GetItemRectMax().y + style.FramePadding.x);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(start, end, ImGui::GetColorU32(g_card.highlighted ? ImGuiCol_Header : ImGuiCol_FrameBg),
                      style.ChildRounding);
    dl->AddRect(start, end, ImGui::GetColorU32(g_card.highlighted ? style.Colors[ImGuiCol_Button] : style.Colors[ImGuiCol_Border]),
                style.ChildRounding, 0, g_card.highlighted ? 2.0f * UiScale() : 1.0f);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(start);
    ImGui::Dummy(ImVec2(g_card.width, end.y - start.y));
}

bool PrimaryButton(const char* label, float width) { return StyledButton(label, width, true); }
bool SecondaryButton(const char* label, float width) { return StyledButton(label, width, false); }

bool Chip(const char* label, bool selected) {
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, TouchTargetHeight() / 2);
    ImGui::PushStyleColor(ImGuiCol_Button, selected ? style.Colors[ImGuiCol_Button] : style.Colors[ImGuiCol_FrameBg]);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                          selected ? style.Colors[ImGuiCol_ButtonHovered] : style.Colors[ImGuiCol_FrameBgHovered]);
    ImGui::PushStyleColor(ImGuiCol_Text, selected ? ImVec4(1, 1, 1, 1) : style.Colors[ImGuiCol_Text]);
    const float h = TouchTargetHeight();
    const bool clicked = ImGui::Button(label, ImVec2(0, h));
    ImGui::PopStyleColor(3);
    ImGui::PopStyleVar();
    return clicked;
}

void ColorDot(unsigned int color) {
    const float r = 6 * UiScale();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + r, p.y + h / 2), r, color);
    ImGui::Dummy(ImVec2(r * 2, h));
    ImGui::SameLine();
}

bool ChoiceCombo(const char* id, const char* all, const std::vector<std::string>& names, int& current, float width,
                 const std::vector<unsigned int>* colors) {
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    const std::string preview = current >= 0 && current < static_cast<int>(names.size()) ? names[current] : all;
    // As tall as the toolbar's buttons, the arrow in the text colour on the field's grey.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float height = std::max(ImGui::GetFrameHeight() + style.FramePadding.y * 0.5f, TouchTargetHeight());
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(12 * UiScale(), (height - ImGui::GetFontSize()) / 2));
    ImGui::PushStyleColor(ImGuiCol_Button, style.Colors[ImGuiCol_FrameBg]);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, style.Colors[ImGuiCol_FrameBgHovered]);
    const bool open = ImGui::BeginCombo(id, preview.c_str(), ImGuiComboFlags_HeightLarge);
    ImGui::PopStyleColor(2);
    if (open) {
        const float h = TouchTargetHeight();
        if (ImGui::Selectable(all, current < 0, 0, ImVec2(0, h))) {
            current = -1;
            changed = true;
        }
        for (int i = 0; i < static_cast<int>(names.size()); ++i) {
            ImGui::PushID(i);
            if (colors) ColorDot((*colors)[i]);
            if (ImGui::Selectable(names[i].c_str(), current == i, 0, ImVec2(0, h))) {
                current = i;
                changed = true;
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::PopStyleVar();
    return changed;
}

void ErrorLine(const FieldError& e, const std::string& lang) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.70f, 0.11f, 0.11f, 1.0f)); // #b31c1c: 6.6:1 on white
    ImGui::TextWrapped("%s", e.Message(lang).c_str());
    ImGui::PopStyleColor();
}

void SuccessLine(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.08f, 0.43f, 0.20f, 1.0f)); // #146e33: 6.3:1 on white
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void MutedLine(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void Heading(const char* text) {
    ImGui::PushFont(HeadingFont());
    ImGui::TextWrapped("%s", text);
    ImGui::PopFont();
}

} // namespace quartier
