// The results widget's view: the recount banner, the budget used, the projects as bars
// (funded in the accent colour), the greedy / Equal Shares comparison, the explanation, the
// district map (a choropleth on the tenant's outlines, with its legend and table) and turnout
// over time; each chart has a button that saves it as a PNG image.
//
// Index: [SECTION] Pieces  [SECTION] Projects, comparison, explanation  [SECTION] District map
//        [SECTION] Turnout over time  [SECTION] The widget
#include "widgets/results/results_view.h"

#include "shared/text.h"
#include "widgets/app/i18n.h"
#include "widgets/app/map.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/results/results_model.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace quartier {

namespace {

// A full-width coloured box with one wrapped line of text: the recount verdict.
void Banner(const std::string& text, const ImVec4& bg, const ImVec4& fg) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = ImGui::GetStyle().FramePadding.x;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
    PushTextWrapAtScreenX(start.x + width - pad);
    ImGui::PushStyleColor(ImGuiCol_Text, fg);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    const ImVec2 end(start.x + width, ImGui::GetItemRectMax().y + pad);
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(start, end, ImGui::GetColorU32(bg), ImGui::GetStyle().ChildRounding);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(start);
    ImGui::Dummy(ImVec2(width, end.y - start.y));
}

void DrawRecount(const ResultsModel& m) {
    switch (m.RecountState()) {
    case ResultsModel::Recount::Match:
        Banner(m.RecountText(), ImVec4(0.90f, 0.97f, 0.92f, 1), ImVec4(0.05f, 0.36f, 0.16f, 1));
        break;
    case ResultsModel::Recount::Mismatch:
        Banner(m.RecountText(), ImVec4(0.70f, 0.11f, 0.11f, 1), ImVec4(1, 1, 1, 1));
        break;
    case ResultsModel::Recount::Failed:
        if (!m.RecountText().empty()) MutedLine(m.RecountText());
        break;
    case ResultsModel::Recount::Pending:
        MutedLine(m.RecountText());
        break;
    }
    NoteControl("recount");
}

// A chart's caption on the left and its "save as PNG" button on the right (outside the
// chart, so that the image shows the chart alone). True when the button was pressed.
bool ChartHeader(const std::string& caption, const char* id, const std::string& lang) {
    const char* label = Tr(lang, "Télécharger (PNG)");
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float button_w = ImGui::CalcTextSize(label).x + style.FramePadding.x * 2;
    if (PhoneCanvas()) { // the caption on the whole width, the button under it
        MutedLine(caption);
        ImGui::PushID(id);
        const bool pressed = SecondaryButton(label);
        ImGui::PopID();
        NoteControl(id);
        return pressed;
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(width * 0.4f, width - button_w - style.ItemSpacing.x * 2));
    ImGui::PushStyleColor(ImGuiCol_Text, style.Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("%s", caption.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    const float text_bottom = ImGui::GetItemRectMax().y;
    ImGui::SetCursorScreenPos(ImVec2(start.x + width - button_w, start.y));
    ImGui::PushID(id);
    const bool pressed = SecondaryButton(label);
    ImGui::PopID();
    NoteControl(id);
    const float bottom = std::max(text_bottom, ImGui::GetItemRectMax().y);
    ImGui::SetCursorScreenPos(ImVec2(start.x, bottom + style.ItemSpacing.y));
    return pressed;
}

// Phones: the whole of the results scrolls as one page, heading and tabs included, so that
// a chart gets the screen; wider canvases keep the heading and tabs in place and scroll each
// tab's body on its own.
bool g_page = false;
void BeginTabBody(const char* id) {
    if (!g_page) ImGui::BeginChild(id, ImVec2(0, 0), false);
}
void EndTabBody() {
    if (g_page) return;
    DragToScroll();
    ImGui::EndChild();
}

// Saves [min, max] (screen = canvas device pixels) as name.png when the model asked for
// this chart; the rectangle is read after this frame is drawn.
void MaybeSavePng(ResultsModel& m, ResultsModel::Chart chart, const char* name, ImVec2 min, ImVec2 max) {
    if (!m.PngRequested(chart)) return;
    // Only what is on the canvas can be read: scroll the chart into view first (next frame).
    const float top = ImGui::GetWindowPos().y, bottom = top + ImGui::GetWindowSize().y;
    if (max.y - min.y <= bottom - top + 1) {
        if (min.y < top - 1) {
            ImGui::SetScrollY(ImGui::GetScrollY() - (top - min.y));
            return;
        }
        if (max.y > bottom + 1 && ImGui::GetScrollY() < ImGui::GetScrollMaxY()) {
            ImGui::SetScrollY(ImGui::GetScrollY() + (max.y - bottom));
            return;
        }
    }
    m.TakePngRequest(chart);
    const int x = static_cast<int>(std::floor(min.x)), y = static_cast<int>(std::floor(min.y));
    SaveCanvasPng(std::string(name) + ".png", x, y, static_cast<int>(std::ceil(max.x)) - x,
                  static_cast<int>(std::ceil(max.y)) - y);
}

void DrawSummary(const ResultsModel& m) {
    const auto& r = m.Results();
    ImGui::TextWrapped("%s", m.SummaryText().c_str());
    const double budget = r.budget.ToDouble();
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::GetStyle().Colors[ImGuiCol_Button]);
    ImGui::ProgressBar(budget > 0 ? static_cast<float>(r.spent.ToDouble() / budget) : 0.0f,
                       ImVec2(-1, ImGui::GetFontSize() * 0.6f), "");
    ImGui::PopStyleColor();
    NoteControl("budget");
}

bool DrawBars(ResultsModel& m) {
    const auto& rows = m.Results().rows;
    const std::string& lang = m.Language();
    bool changed = false;
    const std::int64_t max_votes = rows.empty() ? 1 : std::max<std::int64_t>(1, rows.front().votes);
    const float line = ImGui::GetTextLineHeight();
    const float row_h = std::max(line * 2.0f + ImGui::GetStyle().ItemSpacing.y * 2, TouchTargetHeight());
    const ImVec4 accent = ImGui::GetStyle().Colors[ImGuiCol_Button];
    const ImU32 funded = ImGui::GetColorU32(accent);
    const ImU32 unfunded = ImGui::GetColorU32(ImGuiCol_Border);
    if (ChartHeader(Tr(lang, "Projets par nombre de votes ; en couleur, les projets financés. Touchez un projet pour "
                             "comprendre son résultat."),
                    "save-bars", lang))
        m.RequestPng(ResultsModel::Chart::Bars);
    BeginTabBody("bars");
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float chart_w = ImGui::GetContentRegionAvail().x;
    ImGuiListClipper clipper; // fixed row height: only visible rows are drawn (Łódź: 160 rows)
    clipper.Begin(static_cast<int>(rows.size()), row_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& r = rows[static_cast<size_t>(i)];
            ImGui::PushID(i);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float w = ImGui::GetContentRegionAvail().x;
            if (ImGui::InvisibleButton("row", ImVec2(w, row_h - ImGui::GetStyle().ItemSpacing.y))) {
                m.Select(r.id);
                m.SetTab(ResultsModel::Tab::Explain);
                changed = true;
            }
            NoteControl("row-" + r.id);
            ImDrawList* dl = ImGui::GetWindowDrawList();
            if (ImGui::IsItemHovered() || m.Selected() == r.id)
                dl->AddRectFilled(p, ImVec2(p.x + w, p.y + row_h - ImGui::GetStyle().ItemSpacing.y),
                                  ImGui::GetColorU32(ImGuiCol_FrameBg), 6.0f * UiScale());
            const std::string label = (r.rule_order > 0 ? "\u2713 " : "") + r.name;
            const std::string value = CountOf(r.votes, lang, "vote", "votes") + "  •  " +
                                      FormatEuros(r.cost, lang);
            dl->PushClipRect(p, ImVec2(p.x + w, p.y + row_h), true);
            dl->AddText(ImVec2(p.x + 4, p.y + 2), ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
            dl->PopClipRect();
            const float bar_y = p.y + line + 6 * UiScale();
            // The bar leaves room for its value, whatever the width (phones included).
            const float room = std::max(w * 0.25f, w - ImGui::CalcTextSize(value.c_str()).x - 24 * UiScale());
            const float bar_w = std::max(2.0f, std::min(w * 0.6f, room) * static_cast<float>(r.votes) /
                                                   static_cast<float>(max_votes));
            dl->AddRectFilled(ImVec2(p.x + 4, bar_y), ImVec2(p.x + 4 + bar_w, bar_y + line * 0.75f),
                              r.rule_order > 0 ? funded : unfunded, 3.0f * UiScale());
            dl->AddText(ImVec2(p.x + 12 + bar_w, bar_y - line * 0.1f), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                        value.c_str());
            ImGui::PopID();
        }
    }
    // The image: the rows' scrolling window; on a phone's page, the first screenful of rows.
    const ImVec2 win = ImGui::GetWindowPos(), win_size = ImGui::GetWindowSize();
    const ImVec2 chart_min = g_page ? start : win;
    const ImVec2 chart_max = g_page ? ImVec2(start.x + chart_w, std::min(ImGui::GetCursorScreenPos().y, start.y + win_size.y))
                                    : ImVec2(win.x + win_size.x, win.y + win_size.y);
    EndTabBody();
    MaybeSavePng(m, ResultsModel::Chart::Bars, "resultats-projets", chart_min, chart_max);
    return changed;
}

void ListProjects(const ResultsModel& m, const std::vector<std::string>& ids) {
    if (ids.empty()) {
        MutedLine(Tr(m.Language(), "Aucun."));
        return;
    }
    for (const auto& id : ids)
        if (const ResultRow* r = m.Row(id)) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s  (%s, %lld votes)", r->name.c_str(), FormatEuros(r->cost, m.Language()).c_str(),
                               static_cast<long long>(r->votes));
        }
}

void DrawCompare(const ResultsModel& m) {
    const std::string& lang = m.Language();
    BeginTabBody("compare");
    ImGui::TextWrapped("%s", m.CompareIntro().c_str());
    ImGui::Spacing();
    Heading(Tr(lang, "Financés seulement par le vote majoritaire"));
    ListProjects(m, m.OnlyGreedy());
    ImGui::Spacing();
    Heading(Tr(lang, "Financés seulement par les parts égales"));
    ListProjects(m, m.OnlyEqualShares());
    NoteControl("compare");
    EndTabBody();
}

void DrawExplain(ResultsModel& m) {
    const std::string& lang = m.Language();
    BeginTabBody("explain");
    if (const ResultRow* r = m.Row(m.Selected())) {
        Heading(r->name.c_str());
        MutedLine(FormatEuros(r->cost, lang) + "  •  " + CountOf(r->votes, lang, "vote", "votes") +
                  (r->rule_order > 0 ? Tr(lang, "  •  financé") : Tr(lang, "  •  non financé")));
        for (const auto& line : m.Explain(r->id)) ImGui::TextWrapped("%s", line.c_str());
        NoteControl("explanation");
    }
    EndTabBody();
}

// [SECTION] District map

// The class colour: the accent mixed into white, darker for larger values.
ImU32 ClassColor(float strength) {
    const ImVec4 a = ImGui::GetStyle().Colors[ImGuiCol_Button];
    const float t = std::clamp(strength, 0.0f, 1.0f);
    return ImGui::GetColorU32(ImVec4(1 + (a.x - 1) * t, 1 + (a.y - 1) * t, 1 + (a.z - 1) * t, 1));
}

const ImU32 kNoData = IM_COL32(0xEE, 0xEE, 0xEA, 0xFF); // districts with no project: pale grey

// A row of swatches with their labels, wrapping like words.
void Legend(const ResultsModel& m) {
    const float sw = ImGui::GetFontSize() * 0.9f;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    auto entry = [&](ImU32 color, const std::string& label, bool first) {
        const float w = sw + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label.c_str()).x;
        if (!first && ImGui::GetItemRectMax().x + style.ItemSpacing.x * 3 + w <= right) ImGui::SameLine(0, style.ItemSpacing.x * 3);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float y = p.y + (ImGui::GetTextLineHeight() - sw) / 2;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + sw, y + sw), color, 3.0f * UiScale());
        dl->AddRect(ImVec2(p.x, y), ImVec2(p.x + sw, y + sw), IM_COL32(0x8F, 0x9B, 0xA8, 0xFF), 3.0f * UiScale());
        ImGui::Dummy(ImVec2(sw, ImGui::GetTextLineHeight()));
        ImGui::SameLine(0, style.ItemInnerSpacing.x);
        ImGui::TextUnformatted(label.c_str());
    };
    bool first = true;
    for (const auto& c : m.Legend()) {
        entry(ClassColor(c.strength), m.LegendLabel(c), first);
        first = false;
    }
    entry(kNoData, Tr(m.Language(), "aucun projet"), first);
    NoteControl("legend");
}

std::string DistrictLine(const ResultsModel& m, const ResultsModel::District& d) {
    const std::string& l = m.Language();
    return Fill(Tr(l, "{} : {}"), d.name, m.FormatValue(d.Value(m.CurrentMeasure()))) + "  •  " +
           CountOf(d.funded, l, "projet financé", "projets financés") + Tr(l, " sur ") + std::to_string(d.projects);
}

void DistrictTable(const ResultsModel& m) {
    const std::string& lang = m.Language();
    const auto& ds = m.Districts();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("districts", 3, flags)) return;
    ImGui::TableSetupColumn(Tr(lang, "Secteur"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(Tr(lang, "Bulletins"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(Tr(lang, "Budget dépensé"), ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableHeadersRow();
    for (const auto& d : ds) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s%s", d.name.c_str(), d.shape >= 0 ? "" : " *");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatCount(d.ballots, lang).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatEuros(static_cast<std::int64_t>(std::llround(d.spent)), lang).c_str());
    }
    ImGui::EndTable();
    NoteControl("district-table");
}

bool DrawMap(ResultsModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    BeginTabBody("map-tab");
    if (m.Districts().empty()) {
        MutedLine(Tr(lang, "Les projets de ce vote ne sont pas rattachés à des secteurs : il n’y a pas de carte par "
                           "secteur à montrer."));
        EndTabBody();
        return false;
    }
    if (Chip(Tr(lang, "Bulletins"), m.CurrentMeasure() == ResultsModel::Measure::Turnout)) {
        m.SetMeasure(ResultsModel::Measure::Turnout);
        changed = true;
    }
    NoteControl("measure-turnout");
    ImGui::SameLine();
    if (Chip(Tr(lang, "Budget dépensé"), m.CurrentMeasure() == ResultsModel::Measure::Spent)) {
        m.SetMeasure(ResultsModel::Measure::Spent);
        changed = true;
    }
    NoteControl("measure-spent");
    if (ChartHeader(m.MapCaption(), "save-map", lang)) m.RequestPng(ResultsModel::Chart::Map);

    const auto& unmatched = m.Unmatched();
    const bool any_on_map = unmatched.size() < m.Districts().size() && !m.Shapes().empty();
    if (any_on_map) {
        const float width = ImGui::GetContentRegionAvail().x;
        const float height = std::clamp(width * 0.62f, 220.0f * UiScale(), 420.0f * UiScale());
        const ImVec2 min = ImGui::GetCursorScreenPos();
        std::vector<ImU32> fills(m.Shapes().size(), kNoData);
        const auto& classes = m.ShapeClasses();
        for (size_t i = 0; i < fills.size() && i < classes.size(); ++i)
            if (classes[i] >= 0) fills[i] = ClassColor(m.Legend()[static_cast<size_t>(classes[i])].strength);
        int hovered_district = -1;
        if (BeginMap("##district-map", m.View(), ImVec2(width, height))) {
            NoteControl("district-map"); // the map's own item, before anything else is drawn on it
            const int selected = m.SelectedDistrict();
            const int highlight = selected >= 0 ? m.Districts()[static_cast<size_t>(selected)].shape : -1;
            const int hovered = MapShapes(m.Shapes(), highlight, fills.data());
            hovered_district = IsMapHovered() ? m.DistrictOfShape(hovered) : -1;
            m.HoverDistrict(hovered_district);
            if (IsMapClicked()) {
                m.SelectDistrict(hovered_district);
                changed = true;
            }
            if (hovered >= 0 && IsMapHovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 16.0f); // fits a phone's screen
                const std::string tip = hovered_district >= 0
                                            ? DistrictLine(m, m.Districts()[static_cast<size_t>(hovered_district)])
                                            : m.Shapes()[static_cast<size_t>(hovered)].name +
                                                  Tr(lang, " : aucun projet");
                ImGui::TextWrapped("%s", tip.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            EndMap();
        }
        MaybeSavePng(m, ResultsModel::Chart::Map, "resultats-carte", min, ImVec2(min.x + width, min.y + height));
        const int shown = hovered_district >= 0 ? hovered_district : m.SelectedDistrict();
        if (shown >= 0) {
            ImGui::TextWrapped("%s", DistrictLine(m, m.Districts()[static_cast<size_t>(shown)]).c_str());
        } else {
            MutedLine(Tr(lang, "Survolez ou touchez une commune pour voir son chiffre."));
        }
        NoteControl("district-info");
        Legend(m);
    } else {
        m.TakePngRequest(ResultsModel::Chart::Map); // nothing to save
        MutedLine(Tr(lang, "Aucun secteur de ce vote n’a de contour sur la carte de la commune : voici leurs chiffres."));
    }
    if (!unmatched.empty() && any_on_map) {
        std::string names;
        for (size_t i = 0; i < unmatched.size(); ++i) names += (i ? ", " : "") + unmatched[i];
        MutedLine(std::string(Tr(lang, "* Sans contour sur la carte : ")) + names + ".");
    }
    ImGui::Spacing();
    DistrictTable(m);
    EndTabBody();
    return changed;
}

// [SECTION] Turnout over time

void DrawTurnout(ResultsModel& m) {
    const std::string& lang = m.Language();
    const auto& buckets = m.OverTime();
    BeginTabBody("turnout-tab");
    if (buckets.empty()) {
        MutedLine(m.UnknownTime() > 0
                      ? Tr(lang, "Les dates de vote de ces bulletins ne sont pas connues (bulletins importés d’une archive) : "
                                 "la participation jour par jour ne peut pas être montrée.")
                      : Tr(lang, "Aucun bulletin pour l’instant."));
        m.TakePngRequest(ResultsModel::Chart::Turnout);
        EndTabBody();
        return;
    }
    std::int64_t total = 0, peak = 1;
    for (const auto& b : buckets) {
        total += b.ballots;
        peak = std::max(peak, b.ballots);
    }
    const std::string caption =
        std::string(m.OverTimeByDay() ? Tr(lang, "Bulletins par jour")
                                      : Tr(lang, "Bulletins par heure (UTC)")) +
        " : " + FormatCount(total, lang) + Tr(lang, " au total") +
        (m.UnknownTime() > 0 ? std::string(Tr(lang, ", dont ")) + FormatCount(m.UnknownTime(), lang) +
                                   Tr(lang, " sans date")
                             : std::string()) + ".";
    if (ChartHeader(caption, "save-turnout", lang)) m.RequestPng(ResultsModel::Chart::Turnout);

    const float s = UiScale();
    const float width = ImGui::GetContentRegionAvail().x;
    const float line = ImGui::GetTextLineHeight();
    const float height = std::clamp(ImGui::GetContentRegionAvail().y - line, 200.0f * s, 340.0f * s);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + width, min.y + height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(min, max, ImGui::GetColorU32(ImGuiCol_WindowBg));
    // Axis: a "nice" top value and three grid lines.
    const double raw_step = static_cast<double>(peak) / 3.0;
    const double mag = std::pow(10.0, std::floor(std::log10(std::max(1.0, raw_step))));
    double step = mag;
    for (double f : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (f * mag >= raw_step) {
            step = f * mag;
            break;
        }
    step = std::max(1.0, std::ceil(step));
    const double top = step * std::ceil(static_cast<double>(peak) / step);
    const float axis_w = ImGui::CalcTextSize(FormatCount(static_cast<std::int64_t>(top), lang).c_str()).x + 8 * s;
    const ImVec2 plot_min(min.x + axis_w, min.y + line * 0.5f);
    const ImVec2 plot_max(max.x - 4 * s, max.y - line * 1.6f);
    const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Border);
    const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (double v = 0; v <= top + 0.5; v += step) {
        const float y = plot_max.y - static_cast<float>(v / top) * (plot_max.y - plot_min.y);
        dl->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), grid, 1.0f);
        const std::string label = FormatCount(static_cast<std::int64_t>(v), lang);
        dl->AddText(ImVec2(plot_min.x - 6 * s - ImGui::CalcTextSize(label.c_str()).x, y - line / 2), muted, label.c_str());
    }
    // Bars, and a label every few bars so that labels never overlap.
    const int n = static_cast<int>(buckets.size());
    const float slot = (plot_max.x - plot_min.x) / static_cast<float>(n);
    const float gap = std::min(slot * 0.2f, 4 * s);
    const float label_w = ImGui::CalcTextSize(m.BucketLabel(buckets.front(), true).c_str()).x + 12 * s;
    const int every = std::max(1, static_cast<int>(std::ceil(label_w / std::max(1.0f, slot))));
    const ImU32 bar = ImGui::GetColorU32(ImGuiCol_Button);
    const ImU32 bar_hover = ImGui::GetColorU32(ImGuiCol_ButtonHovered);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int hovered = -1;
    // No hover highlight in a frame that is being saved as an image.
    if (!m.PngRequested(ResultsModel::Chart::Turnout) && ImGui::IsWindowHovered() && mouse.x >= plot_min.x && mouse.x < plot_max.x && mouse.y >= min.y && mouse.y < max.y)
        hovered = std::clamp(static_cast<int>((mouse.x - plot_min.x) / slot), 0, n - 1);
    for (int i = 0; i < n; ++i) {
        const float x0 = plot_min.x + slot * static_cast<float>(i) + gap / 2, x1 = x0 + slot - gap;
        const float y0 = plot_max.y - static_cast<float>(static_cast<double>(buckets[static_cast<size_t>(i)].ballots) / top) *
                                          (plot_max.y - plot_min.y);
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, plot_max.y), i == hovered ? bar_hover : bar, 2.0f * s,
                          ImDrawFlags_RoundCornersTop);
        if (i % every == 0) {
            const std::string label = m.BucketLabel(buckets[static_cast<size_t>(i)], true);
            if (x0 + ImGui::CalcTextSize(label.c_str()).x <= max.x) // never cut at the edge
                dl->AddText(ImVec2(x0, plot_max.y + line * 0.3f), muted, label.c_str());
        }
    }
    dl->AddLine(ImVec2(plot_min.x, plot_max.y), ImVec2(plot_max.x, plot_max.y), muted, 1.0f);
    ImGui::Dummy(ImVec2(width, height));
    NoteControl("turnout-chart");
    MaybeSavePng(m, ResultsModel::Chart::Turnout, "resultats-participation", min, max);
    if (hovered >= 0) {
        const auto& b = buckets[static_cast<size_t>(hovered)];
        ImGui::BeginTooltip();
        ImGui::Text("%s : %s", m.BucketLabel(b, false).c_str(), FormatCount(b.ballots, lang).c_str());
        ImGui::EndTooltip();
    }
    MutedLine(Tr(lang, "Le vote est secret : seul le nombre de bulletins par heure est conservé, jamais l’heure d’un "
                       "bulletin."));
    EndTabBody();
}

} // namespace

bool DrawResults(ResultsModel& m) {
    BeginSurface("##results");
    g_page = PhoneCanvas();
    if (g_page) ImGui::BeginChild("page", ImVec2(0, 0), false);
    const std::string& lang = m.Language();
    bool changed = false;
    Heading(m.Title().empty() ? Tr(lang, "Résultats")
                              : (std::string(Tr(lang, "Résultats — ")) + m.Title()).c_str());
    if (m.LoadState() == ResultsModel::Load::Failed && m.LoadError()) {
        ErrorLine(*m.LoadError(), lang);
        if (SecondaryButton(Tr(lang, "Réessayer"))) {
            m.Refresh();
            changed = true;
        }
        NoteControl("retry");
    } else if (m.LoadState() != ResultsModel::Load::Ready) {
        MutedLine(Tr(lang, "Chargement des résultats…"));
    } else {
        DrawRecount(m);
        DrawSummary(m);
        const struct {
            ResultsModel::Tab tab;
            const char* name;
            const char* id;
            const char* short_name = nullptr; // phones: the tabs on two lines
        } tabs[] = {{ResultsModel::Tab::Projects, N_("Projets"), "tab-projects"},
                    {ResultsModel::Tab::Map, N_("Carte"), "tab-map"},
                    {ResultsModel::Tab::Turnout, N_("Participation"), "tab-turnout"},
                    {ResultsModel::Tab::Compare, N_("Comparer les règles"), "tab-compare", N_("Comparer")},
                    {ResultsModel::Tab::Explain, N_("Comprendre un résultat"), "tab-explain", N_("Comprendre")}};
        for (size_t i = 0; i < std::size(tabs); ++i) {
            const char* label = Tr(lang, g_page && tabs[i].short_name ? tabs[i].short_name : tabs[i].name);
            if (i > 0) SameLineIfFits(ButtonWidth(label));
            if (Chip(label, m.CurrentTab() == tabs[i].tab)) {
                m.SetTab(tabs[i].tab);
                changed = true;
            }
            NoteControl(tabs[i].id);
        }
        switch (m.CurrentTab()) {
        case ResultsModel::Tab::Projects: changed |= DrawBars(m); break;
        case ResultsModel::Tab::Compare: DrawCompare(m); break;
        case ResultsModel::Tab::Explain: DrawExplain(m); break;
        case ResultsModel::Tab::Map: changed |= DrawMap(m); break;
        case ResultsModel::Tab::Turnout: DrawTurnout(m); break;
        }
    }
    if (g_page) {
        DragToScroll();
        ImGui::EndChild();
    }
    EndSurface();
    return changed;
}

} // namespace quartier
