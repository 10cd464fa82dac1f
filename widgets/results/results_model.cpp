// ResultsModel: four downloads, one recount, the plain-words explanations, the district map's
// classes and the accessibility tree.
//
// Index: [SECTION] District map and turnout over time  [SECTION] Sentences and the accessibility mirror
#include "widgets/results/results_model.h"
#include "shared/json_read.h"
#include "shared/tally/explain_text.h"

#include "shared/text.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <algorithm>
#include <map>
#include <cmath>
#include <cstdio>
#include <iterator>

namespace quartier {

namespace {
const char* kLoads[] = {"idle", "loading", "ready", "failed"};
const char* kRecounts[] = {"pending", "match", "mismatch", "failed"};
const char* kTabs[] = {"projects", "compare", "explain", "map", "turnout"};
const char* kMeasures[] = {"turnout", "spent"};
const char* kCharts[] = {"none", "bars", "map", "turnout"};
const char* kMonths[] = {NC_("short month", "janv."), NC_("short month", "févr."), NC_("short month", "mars"),
                         NC_("short month", "avr."),  NC_("short month", "mai"),   NC_("short month", "juin"),
                         NC_("short month", "juil."), NC_("short month", "août"),  NC_("short month", "sept."),
                         NC_("short month", "oct."),  NC_("short month", "nov."),  NC_("short month", "déc.")};

double Amount(const nlohmann::json& j) {
    if (j.is_number()) return j.get<double>();
    if (!j.is_string()) return 0;
    Decimal d;
    return Decimal::Parse(j.get<std::string>(), d) ? d.ToDouble() : 0;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}
} // namespace

ResultsModel::ResultsModel(ApiClient& api, std::string lang, std::string tenant, std::string process)
    : m_api(api), m_lang(std::move(lang)), m_tenant(std::move(tenant)), m_process(std::move(process)) {}

void ResultsModel::Refresh() {
    m_load = Load::Loading;
    m_recount = Recount::Pending;
    m_announced = false;
    m_error.reset();
    m_pending = 4;
    m_process_json = nlohmann::json();
    m_results_json = nlohmann::json();
    const std::string base = "/api/v1/tenants/" + m_tenant + "/processes/" + m_process;
    auto fail = [this](const ApiResult& r) {
        m_load = Load::Failed;
        m_error = r.error ? r.error
                          : FieldError{"bad_answer", "", Msg("Les résultats n’ont pas pu être lus.")};
    };
    m_api.Get(base, [this, fail](const ApiResult& r) {
        if (!r.Ok() || !r.body.is_object()) return fail(r);
        m_title = JsonOr(r.body, "title", "");
        m_rule = JsonOr(r.body, "rule", nlohmann::json::object());
        m_districts_budgets = JsonOr(r.body, "districts_budgets", nlohmann::json::object());
        m_process_json = r.body;
        --m_pending;
        MaybeShowAnnounced();
        MaybeAnalyse();
    });
    m_api.Get(base + "/results", [this, fail](const ApiResult& r) {
        if (!r.Ok() || !r.body.is_object() || !r.body.contains("winners")) return fail(r);
        m_server_winners.clear();
        for (const auto& w : r.body["winners"])
            if (w.is_string()) m_server_winners.push_back(w.get<std::string>());
        SetServerResults(r.body);
        m_results_json = r.body;
        --m_pending;
        MaybeShowAnnounced();
        MaybeAnalyse();
    });
    m_api.Get("/api/v1/tenants/" + m_tenant + "/districts", [this](const ApiResult& r) {
        // Without outlines the results still show; the district table says what the map would.
        if (r.Ok()) SetDistrictOutlines(r.body);
        --m_pending;
        MaybeAnalyse();
    });
    m_api.Get(base + "/ballots.pb", [this, fail](const ApiResult& r) {
        if (!r.Ok()) {
            // The announced results stay; only the recount could not be made.
            if (m_announced) {
                m_recount = Recount::Failed;
                m_error = r.error ? r.error
                                  : FieldError{"bad_answer", "", Msg("Les bulletins publiés n’ont pas pu être téléchargés.")};
                return;
            }
            return fail(r);
        }
        m_pb_text = r.text;
        --m_pending;
        MaybeAnalyse();
    });
}

// The results as the server announced them (its process and results answers), shown at once;
// the recount of the published ballots, which takes a second or more on a city's box, then
// checks them and replaces them. Answers without the projects or the votes (an older server)
// wait for the recount as before.
void ResultsModel::MaybeShowAnnounced() {
    if (m_load != Load::Loading || !m_process_json.is_object() || !m_results_json.is_object()) return;
    const auto& projects = JsonOr(m_process_json, "projects", nlohmann::json::array());
    const auto& votes = JsonOr(m_results_json, "votes", nlohmann::json::object());
    if (!projects.is_array() || projects.empty() || !votes.is_object()) return;
    ElectionResults r;
    if (RuleSpecFromJson(m_rule, r.rule)) r.rule = RuleSpec{};
    const auto list = [](const nlohmann::json& j) {
        std::vector<std::string> out;
        if (j.is_array())
            for (const auto& s : j)
                if (s.is_string()) out.push_back(s.get<std::string>());
        return out;
    };
    r.winners = m_server_winners;
    const auto& comparison = JsonOr(m_results_json, "comparison", nlohmann::json::object());
    if (comparison.is_object()) {
        const auto& g = JsonOr(comparison, "greedy", nlohmann::json::object());
        const auto& q = JsonOr(comparison, "mes", nlohmann::json::object());
        if (g.is_object()) r.greedy_winners = list(JsonOr(g, "winners", nlohmann::json::array()));
        if (q.is_object()) r.mes_winners = list(JsonOr(q, "winners", nlohmann::json::array()));
    }
    Decimal::Parse(JsonOr(m_process_json, "budget", "0"), r.budget);
    Decimal::Parse(JsonOr(m_results_json, "total_cost", "0"), r.spent);
    const auto& turnout = JsonOr(m_results_json, "turnout", nlohmann::json::object());
    if (turnout.is_object()) r.voters = JsonOr(turnout, "ballots", std::int64_t{0});
    for (const auto& p : projects) {
        if (!p.is_object() || !p.contains("id") || !p["id"].is_string()) continue;
        ResultRow row;
        row.id = p["id"].get<std::string>();
        row.name = JsonOr(p, "name", row.id);
        row.category = JsonOr(p, "category", "");
        row.district = JsonOr(p, "district", "");
        Decimal::Parse(JsonOr(p, "cost", "0"), row.cost);
        row.votes = JsonOr(votes, row.id.c_str(), std::int64_t{0});
        if (const auto it = std::find(r.winners.begin(), r.winners.end(), row.id); it != r.winners.end())
            row.rule_order = static_cast<int>(it - r.winners.begin()) + 1;
        row.funded_greedy = Contains(r.greedy_winners, row.id);
        row.funded_mes = Contains(r.mes_winners, row.id);
        r.rows.push_back(std::move(row));
    }
    // By votes, most first, ties by id: the engine's order.
    std::stable_sort(r.rows.begin(), r.rows.end(), [](const ResultRow& a, const ResultRow& b) {
        return a.votes != b.votes ? a.votes > b.votes : a.id < b.id;
    });
    m_results = std::move(r);
    m_announced = true;
    m_load = Load::Ready;
    if (m_selected.empty() && !m_results.rows.empty()) m_selected = m_results.rows.front().id;
    RequestFrames();
}

void ResultsModel::MaybeAnalyse() {
    if (m_pending == 0 && (m_load == Load::Loading || (m_announced && m_recount == Recount::Pending)))
        Analyse(m_pb_text, m_rule, m_server_winners, m_districts_budgets);
}

void ResultsModel::Analyse(const std::string& pb_text, const nlohmann::json& rule,
                           const std::vector<std::string>& server_winners, const nlohmann::json& districts_budgets) {
    m_server_winners = server_winners;
    const double start = NowSeconds();
    PbElection e;
    PbError perr;
    RuleSpec spec;
    if (!ReadPabulib(pb_text, e, perr)) {
        if (!m_announced) m_load = Load::Failed;
        m_recount = Recount::Failed;
        m_error = FieldError{"invalid_ballots", "", Msg("Les bulletins publiés n’ont pas pu être lus : {}", perr.What())};
        return;
    }
    if (auto err = RuleSpecFromJson(rule, spec)) {
        if (!m_announced) m_load = Load::Failed;
        m_recount = Recount::Failed;
        m_error = err;
        return;
    }
    // The process's district budgets, so that each district is recounted within its own.
    std::vector<DistrictBudget> budgets;
    if (districts_budgets.is_object())
        for (const auto& [d, amount] : districts_budgets.items()) {
            DistrictBudget b{d, {}};
            if (!amount.is_string() || !Decimal::Parse(amount.get<std::string>(), b.budget)) continue;
            budgets.push_back(std::move(b));
        }
    ElectionResults recounted;
    if (auto err = ComputeResults(e, spec, recounted, budgets)) {
        if (!m_announced) m_load = Load::Failed;
        m_recount = Recount::Failed;
        m_error = err;
        return;
    }
    m_results = std::move(recounted);
    m_pb_text.clear();
    m_pb_text.shrink_to_fit();
    m_recount_seconds = NowSeconds() - start;
    m_recount = m_results.winners == m_server_winners ? Recount::Match : Recount::Mismatch;
    m_load = Load::Ready;
    RequestFrames();
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
    // The explanations come from the recount (the rounds of Equal Shares are not announced).
    if (m_announced && m_recount == Recount::Pending)
        return {Tr(m_lang, "L’explication s’affiche dès que votre navigateur a recompté les bulletins.")};
    return ExplainOutcome(m_results, id, m_lang);
}

// [SECTION] District map and turnout over time

void ResultsModel::SetServerResults(const nlohmann::json& results) {
    m_districts.clear();
    const auto& lines = JsonOr(results, "by_district", nlohmann::json::array());
    if (lines.is_array())
        for (const auto& l : lines) {
            if (!l.is_object() || !l.contains("district") || !l["district"].is_string()) continue;
            District d;
            d.key = d.name = l["district"].get<std::string>();
            d.ballots = JsonOr(l, "ballots", std::int64_t{0});
            d.spent = Amount(JsonOr(l, "spent", nlohmann::json()));
            d.projects = JsonOr(l, "projects", 0);
            d.funded = JsonOr(l, "funded", 0);
            if (l.contains("budget") && l["budget"].is_string()) d.budget = l["budget"].get<std::string>();
            m_districts.push_back(std::move(d));
        }
    m_over_time.clear();
    const auto turnout = JsonOr(results, "turnout", nlohmann::json::object());
    const auto by_time = turnout.is_object() ? JsonOr(turnout, "by_time", nlohmann::json::object()) : nlohmann::json();
    if (by_time.is_object()) {
        m_by_day = JsonOr(by_time, "bucket", "day") != "hour";
        m_unknown_time = JsonOr(by_time, "unknown", std::int64_t{0});
        for (const auto& c : JsonOr(by_time, "counts", nlohmann::json::array()))
            if (c.is_object() && c.contains("start") && c["start"].is_string())
                m_over_time.push_back({c["start"].get<std::string>(), JsonOr(c, "ballots", std::int64_t{0})});
    }
    m_district = -1;
    MatchDistricts();
}

bool ResultsModel::SetDistrictOutlines(const nlohmann::json& geojson) {
    std::vector<Region> regions;
    if (ParseRegions(geojson, regions)) return false;
    m_regions = std::move(regions);
    m_shapes = BuildMapShapes(m_regions);
    MatchDistricts();
    return true;
}

void ResultsModel::MatchDistricts() {
    BBox box;
    for (auto& d : m_districts) {
        d.shape = FindRegionNamed(m_regions, d.key);
        d.name = d.shape >= 0 ? m_regions[static_cast<size_t>(d.shape)].name : d.key;
        if (d.shape >= 0) box.Extend(m_regions[static_cast<size_t>(d.shape)].bbox);
    }
    if (box.Empty())
        for (const Region& r : m_regions) box.Extend(r.bbox);
    if (!box.Empty()) {
        m_view.FitBox(box, 24.0);
        m_view.zoom = std::min(m_view.zoom, 14.0);
    }
    Classify();
}

void ResultsModel::SetMeasure(Measure m) {
    m_measure = m;
    Classify();
}

void ResultsModel::Classify() {
    // Up to four classes of equal head counts over the districts on the map, never cutting
    // between equal values; districts at zero (projects, none funded) form a class of their own.
    m_legend.clear();
    std::vector<double> positives;
    int zeros = 0;
    for (const auto& d : m_districts) {
        if (d.shape < 0) continue;
        const double v = d.Value(m_measure);
        if (v > 0) positives.push_back(v);
        else ++zeros;
    }
    if (zeros > 0) m_legend.push_back({0, 0, zeros, 0.12f});
    std::sort(positives.begin(), positives.end());
    const size_t n = positives.size();
    size_t distinct = 0;
    for (size_t i = 0; i < n; ++i)
        if (i == 0 || positives[i] != positives[i - 1]) ++distinct;
    const size_t k = std::min<size_t>(4, distinct);
    size_t start = 0;
    for (size_t g = 0; g < k && start < n; ++g) {
        size_t end = g + 1 == k ? n : std::max(start + 1, (g + 1) * n / k);
        while (end < n && positives[end] == positives[end - 1]) ++end;
        m_legend.push_back({positives[start], positives[end - 1], static_cast<int>(end - start),
                            0.35f + 0.65f * static_cast<float>(g + 1) / static_cast<float>(k)});
        start = end;
    }
    m_shape_class.assign(m_shapes.size(), -1);
    for (const auto& d : m_districts) {
        if (d.shape < 0 || d.shape >= static_cast<int>(m_shapes.size())) continue;
        const double v = d.Value(m_measure);
        for (size_t c = 0; c < m_legend.size(); ++c)
            if (v >= m_legend[c].lo && v <= m_legend[c].hi && (v > 0) == (m_legend[c].hi > 0))
                m_shape_class[static_cast<size_t>(d.shape)] = static_cast<int>(c);
    }
}

int ResultsModel::DistrictOfShape(int shape) const {
    if (shape < 0) return -1;
    for (size_t i = 0; i < m_districts.size(); ++i)
        if (m_districts[i].shape == shape) return static_cast<int>(i);
    return -1;
}

std::vector<std::string> ResultsModel::Unmatched() const {
    std::vector<std::string> out;
    for (const auto& d : m_districts)
        if (d.shape < 0) out.push_back(d.key);
    return out;
}

std::string ResultsModel::FormatValue(double value) const {
    if (m_measure == Measure::Spent) return Money(value);
    const auto n = static_cast<std::int64_t>(std::llround(value));
    return FormatCount(n, m_lang) + (n == 1 ? Tr(m_lang, " bulletin") : Tr(m_lang, " bulletins"));
}

std::string ResultsModel::LegendLabel(const LegendClass& c) const {
    if (c.hi <= c.lo) return FormatValue(c.lo);
    if (m_measure == Measure::Spent) return Money(c.lo) + " – " + Money(c.hi);
    return FormatCount(static_cast<std::int64_t>(std::llround(c.lo)), m_lang) + " – " + FormatValue(c.hi);
}

std::string ResultsModel::BucketLabel(const TimeBucket& b, bool short_form) const {
    int y = 0, mo = 0, d = 0, h = -1;
    if (std::sscanf(b.start.c_str(), "%d-%d-%dT%d", &y, &mo, &d, &h) < 3 || mo < 1 || mo > 12) return b.start;
    const std::string& l = m_lang;
    const std::string month = TrC(l, "short month", kMonths[mo - 1]);
    // French writes the first of the month "1er".
    const std::string day = IsSourceLanguage(l) ? std::to_string(d) + (d == 1 ? "er " : " ") + month
                                                // TRANSLATORS: a day of a month: {0} the day, {1} the month.
                                                : Fill(TrC(l, "day of a month", "{0} {1}"), std::to_string(d), month);
    if (h < 0 || m_by_day) return day;
    const std::string two = (h < 10 ? "0" : "") + std::to_string(h);
    // TRANSLATORS: an hour of the day: {0} the hour (7), {1} the same in two digits (07).
    const std::string hour = Fill(TrC(l, "hour", "{0} h"), std::to_string(h), two);
    return short_form ? hour : day + ", " + hour;
}

void ResultsModel::RequestPng(Chart chart) {
    m_png_request = chart;
    if (chart == Chart::Bars) m_tab = Tab::Projects;
    if (chart == Chart::Map) m_tab = Tab::Map;
    if (chart == Chart::Turnout) m_tab = Tab::Turnout;
}

ResultsModel::Chart ResultsModel::TakePngRequest(Chart drawn) {
    if (m_png_request != drawn || drawn == Chart::None) return Chart::None;
    m_png_request = Chart::None;
    return drawn;
}

// [SECTION] Sentences and the accessibility mirror

std::string ResultsModel::RecountText() const {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", m_recount_seconds);
    std::string s = secs;
    std::replace(s.begin(), s.end(), '.', TrC(m_lang, "decimal separator", ",")[0]);
    switch (m_recount) {
    case Recount::Match:
        return Fill(Tr(m_lang, "\u2713 Recompté dans votre navigateur en {} s à partir des bulletins publiés : mêmes "
                               "projets lauréats que ceux annoncés."),
                    s);
    case Recount::Mismatch:
        return Tr(m_lang,
                  "\u2717 Attention : le recomptage dans votre navigateur ne donne PAS les mêmes lauréats que ceux "
                  "annoncés. Signalez-le à la commune.");
    case Recount::Pending:
        return m_announced ? Tr(m_lang, "Résultats annoncés par la commune. Votre navigateur recompte les bulletins publiés…")
                           : Tr(m_lang, "Recomptage en cours…");
    case Recount::Failed:
        if (m_announced && m_error)
            return std::string(Tr(m_lang, "Résultats annoncés par la commune. Le recomptage n’a pas pu être fait : ")) + m_error->Message(m_lang);
        break;
    }
    return "";
}

std::string ResultsModel::SummaryText() const {
    const auto& r = m_results;
    return std::string(Tr(m_lang, "Budget utilisé : ")) + FormatEuros(r.spent, m_lang) +
           Tr(m_lang, " sur ") + FormatEuros(r.budget, m_lang) + "  •  " +
           FormatCount(r.voters, m_lang) + Tr(m_lang, " votants") + "  •  " +
           std::to_string(r.winners.size()) + Tr(m_lang, " projets financés");
}

std::string ResultsModel::CompareIntro() const {
    return Tr(m_lang,
              "Le vote majoritaire (« glouton ») finance les projets dans l’ordre de leurs votes tant que le "
              "budget le permet. La méthode des parts égales donne à chaque votant la même part du budget : "
              "un groupe de votants finance des projets à proportion de sa taille, ce qui laisse leur chance "
              "aux projets de quartiers ou de groupes moins nombreux.");
}

std::string ResultsModel::MapCaption() const {
    return m_measure == Measure::Turnout
               ? Tr(m_lang, "Participation : bulletins comprenant au moins un projet du secteur.")
               : Tr(m_lang, "Budget dépensé : coût des projets financés dans le secteur.");
}

nlohmann::json ResultsModel::AccessibilityTree() const {
    using nlohmann::json;
    json children = json::array();
    auto text = [](const std::string& t) { return json{{"role", "text"}, {"text", t}}; };
    auto heading = [](const std::string& t) { return json{{"role", "heading"}, {"level", 3}, {"text", t}}; };
    auto button = [](const std::string& id, const std::string& label) {
        return json{{"role", "button"}, {"id", id}, {"label", label}};
    };
    const std::string region = Tr(m_lang, "Résultats du vote");
    if (m_load != Load::Ready) {
        children.push_back(json{{"role", "status"},
                                {"text", m_load == Load::Failed && m_error ? m_error->Message(m_lang)
                                                                           : Tr(m_lang, "Chargement des résultats…")}});
        if (m_load == Load::Failed) children.push_back(button("retry", Tr(m_lang, "Réessayer")));
        return json{{"role", "region"}, {"label", region}, {"children", children}};
    }
    children.push_back(json{{"role", "heading"}, {"level", 2}, {"text", m_title.empty() ? region : m_title}});
    children.push_back(json{{"role", m_recount == Recount::Mismatch ? "alert" : "status"}, {"id", "recount"},
                            {"text", RecountText()}});
    children.push_back(text(SummaryText()));

    // Every project the chart shows, funded or not, each with its explanation one press away;
    // a name several projects share gets the project's number, so that no two buttons of
    // one name explain different projects.
    std::map<std::string, int> name_count;
    for (const auto& r : m_results.rows) ++name_count[r.name];
    auto project_item = [&](const ResultRow& r) {
        const std::string name = name_count[r.name] > 1 ? r.name + " (" + Fill(Tr(m_lang, "n° {}"), r.id) + ")" : r.name;
        return json{{"role", "listitem"},
                    {"id", "row-" + r.id},
                    {"text", name + " : " + CountOf(r.votes, m_lang, "vote", "votes") + ", " + FormatEuros(r.cost, m_lang) + "."},
                    {"children", json::array({button("explain-" + r.id,
                                                     Fill(Tr(m_lang, "Comprendre le résultat de {}"), name))})}};
    };
    const std::string funded_label = Tr(m_lang, "Projets financés");
    const std::string unfunded_label = Tr(m_lang, "Projets non financés");
    children.push_back(heading(funded_label));
    json funded = json::array(), unfunded = json::array();
    for (const auto& id : m_results.winners)
        if (const ResultRow* r = Row(id)) funded.push_back(project_item(*r));
    for (const auto& r : m_results.rows)
        if (std::find(m_results.winners.begin(), m_results.winners.end(), r.id) == m_results.winners.end())
            unfunded.push_back(project_item(r));
    children.push_back(json{{"role", "list"}, {"label", funded_label}, {"children", funded}});
    children.push_back(heading(unfunded_label));
    children.push_back(json{{"role", "list"}, {"label", unfunded_label}, {"children", unfunded}});
    children.push_back(button("save-bars", Tr(m_lang, "Enregistrer le graphique des projets en image PNG")));

    if (const ResultRow* r = Row(m_selected)) {
        // take_focus: the mirror moves focus here when a "Comprendre…" button writes it, so
        // that the explanation is read rather than silently written after the long lists.
        json h = heading(Fill(Tr(m_lang, "Comprendre un résultat : {}"), r->name));
        h["take_focus"] = true;
        children.push_back(h);
        for (const auto& line : Explain(r->id)) children.push_back(json{{"role", "text"}, {"id", "explanation"}, {"text", line}});
    }

    children.push_back(heading(Tr(m_lang, "Comparer les règles")));
    children.push_back(text(CompareIntro()));
    auto project_list = [&](const char* label, const std::vector<std::string>& ids) {
        json items = json::array();
        for (const auto& id : ids)
            if (const ResultRow* r = Row(id))
                items.push_back(json{{"role", "listitem"},
                                     {"text", r->name + " (" + FormatEuros(r->cost, m_lang) + ", " + CountOf(r->votes, m_lang, "vote", "votes") + ")"}});
        if (items.empty()) items.push_back(json{{"role", "listitem"}, {"text", Tr(m_lang, "Aucun.")}});
        children.push_back(text(label));
        children.push_back(json{{"role", "list"}, {"label", label}, {"children", items}});
    };
    project_list(Tr(m_lang, "Financés seulement par le vote majoritaire"), OnlyGreedy());
    project_list(Tr(m_lang, "Financés seulement par les parts égales"), OnlyEqualShares());

    children.push_back(heading(Tr(m_lang, "Par secteur")));
    if (m_districts.empty()) {
        children.push_back(text(Tr(m_lang, "Les projets de ce vote ne sont pas rattachés à des secteurs.")));
    } else {
        json rows = json::array();
        for (const auto& d : m_districts)
            rows.push_back(json::array({d.name, FormatCount(d.ballots, m_lang), Money(d.spent),
                                        std::to_string(d.funded) + Tr(m_lang, " sur ") + std::to_string(d.projects),
                                        d.shape >= 0 ? Tr(m_lang, "oui") : Tr(m_lang, "non, pas de contour")}));
        children.push_back(json{{"role", "table"},
                                {"id", "district-table"},
                                {"label", Tr(m_lang, "Participation et budget par secteur")},
                                {"columns", json::array({Tr(m_lang, "Secteur"), Tr(m_lang, "Bulletins"),
                                                         Tr(m_lang, "Budget dépensé"),
                                                         Tr(m_lang, "Projets financés"),
                                                         Tr(m_lang, "Sur la carte")})},
                                {"rows", rows}});
        children.push_back(button("save-map", Tr(m_lang, "Enregistrer la carte en image PNG")));
    }

    children.push_back(heading(Tr(m_lang, "Participation dans le temps")));
    if (m_over_time.empty()) {
        children.push_back(text(Tr(m_lang, "Les dates de vote ne sont pas connues pour ces bulletins.")));
    } else {
        json rows = json::array();
        for (const auto& b : m_over_time) rows.push_back(json::array({BucketLabel(b, false), FormatCount(b.ballots, m_lang)}));
        children.push_back(json{{"role", "table"},
                                {"id", "turnout-table"},
                                {"label", m_by_day ? Tr(m_lang, "Bulletins par jour (UTC)")
                                                   : Tr(m_lang, "Bulletins par heure (UTC)")},
                                {"columns", json::array({m_by_day ? Tr(m_lang, "Jour") : Tr(m_lang, "Heure"),
                                                         Tr(m_lang, "Bulletins")})},
                                {"rows", rows}});
        children.push_back(button("save-turnout", Tr(m_lang, "Enregistrer le graphique de participation en image PNG")));
    }
    return json{{"role", "region"}, {"label", region}, {"children", children}};
}

bool ResultsModel::Command(const std::string& id, const nlohmann::json&) {
    if (id == "retry") {
        Refresh();
        return true;
    }
    for (int t = 0; t < static_cast<int>(std::size(kTabs)); ++t)
        if (id == std::string("tab-") + kTabs[t]) {
            m_tab = static_cast<Tab>(t);
            return true;
        }
    for (int m = 0; m < 2; ++m)
        if (id == std::string("measure-") + kMeasures[m]) {
            SetMeasure(static_cast<Measure>(m));
            return true;
        }
    for (int c = 1; c < static_cast<int>(std::size(kCharts)); ++c)
        if (id == std::string("save-") + kCharts[c]) {
            RequestPng(static_cast<Chart>(c));
            return true;
        }
    if (id.rfind("explain-", 0) == 0 && Row(id.substr(8))) {
        m_selected = id.substr(8);
        m_tab = Tab::Explain;
        return true;
    }
    return false;
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
    nlohmann::json districts = nlohmann::json::array(), legend = nlohmann::json::array(),
                   over_time = nlohmann::json::array();
    for (const auto& d : m_districts)
        districts.push_back({{"key", d.key}, {"name", d.name}, {"on_map", d.shape >= 0}, {"ballots", d.ballots},
                             {"spent", d.spent}, {"projects", d.projects}, {"funded", d.funded}});
    for (const auto& c : m_legend)
        legend.push_back({{"from", c.lo}, {"to", c.hi}, {"districts", c.districts}, {"label", LegendLabel(c)}});
    for (const auto& b : m_over_time) over_time.push_back({{"start", b.start}, {"ballots", b.ballots}});
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
            {"measure", kMeasures[static_cast<int>(m_measure)]},
            {"districts", std::move(districts)},
            {"unmatched", Unmatched()},
            {"legend", std::move(legend)},
            {"selected_district", m_district >= 0 && m_district < static_cast<int>(m_districts.size())
                                      ? nlohmann::json(m_districts[static_cast<size_t>(m_district)].name) : nlohmann::json()},
            {"hovered_district", m_hovered >= 0 && m_hovered < static_cast<int>(m_districts.size())
                                     ? nlohmann::json(m_districts[static_cast<size_t>(m_hovered)].name) : nlohmann::json()},
            {"over_time", std::move(over_time)},
            {"over_time_bucket", m_by_day ? "day" : "hour"},
            {"unknown_time", m_unknown_time},
            {"outlines", m_shapes.size()},
            {"error", m_error ? nlohmann::json{{"code", m_error->code}, {"message", m_error->Message(m_lang)}}
                              : nlohmann::json()}};
}

} // namespace quartier
