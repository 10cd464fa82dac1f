// Who may do what: every route called as anonymous, resident, agent, moderator and admin.
// A refused call is 401 without an account and 403 with one; an allowed call is anything
// else (it may still be 400 or 409: the right was granted, the request was then judged).
#include "backend/api_fixture.h"

using namespace quartier;
using namespace quartier::testing;

namespace {

enum Who { Anonymous = 1, Resident = 2, Agent = 4, Moderator = 8, Admin = 16 };
constexpr int Everyone = Anonymous | Resident | Agent | Moderator | Admin;
constexpr int SignedIn = Resident | Agent | Moderator | Admin;

struct Endpoint {
    const char* method;
    std::string path;
    json body;
    int allowed;
};

} // namespace

TEST_CASE("role matrix: anonymous, resident, agent, moderator and admin on every route") {
    Town town;
    const auto id = std::to_string(town.Propose());
    const std::string t = "/api/v1/tenants/ville", bp = t + "/processes/bp";
    const json ballot{{"request_id", "m"}, {"ballot", {{"projects", {"1"}}}}};
    // A published process for the open-data routes.
    REQUIRE(Call(town.server, "POST", t + "/processes", Town::Process("fini"), town.admin).status == 201);
    REQUIRE(Call(town.server, "POST", t + "/processes/fini/phase", {{"phase", "voting"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", t + "/processes/fini/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", t + "/processes/fini/phase", {{"phase", "published"}}, town.admin).status == 200);
    const std::string fini = t + "/processes/fini";

    const std::vector<Endpoint> endpoints = {
        {"GET", "/api/v1/health", nullptr, Everyone},
        {"GET", "/api/v1/tenants", nullptr, Everyone},
        {"GET", t, nullptr, Everyone},
        {"GET", t + "/districts", nullptr, Everyone},
        {"GET", t + "/proposals", nullptr, Everyone},
        {"POST", t + "/proposals", Submission(), Everyone},
        {"GET", t + "/proposals/" + id, nullptr, Everyone},
        {"GET", t + "/proposals.csv", nullptr, Everyone},
        {"GET", t + "/proposals.geojson", nullptr, Everyone},
        {"GET", "/api/v1/proposals", nullptr, Everyone},
        {"POST", "/api/v1/proposals", Submission(), Everyone},
        {"GET", t + "/processes", nullptr, Everyone},
        {"GET", bp, nullptr, Everyone},
        {"POST", bp + "/ballot-tokens", {{"code", "AAAA-BBBB"}}, Everyone},
        {"GET", fini + "/results", nullptr, Everyone},
        {"GET", fini + "/ballots.pb", nullptr, Everyone},
        {"GET", fini + "/receipts", nullptr, Everyone},
        {"GET", fini + "/proposals.csv", nullptr, Everyone},
        {"GET", fini + "/proposals.geojson", nullptr, Everyone},
        {"GET", t + "/audit/head", nullptr, Everyone},
        {"POST", "/api/v1/auth/login", {{"email", "voisin@ville.test"}, {"password", "mot-de-passe-solide"}}, Everyone},
        {"POST", "/api/v1/auth/register", {{"email", "x@y.fr"}, {"password", "court"}}, Everyone},
        {"POST", t + "/proposals/" + id + "/supports", nullptr, SignedIn},
        {"DELETE", t + "/proposals/" + id + "/supports", nullptr, SignedIn},
        {"POST", t + "/proposals/" + id + "/flags", {{"reason", "Hors sujet"}}, SignedIn},
        {"GET", t + "/proposals/" + id + "/comments", nullptr, Everyone},
        // A proposal sent anonymously: its photos are the moderators' only (empty: 400).
        {"POST", t + "/proposals/" + id + "/photos", nullptr, Moderator | Admin},
        {"GET", t + "/comments.csv", nullptr, Everyone},
        {"POST", t + "/proposals/" + id + "/comments", {{"body", "Bonjour à tous"}}, SignedIn},
        {"PATCH", t + "/comments/999999", {{"body", "Corrigé"}}, SignedIn},
        {"DELETE", t + "/comments/999999", nullptr, SignedIn},
        {"POST", t + "/comments/999999/flags", {{"reason", "Hors sujet"}}, SignedIn},
        {"POST", t + "/moderation/comments/999999/approve", nullptr, Moderator | Admin},
        {"POST", t + "/moderation/comments/999999/hide", json::object(), Moderator | Admin},
        {"POST", t + "/moderation/comments/bulk", {{"action", "hide"}, {"ids", {999999}}}, Moderator | Admin},
        {"GET", "/api/v1/me", nullptr, SignedIn},
        {"GET", "/api/v1/me/export", nullptr, SignedIn},
        {"POST", bp + "/paper-ballots", ballot, Agent | Admin},
        {"GET", t + "/moderation/queue", nullptr, Moderator | Admin},
        {"POST", t + "/moderation/proposals/" + id + "/approve", nullptr, Moderator | Admin},
        {"POST", t + "/moderation/proposals/" + id + "/reject", {{"reason", "Hors sujet"}}, Moderator | Admin},
        {"POST", t + "/moderation/proposals/" + id + "/hide", json::object(), Moderator | Admin},
        {"POST", t + "/moderation/proposals/" + id + "/merge", {{"into", 999}}, Moderator | Admin},
        {"POST", t + "/moderation/bulk", {{"action", "approve"}, {"ids", {std::stoll(id)}}}, Moderator | Admin},
        {"GET", t + "/moderation/audit", nullptr, Moderator | Admin},
        {"GET", t + "/moderation/audit/verify", nullptr, Moderator | Admin},
        {"POST", "/api/v1/tenants", {{"slug", "x"}}, Admin},
        {"PATCH", t, {{"name", "Ville"}}, Admin},
        {"POST", t + "/processes", json::object(), Admin},
        {"POST", t + "/processes/import", nullptr, Admin},
        {"PATCH", bp, {{"title", "Budget participatif"}}, Admin},
        {"POST", bp + "/phase", {{"phase", "voting"}}, Admin},
        {"POST", bp + "/voter-codes", {{"count", 1}}, Admin},
        {"GET", bp + "/voter-codes", nullptr, Admin},
        {"POST", bp + "/census", nullptr, Admin},
        {"POST", "/api/v1/users", json::object(), Admin},
        {"POST", t + "/proposals/" + id + "/review", {{"feasible", nullptr}}, Admin},
        {"POST", bp + "/promote", nullptr, Admin},
        {"PATCH", fini + "/projects/1/follow-up", {{"percent", 10}}, Admin},
        {"POST", fini + "/projects/1/updates", {{"date", "2027-01-01"}, {"text", "Travaux"}}, Admin},
        {"GET", "/api/v1/users", nullptr, Admin},
        {"PATCH", "/api/v1/users/999999", {{"disabled", false}}, Admin},
        {"POST", "/api/v1/users/999999/password-reset", nullptr, Admin},
        {"POST", "/api/v1/auth/password-reset", {{"token", "x"}, {"password", "un-mot-de-passe-long"}}, Everyone},
        {"POST", bp + "/census/remove", {{"reference", "A-999"}}, Admin},
        {"POST", t + "/processes/nulle/archive", nullptr, Admin},
        {"POST", t + "/processes/nulle/restore", nullptr, Admin},
        {"DELETE", t + "/processes/nulle", nullptr, Admin},
        {"DELETE", "/api/v1/tenants/default", nullptr, Admin},
        {"POST", "/api/v1/tenants/autre/restore", nullptr, Admin},
        {"POST", "/api/v1/tenants/autre/archive", nullptr, Admin}, // last: "autre" is archived after it
    };
    const std::vector<std::pair<Who, std::string>> roles = {{Anonymous, ""},
                                                            {Resident, town.resident},
                                                            {Agent, town.agent},
                                                            {Moderator, town.moderator},
                                                            {Admin, town.admin}};
    const char* names[] = {"", "anonymous", "resident", "", "agent", "", "", "", "moderator", "", "", "", "", "", "", "", "admin"};
    int checked = 0;
    for (const auto& e : endpoints)
        for (const auto& [who, token] : roles) {
            const auto r = Call(town.server, e.method, e.path, e.body, token);
            INFO(std::string(e.method) << " " << e.path << " as " << std::string(names[who]) << ": " << r.status << " " << r.text.substr(0, 200));
            REQUIRE(r.status != 0);
            if (e.allowed & who) {
                CHECK(r.status != 401);
                CHECK(r.status != 403);
                CHECK(r.status < 500);
            } else {
                CHECK(r.status == (who == Anonymous ? 401 : 403));
                CHECK(r.body["error"]["code"].is_string());
            }
            ++checked;
        }
    CHECK(checked == static_cast<int>(endpoints.size() * 5));

    // The ballot box takes ballot tokens only: no account, whatever its role, casts a ballot.
    for (const auto& [who, token] : roles) {
        const auto r = Call(town.server, "POST", bp + "/ballots", ballot, token);
        INFO("ballot as " << std::string(names[who]));
        CHECK(r.status == 401);
    }
}
