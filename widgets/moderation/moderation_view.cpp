// The moderation console's view: sign-in, then the queue and the proposal under review (its
// flags, actions, place on a small map of the districts, likely duplicates, the author's other
// submissions), or the audit log. Wide canvases put the list beside the proposal; phones stack
// them in one scrolling column. Only draws, and turns keys into model commands.
//
// Index: [SECTION] Helpers · Sign-in · Shortcuts · Filters · Queue list · Proposal · Audit
#include "widgets/moderation/moderation_view.h"

#include "shared/audit_text.h"
#include "shared/text.h"
#include "widgets/app/comments_model.h"
#include "widgets/app/i18n.h"
#include "widgets/app/map.h"
#include "widgets/app/platform.h"
#include "widgets/app/text_field.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/moderation/moderation_model.h"

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace quartier {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

float Css(float v) { return v * UiScale(); }

// The canvas in CSS pixels is wide enough for the list and the proposal side by side.
bool Wide() { return ImGui::GetMainViewport()->Size.x / UiScale() >= 760.0f; }

const ImU32 kFlagRed = IM_COL32(0xB3, 0x1C, 0x1C, 0xFF); // #b31c1c: 6.6:1 on white

// A small coloured pill of text ("3 signalements", "publiée") on the current line.
void Pill(const std::string& text, ImU32 fill, ImU32 ink) {
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 pad(Css(8), Css(2));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x + pad.x * 2, p.y + size.y + pad.y * 2), fill, size.y);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), ink, text.c_str());
    ImGui::Dummy(ImVec2(size.x + pad.x * 2, size.y + pad.y * 2));
}

ImU32 StatusInk(ProposalStatus s) {
    switch (s) {
    case ProposalStatus::Submitted: return IM_COL32(0x8A, 0x4B, 0x00, 0xFF); // amber ink
    case ProposalStatus::Pending: return IM_COL32(0x8A, 0x4B, 0x00, 0xFF);
    case ProposalStatus::Published: return IM_COL32(0x14, 0x6E, 0x33, 0xFF);
    case ProposalStatus::Selected: return IM_COL32(0x14, 0x6E, 0x33, 0xFF);
    case ProposalStatus::Rejected: return kFlagRed;
    case ProposalStatus::Hidden: return IM_COL32(0x4B, 0x55, 0x63, 0xFF);
    }
    return IM_COL32(0x4B, 0x55, 0x63, 0xFF);
}

void StatusPill(ProposalStatus s, const std::string& lang) {
    const ImU32 ink = StatusInk(s);
    const ImU32 fill = (ink & 0x00FFFFFF) | 0x1F000000; // the ink at 12 %
    Pill(ProposalStatusLabel(s, lang), fill, ink);
}

// Title in the heading font, wrapped.
void Title(const std::string& text) {
    ImGui::PushFont(HeadingFont());
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopFont();
}

// A toggle chip of a given width (phones line filters up in two columns).
bool ChipWide(const char* label, bool selected, float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, TouchTargetHeight() / 2);
    ImGui::PushStyleColor(ImGuiCol_Button, selected ? style.Colors[ImGuiCol_Button] : style.Colors[ImGuiCol_FrameBg]);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, selected ? style.Colors[ImGuiCol_ButtonHovered] : style.Colors[ImGuiCol_FrameBgHovered]);
    ImGui::PushStyleColor(ImGuiCol_Text, selected ? ImVec4(1, 1, 1, 1) : style.Colors[ImGuiCol_Text]);
    const bool clicked = ImGui::Button(label, ImVec2(width, TouchTargetHeight()));
    ImGui::PopStyleColor(3);
    ImGui::PopStyleVar();
    return clicked;
}

// ui's ChoiceCombo over names chosen by value: true when the choice changed ("" is all).
// labels: what the menu shows for each name, when not the names themselves (a category's label).
bool ChoiceByName(const char* id, const char* all, const std::vector<std::string>& names, const std::string& current,
                  std::string& chosen, float width, const std::vector<std::string>* labels = nullptr) {
    int index = -1;
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == current) index = static_cast<int>(i);
    if (!ChoiceCombo(id, all, labels ? *labels : names, index, width)) return false;
    chosen = index >= 0 ? names[static_cast<size_t>(index)] : std::string();
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Sign-in
//-----------------------------------------------------------------------------

bool DrawSignIn(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    const float w = std::min(ImGui::GetContentRegionAvail().x, Css(420));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (ImGui::GetContentRegionAvail().x - w) / 2));
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(w, Css(8)));
    Heading(Tr(lang, "Espace de modération"));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    MutedLine(Tr(lang, "Réservé aux agents de la commune chargés de la modération. Connectez-vous avec votre compte."));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    // Typed in the page's own elements (text_field.h), as every widget's fields: Tab goes
    // from the address to the password and keeps what is typed there; Enter signs in.
    bool entered = false;
    ImGui::TextUnformatted(Tr(lang, "Adresse électronique"));
    ImGui::SetNextItemWidth(w);
    TextFieldOptions email;
    email.label = Tr(lang, "Adresse électronique");
    email.entered = &entered;
    changed |= TextField("##email", &m.EditEmail(), email);
    NoteControl("email");
    ImGui::TextUnformatted(Tr(lang, "Mot de passe"));
    ImGui::SetNextItemWidth(w);
    TextFieldOptions password;
    password.label = Tr(lang, "Mot de passe");
    password.password = true;
    password.entered = &entered;
    changed |= TextField("##password", &m.EditPassword(), password);
    NoteControl("password");
    if (m.Error()) ErrorLine(*m.Error(), lang);
    ImGui::Spacing();
    if (PrimaryButton(Tr(lang, "Se connecter"), w) || entered) {
        m.SignIn();
        changed = true;
    }
    NoteControl("sign-in");
    ImGui::EndGroup();
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Shortcuts
//-----------------------------------------------------------------------------

// Keyboard shortcuts, read as typed characters so that they follow the keyboard layout.
bool Shortcuts(ModerationModel& m) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return false;
    bool changed = false;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const ImWchar c = io.InputQueueCharacters[i];
        if (m.PickingReason()) {
            if (c >= '1' && c <= '9') {
                m.Reject(c - '1');
                m.SetPickingReason(false);
                changed = true;
            } else if (c == 27 || c == 'r') {
                m.SetPickingReason(false);
                changed = true;
            }
            continue;
        }
        switch (c) {
        case 'j': m.Next(); break;
        case 'k': m.Previous(); break;
        case 'x': m.ToggleSelected(); break;
        case 'a': m.Approve(); break;
        case 'r':
            if (m.CurrentKind() != ModerationModel::Kind::Proposals) continue; // comments are not rejected
            m.SetPickingReason(true);
            break;
        case 'h': m.Hide(); break;
        case 'u': m.Undo(); break;
        default: continue;
        }
        changed = true;
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && m.PickingReason()) {
        m.SetPickingReason(false);
        changed = true;
    }
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Filters
//-----------------------------------------------------------------------------

bool DrawFilters(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    const auto counts = m.CountsByStatus();
    const char* statuses[] = {"", "submitted", "published", "hidden", "rejected"};
    const bool wide = Wide();
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (!wide) {
        // A phone: the statuses as one menu, so that the list and the actions stay in view.
        std::vector<std::string> names;
        std::string current;
        for (size_t i = 1; i < std::size(statuses); ++i) {
            const auto it = counts.find(statuses[i]);
            names.push_back(StatusFilterLabel(statuses[i], lang) + "  " + std::to_string(it == counts.end() ? 0 : it->second));
            if (m.StatusFilter() == statuses[i]) current = names.back();
        }
        std::string chosen;
        // "File à traiter" would not show whole in half a phone's width.
        if (ChoiceByName("##status", Tr(lang, "À traiter"), names, current, chosen, half)) {
            std::string status;
            for (size_t i = 0; i < names.size(); ++i)
                if (names[i] == chosen) status = statuses[i + 1];
            m.SetStatusFilter(status);
            changed = true;
        }
        NoteControl("status-filter");
    }
    for (size_t i = 0; wide && i < std::size(statuses); ++i) {
        std::string label = StatusFilterLabel(statuses[i], lang);
        if (*statuses[i]) {
            const auto it = counts.find(statuses[i]);
            label += "  " + std::to_string(it == counts.end() ? 0 : it->second);
        }
        if (i > 0) SameLineIfFits(ButtonWidth(label.c_str()));
        ImGui::PushID(static_cast<int>(i));
        if (Chip(label.c_str(), m.StatusFilter() == statuses[i])) {
            m.SetStatusFilter(statuses[i]);
            changed = true;
        }
        ImGui::PopID();
        NoteControl(std::string("status-") + (*statuses[i] ? statuses[i] : "all"));
    }
    const std::string flagged = std::string(Tr(lang, "Signalées")) + "  " + std::to_string(m.FlaggedCount());
    SameLineIfFits(ButtonWidth(flagged.c_str()));
    if (wide ? Chip(flagged.c_str(), m.FlaggedOnly()) : ChipWide(flagged.c_str(), m.FlaggedOnly(), half)) {
        m.SetFlaggedOnly(!m.FlaggedOnly());
        changed = true;
    }
    NoteControl("flagged-only");

    const float w = wide ? Css(230) : half;
    std::string chosen;
    // Phones: short words, so that the closed menus still say what they filter.
    const char* all_districts = wide ? Tr(lang, "Tous les quartiers") : Tr(lang, "Quartiers");
    const char* all_categories = wide ? Tr(lang, "Toutes les catégories") : Tr(lang, "Catégories");
    if (ChoiceByName("##district", all_districts, m.Districts(), m.DistrictFilter(), chosen, w)) {
        m.SetDistrictFilter(chosen);
        changed = true;
    }
    NoteControl("filter-district");
    ImGui::SameLine();
    std::vector<std::string> category_labels;
    for (const auto& c : m.Categories()) category_labels.push_back(m.CategoryLabel(c));
    if (ChoiceByName("##category", all_categories, m.Categories(), m.CategoryFilter(), chosen, w, &category_labels)) {
        m.SetCategoryFilter(chosen);
        changed = true;
    }
    NoteControl("filter-category");
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Queue list
//-----------------------------------------------------------------------------

// Age of a proposal in words, from its ISO date ("le 03/11").
std::string ShortDate(const std::string& iso, const std::string& lang) {
    if (iso.size() < 10) return "";
    return IsFrench(lang) ? "le " + iso.substr(8, 2) + "/" + iso.substr(5, 2) : iso.substr(5, 2) + "/" + iso.substr(8, 2);
}

bool DrawList(ModerationModel& m, const ImVec2& size) {
    const std::string& lang = m.Language();
    bool changed = false;
    const auto visible = m.Visible();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
    ImGui::BeginChild("queue", size, true);
    const float line = ImGui::GetTextLineHeight();
    const float pad = Css(8);
    const float row_h = std::max(line * 2 + pad * 2 + Css(4), TouchTargetHeight());
    ImGuiListClipper clipper; // 10 000 items: only the rows on screen are drawn
    clipper.Begin(static_cast<int>(visible.size()), row_h + ImGui::GetStyle().ItemSpacing.y);
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto* it = visible[static_cast<size_t>(i)];
            const auto& p = it->proposal;
            const bool current = static_cast<size_t>(i) == m.CurrentIndex();
            const bool checked = m.Selection().count(p.id) > 0;
            ImGui::PushID(i);
            const ImVec2 top = ImGui::GetCursorScreenPos();
            const float width = ImGui::GetContentRegionAvail().x;
            if (ImGui::Selectable("##row", current, 0, ImVec2(0, row_h))) {
                m.Select(static_cast<size_t>(i));
                changed = true;
            }
            NoteControl("item-" + std::to_string(p.id));
            ImDrawList* dl = ImGui::GetWindowDrawList();
            if (current) dl->AddRectFilled(top, ImVec2(top.x + Css(4), top.y + row_h), ImGui::GetColorU32(ImGuiCol_Button));
            float x = top.x + pad + Css(4);
            if (checked) {
                dl->AddText(ImVec2(x, top.y + pad), ImGui::GetColorU32(ImGuiCol_Button), "\u2713");
                x += ImGui::CalcTextSize("\u2713 ").x;
            }
            // Title on the first line, clipped; reports as a red count at the right.
            const std::string flags = it->flags > 0 ? FlagsLabel(it->flags, lang) : "";
            const float flags_w = flags.empty() ? 0 : ImGui::CalcTextSize(flags.c_str()).x + Css(16);
            const ImVec4 clip(x, top.y, top.x + width - flags_w - pad, top.y + row_h);
            dl->AddText(nullptr, 0, ImVec2(x, top.y + pad), ImGui::GetColorU32(ImGuiCol_Text), p.title.c_str(), nullptr, 0, &clip);
            if (!flags.empty()) {
                const ImVec2 fs = ImGui::CalcTextSize(flags.c_str());
                const ImVec2 a(top.x + width - pad - fs.x - Css(12), top.y + pad - Css(1));
                dl->AddRectFilled(a, ImVec2(a.x + fs.x + Css(12), a.y + fs.y + Css(2)), IM_COL32(0xFD, 0xE8, 0xE8, 0xFF), fs.y);
                dl->AddText(ImVec2(a.x + Css(6), a.y + Css(1)), kFlagRed, flags.c_str());
            }
            // Status, district and date on the second line, muted.
            std::string meta = ProposalStatusLabel(p.status, lang);
            if (!it->district.empty()) meta += "  \u2022  " + it->district;
            const std::string date = ShortDate(it->created_at, lang);
            if (!date.empty()) meta += "  \u2022  " + date;
            const ImVec4 clip2(x, top.y, top.x + width - pad, top.y + row_h);
            dl->AddText(nullptr, 0, ImVec2(x, top.y + pad + line + Css(4)), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                        meta.c_str(), nullptr, 0, &clip2);
            ImGui::PopID();
        }
    if (visible.empty()) {
        ImGui::Spacing();
        MutedLine(m.LoadState() == ModerationModel::Load::Loading ? Tr(lang, "Chargement…")
                                                                  : Tr(lang, "Rien à modérer ici."));
    }
    // Keep the current row in view when j/k move past the edge.
    if (!visible.empty()) {
        const float y = static_cast<float>(m.CurrentIndex()) * (row_h + ImGui::GetStyle().ItemSpacing.y);
        if (y < ImGui::GetScrollY()) ImGui::SetScrollY(y);
        else if (y + row_h > ImGui::GetScrollY() + ImGui::GetWindowHeight() - Css(16))
            ImGui::SetScrollY(y + row_h - ImGui::GetWindowHeight() + Css(16));
    }
    DragToScroll();
    ImGui::EndChild();
    ImGui::PopStyleColor();
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Proposal under review
//-----------------------------------------------------------------------------

// The place on a small map of the tenant's districts, with the likely duplicates around it.
void DrawPlace(const ModerationModel& m, const ModerationModel::Item& cur, const std::vector<ModerationModel::Related>& dups) {
    static MapState view;
    static std::int64_t centred_on = 0;
    static size_t centred_with = 0; // districts known when it was framed (they may come later)
    const LonLat at{cur.proposal.longitude, cur.proposal.latitude};
    const float h = Css(Wide() ? 220.0f : 180.0f);
    if (centred_on != cur.proposal.id || centred_with != m.Regions().size() || view.width <= 0) {
        centred_with = m.Regions().size();
        // Where in the town: its district whole with the neighbours' outlines around it,
        // centred on the place; never closer than a few streets around it.
        view.width = ImGui::GetContentRegionAvail().x;
        view.height = h;
        view.scale = UiScale();
        const int district = m.DistrictIndexOf(cur);
        if (district >= 0) {
            const BBox& box = m.Regions()[static_cast<size_t>(district)].bbox;
            view.FitBox(box, 16.0);
            view.zoom = std::min(std::max(view.zoom, 11.0), 15.0);
        } else {
            view.zoom = 14.0;
        }
        view.center = ToMercator(at);
        centred_on = cur.proposal.id;
    }
    MapStyle style;
    style.marker_radius = 7.0f;
    if (BeginMap("##place", view, ImVec2(ImGui::GetContentRegionAvail().x, h),
                 MapFlags_NoPan | MapFlags_NoZoom | MapFlags_NoKeyboard | MapFlags_NoZoomButtons, style)) {
        MapShapes(m.Shapes(), m.DistrictIndexOf(cur));
        std::vector<MapCluster> near;
        for (size_t i = 0; i < dups.size(); ++i)
            if (dups[i].has_place) {
                MapCluster c;
                c.pos = c.min = c.max = ToMercator(dups[i].place);
                c.count = 1;
                c.first = static_cast<int>(i);
                near.push_back(c);
            }
        if (!near.empty())
            MapPoints(near.data(), static_cast<int>(near.size()), [](int) { return IM_COL32(0x8A, 0x4B, 0x00, 0xFF); });
        MapPin(ToMercator(at), ImGui::GetColorU32(ImGuiCol_Button));
        EndMap();
    }
    NoteControl("place-map");
    char where[96];
    std::snprintf(where, sizeof where, "%.5f, %.5f", cur.proposal.latitude, cur.proposal.longitude);
    MutedLine((cur.district.empty() ? std::string() : cur.district + "  \u2022  ") + where +
              (dups.empty() ? "" : Tr(m.Language(), "  \u2022  en brun : doublons probables")));
}

// Approve, reject with a reason, hide: right under the title so that they stay in view.
bool DrawActions(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    // Actions, wrapping on narrow screens.
    ImGui::Spacing();
    const bool keys = Wide(); // phones have no keyboard shortcuts to show
    const char* approve = keys ? Tr(lang, "Approuver (a)") : Tr(lang, "Approuver");
    const char* reject = keys ? Tr(lang, "Rejeter… (r)") : Tr(lang, "Rejeter…");
    const char* hide = keys ? Tr(lang, "Masquer (h)") : Tr(lang, "Masquer");
    const int targets = m.Selection().empty() ? 1 : static_cast<int>(m.Selection().size());
    if (targets > 1) MutedLine(std::to_string(targets) + Tr(lang, " propositions sélectionnées (x)"));
    // Phones: the three actions share the line, under the thumb, each as wide as its word
    // plus a third of the room left, when that leaves a margin each side of the words (else
    // they flow as on wider screens).
    float extra = -1.0f;
    if (!keys) {
        const float room = ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x -
                           ImGui::CalcTextSize(approve).x - ImGui::CalcTextSize(reject).x - ImGui::CalcTextSize(hide).x;
        if (room >= 3 * Css(16)) extra = std::floor(room / 3); // whole pixels: the last one still fits
    }
    auto width = [&](const char* label) { return extra < 0 ? 0.0f : ImGui::CalcTextSize(label).x + extra; };
    if (PrimaryButton(approve, width(approve))) {
        m.Approve();
        changed = true;
    }
    NoteControl("approve");
    SameLineIfFits(extra < 0 ? ButtonWidth(reject) : width(reject));
    if (SecondaryButton(reject, width(reject))) {
        m.SetPickingReason(!m.PickingReason());
        changed = true;
    }
    NoteControl("reject");
    SameLineIfFits(extra < 0 ? ButtonWidth(hide) : width(hide));
    if (SecondaryButton(hide, width(hide))) {
        m.Hide();
        changed = true;
    }
    NoteControl("hide");
    if (m.PickingReason()) {
        BeginCard(false);
        ImGui::TextUnformatted(Tr(lang, "Motif du rejet (communiqué à l’auteur) :"));
        const auto& reasons = ModerationModel::RejectReasons();
        for (size_t i = 0; i < reasons.size(); ++i) {
            const std::string label = std::to_string(i + 1) + ". " + (IsFrench(lang) ? reasons[i].first : reasons[i].second);
            if (ImGui::Selectable(label.c_str(), false, 0, ImVec2(0, TouchTargetHeight()))) {
                m.Reject(static_cast<int>(i));
                m.SetPickingReason(false);
                changed = true;
            }
            NoteControl("reason-" + std::to_string(i));
        }
        EndCard();
    }

    return changed;
}

bool DrawProposal(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    const auto* cur = m.Current();
    if (!cur) {
        MutedLine(Tr(lang, "Choisissez une proposition dans la liste."));
        return false;
    }
    const auto& p = cur->proposal;
    Title(p.title);
    StatusPill(p.status, lang);
    ImGui::SameLine();
    std::string meta = "n° " + std::to_string(p.id) + "  \u2022  " + m.CategoryLabel(p.category);
    if (!cur->district.empty()) meta += "  \u2022  " + cur->district;
    meta += "  \u2022  " + FormatEuros(p.estimated_cost, lang);
    if (cur->supports > 0) meta += "  \u2022  " + std::to_string(cur->supports) + Tr(lang, " soutiens");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", meta.c_str());
    ImGui::PopStyleColor();
    changed |= DrawActions(m);
    if (!p.description.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", p.description.c_str());
    }

    if (cur->flags > 0) {
        ImGui::Spacing();
        BeginCard(true);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kFlagRed));
        ImGui::TextUnformatted((FlagsLabel(cur->flags, lang) + Tr(lang, " par des habitants")).c_str());
        ImGui::PopStyleColor();
        for (const auto& r : cur->flag_reasons) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", r.c_str());
        }
        EndCard();
    }

    const auto dups = m.LikelyDuplicates();
    if (cur->has_place) {
        ImGui::Spacing();
        DrawPlace(m, *cur, dups);
    }
    if (!dups.empty()) {
        ImGui::Spacing();
        ImGui::TextUnformatted(Tr(lang, "Doublons probables (titre proche, à moins de 300 m)"));
        for (const auto& d : dups) {
            ImGui::PushID(static_cast<int>(d.id));
            BeginCard(false);
            ImGui::TextWrapped("n° %lld  %s", static_cast<long long>(d.id), d.title.c_str());
            std::string line = ProposalStatusLabel(d.status, lang);
            if (d.distance_m >= 0) line += "  \u2022  " + std::to_string(static_cast<long>(d.distance_m)) + " m";
            MutedLine(line);
            const std::string merge = std::string(Tr(lang, "Fusionner dans la n° ")) + std::to_string(d.id);
            if (SecondaryButton(merge.c_str())) {
                m.MergeInto(d.id);
                changed = true;
            }
            NoteControl("merge-" + std::to_string(d.id));
            EndCard();
            ImGui::PopID();
        }
    }
    ImGui::Spacing();
    const auto mine = m.SameAuthor();
    if (cur->author.empty()) {
        MutedLine(Tr(lang, "Auteur inconnu (proposition anonyme ou compte supprimé)."));
    } else if (mine.empty()) {
        MutedLine(Tr(lang, "Première proposition de cet auteur."));
    } else {
        ImGui::TextUnformatted(Tr(lang, "Autres propositions du même auteur"));
        for (const auto& o : mine) {
            ImGui::Bullet();
            ImGui::TextWrapped("n° %lld  %s", static_cast<long long>(o.id), o.title.c_str());
            ImGui::SameLine();
            StatusPill(o.status, lang);
        }
    }
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Comments
//-----------------------------------------------------------------------------

using Kind = ModerationModel::Kind;

// Proposals or comments in the queue, as two chips under the title.
bool DrawKinds(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    const std::string proposals = Tr(lang, "Propositions");
    const std::string comments = Fill(Tr(lang, "Commentaires à modérer ({})"), std::to_string(m.CommentsToReview()));
    ImGui::PushID("kinds");
    if (Chip(proposals.c_str(), m.CurrentKind() == Kind::Proposals)) {
        m.ShowKind(Kind::Proposals);
        changed = true;
    }
    NoteControl("kind-proposals");
    SameLineIfFits(ButtonWidth(comments.c_str()));
    if (Chip(comments.c_str(), m.CurrentKind() == Kind::Comments)) {
        m.ShowKind(Kind::Comments);
        changed = true;
    }
    NoteControl("kind-comments");
    ImGui::PopID();
    return changed;
}

bool DrawCommentList(ModerationModel& m, const ImVec2& size) {
    const std::string& lang = m.Language();
    bool changed = false;
    const auto& comments = m.Comments();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
    ImGui::BeginChild("comment-queue", size, true);
    const float line = ImGui::GetTextLineHeight();
    const float pad = Css(8);
    const float row_h = std::max(line * 2 + pad * 2 + Css(4), TouchTargetHeight());
    for (size_t i = 0; i < comments.size(); ++i) {
        const auto& c = comments[i];
        const bool current = i == m.CurrentCommentIndex();
        ImGui::PushID(static_cast<int>(c.id));
        const ImVec2 top = ImGui::GetCursorScreenPos();
        const float width = ImGui::GetContentRegionAvail().x;
        if (ImGui::Selectable("##row", current, 0, ImVec2(0, row_h))) {
            m.SelectComment(i);
            changed = true;
        }
        NoteControl("comment-item-" + std::to_string(c.id));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        if (current) dl->AddRectFilled(top, ImVec2(top.x + Css(4), top.y + row_h), ImGui::GetColorU32(ImGuiCol_Button));
        float x = top.x + pad + Css(4);
        if (m.CommentSelection().count(c.id)) {
            dl->AddText(ImVec2(x, top.y + pad), ImGui::GetColorU32(ImGuiCol_Button), "\u2713");
            x += ImGui::CalcTextSize("\u2713 ").x;
        }
        const std::string flags = c.flags > 0 ? FlagsLabel(c.flags, lang) : "";
        const float flags_w = flags.empty() ? 0 : ImGui::CalcTextSize(flags.c_str()).x + Css(16);
        const ImVec4 clip(x, top.y, top.x + width - flags_w - pad, top.y + row_h);
        std::string first = c.body;
        if (const auto nl = first.find('\n'); nl != std::string::npos) first = first.substr(0, nl) + "…";
        dl->AddText(nullptr, 0, ImVec2(x, top.y + pad), ImGui::GetColorU32(ImGuiCol_Text), first.c_str(), nullptr, 0, &clip);
        if (!flags.empty()) {
            const ImVec2 fs = ImGui::CalcTextSize(flags.c_str());
            const ImVec2 a(top.x + width - pad - fs.x - Css(12), top.y + pad - Css(1));
            dl->AddRectFilled(a, ImVec2(a.x + fs.x + Css(12), a.y + fs.y + Css(2)), IM_COL32(0xFD, 0xE8, 0xE8, 0xFF), fs.y);
            dl->AddText(ImVec2(a.x + Css(6), a.y + Css(1)), kFlagRed, flags.c_str());
        }
        std::string meta = CommentStatusLabel(c.status, lang) + "  \u2022  " + c.proposal_title;
        const ImVec4 clip2(x, top.y, top.x + width - pad, top.y + row_h);
        dl->AddText(nullptr, 0, ImVec2(x, top.y + pad + line + Css(4)), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    meta.c_str(), nullptr, 0, &clip2);
        ImGui::PopID();
    }
    if (comments.empty()) {
        ImGui::Spacing();
        MutedLine(m.LoadState() == ModerationModel::Load::Loading ? Tr(lang, "Chargement…")
                                                                  : Tr(lang, "Aucun commentaire à modérer."));
    }
    DragToScroll();
    ImGui::EndChild();
    ImGui::PopStyleColor();
    return changed;
}

// The comment under review: where it was written, what it says, why it was reported, and
// approve / hide (the same keys as for proposals).
bool DrawComment(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    const auto* c = m.CurrentComment();
    if (!c) return false;
    Title(Fill(Tr(lang, "Commentaire sur « {} »"), c->proposal_title));
    const ImU32 ink = c->status == "hidden" ? IM_COL32(0x4B, 0x55, 0x63, 0xFF)
                    : c->status == "published" ? IM_COL32(0x14, 0x6E, 0x33, 0xFF) : IM_COL32(0x8A, 0x4B, 0x00, 0xFF);
    Pill(CommentStatusLabel(c->status, lang), (ink & 0x00FFFFFF) | 0x1F000000, ink);
    std::string meta = Fill(Tr(lang, "Écrit {}"), ShortDate(c->created_at, lang));
    if (c->edited) meta += " · " + std::string(Tr(lang, "modifié"));
    if (c->parent) meta += " · " + std::string(Tr(lang, "réponse à un autre commentaire"));
    if (!c->stance.empty()) meta += " · " + CommentStanceLabel(c->stance, lang);
    MutedLine(meta);
    BeginCard();
    ImGui::TextWrapped("%s", c->body.c_str());
    EndCard();
    NoteControl("comment-body");
    if (c->flags > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, kFlagRed);
        ImGui::TextUnformatted(FlagsLabel(c->flags, lang).c_str());
        ImGui::PopStyleColor();
        for (const auto& r : c->reasons) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", r.c_str());
        }
    }
    ImGui::Spacing();
    const auto n = m.CommentSelection().size();
    const std::string approve = n > 1 ? Fill(Tr(lang, "Approuver la sélection ({}) — a"), std::to_string(n))
                                      : std::string(Tr(lang, "Approuver — a"));
    const std::string hide = n > 1 ? Fill(Tr(lang, "Masquer la sélection ({}) — h"), std::to_string(n))
                                   : std::string(Tr(lang, "Masquer — h"));
    const bool selected = m.CommentSelection().count(c->id) > 0;
    const std::string select = selected ? Tr(lang, "Retirer de la sélection — x") : Tr(lang, "Sélectionner — x");
    if (PrimaryButton(approve.c_str())) {
        m.Approve();
        changed = true;
    }
    NoteControl("approve");
    SameLineIfFits(ButtonWidth(hide.c_str()));
    if (SecondaryButton(hide.c_str())) {
        m.Hide();
        changed = true;
    }
    NoteControl("hide");
    SameLineIfFits(ButtonWidth(select.c_str()));
    if (SecondaryButton(select.c_str())) {
        m.ToggleSelected();
        changed = true;
    }
    NoteControl("select");
    return changed;
}

bool DrawQueue(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = Shortcuts(m);
    const bool wide = Wide();

    // Header: what this is, and the audit log.
    const char* audit = Tr(lang, "Journal d’audit");
    const float audit_w = ButtonWidth(audit);
    ImGui::PushFont(HeadingFont());
    const float title_y = ImGui::GetCursorPosY();
    const float button_h = std::max(ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.y * 0.5f, TouchTargetHeight());
    ImGui::SetCursorPosY(title_y + std::max(0.0f, (button_h - ImGui::GetTextLineHeight()) / 2));
    ImGui::TextUnformatted(Tr(lang, "Modération"));
    ImGui::PopFont();
    ImGui::SameLine(std::max(ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + Css(12),
                             ImGui::GetWindowContentRegionMax().x - audit_w));
    ImGui::SetCursorPosY(title_y);
    if (SecondaryButton(audit)) {
        m.ShowAudit();
        changed = true;
    }
    NoteControl("audit");
    changed |= DrawKinds(m);
    const bool comments = m.CurrentKind() == Kind::Comments;
    if (!comments) changed |= DrawFilters(m);

    // The last action and its undo.
    if (!m.PendingActions().empty()) {
        const char* undo = Tr(lang, "Annuler (u)");
        if (SecondaryButton(undo)) {
            m.Undo();
            changed = true;
        }
        NoteControl("undo");
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
    }
    if (m.Error()) ErrorLine(*m.Error(), lang);
    else if (!m.Notice().empty()) SuccessLine(m.Notice());
    ImGui::Spacing();

    if (comments) {
        // Comments: the list beside the one under review (stacked on a phone, the comment first).
        const char* keys = Tr(lang, "Clavier : j/k suivant/précédent · x sélectionner · a approuver · h masquer · u annuler");
        if (wide) {
            const float list_w = std::max(Css(300), ImGui::GetContentRegionAvail().x * 0.38f);
            changed |= DrawCommentList(m, ImVec2(list_w, 0));
            ImGui::SameLine();
            ImGui::BeginChild("comment-detail", ImVec2(0, 0), false);
            changed |= DrawComment(m);
            ImGui::Spacing();
            MutedLine(keys);
            DragToScroll();
            ImGui::EndChild();
        } else {
            ImGui::BeginChild("comment-column", ImVec2(0, 0), false);
            changed |= DrawComment(m);
            ImGui::Spacing();
            const float rows = std::min<float>(6.0f, std::max<float>(1.0f, static_cast<float>(m.Comments().size())));
            const float row_h = std::max(ImGui::GetTextLineHeight() * 2 + Css(20), TouchTargetHeight()) + ImGui::GetStyle().ItemSpacing.y;
            changed |= DrawCommentList(m, ImVec2(0, rows * row_h + Css(16)));
            DragToScroll();
            ImGui::EndChild();
        }
    } else if (wide) {
        const float list_w = std::max(Css(300), ImGui::GetContentRegionAvail().x * 0.38f);
        changed |= DrawList(m, ImVec2(list_w, 0));
        ImGui::SameLine();
        ImGui::BeginChild("detail", ImVec2(0, 0), false);
        changed |= DrawProposal(m);
        ImGui::Spacing();
        MutedLine(Tr(lang, "Clavier : j/k suivante/précédente · x sélectionner · a approuver · r rejeter · h masquer · u annuler"));
        DragToScroll();
        ImGui::EndChild();
    } else {
        // A phone: one scrolling column; the proposal under review first, with previous/next,
        // so that its actions are in view at once; the whole queue below it.
        ImGui::BeginChild("column", ImVec2(0, 0), false);
        const auto visible = m.Visible();
        const char* prev = "\u2190";
        const char* next = "\u2192";
        const float arrow_w = TouchTargetHeight() * 1.3f;
        if (SecondaryButton(prev, arrow_w)) {
            m.Previous();
            changed = true;
        }
        NoteControl("previous");
        const std::string where = visible.empty() ? std::string(Tr(lang, "File vide"))
            : std::to_string(m.CurrentIndex() + 1) + Tr(lang, " sur ") + std::to_string(visible.size());
        const float middle = ImGui::GetContentRegionAvail().x - 2 * (arrow_w + ImGui::GetStyle().ItemSpacing.x);
        const ImVec2 ws = ImGui::CalcTextSize(where.c_str());
        // Drawn, not laid out: centred on the arrows whatever the line's text offset.
        const ImVec2 box = ImGui::GetItemRectMin();
        const float arrow_h = ImGui::GetItemRectSize().y;
        const float left = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
        ImGui::GetWindowDrawList()->AddText(ImVec2(left + std::max(0.0f, (middle - ws.x) / 2), box.y + (arrow_h - ws.y) / 2),
                                            ImGui::GetColorU32(ImGuiCol_Text), where.c_str());
        ImGui::SetCursorScreenPos(ImVec2(left + middle + ImGui::GetStyle().ItemSpacing.x, box.y));
        if (SecondaryButton(next, arrow_w)) {
            m.Next();
            changed = true;
        }
        NoteControl("next");
        changed |= DrawProposal(m);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::TextUnformatted(Tr(lang, "Toute la file"));
        const float rows = std::min<float>(6.0f, std::max<float>(1.0f, static_cast<float>(visible.size())));
        const float row_h = std::max(ImGui::GetTextLineHeight() * 2 + Css(20), TouchTargetHeight()) + ImGui::GetStyle().ItemSpacing.y;
        changed |= DrawList(m, ImVec2(0, rows * row_h + Css(16)));
        DragToScroll();
        ImGui::EndChild();
    }
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Audit
//-----------------------------------------------------------------------------

bool DrawAudit(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    if (SecondaryButton(Tr(lang, "\u2190 Retour à la file"))) {
        m.ShowQueue();
        changed = true;
    }
    NoteControl("back");
    Heading(Tr(lang, "Journal d’audit"));
    BeginCard(m.AuditChainValid() && !*m.AuditChainValid());
    if (!m.AuditChainValid()) MutedLine(Tr(lang, "Vérification de la chaîne…"));
    else if (*m.AuditChainValid())
        SuccessLine(Tr(lang, "\u2713 Chaîne intacte : aucune entrée n’a été modifiée ni supprimée."));
    else
        ErrorLine(FieldError{"chain_broken", "", Msg("\u2717 La chaîne d’audit est ROMPUE : une entrée a été modifiée ou supprimée.")},
                  lang);
    EndCard();
    NoteControl("chain");
    ImGui::Spacing();
    ImGui::BeginChild("audit", ImVec2(0, 0), true);
    for (const auto& e : m.AuditEntries()) {
        if (!e.is_object()) continue;
        ImGui::TextWrapped("%s", AuditSentence(e, lang).c_str());
        ImGui::Separator();
    }
    DragToScroll();
    ImGui::EndChild();
    return changed;
}

} // namespace

bool DrawModeration(ModerationModel& m) {
    m.Tick(NowSeconds());
    BeginSurface("##moderation");
    bool changed = false;
    switch (m.CurrentScreen()) {
    case ModerationModel::Screen::SignIn: changed = DrawSignIn(m); break;
    case ModerationModel::Screen::Queue: changed = DrawQueue(m); break;
    case ModerationModel::Screen::Audit: changed = DrawAudit(m); break;
    }
    EndSurface();
    return changed;
}

} // namespace quartier
