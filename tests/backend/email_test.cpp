// E-mail to residents, read from a real SMTP server on loopback (aiosmtpd, smtp_sink.h):
// the address's confirmation and nothing else before it, decisions on one's proposals with
// the moderator's reason in one's language, replies to one's comments, the preferences link
// that works without signing in (and a mail client's one-click unsubscription), a relay that
// is down (the request does not wait; the message goes when it is back), a commune's own
// relay with a write-only password, "forgot password", the export and the erasure.
#include "backend/api_fixture.h"
#include "backend/smtp_sink.h"

#include <regex>
#include <set>

using namespace quartier;
using namespace quartier::testing;

namespace {

ServerOptions WithRelay(const SmtpSink& sink) {
    ServerOptions o;
    o.app.smtp.url = sink.Url();
    o.app.smtp.from = "Participation <participation@ville.test>";
    o.app.mail_retry_seconds = {1, 1, 1, 1}; // a relay that comes back is tried again within a second
    return o;
}

// The path of the first link to this server's `page` in a message's text.
std::string LinkPath(const json& message, const std::string& page) {
    std::smatch m;
    const std::string text = message["text"];
    if (!std::regex_search(text, m, std::regex("http://127\\.0\\.0\\.1:[0-9]+(" + page + "\\?jeton=[0-9a-f-]+)"))) return "";
    return m[1].str();
}

json ForRecipient(const json& messages, const std::string& to) {
    json out = json::array();
    for (const auto& m : messages)
        if (m["to"].get<std::string>().find(to) != std::string::npos) out.push_back(m);
    return out;
}

std::int64_t OutboxRows(TestServer& s, const std::string& where = "1") {
    return s.Get().GetStore().Read([&](Db& db) {
        auto q = db.Prepare("SELECT COUNT(*) FROM outbox WHERE " + where);
        q.Step();
        return q.Int(0);
    });
}

// A resident who registers on the commune's page in lang and confirms her address through
// the link she receives; her session token.
std::string Confirmed(Town& town, const SmtpSink& sink, const std::string& email, const std::string& lang) {
    const auto r = Call(town.server, "POST", "/api/v1/auth/register",
                        {{"email", email}, {"password", "un-mot-de-passe-long"}, {"language", lang}, {"tenant", "ville"}});
    REQUIRE(r.status == 201);
    CHECK(r.body["email_confirmation"] == "sent");
    const auto mine = ForRecipient(sink.WaitFor([&](const json& m) { return !ForRecipient(m, email).empty(); }), email);
    REQUIRE(mine.size() == 1);
    const std::string link = LinkPath(mine[0], "/courriel/confirmer");
    REQUIRE(!link.empty());
    const auto page = Call(town.server, "GET", link);
    CHECK(page.status == 200);
    return r.body["token"];
}

std::int64_t ProposeAs(Town& town, const std::string& token, const std::string& title) {
    json body = Submission();
    body["title"] = title;
    const auto r = Call(town.server, "POST", "/api/v1/tenants/ville/proposals", body, token);
    REQUIRE(r.status == 201);
    return r.body["id"];
}

} // namespace

TEST_CASE("a new account gets its confirmation e-mail, and nothing else until it confirms") {
    SmtpSink sink;
    Town town(WithRelay(sink));
    const auto r = Call(town.server, "POST", "/api/v1/auth/register",
                        {{"email", "lucia@ejemplo.es"}, {"password", "un-mot-de-passe-long"}, {"language", "es"}, {"tenant", "ville"}});
    REQUIRE(r.status == 201);
    CHECK(r.body["email_confirmation"] == "sent");
    const std::string token = r.body["token"];

    // Before she confirms, a decision on her proposal sends her nothing.
    const auto id = ProposeAs(town, token, "Una fuente en la plaza");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/moderation/proposals/" + std::to_string(id) + "/reject",
                 {{"reason", "Hors du périmètre de la commune"}}, town.moderator).status == 200);
    auto messages = sink.WaitForCount(1);
    REQUIRE(messages.size() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500)); // the mail thread's round passes
    messages = sink.Messages();
    REQUIRE(messages.size() == 1);
    CHECK(OutboxRows(town.server, "kind = 'decision'") == 0);

    const json& mail = messages[0];
    CHECK(mail["to"] == "lucia@ejemplo.es");
    CHECK(mail["headers"]["from"] == "Participation <participation@ville.test>");
    CHECK(mail["subject"] == "Confirme su dirección de correo electrónico"); // in her language, RFC 2047 on the wire
    CHECK(mail["raw"].get<std::string>().find("Subject: =?UTF-8?B?") != std::string::npos);
    CHECK(mail["headers"].contains("message-id"));
    CHECK(mail["headers"].contains("date"));
    CHECK(!mail["headers"].contains("list-unsubscribe")); // asked for, not a notification
    CHECK(mail["html"].get<std::string>().find("<a href=\"http://127.0.0.1:") != std::string::npos);
    CHECK(mail["text"].get<std::string>().find("Ville") != std::string::npos); // the commune's name signs it
    const std::string link = LinkPath(mail, "/courriel/confirmer");
    REQUIRE(!link.empty());

    CHECK(Call(town.server, "GET", "/api/v1/me/email", nullptr, token).body["confirmed"] == false);
    const auto page = Call(town.server, "GET", link);
    CHECK(page.status == 200);
    CHECK(page.text.find("lang=\"es\"") != std::string::npos);
    const auto prefs = Call(town.server, "GET", "/api/v1/me/email", nullptr, token);
    CHECK(prefs.body["confirmed"] == true);
    CHECK(prefs.body["language"] == "es");
    CHECK(prefs.body["decisions"] == true);
    CHECK(prefs.body["replies"] == true);
    CHECK(prefs.body["voting"] == false); // opt-in
    CHECK(Call(town.server, "GET", link).status == 400); // once only
}

TEST_CASE("the author hears of the rejection with the moderator's reason, in her language") {
    SmtpSink sink;
    Town town(WithRelay(sink));
    const std::string fr = Confirmed(town, sink, "claire@exemple.fr", "fr");
    const std::string es = Confirmed(town, sink, "lucia@ejemplo.es", "es");
    const auto a = ProposeAs(town, fr, "Un banc près de l’école");
    const auto b = ProposeAs(town, es, "Una fuente en la plaza");
    const std::string reason = "Ce terrain appartient au département : la commune ne peut pas y construire.";
    for (auto id : {a, b})
        REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/moderation/proposals/" + std::to_string(id) + "/reject",
                     {{"reason", reason}}, town.moderator).status == 200);
    const auto messages = sink.WaitForCount(4);
    REQUIRE(messages.size() == 4);

    const auto claire = ForRecipient(messages, "claire@exemple.fr");
    REQUIRE(claire.size() == 2);
    CHECK(claire[1]["subject"] == "Votre proposition « Un banc près de l’école » n’est pas retenue");
    CHECK(claire[1]["text"].get<std::string>().find("> " + reason) != std::string::npos);
    CHECK(claire[1]["html"].get<std::string>().find("<blockquote") != std::string::npos);
    CHECK(claire[1]["html"].get<std::string>().find("la commune ne peut pas y construire") != std::string::npos);
    CHECK(claire[1]["text"].get<std::string>().find("/simple/ville/propositions/" + std::to_string(a)) != std::string::npos);
    // RFC 8058: a mail client may unsubscribe in one click.
    CHECK(claire[1]["headers"]["list-unsubscribe"].get<std::string>().find("/courriel/preferences?jeton=") != std::string::npos);
    CHECK(claire[1]["headers"]["list-unsubscribe-post"] == "List-Unsubscribe=One-Click");

    const auto lucia = ForRecipient(messages, "lucia@ejemplo.es");
    REQUIRE(lucia.size() == 2);
    CHECK(lucia[1]["subject"] == "Su propuesta «Una fuente en la plaza» no ha sido seleccionada");
    CHECK(lucia[1]["text"].get<std::string>().find("> " + reason) != std::string::npos); // the reason as the moderator wrote it
    CHECK(lucia[1]["text"].get<std::string>().find("Ville no ha seleccionado") != std::string::npos);

    // Approving publishes: that too is told.
    const auto c = ProposeAs(town, fr, "Des arbres rue Haute");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/moderation/proposals/" + std::to_string(c) + "/approve",
                 json::object(), town.moderator).status == 200);
    const auto more = ForRecipient(sink.WaitForCount(5), "claire@exemple.fr");
    REQUIRE(more.size() == 3);
    CHECK(more[2]["subject"] == "Votre proposition « Des arbres rue Haute » est publiée");
}

TEST_CASE("a reply reaches the comment's author; her own reply does not") {
    SmtpSink sink;
    Town town(WithRelay(sink));
    const std::string author = Confirmed(town, sink, "claire@exemple.fr", "fr");
    const std::string neighbour = Confirmed(town, sink, "paul@exemple.fr", "fr");
    const auto proposal = ProposeAs(town, neighbour, "Un jardin partagé");
    const auto comment = Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(proposal) + "/comments",
                              {{"body", "Bonne idée, mais où ?"}}, author);
    REQUIRE(comment.status == 201);
    const std::int64_t parent = comment.body["id"];
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(proposal) + "/comments",
                 {{"body", "Je précise : près du parc."}, {"parent", parent}}, author).status == 201);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(proposal) + "/comments",
                 {{"body", "Derrière la médiathèque, il y a de la place."}, {"parent", parent}}, neighbour).status == 201);
    const auto messages = sink.WaitForCount(3);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    const auto claire = ForRecipient(sink.Messages(), "claire@exemple.fr");
    REQUIRE(claire.size() == 2); // confirmation, then one reply: not her own
    CHECK(claire[1]["subject"] == "Réponse à votre commentaire sur « Un jardin partagé »");
    CHECK(claire[1]["text"].get<std::string>().find("> Derrière la médiathèque, il y a de la place.") != std::string::npos);
    (void)messages;
}

TEST_CASE("the preferences link works without signing in, and a mail client unsubscribes in one click") {
    SmtpSink sink;
    Town town(WithRelay(sink));
    const std::string token = Confirmed(town, sink, "claire@exemple.fr", "fr");
    const auto a = ProposeAs(town, token, "Un banc");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/moderation/proposals/" + std::to_string(a) + "/approve",
                 json::object(), town.moderator).status == 200);
    const auto messages = sink.WaitForCount(2);
    REQUIRE(messages.size() == 2);
    const std::string link = LinkPath(messages[1], "/courriel/preferences");
    REQUIRE(!link.empty());

    // No session: the link alone shows her choices.
    const auto page = Call(town.server, "GET", link);
    REQUIRE(page.status == 200);
    CHECK(page.text.find("name=\"decisions\" value=\"1\" checked") != std::string::npos);
    CHECK(page.text.find("name=\"voting\" value=\"1\">") != std::string::npos);
    // A forged or altered link is refused.
    std::string forged = link;
    forged.back() = forged.back() == '0' ? '1' : '0';
    CHECK(Call(town.server, "GET", forged).status == 404);
    CHECK(Call(town.server, "POST", forged, nullptr, "", "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded").status == 404);

    // The form: voting reminders on, replies off.
    const auto saved = Call(town.server, "POST", link, nullptr, "", "decisions=1&voting=1&enregistrer=1", "application/x-www-form-urlencoded");
    CHECK(saved.status == 303);
    auto prefs = Call(town.server, "GET", "/api/v1/me/email", nullptr, token).body;
    CHECK(prefs["decisions"] == true);
    CHECK(prefs["replies"] == false);
    CHECK(prefs["voting"] == true);

    // RFC 8058's one-click POST stops everything.
    const auto one_click = Call(town.server, "POST", link, nullptr, "", "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
    CHECK(one_click.status == 200);
    prefs = Call(town.server, "GET", "/api/v1/me/email", nullptr, token).body;
    CHECK(prefs["decisions"] == false);
    CHECK(prefs["voting"] == false);
    const auto b = ProposeAs(town, token, "Une fontaine");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/moderation/proposals/" + std::to_string(b) + "/reject",
                 {{"reason", "Déjà prévu au budget"}}, town.moderator).status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(sink.Messages().size() == 2);
}

TEST_CASE("a relay that is down delays the message, never the request") {
    SmtpSink sink;
    Town town(WithRelay(sink));
    const std::string token = Confirmed(town, sink, "claire@exemple.fr", "fr");
    const auto id = ProposeAs(town, token, "Un banc");
    sink.Stop();
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/moderation/proposals/" + std::to_string(id) + "/reject",
                 {{"reason", "Déjà prévu au budget"}}, town.moderator).status == 200);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1000));
    // The thread tries, fails, and keeps the message with the relay's error.
    for (int i = 0; i < 50 && OutboxRows(town.server, "last_error IS NOT NULL") == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(OutboxRows(town.server, "kind = 'decision' AND sent_at IS NULL AND attempts >= 1 AND last_error IS NOT NULL") == 1);
    const auto relay = Call(town.server, "GET", "/api/v1/tenants/ville/mail", nullptr, town.admin);
    CHECK(relay.body["outbox"]["waiting"] == 1);
    CHECK(!relay.body["outbox"]["last_error"].is_null());

    sink.Start();
    const auto messages = sink.WaitForCount(2);
    REQUIRE(messages.size() == 2);
    CHECK(messages[1]["subject"] == "Votre proposition « Un banc » n’est pas retenue");
    // Sent: the row keeps no address, subject or body.
    for (int i = 0; i < 50 && OutboxRows(town.server, "kind = 'decision' AND sent_at IS NOT NULL") == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(OutboxRows(town.server, "kind = 'decision' AND sent_at IS NOT NULL AND recipient = '' AND text = '' AND html = ''") == 1);
}

TEST_CASE("without a relay nothing is queued, and the commune's admin is told") {
    Town town;
    const auto r = Call(town.server, "POST", "/api/v1/auth/register",
                        {{"email", "claire@exemple.fr"}, {"password", "un-mot-de-passe-long"}, {"tenant", "ville"}});
    REQUIRE(r.status == 201);
    CHECK(r.body["email_confirmation"] == "no_relay");
    CHECK(OutboxRows(town.server) == 0);
    const auto relay = Call(town.server, "GET", "/api/v1/tenants/ville/mail", nullptr, town.admin);
    CHECK(relay.body["configured"] == false);
    const auto resend = Call(town.server, "POST", "/api/v1/me/email/confirmation", json::object(), r.body["token"]);
    CHECK(resend.status == 503);
    CHECK(resend.body["error"]["code"] == "no_mail_relay");
}

TEST_CASE("a commune's own relay: its password is write-only and not in the database in clear") {
    SmtpSink platform, commune;
    Town town(WithRelay(platform));
    auto r = Call(town.server, "PATCH", "/api/v1/tenants/ville/mail",
                  {{"smtp_url", "http://mail.ville.test"}, {"from", "mairie@ville.test"}}, town.admin);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "smtp_url");
    CHECK(Call(town.server, "PATCH", "/api/v1/tenants/ville/mail", {{"smtp_url", commune.Url()}, {"from", "mairie@ville.test"}},
               town.moderator).status == 403);
    r = Call(town.server, "PATCH", "/api/v1/tenants/ville/mail",
             {{"smtp_url", commune.Url()}, {"from", "Mairie de Ville <mairie@ville.test>"}, {"password", "secret-du-relais-42"}},
             town.admin);
    REQUIRE(r.status == 200);
    CHECK(r.body["source"] == "commune");
    CHECK(r.body["password_set"] == true);
    CHECK(r.text.find("secret-du-relais-42") == std::string::npos);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/mail", nullptr, town.admin).text.find("secret-du-relais-42") == std::string::npos);
    const std::string sealed = town.server.Get().GetStore().Read([](Db& db) {
        auto q = db.Prepare("SELECT smtp_password FROM tenant_mail");
        q.Step();
        return q.Blob(0);
    });
    CHECK(sealed.find("secret-du-relais") == std::string::npos);
    CHECK(sealed.size() > 19);
    // Without a user the password is not offered; the message goes through the commune's relay.
    REQUIRE(Call(town.server, "PATCH", "/api/v1/tenants/ville/mail",
                 {{"smtp_url", commune.Url()}, {"from", "Mairie de Ville <mairie@ville.test>"}, {"password", ""}}, town.admin).status == 200);
    Call(town.server, "POST", "/api/v1/auth/register",
         {{"email", "claire@exemple.fr"}, {"password", "un-mot-de-passe-long"}, {"tenant", "ville"}});
    const auto got = commune.WaitForCount(1);
    REQUIRE(got.size() == 1);
    CHECK(got[0]["headers"]["from"] == "Mairie de Ville <mairie@ville.test>");
    CHECK(platform.Messages().empty());
}

TEST_CASE("forgot password: a link by e-mail to a confirmed address, a new password from the page") {
    SmtpSink sink;
    Town town(WithRelay(sink));
    Confirmed(town, sink, "claire@exemple.fr", "fr");
    // Same answer for an unknown address: nobody learns who has an account.
    CHECK(Call(town.server, "POST", "/api/v1/auth/password-forgot", {{"email", "personne@exemple.fr"}}).status == 202);
    // From the plain sign-in page: its "forgot password" link, the form.
    const auto signin = Call(town.server, "GET", "/simple/ville/connexion");
    CHECK(signin.text.find("href=\"/courriel/mot-de-passe-oublie?commune=ville\"") != std::string::npos);
    CHECK(Call(town.server, "GET", "/courriel/mot-de-passe-oublie?commune=ville").status == 200);
    const auto asked = Call(town.server, "POST", "/courriel/mot-de-passe-oublie?commune=ville", nullptr, "",
                            "email=claire%40exemple.fr", "application/x-www-form-urlencoded");
    CHECK(asked.status == 200);
    CHECK(asked.text.find("Regardez votre messagerie") != std::string::npos);
    const auto messages = sink.WaitForCount(2);
    REQUIRE(messages.size() == 2);
    CHECK(messages[1]["subject"] == "Choisir un nouveau mot de passe");
    const std::string link = LinkPath(messages[1], "/courriel/mot-de-passe");
    REQUIRE(!link.empty());
    CHECK(Call(town.server, "GET", link).status == 200);
    const auto short_pw = Call(town.server, "POST", link, nullptr, "", "password=court", "application/x-www-form-urlencoded");
    CHECK(short_pw.status == 400);
    CHECK(short_pw.text.find("au moins 10 caractères") != std::string::npos);
    CHECK(Call(town.server, "POST", link, nullptr, "", "password=un-nouveau-mot-de-passe", "application/x-www-form-urlencoded").status == 200);
    CHECK(Call(town.server, "POST", "/api/v1/auth/login", {{"email", "claire@exemple.fr"}, {"password", "un-nouveau-mot-de-passe"}}).status == 200);
    CHECK(Call(town.server, "POST", link, nullptr, "", "password=encore-un-autre-mot", "application/x-www-form-urlencoded").status == 400);
}

TEST_CASE("e-mail choices are in the export and go with the erasure, waiting messages too") {
    SmtpSink sink;
    Town town(WithRelay(sink));
    const std::string token = Confirmed(town, sink, "claire@exemple.fr", "es");
    REQUIRE(Call(town.server, "PATCH", "/api/v1/me/email", {{"voting", true}, {"language", "en"}}, token).status == 200);
    CHECK(Call(town.server, "PATCH", "/api/v1/me/email", {{"voting", "oui"}}, token).body["error"]["field"] == "voting");
    CHECK(Call(town.server, "PATCH", "/api/v1/me/email", {{"language", "de"}}, token).body["error"]["field"] == "language");
    const auto data = Call(town.server, "GET", "/api/v1/me/export", nullptr, token).body;
    CHECK(data["email"]["language"] == "en");
    CHECK(data["email"]["voting"] == true);
    CHECK(data["email"]["confirmed"] == true);

    sink.Stop(); // a message stays waiting
    const auto id = ProposeAs(town, token, "A bench");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/moderation/proposals/" + std::to_string(id) + "/reject",
                 {{"reason", "Already planned"}}, town.moderator).status == 200);
    CHECK(OutboxRows(town.server, "sent_at IS NULL") == 1);
    REQUIRE(Call(town.server, "DELETE", "/api/v1/me", nullptr, token).status == 204);
    CHECK(OutboxRows(town.server) == 0);
}

TEST_CASE("on the ballot: its author hears of it; voting opens: a reminder only to those who chose it") {
    SmtpSink sink;
    Town town(WithRelay(sink));
    const std::string keen = Confirmed(town, sink, "claire@exemple.fr", "fr");   // proposes, chooses reminders
    const std::string quiet = Confirmed(town, sink, "paul@exemple.fr", "fr");    // proposes, keeps the default
    const std::string elsewhere = Confirmed(town, sink, "marc@exemple.fr", "fr"); // chooses reminders, never took part here
    for (const auto& t : {keen, elsewhere})
        REQUIRE(Call(town.server, "PATCH", "/api/v1/me/email", {{"voting", true}}, t).status == 200);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", Town::Process("bp2"), town.admin).status == 201);
    const auto mine = ProposeAs(town, keen, "Des bancs place du marché");
    ProposeAs(town, quiet, "Une piste cyclable");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(mine) + "/review",
                 {{"feasible", true}, {"estimated_cost", 20000}, {"process", "bp2"}}, town.admin).status == 200);
    const auto promoted = Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp2/promote", nullptr, town.admin);
    REQUIRE(promoted.status == 200);
    const std::string project = promoted.body["promoted"][0]["project"]; // "1-2": the ballot already has a "1"
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp2/phase", {{"phase", "voting"}}, town.admin).status == 200);

    const auto messages = sink.WaitForCount(5); // three confirmations, the ballot, one reminder
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    const auto all = sink.Messages();
    const auto claire = ForRecipient(all, "claire@exemple.fr");
    REQUIRE(claire.size() == 3);
    CHECK(claire[1]["subject"] == "Votre proposition « Des bancs place du marché » est soumise au vote");
    CHECK(claire[2]["subject"] == "Le vote est ouvert : Budget participatif");
    CHECK(claire[2]["text"].get<std::string>().find("/simple/ville/consultations/bp2/vote") != std::string::npos);
    CHECK(ForRecipient(all, "paul@exemple.fr").size() == 1);  // reminders are opt-in
    CHECK(ForRecipient(all, "marc@exemple.fr").size() == 1);  // not one of this commune's participants
    (void)messages;

    // The vote funds it: results published (and their reminder), then built.
    const auto code = town.Codes(1, "bp2");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp2/ballots",
                 {{"request_id", "r1"}, {"ballot", {{"projects", {project}}}}}, town.Token(code[0], "bp2")).status == 201);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp2/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp2/phase", {{"phase", "published"}}, town.admin).status == 200);
    auto later = ForRecipient(sink.WaitFor([](const json& m) { return ForRecipient(m, "claire@exemple.fr").size() >= 5; }), "claire@exemple.fr");
    REQUIRE(later.size() == 5);
    std::set<std::string> subjects{later[3]["subject"], later[4]["subject"]};
    CHECK(subjects.count("Votre proposition « Des bancs place du marché » sera réalisée") == 1);
    CHECK(subjects.count("Les résultats sont publiés : Budget participatif") == 1);
    REQUIRE(Call(town.server, "PATCH", "/api/v1/tenants/ville/processes/bp2/projects/" + project + "/follow-up",
                 {{"status", "done"}}, town.admin).status == 200);
    later = ForRecipient(sink.WaitFor([](const json& m) { return ForRecipient(m, "claire@exemple.fr").size() >= 6; }), "claire@exemple.fr");
    REQUIRE(later.size() == 6);
    CHECK(later[5]["subject"] == "Le projet de votre proposition « Des bancs place du marché » est terminé");
}
