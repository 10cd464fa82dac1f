// Photos on proposals (their author's, or the commune's moderators') and on funded projects'
// follow-up updates (the commune's admins): add one (the file itself as the request's body,
// its description in ?alt=), describe, remove, and serve the re-encoded variants with
// long-lived caching. What is sent is checked and re-encoded by backend/photo.cpp (libvips):
// nothing of the file is kept but its pixels, so no camera GPS position ever leaves.
// A hidden, rejected or pending proposal's photos are served to its moderators (and a pending
// one's to its author) only, never cached by shared caches.
//
// Index of this file:
// [SECTION] Helpers
// [SECTION] Add, describe, remove
// [SECTION] Serve
#include "backend/routes.h"

#include "backend/http/net_address.h"
#include "backend/http/static_files.h"
#include "backend/photo.h"
#include "backend/store/photo_store.h"
#include "backend/text_util.h"
#include "shared/text.h"

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

const char* const kPublic = "('submitted','published','selected')";

std::string ClientKey(const Tenant& t, const std::string& remote_addr) { return std::to_string(t.id) + "|" + AddressKey(remote_addr); }

// A description for screen readers: trimmed, at most PhotoLimits::kMaxAlt characters.
std::string ReadAlt(const std::string& raw) {
    std::string alt = Trim(raw);
    if (Utf8Length(alt) > static_cast<long>(PhotoLimits::kMaxAlt))
        Fail(400, "too_long", Msg("La description de la photo fait au plus {} caractères.", PhotoLimits::kMaxAlt), "alt");
    return alt;
}

struct PhotoRow {
    std::int64_t id = 0;
    std::optional<std::int64_t> proposal, update, author, proposal_author;
    std::string proposal_status, hash;
};

PhotoRow LoadPhoto(Db& db, const Tenant& t, std::int64_t id) {
    auto q = db.Prepare("SELECT ph.id, ph.proposal_id, ph.update_id, ph.author_id, p.author_id, p.status, ph.hash"
                        " FROM photos ph LEFT JOIN proposals p ON p.id = ph.proposal_id WHERE ph.id = ? AND ph.tenant_id = ?");
    q.Bind(1, id).Bind(2, t.id);
    if (!q.Step()) FailNotFound(Msg("La photo est introuvable."));
    PhotoRow r;
    r.id = q.Int(0);
    if (!q.IsNull(1)) r.proposal = q.Int(1);
    if (!q.IsNull(2)) r.update = q.Int(2);
    if (!q.IsNull(3)) r.author = q.Int(3);
    if (!q.IsNull(4)) r.proposal_author = q.Int(4);
    r.proposal_status = q.IsNull(5) ? "" : q.Text(5);
    r.hash = q.Text(6);
    return r;
}

// Who may change a photo: on a proposal, its author or the commune's moderators; on an
// update, the commune's admins.
void RequireMayChange(const Principal& who, const Tenant& t, const PhotoRow& r) {
    if (r.update ? who.Can(Role::Admin, t)
                 : who.Can(Role::Moderator, t) || (r.proposal_author && *r.proposal_author == who.user_id))
        return;
    Fail(403, "not_yours", Msg("Seuls l’auteur de la proposition et les modérateurs de la commune peuvent modifier ses photos."));
}

// The photo's JSON as lists show it.
nlohmann::json OnePhoto(Db& db, PhotoOwner owner, std::int64_t owner_id, std::int64_t id) {
    auto photos = ReadPhotos(db, owner, {owner_id}); // kept: the loop reads inside it
    for (auto& p : photos[owner_id])
        if (p["id"] == id) return p;
    return nullptr;
}

// Checks, re-encodes and stores a photo for owner (inside nothing: decoding runs before the
// write); the limit on photos per owner is checked again in the transaction.
nlohmann::json StorePhoto(AppContext& app, const Tenant& t, const Principal& who, PhotoOwner owner, std::int64_t owner_id,
                          std::string_view bytes, const std::string& alt, int limit) {
    ProcessedPhoto photo;
    if (auto e = ProcessPhoto(bytes, photo)) throw ApiError(e->code == "photo_too_large" ? 413 : 400, *e);
    const char* column = owner == PhotoOwner::Proposal ? "proposal_id" : "update_id";
    return app.store.Write([&](Db& db) {
        auto n = db.Prepare(std::string("SELECT COUNT(*), COALESCE(MAX(position), -1) FROM photos WHERE ") + column + " = ?");
        n.Bind(1, owner_id);
        n.Step();
        if (n.Int(0) >= limit)
            Fail(409, "too_many_photos", Msg("Il y a déjà {} photos, le maximum : retirez-en une d’abord.", limit), "photo");
        db.Prepare(std::string("INSERT INTO photos (tenant_id, ") + column +
                   ", author_id, position, alt, width, height, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .Bind(1, t.id).Bind(2, owner_id).Bind(3, who.user_id).Bind(4, n.Int(1) + 1).Bind(5, alt)
            .Bind(6, photo.width).Bind(7, photo.height).Bind(8, photo.hash).Run();
        const std::int64_t id = db.LastInsertId();
        for (const auto& v : photo.variants)
            db.Prepare("INSERT INTO photo_variants (photo_id, box, width, height, bytes) VALUES (?, ?, ?, ?, ?)")
                .Bind(1, id).Bind(2, v.box).Bind(3, v.width).Bind(4, v.height).BindBlob(5, v.jpeg).Run();
        return OnePhoto(db, owner, owner_id, id);
    });
}

std::int64_t PathId(const Request& req, size_t i) { return std::stoll(req.path_params.at(i)); }

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Add, describe, remove
//-----------------------------------------------------------------------------

nlohmann::json AddProposalPhoto(AppContext& app, const Tenant& t, const Principal& who, std::int64_t proposal,
                                std::string_view bytes, const std::string& alt_text, const std::string& remote_addr) {
    const std::string alt = ReadAlt(alt_text);
    app.store.Read([&](Db& db) {
        auto q = db.Prepare(std::string("SELECT author_id, status FROM proposals WHERE id = ? AND tenant_id = ?"));
        q.Bind(1, proposal).Bind(2, t.id);
        if (!q.Step()) FailNotFound(Msg("La proposition est introuvable."));
        const bool author = !q.IsNull(0) && q.Int(0) == who.user_id;
        if (!author && !who.Can(Role::Moderator, t)) {
            const std::string status = q.Text(1);
            if (status != "submitted" && status != "published" && status != "selected") FailNotFound(Msg("La proposition est introuvable."));
            Fail(403, "not_yours", Msg("Seul l’auteur d’une proposition peut y ajouter des photos."));
        }
    });
    if (!app.photos.Allow(ClientKey(t, remote_addr)))
        Fail(429, "rate_limited", Msg("Trop de photos envoyées d’ici ; réessayez plus tard."));
    nlohmann::json out = StorePhoto(app, t, who, PhotoOwner::Proposal, proposal, bytes, alt, PhotoLimits::kPerProposal);
    app.Bump(t.id); // lists show the photos
    return out;
}

Response HandleAddProposalPhoto(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    return JsonResponse(201, AddProposalPhoto(app, *t, who, PathId(req, 1), req.body, req.Query("alt"), req.remote_addr));
}

Response HandleAddUpdatePhoto(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto p = app.ProcessOf(*t, req);
    const std::string project = req.path_params.at(2);
    const std::int64_t update = PathId(req, 3);
    const std::string alt = ReadAlt(req.Query("alt"));
    app.store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT 1 FROM project_updates WHERE id = ? AND process_id = ? AND project_id = ?");
        q.Bind(1, update).Bind(2, p->id).Bind(3, project);
        if (!q.Step()) FailNotFound(Msg("L’actualité est introuvable."));
    });
    nlohmann::json out = StorePhoto(app, *t, who, PhotoOwner::Update, update, req.body, alt, PhotoLimits::kPerUpdate);
    app.store.Write([&](Db& db) {
        AppendAudit(db, t->id, who, "project.photo", p->slug + "/" + project, {{"update", update}, {"photo", out["id"]}});
    });
    app.InvalidateProcesses(); // the follow-up, with its updates' photos, is in the process cache
    return JsonResponse(201, out);
}

Response HandleDescribePhoto(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    const std::int64_t id = PathId(req, 1);
    const auto body = JsonBody(req);
    if (!body.contains("alt") || !body["alt"].is_string())
        Fail(400, "required", Msg("La description (alt) est obligatoire, en texte."), "alt");
    const std::string alt = ReadAlt(body["alt"].get<std::string>());
    nlohmann::json out = app.store.Write([&](Db& db) {
        const PhotoRow r = LoadPhoto(db, *t, id);
        RequireMayChange(who, *t, r);
        db.Prepare("UPDATE photos SET alt = ? WHERE id = ?").Bind(1, alt).Bind(2, id).Run();
        return r.proposal ? OnePhoto(db, PhotoOwner::Proposal, *r.proposal, id) : OnePhoto(db, PhotoOwner::Update, *r.update, id);
    });
    app.Bump(t->id);
    app.InvalidateProcesses();
    return JsonResponse(200, out);
}

// A moderator removing another's photo says why (as with proposals), in the audit chain.
Response HandleRemovePhoto(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    const std::int64_t id = PathId(req, 1);
    const nlohmann::json body = req.body.empty() ? nlohmann::json::object() : JsonBody(req);
    app.store.Write([&](Db& db) {
        const PhotoRow r = LoadPhoto(db, *t, id);
        RequireMayChange(who, *t, r);
        const bool own = r.proposal && r.proposal_author && *r.proposal_author == who.user_id;
        if (!own) {
            nlohmann::json detail{{"photo", id}};
            if (body.contains("reason") && body["reason"].is_string()) detail["reason"] = Trim(body["reason"].get<std::string>());
            AppendAudit(db, t->id, who, r.proposal ? "proposal.photo_removed" : "project.photo_removed",
                        r.proposal ? std::to_string(*r.proposal) : std::to_string(*r.update), detail);
        }
        db.Prepare("DELETE FROM photos WHERE id = ?").Bind(1, id).Run();
    });
    app.Bump(t->id);
    app.InvalidateProcesses();
    return JsonResponse(200, {{"removed", true}, {"photo", id}});
}

//-----------------------------------------------------------------------------
// [SECTION] Serve
//-----------------------------------------------------------------------------

// GET /api/v1/tenants/{t}/photos/{id}-{hash16}-{box}.jpg: the variant of that box (or, for a
// picture smaller than the box, its largest), cached for a year: the address changes with
// the bytes.
Response HandleServePhoto(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const std::int64_t id = PathId(req, 1);
    const std::string hash = req.path_params.at(2);
    const int box = std::stoi(req.path_params.at(3));
    bool shared = true;
    Response r;
    r.content_type = "image/jpeg";
    r.body = app.store.Read([&](Db& db) {
        const PhotoRow row = LoadPhoto(db, *t, id);
        if (row.hash.compare(0, 16, hash) != 0) FailNotFound(Msg("La photo est introuvable."));
        if (row.proposal) {
            const bool visible = std::string(kPublic).find("'" + row.proposal_status + "'") != std::string::npos;
            if (!visible) {
                const Principal who = app.Identify(req);
                const bool author = row.proposal_author && !who.Anonymous() && *row.proposal_author == who.user_id &&
                                    row.proposal_status == "pending";
                if (!author && !who.Can(Role::Moderator, *t)) FailNotFound(Msg("La photo est introuvable."));
                shared = false;
            }
        }
        auto q = db.Prepare("SELECT bytes FROM photo_variants WHERE photo_id = ? AND box <= ? ORDER BY box DESC LIMIT 1");
        q.Bind(1, id).Bind(2, box);
        if (!q.Step()) {
            auto smallest = db.Prepare("SELECT bytes FROM photo_variants WHERE photo_id = ? ORDER BY box LIMIT 1");
            smallest.Bind(1, id);
            if (!smallest.Step()) FailNotFound(Msg("La photo est introuvable."));
            return smallest.Blob(0);
        }
        return q.Blob(0);
    });
    const std::string etag = "\"" + hash + "-" + std::to_string(box) + "\"";
    r.headers["ETag"] = etag;
    r.headers["X-Content-Type-Options"] = "nosniff";
    r.headers["Content-Disposition"] = "inline";
    r.headers["Cache-Control"] = shared ? "public, max-age=31536000, immutable" : "private, no-store";
    if (shared) r.headers["Access-Control-Allow-Origin"] = "*"; // the widgets draw it from any site's page
    if (!req.Header("if-none-match").empty() && EtagMatches(req.Header("if-none-match"), etag)) {
        r.status = 304;
        r.body.clear();
    }
    return r;
}

} // namespace quartier
