// The ballot widget's view: rules and budget bar, project cards with the action the
// ballot kind calls for, the review with the voter code, and the receipt.
#include "widgets/ballot/ballot_view.h"

#include "shared/text.h"
#include "widgets/app/comments_view.h"
#include "widgets/app/i18n.h"
#include "widgets/app/theme.h"
#include "widgets/app/text_field.h"
#include "widgets/app/ui.h"
#include "widgets/ballot/ballot_model.h"

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>

namespace quartier {

namespace {

// The budget bar (knapsack), or the count of choices / points left.
void DrawProgress(const BallotModel& m) {
    ImGui::TextUnformatted(m.ProgressText().c_str());
    NoteControl("progress");
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::GetStyle().Colors[ImGuiCol_Button]);
    ImGui::ProgressBar(m.ProgressFraction(), ImVec2(-1, ImGui::GetFontSize() * 0.6f), "");
    ImGui::PopStyleColor();
}

// The action(s) of one project card, by ballot kind.
bool DrawCardActions(BallotModel& m, const BallotModel::Project& p) {
    const std::string& lang = m.Language();
    const auto& kind = m.Config().kind;
    bool changed = false;
    if (kind == "cumulative") {
        ImGui::BeginDisabled(m.PointsOf(p.id) == 0);
        if (SecondaryButton("\u2212", TouchTargetHeight())) changed |= m.AddPoints(p.id, -1);
        ImGui::EndDisabled();
        NoteControl("minus-" + p.id);
        ImGui::SameLine();
        const std::string n = std::to_string(m.PointsOf(p.id)) + (m.PointsOf(p.id) > 1 ? " points" : " point");
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(n.c_str());
        ImGui::SameLine();
        ImGui::BeginDisabled(!m.CanAdd(p.id));
        if (PrimaryButton("+", TouchTargetHeight())) changed |= m.AddPoints(p.id, 1);
        ImGui::EndDisabled();
        NoteControl("plus-" + p.id);
        return changed;
    }
    const bool chosen = m.IsChosen(p.id);
    const char* label = chosen ? Tr(lang, "\u2713 Choisi — retirer")
                               : kind == "ranked" ? Tr(lang, "Classer") : Tr(lang, "Choisir");
    ImGui::BeginDisabled(!chosen && !m.CanAdd(p.id));
    if (chosen ? SecondaryButton(label) : PrimaryButton(label)) changed |= m.Toggle(p.id);
    ImGui::EndDisabled();
    NoteControl("toggle-" + p.id);
    if (kind == "ranked" && chosen) {
        ImGui::SameLine();
        ImGui::BeginDisabled(m.RankOf(p.id) == 1);
        if (SecondaryButton("\u2191", TouchTargetHeight())) {
            m.MoveRank(p.id, -1);
            changed = true;
        }
        ImGui::EndDisabled();
        NoteControl("up-" + p.id);
        ImGui::SameLine();
        ImGui::BeginDisabled(m.RankOf(p.id) == static_cast<int>(m.Chosen().size()));
        if (SecondaryButton("\u2193", TouchTargetHeight())) {
            m.MoveRank(p.id, 1);
            changed = true;
        }
        ImGui::EndDisabled();
        NoteControl("down-" + p.id);
    }
    return changed;
}

std::string Meta(const BallotModel& m, const BallotModel::Project& p, const std::string& lang) {
    std::string meta = FormatEuros(p.cost, lang);
    if (!p.category.empty()) meta += "  •  " + m.CategoryLabel(p.category);
    if (!p.district.empty()) meta += "  •  " + p.district;
    return meta;
}

// Easy to read (FALC): a link-like button under the rules that unfolds both texts, a
// sentence a line in a larger size.
bool DrawEasyRead(BallotModel& m) {
    const std::string& lang = m.Language();
    if (m.EasyVote().empty() && m.EasyCount().empty()) return false;
    bool changed = false;
    const std::string label = std::string(m.EasyReadOpen() ? "\u2191 " : "\u2193 ") +
                              Tr(lang, "Facile à lire : comment voter, comment on compte");
    if (SecondaryButton(label.c_str())) {
        m.ToggleEasyRead();
        changed = true;
    }
    NoteControl("easy-read");
    if (m.EasyReadOpen()) {
        BeginCard(false);
        auto part = [&](const char* title, const std::vector<std::string>& lines) {
            ImGui::PushFont(HeadingFont());
            ImGui::TextWrapped("%s", title);
            ImGui::PopFont();
            for (const auto& l : lines) ImGui::TextWrapped("%s", l.c_str());
            ImGui::Spacing();
        };
        part(Tr(lang, "Comment voter"), m.EasyVote());
        part(Tr(lang, "Comment on compte les votes"), m.EasyCount());
        EndCard();
    }
    return changed;
}

bool DrawFilters(BallotModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    std::string search = m.Search();
    ImGui::SetNextItemWidth(-1);
    TextFieldOptions field;
    field.hint = Tr(lang, "Rechercher un projet, un quartier…");
    field.label = Tr(lang, "Rechercher un projet");
    if (TextField("##search", &search, field)) {
        m.SetSearch(search);
        changed = true;
    }
    NoteControl("search");
    const auto cats = m.Categories();
    if (cats.empty()) return changed;
    std::vector<std::string> labels;
    for (const auto& c : cats) labels.push_back(m.CategoryLabel(c));
    if (PhoneCanvas()) {
        // Phones: one drop-down list, so that the projects start on the first screen rather
        // than under a wall of category chips.
        int current = -1;
        for (size_t i = 0; i < cats.size(); ++i)
            if (cats[i] == m.CategoryFilter()) current = static_cast<int>(i);
        if (ChoiceCombo("##filter", Tr(lang, "Toutes les catégories"), labels, current, -1.0f)) {
            m.SetCategoryFilter(current >= 0 ? cats[current] : "");
            changed = true;
        }
        NoteControl("filter");
        return changed;
    }
    auto chip = [&](const std::string& label, const std::string& value, const std::string& id) {
        if (Chip(label.c_str(), m.CategoryFilter() == value)) {
            m.SetCategoryFilter(value);
            changed = true;
        }
        NoteControl(id);
    };
    ImGui::PushID("filters");
    chip(Tr(lang, "Tous"), "", "filter-all");
    for (size_t i = 0; i < cats.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        // Chips flow onto the next line when the next one would not fit.
        SameLineIfFits(ButtonWidth(labels[i].c_str()));
        chip(labels[i], cats[i], "filter-" + std::to_string(i));
        ImGui::PopID();
    }
    ImGui::PopID();
    return changed;
}

bool DrawChoose(BallotModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    // Kept in view: how much budget (or how many choices, or points) is left.
    DrawProgress(m);

    // The footer (notice, error, review button) keeps its place under the list; the rest
    // scrolls as one page, so that phones keep room for the projects.
    const float footer = TouchTargetHeight() + ImGui::GetStyle().ItemSpacing.y * 2 +
                         ((m.Notice().empty() && !m.Error()) ? 0.0f : ImGui::GetTextLineHeightWithSpacing() * 2.2f);
    ImGui::BeginChild("projects", ImVec2(0, -footer), false);
    Heading(m.Title().empty() ? Tr(lang, "Voter") : m.Title().c_str());
    if (!m.VotingOpen())
        ErrorLine(FieldError{"voting_closed", "", Msg::Verbatim(m.ClosedText())}, lang);
    else if (!m.CalendarText().empty())
        MutedLine(m.CalendarText());
    MutedLine(m.RulesText());
    changed |= DrawEasyRead(m);
    changed |= DrawFilters(m);
    ImGui::Spacing();
    const auto visible = m.VisibleProjects();
    for (size_t i : visible) {
        const auto& p = m.Projects()[i];
        ImGui::PushID(p.id.c_str());
        BeginCard(m.IsChosen(p.id));
        std::string title = p.name;
        if (m.Config().kind == "ranked" && m.RankOf(p.id) > 0) title = std::to_string(m.RankOf(p.id)) + ". " + title;
        ImGui::TextWrapped("%s", title.c_str());
        MutedLine(Meta(m, p, lang));
        if (!p.description.empty()) ImGui::TextWrapped("%s", p.description.c_str());
        changed |= DrawCardActions(m, p);
        if (p.proposal) {
            // The residents' comments on the proposal it came from, under the card when asked.
            if (m.CommentsFor() != p.id) {
                if (SecondaryButton((std::string(Tr(lang, "Commentaires des habitants")) + "###comments").c_str())) {
                    m.OpenComments(p.id);
                    changed = true;
                }
                NoteControl("comments-" + p.id);
            } else {
                if (SecondaryButton(Tr(lang, "Fermer les commentaires"))) {
                    m.CloseComments();
                    changed = true;
                }
                NoteControl("comments-close");
                changed |= DrawComments(m.Comments());
            }
        }
        EndCard();
        ImGui::PopID();
    }
    if (m.LoadState() == BallotModel::Load::Ready && visible.empty())
        MutedLine(Tr(lang, "Aucun projet ne correspond à votre recherche."));
    DragToScroll();
    ImGui::EndChild();

    if (!m.Notice().empty())
        ErrorLine(FieldError{"notice", "", Msg::Verbatim(m.Notice())}, lang);
    if (m.Error()) ErrorLine(*m.Error(), lang);
    ImGui::BeginDisabled(!m.VotingOpen());
    if (PrimaryButton(Tr(lang, "Vérifier mon vote"))) {
        m.Review();
        changed = true;
    }
    ImGui::EndDisabled();
    NoteControl("review");
    return changed;
}

bool DrawReview(BallotModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    ImGui::BeginChild("review", ImVec2(0, 0), false);
    Heading(Tr(lang, "Vérifiez votre vote"));
    MutedLine(Tr(lang, "Votre bulletin est secret : il est enregistré sans lien avec votre code."));
    for (const auto& id : m.Chosen()) {
        const BallotModel::Project* p = nullptr;
        for (const auto& q : m.Projects())
            if (q.id == id) p = &q;
        if (!p) continue;
        std::string line = p->name;
        if (m.Config().kind == "ranked") line = std::to_string(m.RankOf(id)) + ". " + line;
        if (m.Config().kind == "cumulative") line += " — " + std::to_string(m.PointsOf(id)) + " pts";
        ImGui::Bullet();
        ImGui::TextWrapped("%s  (%s)", line.c_str(), FormatEuros(p->cost, lang).c_str());
    }
    if (m.Config().kind == "knapsack")
        ImGui::TextWrapped("%s%s", Tr(lang, "Total : "), FormatEuros(m.Spent(), lang).c_str());

    ImGui::Spacing();
    ImGui::TextUnformatted(Tr(lang, "Votre code de vote"));
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 16));
    TextFieldOptions code;
    code.hint = "XXXX-XXXX";
    code.code = true;
    code.label = Tr(lang, "Votre code de vote");
    changed |= TextField("##code", &m.EditCode(), code);
    NoteControl("code");
    MutedLine(Tr(lang, "Il figure sur le courrier reçu de la mairie. Un code ne sert qu’une fois."));
    if (m.Error()) ErrorLine(*m.Error(), lang);
    ImGui::BeginDisabled(m.Sending());
    if (PrimaryButton(m.Sending() ? Tr(lang, "Envoi…") : Tr(lang, "Voter"))) {
        m.Submit();
        changed = true;
    }
    ImGui::EndDisabled();
    NoteControl("submit");
    ImGui::SameLine();
    if (SecondaryButton(Tr(lang, "Modifier mes choix"))) {
        m.BackToChoices();
        changed = true;
    }
    NoteControl("back");
    DragToScroll();
    ImGui::EndChild();
    return changed;
}

void DrawReceipt(BallotModel& m) {
    const std::string& lang = m.Language();
    ImGui::BeginChild("receipt", ImVec2(0, 0), false);
    Heading(Tr(lang, "Merci, votre vote est enregistré !"));
    ImGui::TextWrapped("%s", Tr(lang, "Votre reçu :"));
    // Groups of four characters are easier to copy by hand and to compare.
    std::string grouped;
    for (size_t i = 0; i < m.Receipt().size(); ++i) {
        if (i > 0 && i % 4 == 0) grouped += i % 32 == 0 ? "\n" : " ";
        grouped += m.Receipt()[i];
    }
    ImGui::PushFont(HeadingFont());
    ImGui::TextUnformatted(grouped.c_str());
    ImGui::PopFont();
    NoteControl("receipt");
    ImGui::TextWrapped("%s", Tr(lang,
                                "Notez ou copiez ce reçu. À la clôture du vote, la commune publie la liste de tous les "
                                "reçus : vous pourrez vérifier que le vôtre y figure, et donc que votre bulletin a été "
                                "compté. Le reçu ne révèle pas vos choix."));
    ImGui::EndChild();
}

} // namespace

bool DrawBallot(BallotModel& m) {
    BeginSurface("##ballot");
    bool changed = false;
    if (m.Previewing()) {
        BeginCard(true);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(m.PreviewText().c_str());
        ImGui::PopTextWrapPos();
        EndCard();
        NoteControl("preview");
    }
    if (m.LoadState() == BallotModel::Load::Failed && m.LoadError()) {
        ErrorLine(*m.LoadError(), m.Language());
        if (SecondaryButton(Tr(m.Language(), "Réessayer"))) {
            m.Refresh();
            changed = true;
        }
        NoteControl("retry");
    } else if (m.LoadState() != BallotModel::Load::Ready) {
        MutedLine(Tr(m.Language(), "Chargement du vote…"));
    } else if (m.CurrentScreen() == BallotModel::Screen::Review) {
        changed = DrawReview(m);
    } else if (m.CurrentScreen() == BallotModel::Screen::Receipt) {
        DrawReceipt(m);
    } else {
        changed = DrawChoose(m);
    }
    EndSurface();
    return changed;
}

} // namespace quartier
