// Accounts: residents register and sign in for a Bearer token; staff accounts are made by
// admins; a resident downloads and erases what the server holds about her (GDPR).
#include "backend/api_fixture.h"

#include <sqlite3.h>

using namespace quartier;
using namespace quartier::testing;

TEST_CASE("a resident registers, signs in, sees herself and signs out") {
    Town town;
    auto r = Call(town.server, "POST", "/api/v1/auth/register", {{"email", "lea@exemple.fr"}, {"password", "court"}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "password");
    CHECK(Call(town.server, "POST", "/api/v1/auth/register", {{"email", "pas-une-adresse"}, {"password", "un-mot-de-passe-long"}})
              .body["error"]["field"] == "email");
    r = Call(town.server, "POST", "/api/v1/auth/register", {{"email", "lea@exemple.fr"}, {"password", "un-mot-de-passe-long"}});
    REQUIRE(r.status == 201);
    CHECK(r.body["role"] == "resident");
    CHECK(r.body["token"].get<std::string>().size() == 32);
    CHECK(Call(town.server, "POST", "/api/v1/auth/register", {{"email", "LEA@exemple.fr"}, {"password", "un-mot-de-passe-long"}})
              .body["error"]["code"] == "email_taken");

    CHECK(Call(town.server, "POST", "/api/v1/auth/login", {{"email", "lea@exemple.fr"}, {"password", "faux-mot-de-passe"}}).status == 401);
    const auto login = Call(town.server, "POST", "/api/v1/auth/login", {{"email", "lea@exemple.fr"}, {"password", "un-mot-de-passe-long"}});
    REQUIRE(login.status == 200);
    const std::string token = login.body["token"];
    const auto me = Call(town.server, "GET", "/api/v1/me", nullptr, token);
    CHECK(me.body["email"] == "lea@exemple.fr");
    CHECK(me.body["role"] == "resident");
    CHECK(Call(town.server, "POST", "/api/v1/auth/logout", nullptr, token).status == 204);
    CHECK(Call(town.server, "GET", "/api/v1/me", nullptr, token).body["error"]["code"] == "invalid_token");
    CHECK(Call(town.server, "GET", "/api/v1/me").status == 401);

    // Passwords are stored as argon2id hashes, never as typed.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(town.server.DbPath().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT password_hash FROM users WHERE email = 'lea@exemple.fr'", -1, &s, nullptr);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    const std::string hash = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

TEST_CASE("failed sign-ins are rate limited") {
    ServerOptions o;
    o.app.logins_per_window = 3;
    Town town(o);
    for (int i = 0; i < 3; ++i)
        CHECK(Call(town.server, "POST", "/api/v1/auth/login", {{"email", "x@y.fr"}, {"password", "n-importe-quoi"}}).status == 401);
    CHECK(Call(town.server, "POST", "/api/v1/auth/login", {{"email", "admin@ville.test"}, {"password", "mot-de-passe-solide"}}).status == 429);
}

TEST_CASE("admins create staff accounts; a commune's admin only for her commune") {
    Town town;
    json body{{"email", "agent2@ville.test"}, {"password", "mot-de-passe-solide"}, {"role", "agent"}, {"tenant", "ville"}};
    CHECK(Call(town.server, "POST", "/api/v1/users", body, town.moderator).status == 403);
    const auto r = Call(town.server, "POST", "/api/v1/users", body, town.admin);
    REQUIRE(r.status == 201);
    const auto login = Call(town.server, "POST", "/api/v1/auth/login", {{"email", "agent2@ville.test"}, {"password", "mot-de-passe-solide"}});
    CHECK(login.body["role"] == "agent");
    CHECK(login.body["tenant"] == "ville");
    const std::string local = town.SignIn("maire@ville.test", Role::Admin, town.server.Get().App().FindTenant("ville")->id);
    body["email"] = "intrus@autre.test";
    body["tenant"] = "autre";
    CHECK(Call(town.server, "POST", "/api/v1/users", body, local).status == 403);
    body["role"] = "pape";
    CHECK(Call(town.server, "POST", "/api/v1/users", body, town.admin).body["error"]["field"] == "role");
}

TEST_CASE("GDPR: a resident downloads everything held about her, then erases it") {
    Town town;
    const auto mine = town.Propose(43.61, 1.43, town.resident);
    const auto other = town.Propose();
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(other) + "/supports", nullptr, town.resident).status == 200);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(other) + "/flags",
                 {{"reason", "Déjà proposé l’an dernier"}}, town.resident).status == 201);
    const auto data = Call(town.server, "GET", "/api/v1/me/export", nullptr, town.resident);
    REQUIRE(data.status == 200);
    CHECK(data.body["account"]["email"] == "habitante@ville.test");
    REQUIRE(data.body["proposals"].size() == 1);
    CHECK(data.body["proposals"][0]["id"] == mine);
    CHECK(data.body["supports"] == json({other}));
    CHECK(data.body["flags"][0]["reason"] == "Déjà proposé l’an dernier");

    CHECK(Call(town.server, "DELETE", "/api/v1/me", nullptr, town.resident).status == 204);
    CHECK(Call(town.server, "GET", "/api/v1/me", nullptr, town.resident).status == 401);
    CHECK(Call(town.server, "POST", "/api/v1/auth/login", {{"email", "habitante@ville.test"}, {"password", "mot-de-passe-solide"}}).status == 401);
    // Her support and report are gone; her proposal stays, no longer linked to anyone.
    const auto p = Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(other), nullptr, town.moderator);
    CHECK(p.body["supports"] == 0);
    CHECK(p.body["flags"] == 0);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(mine)).status == 200);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(town.server.DbPath().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT (SELECT COUNT(*) FROM users WHERE email = 'habitante@ville.test'),"
                           " (SELECT COUNT(*) FROM proposals WHERE author_id IS NOT NULL)", -1, &s, nullptr);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    CHECK(sqlite3_column_int(s, 0) == 0);
    CHECK(sqlite3_column_int(s, 1) == 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

TEST_CASE("GDPR: erasing with ?proposals=delete removes her proposals too") {
    Town town;
    const auto mine = town.Propose(43.61, 1.43, town.resident2);
    CHECK(Call(town.server, "DELETE", "/api/v1/me?proposals=delete", nullptr, town.resident2).status == 204);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(mine)).status == 404);
}

TEST_CASE("a deleted account's id is never given to a new account, which inherits none of its audit lines") {
    Town town;
    json body{{"email", "modo2@ville.test"}, {"password", "mot-de-passe-solide"}, {"role", "moderator"}, {"tenant", "ville"}};
    const auto made = Call(town.server, "POST", "/api/v1/users", body, town.admin);
    REQUIRE(made.status == 201);
    const std::int64_t old_id = made.body["id"];
    const std::string token =
        Call(town.server, "POST", "/api/v1/auth/login", {{"email", "modo2@ville.test"}, {"password", "mot-de-passe-solide"}})
            .body["token"];
    const auto p = town.Propose();
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/moderation/proposals/" + std::to_string(p) + "/reject",
                 {{"reason", "Hors sujet"}}, token).status == 200);
    REQUIRE(Call(town.server, "DELETE", "/api/v1/me", nullptr, token).status == 204);

    // The newest account was deleted: its id, the highest, is the one SQLite would hand out again.
    body["email"] = "nouveau@ville.test";
    const auto again = Call(town.server, "POST", "/api/v1/users", body, town.admin);
    REQUIRE(again.status == 201);
    CHECK(again.body["id"] != old_id);
    const auto resident = Call(town.server, "POST", "/api/v1/auth/register", {{"email", "lea@exemple.fr"}, {"password", "un-mot-de-passe-long"}});
    REQUIRE(resident.status == 201);
    CHECK(Call(town.server, "GET", "/api/v1/me", nullptr, resident.body["token"]).body["id"] != old_id);
    // The rejection stays the deleted moderator's, not the new one's.
    const auto log = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/audit", nullptr, town.admin);
    for (const auto& e : log.body["items"])
        if (e["action"] == "proposal.reject") CHECK(e["actor"] != again.body["id"]);
}

namespace {
Reply Login(Town& town, const std::string& email, const std::string& password = "mot-de-passe-solide") {
    return Call(town.server, "POST", "/api/v1/auth/login", {{"email", email}, {"password", password}});
}
std::int64_t AccountId(Town& town, const std::string& token) {
    return Call(town.server, "GET", "/api/v1/me", nullptr, token).body["id"];
}
} // namespace

TEST_CASE("a commune's admin lists its accounts, without password hashes") {
    Town town;
    const std::string local = town.SignIn("maire@ville.test", Role::Admin, town.server.Get().App().FindTenant("ville")->id);
    CHECK(Call(town.server, "GET", "/api/v1/users", nullptr, town.moderator).status == 403);
    const auto r = Call(town.server, "GET", "/api/v1/users", nullptr, local);
    REQUIRE(r.status == 200);
    std::vector<std::string> emails;
    for (const auto& a : r.body["items"]) {
        emails.push_back(a["email"]);
        CHECK(a["tenant"] == "ville");
        CHECK(a["disabled"] == false);
    }
    std::sort(emails.begin(), emails.end());
    CHECK(emails == std::vector<std::string>{"agent@ville.test", "maire@ville.test", "moderation@ville.test"});
    CHECK(r.text.find("argon2") == std::string::npos);
    CHECK(r.text.find("password") == std::string::npos);
    // The instance's admin sees every account, or one commune's.
    CHECK(Call(town.server, "GET", "/api/v1/users?tenant=autre", nullptr, town.admin).body["items"].size() == 1);
    CHECK(Call(town.server, "GET", "/api/v1/users?tenant=autre", nullptr, local).status == 404);
}

TEST_CASE("a disabled account's token is refused at once; enabled again, it signs in") {
    Town town;
    const std::string local = town.SignIn("maire@ville.test", Role::Admin, town.server.Get().App().FindTenant("ville")->id);
    const std::int64_t id = AccountId(town, town.moderator);
    const std::string path = "/api/v1/users/" + std::to_string(id);
    REQUIRE(Call(town.server, "GET", "/api/v1/tenants/ville/moderation/queue", nullptr, town.moderator).status == 200);

    auto r = Call(town.server, "PATCH", path, {{"disabled", true}}, local);
    REQUIRE(r.status == 200);
    CHECK(r.body["disabled"] == true);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/moderation/queue", nullptr, town.moderator).status == 401);
    r = Login(town, "moderation@ville.test");
    CHECK(r.status == 403);
    CHECK(r.body["error"]["code"] == "account_disabled");
    CHECK(r.body["error"]["messages"]["fr"] == "Ce compte a été désactivé ; adressez-vous à l’administrateur de votre commune.");
    // Another commune's admin cannot reach it; nor can this one reach the other commune's accounts.
    CHECK(Call(town.server, "PATCH", "/api/v1/users/" + std::to_string(AccountId(town, town.other_moderator)),
               {{"disabled", true}}, local).status == 404);
    CHECK(Call(town.server, "PATCH", path, {{"disabled", "oui"}}, local).body["error"]["field"] == "disabled");
    CHECK(Call(town.server, "PATCH", path, {{"password_hash", "x"}}, local).body["error"]["field"] == "password_hash");

    REQUIRE(Call(town.server, "PATCH", path, {{"disabled", false}}, local).status == 200);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/moderation/queue", nullptr, town.moderator).status == 401); // signed out
    r = Login(town, "moderation@ville.test");
    REQUIRE(r.status == 200);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/moderation/queue", nullptr, r.body["token"]).status == 200);
    const auto log = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/audit", nullptr, local);
    int disables = 0, enables = 0;
    for (const auto& e : log.body["items"]) {
        disables += e["action"] == "user.disable";
        enables += e["action"] == "user.enable";
    }
    CHECK(disables == 1);
    CHECK(enables == 1);
}

TEST_CASE("roles change, but the last admin is never demoted nor disabled") {
    Town town;
    const auto ville = town.server.Get().App().FindTenant("ville")->id;
    const std::string local = town.SignIn("maire@ville.test", Role::Admin, ville);
    const std::string self = "/api/v1/users/" + std::to_string(AccountId(town, local));
    auto r = Call(town.server, "PATCH", self, {{"role", "moderator"}}, local);
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "last_admin");
    CHECK(r.body["error"]["field"] == "role");
    CHECK(r.body["error"]["messages"]["en"] == "This is the last active administrator of the commune: make another one first.");
    CHECK(Call(town.server, "PATCH", self, {{"disabled", true}}, local).body["error"]["code"] == "last_admin");
    // The instance's only admin, likewise.
    CHECK(Call(town.server, "PATCH", "/api/v1/users/" + std::to_string(AccountId(town, town.admin)), {{"role", "resident"}},
               town.admin).body["error"]["code"] == "last_admin");
    // A commune's admin cannot touch the instance's admins.
    CHECK(Call(town.server, "PATCH", "/api/v1/users/" + std::to_string(AccountId(town, town.admin)), {{"disabled", true}},
               local).status == 404);

    // Promote the agent; then the first admin may step down.
    const std::string agent = "/api/v1/users/" + std::to_string(AccountId(town, town.agent));
    CHECK(Call(town.server, "PATCH", agent, {{"role", "pape"}}, local).body["error"]["field"] == "role");
    CHECK(Call(town.server, "PATCH", agent, {{"role", "admin"}}, town.moderator).status == 403);
    REQUIRE(Call(town.server, "PATCH", agent, {{"role", "admin"}}, local).body["role"] == "admin");
    r = Call(town.server, "PATCH", self, {{"role", "moderator"}}, local);
    REQUIRE(r.status == 200);
    CHECK(r.body["role"] == "moderator");
    CHECK(Call(town.server, "GET", "/api/v1/users", nullptr, local).status == 403); // no longer an admin, at once
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/moderation/queue", nullptr, local).status == 200);
}

TEST_CASE("a staff password reset token works once, and not after it expires") {
    Town town;
    const std::string local = town.SignIn("maire@ville.test", Role::Admin, town.server.Get().App().FindTenant("ville")->id);
    const std::string issue = "/api/v1/users/" + std::to_string(AccountId(town, town.moderator)) + "/password-reset";
    CHECK(Call(town.server, "POST", issue, json::object(), town.moderator).status == 403);
    auto r = Call(town.server, "POST", issue, json::object(), local);
    REQUIRE(r.status == 201);
    const std::string token = r.body["token"];
    CHECK(token.size() == 32);

    CHECK(Call(town.server, "POST", "/api/v1/auth/password-reset", {{"token", token}, {"password", "court"}}).body["error"]["field"] == "password");
    r = Call(town.server, "POST", "/api/v1/auth/password-reset", {{"token", token}, {"password", "un-nouveau-mot-de-passe"}});
    REQUIRE(r.status == 200);
    CHECK(Login(town, "moderation@ville.test").status == 401);
    CHECK(Login(town, "moderation@ville.test", "un-nouveau-mot-de-passe").status == 200);
    CHECK(Call(town.server, "GET", "/api/v1/me", nullptr, town.moderator).status == 401); // old sessions ended
    // Once only.
    r = Call(town.server, "POST", "/api/v1/auth/password-reset", {{"token", token}, {"password", "encore-un-autre-mot"}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "invalid_reset_token");
    CHECK(r.body["error"]["field"] == "token");
    CHECK(Login(town, "moderation@ville.test", "un-nouveau-mot-de-passe").status == 200);

    // An expired token is refused.
    const std::string second = Call(town.server, "POST", issue, json::object(), local).body["token"];
    town.server.Get().GetStore().Write([](Db& db) { db.Exec("UPDATE password_resets SET expires_at = '2000-01-01T00:00:00Z'"); });
    CHECK(Call(town.server, "POST", "/api/v1/auth/password-reset", {{"token", second}, {"password", "encore-un-autre-mot"}})
              .body["error"]["code"] == "invalid_reset_token");
    CHECK(Login(town, "moderation@ville.test", "un-nouveau-mot-de-passe").status == 200);
}

TEST_CASE("from the machine, a forgotten admin password is reset and the account enabled again") {
    Town town;
    const std::string local = town.SignIn("maire@ville.test", Role::Admin, town.server.Get().App().FindTenant("ville")->id);
    REQUIRE(Call(town.server, "PATCH", "/api/v1/users/" + std::to_string(AccountId(town, town.moderator)), {{"disabled", true}}, local).status == 200);
    Store& store = town.server.Get().GetStore();
    CHECK_FALSE(ResetAccountPassword(store, "personne@ville.test", "un-mot-de-passe-neuf", true));
    REQUIRE(ResetAccountPassword(store, "maire@ville.test", "un-mot-de-passe-neuf", true));
    REQUIRE(ResetAccountPassword(store, "moderation@ville.test", "un-mot-de-passe-neuf", true));
    CHECK(Call(town.server, "GET", "/api/v1/me", nullptr, local).status == 401);
    const auto r = Login(town, "maire@ville.test", "un-mot-de-passe-neuf");
    REQUIRE(r.status == 200);
    CHECK(r.body["role"] == "admin");
    CHECK(r.body["tenant"] == "ville"); // still the commune's admin, not the instance's
    CHECK(Login(town, "moderation@ville.test", "un-mot-de-passe-neuf").status == 200);
}
