// DeskModel: the agents' desk — code, projects by number, the ballot in words, confirmation,
// POST .../paper-ballots, refusals in the staff's words, the session's count.
//
// Index of this file:
// [SECTION] Opening a process
// [SECTION] Typing a ballot
// [SECTION] Sending it
// [SECTION] Words
// [SECTION] Commands, state and the accessible tree
#include "widgets/console/desk_model.h"

#include "shared/ballot/ballot.h"
#include "shared/json_read.h"
#include "shared/text.h"
#include "widgets/app/a11y_tree.h"
#include "widgets/app/accessible.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <algorithm>

namespace quartier {


DeskModel::DeskModel(ConsoleSession& session) : m_session(session) {}

//-----------------------------------------------------------------------------
// [SECTION] Opening a process
//-----------------------------------------------------------------------------

void DeskModel::LoadProcesses() {
    m_session.api.Get(m_session.TenantPath() + "/processes", [this](const ApiResult& r) {
        if (!r.Ok()) {
            m_error = r.error;
            return;
        }
        m_processes.clear();
        for (const auto& j : JsonOr(r.body, "items", nlohmann::json::array())) {
            if (!j.is_object() || JsonOr(j, "archived", false)) continue;
            m_processes.push_back({JsonOr(j, "id", ""), JsonOr(j, "title", ""), JsonOr(j, "phase", "")});
        }
        // Those the desk can serve (voting) first.
        std::stable_sort(m_processes.begin(), m_processes.end(), [](const ProcessChoice& a, const ProcessChoice& b) {
            return (a.phase == "voting") > (b.phase == "voting");
        });
    }, m_session.token);
}

void DeskModel::Open(const std::string& process_id) {
    m_process = process_id;
    m_ballot = std::make_unique<BallotModel>(m_session.api, m_session.lang, m_session.tenant, process_id);
    m_ballot->Refresh();
    m_entered = 0;
    m_notice.clear();
    Reset();
}

void DeskModel::Tick(double) {}

bool DeskModel::Ready() const {
    return m_ballot && m_ballot->LoadState() == BallotModel::Load::Ready && m_ballot->VotingOpen();
}

void DeskModel::Reset() {
    m_step = m_ballot ? Step::Code : Step::Pick;
    m_code.clear();
    m_digits.clear();
    m_request_id.clear();
    m_sent = nullptr;
    m_uncoded = false;
    m_sending = false;
    m_cursor = 0;
    m_error.reset();
    m_focus = true;
    if (m_ballot) m_ballot->ClearChoices();
}

bool DeskModel::TakeFocusRequest() {
    const bool f = m_focus;
    m_focus = false;
    return f;
}

//-----------------------------------------------------------------------------
// [SECTION] Typing a ballot
//-----------------------------------------------------------------------------

bool DeskModel::CodeEntered() {
    if (m_step != Step::Code || !Ready()) return false;
    m_code = Trim(m_code);
    if (m_code.empty()) {
        m_error = m_ballot->UncodedPaperAllowed()
                      ? FieldError{"required", "code", Msg("Saisissez le code imprimé sur le courrier de l’électeur, ou choisissez « Bulletin sans code ».")}
                      : FieldError{"required", "code", Msg("Saisissez le code imprimé sur le courrier de l’électeur : ce vote ne prend aucun bulletin papier sans code.")};
        return false;
    }
    m_uncoded = false;
    m_error.reset();
    m_notice.clear();
    m_step = Step::Choose;
    return true;
}

bool DeskModel::WithoutCode() {
    if (m_step != Step::Code || !Ready() || !m_ballot->UncodedPaperAllowed()) return false;
    m_code.clear();
    m_uncoded = true;
    m_error.reset();
    m_notice.clear();
    m_step = Step::Choose;
    return true;
}

std::vector<const BallotModel::Project*> DeskModel::Numbered() const {
    std::vector<const BallotModel::Project*> out;
    if (!m_ballot) return out;
    // The process's own order (Config keeps it; Projects() may be shuffled for residents).
    for (const auto& c : m_ballot->Config().projects)
        for (const auto& p : m_ballot->Projects())
            if (p.id == c.id) {
                out.push_back(&p);
                break;
            }
    return out;
}

bool DeskModel::Toggle(const std::string& project_id) {
    if (m_step != Step::Choose || !m_ballot) return false;
    m_error.reset();
    auto& ballot = *m_ballot;
    const bool done = ballot.Config().kind == "cumulative" ? ballot.AddPoints(project_id, 1) : ballot.Toggle(project_id);
    // Why it could not be ticked (over the budget, too many projects), as the ballot says it.
    if (!done && !ballot.Notice().empty())
        m_error = FieldError{"cannot_add", "projects", Msg::Verbatim(ballot.Notice())};
    return done;
}

bool DeskModel::ToggleNumber(size_t number) {
    const auto list = Numbered();
    if (number < 1 || number > list.size()) {
        m_error = FieldError{"unknown_number", "projects", Msg("Il n’y a pas de projet n° {} sur ce bulletin (1 à {}).", number, list.size())};
        return false;
    }
    m_cursor = number - 1;
    return Toggle(list[m_cursor]->id);
}

bool DeskModel::TypeDigit(int digit) {
    if (m_step != Step::Choose || digit < 0 || digit > 9) return false;
    const size_t count = Numbered().size();
    m_digits += static_cast<char>('0' + digit);
    const size_t n = std::stoul(m_digits);
    // A longer number could still start with these digits: wait for the next one (or Space).
    if (n > 0 && n * 10 <= count && m_digits.size() < 6) {
        m_error.reset();
        return true;
    }
    return FlushDigits();
}

bool DeskModel::FlushDigits() {
    if (m_digits.empty()) return false;
    const size_t n = std::stoul(m_digits);
    m_digits.clear();
    return ToggleNumber(n);
}

void DeskModel::MoveCursor(int delta) {
    const size_t count = Numbered().size();
    if (count == 0) return;
    m_digits.clear();
    const long to = std::clamp(static_cast<long>(m_cursor) + delta, 0L, static_cast<long>(count) - 1);
    m_cursor = static_cast<size_t>(to);
}

bool DeskModel::ToggleCursor() {
    if (!m_digits.empty()) return FlushDigits();
    const auto list = Numbered();
    if (m_cursor >= list.size()) return false;
    return Toggle(list[m_cursor]->id);
}

bool DeskModel::PointsAtCursor(int delta) {
    const auto list = Numbered();
    if (m_step != Step::Choose || !m_ballot || m_cursor >= list.size()) return false;
    m_error.reset();
    const bool done = m_ballot->AddPoints(list[m_cursor]->id, delta);
    if (!done && !m_ballot->Notice().empty())
        m_error = FieldError{"cannot_add", "points", Msg::Verbatim(m_ballot->Notice())};
    return done;
}

void DeskModel::RankAtCursor(int delta) {
    const auto list = Numbered();
    if (m_step != Step::Choose || !m_ballot || m_cursor >= list.size()) return;
    m_ballot->MoveRank(list[m_cursor]->id, delta);
}

bool DeskModel::Review() {
    if (m_step != Step::Choose || !m_ballot) return false;
    FlushDigits();
    // The shared rules the server runs on receiving it, before anything is sent.
    if (auto e = ValidateBallot(m_ballot->BallotJson(), m_ballot->Config())) {
        Refuse(*e);
        return false;
    }
    m_error.reset();
    m_step = Step::Confirm;
    return true;
}

void DeskModel::Back() {
    if (m_sending) return;
    m_error.reset();
    m_digits.clear();
    if (m_step == Step::Confirm) m_step = Step::Choose;
    else if (m_step == Step::Choose) {
        m_step = Step::Code;
        m_uncoded = false;
        m_focus = true;
    }
}

void DeskModel::StartOver() {
    if (m_sending) return;
    Reset();
}

//-----------------------------------------------------------------------------
// [SECTION] Sending it
//-----------------------------------------------------------------------------

bool DeskModel::Confirm() {
    if (m_step != Step::Confirm || m_sending || !m_ballot) return false;
    const nlohmann::json ballot = m_ballot->BallotJson();
    if (auto e = ValidateBallot(ballot, m_ballot->Config())) {
        Refuse(*e);
        m_step = Step::Choose;
        return false;
    }
    nlohmann::json sent{{"ballot", ballot}, {"code", m_uncoded ? "" : m_code}};
    // The same ballot sent again (a network failure) is the same request: never two ballots.
    if (m_request_id.empty() || m_sent != sent) {
        m_request_id = RandomHex(16);
        m_sent = sent;
    }
    nlohmann::json body{{"request_id", m_request_id}, {"ballot", ballot}};
    if (!m_uncoded) body["code"] = m_code;
    m_sending = true;
    m_error.reset();
    const std::string said = Summary();
    m_session.api.Post(m_session.ProcessPath(m_process) + "/paper-ballots", body, [this, said](const ApiResult& r) {
        m_sending = false;
        if (!r.Ok()) {
            Refuse(r.error ? *r.error
                           : FieldError{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")});
            return;
        }
        ++m_entered;
        // TRANSLATORS: {0} the ballot's number in this session, {1} what it holds ("Code … : 2 projets…").
        m_notice = Fill(Tr(m_session.lang, "Bulletin n° {0} enregistré — {1}"), std::to_string(m_entered), said);
        Reset();
    }, m_session.token);
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Words
//-----------------------------------------------------------------------------

void DeskModel::Refuse(const FieldError& e) {
    FieldError said = e;
    // The server's words speak to a voter; at the desk they speak to the agent, and say
    // where the form went back to.
    if (e.code == "unknown_code") {
        said.message = Msg("Code inconnu pour cette consultation : vérifiez la saisie sur le courrier. Rien n’a été enregistré.");
    } else if (e.code == "code_used") {
        said.message = Msg("Ce code a déjà servi (en ligne ou au guichet) : ce bulletin ne peut pas être enregistré. Mettez-le de côté.");
    } else if (e.code == "code_required") {
        said.message = Msg("Ce vote demande le code de l’électeur sur chaque bulletin papier.");
    } else if (e.code == "too_many_attempts") {
        said.message = Msg("Trop de codes erronés depuis ce poste : patientez un quart d’heure avant de reprendre la saisie.");
    } else if (e.field == "projects" || e.field.rfind("projects[", 0) == 0 || e.field.rfind("points", 0) == 0 ||
               e.code == "over_budget") {
        said.message = Msg("Bulletin non valable, à corriger avant de confirmer : {}", e.message);
    }
    m_error = said;
    if (e.field == "code" || e.code == "code_required") {
        m_step = Step::Code; // the choices stay: only the code needs fixing
        m_focus = true;
    } else if (m_step == Step::Confirm && e.code != "network" && e.code != "too_many_attempts") {
        m_step = Step::Choose;
    }
}

std::string DeskModel::Summary() const {
    if (!m_ballot) return "";
    const std::string& lang = m_session.lang;
    const auto& kind = m_ballot->Config().kind;
    const auto n = static_cast<std::int64_t>(m_ballot->Chosen().size());
    // What the ballot holds: "2 projets, 300 € sur 1 000 €", "5 points sur 10", "3 projets classés".
    std::string held;
    if (kind == "knapsack")
        // TRANSLATORS: {0} "2 projets", {1} what they cost, {2} the budget.
        held = Fill(Tr(lang, "{0}, {1} sur {2}"), CountOf(n, lang, "projet", "projets"), FormatEuros(m_ballot->Spent(), lang),
                    FormatEuros(m_ballot->Config().budget, lang));
    else if (kind == "cumulative")
        // TRANSLATORS: {0} "2 projets", {1} "5 points" given, {2} the points a voter has.
        held = Fill(Tr(lang, "{0}, {1} sur {2}"), CountOf(n, lang, "projet", "projets"),
                    CountOf(m_ballot->Config().max_points - m_ballot->PointsLeft(), lang, "point", "points"),
                    FormatCount(m_ballot->Config().max_points, lang));
    else if (kind == "ranked")
        held = Fill(TrN(lang, n, "{} projet classé", "{} projets classés"), FormatCount(n, lang));
    else
        held = CountOf(n, lang, "projet", "projets");
    return m_uncoded ? Fill(Tr(lang, "Sans code : {}"), held)
                     // TRANSLATORS: {0} the voter's code, {1} what the ballot holds.
                     : Fill(Tr(lang, "Code {0} : {1}"), m_code, held);
}

std::vector<std::string> DeskModel::ChoiceLines() const {
    std::vector<std::string> out;
    if (!m_ballot) return out;
    const std::string& lang = m_session.lang;
    const auto list = Numbered();
    const auto& kind = m_ballot->Config().kind;
    for (const auto& id : m_ballot->Chosen()) {
        for (size_t i = 0; i < list.size(); ++i) {
            if (list[i]->id != id) continue;
            // TRANSLATORS: {0} the project's number on the paper ballot, {1} its name, {2} its cost.
            std::string line = Fill(Tr(lang, "n° {0} {1} — {2}"), std::to_string(i + 1), list[i]->name, FormatEuros(list[i]->cost, lang));
            // TRANSLATORS: {0} the rank the voter gave, {1} the project's line.
            if (kind == "ranked") line = Fill(Tr(lang, "{0}ᵉ choix : {1}"), std::to_string(m_ballot->RankOf(id)), line);
            if (kind == "cumulative") line += ", " + CountOf(m_ballot->PointsOf(id), lang, "point", "points");
            out.push_back(line);
        }
    }
    return out;
}

std::string DeskModel::RulesText() const { return m_ballot ? m_ballot->RulesText() : ""; }
std::string DeskModel::ProgressText() const { return m_ballot ? m_ballot->ProgressText() : ""; }

std::string DeskModel::KeysText() const {
    const std::string& lang = m_session.lang;
    const bool cumulative = m_ballot && m_ballot->Config().kind == "cumulative";
    const bool ranked = m_ballot && m_ballot->Config().kind == "ranked";
    switch (m_step) {
    case Step::Pick: return Tr(lang, "Choisissez la consultation dont vous saisissez les bulletins.");
    case Step::Code: return Tr(lang, "Entrée : passer aux projets.");
    case Step::Choose:
        if (cumulative)
            return Tr(lang, "Chiffres ou ↑ ↓ : choisir le projet ; + ou → : un point de plus ; − ou ← : un de moins ; Entrée : vérifier ; Échap : corriger le code.");
        if (ranked)
            return Tr(lang, "Chiffres, ou ↑ ↓ puis Espace : classer ou retirer (dans l’ordre du bulletin) ; Maj + ↑ ↓ : changer le rang ; Entrée : vérifier ; Échap : corriger le code.");
        return Tr(lang, "Chiffres (n° du projet), ou ↑ ↓ puis Espace : cocher ou décocher ; Entrée : vérifier ; Échap : corriger le code.");
    case Step::Confirm: return Tr(lang, "Entrée : confirmer et enregistrer ; Échap : revenir corriger.");
    }
    return "";
}

//-----------------------------------------------------------------------------
// [SECTION] Commands, state and the accessible tree
//-----------------------------------------------------------------------------

bool DeskModel::Command(const std::string& id, const nlohmann::json& value) {
    std::string rest;
    if (CommandAfter(id, "process-", rest)) {
        for (const auto& p : m_processes)
            if (p.id == rest) return Open(rest), true;
        return false;
    }
    if (id == "code") {
        if (!value.is_string()) return false;
        m_code = value.get<std::string>();
        return true;
    }
    if (id == "code-entered") return CodeEntered();
    if (id == "without-code") return WithoutCode();
    if (CommandAfter(id, "toggle-", rest)) return Toggle(rest);
    if (CommandAfter(id, "plus-", rest) || CommandAfter(id, "minus-", rest)) {
        if (m_step != Step::Choose || !m_ballot) return false;
        return m_ballot->AddPoints(rest, id[0] == 'p' ? 1 : -1);
    }
    if (CommandAfter(id, "up-", rest) || CommandAfter(id, "down-", rest)) {
        if (m_step != Step::Choose || !m_ballot) return false;
        m_ballot->MoveRank(rest, id[0] == 'u' ? -1 : 1);
        return true;
    }
    if (id == "review") return Review();
    if (id == "back") return Back(), true;
    if (id == "confirm") return Confirm();
    if (id == "start-over") return StartOver(), true;
    if (id == "change-process") {
        m_ballot.reset();
        m_process.clear();
        Reset();
        LoadProcesses();
        return true;
    }
    return false;
}

nlohmann::json DeskModel::StateJson() const {
    static const char* kSteps[] = {"pick", "code", "choose", "confirm"};
    nlohmann::json processes = nlohmann::json::array();
    for (const auto& p : m_processes) processes.push_back({{"id", p.id}, {"title", p.title}, {"phase", p.phase}});
    nlohmann::json numbered = nlohmann::json::array();
    for (const auto* p : Numbered()) numbered.push_back(p->id);
    return {{"part", "desk"},
            {"step", kSteps[static_cast<int>(m_step)]},
            {"process", m_process},
            {"processes", processes},
            {"ready", Ready()},
            {"code", m_code},
            {"uncoded", m_uncoded},
            {"numbered", numbered},
            {"cursor", m_cursor},
            {"digits", m_digits},
            {"ballot", m_ballot ? m_ballot->BallotJson() : nlohmann::json()},
            {"summary", m_step == Step::Confirm ? Summary() : ""},
            {"entered", m_entered},
            {"sending", m_sending},
            {"notice", m_notice},
            {"error", m_error ? nlohmann::json{{"code", m_error->code}, {"field", m_error->field},
                                               {"message", m_error->Message(m_session.lang)}}
                              : nlohmann::json()}};
}

nlohmann::json DeskModel::AccessibilityTree() const {
    using nlohmann::json;
    namespace a = a11y;
    const std::string& lang = m_session.lang;
    json children = json::array();
    children.push_back(a::Heading(Tr(lang, "Guichet : bulletins papier")));
    children.push_back(a::Status("entered", Fill(Tr(lang, "Bulletins saisis pendant cette session : {}"), std::to_string(m_entered))));
    children.push_back(a::Status("notice", m_notice));
    children.push_back(a::Alert("alert", m_error ? m_error->Message(lang) : ""));
    if (m_step == Step::Pick || !m_ballot) {
        json items = json::array();
        for (const auto& p : m_processes) {
            const bool voting = p.phase == "voting";
            items.push_back(a::ListItem("", voting ? p.title : Fill(Tr(lang, "{} (vote non ouvert)"), p.title),
                                        json::array({a::Button("process-" + p.id, Fill(Tr(lang, "Saisir les bulletins de {}"), p.title), voting)})));
        }
        children.push_back(a::List(Tr(lang, "Consultations"), items));
        return a::Landmark(Tr(lang, "Guichet des bulletins"), children);
    }
    const auto& ballot = *m_ballot;
    children.push_back(a::Text(ballot.Title()));
    if (ballot.LoadState() != BallotModel::Load::Ready) {
        children.push_back(a::Status("loading", ballot.LoadError() ? ballot.LoadError()->Message(lang)
                                                                     : Tr(lang, "Chargement du vote…")));
        return a::Landmark(Tr(lang, "Guichet des bulletins"), children);
    }
    if (!ballot.VotingOpen()) {
        children.push_back(a::Text(ballot.ClosedText()));
        children.push_back(a::Button("change-process", Tr(lang, "Changer de consultation")));
        return a::Landmark(Tr(lang, "Guichet des bulletins"), children);
    }
    children.push_back(a::Text(RulesText()));
    if (m_step == Step::Code) {
        json code = a::Input("code", Tr(lang, "Code de l’électeur"), m_code, a::InputKind::Line, true);
        code["submit"] = "code-entered";
        code["focus"] = true;
        if (m_error && m_error->field == "code") code["error"] = m_error->Message(lang);
        children.push_back(code);
        children.push_back(a::Button("code-entered", Tr(lang, "Passer aux projets")));
        if (ballot.UncodedPaperAllowed())
            children.push_back(a::Button("without-code", Tr(lang, "Bulletin sans code")));
    } else if (m_step == Step::Choose) {
        children.push_back(a::Status("progress", ProgressText()));
        // Before the projects (a ballot lists hundreds): reviewing is one Tab away.
        children.push_back(a::Button("review", Tr(lang, "Vérifier le bulletin")));
        children.push_back(a::Button("back", Tr(lang, "Corriger le code")));
        const auto list = Numbered();
        const auto& kind = ballot.Config().kind;
        json items = json::array();
        for (size_t i = 0; i < list.size(); ++i) {
            const auto& p = *list[i];
            // TRANSLATORS: {0} the project's number on the paper ballot, {1} its name.
            const std::string name = Fill(Tr(lang, "n° {0} {1}"), std::to_string(i + 1), p.name);
            std::string text = name + ", " + FormatEuros(p.cost, lang);
            if (!p.district.empty()) text += ", " + p.district;
            json actions = json::array();
            if (kind == "cumulative") {
                text = Fill(Tr(lang, "{0}. Points : {1}"), text, std::to_string(ballot.PointsOf(p.id)));
                actions.push_back(a::Button("minus-" + p.id, Fill(Tr(lang, "Un point de moins à {}"), name), ballot.PointsOf(p.id) > 0));
                actions.push_back(a::Button("plus-" + p.id, Fill(Tr(lang, "Un point de plus à {}"), name), ballot.CanAdd(p.id)));
            } else {
                const bool chosen = ballot.IsChosen(p.id);
                if (chosen)
                    text = kind == "ranked" ? Fill(Tr(lang, "{0}. Rang {1}"), text, std::to_string(ballot.RankOf(p.id)))
                                            : Fill(Tr(lang, "{}. Coché"), text);
                actions.push_back(a::Button("toggle-" + p.id, Fill(chosen ? Tr(lang, "Décocher {}") : Tr(lang, "Cocher {}"), name),
                                            chosen || ballot.CanAdd(p.id)));
                if (kind == "ranked" && chosen) {
                    actions.push_back(a::Button("up-" + p.id, Fill(Tr(lang, "Monter {}"), name), ballot.RankOf(p.id) > 1));
                    actions.push_back(a::Button("down-" + p.id, Fill(Tr(lang, "Descendre {}"), name),
                                                ballot.RankOf(p.id) < static_cast<int>(ballot.Chosen().size())));
                }
            }
            items.push_back(a::ListItem("project-" + p.id, text + ".", actions));
        }
        children.push_back(a::List(Tr(lang, "Projets du bulletin"), items));
    } else {
        children.push_back(a::Heading(Summary(), 3, "summary"));
        json items = json::array();
        for (const auto& line : ChoiceLines()) items.push_back(a::ListItem("", line));
        children.push_back(a::List(Tr(lang, "Choix du bulletin"), items));
        children.push_back(a::Button("confirm", m_sending ? Tr(lang, "Enregistrement…")
                                                          : Tr(lang, "Confirmer et enregistrer"), !m_sending));
        children.push_back(a::Button("back", Tr(lang, "Revenir corriger"), !m_sending));
    }
    children.push_back(a::Button("start-over", Tr(lang, "Abandonner ce bulletin"), !m_sending));
    return a::Landmark(Tr(lang, "Guichet des bulletins"), children);
}

} // namespace quartier
