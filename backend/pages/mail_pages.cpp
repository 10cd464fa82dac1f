// The plain pages e-mails link to, all working without signing in: confirm an address (the
// link's one-time token), choose which messages to receive or stop them all (the signed link
// in every notification; a one-click POST as RFC 8058 asks mail clients to send), and choose a
// new password from a "forgot password" link.
#include "backend/routes.h"

#include "backend/crypto.h"
#include "backend/mail/outbox.h"
#include "backend/pages/html_page.h"
#include "backend/text_util.h"
#include "shared/i18n.h"
#include "shared/text.h"

#include <ctime>

namespace quartier {

namespace {

std::string E(const std::string& s) { return HtmlEscape(s); }

PageShell Shell(const Request& req, const std::string& lang, const std::string& title) {
    PageShell s;
    s.lang = lang;
    s.title = title;
    s.site_name = "Quartier";
    s.home = kPlainRoot;
    std::string keep;
    if (const std::string token = req.Query("jeton"); !token.empty()) keep = "jeton=" + UrlEncode(token) + "&";
    for (const std::string& other : Languages())
        if (other != lang) s.languages.push_back({other, req.path + "?" + keep + "lang=" + other});
    return s;
}

Response Page(int status, const Request& req, const std::string& lang, const std::string& title, const std::string& main) {
    return HtmlResponse(status, RenderPage(Shell(req, lang, title), main));
}

// The page's language: ?lang= when chosen, else the account's, else the request's.
std::string LanguageFor(const Request& req, const std::string& account_language) {
    if (!req.Query("lang").empty()) return PageLanguage(req);
    if (!account_language.empty()) return SpokenLanguage(account_language);
    return PageLanguage(req);
}

std::string AccountLanguage(AppContext& app, std::int64_t user_id) {
    return app.store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT language FROM users WHERE id = ?");
        q.Bind(1, user_id);
        return q.Step() ? q.Text(0) : std::string();
    });
}

std::string PreferencesForm(const std::string& lang, const std::string& action, const nlohmann::json& prefs) {
    auto box = [&](const char* name, const char* label) {
        return std::string("<p><input type=\"checkbox\" id=\"") + name + "\" name=\"" + name + "\" value=\"1\"" +
               (prefs.value(name, false) ? " checked" : "") + "> <label for=\"" + name + "\">" + E(Tr(lang, label)) +
               "</label></p>\n";
    };
    std::string html = "<form method=\"post\" action=\"" + E(action) + "\">\n<fieldset><legend>" +
                       E(Tr(lang, "Recevoir un e-mail quand…")) + "</legend>\n";
    html += box("decisions", N_("la commune décide de l’une de mes propositions (publiée, refusée, soumise au vote, financée, réalisée)"));
    html += box("replies", N_("quelqu’un répond à l’un de mes commentaires"));
    html += box("voting", N_("un vote s’ouvre et quand ses résultats sont publiés"));
    html += "</fieldset>\n<p><button type=\"submit\" name=\"enregistrer\" value=\"1\">" + E(Tr(lang, "Enregistrer mes choix")) +
            "</button></p>\n</form>\n";
    html += "<form method=\"post\" action=\"" + E(action) + "\">\n<p><button type=\"submit\" name=\"tout\" value=\"1\">" +
            E(Tr(lang, "Ne plus recevoir aucun message")) + "</button></p>\n</form>\n";
    return html;
}

} // namespace

Response HandleConfirmEmailPage(AppContext& app, const Request& req) {
    const std::string token = req.Query("jeton");
    std::optional<std::int64_t> user;
    if (!token.empty() && token.size() <= 200) {
        user = app.store.Write([&](Db& db) -> std::optional<std::int64_t> {
            auto q = db.Prepare("SELECT user_id FROM email_confirmations WHERE token_hash = ? AND expires_at > ?");
            q.BindBlob(1, Sha256(token)).Bind(2, IsoIn(0));
            if (!q.Step()) return std::nullopt;
            const std::int64_t id = q.Int(0);
            db.Prepare("DELETE FROM email_confirmations WHERE user_id = ?").Bind(1, id).Run();
            db.Prepare("UPDATE users SET email_confirmed_at = ? WHERE id = ? AND email_confirmed_at IS NULL")
                .Bind(1, IsoIn(0)).Bind(2, id).Run();
            return id;
        });
    }
    if (!user) {
        const std::string lang = PageLanguage(req);
        const std::string title = Tr(lang, "Lien de confirmation non valable");
        return Page(400, req, lang, title,
                    "<h1>" + E(title) + "</h1>\n<p>" +
                        E(Tr(lang, "Ce lien a expiré ou a déjà servi. Connectez-vous pour en demander un nouveau.")) + "</p>\n");
    }
    const std::string lang = LanguageFor(req, AccountLanguage(app, *user));
    const std::string title = Tr(lang, "Adresse e-mail confirmée");
    const std::string prefs = app.store.Read([&](Db& db) { return PreferencesToken(db, *user); });
    return Page(200, req, lang, title,
                "<h1>" + E(title) + "</h1>\n<p>" +
                    E(Tr(lang, "Merci. Vous recevrez un e-mail quand la commune décide de vos propositions et quand "
                               "quelqu’un répond à vos commentaires.")) +
                    "</p>\n<p><a href=\"/courriel/preferences?jeton=" + E(UrlEncode(prefs)) + "\">" +
                    E(Tr(lang, "Choisir les messages reçus")) + "</a></p>\n");
}

Response HandleMailPreferencesPage(AppContext& app, const Request& req) {
    const std::string token = req.Query("jeton");
    const auto found = app.store.Read([&](Db& db) -> std::optional<std::pair<std::int64_t, nlohmann::json>> {
        const auto id = CheckPreferencesToken(db, token);
        if (!id) return std::nullopt;
        return std::make_pair(*id, MailPreferences(db, *id));
    });
    if (!found) {
        const std::string lang = PageLanguage(req);
        const std::string title = Tr(lang, "Lien non valable");
        return Page(404, req, lang, title,
                    "<h1>" + E(title) + "</h1>\n<p>" +
                        E(Tr(lang, "Ce lien ne correspond à aucun compte : il a peut-être été mal copié, ou le compte a été supprimé.")) +
                        "</p>\n");
    }
    const std::string lang = LanguageFor(req, found->second.value("language", ""));
    const std::string title = Tr(lang, "Vos e-mails");
    const std::string action = "/courriel/preferences?jeton=" + UrlEncode(token) + (req.Query("lang").empty() ? "" : "&lang=" + lang);
    std::string main = "<h1>" + E(title) + "</h1>\n";
    if (req.Query("enregistre") == "1")
        main += "<p role=\"status\"><strong>" + E(Tr(lang, "Vos choix sont enregistrés.")) + "</strong></p>\n";
    main += PreferencesForm(lang, action, found->second);
    return Page(200, req, lang, title, main);
}

// A form from the page above, or a mail client's one-click unsubscription (RFC 8058: the
// body "List-Unsubscribe=One-Click"), which stops every message.
Response HandleMailPreferencesPost(AppContext& app, const Request& req) {
    const std::string token = req.Query("jeton");
    const auto fields = ParseForm(req.body);
    auto has = [&](const char* name) { return fields.count(name) > 0; };
    const bool all_off = has("tout") || (fields.count("List-Unsubscribe") && fields.find("List-Unsubscribe")->second == "One-Click");
    const bool saved = app.store.Write([&](Db& db) {
        const auto id = CheckPreferencesToken(db, token);
        if (!id) return false;
        nlohmann::json body{{"decisions", !all_off && has("decisions")},
                            {"replies", !all_off && has("replies")},
                            {"voting", !all_off && has("voting")}};
        UpdateMailPreferences(db, *id, body);
        return true;
    });
    if (!saved) return HandleMailPreferencesPage(app, req); // says the link is not valid (404)
    if (fields.count("List-Unsubscribe")) { // a mail client: no page to show
        Response r = HtmlResponse(200, "");
        return r;
    }
    return SeeOther("/courriel/preferences?jeton=" + UrlEncode(token) + "&enregistre=1" +
                    (req.Query("lang").empty() ? "" : "&lang=" + UrlEncode(req.Query("lang"))));
}

namespace {

Response ResetForm(const Request& req, const std::string& lang, int status, const std::string& error) {
    const std::string title = Tr(lang, "Choisir un nouveau mot de passe");
    std::string main = "<h1>" + E(title) + "</h1>\n";
    if (!error.empty()) main += "<p role=\"alert\" id=\"erreur\"><strong>" + E(error) + "</strong></p>\n";
    main += "<form method=\"post\" action=\"" + E("/courriel/mot-de-passe?jeton=" + UrlEncode(req.Query("jeton")) +
                                                   (req.Query("lang").empty() ? "" : "&lang=" + lang)) +
            "\">\n<p><label for=\"mot-de-passe\">" + E(Tr(lang, "Nouveau mot de passe (10 caractères au moins)")) +
            "</label><br><input type=\"password\" id=\"mot-de-passe\" name=\"password\" autocomplete=\"new-password\" required minlength=\"10\"" +
            (error.empty() ? "" : " aria-describedby=\"erreur\" aria-invalid=\"true\"") + "></p>\n<p><button type=\"submit\">" +
            E(Tr(lang, "Enregistrer le mot de passe")) + "</button></p>\n</form>\n";
    PageShell shell = Shell(req, lang, title);
    shell.has_errors = !error.empty();
    return HtmlResponse(status, RenderPage(shell, main));
}

} // namespace

Response HandleResetPasswordPage(AppContext&, const Request& req) { return ResetForm(req, PageLanguage(req), 200, ""); }

Response HandleResetPasswordPost(AppContext& app, const Request& req) {
    const std::string lang = PageLanguage(req);
    const auto fields = ParseForm(req.body);
    const auto pw = fields.find("password");
    Request inner = req;
    inner.method = "POST";
    inner.body = nlohmann::json{{"token", req.Query("jeton")}, {"password", pw == fields.end() ? "" : pw->second}}.dump();
    inner.headers["content-type"] = "application/json";
    inner.headers.erase("authorization");
    try {
        HandlePasswordReset(app, inner);
    } catch (const ApiError& e) {
        return ResetForm(req, lang, e.status, e.error.Message(lang));
    }
    const std::string title = Tr(lang, "Mot de passe changé");
    return Page(200, req, lang, title,
                "<h1>" + E(title) + "</h1>\n<p>" +
                    E(Tr(lang, "Votre nouveau mot de passe est enregistré ; vos anciennes sessions sont fermées. "
                               "Connectez-vous avec lui sur la page de votre commune.")) +
                    "</p>\n");
}

namespace {

Response ForgotForm(AppContext& app, const Request& req, const std::string& lang, int status, const std::string& error,
                    const std::string& email) {
    const std::string title = Tr(lang, "Mot de passe oublié");
    const std::string commune = req.Query("commune");
    const auto t = commune.empty() ? nullptr : app.FindTenant(commune);
    std::string query = t ? "commune=" + UrlEncode(t->slug) : "";
    if (!req.Query("lang").empty()) query += std::string(query.empty() ? "" : "&") + "lang=" + lang;
    std::string main = "<h1>" + E(title) + "</h1>\n<p>" +
                       E(Tr(lang, "Indiquez l’adresse e-mail de votre compte : si elle est confirmée, vous y recevrez un lien "
                                  "pour choisir un nouveau mot de passe.")) +
                       "</p>\n";
    if (!error.empty()) main += "<p role=\"alert\" id=\"erreur\"><strong>" + E(error) + "</strong></p>\n";
    main += "<form method=\"post\" action=\"" + E("/courriel/mot-de-passe-oublie" + (query.empty() ? "" : "?" + query)) +
            "\">\n<p><label for=\"email\">" + E(Tr(lang, "Adresse e-mail")) +
            "</label><br><input type=\"email\" id=\"email\" name=\"email\" autocomplete=\"email\" required value=\"" + E(email) +
            "\"" + (error.empty() ? "" : " aria-describedby=\"erreur\" aria-invalid=\"true\"") + "></p>\n<p><button type=\"submit\">" +
            E(Tr(lang, "Recevoir un lien")) + "</button></p>\n</form>\n";
    PageShell shell = Shell(req, lang, title);
    if (t) {
        shell.site_name = t->name;
        shell.home = std::string(kPlainRoot) + "/" + t->slug;
    }
    shell.has_errors = !error.empty();
    return HtmlResponse(status, RenderPage(shell, main));
}

} // namespace

Response HandleForgotPasswordPage(AppContext& app, const Request& req) {
    return ForgotForm(app, req, PageLanguage(req), 200, "", "");
}

Response HandleForgotPasswordPost(AppContext& app, const Request& req) {
    const std::string lang = PageLanguage(req);
    const auto fields = ParseForm(req.body);
    const auto f = fields.find("email");
    const std::string email = Trim(f == fields.end() ? "" : f->second);
    Request inner = req;
    inner.method = "POST";
    nlohmann::json body{{"email", email}};
    if (!req.Query("commune").empty()) body["tenant"] = req.Query("commune");
    inner.body = body.dump();
    inner.headers["content-type"] = "application/json";
    inner.headers.erase("authorization");
    try {
        HandleForgotPassword(app, inner);
    } catch (const ApiError& e) {
        return ForgotForm(app, req, lang, e.status, e.error.Message(lang), email);
    }
    const std::string title = Tr(lang, "Regardez votre messagerie");
    return Page(200, req, lang, title,
                "<h1>" + E(title) + "</h1>\n<p>" +
                    E(Tr(lang, "Si un compte a cette adresse et qu’elle est confirmée, un lien vient d’y être envoyé. "
                               "Il sert une fois, pendant deux heures.")) +
                    "</p>\n");
}

} // namespace quartier
