// The results widget's view: the recount banner, the budget used, the projects as bars
// (funded in the accent colour), the greedy / Equal Shares comparison and the explanation.
#include "widgets/results/results_view.h"

#include "shared/text.h"
#include "widgets/app/i18n.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/results/results_model.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace quartier {

namespace {

std::string Seconds(double s, const std::string& lang) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", s);
    std::string out = buf;
    if (IsFrench(lang)) std::replace(out.begin(), out.end(), '.', ',');
    return out + " s";
}

// A full-width coloured box with one wrapped line of text: the recount verdict.
void Banner(const std::string& text, const ImVec4& bg, const ImVec4& fg) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = ImGui::GetStyle().FramePadding.x;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
    ImGui::PushTextWrapPos(start.x + width - pad);
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
    const std::string& lang = m.Language();
    switch (m.RecountState()) {
    case ResultsModel::Recount::Match:
        Banner(IsFrench(lang)
                   ? "\u2713 Recompté dans votre navigateur en " + Seconds(m.RecountSeconds(), lang) +
                         " à partir des bulletins publiés : mêmes projets lauréats que ceux annoncés."
                   : "\u2713 Recounted in your browser in " + Seconds(m.RecountSeconds(), lang) +
                         " from the published ballots: the same winning projects as announced.",
               ImVec4(0.90f, 0.97f, 0.92f, 1), ImVec4(0.05f, 0.36f, 0.16f, 1));
        break;
    case ResultsModel::Recount::Mismatch:
        Banner(Tr(lang,
                  "\u2717 Attention : le recomptage dans votre navigateur ne donne PAS les mêmes lauréats que ceux "
                  "annoncés. Signalez-le à la commune.",
                  "\u2717 Warning: recounting in your browser does NOT give the winners announced. Please tell the "
                  "town."),
               ImVec4(0.70f, 0.11f, 0.11f, 1), ImVec4(1, 1, 1, 1));
        break;
    case ResultsModel::Recount::Failed:
        break;
    case ResultsModel::Recount::Pending:
        MutedLine(Tr(lang, "Recomptage en cours…", "Recounting…"));
        break;
    }
    NoteControl("recount");
}

void DrawSummary(const ResultsModel& m) {
    const auto& r = m.Results();
    const std::string& lang = m.Language();
    const std::string used = std::string(Tr(lang, "Budget utilisé : ", "Budget used: ")) + FormatEuros(r.spent, lang) +
                             (IsFrench(lang) ? " sur " : " of ") + FormatEuros(r.budget, lang) + "  •  " +
                             FormatCount(r.voters, lang) + Tr(lang, " votants", " voters") + "  •  " +
                             std::to_string(r.winners.size()) + Tr(lang, " projets financés", " projects funded");
    ImGui::TextWrapped("%s", used.c_str());
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
    MutedLine(Tr(lang, "Projets par nombre de votes ; en couleur, les projets financés. Touchez un projet pour "
                       "comprendre son résultat.",
                 "Projects by votes; funded projects in colour. Tap a project to understand its result."));
    ImGui::BeginChild("bars", ImVec2(0, 0), false);
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
            const std::string value = FormatCount(r.votes, lang) + Tr(lang, " votes  •  ", " votes  •  ") +
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
    DragToScroll();
    ImGui::EndChild();
    return changed;
}

void ListProjects(const ResultsModel& m, const std::vector<std::string>& ids) {
    if (ids.empty()) {
        MutedLine(Tr(m.Language(), "Aucun.", "None."));
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
    ImGui::BeginChild("compare", ImVec2(0, 0), false);
    ImGui::TextWrapped("%s", Tr(lang,
                                "Le vote majoritaire (« glouton ») finance les projets dans l’ordre de leurs votes tant que le "
                                "budget le permet. La méthode des parts égales donne à chaque votant la même part du budget : "
                                "un groupe de votants finance des projets à proportion de sa taille, ce qui laisse leur chance "
                                "aux projets de quartiers ou de groupes moins nombreux.",
                                "Majority (“greedy”) counting funds projects in order of votes while the budget allows. The "
                                "Method of Equal Shares gives every voter the same share of the budget: a group of voters funds "
                                "projects in proportion to its size, which gives a chance to the projects of smaller "
                                "neighbourhoods or groups."));
    ImGui::Spacing();
    Heading(Tr(lang, "Financés seulement par le vote majoritaire", "Funded only by majority counting"));
    ListProjects(m, m.OnlyGreedy());
    ImGui::Spacing();
    Heading(Tr(lang, "Financés seulement par les parts égales", "Funded only by equal shares"));
    ListProjects(m, m.OnlyEqualShares());
    NoteControl("compare");
    DragToScroll();
    ImGui::EndChild();
}

void DrawExplain(ResultsModel& m) {
    const std::string& lang = m.Language();
    ImGui::BeginChild("explain", ImVec2(0, 0), false);
    if (const ResultRow* r = m.Row(m.Selected())) {
        Heading(r->name.c_str());
        MutedLine(FormatEuros(r->cost, lang) + "  •  " + std::to_string(r->votes) + " votes" +
                  (r->rule_order > 0 ? Tr(lang, "  •  financé", "  •  funded") : Tr(lang, "  •  non financé", "  •  not funded")));
        for (const auto& line : m.Explain(r->id)) ImGui::TextWrapped("%s", line.c_str());
        NoteControl("explanation");
    }
    DragToScroll();
    ImGui::EndChild();
}

} // namespace

bool DrawResults(ResultsModel& m) {
    BeginSurface("##results");
    const std::string& lang = m.Language();
    bool changed = false;
    Heading(m.Title().empty() ? Tr(lang, "Résultats", "Results")
                              : (std::string(Tr(lang, "Résultats — ", "Results — ")) + m.Title()).c_str());
    if (m.LoadState() == ResultsModel::Load::Failed && m.LoadError()) {
        ErrorLine(*m.LoadError(), lang);
        if (SecondaryButton(Tr(lang, "Réessayer", "Try again"))) {
            m.Refresh();
            changed = true;
        }
        NoteControl("retry");
    } else if (m.LoadState() != ResultsModel::Load::Ready) {
        MutedLine(Tr(lang, "Chargement des résultats…", "Loading the results…"));
    } else {
        DrawRecount(m);
        DrawSummary(m);
        const struct {
            ResultsModel::Tab tab;
            const char* fr;
            const char* en;
            const char* id;
        } tabs[] = {{ResultsModel::Tab::Projects, "Projets", "Projects", "tab-projects"},
                    {ResultsModel::Tab::Compare, "Comparer les règles", "Compare the rules", "tab-compare"},
                    {ResultsModel::Tab::Explain, "Comprendre un résultat", "Understand a result", "tab-explain"}};
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        for (size_t i = 0; i < std::size(tabs); ++i) {
            const char* label = Tr(lang, tabs[i].fr, tabs[i].en);
            if (i > 0 && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(label).x +
                                 ImGui::GetStyle().FramePadding.x * 2 <= right)
                ImGui::SameLine();
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
        }
    }
    EndSurface();
    return changed;
}

} // namespace quartier
