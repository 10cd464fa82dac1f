// Accounts: residents register, everyone signs in for a 128-bit Bearer token (no cookies,
// so widgets embedded on other sites work), admins create, list, disable and re-enable
// accounts, change roles and issue one-time password-reset tokens; a resident downloads
// (GET /me/export) or erases (DELETE /me) what the server holds about her.
//
// Index of this file:
// [SECTION] Helpers
// [SECTION] Register, sign in, me
// [SECTION] Accounts (admins)
// [SECTION] Password reset
// [SECTION] Accounts made outside HTTP
#include "backend/routes.h"

#include "backend/crypto.h"
#include "backend/http/net_address.h"
#include "backend/mail/outbox.h"
#include "shared/i18n.h"
#include "backend/store/photo_store.h"
#include "backend/text_util.h"

#include <sodium.h>

#include <cstring>

#include <ctime>
#include <map>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

constexpr long kSessionDays = 30;
constexpr long kResetHours = 24; // a reset token handed over by phone or in person


std::string ReadEmail(const nlohmann::json& body) {
    std::string email = RequireText(body, "email", 3, 254, Word("L’adresse e-mail"));
    const auto at = email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= email.size() || email.find(' ') != std::string::npos)
        Fail(400, "invalid_email", Msg("Cette adresse e-mail n’est pas valide."), "email");
    return email;
}

std::string ReadPassword(const nlohmann::json& body) {
    const auto it = body.find("password");
    if (it == body.end() || !it->is_string() || it->get<std::string>().empty())
        Fail(400, "required", Msg("Le mot de passe est obligatoire."), "password");
    const std::string pw = it->get<std::string>();
    if (Utf8Length(pw) < 10)
        Fail(400, "too_short", Msg("Le mot de passe doit compter au moins 10 caractères."), "password");
    if (pw.size() > 1024)
        Fail(400, "too_long", Msg("Le mot de passe est trop long."), "password");
    return pw;
}

// A new session for user_id; returns the token (only its hash is stored).
std::string OpenSession(Db& db, std::int64_t user_id) {
    const std::string token = RandomHex(16);
    db.Prepare("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
        .BindBlob(1, Sha256(token)).Bind(2, user_id).Bind(3, IsoIn(kSessionDays * 86400)).Run();
    return token;
}

[[noreturn]] void FailDisabled() {
    Fail(403, "account_disabled", Msg("Ce compte a été désactivé ; adressez-vous à l’administrateur de votre commune."));
}

std::int64_t InsertUser(Db& db, const std::string& email, const std::string& hash, Role role,
                        std::optional<std::int64_t> tenant_id, const std::string& name) {
    auto q = db.Prepare("SELECT 1 FROM users WHERE email = ?");
    q.Bind(1, email);
    if (q.Step())
        Fail(409, "email_taken", Msg("Un compte utilise déjà cette adresse e-mail."), "email");
    // Ids are never given twice (id_high keeps the highest ever given): a new account must not
    // inherit a deleted one's audit lines, pseudonyms or anything else still naming its id.
    db.Prepare("INSERT INTO users (id, email, password_hash, role, tenant_id, display_name)"
               " VALUES ((SELECT last + 1 FROM id_high WHERE name = 'users'), ?, ?, ?, ?, ?)")
        .Bind(1, email).Bind(2, hash).Bind(3, std::string(ToString(role))).Bind(4, tenant_id).Bind(5, name).Run();
    return db.LastInsertId();
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Register, sign in, me
//-----------------------------------------------------------------------------

Response HandleRegister(AppContext& app, const Request& req) {
    const auto body = JsonBody(req);
    const std::string email = ReadEmail(body);
    const std::string pw = ReadPassword(body);
    const std::string name = body.contains("display_name") ? RequireText(body, "display_name", 0, 80, Word("Le nom")) : "";
    if (!app.logins.Allow("register|" + AddressKey(req.remote_addr)))
        Fail(429, "rate_limited", Msg("Trop de tentatives d’ici ; réessayez plus tard."));
    // The language messages will be written in: the one asked for, else the request's
    // (?lang=, Accept-Language), else French, the communes' own.
    std::string language = "fr";
    if (body.contains("language") && body["language"].is_string()) language = SpokenLanguage(body["language"].get<std::string>());
    else if (!req.Query("lang").empty() || req.headers.count("accept-language")) language = req.Language();
    // The commune whose page the resident registered on: its relay and its name carry the
    // confirmation (none: the platform's).
    std::shared_ptr<const Tenant> tenant;
    if (body.contains("tenant") && body["tenant"].is_string()) tenant = app.FindTenant(body["tenant"].get<std::string>());
    const std::string hash = app.HashPassword(pw);
    bool confirmation = false;
    const std::string token = app.store.Write([&](Db& db) {
        const std::int64_t id = InsertUser(db, email, hash, Role::Resident, std::nullopt, name);
        db.Prepare("UPDATE users SET language = ? WHERE id = ?").Bind(1, language).Bind(2, id).Run();
        confirmation = QueueConfirmation(app, db, tenant.get(), id);
        return OpenSession(db, id);
    });
    return JsonResponse(201, {{"token", token}, {"role", "resident"}, {"email_confirmation", confirmation ? "sent" : "no_relay"}});
}

Response HandleLogin(AppContext& app, const Request& req) {
    const auto body = JsonBody(req);
    const std::string email = ReadEmail(body);
    const auto pw_field = body.find("password");
    if (pw_field == body.end() || !pw_field->is_string() || pw_field->get<std::string>().empty())
        Fail(400, "required", Msg("Le mot de passe est obligatoire."), "password");
    const std::string pw = pw_field->get<std::string>();
    if (pw.size() > 1024)
        Fail(400, "too_long", Msg("Le mot de passe est trop long."), "password");
    // Counted before argon2id runs, so that parallel tries cannot all pass the check before
    // the first is counted; given back when the password is right.
    const std::string client = "login|" + AddressKey(req.remote_addr);
    if (!app.logins.Allow(client))
        Fail(429, "too_many_attempts", Msg("Trop d’échecs de connexion ; patientez un quart d’heure."));
    struct Row {
        std::int64_t id = 0;
        std::string hash, role;
        std::optional<std::int64_t> tenant;
        bool disabled = false;
    };
    const auto row = app.store.Read([&](Db& db) -> std::optional<Row> {
        auto q = db.Prepare("SELECT id, password_hash, role, tenant_id, disabled_at IS NOT NULL FROM users WHERE email = ?");
        q.Bind(1, email);
        if (!q.Step()) return std::nullopt;
        Row r{q.Int(0), q.Text(1), q.Text(2), std::nullopt, q.Int(4) != 0};
        if (!q.IsNull(3)) r.tenant = q.Int(3);
        return r;
    });
    bool right = false;
    try {
        // An unknown address costs one argon2id run too: answering faster would tell who has
        // an account.
        if (row) right = app.VerifyPassword(row->hash, pw);
        else app.VerifyNoAccount(pw);
    } catch (const ApiError&) {
        app.logins.Refund(client); // 503: nothing was tried
        throw;
    }
    if (!right)
        Fail(401, "invalid_credentials", Msg("Adresse e-mail ou mot de passe incorrect."));
    app.logins.Refund(client);
    if (row->disabled) FailDisabled(); // said only to whoever knows the password
    const std::string token = app.store.Write([&](Db& db) { return OpenSession(db, row->id); });
    nlohmann::json j{{"token", token}, {"role", row->role}};
    if (row->tenant)
        j["tenant"] = app.store.Read([&](Db& db) {
            auto q = db.Prepare("SELECT slug FROM tenants WHERE id = ?");
            q.Bind(1, *row->tenant);
            return q.Step() ? q.Text(0) : std::string();
        });
    return JsonResponse(200, j);
}

Response HandleLogout(AppContext& app, const Request& req) {
    app.RequireUser(req);
    const std::string hash = Sha256(req.BearerToken());
    app.store.Write([&](Db& db) { db.Prepare("DELETE FROM sessions WHERE token_hash = ?").BindBlob(1, hash).Run(); });
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

Response HandleMe(AppContext& app, const Request& req) {
    const Principal who = app.RequireUser(req);
    return JsonResponse(200, app.store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT u.email, u.role, t.slug, u.display_name, u.created_at FROM users u"
                            " LEFT JOIN tenants t ON t.id = u.tenant_id WHERE u.id = ?");
        q.Bind(1, who.user_id);
        q.Step();
        return nlohmann::json{{"id", who.user_id},
                              {"email", q.Text(0)},
                              {"role", q.Text(1)},
                              {"tenant", q.IsNull(2) ? nlohmann::json() : nlohmann::json(q.Text(2))},
                              {"display_name", q.Text(3)},
                              {"created_at", q.Text(4)}};
    }));
}

Response HandleMeExport(AppContext& app, const Request& req) {
    const Principal who = app.RequireUser(req);
    nlohmann::json out = app.store.Read([&](Db& db) {
        nlohmann::json j;
        auto u = db.Prepare("SELECT email, role, display_name, created_at FROM users WHERE id = ?");
        u.Bind(1, who.user_id);
        u.Step();
        j["account"] = {{"id", who.user_id}, {"email", u.Text(0)}, {"role", u.Text(1)},
                        {"display_name", u.Text(2)}, {"created_at", u.Text(3)}};
        j["proposals"] = nlohmann::json::array();
        auto p = db.Prepare("SELECT p.id, t.slug, p.title, p.description, p.category, p.latitude, p.longitude,"
                            " p.estimated_cost, p.status, p.created_at, p.credit_name, p.merged_into"
                            " FROM proposals p JOIN tenants t ON t.id = p.tenant_id"
                            " WHERE p.author_id = ? ORDER BY p.id");
        p.Bind(1, who.user_id);
        while (p.Step()) {
            j["proposals"].push_back({{"id", p.Int(0)}, {"tenant", p.Text(1)}, {"title", p.Text(2)},
                                      {"description", p.Text(3)}, {"category", p.Text(4)}, {"latitude", p.Double(5)},
                                      {"longitude", p.Double(6)}, {"estimated_cost", p.Int(7)}, {"status", p.Text(8)},
                                      {"created_at", p.Text(9)}});
            if (!p.IsNull(10)) j["proposals"].back()["credited_as"] = p.Text(10);
            if (!p.IsNull(11)) j["proposals"].back()["merged_into"] = p.Int(11);
        }
        j["supports"] = nlohmann::json::array();
        auto s = db.Prepare("SELECT proposal_id FROM supports WHERE user_id = ? ORDER BY proposal_id");
        s.Bind(1, who.user_id);
        while (s.Step()) j["supports"].push_back(s.Int(0));
        j["flags"] = nlohmann::json::array();
        auto f = db.Prepare("SELECT proposal_id, reason, created_at FROM flags WHERE user_id = ? ORDER BY id");
        f.Bind(1, who.user_id);
        while (f.Step()) j["flags"].push_back({{"proposal", f.Int(0)}, {"reason", f.Text(1)}, {"created_at", f.Text(2)}});
        // Comments and replies in every status (a deleted one has no text left), and reports made on comments.
        j["comments"] = nlohmann::json::array();
        auto c = db.Prepare("SELECT c.id, t.slug, c.proposal_id, c.parent_id, c.body, c.stance, c.status, c.created_at,"
                            " c.edited_at FROM comments c JOIN tenants t ON t.id = c.tenant_id WHERE c.author_id = ? ORDER BY c.id");
        c.Bind(1, who.user_id);
        while (c.Step())
            j["comments"].push_back({{"id", c.Int(0)}, {"tenant", c.Text(1)}, {"proposal", c.Int(2)},
                                     {"parent", c.IsNull(3) ? nlohmann::json() : nlohmann::json(c.Int(3))},
                                     {"body", c.Text(4)}, {"stance", c.IsNull(5) ? nlohmann::json() : nlohmann::json(c.Text(5))},
                                     {"status", c.Text(6)}, {"created_at", c.Text(7)},
                                     {"edited_at", c.IsNull(8) ? nlohmann::json() : nlohmann::json(c.Text(8))}});
        j["comment_flags"] = nlohmann::json::array();
        auto cf = db.Prepare("SELECT comment_id, reason, created_at FROM comment_flags WHERE user_id = ? ORDER BY id");
        cf.Bind(1, who.user_id);
        while (cf.Step()) j["comment_flags"].push_back({{"comment", cf.Int(0)}, {"reason", cf.Text(1)}, {"created_at", cf.Text(2)}});
        j["email"] = MailPreferences(db, who.user_id); // language, confirmation, what it hears of
        // Photos the resident added (as re-encoded and served: no metadata), each with its
        // largest size's bytes (base64), whether or not the public can still see it.
        j["photos"] = nlohmann::json::array();
        auto ph = db.Prepare("SELECT ph.id, t.slug, ph.proposal_id, ph.alt, ph.width, ph.height, ph.hash, ph.created_at,"
                             " (SELECT bytes FROM photo_variants v WHERE v.photo_id = ph.id ORDER BY box DESC LIMIT 1),"
                             " (SELECT MAX(box) FROM photo_variants v WHERE v.photo_id = ph.id)"
                             " FROM photos ph JOIN tenants t ON t.id = ph.tenant_id"
                             " WHERE ph.author_id = ? AND ph.proposal_id IS NOT NULL ORDER BY ph.id");
        ph.Bind(1, who.user_id);
        while (ph.Step()) {
            const std::string bytes = ph.Blob(8);
            std::string b64(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
            sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                              sodium_base64_VARIANT_ORIGINAL);
            b64.resize(std::strlen(b64.c_str()));
            j["photos"].push_back({{"id", ph.Int(0)}, {"tenant", ph.Text(1)}, {"proposal", ph.Int(2)}, {"alt", ph.Text(3)},
                                   {"width", ph.Int(4)}, {"height", ph.Int(5)}, {"created_at", ph.Text(7)},
                                   {"url", PhotoUrl(ph.Text(1), ph.Int(0), ph.Text(6), static_cast<int>(ph.Int(9)))},
                                   {"jpeg_base64", std::move(b64)}});
        }
        auto n = db.Prepare("SELECT COUNT(*) FROM sessions WHERE user_id = ?");
        n.Bind(1, who.user_id);
        n.Step();
        j["active_sessions"] = n.Int(0);
        j["ballots"] = "Ballots are secret: the ballot box holds no link to accounts or voter codes.";
        return j;
    });
    // Where each proposal stands, with staff's public reason when it was not retained.
    std::map<std::string, std::vector<nlohmann::json*>> by_tenant;
    for (auto& item : out["proposals"]) by_tenant[item["tenant"].get<std::string>()].push_back(&item);
    for (const auto& [slug, items] : by_tenant)
        if (const auto t = app.FindTenant(slug)) AddLifecycle(app, *t, items);
    Response r = JsonResponse(200, out);
    r.headers["Content-Disposition"] = "attachment; filename=\"quartier-my-data.json\"";
    return r;
}

Response HandleMeDelete(AppContext& app, const Request& req) {
    const Principal who = app.RequireUser(req);
    const bool delete_proposals = req.Query("proposals") == "delete";
    std::vector<std::int64_t> tenants;
    app.store.Write([&](Db& db) {
        auto t = db.Prepare("SELECT DISTINCT p.tenant_id FROM proposals p WHERE p.author_id = ?"
                            " UNION SELECT DISTINCT p.tenant_id FROM proposals p JOIN supports s ON s.proposal_id = p.id"
                            " WHERE s.user_id = ? UNION SELECT DISTINCT tenant_id FROM comments WHERE author_id = ?");
        t.Bind(1, who.user_id).Bind(2, who.user_id).Bind(3, who.user_id);
        while (t.Step()) tenants.push_back(t.Int(0));
        if (delete_proposals) {
            db.Prepare("DELETE FROM proposals WHERE author_id = ?").Bind(1, who.user_id).Run();
            // Their comments on others' proposals go the way an author's own deletion takes
            // them: the text removed, the row kept where replies hang on it.
            db.Prepare("UPDATE comments SET body = '', stance = NULL, status = 'deleted' WHERE author_id = ?")
                .Bind(1, who.user_id).Run();
            db.Prepare("DELETE FROM comments WHERE author_id = ? AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = comments.id)")
                .Bind(1, who.user_id).Run();
        }
        // The photos the resident added go, on proposals kept too (staff's on follow-up
        // updates are the commune's: they stay, without their author).
        db.Prepare("DELETE FROM photos WHERE author_id = ? AND proposal_id IS NOT NULL").Bind(1, who.user_id).Run();
        // Sessions, supports and flags (on proposals and comments), e-mail choices, confirmation
        // links and messages still waiting in the outbox go with the account (ON DELETE CASCADE); proposals and comments kept lose their author (ON DELETE SET NULL).
        db.Prepare("DELETE FROM users WHERE id = ?").Bind(1, who.user_id).Run();
    });
    for (auto id : tenants) app.Bump(id);
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

Response HandleCreateUser(AppContext& app, const Request& req) {
    const Principal who = app.RequireUser(req);
    if (who.role != Role::Admin)
        Fail(403, "forbidden", Msg("Vous n’avez pas le droit de faire ceci."));
    const auto body = JsonBody(req);
    const std::string email = ReadEmail(body);
    const std::string pw = ReadPassword(body);
    Role role;
    if (!body.contains("role") || !body["role"].is_string() || !ParseRole(body["role"].get<std::string>(), role))
        Fail(400, "unknown_role", Msg("Le rôle est admin, moderator, agent ou resident."), "role");
    std::optional<std::int64_t> tenant_id;
    if (body.contains("tenant") && !body["tenant"].is_null()) {
        auto t = app.FindTenant(body.value("tenant", ""));
        if (!t) FailNotFound(Msg("La commune est introuvable."));
        tenant_id = t->id;
    }
    // A tenant's admin creates accounts for her own tenant only.
    if (who.tenant_id && tenant_id != who.tenant_id)
        Fail(403, "forbidden", Msg("Vous ne pouvez créer des comptes que pour votre commune."), "tenant");
    const std::string hash = app.HashPassword(pw);
    const std::int64_t id = app.store.Write([&](Db& db) {
        const std::int64_t uid = InsertUser(db, email, hash, role, tenant_id, body.value("display_name", ""));
        AppendAudit(db, tenant_id.value_or(0), who, "user.create", std::to_string(uid), {{"role", ToString(role)}});
        return uid;
    });
    return JsonResponse(201, {{"id", id}, {"email", email}, {"role", ToString(role)},
                              {"tenant", body.contains("tenant") ? body["tenant"] : nlohmann::json()}});
}

//-----------------------------------------------------------------------------
// [SECTION] Accounts (admins)
//-----------------------------------------------------------------------------

namespace {

// An account as an admin reads it: never its password hash, sessions' tokens or reset tokens.
struct Account {
    std::int64_t id = 0;
    std::string email, display_name, created_at;
    Role role = Role::Resident;
    std::optional<std::int64_t> tenant_id;
    std::string tenant_slug;
    std::optional<std::string> disabled_at;
    std::int64_t sessions = 0;

    nlohmann::json ToJson() const {
        return {{"id", id},
                {"email", email},
                {"role", ToString(role)},
                {"tenant", tenant_id ? nlohmann::json(tenant_slug) : nlohmann::json()},
                {"display_name", display_name},
                {"created_at", created_at},
                {"disabled", disabled_at.has_value()},
                {"disabled_at", disabled_at ? nlohmann::json(*disabled_at) : nlohmann::json()},
                {"active_sessions", sessions}};
    }
};

const char* const kAccountColumns =
    "u.id, u.email, u.display_name, u.created_at, u.role, u.tenant_id, t.slug, u.disabled_at,"
    " (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    " FROM users u LEFT JOIN tenants t ON t.id = u.tenant_id";

Account ReadAccount(const Query& q) {
    Account a;
    a.id = q.Int(0);
    a.email = q.Text(1);
    a.display_name = q.Text(2);
    a.created_at = q.Text(3);
    ParseRole(q.Text(4), a.role);
    if (!q.IsNull(5)) a.tenant_id = q.Int(5);
    a.tenant_slug = q.Text(6);
    if (!q.IsNull(7)) a.disabled_at = q.Text(7);
    a.sessions = q.Int(8);
    return a;
}

Principal RequireAdmin(AppContext& app, const Request& req) {
    const Principal who = app.RequireUser(req);
    if (who.role != Role::Admin)
        Fail(403, "forbidden", Msg("Vous n’avez pas le droit de faire ceci."));
    return who;
}

// Account id as admin `who` may manage it: a commune's admin, her commune's accounts only
// (others read as unknown); an instance admin, every account.
Account ManagedAccount(Db& db, const Principal& who, std::int64_t id) {
    auto q = db.Prepare(std::string("SELECT ") + kAccountColumns + " WHERE u.id = ?");
    q.Bind(1, id);
    if (!q.Step() || (who.tenant_id && ReadAccount(q).tenant_id != who.tenant_id))
        FailNotFound(Msg("Le compte est introuvable."));
    return ReadAccount(q);
}

// Other enabled admins with the same reach as a (the same commune, or the whole instance).
std::int64_t OtherAdmins(Db& db, const Account& a) {
    auto q = db.Prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id != ?"
                        " AND tenant_id IS ?");
    q.Bind(1, a.id).Bind(2, a.tenant_id);
    q.Step();
    return q.Int(0);
}

std::int64_t PathId(const Request& req) { return std::stoll(req.path_params.at(0)); }

} // namespace

Response HandleListUsers(AppContext& app, const Request& req) {
    const Principal who = RequireAdmin(app, req);
    std::optional<std::int64_t> tenant = who.tenant_id;
    if (const std::string slug = req.Query("tenant"); !slug.empty()) {
        auto t = app.FindTenant(slug);
        if (!t || (who.tenant_id && *who.tenant_id != t->id)) FailNotFound(Msg("La commune est introuvable."));
        tenant = t->id;
    }
    return JsonResponse(200, app.store.Read([&](Db& db) {
        nlohmann::json items = nlohmann::json::array();
        auto q = db.Prepare(std::string("SELECT ") + kAccountColumns +
                            (tenant ? " WHERE u.tenant_id = ? ORDER BY u.id" : " ORDER BY u.id LIMIT 10000"));
        if (tenant) q.Bind(1, *tenant);
        while (q.Step()) items.push_back(ReadAccount(q).ToJson());
        return nlohmann::json{{"items", std::move(items)}};
    }));
}

Response HandleUpdateUser(AppContext& app, const Request& req) {
    const Principal who = RequireAdmin(app, req);
    const auto body = JsonBody(req);
    if (!body.is_object()) Fail(400, "invalid_body", Msg("Le corps est un objet JSON."));
    for (const auto& [k, v] : body.items())
        if (k != "role" && k != "disabled")
            Fail(400, "unknown_field", Msg("Seuls role et disabled se modifient ici (pas {}).", k), k);
    std::optional<Role> role;
    if (body.contains("role")) {
        Role r;
        if (!body["role"].is_string() || !ParseRole(body["role"].get<std::string>(), r))
            Fail(400, "unknown_role", Msg("Le rôle est admin, moderator, agent ou resident."), "role");
        role = r;
    }
    std::optional<bool> disable;
    if (body.contains("disabled")) {
        if (!body["disabled"].is_boolean())
            Fail(400, "invalid_type", Msg("disabled vaut true ou false."), "disabled");
        disable = body["disabled"].get<bool>();
    }
    const std::int64_t id = PathId(req);
    const Account updated = app.store.Write([&](Db& db) {
        const Account a = ManagedAccount(db, who, id);
        // Nobody hands out (or takes away) more than she holds.
        if ((role && *role > who.role) || a.role > who.role)
            Fail(403, "forbidden", Msg("Vous ne pouvez pas donner un rôle supérieur au vôtre."), "role");
        const bool loses_admin = a.role == Role::Admin && !a.disabled_at &&
                                 ((role && *role != Role::Admin) || (disable && *disable));
        if (loses_admin && OtherAdmins(db, a) == 0)
            Fail(409, "last_admin",
                 a.tenant_id ? Msg("C’est le dernier administrateur actif de la commune : nommez-en un autre d’abord.")
                             : Msg("C’est le dernier administrateur actif : nommez-en un autre d’abord."),
                 role && *role != Role::Admin ? "role" : "disabled");
        const std::int64_t chain = a.tenant_id.value_or(0);
        if (role && *role != a.role) {
            db.Prepare("UPDATE users SET role = ? WHERE id = ?").Bind(1, std::string(ToString(*role))).Bind(2, id).Run();
            AppendAudit(db, chain, who, "user.role", std::to_string(id), {{"from", ToString(a.role)}, {"to", ToString(*role)}});
        }
        if (disable && *disable != a.disabled_at.has_value()) {
            if (*disable) {
                // At once: every session and reset token of the account stops working.
                db.Prepare("UPDATE users SET disabled_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?").Bind(1, id).Run();
                db.Prepare("DELETE FROM sessions WHERE user_id = ?").Bind(1, id).Run();
                db.Prepare("DELETE FROM password_resets WHERE user_id = ?").Bind(1, id).Run();
            } else {
                db.Prepare("UPDATE users SET disabled_at = NULL WHERE id = ?").Bind(1, id).Run();
            }
            AppendAudit(db, chain, who, *disable ? "user.disable" : "user.enable", std::to_string(id), nlohmann::json::object());
        }
        return ManagedAccount(db, who, id);
    });
    return JsonResponse(200, updated.ToJson());
}

//-----------------------------------------------------------------------------
// [SECTION] Password reset
//-----------------------------------------------------------------------------

// No e-mail is sent yet: the admin hands the token over (phone, in person); it works once,
// for kResetHours, and only its hash is stored. A newer token replaces an older one.
Response HandleIssuePasswordReset(AppContext& app, const Request& req) {
    const Principal who = RequireAdmin(app, req);
    const std::int64_t id = PathId(req);
    const std::string token = RandomHex(16);
    const std::string expires = IsoIn(kResetHours * 3600);
    app.store.Write([&](Db& db) {
        const Account a = ManagedAccount(db, who, id);
        if (a.disabled_at)
            Fail(409, "account_disabled", Msg("Ce compte est désactivé : réactivez-le d’abord."));
        db.Prepare("DELETE FROM password_resets WHERE user_id = ?").Bind(1, id).Run();
        db.Prepare("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
            .BindBlob(1, Sha256(token)).Bind(2, id).Bind(3, expires).Run();
        AppendAudit(db, a.tenant_id.value_or(0), who, "user.reset_issued", std::to_string(id), {{"expires_at", expires}});
    });
    return JsonResponse(201, {{"token", token}, {"expires_at", expires}, {"use", "POST /api/v1/auth/password-reset"}});
}

Response HandlePasswordReset(AppContext& app, const Request& req) {
    const auto body = JsonBody(req);
    const auto tok = body.find("token");
    if (tok == body.end() || !tok->is_string() || tok->get<std::string>().empty() || tok->get<std::string>().size() > 200)
        Fail(400, "required", Msg("Le jeton de réinitialisation est obligatoire."), "token");
    const std::string pw = ReadPassword(body);
    const std::string client = "reset|" + AddressKey(req.remote_addr);
    if (!app.logins.Allow(client))
        Fail(429, "too_many_attempts", Msg("Trop de tentatives ; patientez un quart d’heure."));
    const std::string token_hash = Sha256(tok->get<std::string>());
    auto fail_token = [] {
        Fail(400, "invalid_reset_token", Msg("Ce jeton de réinitialisation n’est pas valide, a expiré ou a déjà servi ; demandez-en un nouveau à un administrateur."), "token");
    };
    const bool known = app.store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT 1 FROM password_resets WHERE token_hash = ? AND expires_at > ?");
        q.BindBlob(1, token_hash).Bind(2, IsoIn(0));
        return q.Step();
    });
    if (!known) fail_token();
    const std::string hash = app.HashPassword(pw);
    app.store.Write([&](Db& db) {
        auto q = db.Prepare("SELECT u.id, u.role, u.tenant_id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id"
                            " WHERE r.token_hash = ? AND r.expires_at > ? AND u.disabled_at IS NULL");
        q.BindBlob(1, token_hash).Bind(2, IsoIn(0));
        if (!q.Step()) fail_token(); // used meanwhile, or the account was disabled
        Principal self;
        self.user_id = q.Int(0);
        ParseRole(q.Text(1), self.role);
        if (!q.IsNull(2)) self.tenant_id = q.Int(2);
        self.email = q.Text(3);
        db.Prepare("DELETE FROM password_resets WHERE user_id = ?").Bind(1, self.user_id).Run();
        db.Prepare("UPDATE users SET password_hash = ? WHERE id = ?").Bind(1, hash).Bind(2, self.user_id).Run();
        db.Prepare("DELETE FROM sessions WHERE user_id = ?").Bind(1, self.user_id).Run(); // whoever held them is out
        AppendAudit(db, self.tenant_id.value_or(0), self, "user.password_reset", std::to_string(self.user_id), nlohmann::json::object());
    });
    app.logins.Refund(client);
    return JsonResponse(200, {{"reset", true}});
}

//-----------------------------------------------------------------------------
// [SECTION] Accounts made outside HTTP
//-----------------------------------------------------------------------------

// The first admin, from the command line (quartier-server --create-admin): no HTTP route
// can create an account with rights before one exists.
std::int64_t CreateAdminAccount(Store& store, const std::string& email, const std::string& password, bool fast) {
    const std::string hash = HashPassword(password, fast ? PasswordCost::Minimum : PasswordCost::Interactive);
    return store.Write([&](Db& db) {
        auto q = db.Prepare("SELECT id FROM users WHERE email = ?");
        q.Bind(1, email);
        if (q.Step()) {
            const std::int64_t id = q.Int(0);
            db.Prepare("UPDATE users SET password_hash = ?, role = 'admin', tenant_id = NULL, disabled_at = NULL WHERE id = ?")
                .Bind(1, hash).Bind(2, id).Run();
            return id;
        }
        return InsertUser(db, email, hash, Role::Admin, std::nullopt, "");
    });
}

bool ResetAccountPassword(Store& store, const std::string& email, const std::string& password, bool fast) {
    const std::string hash = HashPassword(password, fast ? PasswordCost::Minimum : PasswordCost::Interactive);
    return store.Write([&](Db& db) {
        auto q = db.Prepare("SELECT id, tenant_id FROM users WHERE email = ?");
        q.Bind(1, email);
        if (!q.Step()) return false;
        const std::int64_t id = q.Int(0);
        const std::int64_t chain = q.IsNull(1) ? 0 : q.Int(1);
        db.Prepare("UPDATE users SET password_hash = ?, disabled_at = NULL WHERE id = ?").Bind(1, hash).Bind(2, id).Run();
        db.Prepare("DELETE FROM sessions WHERE user_id = ?").Bind(1, id).Run();
        db.Prepare("DELETE FROM password_resets WHERE user_id = ?").Bind(1, id).Run();
        Principal machine; // no account: the server's operator, at the machine
        AppendAudit(db, chain, machine, "user.password_reset", std::to_string(id), {{"by", "command line"}});
        return true;
    });
}

// A staff or resident account for the demo and tests, created once.
std::int64_t EnsureAccount(Store& store, const std::string& email, const std::string& password, Role role,
                           std::optional<std::int64_t> tenant_id, bool fast) {
    const bool exists = store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT 1 FROM users WHERE email = ?");
        q.Bind(1, email);
        return q.Step();
    });
    if (exists) return 0;
    const std::string hash = HashPassword(password, fast ? PasswordCost::Minimum : PasswordCost::Interactive);
    return store.Write([&](Db& db) { return InsertUser(db, email, hash, role, tenant_id, ""); });
}

} // namespace quartier
