// The proposal map widget's view: a toolbar (propose, filters), the map with its markers,
// groups and card, and the "propose here" form (beside the map on wide screens, over it on
// phones).
//
// Index: [SECTION] Helpers  [SECTION] Toolbar  [SECTION] Card  [SECTION] Form  [SECTION] Map
#define IMGUI_DEFINE_MATH_OPERATORS // ImVec2 arithmetic, before any ImGui header
#include "widgets/map/map_view.h"

#include "shared/text.h"
#include "widgets/app/comments_view.h"
#include "widgets/app/i18n.h"
#include "widgets/app/map.h"
#include "widgets/app/text_field.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/map/map_model.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <string>

namespace quartier {

namespace {

// [SECTION] Helpers

// Category colours: distinct for the common kinds of colour blindness (Okabe–Ito, darkened
// where white rings need contrast).
const ImU32 kCategoryColors[] = {
    IM_COL32(0x00, 0x72, 0xB2, 0xFF), IM_COL32(0x00, 0x9E, 0x73, 0xFF), IM_COL32(0xD5, 0x5E, 0x00, 0xFF),
    IM_COL32(0xCC, 0x79, 0xA7, 0xFF), IM_COL32(0xE6, 0x9F, 0x00, 0xFF), IM_COL32(0x56, 0xB4, 0xE9, 0xFF),
    IM_COL32(0x7B, 0x3F, 0x98, 0xFF), IM_COL32(0x8C, 0x6D, 0x1F, 0xFF), IM_COL32(0x33, 0x4E, 0x5C, 0xFF),
};
const ImU32 kUnknownColor = IM_COL32(0x6B, 0x72, 0x80, 0xFF);

ImU32 CategoryColor(int category) {
    if (category < 0) return kUnknownColor;
    return kCategoryColors[category % IM_ARRAYSIZE(kCategoryColors)];
}

// Status colours, in MapModel::StatusList()'s order: published, selected for the vote,
// under review, not selected; then after review: under review (as before), on the ballot,
// funded, not funded, being built, done, abandoned. Never alone: the legend, the card and the
// mirror say each one in words.
const ImU32 kStatusColors[] = {
    IM_COL32(0x00, 0x72, 0xB2, 0xFF), IM_COL32(0x14, 0x6E, 0x33, 0xFF),
    IM_COL32(0xD5, 0x8A, 0x00, 0xFF), IM_COL32(0xB3, 0x1C, 0x1C, 0xFF),
    IM_COL32(0xD5, 0x8A, 0x00, 0xFF), IM_COL32(0x14, 0x6E, 0x33, 0xFF),
    IM_COL32(0x7B, 0x3F, 0x98, 0xFF), IM_COL32(0x6B, 0x72, 0x80, 0xFF),
    IM_COL32(0xCC, 0x79, 0xA7, 0xFF), IM_COL32(0x00, 0x9E, 0x73, 0xFF),
    IM_COL32(0x33, 0x4E, 0x5C, 0xFF),
};

ImU32 StatusColor(int status) {
    return status >= 0 && status < IM_ARRAYSIZE(kStatusColors) ? kStatusColors[status] : kUnknownColor;
}

int StatusIndex(const MapProposal& p) {
    const auto list = MapModel::StatusList();
    const auto it = std::find(list.begin(), list.end(), MapModel::StatusOf(p));
    return it == list.end() ? -1 : static_cast<int>(it - list.begin());
}

ImU32 ProposalColor(const MapModel& m, int index) {
    const MapProposal& p = m.Proposals()[index];
    return m.ColorMode() == MapModel::ColorBy::Status ? StatusColor(StatusIndex(p))
                                                      : CategoryColor(p.category);
}

ImU32 LegendColor(const MapModel& m, int color) {
    return m.ColorMode() == MapModel::ColorBy::Status ? StatusColor(color) : CategoryColor(color);
}

float Css(float v) { return v * UiScale(); }

bool Wide() { return ImGui::GetMainViewport()->Size.x / UiScale() >= 720.0f; }

// [SECTION] Toolbar

bool g_filters_open = false; // phones: the filters fold under a button

bool DrawFilters(MapModel& m, bool stacked) {
    const std::string& lang = m.Language();
    bool changed = false;
    const float full = ImGui::GetContentRegionAvail().x;
    const float w = stacked ? full : std::min(Css(250), (full - Css(24)) / 3);

    int cat = m.CategoryFilter();
    std::vector<ImU32> colors;
    const auto cats = m.CategoryList();
    for (int i = 0; i < static_cast<int>(cats.size()); ++i) colors.push_back(CategoryColor(i));
    if (ChoiceCombo("##filter-category", Tr(lang, "Toutes les catégories"), cats, cat, w, &colors)) {
        m.SetCategoryFilter(cat);
        changed = true;
    }
    NoteControl("filter-category");

    if (!stacked) ImGui::SameLine();
    std::vector<std::string> districts, codes;
    for (const auto& s : m.Shapes()) {
        districts.push_back(s.name);
        codes.push_back(s.code);
    }
    int district = -1;
    for (int i = 0; i < static_cast<int>(codes.size()); ++i)
        if (codes[i] == m.DistrictFilter()) district = i;
    if (ChoiceCombo("##filter-district", Tr(lang, "Tous les quartiers"), districts, district, w)) {
        m.SetDistrictFilter(district >= 0 ? codes[district] : "");
        changed = true;
    }
    NoteControl("filter-district");

    if (!stacked) ImGui::SameLine();
    const auto statuses = MapModel::StatusList();
    std::vector<std::string> status_names;
    int status = -1;
    for (int i = 0; i < static_cast<int>(statuses.size()); ++i) {
        status_names.push_back(MapModel::StatusName(statuses[i], lang));
        if (statuses[i] == m.StatusFilter()) status = i;
    }
    if (ChoiceCombo("##filter-status", Tr(lang, "Tous les statuts"), status_names, status, w)) {
        m.SetStatusFilter(status >= 0 ? statuses[status] : "");
        changed = true;
    }
    NoteControl("filter-status");
    return changed;
}

bool DrawToolbar(MapModel& m, bool wide) {
    const std::string& lang = m.Language();
    bool changed = false;
    if (m.CurrentMode() == MapModel::Mode::Placing) {
        if (SecondaryButton(Tr(lang, "Annuler"))) {
            m.CancelProposal();
            changed = true;
        }
        NoteControl("cancel-placing");
    } else {
        if (PrimaryButton(Tr(lang, "Proposer un projet"))) {
            m.StartPlacing();
            changed = true;
        }
        NoteControl("propose");
    }
    ImGui::SameLine();
    if (wide) {
        changed |= DrawFilters(m, false);
    } else {
        const bool active = m.CategoryFilter() >= 0 || !m.DistrictFilter().empty() || !m.StatusFilter().empty();
        const std::string label = std::string(Tr(lang, "Filtres")) + (active ? " •" : "") +
                                  (g_filters_open ? "  \xE2\x86\x91" : "  \xE2\x86\x93");
        if (SecondaryButton(label.c_str())) g_filters_open = !g_filters_open;
        NoteControl("filters");
        if (g_filters_open) changed |= DrawFilters(m, true);
    }
    return changed;
}

// [SECTION] Card

// The card's photos, and for their author the button that adds one.
bool DrawCardPhotos(MapModel& m, int index) {
    const MapProposal& p = m.Proposals()[index];
    DrawPhotoStrip(p.photos);
    if (!p.mine) return false;
    bool changed = false;
    ImGui::BeginDisabled(m.AddingPhoto() || p.photos.size() >= 4);
    if (SecondaryButton(m.AddingPhoto() ? Tr(m.Language(), "Envoi de la photo…") : Tr(m.Language(), "Ajouter une photo"))) {
        m.AddPhoto(index);
        changed = true;
    }
    ImGui::EndDisabled();
    NoteControl("add-photo");
    if (m.PhotoError()) ErrorLine(*m.PhotoError(), m.Language());
    return changed;
}

bool DrawCard(MapModel& m, int index) {
    const std::string& lang = m.Language();
    const MapProposal& p = m.Proposals()[index];
    bool changed = false;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::PushFont(HeadingFont());
    ImGui::TextWrapped("%s", m.TitleOf(index).c_str());
    ImGui::PopFont();
    const std::string category = m.CategoryName(p.category).empty() ? p.proposal.category : m.CategoryName(p.category);
    ColorDot(CategoryColor(p.category));
    std::string where = category;
    where += "  •  " + (p.district_name.empty() ? std::string(Tr(lang, "Hors quartier"))
                                               : p.district_name);
    MutedLine(where);
    std::string facts;
    if (!p.details)
        facts = Tr(lang, "Chargement de la fiche…");
    else if (p.proposal.estimated_cost > 0)
        facts = std::string(Tr(lang, "Coût estimé : ")) + FormatEuros(p.proposal.estimated_cost, lang);
    else
        facts = Tr(lang, "Coût non estimé");
    ImGui::TextWrapped("%s", facts.c_str());
    ColorDot(StatusColor(StatusIndex(p)));
    ImGui::TextWrapped("%s%s", Tr(lang, "Statut : "), MapModel::StatusName(MapModel::StatusOf(p), lang).c_str());
    if (!p.proposal.description.empty()) {
        std::string d = p.proposal.description;
        if (d.size() > 280) {
            std::size_t cut = 270;
            while (cut > 0 && (static_cast<unsigned char>(d[cut]) & 0xC0) == 0x80) --cut; // UTF-8 boundary
            d = d.substr(0, cut) + "…";
        }
        ImGui::TextWrapped("%s", d.c_str());
    }
    changed |= DrawCardPhotos(m, index);
    const std::string supports = CountOf(p.supports, lang, "soutien", "soutiens");
    const bool done = m.Supported(index);
    ImGui::BeginDisabled(done || m.Supporting());
    const std::string label = done ? std::string(Tr(lang, "Soutenue \xE2\x9C\x93"))
                                   : std::string(Tr(lang, "Soutenir"));
    if (PrimaryButton((label + "  (" + std::to_string(p.supports) + ")###support").c_str())) {
        m.Support(index);
        changed = true;
    }
    ImGui::EndDisabled();
    NoteControl("support");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", supports.c_str());
    ImGui::SameLine();
    if (SecondaryButton(Tr(lang, "Fermer"))) {
        m.ClearSelection();
        changed = true;
    }
    NoteControl("close-card");
    if (m.SupportError()) ErrorLine(*m.SupportError(), lang);
    // The residents' comments, under the card once asked for (a card stays short until then).
    if (!m.CommentsOpen()) {
        const std::string label = Fill(Tr(lang, "Commentaires ({})"), FormatCount(p.comments, lang));
        if (SecondaryButton((label + "###comments-open").c_str())) {
            m.OpenComments();
            changed = true;
        }
        NoteControl("comments-open");
    } else {
        ImGui::Spacing();
        changed |= DrawComments(m.Comments());
        DragToScroll();
    }
    ImGui::PopTextWrapPos();
    return changed;
}

// [SECTION] Legend

bool g_legend_open = false; // narrow maps: the legend folds under a button

// What the colours mean, and the switch between colouring by category and by status, in
// the map's bottom-left corner.
bool DrawLegend(MapModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    const bool narrow = m.View().width / UiScale() < 560.0f;
    const auto entries = m.Legend();
    const ImGuiStyle& style = ImGui::GetStyle();
    const char* by_category = Tr(lang, "Catégories");
    const char* by_status = Tr(lang, "Statuts");
    float width = ImGui::CalcTextSize(by_category).x + ImGui::CalcTextSize(by_status).x + style.FramePadding.x * 4 +
                  style.ItemSpacing.x;
    for (const auto& e : entries)
        width = std::max(width, Css(20) + ImGui::CalcTextSize((e.label + "  " + std::to_string(e.count)).c_str()).x);
    width = width / UiScale() + 24 + 4;
    const std::string toggle = std::string(Tr(lang, "Légende")) + (g_legend_open ? "  \xE2\x86\x93" : "  \xE2\x86\x91");
    if (narrow && !g_legend_open) width = ImGui::CalcTextSize(toggle.c_str()).x / UiScale() + 24 + 2 * 12 + 4;
    BeginMapPanel("##legend", MapCorner_BottomLeft, std::min(width, 320.0f));
    if (narrow) {
        if (Chip(toggle.c_str(), false)) {
            g_legend_open = !g_legend_open;
            changed = true;
        }
        NoteControl("legend");
    }
    if (!narrow || g_legend_open) {
        const bool status = m.ColorMode() == MapModel::ColorBy::Status;
        if (Chip(by_category, !status)) {
            m.SetColorMode(MapModel::ColorBy::Category);
            changed = true;
        }
        NoteControl("color-category");
        ImGui::SameLine();
        if (Chip(by_status, status)) {
            m.SetColorMode(MapModel::ColorBy::Status);
            changed = true;
        }
        NoteControl("color-status");
        for (const auto& e : entries) {
            ColorDot(LegendColor(m, e.color));
            ImGui::TextUnformatted(e.label.c_str());
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, style.Colors[ImGuiCol_TextDisabled]);
            ImGui::TextUnformatted(std::to_string(e.count).c_str());
            ImGui::PopStyleColor();
        }
    }
    EndMapPanel();
    return changed;
}

// [SECTION] Form

void FieldErrorBelow(const MapModel& m, const char* field) {
    const auto& e = m.Form().FormError();
    if (e && e->field == field) ErrorLine(*e, m.Language());
}

bool DrawForm(MapModel& m) {
    const std::string& lang = m.Language();
    auto& d = m.Form().EditDraft();
    bool changed = false;
    ImGui::BeginChild("form", ImVec2(0, 0), false);
    Heading(Tr(lang, "Proposer un projet"));
    const std::string district = m.DraftDistrictName();
    MutedLine(district.empty() ? std::string(Tr(lang, "Lieu choisi : hors des quartiers de la commune"))
                               : std::string(Tr(lang, "Lieu choisi : ")) + district);
    if (SecondaryButton(Tr(lang, "Changer le lieu"))) {
        m.StartPlacing();
        changed = true;
    }
    NoteControl("change-place");
    FieldErrorBelow(m, "latitude");
    FieldErrorBelow(m, "longitude");
    const float full = ImGui::GetContentRegionAvail().x;

    ImGui::TextUnformatted(Tr(lang, "Titre *"));
    ImGui::SetNextItemWidth(full);
    TextFieldOptions title;
    title.label = Tr(lang, "Titre");
    changed |= TextField("##title", &d.title, title);
    NoteControl("title");
    FieldErrorBelow(m, "title");

    ImGui::TextUnformatted(Tr(lang, "Description"));
    ImGui::SetNextItemWidth(full);
    TextFieldOptions desc;
    desc.multiline = true;
    desc.height = ImGui::GetTextLineHeight() * 4 + ImGui::GetStyle().FramePadding.y * 2;
    desc.label = Tr(lang, "Description");
    changed |= TextField("##description", &d.description, desc);
    NoteControl("description");
    FieldErrorBelow(m, "description");

    ImGui::TextUnformatted(Tr(lang, "Catégorie *"));
    changed |= ChoiceChips(m.CategoryList(), d.category, "category-");
    FieldErrorBelow(m, "category");

    ImGui::TextUnformatted(Tr(lang, "Coût estimé (en euros)"));
    ImGui::SetNextItemWidth(std::min(full, ImGui::GetFontSize() * 12));
    TextFieldOptions cost;
    cost.numeric = true;
    cost.label = Tr(lang, "Coût estimé en euros");
    changed |= TextField("##cost", &d.cost, cost);
    NoteControl("cost");
    FieldErrorBelow(m, "estimated_cost");

    ImGui::TextUnformatted(Tr(lang, kCreditLabel));
    ImGui::SetNextItemWidth(full);
    TextFieldOptions credit;
    credit.label = Tr(lang, kCreditLabel);
    changed |= TextField("##credit_name", &d.credit_name, credit);
    NoteControl("credit_name");
    FieldErrorBelow(m, "credit_name");

    ImGui::Spacing();
    if (const auto& e = m.Form().FormError(); e && e->field.empty()) ErrorLine(*e, lang);
    ImGui::BeginDisabled(m.Form().Sending());
    if (PrimaryButton(m.Form().Sending() ? Tr(lang, "Envoi…")
                                         : Tr(lang, "Envoyer ma proposition"))) {
        m.SubmitProposal();
        changed = true;
    }
    ImGui::EndDisabled();
    NoteControl("submit");
    SameLineIfFits(ButtonWidth(Tr(lang, "Annuler")));
    if (SecondaryButton(Tr(lang, "Annuler"))) {
        m.CancelProposal();
        changed = true;
    }
    NoteControl("cancel");
    DragToScroll();
    ImGui::EndChild();
    return changed;
}

// [SECTION] Map

// A rounded label over the map (instructions, thanks).
void Banner(const std::string& text, ImU32 bg, ImU32 fg, float y) {
    const ImVec2 mn = ImGui::GetItemRectMin(), mx = ImGui::GetItemRectMax();
    (void)mn;
    (void)mx;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = Css(12);
    const float max_w = ImGui::GetWindowWidth() - Css(32) - TouchTargetHeight() * 2;
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str(), nullptr, false, max_w - 2 * pad);
    const float x = ImGui::GetWindowPos().x + Css(16);
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + ts.x + 2 * pad, y + ts.y + 2 * pad), bg, Css(10));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(fg));
    ImGui::SetCursorScreenPos(ImVec2(x + pad, y + pad));
    PushTextWrapAtScreenX(x + pad + max_w - 2 * pad);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

bool DrawMap(MapModel& m, ImVec2 size) {
    const std::string& lang = m.Language();
    bool changed = false;
    MapStyle style;
    if (m.Tiles().Enabled()) {
        // The tiles show through the districts, which only tint and outline them.
        style.region_fill = IM_COL32(0xFF, 0xFF, 0xFF, 0x30);
        style.region_highlight = IM_COL32(0xFF, 0xD8, 0x6B, 0x66);
        style.region_outline = IM_COL32(0x4B, 0x55, 0x63, 0xFF);
    }
    if (!BeginMap("##map", m.View(), size, MapFlags_Cluster, style)) return false;
    // Keys go to the map unless the resident moved focus to another control.
    ImGui::SetItemDefaultFocus();
    if (ImGui::GetCurrentContext()->NavId == 0) FocusMap();
    const ImVec2 map_min = ImGui::GetItemRectMin();
    m.UpdateVisible();

    int highlight = m.ShapeIndex(m.DistrictFilter());
    if (m.CurrentMode() == MapModel::Mode::Form) {
        for (int i = 0; i < static_cast<int>(m.Shapes().size()); ++i)
            if (m.Shapes()[i].name == m.DraftDistrictName()) highlight = i;
    }
    const int selected = m.Selected();
    // The base (tiles, outlines, markers), kept in a texture while the map is dragged; its key
    // is whatever else changes it.
    unsigned long long key = m.Generation();
    key = key * 1000003u + static_cast<unsigned>(highlight + 1);
    key = key * 1000003u + static_cast<unsigned>(selected + 1);
    key = key * 1000003u + static_cast<unsigned>(m.ColorMode());
    key = key * 1000003u + m.Tiles().LoadedCount();
    const MapState& area = BeginMapBase(key);
    // Reused frame after frame (no allocation while panning).
    static std::vector<MapCluster> items;
    if (&area == &m.View()) {
        items.assign(m.Visible().begin(), m.Visible().end());
    } else {
        items.clear();
        m.VisibleIn(area, items);
        m.Tiles().Update(area); // the margin's tiles too
    }
    // The selected proposal is drawn even when it sits inside a group at this zoom.
    int extra = -1; // index in items of the selected marker drawn on its own
    if (selected >= 0) {
        const bool present = std::any_of(items.begin(), items.end(),
                                          [&](const MapCluster& c) { return c.count == 1 && c.first == selected; });
        if (!present) {
            MapCluster c;
            c.pos = c.min = c.max = m.Proposals()[selected].pos;
            c.count = 1;
            c.first = selected;
            items.push_back(c);
            extra = static_cast<int>(items.size()) - 1;
        }
    }
    m.Tiles().Draw(); // under everything else
    const int hovered_shape = MapShapes(m.Shapes(), highlight);
    const int hovered = MapPoints(items.data(), static_cast<int>(items.size()),
                                  [&m](int first) { return ProposalColor(m, first); }, selected);
    EndMapBase();

    const auto mode = m.CurrentMode();
    if (mode == MapModel::Mode::Placing) MapCrosshair(IM_COL32(0x1F, 0x29, 0x33, 0xFF));
    if (mode == MapModel::Mode::Form) {
        const auto& d = m.Form().GetDraft();
        MapPin(ToMercator({d.longitude, d.latitude}), ImGui::GetColorU32(ImGuiCol_Button));
    }

    MercatorPoint at;
    bool by_keyboard = false;
    if (IsMapClicked(&at, &by_keyboard)) {
        changed = true;
        if (by_keyboard && mode == MapModel::Mode::Browse && selected >= 0) {
            m.Support(selected); // Enter acts on the open card
        } else if (by_keyboard) {
            const ScreenPoint c = m.View().ToScreen(at);
            m.TapAt(at, mode == MapModel::Mode::Placing ? -1 : m.HitTest(c));
        } else if (hovered >= 0 && hovered == extra) {
            m.Select(items[hovered].first); // the selected marker drawn on top
        } else {
            m.TapAt(at, mode == MapModel::Mode::Placing || hovered < 0 ? -1 : m.VisibleIndexOf(items[hovered]));
        }
    }
    // Keyboard on the focused map: Tab and Shift+Tab go through the proposals; Escape closes.
    if (IsMapFocused() && !ImGui::GetIO().WantTextInput) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab)) && mode == MapModel::Mode::Browse) {
            m.SelectNext(ImGui::GetIO().KeyShift ? -1 : 1);
            ImGui::NavMoveRequestCancel();
            changed = true;
        }
    }
    // Escape closes the card or stops placing, wherever focus is (ImGui's navigation also
    // takes Escape and lets go of the focus).
    if (!ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
        if (mode == MapModel::Mode::Placing) m.CancelProposal();
        else m.ClearSelection();
        changed = true;
    }

    // Hover hints (mouse only: fingers get the card).
    if (hovered >= 0 && ImGui::IsWindowHovered() && mode == MapModel::Mode::Browse) {
        const MapCluster& c = items[hovered];
        if (c.count > 1)
            ImGui::SetTooltip("%s", Fill(Tr(lang, "{} propositions ici — cliquez pour zoomer"), FormatCount(c.count, lang))
                                        .c_str());
        else if (c.first != selected)
            ImGui::SetTooltip("%s", m.TitleOf(c.first).c_str());
    }
    if (hovered_shape >= 0 && hovered < 0 && ImGui::IsWindowHovered()) {
        // The district under the pointer, named in the bottom-right corner (the legend is
        // in the other one).
        const std::string& name = m.Shapes()[hovered_shape].name;
        const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
        const ImVec2 p(map_min.x + m.View().width - ts.x - Css(26),
                       map_min.y + m.View().height - ts.y - Css(18) - ImGui::GetFontSize());
        ImGui::GetWindowDrawList()->AddRectFilled(p, p + ts + ImVec2(Css(16), Css(8)), IM_COL32(255, 255, 255, 230),
                                                  Css(6));
        ImGui::GetWindowDrawList()->AddText(p + ImVec2(Css(8), Css(4)), ImGui::GetColorU32(ImGuiCol_Text),
                                            name.c_str());
    }

    const float banner_y = map_min.y + Css(12);
    if (mode == MapModel::Mode::Placing)
        Banner(Tr(lang, "Touchez la carte à l’endroit de votre projet (ou Entrée pour le centre)."),
               IM_COL32(0x1F, 0x29, 0x33, 0xF0), IM_COL32(0xFF, 0xFF, 0xFF, 0xFF), banner_y);
    else if (!m.Notice().empty())
        Banner(m.Notice(), IM_COL32(0xE7, 0xF6, 0xEC, 0xF5), IM_COL32(0x14, 0x6E, 0x33, 0xFF), banner_y);
    else if (m.LoadState() == MapModel::Load::Loading)
        Banner(Tr(lang, "Chargement de la carte…"), IM_COL32(0xFF, 0xFF, 0xFF, 0xF0),
               ImGui::GetColorU32(ImGuiCol_Text), banner_y);
    else if (m.LoadState() == MapModel::Load::Failed && m.LoadError())
        Banner(m.LoadError()->Message(lang), IM_COL32(0xFD, 0xEC, 0xEC, 0xF5), IM_COL32(0xB3, 0x1C, 0x1C, 0xFF),
               banner_y);

    MapAttribution(m.TilesAttribution().c_str());
    const bool sheet = m.View().width / UiScale() < 560.0f;
    if (m.LoadState() != MapModel::Load::Loading && !(sheet && selected >= 0 && mode == MapModel::Mode::Browse))
        changed |= DrawLegend(m);
    if (selected >= 0 && mode == MapModel::Mode::Browse) {
        BeginMapCard("##card", m.Proposals()[selected].pos, 360);
        changed |= DrawCard(m, selected);
        EndMapCard();
    }
    EndMap();
    return changed;
}

} // namespace

bool DrawMapWidget(MapModel& m) {
    BeginSurface("##map-widget");
    bool changed = false;
    const bool wide = Wide();
    const auto mode = m.CurrentMode();
    if (mode == MapModel::Mode::Form && !wide) {
        changed |= DrawForm(m);
    } else {
        if (mode != MapModel::Mode::Form) changed |= DrawToolbar(m, wide);
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float panel = mode == MapModel::Mode::Form ? std::min(Css(420), avail.x * 0.45f) : 0.0f;
        const float gap = panel > 0 ? ImGui::GetStyle().ItemSpacing.x : 0.0f;
        // The count of proposals shown, under the map.
        const float footer = ImGui::GetTextLineHeightWithSpacing();
        const float top = ImGui::GetCursorScreenPos().y;
        changed |= DrawMap(m, ImVec2(avail.x - panel - gap, avail.y - footer));
        if (panel > 0) {
            ImGui::SetCursorScreenPos(ImVec2(ImGui::GetWindowPos().x + ImGui::GetStyle().WindowPadding.x + avail.x - panel,
                                             top));
            ImGui::BeginGroup();
            ImGui::BeginChild("##form-panel", ImVec2(panel, avail.y - footer), false);
            changed |= DrawForm(m);
            ImGui::EndChild();
            ImGui::EndGroup();
        } else {
            MutedLine(m.CountText());
        }
    }
    EndSurface();
    return changed;
}

} // namespace quartier
