// Moderation of a commune's proposals: the queue (new and reported ones), approve, reject
// with a reason, hide, merge duplicates (supports move to the kept one), bulk actions; the
// same queue holds residents' comments awaiting a moderator (pending or reported), approved
// or hidden one by one or in bulk. Every action goes to the append-only audit log, whose hash
// chain an endpoint verifies.
#include "backend/routes.h"

#include "backend/calendar.h"
#include "backend/mail/outbox.h"

#include "backend/text_util.h"
#include "shared/duplicates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace quartier {

namespace {

struct Action {
    std::string name;   // approve, reject, hide, merge
    std::string reason; // required to reject
    std::int64_t into = 0; // merge target
};

Action ReadAction(const nlohmann::json& body, const std::string& name) {
    Action a;
    a.name = name;
    if (name != "approve" && name != "reject" && name != "hide" && name != "merge")
        Fail(400, "unknown_action", Msg("L’action est approve, reject, hide ou merge."), "action");
    if (name == "reject") a.reason = RequireText(body, "reason", 3, 500, Word("La raison"));
    else if (body.contains("reason")) a.reason = RequireText(body, "reason", 0, 500, Word("La raison"));
    if (name == "merge") {
        if (!body.contains("into") || !body["into"].is_number_integer())
            Fail(400, "required", Msg("Indiquez la proposition dont celle-ci est un doublon (into)."), "into");
        a.into = body["into"].get<std::int64_t>();
    }
    return a;
}

// Applies a to proposal id of tenant t; false when there is no such proposal.
bool Apply(AppContext& app, Db& db, const Tenant& t, const Principal& who, std::int64_t id, const Action& a) {
    auto q = db.Prepare("SELECT status FROM proposals WHERE id = ? AND tenant_id = ?");
    q.Bind(1, id).Bind(2, t.id);
    if (!q.Step()) return false;
    const std::string before = q.Text(0);
    // A merged duplicate tells the author (and the audit log) which proposal it joined.
    const std::string reason = a.name == "merge" && a.reason.empty() ? "doublon de #" + std::to_string(a.into) : a.reason;
    std::int64_t moved = -1;
    if (a.name == "merge") {
        if (a.into == id)
            Fail(400, "invalid_merge", Msg("Une proposition ne peut pas être fusionnée avec elle-même."), "into");
        auto target = db.Prepare("SELECT 1 FROM proposals WHERE id = ? AND tenant_id = ? AND status IN ('submitted','published','selected')");
        target.Bind(1, a.into).Bind(2, t.id);
        if (!target.Step())
            Fail(404, "not_found", Msg("La proposition à conserver est introuvable."), "into");
        moved = db.Prepare("INSERT OR IGNORE INTO supports (proposal_id, user_id) SELECT ?, user_id FROM supports WHERE proposal_id = ?")
                    .Bind(1, a.into).Bind(2, id).Run();
        db.Prepare("UPDATE proposals SET status = 'hidden', merged_into = ?, moderation_reason = ? WHERE id = ?")
            .Bind(1, a.into).Bind(2, reason).Bind(3, id).Run();
    } else {
        const char* status = a.name == "approve" ? "published" : a.name == "reject" ? "rejected" : "hidden";
        db.Prepare("UPDATE proposals SET status = ?, moderation_reason = ? WHERE id = ?")
            .Bind(1, status)
            .Bind(2, a.reason.empty() ? std::optional<std::string>() : std::optional<std::string>(a.reason))
            .Bind(3, id)
            .Run();
    }
    // The author hears of it (in the same transaction: no decision without its message).
    if (a.name == "reject" && before != "rejected") QueueDecision(app, db, t, id, Decision::Rejected, a.reason);
    else if (a.name == "approve" && before != "published" && before != "selected")
        QueueDecision(app, db, t, id, Decision::Published);
    nlohmann::json detail{{"from", before}};
    if (!reason.empty()) detail["reason"] = reason;
    if (a.into) detail["into"] = a.into;
    if (moved >= 0) detail["supports_moved"] = moved;
    AppendAudit(db, t.id, who, "proposal." + a.name, std::to_string(id), detail);
    return true;
}

// Applies approve or hide to comment id of tenant t; false when there is no such comment (nor,
// in bulk, a comment its author deleted: alone, that one is refused with its reason).
// Hiding takes it from residents at once (the thread reads status); its reports stay for the record.
bool ApplyToComment(AppContext& app, Db& db, const Tenant& t, const Principal& who, std::int64_t id, const std::string& action,
                    const std::string& reason, bool bulk) {
    auto q = db.Prepare("SELECT status, proposal_id FROM comments WHERE id = ? AND tenant_id = ?");
    q.Bind(1, id).Bind(2, t.id);
    if (!q.Step()) return false;
    const std::string before = q.Text(0);
    const std::int64_t proposal = q.Int(1);
    if (before == "deleted" && bulk) return false;
    if (before == "deleted")
        Fail(409, "comment_deleted", Msg("Son auteur a supprimé ce commentaire : il n’y a plus rien à modérer."));
    db.Prepare("UPDATE comments SET status = ?, moderation_reason = ? WHERE id = ?")
        .Bind(1, action == "approve" ? "published" : "hidden")
        .Bind(2, reason.empty() ? std::optional<std::string>() : std::optional<std::string>(reason))
        .Bind(3, id)
        .Run();
    // Approving a reported comment settles its reports: it leaves the queue.
    if (action == "approve") db.Prepare("DELETE FROM comment_flags WHERE comment_id = ?").Bind(1, id).Run();
    // A reply that waited for a moderator reaches its parent's author now.
    if (action == "approve" && before == "pending") QueueReply(app, db, t, id);
    nlohmann::json detail{{"from", before}, {"proposal", proposal}};
    if (!reason.empty()) detail["reason"] = reason;
    AppendAudit(db, t.id, who, "comment." + action, std::to_string(id), detail);
    return true;
}

std::string CommentReason(const nlohmann::json& body) {
    return body.contains("reason") ? RequireText(body, "reason", 0, 500, Word("La raison")) : std::string();
}

} // namespace

Response HandleModerationQueue(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    app.RequireStaff(req, t.get(), {Role::Moderator});
    const std::string status = req.Query("status");
    ProposalStatus parsed;
    if (!status.empty() && !ParseProposalStatus(status, parsed))
        Fail(400, "unknown_status", Msg("Le statut est pending, submitted, published, rejected, hidden ou selected."), "status");
    return JsonResponse(200, app.store.Read([&](Db& db) {
        // The items: by default what needs a look (new, and reported published ones); with
        // ?status=, every proposal in that status.
        const std::string where = status.empty()
            ? "p.status IN ('pending','submitted') OR (p.flags > 0 AND p.status IN ('published','selected'))" : "p.status = ?";
        auto q = db.Prepare("SELECT p.id, p.title, p.description, p.category, p.status, p.flags, p.district_name, p.created_at,"
                            " p.latitude, p.longitude, p.estimated_cost, p.supports, p.author_id, u.created_at,"
                            " p.district_code, p.merged_into, p.moderation_reason"
                            " FROM proposals p LEFT JOIN users u ON u.id = p.author_id"
                            " WHERE p.tenant_id = ? AND (" + where + ") ORDER BY p.flags DESC, p.id ASC LIMIT 500");
        q.Bind(1, t->id);
        if (!status.empty()) q.Bind(2, status);
        nlohmann::json items = nlohmann::json::array();
        std::map<std::int64_t, std::string> authors; // author_id -> pseudonym, for this answer only
        while (q.Step()) {
            nlohmann::json author; // null once the author erased the account (author_id SET NULL)
            if (!q.IsNull(12)) author = authors[q.Int(12)] = app.AuthorKey(t->id, q.Int(12), q.Text(13));
            nlohmann::json j{{"id", q.Int(0)},          {"title", q.Text(1)},        {"description", q.Text(2)},
                             {"category", q.Text(3)},   {"status", q.Text(4)},       {"flags", q.Int(5)},
                             {"district", q.IsNull(6) ? nlohmann::json() : nlohmann::json(q.Text(6))},
                             {"district_code", q.IsNull(14) ? nlohmann::json() : nlohmann::json(q.Text(14))},
                             {"created_at", q.Text(7)}, {"latitude", q.Double(8)},   {"longitude", q.Double(9)},
                             {"estimated_cost", q.Int(10)}, {"supports", q.Int(11)}, {"author", author},
                             {"reasons", nlohmann::json::array()}, {"duplicates", nlohmann::json::array()}};
            if (!q.IsNull(15)) j["merged_into"] = q.Int(15);
            if (!q.IsNull(16)) j["moderation_reason"] = q.Text(16);
            auto f = db.Prepare("SELECT reason FROM flags WHERE proposal_id = ? ORDER BY id LIMIT 20");
            f.Bind(1, q.Int(0));
            while (f.Step()) j["reasons"].push_back(f.Text(0));
            items.push_back(std::move(j));
        }

        // Likely duplicates of each item among the tenant's live proposals (queue or not):
        // similar titles at nearby places, the same rule the console applies.
        struct Candidate {
            std::int64_t id;
            std::string title, status;
            LonLat at;
            std::optional<std::set<std::string>> words; // computed when first near something
        };
        std::vector<Candidate> candidates;
        auto c = db.Prepare("SELECT id, title, status, longitude, latitude FROM proposals"
                            " WHERE tenant_id = ? AND status IN ('submitted','published','selected') ORDER BY latitude");
        c.Bind(1, t->id);
        while (c.Step()) candidates.push_back({c.Int(0), c.Text(1), c.Text(2), {c.Double(3), c.Double(4)}, std::nullopt});
        const DuplicateRule rule;
        const double lat_window = rule.max_metres / 111000.0; // a degree of latitude is at least 110.5 km
        for (auto& j : items) {
            const LonLat here{j["longitude"].get<double>(), j["latitude"].get<double>()};
            const auto words = TitleWords(j["title"].get<std::string>());
            std::vector<std::pair<double, const Candidate*>> found;
            auto it = std::lower_bound(candidates.begin(), candidates.end(), here.lat - lat_window,
                                       [](const Candidate& k, double lat) { return k.at.lat < lat; });
            for (; it != candidates.end() && it->at.lat <= here.lat + lat_window; ++it) {
                if (it->id == j["id"].get<std::int64_t>()) continue;
                if (DistanceMetres(here, it->at) > rule.max_metres) continue;
                if (!it->words) it->words = TitleWords(it->title);
                double metres = 0;
                if (LikelyDuplicate(words, here, *it->words, it->at, &metres, rule)) found.emplace_back(metres, &*it);
            }
            std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            if (found.size() > 5) found.resize(5);
            for (const auto& [metres, k] : found)
                j["duplicates"].push_back({{"id", k->id}, {"title", k->title}, {"status", k->status},
                                           {"distance_m", static_cast<std::int64_t>(std::lround(metres))}});
        }

        // Each author's proposals in this tenant (every status), under the pseudonym only.
        nlohmann::json by_author = nlohmann::json::object();
        for (const auto& [user_id, key] : authors) {
            nlohmann::json list = nlohmann::json::array();
            auto a = db.Prepare("SELECT id, title, status, created_at FROM proposals WHERE tenant_id = ? AND author_id = ?"
                                " ORDER BY id DESC LIMIT 50");
            a.Bind(1, t->id).Bind(2, user_id);
            while (a.Step()) list.push_back({{"id", a.Int(0)}, {"title", a.Text(1)}, {"status", a.Text(2)}, {"created_at", a.Text(3)}});
            by_author[key] = std::move(list);
        }

        // Counts per status over the whole tenant, and how many live proposals are reported.
        nlohmann::json counts = nlohmann::json::object();
        for (const char* s : {"pending", "submitted", "published", "rejected", "hidden", "selected"}) counts[s] = 0;
        auto n = db.Prepare("SELECT status, COUNT(*) FROM proposals WHERE tenant_id = ? GROUP BY status");
        n.Bind(1, t->id);
        while (n.Step()) counts[n.Text(0)] = n.Int(1);
        auto fl = db.Prepare("SELECT COUNT(*) FROM proposals WHERE tenant_id = ? AND flags > 0 AND status IN ('submitted','published','selected')");
        fl.Bind(1, t->id);
        fl.Step();
        const auto total = items.size();
        return nlohmann::json{{"items", std::move(items)}, {"total", total},      {"counts", std::move(counts)},
                              {"flagged", fl.Int(0)},     {"authors", std::move(by_author)},
                              {"comments", CommentQueue(app, db, *t)}};
    }));
}

Response HandleModerate(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Moderator});
    const std::int64_t id = std::stoll(req.path_params.at(1));
    const Action a = ReadAction(req.body.empty() ? nlohmann::json::object() : JsonBody(req), req.path_params.at(2));
    const bool found = app.store.Write([&](Db& db) { return Apply(app, db, *t, who, id, a); });
    if (!found) FailNotFound(Msg("La proposition est introuvable."));
    app.Bump(t->id);
    return JsonResponse(200, {{"id", id}, {"action", a.name}, {"status", a.name == "approve" ? "published"
                                                                       : a.name == "reject" ? "rejected" : "hidden"}});
}

Response HandleModerateBulk(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Moderator});
    const auto body = JsonBody(req);
    const Action a = ReadAction(body, body.value("action", ""));
    if (!body.contains("ids") || !body["ids"].is_array() || body["ids"].empty() || body["ids"].size() > 1000)
        Fail(400, "invalid_type", Msg("ids liste de 1 à 1 000 propositions."), "ids");
    std::vector<std::int64_t> ids;
    for (const auto& v : body["ids"]) {
        if (!v.is_number_integer()) Fail(400, "invalid_type", Msg("ids sont des nombres."), "ids");
        ids.push_back(v.get<std::int64_t>());
    }
    nlohmann::json done = nlohmann::json::array(), missing = nlohmann::json::array();
    app.store.Write([&](Db& db) {
        done = nlohmann::json::array();
        missing = nlohmann::json::array();
        for (auto id : ids) (Apply(app, db, *t, who, id, a) ? done : missing).push_back(id);
    });
    app.Bump(t->id);
    return JsonResponse(200, {{"action", a.name}, {"done", done}, {"not_found", missing}});
}

Response HandleModerateComment(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Moderator});
    const std::int64_t id = std::stoll(req.path_params.at(1));
    const std::string action = req.path_params.at(2);
    const std::string reason = CommentReason(req.body.empty() ? nlohmann::json::object() : JsonBody(req));
    const bool found = app.store.Write([&](Db& db) { return ApplyToComment(app, db, *t, who, id, action, reason, false); });
    if (!found) FailNotFound(Msg("Le commentaire est introuvable."));
    app.Bump(t->id);
    return JsonResponse(200, {{"id", id}, {"action", action}, {"status", action == "approve" ? "published" : "hidden"}});
}

Response HandleModerateCommentsBulk(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Moderator});
    const auto body = JsonBody(req);
    const std::string action = body.value("action", "");
    if (action != "approve" && action != "hide")
        Fail(400, "unknown_action", Msg("L’action est approve ou hide."), "action");
    const std::string reason = CommentReason(body);
    if (!body.contains("ids") || !body["ids"].is_array() || body["ids"].empty() || body["ids"].size() > 1000)
        Fail(400, "invalid_type", Msg("ids liste de 1 à 1 000 commentaires."), "ids");
    std::vector<std::int64_t> ids;
    for (const auto& v : body["ids"]) {
        if (!v.is_number_integer()) Fail(400, "invalid_type", Msg("ids sont des nombres."), "ids");
        ids.push_back(v.get<std::int64_t>());
    }
    nlohmann::json done = nlohmann::json::array(), missing = nlohmann::json::array();
    app.store.Write([&](Db& db) {
        done = nlohmann::json::array();
        missing = nlohmann::json::array();
        for (auto id : ids) (ApplyToComment(app, db, *t, who, id, action, reason, true) ? done : missing).push_back(id);
    });
    app.Bump(t->id);
    return JsonResponse(200, {{"action", action}, {"done", done}, {"not_found", missing}});
}

namespace {

// "2026-12-07T00:52:12.123Z" as the commune's wall-clock "2026-12-07T01:52", for the audit
// sentences' times; "" when it cannot be read.
std::string LocalStamp(const std::string& utc, const std::string& zone) {
    std::tm tm{};
    if (utc.size() < 19 || !strptime(utc.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return "";
    const LocalTime l = LocalTimeAt(std::chrono::system_clock::from_time_t(timegm(&tm)), zone);
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d", l.year, l.month, l.day, l.hour, l.minute);
    return out;
}

} // namespace

Response HandleAuditLog(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    app.RequireStaff(req, t.get(), {Role::Moderator});
    const std::int64_t after = std::atoll(req.Query("after", "0").c_str());
    std::int64_t limit = std::atoll(req.Query("limit", "100").c_str());
    if (limit < 1 || limit > 1000) limit = 100;
    return JsonResponse(200, app.store.Read([&](Db& db) {
        nlohmann::json items = nlohmann::json::array();
        // With the actor's name and, for a proposal or a comment on one, its title: the console writes sentences
        // ("Marie D. a masqué la proposition « … »"), not ids.
        auto q = db.Prepare("SELECT a.id, a.at, a.actor_id, a.actor_role, a.action, a.target, a.detail, a.prev_hash, a.hash,"
                            " COALESCE(u.display_name, ''), COALESCE(p.title, '') FROM audit_log a"
                            " LEFT JOIN users u ON u.id = a.actor_id"
                            " LEFT JOIN proposals p ON p.tenant_id = a.tenant_id AND p.id = CASE"
                            "  WHEN a.action LIKE 'proposal.%' THEN CAST(a.target AS INTEGER)"
                            "  WHEN a.action LIKE 'comment.%' THEN json_extract(a.detail, '$.proposal') END"
                            " WHERE a.tenant_id = ? AND a.id > ? ORDER BY a.id LIMIT ?");
        q.Bind(1, t->id).Bind(2, after).Bind(3, limit);
        while (q.Step())
            items.push_back({{"id", q.Int(0)},
                             {"at", q.Text(1)},
                             {"at_local", LocalStamp(q.Text(1), t->time_zone)},
                             {"actor", q.IsNull(2) ? nlohmann::json() : nlohmann::json(q.Int(2))},
                             {"role", q.Text(3)},
                             {"action", q.Text(4)},
                             {"target", q.Text(5)},
                             {"detail", nlohmann::json::parse(q.Text(6), nullptr, false)},
                             {"prev_hash", q.Text(7)},
                             {"hash", q.Text(8)},
                             {"actor_name", q.Text(9)},
                             {"target_title", q.Text(10)}});
        return nlohmann::json{{"items", std::move(items)}};
    }));
}

Response HandleAuditVerify(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    app.RequireStaff(req, t.get(), {Role::Moderator});
    // ?head=HASH: a head published earlier (GET .../audit/head) must still be in the chain;
    // whoever holds the key can re-chain a rewrite, but not keep an old head in it.
    const std::string head = req.Query("head");
    std::int64_t entries = 0;
    bool head_found = true;
    const std::int64_t bad = app.store.Read([&](Db& db) {
        if (!head.empty()) head_found = AuditChainHas(db, t->id, head);
        return VerifyAudit(db, t->id, entries);
    });
    nlohmann::json j{{"ok", bad == 0 && head_found}, {"entries", entries},
                     {"first_bad", bad == 0 ? nlohmann::json() : nlohmann::json(bad)}};
    if (!head.empty()) j["head_found"] = head_found;
    return JsonResponse(200, j);
}

Response HandleAuditHead(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const AuditHead h = app.store.Read([&](Db& db) { return ReadAuditHead(db, t->id); });
    return JsonResponse(200, {{"entries", h.entries}, {"id", h.id}, {"hash", h.hash}, {"at", h.at}});
}

} // namespace quartier
