// Accounts: residents register, everyone signs in for a 128-bit Bearer token (no cookies,
// so widgets embedded on other sites work), admins create staff accounts; a resident
// downloads (GET /me/export) or erases (DELETE /me) what the server holds about her.
#include "backend/routes.h"

#include "backend/crypto.h"
#include "backend/http/net_address.h"
#include "backend/text_util.h"

#include <ctime>
#include <map>

namespace quartier {

namespace {

constexpr long kSessionDays = 30;

std::string IsoIn(long seconds) {
    char buf[32];
    const std::time_t t = std::time(nullptr) + seconds;
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string ReadEmail(const nlohmann::json& body) {
    std::string email = RequireText(body, "email", 3, 254, "The e-mail address", "L’adresse e-mail");
    const auto at = email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= email.size() || email.find(' ') != std::string::npos)
        Fail(400, "invalid_email", "This e-mail address is not valid.", "Cette adresse e-mail n’est pas valide.", "email");
    return email;
}

std::string ReadPassword(const nlohmann::json& body) {
    const auto it = body.find("password");
    if (it == body.end() || !it->is_string() || it->get<std::string>().empty())
        Fail(400, "required", "The password is required.", "Le mot de passe est obligatoire.", "password");
    const std::string pw = it->get<std::string>();
    if (Utf8Length(pw) < 10)
        Fail(400, "too_short", "The password needs at least 10 characters.",
             "Le mot de passe doit compter au moins 10 caractères.", "password");
    if (pw.size() > 1024)
        Fail(400, "too_long", "The password is too long.", "Le mot de passe est trop long.", "password");
    return pw;
}

// A new session for user_id; returns the token (only its hash is stored).
std::string OpenSession(Db& db, std::int64_t user_id) {
    const std::string token = RandomHex(16);
    db.Prepare("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
        .BindBlob(1, Sha256(token)).Bind(2, user_id).Bind(3, IsoIn(kSessionDays * 86400)).Run();
    return token;
}

std::int64_t InsertUser(Db& db, const std::string& email, const std::string& hash, Role role,
                        std::optional<std::int64_t> tenant_id, const std::string& name) {
    auto q = db.Prepare("SELECT 1 FROM users WHERE email = ?");
    q.Bind(1, email);
    if (q.Step())
        Fail(409, "email_taken", "An account already uses this e-mail address.",
             "Un compte utilise déjà cette adresse e-mail.", "email");
    // Ids are never given twice (id_high keeps the highest ever given): a new account must not
    // inherit a deleted one's audit lines, pseudonyms or anything else still naming its id.
    db.Prepare("INSERT INTO users (id, email, password_hash, role, tenant_id, display_name)"
               " VALUES ((SELECT last + 1 FROM id_high WHERE name = 'users'), ?, ?, ?, ?, ?)")
        .Bind(1, email).Bind(2, hash).Bind(3, std::string(ToString(role))).Bind(4, tenant_id).Bind(5, name).Run();
    return db.LastInsertId();
}

} // namespace

Response HandleRegister(AppContext& app, const Request& req) {
    const auto body = JsonBody(req);
    const std::string email = ReadEmail(body);
    const std::string pw = ReadPassword(body);
    const std::string name = body.contains("display_name") ? RequireText(body, "display_name", 0, 80, "The name", "Le nom") : "";
    if (!app.logins.Allow("register|" + AddressKey(req.remote_addr)))
        Fail(429, "rate_limited", "Too many attempts from here; please try again later.",
             "Trop de tentatives d’ici ; réessayez plus tard.");
    const std::string hash = app.HashPassword(pw);
    const std::string token = app.store.Write([&](Db& db) {
        const std::int64_t id = InsertUser(db, email, hash, Role::Resident, std::nullopt, name);
        return OpenSession(db, id);
    });
    return JsonResponse(201, {{"token", token}, {"role", "resident"}});
}

Response HandleLogin(AppContext& app, const Request& req) {
    const auto body = JsonBody(req);
    const std::string email = ReadEmail(body);
    const auto pw_field = body.find("password");
    if (pw_field == body.end() || !pw_field->is_string() || pw_field->get<std::string>().empty())
        Fail(400, "required", "The password is required.", "Le mot de passe est obligatoire.", "password");
    const std::string pw = pw_field->get<std::string>();
    if (pw.size() > 1024)
        Fail(400, "too_long", "The password is too long.", "Le mot de passe est trop long.", "password");
    // Counted before argon2id runs, so that parallel tries cannot all pass the check before
    // the first is counted; given back when the password is right.
    const std::string client = "login|" + AddressKey(req.remote_addr);
    if (!app.logins.Allow(client))
        Fail(429, "too_many_attempts", "Too many failed sign-ins; please wait a quarter of an hour.",
             "Trop d’échecs de connexion ; patientez un quart d’heure.");
    struct Row {
        std::int64_t id = 0;
        std::string hash, role;
        std::optional<std::int64_t> tenant;
    };
    const auto row = app.store.Read([&](Db& db) -> std::optional<Row> {
        auto q = db.Prepare("SELECT id, password_hash, role, tenant_id FROM users WHERE email = ?");
        q.Bind(1, email);
        if (!q.Step()) return std::nullopt;
        Row r{q.Int(0), q.Text(1), q.Text(2), std::nullopt};
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
        Fail(401, "invalid_credentials", "Wrong e-mail address or password.", "Adresse e-mail ou mot de passe incorrect.");
    app.logins.Refund(client);
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
                            " WHERE s.user_id = ?");
        t.Bind(1, who.user_id).Bind(2, who.user_id);
        while (t.Step()) tenants.push_back(t.Int(0));
        if (delete_proposals) db.Prepare("DELETE FROM proposals WHERE author_id = ?").Bind(1, who.user_id).Run();
        // Sessions, supports and flags go with the account (ON DELETE CASCADE); proposals kept
        // lose their author (ON DELETE SET NULL).
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
        Fail(403, "forbidden", "You do not have the right to do this.", "Vous n’avez pas le droit de faire ceci.");
    const auto body = JsonBody(req);
    const std::string email = ReadEmail(body);
    const std::string pw = ReadPassword(body);
    Role role;
    if (!body.contains("role") || !body["role"].is_string() || !ParseRole(body["role"].get<std::string>(), role))
        Fail(400, "unknown_role", "The role is admin, moderator, agent or resident.",
             "Le rôle est admin, moderator, agent ou resident.", "role");
    std::optional<std::int64_t> tenant_id;
    if (body.contains("tenant") && !body["tenant"].is_null()) {
        auto t = app.FindTenant(body.value("tenant", ""));
        if (!t) FailNotFound("The commune", "La commune");
        tenant_id = t->id;
    }
    // A tenant's admin creates accounts for her own tenant only.
    if (who.tenant_id && tenant_id != who.tenant_id)
        Fail(403, "forbidden", "You can only create accounts for your own commune.",
             "Vous ne pouvez créer des comptes que pour votre commune.", "tenant");
    const std::string hash = app.HashPassword(pw);
    const std::int64_t id = app.store.Write([&](Db& db) {
        const std::int64_t uid = InsertUser(db, email, hash, role, tenant_id, body.value("display_name", ""));
        AppendAudit(db, tenant_id.value_or(0), who, "user.create", std::to_string(uid), {{"role", ToString(role)}});
        return uid;
    });
    return JsonResponse(201, {{"id", id}, {"email", email}, {"role", ToString(role)},
                              {"tenant", body.contains("tenant") ? body["tenant"] : nlohmann::json()}});
}

// The first admin, from the command line (quartier-server --create-admin): no HTTP route
// can create an account with rights before one exists.
std::int64_t CreateAdminAccount(Store& store, const std::string& email, const std::string& password, bool fast) {
    const std::string hash = HashPassword(password, fast ? PasswordCost::Minimum : PasswordCost::Interactive);
    return store.Write([&](Db& db) {
        auto q = db.Prepare("SELECT id FROM users WHERE email = ?");
        q.Bind(1, email);
        if (q.Step()) {
            const std::int64_t id = q.Int(0);
            db.Prepare("UPDATE users SET password_hash = ?, role = 'admin', tenant_id = NULL WHERE id = ?")
                .Bind(1, hash).Bind(2, id).Run();
            return id;
        }
        return InsertUser(db, email, hash, Role::Admin, std::nullopt, "");
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
