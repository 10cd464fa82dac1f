// Proposals of a tenant: list (filters, bounding box, text, pages, sorts; hot lists cached),
// submit (district by point-in-polygon, never typed; held as "pending", seen by its author
// and moderators only, where the commune pre-moderates), supports, flags, open-data exports.
// Validation is the shared model's, as in the widget. Each proposal says where it stands
// after submission (stage, public review, the project it became: AddLifecycle).
//
// Index of this file:
// [SECTION] Reading proposals
// [SECTION] List and submit
// [SECTION] Supports and flags
// [SECTION] Open data
#include "backend/routes.h"

#include "backend/http/net_address.h"
#include "backend/store/photo_store.h"
#include "backend/store/review_store.h"
#include "backend/text_util.h"
#include "shared/i18n.h"
#include "shared/category.h"
#include "shared/lifecycle.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Reading proposals
//-----------------------------------------------------------------------------

namespace {

constexpr const char* kColumns =
    "id, title, description, category, latitude, longitude, estimated_cost, status, district_code,"
    " district_name, supports, flags, created_at, merged_into, moderation_reason, credit_name, comments";

const char* const kVisible = "('submitted','published','selected')";

// The most items one list page holds (with ordinary descriptions, about 2 MB of JSON).
constexpr long kMaxPerPage = 5000;
// The most proposals one list asks for by id (ids=...): the map's mirror lists 100.
constexpr std::size_t kMaxIds = 200;

nlohmann::json RowJson(const Query& q, bool moderator) {
    Proposal p;
    p.id = q.Int(0);
    p.title = q.Text(1);
    p.description = q.Text(2);
    p.category = q.Text(3);
    p.latitude = q.Double(4);
    p.longitude = q.Double(5);
    p.estimated_cost = q.Int(6);
    ParseProposalStatus(q.Text(7), p.status);
    nlohmann::json j = ToJson(p);
    j["district"] = q.IsNull(8) ? nlohmann::json(nullptr)
                                : nlohmann::json{{"code", q.Text(8)}, {"name", q.Text(9)}};
    j["supports"] = q.Int(10);
    j["comments"] = q.Int(16); // published comments and replies (comment_handlers.cpp)
    j["created_at"] = q.Text(12);
    if (!q.IsNull(13)) j["merged_into"] = q.Int(13);
    if (p.status == ProposalStatus::Pending) // only its author and moderators ever see one
        j["status_label"] = InEveryLanguage(N_("en attente de modération"));
    if (!q.IsNull(15) && !q.Text(15).empty()) j["credited_as"] = q.Text(15);
    if (moderator) {
        j["flags"] = q.Int(11);
        if (!q.IsNull(14)) j["moderation_reason"] = q.Text(14);
    }
    return j;
}

// Each proposal's photos ("photos": [], in their order; see photo_store.h).
void AddPhotos(AppContext& app, const std::vector<nlohmann::json*>& proposals) {
    std::vector<std::int64_t> ids;
    for (const auto* j : proposals) ids.push_back((*j)["id"].get<std::int64_t>());
    auto photos = app.store.Read([&](Db& db) { return ReadPhotos(db, PhotoOwner::Proposal, ids); });
    for (auto* j : proposals) {
        auto it = photos.find((*j)["id"].get<std::int64_t>());
        (*j)["photos"] = it == photos.end() ? nlohmann::json::array() : std::move(it->second);
    }
}

double ParseNumber(const std::string& s, const char* field) {
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !std::isfinite(v))
        Fail(400, "invalid_parameter", Msg("Le paramètre {} doit être un nombre.", field), field);
    return v;
}

long ParseInt(const std::string& s, const char* field, long min, long max) {
    char* end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < min || v > max)
        Fail(400, "invalid_parameter", Msg("Le paramètre {} doit être un entier de {} à {}.", field, min, max), field);
    return v;
}

// The WHERE clause and its bound values for a list request.
struct Filter {
    std::string where;
    std::vector<std::string> texts; // bound in order after tenant_id (numbers bound as text work in SQLite
    std::vector<double> numbers;    // comparisons only when typed: so keep them apart)
    std::vector<char> order;        // 't' or 'n' for each placeholder
};

Filter BuildFilter(const Request& req, bool moderator) {
    Filter f;
    f.where = "tenant_id = ?";
    const std::string status = req.Query("status");
    if (status.empty()) {
        f.where += std::string(" AND status IN ") + kVisible;
    } else {
        ProposalStatus s;
        if (!ParseProposalStatus(status, s))
            Fail(400, "invalid_parameter", Msg("Statut inconnu."), "status");
        if (!moderator && s != ProposalStatus::Submitted && s != ProposalStatus::Published &&
            s != ProposalStatus::Selected)
            Fail(403, "forbidden", Msg("Seuls les modérateurs voient les propositions refusées ou masquées."), "status");
        f.where += " AND status = ?";
        f.texts.push_back(status);
        f.order.push_back('t');
    }
    if (const std::string d = req.Query("district"); !d.empty()) {
        f.where += " AND district_code = ?";
        f.texts.push_back(d);
        f.order.push_back('t');
    }
    if (const std::string c = req.Query("category"); !c.empty()) {
        f.where += " AND category = ?";
        f.texts.push_back(c);
        f.order.push_back('t');
    }
    // Given proposals by id (the map's cards: its points come without titles, map_handlers.cpp).
    if (const std::string ids = req.Query("ids"); !ids.empty()) {
        std::stringstream ss(ids);
        std::string part;
        std::string marks;
        while (std::getline(ss, part, ',')) {
            const long id = ParseInt(part, "ids", 1, 2000000000);
            marks += marks.empty() ? "?" : ",?";
            f.numbers.push_back(static_cast<double>(id));
            f.order.push_back('n');
            if (f.numbers.size() > kMaxIds)
                Fail(400, "invalid_parameter", Msg("Au plus {} identifiants à la fois.", kMaxIds), "ids");
        }
        if (marks.empty()) Fail(400, "invalid_parameter", Msg("ids liste des identifiants de propositions, séparés par des virgules."), "ids");
        f.where += " AND id IN (" + marks + ")";
    }
    if (const std::string b = req.Query("bbox"); !b.empty()) {
        std::vector<double> v;
        std::stringstream ss(b);
        std::string part;
        while (std::getline(ss, part, ',')) v.push_back(ParseNumber(part, "bbox"));
        if (v.size() != 4 || v[0] > v[2] || v[1] > v[3])
            Fail(400, "invalid_parameter", Msg("bbox s’écrit minLon,minLat,maxLon,maxLat."), "bbox");
        f.where += " AND longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?";
        for (double x : {v[0], v[2], v[1], v[3]}) {
            f.numbers.push_back(x);
            f.order.push_back('n');
        }
    }
    if (const std::string q = Trim(req.Query("q")); !q.empty()) {
        std::string like = "%";
        for (char c : q) {
            if (c == '%' || c == '_' || c == '\\') like += '\\';
            like += c;
        }
        like += "%";
        f.where += " AND (title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')";
        f.texts.push_back(like);
        f.texts.push_back(like);
        f.order.push_back('t');
        f.order.push_back('t');
    }
    return f;
}

void BindFilter(Query& q, const Filter& f, std::int64_t tenant_id) {
    q.Bind(1, tenant_id);
    size_t t = 0, n = 0;
    int i = 2;
    for (char kind : f.order) {
        if (kind == 't') q.Bind(i++, f.texts[t++]);
        else q.Bind(i++, f.numbers[n++]);
    }
}

bool IsModerator(const Principal& who, const Tenant& t) {
    return who.Can(Role::Moderator, t);
}

// A list request's parameters, read and checked once: the cache key is made of these and
// nothing else, so that junk parameters cannot multiply entries nor one query pass for another.
struct ListParams {
    std::string sort;
    const char* order = nullptr;
    long page = 1, per_page = 50;
};

ListParams ReadListParams(const Request& req) {
    ListParams lp;
    lp.sort = req.Query("sort", "newest");
    if (lp.sort == "newest") lp.order = "id DESC";
    else if (lp.sort == "oldest") lp.order = "id ASC";
    else if (lp.sort == "supports") lp.order = "supports DESC, id DESC";
    else if (lp.sort == "cost") lp.order = "estimated_cost DESC, id DESC";
    else
        Fail(400, "invalid_parameter", Msg("sort vaut newest, oldest, supports ou cost."), "sort");
    lp.page = ParseInt(req.Query("page", "1"), "page", 1, 1000000);
    // Above the maximum is served as the maximum (the answer's per_page says so): the map
    // widget asks for "all of them" with a large number.
    lp.per_page = std::min(ParseInt(req.Query("per_page", "50"), "per_page", 1, 1000000000), kMaxPerPage);
    return lp;
}

std::string ListBody(AppContext& app, const Tenant& t, const ListParams& lp, const Filter& f, bool moderator) {
    const long page = lp.page, per_page = lp.per_page;
    nlohmann::json body = app.store.Read([&](Db& db) {
        auto count = db.Prepare("SELECT COUNT(*) FROM proposals WHERE " + f.where);
        BindFilter(count, f, t.id);
        count.Step();
        const std::int64_t total = count.Int(0);
        auto q = db.Prepare(std::string("SELECT ") + kColumns + " FROM proposals WHERE " + f.where +
                            " ORDER BY " + lp.order + " LIMIT ? OFFSET ?");
        BindFilter(q, f, t.id);
        const int next = 2 + static_cast<int>(f.order.size());
        q.Bind(next, static_cast<std::int64_t>(per_page))
            .Bind(next + 1, static_cast<std::int64_t>(page - 1) * per_page);
        nlohmann::json items = nlohmann::json::array();
        while (q.Step()) items.push_back(RowJson(q, moderator));
        return nlohmann::json{{"items", std::move(items)}, {"total", total}, {"page", page}, {"per_page", per_page}};
    });
    std::vector<nlohmann::json*> items;
    for (auto& item : body["items"]) items.push_back(&item);
    AddLifecycle(app, t, items);
    AddPhotos(app, items);
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response ListFor(AppContext& app, const Tenant& t, const Request& req) {
    const Principal who = app.Identify(req);
    const bool moderator = IsModerator(who, t);
    const ListParams lp = ReadListParams(req);
    const Filter f = BuildFilter(req, moderator);
    // Lists are the hottest reads (the map asks for all of them): cached per tenant and
    // query, until the tenant's proposals change. The key is the query as the database gets
    // it (JSON: every value escaped, none can pass for another's).
    nlohmann::json key_parts{t.id, moderator, f.where, f.texts, f.numbers, lp.sort, lp.page, lp.per_page};
    const std::string key = "list/" + key_parts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::uint64_t generation = app.Generation(t.id);
    Response r;
    if (auto hit = app.CachedResponse(key, generation)) {
        r.body = std::move(*hit);
    } else {
        r.body = ListBody(app, t, lp, f, moderator);
        app.StoreResponse(key, generation, r.body);
    }
    return r;
}

std::string ClientKey(const Tenant& t, const Request& req) { return std::to_string(t.id) + "|" + AddressKey(req.remote_addr); }

Response CreateFor(AppContext& app, const Tenant& t, const Request& req) {
    const Principal who = app.Identify(req);
    if (!app.submissions.Allow(ClientKey(t, req)))
        Fail(429, "rate_limited", Msg("Trop de propositions envoyées d’ici ; réessayez plus tard."));
    const auto body = ParseClientJson(req.body);
    if (body.is_discarded()) FailBadJson();
    Proposal p;
    if (auto error = ProposalFromSubmission(body, p)) throw ApiError(400, *error);
    // By its id or one of its names (shared/category.h, as the widgets and pages read them).
    if (const auto cats = CategoriesFromJson(t.categories); !cats.empty() && FindCategory(cats, p.category) < 0)
        Fail(400, "unknown_category", Msg("Choisissez l’une des catégories de la commune."), "category");
    std::optional<std::string> code, name;
    if (!t.districts.empty()) {
        const int i = FindRegion(t.districts, {p.longitude, p.latitude});
        if (i < 0)
            // TRANSLATORS: {} is the commune's name; in French with its "de" ("de Toulouse", "d’Angers").
            Fail(400, "outside_districts", Msg("Ce lieu est en dehors {} : placez la proposition à l’intérieur.", OfPlace(t.name)),
                 "latitude");
        code = t.districts[static_cast<size_t>(i)].code;
        name = t.districts[static_cast<size_t>(i)].name;
    }
    const std::string created = app.store.Write([&](Db& db) {
        db.Prepare("INSERT INTO proposals (tenant_id, title, description, category, latitude, longitude,"
                   " estimated_cost, status, district_code, district_name, author_id, credit_name)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .Bind(1, t.id)
            .Bind(2, p.title)
            .Bind(3, p.description)
            .Bind(4, p.category)
            .Bind(5, p.latitude)
            .Bind(6, p.longitude)
            .Bind(7, p.estimated_cost)
            .Bind(8, t.premoderation ? "pending" : "submitted")
            .Bind(9, code)
            .Bind(10, name)
            .Bind(11, who.user_id ? std::optional<std::int64_t>(who.user_id) : std::nullopt)
            .Bind(12, p.credit_name.empty() ? std::nullopt : std::optional<std::string>(p.credit_name))
            .Run();
        auto q = db.Prepare(std::string("SELECT ") + kColumns + " FROM proposals WHERE id = ?");
        q.Bind(1, db.LastInsertId());
        q.Step();
        return RowJson(q, false).dump();
    });
    app.Bump(t.id);
    Response r;
    r.status = 201;
    r.body = created;
    r.headers["Location"] = "/api/v1/tenants/" + t.slug + "/proposals/" +
                            std::to_string(nlohmann::json::parse(created)["id"].get<std::int64_t>());
    return r;
}

std::int64_t ProposalId(const Request& req) { return std::stoll(req.path_params.at(1)); }

// The visible proposal id of tenant t, or 404.
void RequireVisible(Db& db, const Tenant& t, std::int64_t id) {
    auto q = db.Prepare(std::string("SELECT 1 FROM proposals WHERE id = ? AND tenant_id = ? AND status IN ") + kVisible);
    q.Bind(1, id).Bind(2, t.id);
    if (!q.Step()) FailNotFound(Msg("La proposition est introuvable."));
}

std::int64_t Supports(Db& db, std::int64_t id) {
    auto q = db.Prepare("SELECT supports FROM proposals WHERE id = ?");
    q.Bind(1, id);
    q.Step();
    return q.Int(0);
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] List and submit
//-----------------------------------------------------------------------------

Response HandleListTenantProposals(AppContext& app, const Request& req) {
    return ListFor(app, *app.TenantOf(req), req);
}

Response HandleCreateTenantProposal(AppContext& app, const Request& req) {
    return CreateFor(app, *app.TenantOf(req), req);
}

Response HandleListProposals(AppContext& app, const Request& req) {
    auto t = app.FindTenant(app.options.default_tenant);
    if (!t) FailNotFound(Msg("La commune par défaut est introuvable."));
    return ListFor(app, *t, req);
}

Response HandleCreateProposal(AppContext& app, const Request& req) {
    auto t = app.FindTenant(app.options.default_tenant);
    if (!t) FailNotFound(Msg("La commune par défaut est introuvable."));
    Response r = CreateFor(app, *t, req);
    // The alias keeps its own Location, as before tenants existed.
    r.headers["Location"] = "/api/v1/proposals/" +
                            std::to_string(nlohmann::json::parse(r.body)["id"].get<std::int64_t>());
    return r;
}

Response HandleGetProposal(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.Identify(req);
    const bool moderator = IsModerator(who, *t);
    const std::int64_t id = ProposalId(req);
    nlohmann::json out = app.store.Read([&](Db& db) {
        auto q = db.Prepare(std::string("SELECT ") + kColumns + ", author_id FROM proposals WHERE id = ? AND tenant_id = ?");
        q.Bind(1, id).Bind(2, t->id);
        if (!q.Step()) FailNotFound(Msg("La proposition est introuvable."));
        nlohmann::json j = RowJson(q, moderator);
        // A pending proposal is its author's to see (and the moderators'), nobody else's; a
        // duplicate merged into another stays readable: its author follows it there.
        const bool own_pending = j["status"] == "pending" && !who.Anonymous() && !q.IsNull(17) && q.Int(17) == who.user_id;
        const bool merged = j["status"] == "hidden" && j.contains("merged_into");
        if (!moderator && !own_pending && !merged && j["status"] != "submitted" && j["status"] != "published" &&
            j["status"] != "selected")
            FailNotFound(Msg("La proposition est introuvable."));
        if (!who.Anonymous()) {
            j["mine"] = !q.IsNull(17) && q.Int(17) == who.user_id; // its author may add photos
            auto s = db.Prepare("SELECT 1 FROM supports WHERE proposal_id = ? AND user_id = ?");
            s.Bind(1, id).Bind(2, who.user_id);
            j["supported"] = s.Step();
        }
        return j;
    });
    AddLifecycle(app, *t, {&out});
    AddPhotos(app, {&out});
    return JsonResponse(200, out);
}

void AddLifecycle(AppContext& app, const Tenant& t, const std::vector<nlohmann::json*>& proposals) {
    std::vector<std::int64_t> ids;
    for (const auto* j : proposals) ids.push_back((*j)["id"].get<std::int64_t>());
    const auto reviews = app.store.Read([&](Db& db) { return ReadReviews(db, ids); });
    std::map<std::string, std::set<std::string>> funded; // per process, counted once per call
    for (auto* j : proposals) {
        StageFacts f;
        f.merged = j->contains("merged_into");
        const auto it = reviews.find((*j)["id"].get<std::int64_t>());
        if (it != reviews.end()) {
            const ReviewRow& r = it->second;
            f.reviewed = true;
            f.feasible_decided = r.feasible.has_value();
            f.feasible = r.feasible.value_or(false);
            f.on_ballot = r.project.has_value();
            Phase phase;
            f.results_published = ParsePhase(r.phase, phase) && phase >= Phase::Published;
            if (f.on_ballot && f.results_published) {
                auto found = funded.find(r.process);
                if (found == funded.end()) {
                    const auto p = app.FindProcess(t, r.process);
                    found = funded.emplace(r.process, p ? FundedProjects(app, t, *p) : std::set<std::string>()).first;
                }
                f.funded = found->second.count(*r.project) > 0;
            }
            if (r.progress) f.has_progress = ParseProgressStatus(*r.progress, f.progress);
            auto orNull = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
            (*j)["review"] = {{"feasible", orNull(r.feasible)},
                              {"reason", r.reason.empty() ? nlohmann::json() : nlohmann::json(r.reason)},
                              {"estimated_cost", orNull(r.cost)},
                              {"process", r.process.empty() ? nlohmann::json() : nlohmann::json(r.process)},
                              {"district", orNull(r.district)},
                              {"reviewed_at", r.reviewed_at}};
            if (r.project) {
                (*j)["project"] = {{"process", r.process}, {"id", *r.project}};
                if (f.has_progress) (*j)["project"]["progress"] = {{"status", *r.progress}, {"percent", r.percent.value_or(0)}};
            }
        }
        (*j)["stage"] = ToString(DeriveStage(f));
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Supports and flags
//-----------------------------------------------------------------------------

Response HandleSupport(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    const std::int64_t id = ProposalId(req);
    const std::int64_t n = app.store.Write([&](Db& db) {
        RequireVisible(db, *t, id);
        db.Prepare("INSERT OR IGNORE INTO supports (proposal_id, user_id) VALUES (?, ?)").Bind(1, id).Bind(2, who.user_id).Run();
        return Supports(db, id);
    });
    app.Bump(t->id);
    return JsonResponse(200, {{"supports", n}, {"supported", true}});
}

Response HandleWithdrawSupport(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    const std::int64_t id = ProposalId(req);
    const std::int64_t n = app.store.Write([&](Db& db) {
        RequireVisible(db, *t, id);
        db.Prepare("DELETE FROM supports WHERE proposal_id = ? AND user_id = ?").Bind(1, id).Bind(2, who.user_id).Run();
        return Supports(db, id);
    });
    app.Bump(t->id);
    return JsonResponse(200, {{"supports", n}, {"supported", false}});
}

Response HandleFlag(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    const std::int64_t id = ProposalId(req);
    const auto body = JsonBody(req);
    const std::string reason = RequireText(body, "reason", 3, 500, Word("La raison"));
    app.store.Write([&](Db& db) {
        RequireVisible(db, *t, id);
        auto q = db.Prepare("SELECT 1 FROM flags WHERE proposal_id = ? AND user_id = ?");
        q.Bind(1, id).Bind(2, who.user_id);
        if (q.Step())
            Fail(409, "already_flagged", Msg("Vous avez déjà signalé cette proposition."));
        db.Prepare("INSERT INTO flags (proposal_id, user_id, reason) VALUES (?, ?, ?)")
            .Bind(1, id).Bind(2, who.user_id).Bind(3, reason).Run();
    });
    app.Bump(t->id);
    return JsonResponse(201, {{"flagged", true}, {"proposal", id}});
}

//-----------------------------------------------------------------------------
// [SECTION] Open data
//-----------------------------------------------------------------------------

namespace {
template <class F> void ForEachVisible(AppContext& app, const Tenant& t, F&& f) {
    auto rows = app.store.Read([&](Db& db) {
        std::vector<nlohmann::json> out;
        auto q = db.Prepare(std::string("SELECT ") + kColumns + " FROM proposals WHERE tenant_id = ? AND status IN " +
                            kVisible + " ORDER BY id");
        q.Bind(1, t.id);
        while (q.Step()) out.push_back(RowJson(q, false));
        return out;
    });
    std::vector<nlohmann::json*> items;
    for (auto& row : rows) items.push_back(&row);
    AddLifecycle(app, t, items);
    for (auto& row : rows) f(std::move(row));
}
} // namespace

Response HandleProposalsCsv(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    std::string out = "id,title,description,category,latitude,longitude,estimated_cost,status,district_code,"
                      "district_name,supports,created_at,stage,review_reason,credited_as,comments\n";
    ForEachVisible(app, *t, [&](const nlohmann::json& j) {
        const auto& d = j["district"];
        out += std::to_string(j["id"].get<std::int64_t>()) + "," + CsvCell(j["title"]) + "," +
               CsvCell(j["description"]) + "," + CsvCell(j["category"]) + "," + j["latitude"].dump() + "," +
               j["longitude"].dump() + "," + j["estimated_cost"].dump() + "," + j["status"].get<std::string>() +
               "," + (d.is_null() ? "" : CsvCell(d["code"])) + "," + (d.is_null() ? "" : CsvCell(d["name"])) +
               "," + j["supports"].dump() + "," + j["created_at"].get<std::string>() + "," +
               j["stage"].get<std::string>() + "," +
               (j.contains("review") && j["review"]["reason"].is_string() ? CsvCell(j["review"]["reason"]) : "") + "," +
               (j.contains("credited_as") ? CsvCell(j["credited_as"]) : "") + "," + j["comments"].dump() + "\n";
    });
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.headers["Content-Disposition"] = "attachment; filename=\"" + t->slug + "-proposals.csv\"";
    r.body = std::move(out);
    return r;
}

Response HandleProposalsGeoJson(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    nlohmann::json features = nlohmann::json::array();
    ForEachVisible(app, *t, [&](nlohmann::json j) {
        const double lon = j["longitude"], lat = j["latitude"];
        j.erase("latitude");
        j.erase("longitude");
        features.push_back({{"type", "Feature"},
                            {"geometry", {{"type", "Point"}, {"coordinates", {lon, lat}}}},
                            {"properties", std::move(j)}});
    });
    Response r = JsonResponse(200, {{"type", "FeatureCollection"}, {"features", std::move(features)}});
    r.content_type = "application/geo+json; charset=utf-8";
    return r;
}

} // namespace quartier
