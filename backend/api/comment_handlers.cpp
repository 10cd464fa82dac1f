// Residents' comments on a commune's proposals: the thread (comments newest or oldest first,
// paged, each with its replies), post and reply (one level: a reply is never answered), edit
// by the author for CommentLimits::kEditMinutes, delete one's own (the text goes, the thread
// stays), report. Where the commune pre-moderates, new and edited comments wait as "pending",
// seen by their author and moderators only; hidden ones are gone for residents at once. Each
// proposal counts its published comments (schema 13's triggers) for lists and open data.
// Moderators' actions on comments are in moderation_handlers.cpp.
//
// Index of this file:
// [SECTION] Reading comments
// [SECTION] Thread
// [SECTION] Post, edit, delete, report
// [SECTION] Moderation queue and open data
#include "backend/routes.h"

#include "backend/mail/outbox.h"

#include "backend/http/net_address.h"
#include "backend/text_util.h"
#include "shared/i18n.h"
#include "shared/comment.h"

#include <chrono>
#include <ctime>
#include <map>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Reading comments
//-----------------------------------------------------------------------------

namespace {

constexpr const char* kCommentColumns =
    "c.id, c.proposal_id, c.parent_id, c.body, c.stance, c.status, c.created_at, c.edited_at, c.author_id, c.flags";

constexpr long kMaxPerPage = 100;
// The most replies shown under one comment.
constexpr int kMaxReplies = 200;

// The server's clock as SQLite writes times ("2026-12-07T15:21:55.123Z").
std::string IsoAt(std::chrono::system_clock::time_point at) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

// The time written by IsoAt (or SQLite), to the second; the epoch when it cannot be read.
std::chrono::system_clock::time_point ParseIso(const std::string& text) {
    std::tm tm{};
    if (text.size() < 19 || !strptime(text.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return {};
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// One comment as residents read it; viewer 0: anonymous. A deleted or hidden comment kept
// for its replies has no text left to show. The viewer's own, still editable at now, say for
// how many seconds more (edit_seconds_left), so that a widget offers "edit" only that long.
nlohmann::json CommentJson(const Query& q, std::int64_t viewer, std::chrono::system_clock::time_point now) {
    const std::string status = q.Text(5);
    const bool shown = status == "published" || status == "pending";
    nlohmann::json j{{"id", q.Int(0)},
                     {"proposal", q.Int(1)},
                     {"parent", q.IsNull(2) ? nlohmann::json() : nlohmann::json(q.Int(2))},
                     {"body", shown ? q.Text(3) : std::string()},
                     {"stance", shown && !q.IsNull(4) ? nlohmann::json(q.Text(4)) : nlohmann::json()},
                     {"status", status},
                     {"created_at", q.Text(6)},
                     {"edited_at", q.IsNull(7) ? nlohmann::json() : nlohmann::json(q.Text(7))}};
    if (viewer) j["mine"] = !q.IsNull(8) && q.Int(8) == viewer;
    if (viewer && j["mine"].get<bool>() && shown) {
        const auto left = std::chrono::duration_cast<std::chrono::seconds>(
                              ParseIso(q.Text(6)) + std::chrono::minutes(CommentLimits::kEditMinutes) - now).count();
        if (left > 0) j["edit_seconds_left"] = left;
    }
    if (status == "pending")
        j["status_label"] = InEveryLanguage(N_("en attente de modération"));
    else if (status == "deleted")
        j["status_label"] = InEveryLanguage(N_("commentaire supprimé par son auteur"));
    else if (status == "hidden")
        j["status_label"] = InEveryLanguage(N_("commentaire masqué par la modération"));
    return j;
}

std::string ClientKey(const Tenant& t, const Request& req) { return std::to_string(t.id) + "|" + AddressKey(req.remote_addr); }

// The proposal of tenant t that residents may read and comment on, or 404.
void RequireVisibleProposal(Db& db, const Tenant& t, std::int64_t id) {
    auto q = db.Prepare("SELECT 1 FROM proposals WHERE id = ? AND tenant_id = ? AND status IN ('submitted','published','selected')");
    q.Bind(1, id).Bind(2, t.id);
    if (!q.Step()) FailNotFound(Msg("La proposition est introuvable."));
}

struct StoredComment {
    std::int64_t id = 0, proposal = 0;
    std::optional<std::int64_t> parent, author;
    std::string status, created_at;
};

// Comment id of tenant t on a proposal residents can see, or 404.
StoredComment LoadComment(Db& db, const Tenant& t, std::int64_t id) {
    auto q = db.Prepare("SELECT c.id, c.proposal_id, c.parent_id, c.author_id, c.status, c.created_at FROM comments c"
                        " JOIN proposals p ON p.id = c.proposal_id"
                        " WHERE c.id = ? AND c.tenant_id = ? AND p.status IN ('submitted','published','selected')");
    q.Bind(1, id).Bind(2, t.id);
    if (!q.Step()) FailNotFound(Msg("Le commentaire est introuvable."));
    StoredComment c;
    c.id = q.Int(0);
    c.proposal = q.Int(1);
    if (!q.IsNull(2)) c.parent = q.Int(2);
    if (!q.IsNull(3)) c.author = q.Int(3);
    c.status = q.Text(4);
    c.created_at = q.Text(5);
    return c;
}

nlohmann::json ReadOne(Db& db, std::int64_t id, std::int64_t viewer, std::chrono::system_clock::time_point now) {
    auto q = db.Prepare(std::string("SELECT ") + kCommentColumns + " FROM comments c WHERE c.id = ?");
    q.Bind(1, id);
    q.Step();
    return CommentJson(q, viewer, now);
}

// The comment's text from a client's body: trimmed, checked by the shared model.
std::string ReadBody(const nlohmann::json& body) {
    const auto it = body.find("body");
    if (it == body.end() || it->is_null())
        Fail(400, "required", Msg("Le commentaire est obligatoire."), "body");
    if (!it->is_string())
        Fail(400, "invalid_type", Msg("Le commentaire doit être du texte."), "body");
    const std::string text = Trim(it->get<std::string>());
    if (auto e = ValidateCommentBody(text)) throw ApiError(400, *e);
    return text;
}

// The stance from a client's body: none when absent or null; refused where the commune has
// not turned stances on.
std::optional<std::string> ReadStance(const nlohmann::json& body, const Tenant& t) {
    const auto it = body.find("stance");
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!t.comment_stances)
        Fail(400, "stances_off", Msg("{} ne demande pas de position (pour, contre) avec les commentaires : envoyez le commentaire sans position.", t.name), "stance");
    if (!it->is_string() || !IsCommentStance(it->get<std::string>()))
        Fail(400, "invalid_stance", Msg("La position est for, against ou neutral."), "stance");
    return it->get<std::string>();
}

std::int64_t PathId(const Request& req) { return std::stoll(req.path_params.at(1)); }

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Thread
//-----------------------------------------------------------------------------

Response HandleListComments(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.Identify(req);
    const std::int64_t proposal = PathId(req);
    const std::string sort = req.Query("sort", "newest");
    if (sort != "newest" && sort != "oldest")
        Fail(400, "invalid_parameter", Msg("sort vaut newest ou oldest."), "sort");
    auto whole = [](const std::string& s, const char* field, long max) {
        char* end = nullptr;
        const long v = std::strtol(s.c_str(), &end, 10);
        if (s.empty() || *end != '\0' || v < 1 || v > max)
            Fail(400, "invalid_parameter", Msg("Le paramètre {} doit être un entier de 1 à {}.", field, max), field);
        return v;
    };
    const long page = whole(req.Query("page", "1"), "page", 1000000);
    const long per_page = std::min(whole(req.Query("per_page", "20"), "per_page", 1000000000), kMaxPerPage);
    const std::int64_t viewer = who.Anonymous() ? 0 : who.user_id;
    const auto now = app.Now();
    nlohmann::json body = app.store.Read([&](Db& db) {
        RequireVisibleProposal(db, *t, proposal);
        // A comment shows when published, or pending to its author; a deleted or hidden one
        // stays as a mark only while published replies hang on it.
        const std::string visible =
            "c.proposal_id = ? AND c.parent_id IS NULL AND (c.status = 'published' OR (c.status = 'pending' AND c.author_id = ?)"
            " OR (c.status IN ('deleted','hidden') AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id AND r.status = 'published')))";
        auto count = db.Prepare("SELECT COUNT(*) FROM comments c WHERE " + visible);
        count.Bind(1, proposal).Bind(2, viewer);
        count.Step();
        const std::int64_t total = count.Int(0);
        auto q = db.Prepare(std::string("SELECT ") + kCommentColumns + " FROM comments c WHERE " + visible + " ORDER BY c.id " +
                            (sort == "newest" ? "DESC" : "ASC") + " LIMIT ? OFFSET ?");
        q.Bind(1, proposal).Bind(2, viewer).Bind(3, static_cast<std::int64_t>(per_page))
            .Bind(4, static_cast<std::int64_t>(page - 1) * per_page);
        nlohmann::json items = nlohmann::json::array();
        while (q.Step()) items.push_back(CommentJson(q, viewer, now));
        for (auto& item : items) {
            item["replies"] = nlohmann::json::array();
            auto r = db.Prepare(std::string("SELECT ") + kCommentColumns + " FROM comments c WHERE c.parent_id = ?"
                                " AND (c.status = 'published' OR (c.status = 'pending' AND c.author_id = ?)) ORDER BY c.id LIMIT ?");
            r.Bind(1, item["id"].get<std::int64_t>()).Bind(2, viewer).Bind(3, kMaxReplies);
            while (r.Step()) item["replies"].push_back(CommentJson(r, viewer, now));
        }
        auto n = db.Prepare("SELECT comments FROM proposals WHERE id = ?");
        n.Bind(1, proposal);
        n.Step();
        return nlohmann::json{{"items", std::move(items)}, {"total", total},   {"page", page},
                              {"per_page", per_page},     {"sort", sort},      {"comments", n.Int(0)},
                              {"stances", t->comment_stances}, {"premoderation", t->premoderation},
                              {"edit_minutes", CommentLimits::kEditMinutes}};
    });
    return JsonResponse(200, body);
}

//-----------------------------------------------------------------------------
// [SECTION] Post, edit, delete, report
//-----------------------------------------------------------------------------

Response HandleCreateComment(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    const std::int64_t proposal = PathId(req);
    const auto body = JsonBody(req);
    const std::string text = ReadBody(body);
    const auto stance = ReadStance(body, *t);
    std::optional<std::int64_t> parent;
    if (body.contains("parent") && !body["parent"].is_null()) {
        if (!body["parent"].is_number_integer())
            Fail(400, "invalid_type", Msg("parent est l’identifiant du commentaire auquel vous répondez."), "parent");
        parent = body["parent"].get<std::int64_t>();
    }
    if (!app.comments.Allow(ClientKey(*t, req)))
        Fail(429, "rate_limited", Msg("Trop de commentaires envoyés d’ici ; réessayez plus tard."));
    const auto at = app.Now();
    const std::string now = IsoAt(at);
    const nlohmann::json created = app.store.Write([&](Db& db) {
        RequireVisibleProposal(db, *t, proposal);
        if (parent) {
            auto p = db.Prepare("SELECT proposal_id, parent_id, status FROM comments WHERE id = ? AND tenant_id = ?");
            p.Bind(1, *parent).Bind(2, t->id);
            if (!p.Step() || p.Int(0) != proposal) FailNotFound(Msg("Le commentaire auquel vous répondez est introuvable."));
            if (!p.IsNull(1))
                Fail(400, "reply_to_reply", Msg("On ne peut pas répondre à une réponse : répondez au commentaire auquel elle répond."), "parent");
            if (p.Text(2) != "published")
                Fail(409, "parent_closed", Msg("On ne peut plus répondre à ce commentaire (supprimé, masqué ou en attente de modération)."), "parent");
        }
        db.Prepare("INSERT INTO comments (tenant_id, proposal_id, author_id, parent_id, body, stance, status, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .Bind(1, t->id)
            .Bind(2, proposal)
            .Bind(3, who.user_id)
            .Bind(4, parent)
            .Bind(5, text)
            .Bind(6, stance)
            .Bind(7, t->premoderation ? "pending" : "published")
            .Bind(8, now)
            .Run();
        const std::int64_t id = db.LastInsertId();
        if (parent) QueueReply(app, db, *t, id); // published at once: its parent's author hears of it
        return ReadOne(db, id, who.user_id, at);
    });
    app.Bump(t->id); // the proposal's count, in cached lists
    Response r = JsonResponse(201, created);
    r.headers["Location"] = "/api/v1/tenants/" + t->slug + "/comments/" + std::to_string(created["id"].get<std::int64_t>());
    return r;
}

Response HandleEditComment(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    const std::int64_t id = PathId(req);
    const auto body = JsonBody(req);
    const std::string text = ReadBody(body);
    const auto stance = ReadStance(body, *t);
    const auto now = app.Now();
    const nlohmann::json edited = app.store.Write([&](Db& db) {
        const StoredComment c = LoadComment(db, *t, id);
        if (!c.author || *c.author != who.user_id)
            Fail(403, "not_yours", Msg("Seul son auteur peut modifier un commentaire."));
        if (c.status == "deleted" || c.status == "hidden")
            Fail(409, "not_editable", Msg("Ce commentaire a été supprimé ou masqué : il ne peut plus être modifié."));
        if (now > ParseIso(c.created_at) + std::chrono::minutes(CommentLimits::kEditMinutes))
            Fail(409, "edit_window_closed", Msg("Un commentaire peut être modifié pendant {} minutes après son envoi ; ce délai est passé. Vous pouvez le supprimer et en écrire un autre.", CommentLimits::kEditMinutes));
        // Where the commune pre-moderates, the new text waits for a moderator as a new comment would.
        db.Prepare("UPDATE comments SET body = ?, stance = ?, edited_at = ?, status = ? WHERE id = ?")
            .Bind(1, text)
            .Bind(2, stance)
            .Bind(3, IsoAt(now))
            .Bind(4, t->premoderation ? "pending" : c.status)
            .Bind(5, id)
            .Run();
        return ReadOne(db, id, who.user_id, now);
    });
    app.Bump(t->id);
    return JsonResponse(200, edited);
}

Response HandleDeleteComment(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    const std::int64_t id = PathId(req);
    const auto at = app.Now();
    const std::string now = IsoAt(at);
    const nlohmann::json deleted = app.store.Write([&](Db& db) {
        const StoredComment c = LoadComment(db, *t, id);
        if (!c.author || *c.author != who.user_id)
            Fail(403, "not_yours", Msg("Seul son auteur peut supprimer un commentaire."));
        // The text goes; the row stays, so that the replies keep their place in the thread.
        if (c.status != "deleted")
            db.Prepare("UPDATE comments SET body = '', stance = NULL, status = 'deleted', edited_at = ? WHERE id = ?")
                .Bind(1, now).Bind(2, id).Run();
        return ReadOne(db, id, who.user_id, at);
    });
    app.Bump(t->id);
    return JsonResponse(200, deleted);
}

Response HandleFlagComment(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    const std::int64_t id = PathId(req);
    const auto body = JsonBody(req);
    const std::string reason = RequireText(body, "reason", 3, 500, Word("La raison"));
    app.store.Write([&](Db& db) {
        const StoredComment c = LoadComment(db, *t, id);
        if (c.status != "published") FailNotFound(Msg("Le commentaire est introuvable."));
        auto q = db.Prepare("SELECT 1 FROM comment_flags WHERE comment_id = ? AND user_id = ?");
        q.Bind(1, id).Bind(2, who.user_id);
        if (q.Step())
            Fail(409, "already_flagged", Msg("Vous avez déjà signalé ce commentaire."));
        db.Prepare("INSERT INTO comment_flags (comment_id, user_id, reason) VALUES (?, ?, ?)")
            .Bind(1, id).Bind(2, who.user_id).Bind(3, reason).Run();
    });
    return JsonResponse(201, {{"flagged", true}, {"comment", id}});
}

//-----------------------------------------------------------------------------
// [SECTION] Moderation queue and open data
//-----------------------------------------------------------------------------

nlohmann::json CommentQueue(AppContext& app, Db& db, const Tenant& t) {
    nlohmann::json items = nlohmann::json::array();
    auto q = db.Prepare("SELECT c.id, c.proposal_id, p.title, c.parent_id, c.body, c.stance, c.status, c.flags, c.created_at,"
                        " c.edited_at, c.author_id, u.created_at FROM comments c JOIN proposals p ON p.id = c.proposal_id"
                        " LEFT JOIN users u ON u.id = c.author_id"
                        " WHERE c.tenant_id = ? AND (c.status = 'pending' OR (c.status = 'published' AND c.flags > 0))"
                        " ORDER BY c.flags DESC, c.id ASC LIMIT 500");
    q.Bind(1, t.id);
    while (q.Step()) {
        nlohmann::json j{{"id", q.Int(0)},
                         {"proposal", q.Int(1)},
                         {"proposal_title", q.Text(2)},
                         {"parent", q.IsNull(3) ? nlohmann::json() : nlohmann::json(q.Int(3))},
                         {"body", q.Text(4)},
                         {"stance", q.IsNull(5) ? nlohmann::json() : nlohmann::json(q.Text(5))},
                         {"status", q.Text(6)},
                         {"flags", q.Int(7)},
                         {"created_at", q.Text(8)},
                         {"edited_at", q.IsNull(9) ? nlohmann::json() : nlohmann::json(q.Text(9))},
                         {"author", q.IsNull(10) ? nlohmann::json() : nlohmann::json(app.AuthorKey(t.id, q.Int(10), q.Text(11)))},
                         {"reasons", nlohmann::json::array()}};
        auto f = db.Prepare("SELECT reason FROM comment_flags WHERE comment_id = ? ORDER BY id LIMIT 20");
        f.Bind(1, q.Int(0));
        while (f.Step()) j["reasons"].push_back(f.Text(0));
        items.push_back(std::move(j));
    }
    nlohmann::json counts{{"published", 0}, {"pending", 0}, {"hidden", 0}, {"deleted", 0}};
    auto n = db.Prepare("SELECT status, COUNT(*) FROM comments WHERE tenant_id = ? GROUP BY status");
    n.Bind(1, t.id);
    while (n.Step()) counts[n.Text(0)] = n.Int(1);
    auto fl = db.Prepare("SELECT COUNT(*) FROM comments WHERE tenant_id = ? AND status = 'published' AND flags > 0");
    fl.Bind(1, t.id);
    fl.Step();
    counts["flagged"] = fl.Int(0);
    return nlohmann::json{{"items", std::move(items)}, {"counts", std::move(counts)}};
}

// Published comments of visible proposals, without their authors (open data).
Response HandleCommentsCsv(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    std::string out = "id,proposal,parent,stance,body,created_at,edited_at\n";
    app.store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT c.id, c.proposal_id, c.parent_id, c.stance, c.body, c.created_at, c.edited_at"
                            " FROM comments c JOIN proposals p ON p.id = c.proposal_id"
                            " WHERE c.tenant_id = ? AND c.status = 'published' AND p.status IN ('submitted','published','selected')"
                            " ORDER BY c.id");
        q.Bind(1, t->id);
        while (q.Step())
            out += std::to_string(q.Int(0)) + "," + std::to_string(q.Int(1)) + "," +
                   (q.IsNull(2) ? "" : std::to_string(q.Int(2))) + "," + (q.IsNull(3) ? "" : q.Text(3)) + "," +
                   CsvCell(q.Text(4)) + "," + q.Text(5) + "," + (q.IsNull(6) ? "" : q.Text(6)) + "\n";
    });
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.headers["Content-Disposition"] = "attachment; filename=\"" + t->slug + "-comments.csv\"";
    r.body = std::move(out);
    return r;
}

} // namespace quartier
