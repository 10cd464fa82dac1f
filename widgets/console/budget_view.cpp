// The budget part, drawn: the processes on the left (a column on a wide screen, a menu on a
// tablet), the chosen one's tabs on the right. Everything it says comes from BudgetModel, in
// the staff's words; every phase move asks once in a card saying what it will do.
//
// Index of this file: DrawList (processes, a new one), DrawTimeline, DrawSettings,
// ReviewKeys and DrawReview (the queue), DrawRoll (census, cards), DrawTurnout (and the
// closing checklist), DrawFollowUp, then DrawBudgets, which lays them out.
#include "widgets/console/budget_view.h"

#include "shared/lifecycle.h"
#include "shared/tally/explain_text.h"
#include "shared/text.h"
#include "widgets/app/i18n.h"
#include "widgets/app/text_field.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/console/budget_model.h"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <map>

namespace quartier {

namespace {

// A labelled one-line field; true when its text changed.
bool Field(const char* label, const char* id, std::string& value, float width, bool numeric = false, const char* hint = nullptr) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(width);
    TextFieldOptions o;
    o.label = label;
    o.numeric = numeric;
    o.hint = hint;
    const bool changed = TextField((std::string("##") + id).c_str(), &value, o);
    NoteControl(id);
    return changed;
}

void DrawList(BudgetModel& m) {
    const std::string& lang = m.Language();
    Heading(Tr(lang, "Budgets"));
    for (const auto& p : m.Processes()) {
        ImGui::PushID(p.id.c_str());
        Phase ph;
        const std::string phase = ParsePhase(p.phase, ph) ? PhaseLabel(ph, lang) : p.phase;
        const std::string label = p.title + "\n" + phase;
        if (ImGui::Selectable(label.c_str(), m.Selected() == p.id, 0, ImVec2(0, ImGui::GetTextLineHeight() * 2.4f)))
            m.Select(p.id);
        NoteControl("process-" + p.id);
        ImGui::PopID();
    }
    if (m.Processes().empty()) MutedLine(Tr(lang, "Aucun budget pour l’instant."));
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(Tr(lang, "Nouveau budget"));
    const float w = ImGui::GetContentRegionAvail().x;
    Field(Tr(lang, "Identifiant (ex. bp2027)"), "new-id", m.new_id, w);
    Field(Tr(lang, "Titre"), "new-title", m.new_title, w);
    Field(Tr(lang, "Montant en euros"), "new-budget", m.new_budget, w, true);
    if (PrimaryButton(Tr(lang, "Créer le budget"))) m.Create();
    NoteControl("create");
}

// The next step, asked once in a card saying what it will do (the timeline, the checklist).
void DrawNextStep(BudgetModel& m) {
    const std::string& lang = m.Language();
    if (m.PendingPhase()) {
        BeginCard(true);
        ImGui::TextWrapped("%s", m.PendingPhaseText().c_str());
        if (PrimaryButton(Tr(lang, "Oui, passer à l’étape suivante"))) m.ConfirmPhase();
        NoteControl("confirm-phase");
        ImGui::SameLine();
        if (SecondaryButton(Tr(lang, "Non, rester"))) m.CancelPhase();
        NoteControl("cancel-phase");
        EndCard();
    } else if (m.CurrentPhase() && *m.CurrentPhase() != Phase::FollowUp) {
        const Phase next = static_cast<Phase>(static_cast<int>(*m.CurrentPhase()) + 1);
        const std::string label = Fill(Tr(lang, "Passer à l’étape suivante : {}"), PhaseLabel(next, lang));
        if (PrimaryButton(label.c_str())) m.AskNextPhase();
        NoteControl("next-phase");
    }
}

// The residents' ballot for this budget, in preview, in a new tab.
// Beside the button before it when both fit the line (a longer language wraps it below).
void PreviewButton(BudgetModel& m) {
    const char* label = Tr(m.Language(), "Voir le bulletin comme les habitants (aperçu)…");
    SameLineIfFits(ButtonWidth(label));
    if (SecondaryButton(label)) m.PreviewBallot();
    NoteControl("preview-ballot");
}

void DrawTimeline(BudgetModel& m) {
    const std::string& lang = m.Language();
    if (!m.CalendarText().empty()) ImGui::TextWrapped("%s", m.CalendarText().c_str());
    MutedLine(std::string(Tr(lang, "Dates et heures de la commune (")) + m.TimeZone() +
              Tr(lang, ") : AAAA-MM-JJ ou AAAA-MM-JJTHH:MM."));
    // Where it stands and the next step first; the dates under it.
    DrawNextStep(m);
    ImGui::Spacing();
    const float field = ImGui::GetFontSize() * 10;
    for (const auto& r : m.Timeline()) {
        const std::string name = ToString(r.phase);
        ImGui::PushID(name.c_str());
        BeginCard(r.current);
        std::string title = (r.done ? "\u2713 " : r.current ? "\u25B6 " : "   ") + PhaseLabel(r.phase, lang);
        if (r.current) title += Tr(lang, "  (étape actuelle)");
        ImGui::TextUnformatted(title.c_str());
        std::string start = r.start, end = r.end;
        ImGui::SetNextItemWidth(field);
        TextFieldOptions o;
        o.hint = Tr(lang, "début");
        o.label = Tr(lang, "Début");
        if (TextField("##start", &start, o)) m.SetDate(r.phase, false, start);
        NoteControl("start-" + name);
        ImGui::SameLine();
        ImGui::TextUnformatted("\u2192");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(field);
        o.hint = Tr(lang, "fin");
        o.label = Tr(lang, "Fin");
        if (TextField("##end", &end, o)) m.SetDate(r.phase, true, end);
        NoteControl("end-" + name);
        EndCard();
        ImGui::PopID();
    }
    if (SecondaryButton(Tr(lang, "Enregistrer les dates"))) m.SaveDates();
    NoteControl("save-dates");
}

void DrawSettings(BudgetModel& m) {
    const std::string& lang = m.Language();
    auto& s = m.EditSettings();
    const float w = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 18);
    Field(Tr(lang, "Budget total en euros"), "budget", s.budget, w, true);
    ImGui::TextUnformatted(Tr(lang, "Bulletin"));
    const char* kinds[] = {"knapsack", "approval", "cumulative", "ranked"};
    std::vector<std::string> kind_names = {Tr(lang, "Dans la limite du budget"),
                                           Tr(lang, "Un nombre de projets"),
                                           Tr(lang, "Points à répartir"), Tr(lang, "Classement")};
    int kind = 0;
    for (int i = 0; i < 4; ++i)
        if (s.kind == kinds[i]) kind = i;
    if (ChoiceChips(kind_names, kind, "kind-")) s.kind = kinds[kind];
    if (s.kind == "approval" || s.kind == "ranked") {
        std::string mn = std::to_string(s.min_projects), mx = std::to_string(s.max_projects);
        if (Field(Tr(lang, "Au moins (0 : pas de minimum)"), "min-projects", mn, w / 2, true))
            s.min_projects = std::atoi(mn.c_str());
        if (Field(Tr(lang, "Au plus (0 : pas de maximum)"), "max-projects", mx, w / 2, true))
            s.max_projects = std::atoi(mx.c_str());
    }
    if (s.kind == "cumulative") {
        std::string pts = std::to_string(s.max_points);
        if (Field(Tr(lang, "Points par votant"), "max-points", pts, w / 2, true)) s.max_points = std::atoll(pts.c_str());
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(Tr(lang, "Règle de dépouillement"));
    const char* rules[] = {"greedy", "mes", "phragmen"};
    std::vector<std::string> rule_names = {Tr(lang, "Vote majoritaire"), Tr(lang, "Parts égales"),
                                           Tr(lang, "Phragmén séquentiel")};
    int rule = 0;
    for (int i = 0; i < 3; ++i)
        if (s.rule == rules[i]) rule = i;
    if (ChoiceChips(rule_names, rule, "rule-")) s.rule = rules[rule];
    MutedLine(RuleInPlainWords(s.rule, lang));
    // What each rule would have funded on a real ballot file: the choice made on evidence.
    if (SecondaryButton(Tr(lang, "Essayer les règles sur un fichier de bulletins (.pb)…")))
        m.PickSampleBallots();
    NoteControl("sample-ballots");
    if (const auto& tried = m.RulesPreview()) {
        BeginCard();
        const std::string head = Fill(Tr(lang, "Sur {0} ({1}, budget {2}) :"), tried->file,
                                      CountOf(tried->voters, lang, "votant", "votants"), tried->budget);
        ImGui::TextWrapped("%s", head.c_str());
        for (const auto& o : tried->outcomes) {
            const std::string line = m.RulePreviewText(o.rule);
            if (o.rule == s.rule) {
                ImGui::Bullet();
                ImGui::PushFont(HeadingFont());
                ImGui::TextWrapped("%s", line.c_str());
                ImGui::PopFont();
            } else {
                ImGui::Bullet();
                ImGui::TextWrapped("%s", line.c_str());
            }
        }
        EndCard();
        NoteControl("rules-tried");
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(Tr(lang, "Budgets par quartier (le reste va aux projets de toute la commune)"));
    for (auto& [d, amount] : s.district_budgets) {
        std::string name = d;
        for (const auto& [code, n] : m.Districts())
            if (code == d) name = n + " (" + code + ")";
        int projects = 0;
        if (m.Process().contains("projects"))
            for (const auto& p : m.Process()["projects"]) projects += p.is_object() && p.value("district", "") == d;
        if (projects > 0)
            name += " — " + CountOf(projects, lang, "projet", "projets");
        ImGui::PushID(d.c_str());
        Field(name.c_str(), ("district-budget-" + d).c_str(), amount, w / 2, true, Tr(lang, "aucun"));
        ImGui::PopID();
    }
    static std::string new_district;
    ImGui::SetNextItemWidth(w / 2);
    TextFieldOptions o;
    o.hint = Tr(lang, "code du quartier");
    o.label = Tr(lang, "Ajouter un quartier");
    TextField("##new-district", &new_district, o);
    NoteControl("new-district");
    ImGui::SameLine();
    if (SecondaryButton(Tr(lang, "Ajouter")) && !new_district.empty()) {
        s.district_budgets.emplace_back(new_district, "0");
        new_district.clear();
    }
    ImGui::Checkbox(Tr(lang, "Accepter des bulletins papier sans code"), &s.uncoded_paper);
    NoteControl("uncoded-paper");
    // Easy to read (FALC): the commune's own texts, or the ones made from the settings.
    ImGui::Spacing();
    ImGui::TextUnformatted(Tr(lang, "Facile à lire (montré à côté du bulletin et sur les pages sans JavaScript)"));
    MutedLine(Tr(lang, "Des phrases courtes, une par ligne. Laissez vide pour le texte fait à partir des réglages."));
    for (const char* which : {"vote", "count"}) {
        const bool vote = std::string(which) == "vote";
        std::string& own = vote ? s.easy_vote : s.easy_count;
        const bool open = vote ? s.easy_vote_open : s.easy_count_open;
        const char* label = vote ? Tr(lang, "Comment voter") : Tr(lang, "Comment on compte les votes");
        ImGui::TextUnformatted(label);
        if (Trim(own).empty() && !open) {
            BeginCard(false);
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("%s", m.EasyReadShown(which).c_str());
            ImGui::PopStyleColor();
            EndCard();
            ImGui::PushID(which);
            if (SecondaryButton(Tr(lang, "Modifier ce texte"))) m.StartEasyRead(which);
            ImGui::PopID();
            NoteControl(vote ? "easy-start-vote" : "easy-start-count");
        } else {
            TextFieldOptions o;
            o.multiline = true;
            o.label = label;
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
            TextField(vote ? "##easy-vote" : "##easy-count", &own, o);
            NoteControl(vote ? "easy-vote" : "easy-count");
        }
    }
    ImGui::Spacing();
    const bool locked = m.CurrentPhase() && *m.CurrentPhase() >= Phase::Voting;
    if (locked) MutedLine(Tr(lang, "Le vote est ouvert : ces réglages ne changent plus."));
    ImGui::BeginDisabled(locked);
    if (PrimaryButton(Tr(lang, "Enregistrer les réglages"))) m.SaveSettings();
    ImGui::EndDisabled();
    NoteControl("save-settings");
    PreviewButton(m);
}

// The queue's keys, read as typed characters (they follow the keyboard layout) when no field
// is being typed in: j / k move, f says feasible at the cost shown and moves on.
void ReviewKeys(BudgetModel& m, std::map<std::int64_t, std::string>& costs) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || TextOverlayOpen()) return;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const ImWchar c = io.InputQueueCharacters[i];
        if (c == 'j') m.MoveReview(1);
        else if (c == 'k') m.MoveReview(-1);
        else if (c == 'f' && m.ReviewCursor() < m.Proposals().size()) {
            const auto& p = m.Proposals()[m.ReviewCursor()];
            const auto typed = costs.find(p.id);
            m.Review(p.id, true, typed != costs.end() && !typed->second.empty() ? std::atoll(typed->second.c_str()) : p.cost, "");
            m.MoveReview(1);
        }
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) m.MoveReview(1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) m.MoveReview(-1);
}

void DrawReview(BudgetModel& m) {
    const std::string& lang = m.Language();
    static std::map<std::int64_t, std::string> reasons, costs;
    ReviewKeys(m, costs);
    MutedLine(Tr(lang, "Clavier : j / k (ou ↑ ↓) pour passer d’une proposition à l’autre, f : faisable au coût indiqué."));
    for (size_t index = 0; index < m.Proposals().size(); ++index) {
        const auto& p = m.Proposals()[index];
        ImGui::PushID(static_cast<int>(p.id));
        BeginCard(index == m.ReviewCursor());
        ImGui::TextWrapped("%s", p.title.c_str());
        std::string meta = (p.district.empty() ? std::string() : p.district + "  •  ") + FormatEuros(p.cost, lang);
        if (p.feasible) meta += *p.feasible ? Tr(lang, "  •  faisable") : Tr(lang, "  •  non faisable");
        if (p.stage == "on_ballot") meta += Tr(lang, "  •  sur le bulletin");
        MutedLine(meta);
        auto& cost = costs[p.id];
        if (cost.empty()) cost = std::to_string(p.cost);
        auto& reason = reasons[p.id];
        if (reason.empty()) reason = p.reason;
        const float w = ImGui::GetFontSize() * 8;
        ImGui::SetNextItemWidth(w);
        TextFieldOptions o;
        o.numeric = true;
        o.label = Tr(lang, "Coût estimé en euros");
        TextField("##cost", &cost, o);
        NoteControl("cost-" + std::to_string(p.id));
        ImGui::SameLine();
        if (PrimaryButton(Tr(lang, "Faisable"))) m.Review(p.id, true, std::atoll(cost.c_str()), "");
        NoteControl("feasible-" + std::to_string(p.id));
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ButtonWidth(Tr(lang, "Non faisable")) -
                                ImGui::GetStyle().ItemSpacing.x);
        o = TextFieldOptions{};
        o.hint = Tr(lang, "raison publique si non faisable");
        o.label = Tr(lang, "Raison publique");
        TextField("##reason", &reason, o);
        NoteControl("reason-" + std::to_string(p.id));
        ImGui::SameLine();
        if (SecondaryButton(Tr(lang, "Non faisable"))) m.Review(p.id, false, 0, reason);
        NoteControl("not-feasible-" + std::to_string(p.id));
        static std::map<std::int64_t, std::string> into;
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(Tr(lang, "Doublon de la n°"));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
        TextFieldOptions mo;
        mo.numeric = true;
        mo.label = Tr(lang, "Numéro de la proposition gardée");
        TextField("##into", &into[p.id], mo);
        NoteControl("into-" + std::to_string(p.id));
        ImGui::SameLine();
        ImGui::BeginDisabled(std::atoll(into[p.id].c_str()) <= 0);
        if (SecondaryButton(Tr(lang, "Fusionner"))) m.Merge(p.id, std::atoll(into[p.id].c_str()));
        ImGui::EndDisabled();
        NoteControl("merge-" + std::to_string(p.id));
        EndCard();
        ImGui::PopID();
    }
    if (m.Proposals().empty()) MutedLine(Tr(lang, "Aucune proposition publiée pour l’instant."));
    const std::string label = std::string(Tr(lang, "Mettre les propositions faisables sur le bulletin (")) +
                              std::to_string(m.FeasibleWaiting()) + ")";
    if (PrimaryButton(label.c_str())) m.Promote();
    NoteControl("promote");
    PreviewButton(m);
}

void DrawRoll(BudgetModel& m) {
    const std::string& lang = m.Language();
    MutedLine(Tr(lang, "Le recensement est un fichier CSV : une ligne d’en-tête, puis un électeur par ligne ; la première colonne est "
                       "la référence de la commune pour cette personne, les suivantes son adresse imprimée sur le courrier (jamais gardée)."));
    if (SecondaryButton(Tr(lang, "Choisir le fichier du recensement…"))) m.PickCensus();
    NoteControl("pick-census");
    if (const auto& c = m.Census()) {
        BeginCard(true);
        ImGui::TextWrapped("%s — %s%zu", m.CensusName().c_str(), Tr(lang, "électeurs : "), c->voters);
        if (!c->header.empty() && ImGui::BeginTable("census", static_cast<int>(c->header.size()), ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame)) {
            for (const auto& h : c->header) ImGui::TableSetupColumn(h.c_str());
            ImGui::TableHeadersRow();
            for (const auto& row : c->first_rows) {
                ImGui::TableNextRow();
                for (size_t i = 0; i < c->header.size(); ++i) {
                    ImGui::TableSetColumnIndex(static_cast<int>(i));
                    ImGui::TextUnformatted(i < row.size() ? row[i].c_str() : "");
                }
            }
            ImGui::EndTable();
        }
        for (const auto& p : c->problems) ErrorLine(FieldError{p.code, "file", CensusProblemMessage(p)}, lang);
        if (c->problems.empty() && c->readable) SuccessLine(Tr(lang, "Aucun problème trouvé."));
        ImGui::BeginDisabled(!c->readable || c->voters == 0);
        if (PrimaryButton(Tr(lang, "Envoyer et imprimer les courriers"))) m.SendCensus();
        ImGui::EndDisabled();
        NoteControl("send-census");
        ImGui::SameLine();
        if (SecondaryButton(Tr(lang, "Annuler"))) m.ForgetCensus();
        NoteControl("forget-census");
        EndCard();
    }
    ImGui::Spacing();
    static std::string count = "100";
    Field(Tr(lang, "Cartes de vote sans recensement (nombre)"), "cards-count", count,
          ImGui::GetFontSize() * 6, true);
    ImGui::SameLine();
    if (SecondaryButton(Tr(lang, "Imprimer les cartes"))) m.GenerateCards(std::atoi(count.c_str()));
    NoteControl("cards");
    const auto& t = m.TurnoutNow();
    if (t.loaded)
        MutedLine(Fill(Tr(lang, "Codes distribués : {}"), FormatCount(t.issued, lang)));
}

void DrawTurnout(BudgetModel& m) {
    const std::string& lang = m.Language();
    const auto& t = m.TurnoutNow();
    ImGui::PushFont(HeadingFont());
    const std::string big = CountOf(t.ballots, lang, "bulletin", "bulletins");
    ImGui::TextUnformatted(big.c_str());
    ImGui::PopFont();
    NoteControl("turnout");
    if (t.issued > 0) {
        ImGui::ProgressBar(static_cast<float>(t.used) / static_cast<float>(t.issued), ImVec2(-1, 0),
                           Fill(TrN(lang, t.used, "{0} code utilisé sur {1}", "{0} codes utilisés sur {1}"), FormatCount(t.used, lang), FormatCount(t.issued, lang))
                               .c_str());
    }
    if (m.CurrentPhase() == Phase::Voting) MutedLine(Tr(lang, "Mis à jour toutes les 30 secondes."));
    if (SecondaryButton(Tr(lang, "Actualiser"))) m.RefreshTurnout();
    NoteControl("refresh-turnout");
    ImGui::Spacing();
    Heading(Tr(lang, "Avant de clore"));
    for (const auto& line : m.ClosingChecklist()) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", line.c_str());
    }
    // Closing, then publishing, from here: the checklist read, the next step is beside it.
    if (m.CurrentPhase() == Phase::Voting || m.CurrentPhase() == Phase::Closed) {
        ImGui::Spacing();
        DrawNextStep(m);
    }
}

void DrawFollowUp(BudgetModel& m) {
    const std::string& lang = m.Language();
    if (!m.CurrentPhase() || *m.CurrentPhase() < Phase::Published) {
        MutedLine(Tr(lang, "Le suivi commence une fois les résultats publiés."));
        return;
    }
    const char* statuses[] = {"planned", "studies", "works", "done", "abandoned"};
    std::vector<std::string> names;
    for (const char* st : statuses) {
        ProgressStatus ps;
        ParseProgressStatus(st, ps);
        names.push_back(ProgressLabel(ps, lang));
    }
    for (auto& f : m.FundedProjects()) {
        ImGui::PushID(f.id.c_str());
        BeginCard(f.status == "done");
        ImGui::TextWrapped("%s — %d %%", f.name.c_str(), f.percent);
        int current = 0;
        for (int i = 0; i < 5; ++i)
            if (f.edit_status == statuses[i]) current = i;
        if (ChoiceChips(names, current, "status-" + f.id + "-")) f.edit_status = statuses[current];
        Field(Tr(lang, "Pourcentage réalisé"), ("percent-" + f.id).c_str(), f.edit_percent, ImGui::GetFontSize() * 5, true);
        ImGui::SameLine();
        if (PrimaryButton(Tr(lang, "Enregistrer l’avancement"))) m.SaveProgress(f.id);
        NoteControl("save-progress-" + f.id);
        for (const auto& u : f.updates) MutedLine(u);
        const float w = ImGui::GetContentRegionAvail().x;
        Field(Tr(lang, "Nouvelle actualité : date (AAAA-MM-JJ)"), ("update-date-" + f.id).c_str(),
              f.update_date, ImGui::GetFontSize() * 8);
        Field(Tr(lang, "Texte"), ("update-text-" + f.id).c_str(), f.update_text, w);
        Field(Tr(lang, "Dépensé à ce jour en euros (facultatif)"), ("update-spent-" + f.id).c_str(),
              f.update_spent, ImGui::GetFontSize() * 8, true);
        if (SecondaryButton(Tr(lang, "Publier l’actualité"))) m.AddUpdate(f.id);
        NoteControl("add-update-" + f.id);
        EndCard();
        ImGui::PopID();
    }
    if (m.FundedProjects().empty()) MutedLine(Tr(lang, "Aucun projet financé."));
}

} // namespace

void DrawBudgets(BudgetModel& m) {
    const std::string& lang = m.Language();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool wide = avail.x / UiScale() >= 900.0f;
    const float list_w = wide ? std::max(avail.x * 0.24f, ImGui::GetFontSize() * 14) : avail.x;
    ImGui::BeginChild("budgets-list", ImVec2(list_w, wide ? avail.y : avail.y * 0.35f), false);
    DrawList(m);
    ImGui::EndChild();
    if (wide) ImGui::SameLine();
    ImGui::BeginChild("budget", ImVec2(0, 0), false);
    if (!m.Working().what.empty()) {
        // Long work: how far it got, "n of N".
        const auto& w = m.Working();
        ImGui::ProgressBar(w.total ? static_cast<float>(w.done) / static_cast<float>(w.total) : 0.0f, ImVec2(-1, 0), m.WorkText().c_str());
        NoteControl("work");
    } else if (m.Busy()) MutedLine(Tr(lang, "Envoi en cours…"));
    else if (!m.Notice().empty()) SuccessLine(m.Notice());
    if (m.Error()) ErrorLine(*m.Error(), lang);
    if (!m.Process().is_object()) {
        MutedLine(m.Selected().empty() ? Tr(lang, "Choisissez un budget, ou créez-en un.")
                                       : Tr(lang, "Chargement…"));
        ImGui::EndChild();
        return;
    }
    Heading(m.Process().value("title", "").c_str());
    std::vector<std::string> tabs = {Tr(lang, "Calendrier"), Tr(lang, "Réglages"),
                                     Tr(lang, "Étude des propositions"), Tr(lang, "Liste électorale"),
                                     Tr(lang, "Participation et clôture"),
                                     Tr(lang, "Suivi des projets")};
    // The tabs, named as the mirror names them (tab-settings, tab-review…).
    static const char* kTabIds[] = {"tab-timeline", "tab-settings", "tab-review", "tab-roll", "tab-turnout", "tab-follow-up"};
    for (size_t i = 0; i < tabs.size(); ++i) {
        if (i > 0) SameLineIfFits(ButtonWidth(tabs[i].c_str()));
        ImGui::PushID(static_cast<int>(i));
        if (Chip(tabs[i].c_str(), static_cast<size_t>(m.CurrentTab()) == i)) m.SetTab(static_cast<BudgetModel::Tab>(i));
        ImGui::PopID();
        NoteControl(kTabIds[i]);
    }
    ImGui::Separator();
    ImGui::BeginChild("tab", ImVec2(0, 0), false);
    switch (m.CurrentTab()) {
    case BudgetModel::Tab::Timeline: DrawTimeline(m); break;
    case BudgetModel::Tab::Settings: DrawSettings(m); break;
    case BudgetModel::Tab::Review: DrawReview(m); break;
    case BudgetModel::Tab::Roll: DrawRoll(m); break;
    case BudgetModel::Tab::Turnout: DrawTurnout(m); break;
    case BudgetModel::Tab::FollowUp: DrawFollowUp(m); break;
    }
    DragToScroll();
    ImGui::EndChild();
    ImGui::EndChild();
    m.AdvanceWork(); // after this frame's progress was drawn
}

} // namespace quartier
