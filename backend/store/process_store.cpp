// Process specs from JSON and from .pb files, deterministic placement of projects, and the
// rows they become.
#include "backend/store/process_store.h"

#include "backend/crypto.h"
#include "backend/text_util.h"
#include "shared/ballot/ballot_config_json.h"
#include "shared/ballot/easy_read.h"
#include "shared/decimal.h"
#include "shared/tally/tally.h"
#include "shared/text.h"

#include <cctype>
#include <cmath>

namespace quartier {

namespace {

std::uint64_t Fnv1a(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

void CheckRule(const nlohmann::json& rule) {
    if (!rule.is_object() || !rule.contains("name") || !rule["name"].is_string() ||
        !FindTallyRule(rule["name"].get<std::string>()))
        Fail(400, "unknown_rule", Msg("La règle doit être greedy, mes ou phragmen."), "rule");
    Satisfaction s;
    if (rule.contains("sat") && (!rule["sat"].is_string() || !ParseSatisfaction(rule["sat"].get<std::string>(), s)))
        Fail(400, "unknown_satisfaction", Msg("Satisfaction inconnue."), "rule.sat");
    Completion c;
    if (rule.contains("completion") &&
        (!rule["completion"].is_string() || !ParseCompletion(rule["completion"].get<std::string>(), c)))
        Fail(400, "unknown_completion", Msg("Complétion inconnue."), "rule.completion");
}

Decimal ReadAmount(const nlohmann::json& v, const std::string& field) {
    Decimal d;
    const bool ok = (v.is_string() && Decimal::Parse(v.get<std::string>(), d)) ||
                    (v.is_number() && Decimal::Parse(v.dump(), d));
    if (!ok || d.units < 0)
        Fail(400, "invalid_amount", Msg("Ce montant n’est pas un nombre positif valide."), field);
    return d;
}

} // namespace

std::string VoterCodeHash(Db& db, std::int64_t process_id, const std::string& code) {
    // Keyed over the digest stored before keys existed, so that old and new rows follow one
    // rule (migration 6 keyed the old ones in place).
    return db.Mac("code", Sha256(std::to_string(process_id) + ":" + NormalizeVoterCode(code)));
}

std::string CanonicalBallot(const nlohmann::json& ballot) {
    // Rebuilt from the values a ballot kind reads, never copied: whatever else a client sent
    // (a junk field, an object where a number goes) cannot reach the box.
    nlohmann::json projects = nlohmann::json::array(), points = nlohmann::json::array();
    if (const auto it = ballot.find("projects"); it != ballot.end() && it->is_array())
        for (const auto& id : *it)
            if (id.is_string()) projects.push_back(id.get<std::string>());
    nlohmann::json j{{"projects", std::move(projects)}};
    if (const auto it = ballot.find("points"); it != ballot.end() && it->is_array()) {
        for (const auto& v : *it)
            if (v.is_number_integer()) points.push_back(v.get<std::int64_t>());
        j["points"] = std::move(points);
    }
    return j.dump();
}

void ProcessSpecFromJson(const nlohmann::json& body, ProcessSpec& spec, bool partial) {
    if (!partial || body.contains("id")) {
        const std::string slug = body.value("id", "");
        bool ok = !slug.empty() && slug.size() <= 63;
        for (char c : slug) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
        if (!ok)
            Fail(400, "invalid_slug", Msg("L’identifiant de la consultation s’écrit en lettres, chiffres, - et _ (ex. bp2024)."), "id");
        spec.slug = slug;
    }
    if (!partial || body.contains("title")) spec.title = RequireText(body, "title", 3, 200, Word("Le titre"));
    if (body.contains("description"))
        spec.description = RequireText(body, "description", 0, 10000, Word("La description"));
    if (body.contains("phase")) {
        if (!body["phase"].is_string() || !ParsePhase(body["phase"].get<std::string>(), spec.phase))
            Fail(400, "unknown_phase", Msg("La phase est submission, review, voting, closed, published ou follow_up."), "phase");
    }
    if (body.contains("dates")) {
        Calendar checked;
        if (auto e = CalendarFromJson(body["dates"], checked)) throw ApiError(400, *e);
        spec.dates = body["dates"];
    }
    if (body.contains("budget")) spec.budget = ReadAmount(body["budget"], "budget");
    if (body.contains("currency")) spec.currency = RequireText(body, "currency", 3, 3, Word("La devise"));
    if (!partial || body.contains("ballot")) {
        if (!body.contains("ballot"))
            Fail(400, "required", Msg("Les réglages du bulletin sont obligatoires."), "ballot");
        BallotConfig c;
        nlohmann::json ballot = body["ballot"];
        // A knapsack ballot's budget is the process's unless it says otherwise.
        if (ballot.is_object() && !ballot.contains("budget")) ballot["budget"] = spec.budget.ToString();
        if (auto e = BallotConfigFromJson(ballot, nlohmann::json::array(), c)) throw ApiError(400, *e);
        spec.ballot = c;
    }
    if (body.contains("rule")) {
        CheckRule(body["rule"]);
        spec.rule = body["rule"];
    }
    if (body.contains("districts_budgets")) {
        if (!body["districts_budgets"].is_object())
            Fail(400, "invalid_type", Msg("districts_budgets associe un quartier à son budget."), "districts_budgets");
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [k, v] : body["districts_budgets"].items())
            out[k] = ReadAmount(v, "districts_budgets." + k).ToString();
        spec.district_budgets = out;
    }
    if (body.contains("uncoded_paper_ballots")) {
        // Off unless a process really takes paper ballots from people without a code: then
        // nothing stops an agent from adding ballots, so the results say how many there were.
        if (!body["uncoded_paper_ballots"].is_boolean())
            Fail(400, "invalid_type", Msg("uncoded_paper_ballots vaut true ou false."), "uncoded_paper_ballots");
        spec.uncoded_paper = body["uncoded_paper_ballots"].get<bool>();
    }
    if (body.contains("easy_read")) {
        // {"vote": {"fr": "…", "en": "…"}, "count": {…}}: an empty text goes back to the one
        // made from the ballot and the rule.
        const auto& e = body["easy_read"];
        if (!e.is_object())
            Fail(400, "invalid_type", Msg("easy_read contient les textes « vote » et « count », chacun par langue."), "easy_read");
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [which, texts] : e.items()) {
            const std::string field = "easy_read." + which;
            if (which != "vote" && which != "count")
                Fail(400, "unknown_field", Msg("easy_read ne contient que les textes « vote » et « count »."), field);
            if (!texts.is_object())
                Fail(400, "invalid_type", Msg("Chaque texte facile à lire se donne par langue : {\"fr\": \"…\"}."), field);
            nlohmann::json kept = nlohmann::json::object();
            for (const auto& [lang, text] : texts.items()) {
                const std::string lfield = field + "." + lang;
                if (lang.size() < 2 || lang.size() > 8 || lang.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") != std::string::npos)
                    Fail(400, "invalid_language", Msg("Une langue est un code comme fr, en ou oc."), lfield);
                if (!text.is_string())
                    Fail(400, "invalid_type", Msg("Un texte facile à lire est du texte."), lfield);
                const std::string t = Trim(text.get<std::string>());
                const long length = Utf8Length(t);
                if (length < 0)
                    Fail(400, "invalid_text", Msg("Le texte n’est pas en UTF-8 valide."), lfield);
                if (length > static_cast<long>(kMaxEasyReadChars))
                    Fail(400, "too_long", Msg("Un texte facile à lire a au plus {} caractères : des phrases courtes, c’est son principe.", kMaxEasyReadChars), lfield);
                if (!t.empty()) kept[lang] = t;
            }
            if (!kept.empty()) out[which] = kept;
        }
        spec.easy_read = out;
    }
    if (!partial || body.contains("projects")) {
        const auto it = body.find("projects");
        if (it != body.end() && !it->is_array())
            Fail(400, "invalid_type", Msg("Les projets doivent être une liste."), "projects");
        spec.projects.clear();
        if (it != body.end())
            for (size_t i = 0; i < it->size(); ++i) {
                const auto& p = (*it)[i];
                const std::string f = "projects[" + std::to_string(i) + "]";
                if (!p.is_object()) Fail(400, "invalid_type", Msg("Un projet doit être un objet."), f);
                ProcessProject pr;
                if (!p.contains("id") || !(p["id"].is_string() || p["id"].is_number_integer()))
                    Fail(400, "required", Msg("Un projet n’a pas d’identifiant."), f + ".id");
                pr.id = p["id"].is_string() ? p["id"].get<std::string>() : p["id"].dump();
                pr.name = RequireText(p, "name", 1, 300, Word("Le nom du projet"));
                if (!p.contains("cost")) Fail(400, "required", Msg("Un projet n’a pas de coût."), f + ".cost");
                pr.cost = ReadAmount(p["cost"], f + ".cost");
                pr.category = p.value("category", "");
                pr.district = p.value("district", "");
                pr.description = p.value("description", "");
                if (p.contains("latitude") && p["latitude"].is_number()) pr.latitude = p["latitude"].get<double>();
                if (p.contains("longitude") && p["longitude"].is_number()) pr.longitude = p["longitude"].get<double>();
                for (const auto& other : spec.projects)
                    if (other.id == pr.id)
                        Fail(400, "duplicate_project", Msg("Deux projets ont le même identifiant."), f + ".id");
                spec.projects.push_back(std::move(pr));
            }
    }
    if (!partial) CheckDistrictBudgets(spec.budget, spec.district_budgets, spec.projects);
}

void CheckDistrictBudgets(const Decimal& budget, const nlohmann::json& district_budgets,
                          const std::vector<ProcessProject>& projects) {
    if (!district_budgets.is_object() || district_budgets.empty()) return;
    Decimal total;
    for (const auto& [d, amount] : district_budgets.items()) {
        Decimal a;
        if (amount.is_string()) Decimal::Parse(amount.get<std::string>(), a);
        Add(total, a, total);
    }
    if (budget < total)
        Fail(400, "districts_over_budget", Msg("Les budgets des quartiers totalisent {}, plus que le budget de {}.", total.ToString(), budget.ToString()), "districts_budgets");
    for (size_t i = 0; i < projects.size(); ++i)
        if (!projects[i].district.empty() && !district_budgets.contains(projects[i].district))
            Fail(400, "district_without_budget", Msg("Le projet {} est dans le quartier {}, qui n’a pas de budget.", projects[i].id, projects[i].district), "districts_budgets." + projects[i].district);
}

ProcessSpec ProcessSpecFromPabulib(const PbElection& e) {
    ProcessSpec spec;
    spec.title = e.Meta("description").empty() ? "Budget participatif" : e.Meta("description");
    spec.budget = e.budget;
    if (!e.Meta("currency").empty()) spec.currency = e.Meta("currency");
    // The file's limits are read strictly (atoi read "-5" and "abc" alike as numbers) and
    // checked by the same rule as the JSON routes', naming the file's own setting.
    std::string bad_key;
    auto number = [&](const char* key, std::int64_t fallback) -> std::int64_t {
        const std::string v = Trim(e.Meta(key));
        if (v.empty()) return fallback;
        Decimal d;
        if (!Decimal::Parse(v, d) || !d.IsInteger() || d.units < 0 || d.units > (std::int64_t{1} << 40)) {
            if (bad_key.empty()) bad_key = key;
            return 0;
        }
        return d.units;
    };
    auto length = [&](const char* key) { return static_cast<int>(number(key, 0)); };
    switch (e.vote_type) {
    case VoteType::Approval:
    case VoteType::Choose1:
        spec.ballot.kind = "approval";
        spec.ballot.min_projects = length("min_length");
        spec.ballot.max_projects = e.vote_type == VoteType::Choose1 ? 1 : length("max_length");
        if (!e.Meta("max_sum_cost").empty()) {
            spec.ballot.kind = "knapsack";
            if (!Decimal::Parse(e.Meta("max_sum_cost"), spec.ballot.budget) && bad_key.empty()) bad_key = "max_sum_cost";
        }
        break;
    case VoteType::Cumulative:
    case VoteType::Scoring:
        spec.ballot.kind = "cumulative";
        spec.ballot.max_points = number("max_sum_points", 10);
        spec.ballot.max_points_per_project = number("max_points", 0);
        break;
    case VoteType::Ordinal:
        spec.ballot.kind = "ranked";
        spec.ballot.min_projects = length("min_length");
        spec.ballot.max_projects = length("max_length");
        break;
    }
    if (spec.ballot.budget.units == 0) spec.ballot.budget = e.budget;
    Validation invalid;
    if (bad_key.empty()) invalid = ValidateBallotConfig(spec.ballot);
    if (!bad_key.empty() || invalid) {
        static const std::pair<const char*, const char*> kPbKey[] = {
            {"ballot.min_projects", "min_length"}, {"ballot.max_projects", "max_length"},
            {"ballot.max_points", "max_sum_points"}, {"ballot.max_points_per_project", "max_points"},
            {"ballot.budget", "max_sum_cost"}};
        std::string key = bad_key;
        for (const auto& [json_key, pb_key] : kPbKey)
            if (invalid && invalid->field == json_key) key = pb_key;
        if (key.empty()) key = invalid->field;
        const std::string value = e.Meta(key).substr(0, 40);
        const Msg why = invalid ? invalid->message : Msg("ce n’est pas un nombre entier de taille utilisable.");
        Fail(400, "invalid_ballot_settings",
             value.empty() ? Msg("Le réglage {} du fichier est inutilisable : {}", key, why)
                           : Msg("Le réglage {} ({}) du fichier est inutilisable : {}", key, value, why),
             "file");
    }
    const std::string rule = e.Meta("rule");
    if (rule == "equalshares" || rule == "mes" || rule.rfind("equalshares", 0) == 0)
        spec.rule = {{"name", "mes"}, {"sat", "cost"}, {"completion", "add1"}};
    else
        spec.rule = {{"name", "greedy"}, {"sat", "cost"}, {"completion", "none"}};
    // "03.10.2022" -> "2022-10-03"
    auto iso = [](const std::string& d) {
        if (d.size() == 10 && d[2] == '.' && d[5] == '.') return d.substr(6, 4) + "-" + d.substr(3, 2) + "-" + d.substr(0, 2);
        return d;
    };
    // The file's dates are its vote's; kept only when they read as dates in order.
    nlohmann::json voting = nlohmann::json::object();
    if (!e.Meta("date_begin").empty()) voting["start"] = iso(e.Meta("date_begin"));
    if (!e.Meta("date_end").empty()) voting["end"] = iso(e.Meta("date_end"));
    Calendar checked;
    if (!voting.empty() && !CalendarFromJson({{"voting", voting}}, checked)) spec.dates = {{"voting", voting}};
    for (size_t i = 0; i < e.projects.size(); ++i) {
        ProcessProject p;
        p.id = e.projects[i].id;
        p.cost = e.projects[i].cost;
        p.name = e.ProjectCell(i, "name");
        if (p.name.empty()) p.name = "Projet " + p.id;
        p.category = e.ProjectCell(i, "category");
        p.district = e.ProjectCell(i, "district");
        p.description = e.ProjectCell(i, "description");
        const std::string lat = e.ProjectCell(i, "latitude"), lon = e.ProjectCell(i, "longitude");
        if (!lat.empty() && !lon.empty()) {
            p.latitude = std::atof(lat.c_str());
            p.longitude = std::atof(lon.c_str());
        }
        spec.projects.push_back(std::move(p));
    }
    return spec;
}

void PlaceProjects(std::vector<ProcessProject>& projects, const Tenant& t, const std::string& seed) {
    if (t.districts.empty()) return;
    const int home = FindRegion(t.districts, {t.center_lon, t.center_lat});
    for (auto& p : projects) {
        if (p.latitude && p.longitude) continue;
        int region = FindRegionNamed(t.districts, p.district);
        if (region < 0) region = home >= 0 ? home : 0;
        const LonLat at = PointInside(t.districts[static_cast<size_t>(region)], Fnv1a(seed + "/" + p.id));
        p.latitude = at.lat;
        p.longitude = at.lon;
        p.placed = true;
    }
}

std::int64_t InsertProcess(Db& db, std::int64_t tenant_id, const ProcessSpec& s) {
    auto exists = db.Prepare("SELECT 1 FROM processes WHERE tenant_id = ? AND slug = ?");
    exists.Bind(1, tenant_id).Bind(2, s.slug);
    if (exists.Step())
        Fail(409, "process_exists", Msg("Une consultation avec cet identifiant existe déjà."), "id");
    db.Prepare("INSERT INTO processes (tenant_id, slug, title, description, phase, dates, budget, currency, ballot,"
               " rule, district_budgets, uncoded_paper, easy_read) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .Bind(1, tenant_id)
        .Bind(2, s.slug)
        .Bind(3, s.title)
        .Bind(4, s.description)
        .Bind(5, std::string(ToString(s.phase)))
        .Bind(6, s.dates.dump())
        .Bind(7, s.budget.ToString())
        .Bind(8, s.currency)
        .Bind(9, BallotConfigToJson(s.ballot).dump())
        .Bind(10, s.rule.dump())
        .Bind(11, s.district_budgets.dump())
        .Bind(12, s.uncoded_paper ? 1 : 0)
        .Bind(13, s.easy_read.dump())
        .Run();
    const std::int64_t id = db.LastInsertId();
    for (const auto& p : s.projects)
        db.Prepare("INSERT INTO projects (process_id, project_id, name, cost, category, district, latitude, longitude,"
                   " placed, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .Bind(1, id)
            .Bind(2, p.id)
            .Bind(3, p.name)
            .Bind(4, p.cost.ToString())
            .Bind(5, p.category)
            .Bind(6, p.district)
            .Bind(7, p.latitude)
            .Bind(8, p.longitude)
            .Bind(9, p.placed ? 1 : 0)
            .Bind(10, p.description)
            .Run();
    return id;
}

std::int64_t InsertArchivedBallots(Db& db, std::int64_t process_id, const PbElection& e) {
    int method_column = -1;
    for (size_t i = 0; i < e.extra_vote_columns.size(); ++i)
        if (e.extra_vote_columns[i] == "voting_method") method_column = static_cast<int>(i);
    std::int64_t n = 0;
    for (const auto& v : e.voters) {
        nlohmann::json ballot{{"projects", nlohmann::json::array()}};
        for (auto idx : v.ballot) ballot["projects"].push_back(e.projects[static_cast<size_t>(idx)].id);
        if (!v.points.empty()) {
            ballot["points"] = nlohmann::json::array();
            for (const auto& pt : v.points) ballot["points"].push_back(static_cast<std::int64_t>(std::llround(pt.ToDouble())));
        }
        const std::string text = CanonicalBallot(ballot);
        const std::string key = "archive:" + std::to_string(process_id) + ":" + v.id;
        const std::string method =
            method_column >= 0 && !v.extra[static_cast<size_t>(method_column)].empty() ? v.extra[static_cast<size_t>(method_column)]
                                                                                       : "unknown";
        db.Prepare("INSERT INTO ballots (process_id, voter_key, request_id, ballot, receipt, voting_method)"
                   " VALUES (?, ?, ?, ?, ?, ?)")
            .Bind(1, process_id)
            .BindBlob(2, Sha256(key))
            .Bind(3, "archive-" + v.id)
            .Bind(4, text)
            .Bind(5, Sha256Hex(key + "|" + text))
            .Bind(6, method)
            .Run();
        ++n;
    }
    return n;
}

} // namespace quartier
