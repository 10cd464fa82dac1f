// E-mail through the API: a resident's choices (language, what to hear of) and a new
// confirmation link, "forgot password" (a reset link by e-mail, to a confirmed address
// only), and a commune's own SMTP relay set by its admins (the password write-only, sealed)
// with what its outbox holds.
#include "backend/routes.h"

#include "backend/crypto.h"
#include "backend/http/net_address.h"
#include "backend/mail/outbox.h"
#include "backend/text_util.h"
#include "shared/i18n.h"

#include <algorithm>
#include <ctime>

namespace quartier {

namespace {

constexpr long kResetHours = 2; // a reset link sent by e-mail


std::optional<bool> ReadFlag(const nlohmann::json& body, const char* field) {
    if (!body.contains(field)) return std::nullopt;
    if (!body[field].is_boolean())
        Fail(400, "invalid_type", Msg("{} vaut true ou false.", field), field);
    return body[field].get<bool>();
}

} // namespace

nlohmann::json MailPreferences(Db& db, std::int64_t user_id) {
    auto q = db.Prepare("SELECT language, email_confirmed_at, mail_decisions, mail_replies, mail_voting FROM users WHERE id = ?");
    q.Bind(1, user_id);
    if (!q.Step()) return nullptr;
    return {{"language", q.Text(0)},
            {"confirmed", !q.IsNull(1)},
            {"confirmed_at", q.IsNull(1) ? nlohmann::json() : nlohmann::json(q.Text(1))},
            {"decisions", q.Int(2) != 0},
            {"replies", q.Int(3) != 0},
            {"voting", q.Int(4) != 0}};
}

void UpdateMailPreferences(Db& db, std::int64_t user_id, const nlohmann::json& body) {
    if (!body.is_object()) Fail(400, "invalid_body", Msg("Le corps est un objet JSON."));
    for (const auto& [k, v] : body.items())
        if (k != "language" && k != "decisions" && k != "replies" && k != "voting")
            Fail(400, "unknown_field", Msg("Seuls language, decisions, replies et voting se modifient ici (pas {}).", k), k);
    if (body.contains("language")) {
        const auto& l = body["language"];
        const auto spoken = Languages();
        if (!l.is_string() || std::find(spoken.begin(), spoken.end(), l.get<std::string>()) == spoken.end())
            Fail(400, "unknown_language", Msg("La langue est fr, en ou es."), "language");
        db.Prepare("UPDATE users SET language = ? WHERE id = ?").Bind(1, l.get<std::string>()).Bind(2, user_id).Run();
    }
    const std::pair<const char*, const char*> flags[] = {
        {"decisions", "mail_decisions"}, {"replies", "mail_replies"}, {"voting", "mail_voting"}};
    for (const auto& [field, column] : flags)
        if (const auto v = ReadFlag(body, field))
            db.Prepare(std::string("UPDATE users SET ") + column + " = ? WHERE id = ?").Bind(1, *v ? 1 : 0).Bind(2, user_id).Run();
}

Response HandleGetMailPreferences(AppContext& app, const Request& req) {
    const Principal who = app.RequireUser(req);
    return JsonResponse(200, app.store.Read([&](Db& db) { return MailPreferences(db, who.user_id); }));
}

Response HandleUpdateMailPreferences(AppContext& app, const Request& req) {
    const Principal who = app.RequireUser(req);
    const auto body = JsonBody(req);
    return JsonResponse(200, app.store.Write([&](Db& db) {
        UpdateMailPreferences(db, who.user_id, body);
        return MailPreferences(db, who.user_id);
    }));
}

// A new confirmation link (the last one stops working); {"tenant": slug} sends it through
// that commune's relay, with its name.
Response HandleResendConfirmation(AppContext& app, const Request& req) {
    const Principal who = app.RequireUser(req);
    const auto body = req.body.empty() ? nlohmann::json::object() : JsonBody(req);
    std::shared_ptr<const Tenant> tenant;
    if (body.is_object() && body.contains("tenant") && body["tenant"].is_string()) tenant = app.FindTenant(body["tenant"]);
    if (!app.logins.Allow("confirm|" + std::to_string(who.user_id)))
        Fail(429, "rate_limited", Msg("Trop de tentatives d’ici ; réessayez plus tard."));
    const std::string outcome = app.store.Write([&](Db& db) -> std::string {
        const auto prefs = MailPreferences(db, who.user_id);
        if (prefs["confirmed"].get<bool>()) return "already_confirmed";
        return QueueConfirmation(app, db, tenant.get(), who.user_id) ? "sent" : "no_relay";
    });
    if (outcome == "no_relay")
        Fail(503, "no_mail_relay", Msg("Ce serveur n’envoie pas encore d’e-mails : ses administrateurs n’ont pas configuré de relais de messagerie."));
    return JsonResponse(outcome == "sent" ? 202 : 200, {{"confirmation", outcome}});
}

// "Forgot password": always the same answer (202), so that nobody learns who has an account;
// a link goes only to a confirmed address of an enabled account.
Response HandleForgotPassword(AppContext& app, const Request& req) {
    const auto body = JsonBody(req);
    const std::string email = RequireText(body, "email", 3, 254, Word("L’adresse e-mail"));
    std::shared_ptr<const Tenant> tenant;
    if (body.contains("tenant") && body["tenant"].is_string()) tenant = app.FindTenant(body["tenant"]);
    if (!app.logins.Allow("forgot|" + AddressKey(req.remote_addr)))
        Fail(429, "too_many_attempts", Msg("Trop de tentatives ; patientez un quart d’heure."));
    app.store.Write([&](Db& db) {
        auto q = db.Prepare("SELECT id FROM users WHERE email = ? AND disabled_at IS NULL AND email_confirmed_at IS NOT NULL");
        q.Bind(1, email);
        if (!q.Step()) return;
        const std::int64_t id = q.Int(0);
        const std::string token = RandomHex(16);
        const std::string url = PublicUrl(app, "/courriel/mot-de-passe?jeton=" + token);
        const bool queued = QueueMail(app, db, tenant.get(), id, MailKind::PasswordReset, [&](const std::string& lang) {
            MailText m;
            m.subject = Tr(lang, "Choisir un nouveau mot de passe");
            m.paragraphs.push_back(Tr(lang, "Bonjour,"));
            m.paragraphs.push_back(Tr(lang, "Quelqu’un, sans doute vous, a demandé à changer le mot de passe de votre compte. "
                                            "Ce lien sert une fois, pendant deux heures."));
            m.paragraphs.push_back(Tr(lang, "Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas."));
            m.action_label = Tr(lang, "Choisir un nouveau mot de passe");
            m.action_url = url;
            return m;
        });
        if (!queued) return;
        db.Prepare("DELETE FROM password_resets WHERE user_id = ?").Bind(1, id).Run();
        db.Prepare("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
            .BindBlob(1, Sha256(token)).Bind(2, id).Bind(3, IsoIn(kResetHours * 3600)).Run();
    });
    return JsonResponse(202, {{"sent_if_known", true}});
}

namespace {

nlohmann::json RelayJson(AppContext& app, Db& db, const Tenant& t) {
    nlohmann::json j{{"configured", false}, {"source", nullptr}};
    auto q = db.Prepare("SELECT smtp_url, smtp_from, smtp_user, smtp_password IS NOT NULL FROM tenant_mail WHERE tenant_id = ?");
    q.Bind(1, t.id);
    if (q.Step()) {
        j = {{"configured", true}, {"source", "commune"}, {"smtp_url", q.Text(0)}, {"from", q.Text(1)},
             {"user", q.Text(2)}, {"password_set", q.Int(3) != 0}};
    } else if (app.options.smtp.Configured()) {
        j["configured"] = true;
        j["source"] = "platform";
        j["from"] = app.options.smtp.from;
    }
    auto o = db.Prepare("SELECT SUM(sent_at IS NULL AND failed_at IS NULL), SUM(failed_at IS NOT NULL), SUM(sent_at IS NOT NULL),"
                        " (SELECT last_error FROM outbox WHERE tenant_id = ?1 AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1)"
                        " FROM outbox WHERE tenant_id = ?1");
    o.Bind(1, t.id);
    o.Step();
    j["outbox"] = {{"waiting", o.Int(0)}, {"given_up", o.Int(1)}, {"sent_this_week", o.Int(2)},
                   {"last_error", o.IsNull(3) ? nlohmann::json() : nlohmann::json(o.Text(3))}};
    return j;
}

} // namespace

Response HandleGetMailRelay(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    app.RequireStaff(req, t.get(), {Role::Admin});
    return JsonResponse(200, app.store.Read([&](Db& db) { return RelayJson(app, db, *t); }));
}

// PATCH {"smtp_url","from","user","password"} sets the commune's relay (a password left out
// keeps the one set); {"smtp_url": ""} removes it (the platform's serves again, if any).
Response HandleSetMailRelay(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    const auto body = JsonBody(req);
    if (!body.is_object()) Fail(400, "invalid_body", Msg("Le corps est un objet JSON."));
    const std::string url = body.contains("smtp_url") ? RequireText(body, "smtp_url", 0, 300, Word("L’adresse du relais")) : "";
    if (url.empty()) {
        app.store.Write([&](Db& db) {
            db.Prepare("DELETE FROM tenant_mail WHERE tenant_id = ?").Bind(1, t->id).Run();
            AppendAudit(db, t->id, who, "mail.relay_removed", t->slug, nlohmann::json::object());
        });
    } else {
        if (url.rfind("smtp://", 0) != 0 && url.rfind("smtps://", 0) != 0)
            Fail(400, "invalid_smtp_url", Msg("L’adresse du relais commence par smtp:// ou smtps:// (smtp://mail.example.fr:587)."), "smtp_url");
        const std::string from = RequireText(body, "from", 3, 254, Word("L’adresse d’expédition"));
        if (from.find('@') == std::string::npos || from.find_first_of("\r\n") != std::string::npos)
            Fail(400, "invalid_email", Msg("Cette adresse e-mail n’est pas valide."), "from");
        const std::string user = body.contains("user") ? RequireText(body, "user", 0, 254, Word("Le compte")) : "";
        std::optional<std::string> password;
        if (body.contains("password")) password = RequireText(body, "password", 0, 1024, Word("Le mot de passe"));
        app.store.Write([&](Db& db) {
            db.Prepare("INSERT INTO tenant_mail (tenant_id, smtp_url, smtp_from, smtp_user) VALUES (?, ?, ?, ?)"
                       " ON CONFLICT (tenant_id) DO UPDATE SET smtp_url = excluded.smtp_url, smtp_from = excluded.smtp_from,"
                       " smtp_user = excluded.smtp_user")
                .Bind(1, t->id).Bind(2, url).Bind(3, from).Bind(4, user).Run();
            if (password) {
                if (password->empty()) db.Prepare("UPDATE tenant_mail SET smtp_password = NULL WHERE tenant_id = ?").Bind(1, t->id).Run();
                else
                    db.Prepare("UPDATE tenant_mail SET smtp_password = ? WHERE tenant_id = ?")
                        .BindBlob(1, Seal(RelaySealKey(db, t->id), *password)).Bind(2, t->id).Run();
            }
            AppendAudit(db, t->id, who, "mail.relay_set", t->slug, {{"smtp_url", url}, {"from", from}});
        });
    }
    return JsonResponse(200, app.store.Read([&](Db& db) { return RelayJson(app, db, *t); }));
}

} // namespace quartier
