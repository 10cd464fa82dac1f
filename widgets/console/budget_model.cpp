// BudgetModel: a process's life for the staff — list and create, timeline and phases,
// settings, review (keyboard cursor, merge) and promotion, voter roll and printing, turnout,
// closing, then the funded projects' follow-up.
//
// Index of this file:
// [SECTION] Processes
// [SECTION] Timeline and phases
// [SECTION] Settings
// [SECTION] Review
// [SECTION] Voter roll and turnout
// [SECTION] Follow-up of funded projects
// [SECTION] Words, commands, state and the accessible tree
#include "widgets/console/budget_model.h"

#include "shared/ballot/ballot.h"
#include "shared/geo/geo.h"
#include "shared/json_read.h"
#include "shared/lifecycle.h"
#include "shared/pabulib/pabulib.h"
#include "shared/tally/explain_text.h"
#include "shared/tally/results.h"
#include "shared/text.h"
#include "widgets/app/accessible.h"
#include "widgets/app/a11y_tree.h"
#include "widgets/app/i18n.h"
#include "widgets/app/open_url.h"
#include "widgets/app/platform.h"

#include <algorithm>
#include <cstdlib>

namespace quartier {

namespace {

constexpr double kTurnoutEvery = 30.0; // seconds between turnout refreshes while voting

std::string Text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t Int(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return 0;
    if (it->is_number_integer()) return it->get<std::int64_t>();
    if (it->is_string()) return std::atoll(it->get<std::string>().c_str());
    return 0;
}

} // namespace

BudgetModel::BudgetModel(ConsoleSession& session) : m_session(session) {}

void BudgetModel::Said(const std::string& text) {
    m_notice = text;
    m_error.reset();
}

void BudgetModel::Fail(const ApiResult& r) {
    m_notice.clear();
    FieldError e = r.error ? *r.error
                           : FieldError{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")};
    // The server's refusals of a phase change name phases by their ids: said here in the
    // staff's words, with what to do.
    if (e.code == "invalid_phase_change") {
        e.message = Msg("Une fois le vote ouvert, une consultation ne revient pas en arrière.");
    } else if (e.code == "would_skip_voting") {
        e.message = Msg("Impossible de sauter le vote : ouvrez d’abord le vote, puis clôturez-le. {}", e.message);
    } else if (e.code == "voting_still_open") {
        e.message = Msg("Le vote est encore ouvert : clôturez-le d’abord, puis publiez les résultats.");
    } else if (e.code == "calendar_disagrees") {
        e.message = Msg("Les dates de la consultation disent autre chose : corrigez-les dans la frise (onglet Calendrier), enregistrez-les, puis recommencez. ({})", e.message);
    } else if (e.code == "settings_locked") {
        e.message = Msg("Le vote est ouvert : le budget, le bulletin et la règle ne changent plus.");
    }
    m_error = e;
}

//-----------------------------------------------------------------------------
// [SECTION] Processes
//-----------------------------------------------------------------------------

void BudgetModel::Load() {
    m_session.api.Get(m_session.TenantPath() + "/districts", [this](const ApiResult& r) {
        std::vector<Region> regions;
        if (!r.Ok() || ParseRegions(r.body, regions)) return; // a commune without districts
        m_districts.clear();
        for (const auto& region : regions) m_districts.emplace_back(region.code, region.name);
    });
    ++m_busy;
    m_session.api.Get(m_session.TenantPath() + "/processes", [this](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        m_processes.clear();
        for (const auto& j : JsonOr(r.body, "items", nlohmann::json::array())) {
            if (!j.is_object()) continue;
            Summary s{Text(j, "id"), Text(j, "title"), Text(j, "phase"), "", Text(j, "budget"), Int(j, "projects_count")};
            const auto cal = JsonOr(j, "calendar_text", nlohmann::json::object());
            s.calendar = cal.is_object() ? InLanguage(cal, m_session.lang) : "";
            m_processes.push_back(std::move(s));
        }
    }, m_session.token);
}

void BudgetModel::Create() {
    const std::string id = Trim(new_id), title = Trim(new_title), budget = Trim(new_budget);
    if (id.empty() || title.empty() || budget.empty()) {
        m_error = FieldError{"required", id.empty() ? "id" : title.empty() ? "title" : "budget", Msg("Donnez au nouveau budget un identifiant (ex. bp2027), un titre et un montant en euros.")};
        return;
    }
    // A knapsack ballot within the whole budget and majority counting to start with: the
    // settings tab changes them until voting opens.
    const nlohmann::json body{{"id", id}, {"title", title}, {"budget", budget},
                              {"ballot", {{"kind", "knapsack"}}}, {"rule", {{"name", "greedy"}, {"sat", "cost"}}},
                              {"projects", nlohmann::json::array()}};
    ++m_busy;
    m_session.api.Post(m_session.TenantPath() + "/processes", body, [this, id, title](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        new_id.clear();
        new_title.clear();
        new_budget.clear();
        Said(Fill(Tr(m_session.lang, "Budget « {} » créé : il commence au dépôt des propositions."), title));
        Load();
        m_selected = id;
        TookProcess(r.body);
    }, m_session.token);
}

void BudgetModel::Select(const std::string& process_id) {
    m_selected = process_id;
    m_process = nullptr;
    m_pending_phase.reset();
    m_census.reset();
    m_turnout = Turnout{};
    m_error.reset();
    m_notice.clear();
    ++m_busy;
    m_session.api.Get(Path(), [this, process_id](const ApiResult& r) {
        --m_busy;
        if (process_id != m_selected) return;
        if (!r.Ok()) return Fail(r);
        TookProcess(r.body);
    }, m_session.token);
}

void BudgetModel::TookProcess(const nlohmann::json& p) {
    if (!p.is_object()) return;
    m_process = p;
    m_dates = JsonOr(p, "dates", nlohmann::json::object());
    if (!m_dates.is_object()) m_dates = nlohmann::json::object();
    Settings s;
    s.budget = Text(p, "budget");
    const auto ballot = JsonOr(p, "ballot", nlohmann::json::object());
    s.kind = JsonOr(ballot, "kind", "knapsack");
    s.min_projects = static_cast<int>(Int(ballot, "min_projects"));
    s.max_projects = static_cast<int>(Int(ballot, "max_projects"));
    s.max_points = Int(ballot, "max_points");
    s.rule = JsonOr(JsonOr(p, "rule", nlohmann::json::object()), "name", "greedy");
    const auto districts = JsonOr(p, "districts_budgets", nlohmann::json::object());
    for (const auto& [d, amount] : districts.items())
        s.district_budgets.emplace_back(d, amount.is_string() ? amount.get<std::string>() : amount.dump());
    // The districts to give a budget: every quartier of a commune, or, when the file holds
    // many more (a department's communes), those with projects on the ballot (references,
    // not structured bindings: clang, the web build's compiler, cannot capture those).
    std::vector<std::string> wanted;
    for (const auto& project : JsonOr(p, "projects", nlohmann::json::array()))
        if (const std::string d = Text(project, "district"); !d.empty() && std::find(wanted.begin(), wanted.end(), d) == wanted.end())
            wanted.push_back(d);
    if (m_districts.size() <= kAllDistrictsUpTo)
        for (const auto& district : m_districts) wanted.push_back(district.first);
    for (const auto& code : wanted)
        if (std::none_of(s.district_budgets.begin(), s.district_budgets.end(), [&code](const auto& d) { return d.first == code; }))
            s.district_budgets.emplace_back(code, "");
    s.uncoded_paper = JsonOr(p, "uncoded_paper_ballots", false);
    const auto easy = JsonOr(p, "easy_read", nlohmann::json::object());
    s.easy_own = easy.is_object() ? JsonOr(easy, "own", nlohmann::json::object()) : nlohmann::json::object();
    if (!s.easy_own.is_object()) s.easy_own = nlohmann::json::object();
    // The commune's own texts are kept by language: the staff edit their language's.
    const std::string L = m_session.lang.substr(0, m_session.lang.find_first_of("-_"));
    auto own = [&](const char* which) {
        const auto texts = JsonOr(s.easy_own, which, nlohmann::json::object());
        return texts.is_object() ? Text(texts, L.c_str()) : std::string();
    };
    s.easy_vote = own("vote");
    s.easy_count = own("count");
    m_settings = std::move(s);
    for (auto& summary : m_processes)
        if (summary.id == m_selected) summary.phase = Text(p, "phase");
    if (Text(p, "phase") == "voting" || Text(p, "phase") == "closed") RefreshTurnout();
}

void BudgetModel::SetTab(Tab t) {
    m_tab = t;
    m_error.reset();
    m_notice.clear();
    if (t == Tab::Review) LoadProposals();
    if (t == Tab::Turnout || t == Tab::Roll) RefreshTurnout();
    if (t == Tab::FollowUp) LoadFunded();
}

//-----------------------------------------------------------------------------
// [SECTION] Timeline and phases
//-----------------------------------------------------------------------------

std::optional<Phase> BudgetModel::CurrentPhase() const {
    Phase p;
    if (!m_process.is_object() || !ParsePhase(Text(m_process, "phase"), p)) return std::nullopt;
    return p;
}

std::vector<BudgetModel::PhaseRow> BudgetModel::Timeline() const {
    std::vector<PhaseRow> rows;
    const auto current = CurrentPhase();
    for (int i = 0; i < kPhaseCount; ++i) {
        PhaseRow row{static_cast<Phase>(i), "", ""};
        const auto w = JsonOr(m_dates, ToString(row.phase), nlohmann::json::object());
        if (w.is_object()) {
            row.start = Text(w, "start");
            row.end = Text(w, "end");
        }
        row.current = current && *current == row.phase;
        row.done = current && static_cast<int>(*current) > i;
        rows.push_back(row);
    }
    return rows;
}

std::string BudgetModel::CalendarText() const {
    const auto cal = JsonOr(m_process, "calendar_text", nlohmann::json::object());
    return cal.is_object() ? InLanguage(cal, m_session.lang) : "";
}

std::string BudgetModel::TimeZone() const { return Text(m_process, "time_zone"); }

void BudgetModel::SetDate(Phase phase, bool end, std::string text) {
    text = Trim(text);
    auto& w = m_dates[ToString(phase)];
    if (!w.is_object()) w = nlohmann::json::object();
    if (text.empty()) w.erase(end ? "end" : "start");
    else w[end ? "end" : "start"] = text;
    if (w.empty()) m_dates.erase(ToString(phase));
}

void BudgetModel::SaveDates() {
    // Checked with the shared calendar rules first: the field named, nothing sent.
    Calendar checked;
    if (auto e = CalendarFromJson(m_dates, checked)) {
        m_error = e;
        m_notice.clear();
        return;
    }
    ++m_busy;
    m_session.api.Patch(Path(), {{"dates", m_dates}}, [this](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        TookProcess(r.body);
        Said(Tr(m_session.lang, "Dates enregistrées."));
    }, m_session.token);
}

bool BudgetModel::AskNextPhase() {
    const auto current = CurrentPhase();
    if (!current || *current == Phase::FollowUp) return false;
    m_pending_phase = static_cast<Phase>(static_cast<int>(*current) + 1);
    m_error.reset();
    m_notice.clear();
    return true;
}

std::string BudgetModel::PendingPhaseText() const {
    if (!m_pending_phase) return "";
    switch (*m_pending_phase) {
    case Phase::Review:
        return Tr(m_session.lang, "Clore le dépôt des propositions et passer à l’étude de faisabilité : les habitants ne pourront plus proposer.");
    case Phase::Voting:
        return Tr(m_session.lang, "Ouvrir le vote : les codes de vote et les bulletins papier sont acceptés, et le budget, le bulletin et la règle ne pourront plus changer.");
    case Phase::Closed:
        return Tr(m_session.lang, "Clore le vote : plus aucun bulletin, en ligne ou papier, ne sera accepté. On ne peut pas le rouvrir.");
    case Phase::Published:
        return Tr(m_session.lang, "Publier les résultats : chacun pourra les lire et les recompter.");
    case Phase::FollowUp:
        return Tr(m_session.lang, "Passer au suivi des projets financés.");
    case Phase::Submission: break;
    }
    return "";
}

void BudgetModel::ConfirmPhase() {
    if (!m_pending_phase) return;
    const Phase next = *m_pending_phase;
    m_pending_phase.reset();
    ++m_busy;
    m_session.api.Post(Path() + "/phase", {{"phase", ToString(next)}}, [this, next](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        TookProcess(r.body);
        Said(Fill(Tr(m_session.lang, "La consultation est passée à l’étape « {} »."), PhaseLabel(next, m_session.lang)));
    }, m_session.token);
}

void BudgetModel::CancelPhase() { m_pending_phase.reset(); }

//-----------------------------------------------------------------------------
// [SECTION] Settings
//-----------------------------------------------------------------------------

void BudgetModel::SaveSettings() {
    const auto& s = m_settings;
    nlohmann::json ballot{{"kind", s.kind}};
    if (s.kind == "approval" || s.kind == "ranked") {
        ballot["min_projects"] = s.min_projects;
        ballot["max_projects"] = s.max_projects;
    }
    if (s.kind == "cumulative") ballot["max_points"] = s.max_points;
    nlohmann::json districts = nlohmann::json::object();
    for (const auto& [d, amount] : s.district_budgets)
        if (!Trim(d).empty() && !Trim(amount).empty()) districts[Trim(d)] = Trim(amount);
    // The commune's own easy-to-read texts: this language's as typed (empty: made from the
    // rules again), the other languages' as they were.
    nlohmann::json easy = s.easy_own.is_object() ? s.easy_own : nlohmann::json::object();
    const std::string L = m_session.lang.substr(0, m_session.lang.find_first_of("-_"));
    for (const auto& [which, text] : {std::pair<const char*, std::string>{"vote", s.easy_vote}, {"count", s.easy_count}}) {
        if (!easy[which].is_object()) easy[which] = nlohmann::json::object();
        easy[which][L] = Trim(text);
    }
    const nlohmann::json body{{"budget", Trim(s.budget)}, {"ballot", ballot},
                              {"rule", {{"name", s.rule}, {"sat", "cost"}}}, {"districts_budgets", districts},
                              {"uncoded_paper_ballots", s.uncoded_paper}, {"easy_read", easy}};
    // The ballot's rules checked by the shared code the server runs, before sending.
    BallotConfig config;
    config.kind = s.kind;
    if (s.kind == "approval" || s.kind == "ranked") {
        config.min_projects = s.min_projects;
        config.max_projects = s.max_projects;
    }
    if (s.kind == "cumulative") config.max_points = s.max_points;
    if (!Decimal::Parse(Trim(s.budget), config.budget)) {
        m_error = FieldError{"invalid_amount", "budget", Msg("Le budget est un montant en euros (ex. 250000).")};
        return;
    }
    if (auto e = ValidateBallotConfig(config)) {
        m_error = e;
        return;
    }
    ++m_busy;
    m_session.api.Patch(Path(), body, [this](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        TookProcess(r.body);
        Said(Tr(m_session.lang, "Réglages enregistrés."));
    }, m_session.token);
}

std::string BudgetModel::EasyReadShown(const std::string& which) const {
    const auto easy = JsonOr(m_process, "easy_read", nlohmann::json::object());
    const auto texts = easy.is_object() ? JsonOr(easy, which.c_str(), nlohmann::json::object()) : nlohmann::json();
    if (!texts.is_object()) return "";
    return InLanguage(texts, m_session.lang);
}

void BudgetModel::StartEasyRead(const std::string& which) {
    std::string& field = which == "count" ? m_settings.easy_count : m_settings.easy_vote;
    (which == "count" ? m_settings.easy_count_open : m_settings.easy_vote_open) = true;
    if (Trim(field).empty()) field = EasyReadShown(which);
}

void BudgetModel::PickSampleBallots() {
    PickFile(".pb,text/plain", [this](const PickedFile& f) {
        if (!f.cancelled) PreviewRules(f.name, f.bytes);
    });
}

void BudgetModel::PreviewRules(const std::string& name, const std::string& pb_text) {
    m_rule_preview.reset();
    m_notice.clear();
    PbElection e;
    PbError err;
    if (!ReadPabulib(pb_text, e, err)) {
        m_error = FieldError{"invalid_pb", "file", Msg("Ce n’est pas un fichier de bulletins Pabulib (.pb) lisible : {}.", err.What())};
        return;
    }
    m_error.reset();
    m_rule_preview.reset();
    m_trying_preview = RulePreview{};
    m_trying_preview.file = name;
    m_trying_preview.voters = static_cast<std::int64_t>(e.voters.size());
    m_trying_preview.projects = e.projects.size();
    m_trying_preview.budget = FormatEuros(e.budget, m_session.lang);
    m_trying = std::make_shared<PbElection>(std::move(e));
    m_work = Work{"rules", 0, 3};
    RequestFrames();
}

bool BudgetModel::AdvanceWork() {
    if (m_work.what != "rules" || !m_trying) return false;
    static const char* kRules[] = {"greedy", "mes", "phragmen"};
    const char* rule = kRules[m_work.done];
    RuleSpec spec;
    ElectionResults r;
    std::optional<FieldError> problem = RuleSpecFromJson({{"name", rule}, {"sat", "cost"}}, spec);
    if (!problem) problem = ComputeResults(*m_trying, spec, r);
    if (problem) {
        m_error = problem;
        m_trying.reset();
        m_work = Work{};
        return false;
    }
    RulePreview::Outcome o{rule, {}, FormatEuros(r.spent, m_session.lang)};
    for (const auto& id : r.winners) {
        std::string label = id;
        for (const auto& row : r.rows)
            if (row.id == id && !row.name.empty()) label = row.name;
        o.funded.push_back(label);
    }
    m_trying_preview.outcomes.push_back(std::move(o));
    if (++m_work.done < m_work.total) {
        RequestFrames();
        return true;
    }
    m_rule_preview = std::move(m_trying_preview);
    m_trying.reset();
    m_work = Work{};
    RequestFrames();
    return false;
}

std::string BudgetModel::RulePreviewText(const std::string& rule) const {
    if (!m_rule_preview) return "";
    const std::string& lang = m_session.lang;
    static const char* kNames[] = {N_("Vote majoritaire"), N_("Parts égales"), N_("Phragmén séquentiel")};
    static const char* kRules[] = {"greedy", "mes", "phragmen"};
    for (const auto& o : m_rule_preview->outcomes) {
        if (o.rule != rule) continue;
        std::string label = rule;
        for (int i = 0; i < 3; ++i)
            if (rule == kRules[i]) label = Tr(lang, kNames[i]);
        std::string names;
        for (size_t i = 0; i < o.funded.size(); ++i) names += (i ? ", " : "") + o.funded[i];
        const auto n = static_cast<std::int64_t>(o.funded.size());
        // TRANSLATORS: {0} the rule, {1} "3 projets", {2} their cost, {3} their names.
        return Fill(Tr(lang, "{0} financerait {1} pour {2} : {3}."), label, CountOf(n, lang, "projet", "projets"), o.spent, names);
    }
    return "";
}

//-----------------------------------------------------------------------------
// [SECTION] Review
//-----------------------------------------------------------------------------

void BudgetModel::LoadProposals() {
    ++m_busy;
    m_session.api.Get(m_session.TenantPath() + "/proposals", [this](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        const auto& items = r.body.is_object() ? JsonOr(r.body, "items", nlohmann::json::array()) : r.body;
        m_proposals.clear();
        for (const auto& j : items) {
            if (!j.is_object()) continue;
            Proposal p;
            p.id = Int(j, "id");
            p.title = Text(j, "title");
            p.stage = Text(j, "stage");
            const auto d = JsonOr(j, "district", nlohmann::json());
            p.district = d.is_string() ? d.get<std::string>() : d.is_object() ? JsonOr(d, "name", "") : "";
            p.cost = Int(j, "estimated_cost");
            if (const auto rv = JsonOr(j, "review", nlohmann::json()); rv.is_object()) {
                if (rv["feasible"].is_boolean()) p.feasible = rv["feasible"].get<bool>();
                p.reason = Text(rv, "reason");
                if (rv["estimated_cost"].is_number_integer()) p.cost = rv["estimated_cost"].get<std::int64_t>();
                p.process = Text(rv, "process");
            }
            m_proposals.push_back(std::move(p));
        }
        if (m_review_cursor >= m_proposals.size()) m_review_cursor = m_proposals.empty() ? 0 : m_proposals.size() - 1;
    }, m_session.token);
}

void BudgetModel::Review(std::int64_t proposal, bool feasible, std::int64_t cost, const std::string& reason) {
    nlohmann::json body{{"feasible", feasible}, {"process", m_selected}};
    if (feasible) body["estimated_cost"] = cost;
    else body["reason"] = reason;
    ++m_busy;
    m_session.api.Post(m_session.TenantPath() + "/proposals/" + std::to_string(proposal) + "/review", body,
                       [this, feasible](const ApiResult& r) {
                           --m_busy;
                           if (!r.Ok()) return Fail(r);
                           Said(feasible ? Tr(m_session.lang, "Proposition jugée faisable.")
                                         : Tr(m_session.lang, "Proposition jugée non faisable ; la raison est publique."));
                           LoadProposals();
                       }, m_session.token);
}

std::int64_t BudgetModel::FeasibleWaiting() const {
    std::int64_t n = 0;
    for (const auto& p : m_proposals) n += p.feasible == true && p.process == m_selected && p.stage != "on_ballot";
    return n;
}

void BudgetModel::Promote() {
    ++m_busy;
    m_session.api.Post(Path() + "/promote", nlohmann::json::object(), [this](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        const auto n = JsonOr(r.body, "promoted", nlohmann::json::array()).size();
        TookProcess(JsonOr(r.body, "process", nlohmann::json()));
        Said(Fill(TrN(m_session.lang, static_cast<std::int64_t>(n), "{} proposition faisable est devenue un projet du bulletin.",
                      "{} propositions faisables sont devenues des projets du bulletin."),
                  FormatCount(static_cast<std::int64_t>(n), m_session.lang)));
        LoadProposals();
    }, m_session.token);
}

void BudgetModel::MoveReview(int delta) {
    if (m_proposals.empty()) return;
    const long to = std::clamp(static_cast<long>(m_review_cursor) + delta, 0L, static_cast<long>(m_proposals.size()) - 1);
    m_review_cursor = static_cast<size_t>(to);
}

bool BudgetModel::FeasibleAtCursor() {
    if (m_review_cursor >= m_proposals.size()) return false;
    const auto& p = m_proposals[m_review_cursor];
    Review(p.id, true, p.cost, "");
    // On to the next one: the queue is worked through in a row.
    if (m_review_cursor + 1 < m_proposals.size()) ++m_review_cursor;
    return true;
}

void BudgetModel::Merge(std::int64_t proposal, std::int64_t into) {
    ++m_busy;
    m_session.api.Post(m_session.TenantPath() + "/moderation/proposals/" + std::to_string(proposal) + "/merge", {{"into", into}},
                       [this, proposal, into](const ApiResult& r) {
                           --m_busy;
                           if (!r.Ok()) return Fail(r);
                           Said(Fill(Tr(m_session.lang, "Proposition n° {0} fusionnée dans la n° {1}."), std::to_string(proposal),
                                     std::to_string(into)));
                           LoadProposals();
                       }, m_session.token);
}

//-----------------------------------------------------------------------------
// [SECTION] Voter roll and turnout
//-----------------------------------------------------------------------------

void BudgetModel::PickCensus() {
    PickFile(".csv,text/csv,text/plain", [this](const PickedFile& f) {
        if (f.cancelled) return;
        m_census_name = f.name;
        m_census_bytes = f.bytes;
        m_census = ReadCensusPreview(f.bytes);
        if (!m_census->readable)
            m_error = FieldError{"invalid_csv", "file", Msg("Ce fichier n’est pas un CSV lisible : un guillemet n’est pas refermé.")};
        else if (m_census->voters == 0)
            m_error = FieldError{"empty_census", "file", Msg("Ce fichier ne contient aucun électeur : une ligne d’en-tête, puis un électeur par ligne.")};
        else
            m_error.reset();
    });
}

void BudgetModel::ForgetCensus() {
    m_census.reset();
    m_census_bytes.clear();
    m_census_name.clear();
}

std::vector<std::string> CsvRecords(const std::string& text) {
    std::vector<std::string> out;
    std::string record;
    bool quoted = false;
    auto flush = [&] {
        if (!record.empty() && record.back() == '\r') record.pop_back();
        if (record.find_first_not_of(" \t") != std::string::npos) out.push_back(record);
        record.clear();
    };
    for (char c : text) {
        if (c == '"') quoted = !quoted; // "" inside quotes toggles twice: still quoted
        if (c == '\n' && !quoted) {
            flush();
            continue;
        }
        record += c;
    }
    flush();
    return out;
}

std::string MergeLetterPages(const std::string& so_far, const std::string& part) {
    if (so_far.empty()) return part;
    const size_t from = part.find("<section class=\"letter\"");
    const size_t to = part.rfind("</body>");
    const size_t end = so_far.rfind("</body>");
    if (from == std::string::npos || to == std::string::npos || to < from || end == std::string::npos) return so_far;
    return so_far.substr(0, end) + part.substr(from, to - from) + so_far.substr(end);
}

void BudgetModel::SendCensus() {
    if (!m_census || !m_census->readable || m_census->voters == 0 || !m_work.what.empty()) return;
    auto records = CsvRecords(m_census_bytes);
    if (records.size() < 2) return;
    m_sending_header = records.front();
    m_sending_rows.assign(records.begin() + 1, records.end());
    m_letters.clear();
    m_work = Work{"census", 0, m_sending_rows.size()};
    m_error.reset();
    m_notice.clear();
    SendCensusPart(0);
}

void BudgetModel::SendCensusPart(std::size_t from) {
    const std::size_t part = std::max<std::size_t>(1, census_part);
    const std::size_t to = std::min(m_sending_rows.size(), from + part);
    std::string body = m_sending_header + "\n";
    for (std::size_t i = from; i < to; ++i) body += m_sending_rows[i] + "\n";
    ++m_busy;
    const std::string lang = SpokenLanguage(m_session.lang); // the letters' language
    m_session.api.Upload("POST", Path() + "/census?format=letters&lang=" + lang, body, "text/csv",
                         [this, to](const ApiResult& r) {
                             --m_busy;
                             if (!r.Ok()) {
                                 // What was sent keeps its codes (their letters are lost with
                                 // this page: sending the file again skips those voters).
                                 const std::size_t sent = m_work.done;
                                 m_work = Work{};
                                 Fail(r);
                                 if (sent > 0 && m_error) {
                                     const std::string n = std::to_string(sent);
                                     m_error->message = Msg("{} ({} électeurs avaient déjà reçu un code : renvoyer le fichier ne leur en redonne pas.)", m_error->message, n);
                                 }
                                 return;
                             }
                             m_letters = MergeLetterPages(m_letters, r.text);
                             m_work.done = to;
                             if (to < m_sending_rows.size()) return SendCensusPart(to);
                             const auto voters = m_work.total;
                             m_work = Work{};
                             SaveFile("lettres-" + m_selected + ".html", "text/html", m_letters, true);
                             m_letters.clear();
                             m_sending_rows.clear();
                             ForgetCensus();
                             Said(Fill(Tr(m_session.lang, "Recensement envoyé : les courriers ({} au plus) s’ouvrent dans un "
                                                          "nouvel onglet pour l’impression."),
                                       FormatCount(static_cast<std::int64_t>(voters), m_session.lang)));
                             RefreshTurnout();
                         }, m_session.token);
}

std::string BudgetModel::WorkText() const {
    if (m_work.what.empty()) return "";
    const std::string& lang = m_session.lang;
    const auto done = static_cast<std::int64_t>(m_work.done), total = static_cast<std::int64_t>(m_work.total);
    if (m_work.what == "rules")
        // TRANSLATORS: {0} the file, {1} "120 votants", {2} rules counted so far, {3} of how many.
        return Fill(TrN(lang, done, "Essai des règles sur {0} ({1}) : {2} règle sur {3} comptée…",
                        "Essai des règles sur {0} ({1}) : {2} règles sur {3} comptées…"),
                    m_trying_preview.file, CountOf(m_trying_preview.voters, lang, "votant", "votants"), std::to_string(done),
                    std::to_string(total));
    // TRANSLATORS: {0} voters given their code so far, {1} of how many.
    return Fill(TrN(lang, done, "Envoi du recensement : {0} électeur sur {1} a son code…",
                    "Envoi du recensement : {0} électeurs sur {1} ont leur code…"),
                FormatCount(done, lang), FormatCount(total, lang));
}

void BudgetModel::PreviewBallot() {
    if (!m_selected.empty()) OpenUrl(PreviewPath());
}

std::string BudgetModel::PreviewPath() const { return "/console/" + m_session.tenant + "/apercu/" + m_selected; }

void BudgetModel::GenerateCards(int count) {
    if (count < 1 || count > 10000) {
        m_error = FieldError{"out_of_range", "count", Msg("Générez entre 1 et 10 000 codes à la fois.")};
        return;
    }
    ++m_busy;
    const std::string lang = SpokenLanguage(m_session.lang); // the cards' language
    m_session.api.Post(Path() + "/voter-codes?format=cards&lang=" + lang, {{"count", count}}, [this, count](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        SaveFile("cartes-" + m_selected + ".html", "text/html", r.text, true);
        Said(Fill(TrN(m_session.lang, count, "{} carte de vote s’ouvre dans un nouvel onglet pour l’impression.",
                      "{} cartes de vote s’ouvrent dans un nouvel onglet pour l’impression."),
                  FormatCount(count, m_session.lang)));
        RefreshTurnout();
    }, m_session.token);
}

void BudgetModel::RefreshTurnout() {
    if (m_selected.empty()) return;
    m_last_turnout = m_now;
    m_session.api.Get(Path() + "/voter-codes", [this](const ApiResult& r) {
        if (!r.Ok()) return; // turnout is a view: a failure leaves the last figures
        m_turnout = Turnout{Int(r.body, "issued"), Int(r.body, "used"), Int(r.body, "ballots"), Int(r.body, "paper"), true};
    }, m_session.token);
}

void BudgetModel::Tick(double now) {
    m_now = now;
    if (CurrentPhase() == Phase::Voting && now - m_last_turnout >= kTurnoutEvery) RefreshTurnout();
}

std::vector<std::string> BudgetModel::ClosingChecklist() const {
    const std::string& lang = m_session.lang;
    const auto& t = m_turnout;
    std::vector<std::string> out;
    const std::int64_t left = t.issued - t.used;
    // TRANSLATORS: {0} codes not used, {1} codes given out.
    out.push_back(Fill(TrN(lang, left, "{0} code non utilisé sur {1} distribués.", "{0} codes non utilisés sur {1} distribués."),
                       FormatCount(left, lang), FormatCount(t.issued, lang)));
    out.push_back(Fill(TrN(lang, t.paper, "{} bulletin papier saisi aux guichets (vérifiez-le contre les urnes).",
                           "{} bulletins papier saisis aux guichets (vérifiez-les contre les urnes)."),
                       FormatCount(t.paper, lang)));
    out.push_back(Fill(TrN(lang, t.ballots, "{} bulletin dans l’urne en tout, en ligne et papier.",
                           "{} bulletins dans l’urne en tout, en ligne et papier."),
                       FormatCount(t.ballots, lang)));
    out.push_back(Tr(lang, "Après la publication, le widget des résultats recompte chaque bulletin dans le navigateur : "
                           "son recomptage doit donner les mêmes projets."));
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Follow-up of funded projects
//-----------------------------------------------------------------------------

namespace {

void ReadFollowUp(const nlohmann::json& project, BudgetModel::Funded& f, const std::string& lang) {
    const auto fu = JsonOr(project, "follow_up", nlohmann::json());
    if (!fu.is_object()) return;
    f.status = JsonOr(fu, "status", "planned");
    f.percent = static_cast<int>(JsonOr(fu, "percent", std::int64_t{0}));
    f.edit_status = f.status;
    f.edit_percent = std::to_string(f.percent);
    f.updates.clear();
    for (const auto& u : JsonOr(fu, "updates", nlohmann::json::array())) {
        std::string line = JsonOr(u, "date", "") + " — " + JsonOr(u, "text", "");
        Decimal spent;
        if (u.contains("spent") && u["spent"].is_string() && Decimal::Parse(u["spent"].get<std::string>(), spent))
            line += " (" + FormatEuros(spent, lang) + ")";
        f.updates.push_back(line);
    }
}

} // namespace

void BudgetModel::LoadFunded() {
    if (m_selected.empty()) return;
    ++m_busy;
    m_session.api.Get(Path() + "/results", [this](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        m_funded.clear();
        const auto winners = JsonOr(r.body, "winners", nlohmann::json::array());
        const auto projects = JsonOr(m_process, "projects", nlohmann::json::array());
        for (const auto& w : winners) {
            if (!w.is_string()) continue;
            Funded f;
            f.id = w.get<std::string>();
            for (const auto& p : projects)
                if (Text(p, "id") == f.id) {
                    f.name = Text(p, "name");
                    ReadFollowUp(p, f, m_session.lang);
                }
            m_funded.push_back(std::move(f));
        }
    }, m_session.token);
}

BudgetModel::Funded* BudgetModel::FindFunded(const std::string& project) {
    for (auto& f : m_funded)
        if (f.id == project) return &f;
    return nullptr;
}

void BudgetModel::SaveProgress(const std::string& project) {
    Funded* f = FindFunded(project);
    if (!f) return;
    const nlohmann::json body{{"status", f->edit_status}, {"percent", std::atoi(f->edit_percent.c_str())}};
    ++m_busy;
    m_session.api.Patch(Path() + "/projects/" + project + "/follow-up", body, [this, project](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        if (Funded* f = FindFunded(project)) ReadFollowUp(r.body, *f, m_session.lang);
        Said(Tr(m_session.lang, "Avancement enregistré : les habitants le lisent sur la carte et la page du projet."));
    }, m_session.token);
}

void BudgetModel::AddUpdate(const std::string& project) {
    Funded* f = FindFunded(project);
    if (!f) return;
    nlohmann::json body{{"date", Trim(f->update_date)}, {"text", Trim(f->update_text)}};
    if (!Trim(f->update_spent).empty()) body["spent"] = Trim(f->update_spent);
    ++m_busy;
    m_session.api.Post(Path() + "/projects/" + project + "/updates", body, [this, project](const ApiResult& r) {
        --m_busy;
        if (!r.Ok()) return Fail(r);
        if (Funded* f = FindFunded(project)) {
            ReadFollowUp(r.body, *f, m_session.lang);
            f->update_date.clear();
            f->update_text.clear();
            f->update_spent.clear();
        }
        Said(Tr(m_session.lang, "Actualité publiée."));
    }, m_session.token);
}

//-----------------------------------------------------------------------------
// [SECTION] Words, commands, state and the accessible tree
//-----------------------------------------------------------------------------

std::string PhaseLabel(Phase p, const std::string& lang) {
    switch (p) {
    case Phase::Submission: return Tr(lang, "Dépôt des propositions");
    case Phase::Review: return Tr(lang, "Étude de faisabilité");
    case Phase::Voting: return TrC(lang, "phase", "Vote");
    case Phase::Closed: return Tr(lang, "Vote clos");
    case Phase::Published: return Tr(lang, "Résultats publiés");
    case Phase::FollowUp: return Tr(lang, "Suivi des projets");
    }
    return "";
}

bool BudgetModel::Command(const std::string& id, const nlohmann::json& value) {
    using a11y::ValueText;
    std::string rest;
    if (CommandAfter(id, "process-", rest)) return Select(rest), true;
    if (id == "new-id") return new_id = ValueText(value), true;
    if (id == "new-title") return new_title = ValueText(value), true;
    if (id == "new-budget") return new_budget = ValueText(value), true;
    if (id == "create") return Create(), true;
    if (id == "tab-timeline") return SetTab(Tab::Timeline), true;
    if (id == "tab-settings") return SetTab(Tab::Settings), true;
    if (id == "tab-review") return SetTab(Tab::Review), true;
    if (id == "tab-roll") return SetTab(Tab::Roll), true;
    if (id == "tab-turnout") return SetTab(Tab::Turnout), true;
    // start-voting, end-voting, ...: a phase's date.
    for (int i = 0; i < kPhaseCount; ++i) {
        const std::string name = ToString(static_cast<Phase>(i));
        if (id == "start-" + name || id == "end-" + name)
            return SetDate(static_cast<Phase>(i), id[0] == 'e', ValueText(value)), true;
    }
    if (id == "save-dates") return SaveDates(), true;
    if (id == "next-phase") return AskNextPhase();
    if (id == "confirm-phase") return ConfirmPhase(), true;
    if (id == "cancel-phase") return CancelPhase(), true;
    if (id == "budget") return m_settings.budget = ValueText(value), true;
    if (id == "kind") return m_settings.kind = ValueText(value), true;
    if (id == "rule") return m_settings.rule = ValueText(value), true;
    if (id == "min-projects") return m_settings.min_projects = std::atoi(ValueText(value).c_str()), true;
    if (id == "max-projects") return m_settings.max_projects = std::atoi(ValueText(value).c_str()), true;
    if (id == "max-points") return m_settings.max_points = std::atoll(ValueText(value).c_str()), true;
    if (CommandAfter(id, "district-budget-", rest)) {
        for (auto& [d, amount] : m_settings.district_budgets)
            if (d == rest) return amount = ValueText(value), true;
        m_settings.district_budgets.emplace_back(rest, ValueText(value));
        return true;
    }
    if (id == "uncoded-paper") return m_settings.uncoded_paper = !m_settings.uncoded_paper, true;
    if (id == "easy-vote") return m_settings.easy_vote = ValueText(value), true;
    if (id == "easy-count") return m_settings.easy_count = ValueText(value), true;
    if (id == "easy-start-vote") return StartEasyRead("vote"), true;
    if (id == "easy-start-count") return StartEasyRead("count"), true;
    if (id == "save-settings") return SaveSettings(), true;
    if (CommandAfter(id, "feasible-", rest) || CommandAfter(id, "not-feasible-", rest)) {
        const std::int64_t pid = std::atoll(rest.c_str());
        for (const auto& p : m_proposals)
            if (p.id == pid) {
                const bool yes = id[0] == 'f';
                const std::string reason = value.is_string() ? value.get<std::string>() : "";
                std::int64_t cost = p.cost;
                if (yes && value.is_number_integer()) cost = value.get<std::int64_t>();
                Review(pid, yes, cost, reason);
                return true;
            }
        return false;
    }
    if (id == "promote") return Promote(), true;
    if (CommandAfter(id, "merge-", rest)) {
        const std::int64_t into = value.is_number_integer() ? value.get<std::int64_t>() : std::atoll(ValueText(value).c_str());
        if (into <= 0) return false;
        Merge(std::atoll(rest.c_str()), into);
        return true;
    }
    if (id == "pick-census") return PickCensus(), true;
    if (id == "send-census") return SendCensus(), true;
    if (id == "forget-census") return ForgetCensus(), true;
    if (id == "cards") return GenerateCards(value.is_number_integer() ? value.get<int>() : std::atoi(ValueText(value).c_str())), true;
    if (id == "refresh-turnout") return RefreshTurnout(), true;
    if (id == "preview-ballot") return PreviewBallot(), true;
    if (id == "sample-ballots") return PickSampleBallots(), true;
    if (id == "tab-follow-up") return SetTab(Tab::FollowUp), true;
    // Follow-up fields and actions: <field>-<project id>.
    for (const char* field : {"status-", "percent-", "update-date-", "update-text-", "update-spent-", "save-progress-", "add-update-"}) {
        if (!CommandAfter(id, field, rest)) continue;
        Funded* f = FindFunded(rest);
        if (!f) return false;
        const std::string v = ValueText(value), which(field);
        if (which == "status-") f->edit_status = v;
        else if (which == "percent-") f->edit_percent = v;
        else if (which == "update-date-") f->update_date = v;
        else if (which == "update-text-") f->update_text = v;
        else if (which == "update-spent-") f->update_spent = v;
        else if (which == "save-progress-") SaveProgress(rest);
        else AddUpdate(rest);
        return true;
    }
    return false;
}

nlohmann::json BudgetModel::StateJson() const {
    static const char* kTabs[] = {"timeline", "settings", "review", "roll", "turnout", "follow_up"};
    nlohmann::json processes = nlohmann::json::array();
    for (const auto& p : m_processes) processes.push_back({{"id", p.id}, {"title", p.title}, {"phase", p.phase}});
    nlohmann::json timeline = nlohmann::json::array();
    for (const auto& r : Timeline())
        timeline.push_back({{"phase", ToString(r.phase)}, {"start", r.start}, {"end", r.end}, {"current", r.current}, {"done", r.done}});
    nlohmann::json proposals = nlohmann::json::array();
    for (const auto& p : m_proposals)
        proposals.push_back({{"id", p.id}, {"title", p.title}, {"stage", p.stage},
                             {"feasible", p.feasible ? nlohmann::json(*p.feasible) : nlohmann::json()}});
    return {{"part", "budget"},
            {"processes", processes},
            {"selected", m_selected},
            {"tab", kTabs[static_cast<int>(m_tab)]},
            {"phase", Text(m_process, "phase")},
            {"timeline", timeline},
            {"pending_phase", m_pending_phase ? nlohmann::json(ToString(*m_pending_phase)) : nlohmann::json()},
            {"proposals", proposals},
            {"census", m_census ? nlohmann::json{{"voters", m_census->voters}, {"problems", m_census->problems.size()},
                                                 {"readable", m_census->readable}}
                                : nlohmann::json()},
            {"funded", [&] {
                 nlohmann::json out = nlohmann::json::array();
                 for (const auto& f : m_funded)
                     out.push_back({{"id", f.id}, {"status", f.status}, {"percent", f.percent}, {"updates", f.updates.size()}});
                 return out;
             }()},
            {"turnout", {{"issued", m_turnout.issued}, {"used", m_turnout.used}, {"ballots", m_turnout.ballots}, {"paper", m_turnout.paper}}},
            {"busy", Busy()},
            {"work", m_work.what.empty() ? nlohmann::json()
                                         : nlohmann::json{{"what", m_work.what}, {"done", m_work.done}, {"total", m_work.total}}},
            {"preview", m_selected.empty() ? "" : PreviewPath()},
            {"rules_tried", [&] {
                 nlohmann::json out = nlohmann::json::object();
                 if (m_rule_preview)
                     for (const auto& o : m_rule_preview->outcomes) out[o.rule] = o.funded;
                 return out;
             }()},
            {"districts_listed", [&] {
                 nlohmann::json out = nlohmann::json::array();
                 for (const auto& d : m_settings.district_budgets) out.push_back(d.first);
                 return out;
             }()},
            {"notice", m_notice},
            {"error", m_error ? nlohmann::json{{"code", m_error->code}, {"field", m_error->field},
                                               {"message", m_error->Message(m_session.lang)}}
                              : nlohmann::json()}};
}

nlohmann::json BudgetModel::AccessibilityTree() const {
    using nlohmann::json;
    namespace a = a11y;
    const std::string& lang = m_session.lang;
    json children = json::array();
    children.push_back(a::Heading(Tr(lang, "Budgets participatifs")));
    children.push_back(a::Status("notice", m_notice));
    if (!m_work.what.empty()) {
        json bar = a::Status("work", WorkText());
        bar["progress"] = {{"value", m_work.done}, {"max", m_work.total}};
        children.push_back(bar);
    }
    children.push_back(a::Alert("alert", m_error ? m_error->Message(lang) : ""));
    json items = json::array();
    for (const auto& p : m_processes)
        items.push_back(a::ListItem("", p.title + " — " + [&] {
            Phase ph;
            return ParsePhase(p.phase, ph) ? PhaseLabel(ph, lang) : p.phase;
        }() + (p.calendar.empty() ? "" : ". " + p.calendar),
                                    json::array({a::Button("process-" + p.id, Fill(Tr(lang, "Ouvrir {}"), p.title))})));
    children.push_back(a::List(Tr(lang, "Budgets de la commune"), items));
    children.push_back(a::Input("new-id", Tr(lang, "Identifiant du nouveau budget (ex. bp2027)"), new_id));
    children.push_back(a::Input("new-title", Tr(lang, "Titre"), new_title));
    children.push_back(a::Input("new-budget", Tr(lang, "Montant en euros"), new_budget, a::InputKind::Numeric));
    children.push_back(a::Button("create", Tr(lang, "Créer le budget")));
    if (!m_process.is_object()) return a::Landmark(Tr(lang, "Budgets"), children);

    json part = json::array();
    part.push_back(a::Heading(Text(m_process, "title"), 3));
    static const char* kTabIds[] = {"tab-timeline", "tab-settings", "tab-review", "tab-roll", "tab-turnout", "tab-follow-up"};
    static const char* kTabNames[] = {NC_("console tab", "Calendrier"), NC_("console tab", "Réglages"),
                                      NC_("console tab", "Étude des propositions"), NC_("console tab", "Liste électorale"),
                                      NC_("console tab", "Participation et clôture"), NC_("console tab", "Suivi des projets")};
    for (int i = 0; i < 6; ++i) {
        json b = a::Button(kTabIds[i], TrC(lang, "console tab", kTabNames[i]));
        b["pressed"] = static_cast<int>(m_tab) == i;
        part.push_back(b);
    }
    // Moving on: asked once, from the timeline and from the closing checklist.
    auto next_step = [&](json& into) {
        if (m_pending_phase) {
            into.push_back(a::Alert("pending-phase", PendingPhaseText()));
            into.push_back(a::Button("confirm-phase", Tr(lang, "Oui, passer à l’étape suivante")));
            into.push_back(a::Button("cancel-phase", Tr(lang, "Non, rester")));
        } else if (CurrentPhase() && *CurrentPhase() != Phase::FollowUp) {
            const Phase next = static_cast<Phase>(static_cast<int>(*CurrentPhase()) + 1);
            into.push_back(a::Button("next-phase", Fill(Tr(lang, "Passer à l’étape suivante : {}"), PhaseLabel(next, lang))));
        }
    };
    auto preview_link = [&](json& into) {
        into.push_back(json{{"role", "link"}, {"href", PreviewPath()},
                            {"text", Tr(lang, "Voir le bulletin comme les habitants le verront (aperçu, nouvel onglet)")}});
    };
    if (m_tab == Tab::Timeline) {
        if (!CalendarText().empty()) part.push_back(a::Text(CalendarText()));
        part.push_back(a::Text(Fill(Tr(lang, "Heures de la commune ({})."), TimeZone())));
        json phases = json::array();
        for (const auto& r : Timeline()) {
            const std::string name = ToString(r.phase);
            std::string text = PhaseLabel(r.phase, lang);
            if (r.current) text = Fill(Tr(lang, "{} (étape actuelle)"), text);
            else if (r.done) text = Fill(Tr(lang, "{} (terminée)"), text);
            phases.push_back(a::ListItem("phase-" + name, text,
                                         json::array({a::Input("start-" + name, Fill(Tr(lang, "Début : {}"), PhaseLabel(r.phase, lang)), r.start),
                                                      a::Input("end-" + name, Fill(Tr(lang, "Fin : {}"), PhaseLabel(r.phase, lang)), r.end)})));
        }
        part.push_back(a::List(Tr(lang, "Étapes"), phases));
        part.push_back(a::Button("save-dates", Tr(lang, "Enregistrer les dates")));
        next_step(part);
    } else if (m_tab == Tab::Settings) {
        part.push_back(a::Input("budget", Tr(lang, "Budget total en euros"), m_settings.budget, a::InputKind::Numeric));
        part.push_back(a::Select("kind", Tr(lang, "Bulletin"),
                                 {{"knapsack", Tr(lang, "Dans la limite du budget")},
                                  {"approval", Tr(lang, "Un nombre de projets")},
                                  {"cumulative", Tr(lang, "Points à répartir")},
                                  {"ranked", Tr(lang, "Classement")}},
                                 m_settings.kind));
        part.push_back(a::Select("rule", Tr(lang, "Règle de dépouillement"),
                                 {{"greedy", Tr(lang, "Vote majoritaire")},
                                  {"mes", Tr(lang, "Parts égales")},
                                  {"phragmen", Tr(lang, "Phragmén séquentiel")}},
                                 m_settings.rule));
        part.push_back(a::Text(RuleInPlainWords(m_settings.rule, lang)));
        part.push_back(a::Button("sample-ballots", Tr(lang, "Essayer les règles sur un fichier de bulletins (.pb, par exemple ceux de l’an dernier)")));
        if (m_rule_preview) {
            json tried = json::array();
            for (const auto& o : m_rule_preview->outcomes) tried.push_back(a::ListItem("", RulePreviewText(o.rule)));
            // TRANSLATORS: {0} the file, {1} "120 votants", {2} its budget.
            part.push_back(a::List(Fill(Tr(lang, "Sur {0} ({1}, budget {2})"), m_rule_preview->file,
                                        CountOf(m_rule_preview->voters, lang, "votant", "votants"), m_rule_preview->budget),
                                   tried));
        }
        for (const auto& [d, amount] : m_settings.district_budgets) {
            std::string name = d;
            for (const auto& [code, n] : m_districts)
                if (code == d) name = n;
            part.push_back(a::Input("district-budget-" + d, Fill(Tr(lang, "Budget du quartier {}"), name), amount, a::InputKind::Numeric));
        }
        part.push_back(a::Button("uncoded-paper", std::string(m_settings.uncoded_paper ? Tr(lang, "Oui : ") : Tr(lang, "Non : ")) +
                                                      Tr(lang, "accepter des bulletins papier sans code")));
        for (const char* which : {"vote", "count"}) {
            const bool vote = std::string(which) == "vote";
            const std::string& own = vote ? m_settings.easy_vote : m_settings.easy_count;
            part.push_back(a::Input(vote ? "easy-vote" : "easy-count",
                                    vote ? Tr(lang, "Facile à lire : comment voter (une phrase par ligne ; vide : le texte fait à partir des réglages)")
                                         : Tr(lang, "Facile à lire : comment on compte les votes (une phrase par ligne ; vide : le texte fait à partir des réglages)"),
                                    own, a::InputKind::Multiline));
            if (Trim(own).empty()) {
                part.push_back(a::Text(Tr(lang, "Texte montré aux habitants : ") + EasyReadShown(which)));
                part.push_back(a::Button(vote ? "easy-start-vote" : "easy-start-count",
                                         vote ? Tr(lang, "Modifier le texte « comment voter »")
                                              : Tr(lang, "Modifier le texte « comment on compte »")));
            }
        }
        part.push_back(a::Button("save-settings", Tr(lang, "Enregistrer les réglages")));
        preview_link(part);
    } else if (m_tab == Tab::Review) {
        json queue = json::array();
        for (const auto& p : m_proposals) {
            std::string text = p.title + (p.district.empty() ? "" : ", " + p.district) + ", " + FormatEuros(p.cost, lang);
            if (p.feasible)
                text = *p.feasible ? Fill(Tr(lang, "{}. Faisable"), text) : Fill(Tr(lang, "{0}. Non faisable : {1}"), text, p.reason);
            queue.push_back(a::ListItem("proposal-" + std::to_string(p.id), text + ".",
                                        json::array({a::Button("feasible-" + std::to_string(p.id), Fill(Tr(lang, "Faisable : {}"), p.title)),
                                                     a::Button("not-feasible-" + std::to_string(p.id), Fill(Tr(lang, "Non faisable : {}"), p.title)),
                                                     a::Input("merge-" + std::to_string(p.id), Fill(Tr(lang, "Doublon de la proposition n° (fusionner) : {}"), p.title),
                                                              "", a::InputKind::Numeric)})));
        }
        part.push_back(a::List(Tr(lang, "Propositions à étudier"), queue));
        part.push_back(a::Button("promote", Tr(lang, "Mettre les propositions faisables sur le bulletin")));
        preview_link(part);
    } else if (m_tab == Tab::Roll) {
        part.push_back(a::Button("pick-census", Tr(lang, "Choisir le fichier du recensement (CSV)")));
        if (m_census) {
            part.push_back(a::Text(Fill(Tr(lang, "Électeurs dans le fichier : {}"), FormatCount(m_census->voters, lang))));
            json problems = json::array();
            for (const auto& p : m_census->problems) problems.push_back(a::ListItem("", CensusProblemText(p, lang)));
            part.push_back(a::List(Tr(lang, "Problèmes trouvés"), problems));
            part.push_back(a::Button("send-census", Tr(lang, "Envoyer et imprimer les courriers"),
                                     m_census->readable && m_census->voters > 0));
        }
        part.push_back(a::Button("cards", Tr(lang, "Imprimer des cartes de vote")));
    } else if (m_tab == Tab::FollowUp) {
        json list = json::array();
        std::vector<a::Option> statuses;
        for (const char* st : {"planned", "studies", "works", "done", "abandoned"}) {
            ProgressStatus ps;
            ParseProgressStatus(st, ps);
            statuses.push_back({st, ProgressLabel(ps, lang)});
        }
        for (const auto& f : m_funded) {
            json items = json::array();
            items.push_back(a::Select("status-" + f.id, Fill(Tr(lang, "Étape de {}"), f.name), statuses, f.edit_status));
            items.push_back(a::Input("percent-" + f.id, Fill(Tr(lang, "Pourcentage réalisé de {}"), f.name), f.edit_percent, a::InputKind::Numeric));
            items.push_back(a::Button("save-progress-" + f.id, Fill(Tr(lang, "Enregistrer l’avancement de {}"), f.name)));
            items.push_back(a::Input("update-date-" + f.id, Tr(m_session.lang, "Date de l’actualité (AAAA-MM-JJ)"), f.update_date));
            items.push_back(a::Input("update-text-" + f.id, Tr(m_session.lang, "Texte de l’actualité"), f.update_text, a::InputKind::Multiline));
            items.push_back(a::Input("update-spent-" + f.id, Tr(m_session.lang, "Dépensé à ce jour en euros (facultatif)"), f.update_spent, a::InputKind::Numeric));
            items.push_back(a::Button("add-update-" + f.id, Fill(Tr(lang, "Publier l’actualité de {}"), f.name)));
            for (const auto& u : f.updates) items.push_back(a::Text(u));
            list.push_back(a::ListItem("funded-" + f.id, f.name + " — " + std::to_string(f.percent) + " %", items));
        }
        part.push_back(a::List(Tr(lang, "Projets financés"), list));
    } else {
        part.push_back(a::Status("turnout", Fill(Tr(lang, "Bulletins : {0}, dont papier : {1}"), FormatCount(m_turnout.ballots, lang),
                                                FormatCount(m_turnout.paper, lang))));
        json list = json::array();
        for (const auto& line : ClosingChecklist()) list.push_back(a::ListItem("", line));
        part.push_back(a::List(Tr(lang, "Avant de clore"), list));
        if (CurrentPhase() == Phase::Voting || CurrentPhase() == Phase::Closed) next_step(part);
    }
    children.push_back(a::Landmark(Text(m_process, "title"), part));
    return a::Landmark(Tr(lang, "Budgets"), children);
}

} // namespace quartier
