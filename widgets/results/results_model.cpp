// ResultsModel: three downloads, one recount, and the plain-words explanations.
#include "widgets/results/results_model.h"

#include "shared/text.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <algorithm>
#include <cmath>

namespace quartier {

namespace {
const char* kLoads[] = {"idle", "loading", "ready", "failed"};
const char* kRecounts[] = {"pending", "match", "mismatch", "failed"};
const char* kTabs[] = {"projects", "compare", "explain"};

bool Contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}
} // namespace

ResultsModel::ResultsModel(ApiClient& api, std::string lang, std::string tenant, std::string process)
    : m_api(api), m_lang(std::move(lang)), m_tenant(std::move(tenant)), m_process(std::move(process)) {}

void ResultsModel::Refresh() {
    m_load = Load::Loading;
    m_recount = Recount::Pending;
    m_error.reset();
    m_pending = 3;
    const std::string base = "/api/v1/tenants/" + m_tenant + "/processes/" + m_process;
    auto fail = [this](const ApiResult& r) {
        m_load = Load::Failed;
        m_error = r.error ? r.error
                          : FieldError{"bad_answer", "", "The results could not be read.",
                                       "Les résultats n’ont pas pu être lus."};
    };
    m_api.Get(base, [this, fail](const ApiResult& r) {
        if (!r.Ok() || !r.body.is_object()) return fail(r);
        m_title = r.body.value("title", "");
        m_rule = r.body.value("rule", nlohmann::json::object());
        --m_pending;
        MaybeAnalyse();
    });
    m_api.Get(base + "/results", [this, fail](const ApiResult& r) {
        if (!r.Ok() || !r.body.is_object() || !r.body.contains("winners")) return fail(r);
        m_server_winners.clear();
        for (const auto& w : r.body["winners"])
            if (w.is_string()) m_server_winners.push_back(w.get<std::string>());
        --m_pending;
        MaybeAnalyse();
    });
    m_api.Get(base + "/ballots.pb", [this, fail](const ApiResult& r) {
        if (!r.Ok()) return fail(r);
        m_pb_text = r.text;
        --m_pending;
        MaybeAnalyse();
    });
}

void ResultsModel::MaybeAnalyse() {
    if (m_pending == 0 && m_load == Load::Loading) Analyse(m_pb_text, m_rule, m_server_winners);
}

void ResultsModel::Analyse(const std::string& pb_text, const nlohmann::json& rule,
                           const std::vector<std::string>& server_winners) {
    m_server_winners = server_winners;
    const double start = NowSeconds();
    PbElection e;
    PbError perr;
    RuleSpec spec;
    if (!ReadPabulib(pb_text, e, perr)) {
        m_load = Load::Failed;
        m_recount = Recount::Failed;
        m_error = FieldError{"invalid_ballots", "", "The published ballots could not be read: " + perr.What(),
                             "Les bulletins publiés n’ont pas pu être lus : " + perr.What()};
        return;
    }
    if (auto err = RuleSpecFromJson(rule, spec)) {
        m_load = Load::Failed;
        m_recount = Recount::Failed;
        m_error = err;
        return;
    }
    if (auto err = ComputeResults(e, spec, m_results)) {
        m_load = Load::Failed;
        m_recount = Recount::Failed;
        m_error = err;
        return;
    }
    m_recount_seconds = NowSeconds() - start;
    m_recount = m_results.winners == m_server_winners ? Recount::Match : Recount::Mismatch;
    m_load = Load::Ready;
    EmitEvent("results-recounted", nlohmann::json{{"process", m_process}, {"match", m_recount == Recount::Match},
                                                  {"winners", m_results.winners}}.dump());
    if (m_selected.empty() && !m_results.rows.empty()) m_selected = m_results.rows.front().id;
}

const ResultRow* ResultsModel::Row(const std::string& id) const {
    for (const auto& r : m_results.rows)
        if (r.id == id) return &r;
    return nullptr;
}

std::vector<std::string> ResultsModel::OnlyGreedy() const {
    std::vector<std::string> out;
    for (const auto& id : m_results.greedy_winners)
        if (!Contains(m_results.mes_winners, id)) out.push_back(id);
    return out;
}

std::vector<std::string> ResultsModel::OnlyEqualShares() const {
    std::vector<std::string> out;
    for (const auto& id : m_results.mes_winners)
        if (!Contains(m_results.greedy_winners, id)) out.push_back(id);
    return out;
}

std::string ResultsModel::Money(double amount) const {
    return FormatEuros(static_cast<std::int64_t>(std::llround(amount)), m_lang);
}

std::vector<std::string> ResultsModel::Explain(const std::string& id) const {
    const bool fr = IsFrench(m_lang);
    const auto& x = m_results.explanation;
    std::vector<std::string> lines;
    const ResultRow* row = Row(id);
    if (!row) return lines;
    lines.push_back(fr ? "Avec la méthode des parts égales, chacun des " + std::to_string(x.voters) +
                             " votants reçoit la même part du budget : " + Money(x.budget_per_voter) + "."
                       : "Under the Method of Equal Shares, each of the " + std::to_string(x.voters) +
                             " voters gets the same share of the budget: " + Money(x.budget_per_voter) + ".");
    for (const auto& r : x.rounds) {
        if (r.project != id) continue;
        lines.push_back(fr ? "« " + row->name + " » est financé au tour " + std::to_string(r.round) + " : ses " +
                                 std::to_string(r.supporters) + " soutiens ont réuni son coût de " + Money(r.cost) +
                                 ", chacun payant au plus " + Money(r.max_payment) + "."
                           : "“" + row->name + "” is funded in round " + std::to_string(r.round) + ": its " +
                                 std::to_string(r.supporters) + " supporters paid its cost of " + Money(r.cost) +
                                 ", none paying more than " + Money(r.max_payment) + ".");
        lines.push_back(fr ? std::to_string(r.paying_full_share) + " soutiens ont payé leur part entière, " +
                                 std::to_string(r.paying_all_left) + " ont donné tout ce qui leur restait. Après ce tour, il reste " +
                                 Money(r.budget_left) + " à répartir."
                           : std::to_string(r.paying_full_share) + " supporters paid their full share, " +
                                 std::to_string(r.paying_all_left) + " gave all they had left. After this round, " +
                                 Money(r.budget_left) + " remain to share.");
        return lines;
    }
    if (Contains(x.completed_by_greedy, id)) {
        lines.push_back(fr ? "« " + row->name + " » n’a pas été choisi par les parts égales, mais l’argent restant "
                                 "l’a financé ensuite, par ordre de votes."
                           : "“" + row->name + "” was not chosen by equal shares, but the money left over funded it "
                                 "afterwards, in order of votes.");
        return lines;
    }
    for (const auto& u : x.unfunded) {
        if (u.project != id) continue;
        if (u.reason == UnfundedReason::NoSupporters)
            lines.push_back(fr ? "« " + row->name + " » n’est pas financé : personne ne l’a choisi."
                               : "“" + row->name + "” is not funded: nobody chose it.");
        else
            lines.push_back(fr ? "« " + row->name + " » n’est pas financé : au tour " + std::to_string(u.ruled_out_in_round) +
                                     ", ses " + std::to_string(u.supporters) + " soutiens ne disposaient plus que de " +
                                     Money(u.supporters_money) + ", moins que son coût de " + Money(u.cost) +
                                     ". Leur part avait servi à financer d’autres projets qu’ils soutenaient."
                               : "“" + row->name + "” is not funded: in round " + std::to_string(u.ruled_out_in_round) +
                                     ", its " + std::to_string(u.supporters) + " supporters had only " +
                                     Money(u.supporters_money) + " left, less than its cost of " + Money(u.cost) +
                                     ". Their share had gone to other projects they supported.");
        return lines;
    }
    return lines;
}

nlohmann::json ResultsModel::StateJson() const {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : m_results.rows)
        rows.push_back({{"id", r.id},
                        {"name", r.name},
                        {"cost", r.cost.ToString()},
                        {"votes", r.votes},
                        {"funded", r.rule_order > 0},
                        {"order", r.rule_order},
                        {"funded_greedy", r.funded_greedy},
                        {"funded_mes", r.funded_mes}});
    return {{"widget", "results"},
            {"lang", m_lang},
            {"load", kLoads[static_cast<int>(m_load)]},
            {"recount", kRecounts[static_cast<int>(m_recount)]},
            {"recount_seconds", m_recount_seconds},
            {"tab", kTabs[static_cast<int>(m_tab)]},
            {"title", m_title},
            {"rule", RuleSpecToJson(m_results.rule)},
            {"winners", m_results.winners},
            {"server_winners", m_server_winners},
            {"budget", m_results.budget.ToString()},
            {"spent", m_results.spent.ToString()},
            {"voters", m_results.voters},
            {"only_greedy", OnlyGreedy()},
            {"only_equal_shares", OnlyEqualShares()},
            {"selected", m_selected},
            {"explanation", Explain(m_selected)},
            {"rows", std::move(rows)},
            {"error", m_error ? nlohmann::json{{"code", m_error->code}, {"message", m_error->Message(m_lang)}}
                              : nlohmann::json()}};
}

} // namespace quartier
