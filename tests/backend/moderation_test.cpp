// Moderation: the queue, approve / reject (reason required) / hide / merge, bulk actions,
// and the audit log whose hash chain detects an entry changed behind the server's back.
#include "backend/api_fixture.h"

#include <sqlite3.h>

using namespace quartier;
using namespace quartier::testing;

namespace {
const std::string kMod = "/api/v1/tenants/ville/moderation";
std::string P(std::int64_t id) { return kMod + "/proposals/" + std::to_string(id); }
} // namespace

TEST_CASE("moderators work through the queue; decisions show in the public list") {
    Town town;
    const auto a = town.Propose(), b = town.Propose(), c = town.Propose();
    auto queue = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    REQUIRE(queue.status == 200);
    CHECK(queue.body["total"] == 3);

    CHECK(Call(town.server, "POST", P(a) + "/approve", nullptr, town.moderator).body["status"] == "published");
    const auto no_reason = Call(town.server, "POST", P(b) + "/reject", json::object(), town.moderator);
    CHECK(no_reason.status == 400);
    CHECK(no_reason.body["error"]["field"] == "reason");
    CHECK(Call(town.server, "POST", P(b) + "/reject", {{"reason", "Hors compétence communale"}}, town.moderator).status == 200);
    CHECK(Call(town.server, "POST", P(c) + "/hide", {{"reason", "Données personnelles"}}, town.moderator).status == 200);

    const auto list = Call(town.server, "GET", "/api/v1/tenants/ville/proposals");
    REQUIRE(list.body["total"] == 1);
    CHECK(list.body["items"][0]["id"] == a);
    CHECK(list.body["items"][0]["status"] == "published");
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(b)).status == 404);
    const auto rejected = Call(town.server, "GET", "/api/v1/tenants/ville/proposals?status=rejected", nullptr, town.moderator);
    CHECK(rejected.body["items"][0]["moderation_reason"] == "Hors compétence communale");
    CHECK(Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator).body["total"] == 0);

    // Reported proposals come back to the queue, with the reasons.
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(a) + "/flags",
                 {{"reason", "Doublon du projet de parc"}}, town.resident).status == 201);
    queue = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    REQUIRE(queue.body["total"] == 1);
    CHECK(queue.body["items"][0]["reasons"][0] == "Doublon du projet de parc");
}

TEST_CASE("merging a duplicate hides it and moves its supports to the proposal kept") {
    Town town;
    const auto keep = town.Propose(), dup = town.Propose();
    for (const auto& who : {town.resident, town.resident2})
        REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(dup) + "/supports", nullptr, who).status == 200);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(keep) + "/supports", nullptr, town.resident).status == 200);
    CHECK(Call(town.server, "POST", P(dup) + "/merge", {{"into", dup}}, town.moderator).status == 400);
    CHECK(Call(town.server, "POST", P(dup) + "/merge", {{"into", keep}}, town.moderator).status == 200);
    const auto kept = Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(keep));
    CHECK(kept.body["supports"] == 2); // the resident who supported both counts once
    const auto merged = Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(dup), nullptr, town.moderator);
    CHECK(merged.body["status"] == "hidden");
    CHECK(merged.body["merged_into"] == keep);
}

TEST_CASE("bulk actions apply to many proposals and say which were not found") {
    Town town;
    const auto a = town.Propose(), b = town.Propose();
    const auto r = Call(town.server, "POST", kMod + "/bulk", {{"action", "approve"}, {"ids", {a, b, 999}}}, town.moderator);
    REQUIRE(r.status == 200);
    CHECK(r.body["done"] == json({a, b}));
    CHECK(r.body["not_found"] == json({999}));
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals?status=published").body["total"] == 2);
    CHECK(Call(town.server, "POST", kMod + "/bulk", {{"action", "reject"}, {"ids", {a}}}, town.moderator).body["error"]["field"] == "reason");
    CHECK(Call(town.server, "POST", kMod + "/bulk", {{"action", "approve"}, {"ids", json::array()}}, town.moderator).status == 400);
}

TEST_CASE("the audit log records every action in a hash chain that detects tampering") {
    Town town;
    const auto a = town.Propose();
    REQUIRE(Call(town.server, "POST", P(a) + "/reject", {{"reason", "Propos injurieux"}}, town.moderator).status == 200);
    REQUIRE(Call(town.server, "POST", P(a) + "/approve", nullptr, town.moderator).status == 200);
    const auto log = Call(town.server, "GET", kMod + "/audit", nullptr, town.moderator);
    REQUIRE(log.status == 200);
    const auto& items = log.body["items"];
    REQUIRE(items.size() >= 4); // tenant creation, process creation, phase, reject, approve
    for (size_t i = 1; i < items.size(); ++i) CHECK(items[i]["prev_hash"] == items[i - 1]["hash"]);
    const auto& reject = items[items.size() - 2];
    CHECK(reject["action"] == "proposal.reject");
    CHECK(reject["detail"]["reason"] == "Propos injurieux");
    CHECK(reject["role"] == "moderator");

    auto verify = Call(town.server, "GET", kMod + "/audit/verify", nullptr, town.moderator);
    CHECK(verify.body["ok"] == true);
    CHECK(verify.body["entries"] == items.size());

    // The log is append-only through SQL too...
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(town.server.DbPath().c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE audit_log SET detail = '{}'", nullptr, nullptr, nullptr) != SQLITE_OK);
    // ...and someone who removes the guard and rewrites history is caught.
    REQUIRE(sqlite3_exec(db, "DROP TRIGGER audit_no_update;"
                             "UPDATE audit_log SET detail = '{\"reason\":\"Doublon\"}' WHERE action = 'proposal.reject'",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    verify = Call(town.server, "GET", kMod + "/audit/verify", nullptr, town.moderator);
    CHECK(verify.body["ok"] == false);
    CHECK(verify.body["first_bad"] == reject["id"]);
}
