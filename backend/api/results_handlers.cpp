// Results and open data: the box tallied by the shared ComputeResults (the results widget's
// own recount) under the process's rule (and per district when it has district budgets),
// the MES explanation, greedy-versus-MES comparison, turnout (by method, district, time);
// exports of the projects (CSV, GeoJSON) and of the anonymised ballots as a Pabulib .pb
// file. A published process's results and file are made once and kept.
#include "backend/routes.h"

#include "backend/calendar.h"

#include "backend/pages/html_page.h"
#include "backend/text_util.h"
#include "shared/tally/districts.h"
#include "shared/tally/explain_text.h"
#include "shared/tally/results.h"
#include "shared/tally/tally.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>
#include <set>

namespace quartier {

namespace {

struct StoredBallot {
    nlohmann::json ballot;
    std::string method;
};

std::vector<StoredBallot> LoadBallots(AppContext& app, const Process& p) {
    return app.store.Read([&](Db& db) {
        std::vector<StoredBallot> out;
        // In the order of their contents: neither the order of casting nor that of the
        // published receipts (sorted), which would turn each receipt into its ballot.
        auto q = db.Prepare("SELECT ballot, voting_method FROM ballots WHERE process_id = ? ORDER BY ballot, id");
        q.Bind(1, p.id);
        while (q.Step()) out.push_back({nlohmann::json::parse(q.Text(0), nullptr, false), q.Text(1)});
        return out;
    });
}

// The process and its box as a Pabulib election (voters numbered 1..n in the order of their
// ballots' contents). How each voter voted (online, paper) is left out: a lone paper ballot
// would stand out, and with it what its voter, seen at the desk, chose; the results count
// ballots per method.
PbElection ToElection(const Tenant& t, const Process& p, const std::vector<StoredBallot>& ballots) {
    PbElection e;
    const BallotKind* kind = FindBallotKind(p.ballot.kind);
    e.vote_type = kind ? kind->PabulibVoteType() : VoteType::Approval;
    e.budget = p.budget;
    e.meta = {{"description", p.title},
              {"country", "France"},
              {"unit", t.name},
              {"instance", p.slug},
              {"num_projects", std::to_string(p.projects.size())},
              {"num_votes", std::to_string(ballots.size())},
              {"budget", p.budget.ToString()},
              {"vote_type", ToString(e.vote_type)},
              {"rule", p.rule.value("name", "greedy")},
              {"currency", p.currency}};
    if (p.ballot.min_projects > 0) e.meta.emplace_back("min_length", std::to_string(p.ballot.min_projects));
    if (p.ballot.max_projects > 0) e.meta.emplace_back("max_length", std::to_string(p.ballot.max_projects));
    if (p.ballot.max_points > 0) e.meta.emplace_back("max_sum_points", std::to_string(p.ballot.max_points));
    e.project_columns = {"project_id", "cost", "name", "category", "district", "latitude", "longitude", "votes"};
    std::map<std::string, std::int32_t> index;
    std::vector<std::int64_t> votes(p.projects.size(), 0);
    for (const auto& b : ballots)
        for (const auto& id : b.ballot.value("projects", nlohmann::json::array()))
            for (size_t i = 0; i < p.projects.size(); ++i)
                if (p.projects[i].id == id) ++votes[i];
    for (size_t i = 0; i < p.projects.size(); ++i) {
        const auto& pr = p.projects[i];
        index[pr.id] = static_cast<std::int32_t>(i);
        auto coord = [](const std::optional<double>& v) { return v ? nlohmann::json(*v).dump() : std::string(); };
        e.projects.push_back({pr.id, pr.cost,
                              {pr.id, pr.cost.ToString(), pr.name, pr.category, pr.district, coord(pr.latitude),
                               coord(pr.longitude), std::to_string(votes[i])}});
    }
    const bool points = HasPoints(e.vote_type);
    e.vote_columns = points ? std::vector<std::string>{"voter_id", "vote", "points"}
                            : std::vector<std::string>{"voter_id", "vote"};
    std::int64_t n = 0;
    for (const auto& b : ballots) {
        PbVoter v;
        v.id = std::to_string(++n);
        const auto projects = b.ballot.value("projects", nlohmann::json::array());
        const auto pts = b.ballot.value("points", nlohmann::json::array());
        for (size_t k = 0; k < projects.size(); ++k) {
            const auto it = index.find(projects[k].get<std::string>());
            if (it == index.end()) continue;
            v.ballot.push_back(it->second);
            if (points) v.points.push_back(Decimal::FromInt(k < pts.size() ? pts[k].get<std::int64_t>() : 0));
        }
        e.voters.push_back(std::move(v));
    }
    return e;
}

// The process's district budgets ({"district": "amount"}), as the shared engine reads them.
std::vector<DistrictBudget> BudgetsOf(const Process& p) {
    std::vector<DistrictBudget> out;
    if (!p.district_budgets.is_object()) return out;
    for (const auto& [d, amount] : p.district_budgets.items()) {
        DistrictBudget b;
        b.district = d;
        if (amount.is_string()) Decimal::Parse(amount.get<std::string>(), b.budget);
        out.push_back(std::move(b));
    }
    return out;
}

// A district's name as part of a file name: ASCII letters and digits, the rest dashes.
std::string FileSlug(const std::string& name) {
    std::string out;
    for (unsigned char c : name) out += std::isalnum(c) && c < 0x80 ? static_cast<char>(std::tolower(c)) : '-';
    return out;
}

// Where one part's own Pabulib file is served (the city-wide envelope's, or a district's).
std::string PartFileUrl(const Tenant& t, const Process& p, const std::string& district) {
    const std::string base = "/api/v1/tenants/" + t.slug + "/processes/" + p.slug + "/ballots.pb";
    return district.empty() ? base + "?city_wide=1" : base + "?district=" + UrlEncode(district);
}

nlohmann::json Selection(const std::string& rule, const std::vector<std::string>& winners, const ElectionResults& r) {
    Decimal total;
    for (const auto& row : r.rows)
        if (std::find(winners.begin(), winners.end(), row.id) != winners.end()) Add(total, row.cost, total);
    return {{"rule", rule}, {"winners", winners}, {"total_cost", total.ToString()}};
}

// "2026-11-30T14:00:00Z" -> seconds since 1970 (UTC), and back; the counts are whole hours.
std::int64_t HourSeconds(const std::string& iso) {
    std::tm tm{};
    if (std::sscanf(iso.c_str(), "%d-%d-%dT%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour) != 4) return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&tm));
}
std::string IsoOf(std::int64_t seconds, bool day) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, day ? "%Y-%m-%d" : "%Y-%m-%dT%H:00:00Z", &tm);
    return buf;
}

// Turnout over time from the counts per hour (never from the box, which holds no time):
// per hour (UTC) for votes of up to three days, else per day of the commune's calendar (its
// time zone: a ballot cast at 00:30 in Paris counts on that day, not the UTC day before), gaps
// filled with zeros. Ballots with no count (imported archives) are reported as "unknown".
nlohmann::json TurnoutOverTime(AppContext& app, const Tenant& t, const Process& p, std::int64_t ballots) {
    const auto hours = app.store.Read([&](Db& db) {
        std::vector<std::pair<std::int64_t, std::int64_t>> out;
        auto q = db.Prepare("SELECT hour, ballots FROM ballot_counts WHERE process_id = ? ORDER BY hour");
        q.Bind(1, p.id);
        while (q.Step())
            if (const auto at = HourSeconds(q.Text(0)); at >= 0) out.emplace_back(at, q.Int(1));
        return out;
    });
    std::int64_t counted = 0;
    for (const auto& h : hours) counted += h.second;
    const bool by_day = !hours.empty() && hours.back().first - hours.front().first > 72 * 3600;
    const std::int64_t step = by_day ? 86400 : 3600;
    // An hour's bucket: its UTC hour, or the local midnight of its day (as seconds on the local clock).
    auto bucket = [&](std::int64_t at) {
        if (!by_day) return at / 3600 * 3600;
        const std::int64_t local = at + UtcOffsetSeconds(at, t.time_zone);
        return (local >= 0 ? local / 86400 : (local - 86399) / 86400) * 86400;
    };
    nlohmann::json counts = nlohmann::json::array();
    if (!hours.empty()) {
        const std::int64_t first = bucket(hours.front().first);
        const std::int64_t last = bucket(hours.back().first);
        std::map<std::int64_t, std::int64_t> buckets;
        for (const auto& h : hours) buckets[bucket(h.first)] += h.second;
        for (std::int64_t at = first; at <= last; at += step)
            counts.push_back({{"start", IsoOf(at, by_day)}, {"ballots", buckets.count(at) ? buckets[at] : 0}});
    }
    return {{"bucket", by_day ? "day" : "hour"},
            {"timezone", by_day ? t.time_zone : std::string("UTC")},
            {"counts", std::move(counts)},
            {"unknown", std::max<std::int64_t>(0, ballots - counted)}};
}

// The box tallied by the shared engine under the process's rule (ApiError 500 when the
// stored rule or ballots cannot be counted).
ElectionResults ComputeOn(const PbElection& e, const Process& p) {
    RuleSpec spec;
    if (auto err = RuleSpecFromJson(p.rule, spec))
        Fail(500, "tally_failed", Msg("La règle de décompte n’est pas valable : {}", err->message));
    ElectionResults r;
    if (auto err = ComputeResults(e, spec, r, BudgetsOf(p))) {
        if (err->field == "districts") // settings the process should not have kept: say which
            Fail(409, err->code, err->message, "districts_budgets");
        Fail(500, "tally_failed", Msg("Le dépouillement a échoué : {}", err->message));
    }
    return r;
}

ElectionResults ComputeFor(AppContext& app, const Tenant& t, const Process& p) {
    return ComputeOn(ToElection(t, p, LoadBallots(app, p)), p);
}

// The published results: the shared engine's ComputeResults (the very function the results
// widget recounts with) on the box as a Pabulib election, plus turnout and district totals.
nlohmann::json ResultsJson(AppContext& app, const Tenant& t, const Process& p) {
    const auto ballots = LoadBallots(app, p);
    const PbElection e = ToElection(t, p, ballots);
    const ElectionResults r = ComputeOn(e, p);
    nlohmann::json j{{"process", p.slug},
                     {"phase", ToString(p.phase)},
                     {"rule", p.rule},
                     {"budget", p.budget.ToString()},
                     {"currency", p.currency},
                     {"winners", r.winners},
                     {"total_cost", r.spent.ToString()},
                     {"explanation", r.rule_explanation ? ToJson(*r.rule_explanation) : nlohmann::json()}};
    // Votes per project, for bars.
    nlohmann::json votes = nlohmann::json::object();
    for (const auto& row : r.rows) votes[row.id] = row.votes;
    j["votes"] = votes;
    // Greedy against Equal Shares on the same ballots: what the rule changes.
    j["comparison"] = {{"greedy", Selection("greedy", r.greedy_winners, r)}, {"mes", Selection("mes", r.mes_winners, r)}};
    // Turnout: ballots by method, codes issued and used, and ballots touching each district.
    nlohmann::json by_method = nlohmann::json::object(), by_district = nlohmann::json::object();
    std::map<std::string, std::string> district_of;
    for (const auto& pr : p.projects) district_of[pr.id] = pr.district;
    for (const auto& b : ballots) {
        by_method[b.method] = by_method.value(b.method, 0) + 1;
        std::set<std::string> touched;
        for (const auto& id : b.ballot.value("projects", nlohmann::json::array()))
            if (auto it = district_of.find(id.get<std::string>()); it != district_of.end() && !it->second.empty())
                touched.insert(it->second);
        for (const auto& d : touched) by_district[d] = by_district.value(d, 0) + 1;
    }
    std::int64_t uncoded_paper = 0; // paper ballots entered without a voter code
    const auto codes = app.store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT COUNT(*), COALESCE(SUM(used), 0) FROM voter_codes WHERE process_id = ?");
        q.Bind(1, p.id);
        q.Step();
        auto u = db.Prepare("SELECT COALESCE(SUM(uncoded), 0) FROM paper_entries WHERE process_id = ?");
        u.Bind(1, p.id);
        if (u.Step()) uncoded_paper = u.Int(0);
        return std::pair<std::int64_t, std::int64_t>(q.Int(0), q.Int(1));
    });
    j["turnout"] = {{"ballots", ballots.size()}, {"by_method", by_method}, {"codes_issued", codes.first},
                    {"codes_used", codes.second}, {"uncoded_paper", uncoded_paper}, {"by_district", by_district},
                    {"by_time", TurnoutOverTime(app, t, p, static_cast<std::int64_t>(ballots.size()))}};
    // Per-district budgets: each part decided within its own money by the same ComputeResults
    // (the winners above are these lists one after the other), each with its own .pb file.
    std::map<std::string, std::string> district_budget; // district -> its budget
    if (!r.districts.empty()) {
        nlohmann::json ds = nlohmann::json::array();
        for (const auto& d : r.districts) {
            ds.push_back({{"district", d.district},
                          {"city_wide", d.district.empty()},
                          {"budget", d.budget.ToString()},
                          {"winners", d.winners},
                          {"total_cost", d.spent.ToString()},
                          {"voters", d.voters},
                          {"comparison", {{"greedy", d.greedy_winners}, {"mes", d.mes_winners}}},
                          {"explanation", d.rule_explanation ? ToJson(*d.rule_explanation) : nlohmann::json()},
                          {"file", PartFileUrl(t, p, d.district)}});
            if (!d.district.empty()) district_budget[d.district] = d.budget.ToString();
        }
        j["districts"] = std::move(ds);
    }
    // One line per district for maps and tables: ballots touching it, its projects, and the
    // money its winners take (under its own budget when the budget is split).
    nlohmann::json totals = nlohmann::json::array();
    for (const auto& d : r.by_district) {
        nlohmann::json line{{"district", d.district}, {"ballots", by_district.value(d.district, 0)},
                            {"projects", d.projects}, {"funded", d.funded}, {"spent", d.spent.ToString()}};
        if (auto it = district_budget.find(d.district); it != district_budget.end()) line["budget"] = it->second;
        totals.push_back(std::move(line));
    }
    j["by_district"] = std::move(totals);
    return j;
}

// A published box never changes (a process cannot leave that phase, nor take ballots in
// it): its results and ballots file are made once per server, then served as they are.
template <class Make>
std::string PublishedBody(AppContext& app, const Process& p, const char* what, Make make) {
    if (p.phase < Phase::Published) return make(); // published, and still during the follow-up
    const std::string key = std::string("published/") + what + "/" + std::to_string(p.id);
    if (auto hit = app.CachedResponse(key, 0)) return *hit;
    std::string body = make();
    app.StoreResponse(key, 0, body);
    return body;
}

void RequireResults(AppContext& app, const Request& req, const Tenant& t, const Process& p) {
    if (p.phase >= Phase::Published) return;
    if (p.phase == Phase::Closed) {
        const Principal who = app.Identify(req);
        if (who.Can(Role::Moderator, t)) return; // staff preview the count before publishing
    }
    // With what the calendar says ("Résultats le 2 avril") when it says something.
    const LocalTime now = app.LocalNow(t);
    const ByLanguage said{[calendar = p.calendar, phase = p.phase, now](const std::string& lang) {
        return CalendarText(calendar, phase, now, lang);
    }};
    if (said.say("fr").empty()) Fail(409, "results_not_published", Msg("Les résultats ne sont pas encore publiés."));
    Fail(409, "results_not_published", Msg("Les résultats ne sont pas encore publiés : {}.", said));
}

// review: where each followed project stands, {"project id": follow-up}. Added to the body
// as served, outside the kept results: a follow-up changes long after the count.
void AddFollowUps(const Process& p, std::string& body) {
    nlohmann::json follow_up = nlohmann::json::object();
    for (const auto& pr : p.projects)
        if (!pr.follow_up.is_null()) follow_up[pr.id] = pr.follow_up;
    if (body.empty() || body.back() != '}') return;
    body.pop_back();
    body += ",\"follow_up\":" + follow_up.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}";
}

} // namespace

Response HandleResults(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    auto p = app.ProcessOf(*t, req);
    RequireResults(app, req, *t, *p);
    Response r;
    r.body = PublishedBody(app, *p, "results", [&] { return JsonResponse(200, ResultsJson(app, *t, *p)).body; });
    AddFollowUps(*p, r.body);
    return r;
}

// Why each project came out as it did, in one language: {"lang", "projects": {id: [lines]}}
// (shared/tally/explain_text.h: the results widget says the same on its recount). The plain
// pages read it for their results and project pages.
Response HandleResultsExplanations(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    auto p = app.ProcessOf(*t, req);
    RequireResults(app, req, *t, *p);
    const std::string lang = req.Language();
    const std::string what = "explanations/" + lang; // one cached body per language
    Response r;
    r.body = PublishedBody(app, *p, what.c_str(), [&] {
        const ElectionResults results = ComputeFor(app, *t, *p);
        nlohmann::json projects = nlohmann::json::object();
        for (const auto& row : results.rows) projects[row.id] = ExplainOutcome(results, row.id, lang);
        return JsonResponse(200, {{"lang", lang}, {"projects", std::move(projects)}}).body;
    });
    return r;
}

// The whole box, or with ?district=X (?city_wide=1) one part's own file as Pabulib publishes
// district files: its projects, its voters, its budget, META district.
Response HandleBallotsPb(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    auto p = app.ProcessOf(*t, req);
    RequireResults(app, req, *t, *p);
    const std::string district = req.Query("district");
    const bool city_wide = req.Query("city_wide") == "1";
    const bool part = city_wide || !district.empty();
    if (part && p->district_budgets.empty())
        Fail(404, "no_districts", Msg("Cette consultation ne répartit pas son budget par quartier."), "district");
    if (part && !city_wide && !p->district_budgets.contains(district)) {
        const std::string named = district.size() <= 80 ? district : district.substr(0, 80) + "…";
        Fail(404, "unknown_district", Msg("Cette consultation n’a pas de budget pour le quartier {}.", named), "district");
    }
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    std::string name = t->slug + "-" + p->slug;
    if (part) name += "-" + FileSlug(city_wide ? std::string("city-wide") : district);
    r.headers["Content-Disposition"] = "attachment; filename=\"" + name + ".pb\"";
    const std::string key = !part ? "ballots.pb" : city_wide ? "ballots.pb/city" : "ballots.pb/d/" + district;
    r.body = PublishedBody(app, *p, key.c_str(), [&] {
        const PbElection whole = ToElection(*t, *p, LoadBallots(app, *p));
        if (!part) return WritePabulib(whole);
        std::vector<DistrictPart> parts;
        if (auto err = SplitByDistrict(whole, BudgetsOf(*p), parts))
            Fail(409, err->code, err->message, "districts_budgets");
        for (const auto& d : parts)
            if (d.district == (city_wide ? std::string() : district)) return WritePabulib(d.election);
        Fail(404, "no_projects", Msg("Cette part du budget n’a pas de projets."), "district");
    });
    return r;
}

Response HandleProcessProjectsCsv(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    auto p = app.ProcessOf(*t, req);
    std::string out = "id,name,cost,category,district,latitude,longitude,placed,proposals,credited,progress_status,"
                      "progress_percent,start_date,end_date,spent\n";
    for (const auto& pr : p->projects) {
        out += CsvCell(pr.id) + "," + CsvCell(pr.name) + "," + pr.cost.ToString() + "," + CsvCell(pr.category) + "," +
               CsvCell(pr.district) + "," + (pr.latitude ? nlohmann::json(*pr.latitude).dump() : "") + "," +
               (pr.longitude ? nlohmann::json(*pr.longitude).dump() : "") + "," + (pr.placed ? "1" : "0");
        // review: the proposals it came from, credited authors, and its follow-up once funded.
        std::string proposals, credited;
        for (auto id : pr.proposals) proposals += (proposals.empty() ? "" : ";") + std::to_string(id);
        for (const auto& name : pr.credits) credited += (credited.empty() ? "" : "; ") + name;
        out += "," + proposals + "," + CsvCell(credited);
        const auto& f = pr.follow_up;
        auto text = [&](const char* k) { return f.is_null() || !f[k].is_string() ? std::string() : CsvCell(f[k].get<std::string>()); };
        out += "," + text("status") + "," + (f.is_null() ? "" : f["percent"].dump()) + "," + text("start_date") + "," +
               text("end_date") + "," + text("spent") + "\n";
    }
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.headers["Content-Disposition"] = "attachment; filename=\"" + t->slug + "-" + p->slug + "-projects.csv\"";
    r.body = std::move(out);
    return r;
}

Response HandleProcessProjectsGeoJson(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    auto p = app.ProcessOf(*t, req);
    nlohmann::json features = nlohmann::json::array();
    for (const auto& pr : p->projects) {
        if (!pr.latitude || !pr.longitude) continue;
        features.push_back({{"type", "Feature"},
                            {"geometry", {{"type", "Point"}, {"coordinates", {*pr.longitude, *pr.latitude}}}},
                            {"properties",
                             {{"id", pr.id}, {"name", pr.name}, {"cost", pr.cost.ToString()}, {"category", pr.category},
                              {"district", pr.district}, {"placed", pr.placed}}}});
        auto& props = features.back()["properties"];
        if (!pr.proposals.empty()) props["proposals"] = pr.proposals;
        if (!pr.credits.empty()) props["credited"] = pr.credits;
        if (!pr.follow_up.is_null()) props["follow_up"] = pr.follow_up;
    }
    Response r = JsonResponse(200, {{"type", "FeatureCollection"}, {"features", std::move(features)}});
    r.content_type = "application/geo+json; charset=utf-8";
    return r;
}

std::set<std::string> FundedProjects(AppContext& app, const Tenant& t, const Process& p) {
    std::set<std::string> out;
    if (p.phase < Phase::Published) return out;
    try {
        const std::string body =
            PublishedBody(app, p, "results", [&] { return JsonResponse(200, ResultsJson(app, t, p)).body; });
        const auto j = nlohmann::json::parse(body, nullptr, false);
        if (j.is_object() && j.contains("winners") && j["winners"].is_array())
            for (const auto& w : j["winners"])
                if (w.is_string()) out.insert(w.get<std::string>());
    } catch (const ApiError&) {
        // A box that cannot be counted funds nothing; its results route says why.
    }
    return out;
}

} // namespace quartier
