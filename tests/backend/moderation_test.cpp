// Moderation: the queue, approve / reject (reason required) / hide / merge, bulk actions,
// and the audit log whose keyed hash chain detects an entry changed behind the server's back
// (by whoever holds the database; by whoever holds the key too, against a published head).
#include "backend/api_fixture.h"

#include "backend/crypto.h"

#include <sqlite3.h>

#include <fstream>
#include <map>
#include <tuple>
#include <vector>

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

namespace {
// What someone with write access to the database file does to hide a rejection: removes the
// append-only guards, edits the entry, deletes the last one, and recomputes every hash from
// the edited entry on with hash(prev, entry) (SHA-256 without the key, or with the key).
template <class Hash> void RewriteAuditLog(const std::string& db_path, Hash hash) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
                             "UPDATE audit_log SET detail = '{\"reason\":\"Doublon\"}' WHERE action = 'proposal.reject';"
                             "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT id, tenant_id, at, actor_id, actor_role, action, target, detail FROM audit_log ORDER BY id",
                       -1, &s, nullptr);
    std::map<std::int64_t, std::string> prev; // per tenant
    std::vector<std::tuple<std::int64_t, std::string, std::string>> rows;
    while (sqlite3_step(s) == SQLITE_ROW) {
        auto text = [&](int c) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, c))); };
        const std::int64_t tenant = sqlite3_column_int64(s, 1);
        const json entry{{"tenant", tenant},
                         {"at", text(2)},
                         {"actor", sqlite3_column_type(s, 3) == SQLITE_NULL ? "" : std::to_string(sqlite3_column_int64(s, 3))},
                         {"role", text(4)},
                         {"action", text(5)},
                         {"target", text(6)},
                         {"detail", text(7)}};
        const std::string p = prev.count(tenant) ? prev[tenant] : std::string(64, '0');
        prev[tenant] = hash(p + "\n" + entry.dump());
        rows.emplace_back(sqlite3_column_int64(s, 0), p, prev[tenant]);
    }
    sqlite3_finalize(s);
    for (const auto& [id, p, h] : rows) {
        const std::string sql = "UPDATE audit_log SET prev_hash = '" + p + "', hash = '" + h + "' WHERE id = " + std::to_string(id);
        REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    sqlite3_close(db);
}

void RejectAndApprove(Town& town) {
    const auto a = town.Propose();
    REQUIRE(Call(town.server, "POST", P(a) + "/reject", {{"reason", "Propos injurieux"}}, town.moderator).status == 200);
    REQUIRE(Call(town.server, "POST", P(a) + "/approve", nullptr, town.moderator).status == 200);
}
} // namespace

TEST_CASE("a log edited and re-chained by someone holding only the database fails verification") {
    Town town;
    RejectAndApprove(town);
    REQUIRE(Call(town.server, "GET", kMod + "/audit/verify", nullptr, town.moderator).body["ok"] == true);
    RewriteAuditLog(town.server.DbPath(), [](const std::string& m) { return Sha256Hex(m); });
    const auto verify = Call(town.server, "GET", kMod + "/audit/verify", nullptr, town.moderator);
    CHECK(verify.body["ok"] == false);
    CHECK(verify.body["first_bad"].is_number());
}

TEST_CASE("a rewrite by someone holding the key too is caught against the published head") {
    Town town;
    RejectAndApprove(town);
    // Anyone may note the head (a newspaper, an observer, the results page's reader).
    const auto head = Call(town.server, "GET", "/api/v1/tenants/ville/audit/head");
    REQUIRE(head.status == 200);
    CHECK(head.body["hash"].get<std::string>().size() == 64);
    CHECK(head.body["entries"].get<int>() >= 4);
    const std::string noted = head.body["hash"];
    CHECK(Call(town.server, "GET", kMod + "/audit/verify?head=" + noted, nullptr, town.moderator).body["ok"] == true);

    std::ifstream in(town.server.DbPath() + ".key");
    std::string hex, key;
    in >> hex;
    REQUIRE(FromHex(hex, key));
    RewriteAuditLog(town.server.DbPath(), [&](const std::string& m) { return ToHex(HmacSha256(key, "audit\n" + m)); });
    // With the key the chain re-verifies on its own...
    CHECK(Call(town.server, "GET", kMod + "/audit/verify", nullptr, town.moderator).body["ok"] == true);
    // ...but the head noted before is no longer in it.
    const auto verify = Call(town.server, "GET", kMod + "/audit/verify?head=" + noted, nullptr, town.moderator);
    CHECK(verify.body["ok"] == false);
    CHECK(verify.body["head_found"] == false);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/audit/head").body["hash"] != noted);
}

namespace {
json QueueItem(const Reply& queue, std::int64_t id) {
    for (const auto& it : queue.body["items"])
        if (it["id"] == id) return it;
    FAIL("proposal " << id << " is not in the queue");
    return nullptr;
}
std::int64_t ProposeTitled(Town& town, const std::string& title, double lat, double lon, const std::string& token = "") {
    json body = Submission(lat, lon);
    body["title"] = title;
    const auto r = Call(town.server, "POST", "/api/v1/tenants/ville/proposals", body, token);
    REQUIRE(r.status == 201);
    return r.body["id"];
}
} // namespace

TEST_CASE("moderators see the place and a pseudonymous author with the author's other proposals; residents do not") {
    Town town;
    const auto a = town.Propose(43.61, 1.43, town.resident);
    const auto b = town.Propose(43.605, 1.42, town.resident);
    const auto c = town.Propose(43.59, 1.44, town.resident2);
    const auto anonymous = town.Propose(43.59, 1.45);
    REQUIRE(Call(town.server, "POST", P(b) + "/approve", nullptr, town.moderator).status == 200);
    REQUIRE(Call(town.server, "POST", P(b) + "/hide", {{"reason", "Données personnelles"}}, town.moderator).status == 200);

    const auto queue = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    REQUIRE(queue.status == 200);
    const auto ia = QueueItem(queue, a), ic = QueueItem(queue, c);
    CHECK(ia["latitude"] == doctest::Approx(43.61));
    CHECK(ia["longitude"] == doctest::Approx(1.43));
    CHECK(ia["district"] == "Nord");
    REQUIRE(ia["author"].is_string());
    const std::string key = ia["author"];
    CHECK(key.size() == 32);
    CHECK(key.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(ic["author"] != key);
    CHECK(QueueItem(queue, anonymous)["author"].is_null());
    // The author's proposals in this tenant, every status, newest first.
    const auto& mine = queue.body["authors"][key];
    REQUIRE(mine.size() == 2);
    CHECK(mine[0]["id"] == b);
    CHECK(mine[0]["status"] == "hidden");
    CHECK(mine[1]["id"] == a);
    // Nothing in the answer names the account.
    const auto me = Call(town.server, "GET", "/api/v1/me", nullptr, town.resident);
    CHECK(queue.text.find("habitante@ville.test") == std::string::npos);
    CHECK(queue.text.find("\"author_id\"") == std::string::npos);
    CHECK(key != std::to_string(me.body["id"].get<std::int64_t>()));
    CHECK(queue.body["counts"]["submitted"] == 3);
    CHECK(queue.body["counts"]["hidden"] == 1);

    // Residents and anonymous callers get neither the queue nor the authors.
    CHECK(Call(town.server, "GET", kMod + "/queue", nullptr, town.resident).status == 403);
    CHECK(Call(town.server, "GET", kMod + "/queue").status == 401);
    REQUIRE(Call(town.server, "POST", P(a) + "/approve", nullptr, town.moderator).status == 200);
    const auto pub = Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(a), nullptr, town.resident);
    REQUIRE(pub.status == 200);
    CHECK_FALSE(pub.body.contains("author"));
    CHECK_FALSE(pub.body.contains("author_id"));
    const auto list = Call(town.server, "GET", "/api/v1/tenants/ville/proposals", nullptr, town.resident);
    CHECK(list.text.find(key) == std::string::npos);
    CHECK(list.text.find("author") == std::string::npos);

    // Another commune's moderators see the same person under another pseudonym.
    json elsewhere = Submission(43.61, 1.43);
    const auto other = Call(town.server, "POST", "/api/v1/tenants/autre/proposals", elsewhere, town.resident);
    REQUIRE(other.status == 201);
    const auto other_queue = Call(town.server, "GET", "/api/v1/tenants/autre/moderation/queue", nullptr, town.other_moderator);
    REQUIRE(other_queue.status == 200);
    const auto io = QueueItem(other_queue, other.body["id"]);
    CHECK(io["author"].is_string());
    CHECK(io["author"] != key);
    CHECK(other_queue.text.find(key) == std::string::npos);
}

TEST_CASE("after an author erases the account, the pseudonym and the list of their proposals are gone") {
    Town town;
    const std::string gone = town.SignIn("ephemere@ville.test", Role::Resident, std::nullopt);
    const auto gone_id = Call(town.server, "GET", "/api/v1/me", nullptr, gone).body["id"];
    const auto x = town.Propose(43.61, 1.43, gone), y = town.Propose(43.59, 1.43, gone);
    auto queue = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    const std::string key = QueueItem(queue, x)["author"];
    CHECK(QueueItem(queue, y)["author"] == key);
    CHECK(queue.body["authors"][key].size() == 2);

    REQUIRE(Call(town.server, "DELETE", "/api/v1/me", nullptr, gone).status == 204);
    queue = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    // The proposals stay for the commune (the author chose to keep them), anonymous now.
    CHECK(QueueItem(queue, x)["author"].is_null());
    CHECK(QueueItem(queue, y)["author"].is_null());
    CHECK(queue.text.find(key) == std::string::npos);
    CHECK(queue.body["authors"].empty());

    // A new account never gets the erased account's number, nor its pseudonym.
    const std::string fresh = town.SignIn("nouvelle@ville.test", Role::Resident, std::nullopt);
    const auto fresh_id = Call(town.server, "GET", "/api/v1/me", nullptr, fresh).body["id"];
    CHECK(fresh_id != gone_id);
    const auto z = town.Propose(43.60, 1.43, fresh);
    queue = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    REQUIRE(QueueItem(queue, z)["author"].is_string());
    CHECK(QueueItem(queue, z)["author"] != key);
    CHECK(queue.body["authors"][QueueItem(queue, z)["author"].get<std::string>()].size() == 1);

    // Erasing with ?proposals=delete takes the proposals out of the queue as well.
    const auto w = town.Propose(43.60, 1.44, fresh);
    REQUIRE(Call(town.server, "DELETE", "/api/v1/me?proposals=delete", nullptr, fresh).status == 204);
    queue = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    for (const auto& it : queue.body["items"]) CHECK((it["id"] != z && it["id"] != w));
}

TEST_CASE("duplicates are suggested by similar titles at nearby places; merging says which one it joined") {
    Town town;
    const auto keep = ProposeTitled(town, "Jardin partagé rue des Lilas", 43.6100, 1.4300);
    const auto near_same = ProposeTitled(town, "Un jardin partage, rue des lilas", 43.6110, 1.4310);   // ~135 m
    const auto far_same = ProposeTitled(town, "Jardin partagé rue des Lilas", 43.5900, 1.4500);        // ~2.7 km
    const auto near_other = ProposeTitled(town, "Piste cyclable avenue Foch", 43.6101, 1.4301);        // ~14 m
    REQUIRE(Call(town.server, "POST", P(keep) + "/approve", nullptr, town.moderator).status == 200);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(near_same) + "/supports",
                 nullptr, town.resident2).status == 200);

    const auto queue = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    const auto dups = QueueItem(queue, near_same)["duplicates"];
    REQUIRE(dups.size() == 1); // the published one, though it is not in the queue
    CHECK(dups[0]["id"] == keep);
    CHECK(dups[0]["status"] == "published");
    CHECK(dups[0]["distance_m"].get<int>() > 100);
    CHECK(dups[0]["distance_m"].get<int>() < 170);
    CHECK(QueueItem(queue, far_same)["duplicates"].empty());
    CHECK(QueueItem(queue, near_other)["duplicates"].empty());

    REQUIRE(Call(town.server, "POST", P(near_same) + "/merge", {{"into", keep}}, town.moderator).status == 200);
    const auto merged = Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(near_same), nullptr, town.moderator);
    CHECK(merged.body["status"] == "hidden");
    CHECK(merged.body["moderation_reason"] == "doublon de #" + std::to_string(keep));
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(keep)).body["supports"] == 1);
    const auto log = Call(town.server, "GET", kMod + "/audit", nullptr, town.moderator).body["items"];
    const auto& last = log[log.size() - 1];
    CHECK(last["action"] == "proposal.merge");
    CHECK(last["target"] == std::to_string(near_same));
    CHECK(last["detail"]["into"] == keep);
    CHECK(last["detail"]["reason"] == "doublon de #" + std::to_string(keep));
    CHECK(last["detail"]["supports_moved"] == 1);
    CHECK(Call(town.server, "GET", kMod + "/audit/verify", nullptr, town.moderator).body["ok"] == true);
    // Hidden and rejected proposals suggest nothing any more.
    const auto after = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    for (const auto& it : after.body["items"])
        for (const auto& d : it["duplicates"]) CHECK(d["id"] != near_same);
}

TEST_CASE("the queue lists one status on demand, with counts per status and the reported count") {
    Town town;
    const auto a = town.Propose(), b = town.Propose(43.59, 1.43);
    REQUIRE(Call(town.server, "POST", P(a) + "/hide", nullptr, town.moderator).status == 200);
    auto hidden = Call(town.server, "GET", kMod + "/queue?status=hidden", nullptr, town.moderator);
    REQUIRE(hidden.status == 200);
    REQUIRE(hidden.body["items"].size() == 1);
    CHECK(hidden.body["items"][0]["id"] == a);
    CHECK(hidden.body["counts"]["hidden"] == 1);
    CHECK(hidden.body["counts"]["submitted"] == 1);
    REQUIRE(Call(town.server, "POST", P(b) + "/approve", nullptr, town.moderator).status == 200);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(b) + "/flags",
                 {{"reason", "Propos injurieux"}}, town.resident).status == 201);
    const auto queue = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    CHECK(queue.body["flagged"] == 1);
    CHECK(queue.body["counts"]["published"] == 1);
    const auto bad = Call(town.server, "GET", kMod + "/queue?status=lost", nullptr, town.moderator);
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "status");
}

TEST_CASE("pre-moderation: a new proposal stays invisible to the public, seen by its author, until approved") {
    Town town;
    const std::string base = "/api/v1/tenants/ville";
    const auto before = town.Propose(); // sent before the setting: public as it was
    CHECK(Call(town.server, "PATCH", base, {{"premoderation", "oui"}}, town.admin).body["error"]["field"] == "premoderation");
    CHECK(Call(town.server, "PATCH", base, {{"premoderation", true}}, town.moderator).status == 403);
    REQUIRE(Call(town.server, "PATCH", base, {{"premoderation", true}}, town.admin).body["premoderation"] == true);
    CHECK(Call(town.server, "GET", base).body["premoderation"] == true);

    json spam = Submission();
    spam["title"] = "Achetez des montres pas chères";
    auto r = Call(town.server, "POST", base + "/proposals", spam, town.resident);
    REQUIRE(r.status == 201);
    CHECK(r.body["status"] == "pending");
    CHECK(r.body["status_label"]["fr"] == "en attente de modération");
    const std::int64_t id = r.body["id"];
    const std::string path = base + "/proposals/" + std::to_string(id);

    // The public: not in lists, map, exports, counts or pages, nor reachable by id.
    r = Call(town.server, "GET", base + "/proposals");
    CHECK(r.body["total"] == 1);
    CHECK(r.body["items"][0]["id"] == before);
    CHECK(Call(town.server, "GET", base + "/proposals?status=pending").status == 403);
    CHECK(Call(town.server, "GET", base + "/proposals.geojson").body["features"].size() == 1);
    CHECK(Call(town.server, "GET", base + "/proposals.csv").text.find("montres") == std::string::npos);
    CHECK(Call(town.server, "GET", "/simple/ville/propositions").text.find("montres") == std::string::npos);
    CHECK(Call(town.server, "GET", "/simple/ville").text.find("1 proposition publiée") != std::string::npos);
    CHECK(Call(town.server, "GET", path).status == 404);
    CHECK(Call(town.server, "GET", path, nullptr, town.resident2).status == 404);
    CHECK(Call(town.server, "GET", "/simple/ville/propositions/" + std::to_string(id)).status == 404);
    CHECK(Call(town.server, "POST", path + "/supports", json::object(), town.resident2).status == 404);
    // Its author sees it, waiting.
    r = Call(town.server, "GET", path, nullptr, town.resident);
    REQUIRE(r.status == 200);
    CHECK(r.body["status"] == "pending");
    CHECK(r.body["status_label"]["en"] == "awaiting moderation");

    // Moderators find it in the queue, counted.
    r = Call(town.server, "GET", kMod + "/queue", nullptr, town.moderator);
    bool queued = false;
    for (const auto& p : r.body["items"]) queued |= p["id"] == id;
    CHECK(queued);
    CHECK(r.body["counts"]["pending"] == 1);

    REQUIRE(Call(town.server, "POST", P(id) + "/approve", json::object(), town.moderator).status == 200);
    r = Call(town.server, "GET", base + "/proposals");
    CHECK(r.body["total"] == 2);
    CHECK(Call(town.server, "GET", path).body["status"] == "published");
    CHECK(Call(town.server, "GET", "/simple/ville/propositions").text.find("montres") != std::string::npos);
}
